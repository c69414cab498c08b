package org.certaudit.audit;

import java.time.LocalDate;

/**
 * A surveillance audit was decided SUSPEND: the certificate is suspended from the decision date
 * until {@code suspendedUntil} at the latest, or until restored.
 */
public record CertificateSuspended(
        AuditId auditId,
        Decision decision,
        String certificateNumber,
        LocalDate suspendedUntil) implements AuditEvent {
}
