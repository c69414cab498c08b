package org.certaudit.audit;

/** A member left the audit team; their earlier actions stay in the stream. */
public record TeamMemberRemoved(AuditId auditId, String memberCode, String reason) implements AuditEvent {
}
