package org.certaudit.audit;

import org.certaudit.scheme.Percent;

/**
 * An item was marked not applicable (不涉及): it leaves both the earned sum and the applicable
 * maximum. {@code previousPercent} is the score it had before, absent if it had none.
 */
public record ItemMarkedNotApplicable(AuditId auditId, String clause, Percent previousPercent, String reason)
        implements AuditEvent {
}
