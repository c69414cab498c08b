package org.certaudit.query.audits;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.HalfDay;
import org.certaudit.audit.OnSitePeriod;
import org.certaudit.audit.Organization;
import org.certaudit.audit.TeamMember;
import org.certaudit.scheme.Grade;

/**
 * One audit as it stands: the report's header and basic information, the current team, the members removed from it
 * ({@code formerMembers}, oldest first: everyone who took part stays on the record), who signed
 * the pledge and on which day (as corrected), the status, the standing recommendation, the findings (strengths and
 * improvement directions), who cancelled it, when and why (once cancelled), every rescheduling of its on-site period
 * (the period above is the one in force) and the version (the project-stream sequence number of the audit's latest
 * event).
 *
 * <p>{@code pledgeTimingWarnings} says where the team did not pledge before it worked ({@link PledgeTimingWarning}, as
 * of {@code version}; empty when it did). The read model does not keep them: {@link GetAudit} answers with null there,
 * and {@code GET /api/audits/{id}} and the console's audit page fold them from the stored events
 * ({@link FindPledgeTimingWarnings}) and fill them in with {@link #withPledgeTimingWarnings}.
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
        HalfDay onSiteFromHalfDay,
        HalfDay onSiteToHalfDay,
        List<TeamMember> team,
        List<FormerMember> formerMembers,
        List<PledgeSignature> pledges,
        List<PledgeTimingWarning> pledgeTimingWarnings,
        AuditStatus status,
        Recommendation recommendation,
        List<String> strengths,
        List<String> improvements,
        String reopenReason,
        Cancellation cancellation,
        List<Rescheduling> reschedulings,
        Instant openedAt,
        Instant updatedAt,
        long version) {

    /** This detail with the pledge-timing warnings as of its {@code version}. */
    public AuditDetail withPledgeTimingWarnings(List<PledgeTimingWarning> warnings) {
        return new AuditDetail(id, projectNumber, type, predecessor, schemeId, schemeVersion, organization, otherSites,
                scope, criteria, onSiteFrom, onSiteTo, onSiteDays, onSiteFromHalfDay, onSiteToHalfDay, team,
                formerMembers, pledges, List.copyOf(warnings), status, recommendation, strengths, improvements,
                reopenReason, cancellation, reschedulings, openedAt, updatedAt, version);
    }

    /** The audit type's Chinese name, next to its code (初次认证, 保持认证, 再认证). */
    @JsonProperty("typeLabel")
    public String typeLabel() {
        return type == null ? null : type.chineseName();
    }

    @JsonProperty("statusLabel")
    public String statusLabel() {
        return status == null ? null : status.chineseName();
    }

    /** The team's roles in Chinese (组长, 组员, 技术专家), by member code. */
    @JsonProperty("teamRoleLabels")
    public java.util.Map<String, String> teamRoleLabels() {
        java.util.Map<String, String> labels = new java.util.LinkedHashMap<>();
        team.forEach(member -> labels.put(member.code(), member.role().chineseName()));
        return labels;
    }

    /**
     * A member removed from the team: as they were on it, when the removal was recorded, the user who removed them and
     * the name that user was recorded with ({@code removedByName}; null for a removal recorded before names were kept),
     * and the reason. A code may be given to someone else later, who is then on the team under it.
     */
    public record FormerMember(TeamMember member, Instant removedAt, String removedBy, String removedByName,
                               String reason) {

        /** The member's role in Chinese (组长, 组员, 技术专家). */
        @JsonProperty("roleLabel")
        public String roleLabel() {
            return member.role() == null ? null : member.role().chineseName();
        }
    }

    /**
     * A team member's signature under the impartiality and confidentiality pledge: the day it counts as signed on (a
     * corrected day once corrected), who recorded the signing and when, and when its day was last corrected (null if
     * never; the trail keeps every earlier day and the reasons). A member removed from the team leaves their signature
     * listed with when they were removed ({@code memberRemovedAt}): it no longer counts for the team, and a member given
     * the same code later signs their own.
     */
    public record PledgeSignature(String memberCode, String memberName, LocalDate signedOn, String user, Instant recordedAt,
                                  Instant correctedAt, Instant memberRemovedAt) {

        /** Whether it counts for the team as it stands: its member was not removed since. */
        public boolean standing() {
            return memberRemovedAt == null;
        }
    }

    /**
     * The audit's cancellation: the user who cancelled it, the reason, when it was recorded, and the name that user was
     * recorded with ({@code cancelledByName}; null for a cancellation recorded before names were kept).
     */
    public record Cancellation(String cancelledBy, String reason, Instant cancelledAt, String cancelledByName) {
    }

    /**
     * A rescheduling of the on-site period, oldest first: the period it replaced and the one it set, the user who
     * rescheduled it, the reason, when it was recorded, and the name that user was recorded with
     * ({@code rescheduledByName}; null for a rescheduling recorded without one).
     */
    public record Rescheduling(OnSitePeriod previous, OnSitePeriod period, String rescheduledBy, String reason,
                               Instant rescheduledAt, String rescheduledByName) {
    }

    /** The leader's grade recommendation while it stands. */
    public record Recommendation(BigDecimal total, Grade grade, LocalDate reportDate, String user, Instant recordedAt) {

        @JsonProperty("gradeLabel")
        public String gradeLabel() {
            return grade == null ? null : grade.chineseName();
        }
    }
}
