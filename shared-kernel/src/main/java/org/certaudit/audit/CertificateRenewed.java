package org.certaudit.audit;

/**
 * A re-certification was decided GRANT: the certificate keeps its number and gets a new validity,
 * continuing from the old last valid day when decided before it, else from the decision date.
 */
public record CertificateRenewed(
        AuditId auditId,
        Decision decision,
        Certificate certificate) implements AuditEvent {
}
