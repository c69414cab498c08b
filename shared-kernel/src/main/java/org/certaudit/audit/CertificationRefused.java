package org.certaudit.audit;

/**
 * An initial or re-certification audit was decided REFUSE; a certificate still valid runs on
 * until it expires.
 */
public record CertificationRefused(
        AuditId auditId,
        Decision decision) implements AuditEvent {
}
