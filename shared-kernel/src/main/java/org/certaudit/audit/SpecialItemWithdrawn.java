package org.certaudit.audit;

/** A special item no longer counts. */
public record SpecialItemWithdrawn(AuditId auditId, String specialItemId, String reason) implements AuditEvent {
}
