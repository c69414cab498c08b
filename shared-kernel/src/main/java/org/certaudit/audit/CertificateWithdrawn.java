package org.certaudit.audit;

/**
 * A surveillance audit was decided WITHDRAW: the certificate is withdrawn for good from the
 * decision date.
 */
public record CertificateWithdrawn(
        AuditId auditId,
        Decision decision,
        String certificateNumber) implements AuditEvent {
}
