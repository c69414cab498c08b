package org.certaudit.query.scorecard;

import org.certaudit.audit.AuditId;

/** An audit's scorecard as it stood at a version or an instant, built from the events up to that point. */
public record GetScorecardAt(AuditId auditId, PointInTime point) {
}
