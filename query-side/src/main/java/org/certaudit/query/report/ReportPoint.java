package org.certaudit.query.report;

import java.time.Instant;
import org.certaudit.audit.AuditId;
import org.certaudit.query.scorecard.PointInTime;

/**
 * The moment a report shows: the point asked for ({@link PointInTime#NOW}, a version or an instant), the audit's
 * version there (the project-stream sequence number of its last event up to the point), when that event was stored and
 * its event identifier (what the ledger's leaf of that event names).
 */
public record ReportPoint(AuditId auditId, PointInTime requested, long version, Instant lastEventAt, String lastEventId) {
}
