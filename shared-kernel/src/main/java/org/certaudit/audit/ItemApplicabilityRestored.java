package org.certaudit.audit;

/** A not-applicable item counts again; it has no score until it is scored anew. */
public record ItemApplicabilityRestored(AuditId auditId, String clause, String reason) implements AuditEvent {
}
