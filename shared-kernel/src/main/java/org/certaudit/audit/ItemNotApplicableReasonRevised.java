package org.certaudit.audit;

/**
 * A team member revised why an item is not applicable (不涉及): from now on {@code reason} is the reason given, instead
 * of {@code previousReason}, which the earlier {@link ItemMarkedNotApplicable} (or the last revision) recorded and
 * which stays in the stream. The item stays not applicable, so no score or total changes; the event carries both
 * reasons, as {@link ItemScoreRevised} carries both scores, so that it reads alone.
 */
public record ItemNotApplicableReasonRevised(
        AuditId auditId,
        String clause,
        String previousReason,
        String reason) implements AuditEvent {
}
