package org.certaudit.audit;

/**
 * An initial audit was decided GRANT: a new certificate is issued on the decision date.
 */
public record CertificateGranted(
        AuditId auditId,
        Decision decision,
        Certificate certificate) implements AuditEvent {
}
