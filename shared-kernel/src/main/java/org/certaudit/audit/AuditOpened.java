package org.certaudit.audit;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * An audit of a project was opened. {@code predecessor} is the project's previous audit, absent
 * for the first one; {@code schemeVersion} pins the catalogue the audit is scored against.
 * {@code onSiteFromHalfDay} and {@code onSiteToHalfDay} say in which half of its first and last day the on-site
 * period starts and ends; absent (null) when not given, and in every event recorded before they existed.
 */
public record AuditOpened(
        AuditId auditId,
        ProjectNumber projectNumber,
        AuditType type,
        AuditId predecessor,
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
        HalfDay onSiteToHalfDay) implements AuditEvent {

    /** An audit whose on-site period is given in whole days. */
    public AuditOpened(AuditId auditId, ProjectNumber projectNumber, AuditType type, AuditId predecessor, String schemeId,
                       String schemeVersion, Organization organization, String otherSites, String scope,
                       List<String> criteria, LocalDate onSiteFrom, LocalDate onSiteTo, BigDecimal onSiteDays) {
        this(auditId, projectNumber, type, predecessor, schemeId, schemeVersion, organization, otherSites, scope, criteria,
                onSiteFrom, onSiteTo, onSiteDays, null, null);
    }
}
