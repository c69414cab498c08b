package org.certaudit.audit;

import org.certaudit.scheme.Percent;

/** An item without a score got its first percent score (分项得分%), with the auditor's evidence note. */
public record ItemScored(AuditId auditId, String clause, Percent percent, String note) implements AuditEvent {
}
