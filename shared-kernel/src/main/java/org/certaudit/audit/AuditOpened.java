package org.certaudit.audit;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * An audit of a project was opened. {@code predecessor} is the project's previous audit, absent
 * for the first one; {@code schemeVersion} pins the catalogue the audit is scored against.
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
        BigDecimal onSiteDays) implements AuditEvent {
}
