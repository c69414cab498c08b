package org.certaudit.query.audits;

import java.time.LocalDate;
import org.certaudit.audit.AuditType;

/** One line of the audit list. */
public record AuditSummary(
        String id,
        String projectNumber,
        AuditType type,
        AuditStatus status,
        String organization,
        LocalDate onSiteFrom,
        LocalDate onSiteTo,
        long version) {
}
