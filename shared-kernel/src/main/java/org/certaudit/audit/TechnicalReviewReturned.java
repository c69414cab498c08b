package org.certaudit.audit;

import java.time.LocalDate;
import java.util.List;

/**
 * The technical reviewer returned the audit to its team with findings: the recommendation no
 * longer stands, the audit is open again, and the leader recommends again after the changes.
 */
public record TechnicalReviewReturned(
        AuditId auditId,
        String reviewer,
        LocalDate reviewedOn,
        List<String> findings) implements AuditEvent {
}
