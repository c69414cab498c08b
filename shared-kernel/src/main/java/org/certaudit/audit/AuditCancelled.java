package org.certaudit.audit;

/**
 * An ADMIN cancelled an audit that was not yet decided, with the reason (an audit opened in error, on dates it could
 * never be held on, or no longer wanted by the client): it takes no change from now on, its scores and
 * recommendation never lead to a decision, and the project may open its next audit, whose predecessor is the
 * project's latest audit that was not cancelled. {@code cancelledBy} is the user name of the person who cancelled it;
 * when is the event's timestamp. The audit's events stay in the stream (ISO/IEC 17065 7.12: records are kept).
 */
public record AuditCancelled(
        AuditId auditId,
        String cancelledBy,
        String reason) implements AuditEvent {
}
