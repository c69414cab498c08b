package org.certaudit.query.audits;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.Organization;
import org.certaudit.audit.TeamMember;
import org.certaudit.scheme.Grade;

/**
 * One audit as it stands: the report's header and basic information, the current team, who signed
 * the pledge and when, the status, the standing recommendation, the findings (strengths and
 * improvement directions) and the version (the project-stream sequence number of the audit's
 * latest event).
 */
public record AuditDetail(
        String id,
        String projectNumber,
        AuditType type,
        String predecessor,
        String schemeId,
        String schemeVersion,
        Organization organization,
        String otherSites,
        String scope,
        List<String> criteria,
        LocalDate onSiteFrom,
        LocalDate onSiteTo,
        BigDecimal onSiteDays,
        List<TeamMember> team,
        List<PledgeSignature> pledges,
        AuditStatus status,
        Recommendation recommendation,
        List<String> strengths,
        List<String> improvements,
        String reopenReason,
        Instant openedAt,
        Instant updatedAt,
        long version) {

    /** A team member's signature under the impartiality and confidentiality pledge. */
    public record PledgeSignature(String memberCode, String memberName, LocalDate signedOn, String user, Instant recordedAt) {
    }

    /** The leader's grade recommendation while it stands. */
    public record Recommendation(BigDecimal total, Grade grade, LocalDate reportDate, String user, Instant recordedAt) {
    }
}
