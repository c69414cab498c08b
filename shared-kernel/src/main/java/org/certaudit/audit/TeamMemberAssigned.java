package org.certaudit.audit;

/** A member joined the audit team. */
public record TeamMemberAssigned(AuditId auditId, TeamMember member) implements AuditEvent {
}
