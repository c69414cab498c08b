package org.certaudit.query.audits;

import org.certaudit.audit.AuditId;

/**
 * Whether an audit's team pledged before it worked, as the audit's events up to {@code version} (a project-stream
 * sequence number, usually the version its detail shows) say: answered as a list of {@link PledgeTimingWarning},
 * empty when the team pledged in time or the audit was not opened by then.
 */
public record FindPledgeTimingWarnings(AuditId auditId, long version) {
}
