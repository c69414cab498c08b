package org.certaudit.audit;

import org.certaudit.scheme.Percent;

/** An item's score changed from {@code previousPercent} to {@code percent}, for the stated reason. */
public record ItemScoreRevised(
        AuditId auditId,
        String clause,
        Percent previousPercent,
        Percent percent,
        String note,
        String reason) implements AuditEvent {
}
