package org.certaudit.audit;

import java.time.LocalDate;

/**
 * A surveillance audit was decided SUSPEND: the certificate is suspended from the decision date
 * until {@code suspendedUntil} at the latest, or until restored. The surveillance took place, so the next one is due
 * by {@code surveillanceDue}, as a maintenance sets it; null in events stored before session 23 (added at the end as
 * nullable, the one change {@link AuditEvent} allows without an upcaster), where the earlier due date stood. Because
 * null says that, a suspension records the day also when it falls in the validity period's last year, where a
 * maintenance records none: readers take it as the re-certification by {@link org.certaudit.certificate.NextActivity}'s
 * rule.
 */
public record CertificateSuspended(
        AuditId auditId,
        Decision decision,
        String certificateNumber,
        LocalDate suspendedUntil,
        LocalDate surveillanceDue) implements AuditEvent {
}
