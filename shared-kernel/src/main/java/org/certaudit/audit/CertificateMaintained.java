package org.certaudit.audit;

import java.time.LocalDate;

/**
 * A surveillance audit was decided MAINTAIN: the certificate continues (a suspension ends) with
 * the decided grade and the next surveillance due date; {@code surveillanceDue} is null when the re-certification comes
 * next instead, the next surveillance falling due in the validity period's last year
 * ({@link org.certaudit.certificate.NextActivity}, ISO/IEC 17021-1 9.1.3). Events recorded before that rule carry the
 * day in that case too, and readers take it by the same rule.
 */
public record CertificateMaintained(
        AuditId auditId,
        Decision decision,
        String certificateNumber,
        LocalDate surveillanceDue) implements AuditEvent {
}
