package org.certaudit.audit;

/** The leader reopened a finished audit for changes; its recommendation no longer stands. */
public record AuditReopened(AuditId auditId, String reason) implements AuditEvent {
}
