package org.certaudit.query.history;

import org.certaudit.audit.AuditId;

/** Every change to one item of an audit, oldest first; {@code clause} is the item's clause, not its code. */
public record GetItemHistory(AuditId auditId, String clause) {
}
