package org.certaudit.audit;

import java.time.LocalDate;

/**
 * A surveillance audit was decided MAINTAIN: the certificate continues (a suspension ends) with
 * the decided grade and the next surveillance due date.
 */
public record CertificateMaintained(
        AuditId auditId,
        Decision decision,
        String certificateNumber,
        LocalDate surveillanceDue) implements AuditEvent {
}
