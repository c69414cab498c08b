package org.certaudit.audit;

/**
 * A special item (特别项) was recorded: a deduction with the finding and the clause it breaks, or
 * a bonus ({@code clause} may be absent for a bonus).
 */
public record SpecialItemRecorded(
        AuditId auditId,
        String specialItemId,
        SpecialItemKind kind,
        String finding,
        String clause,
        String reason) implements AuditEvent {
}
