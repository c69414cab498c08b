package org.certaudit.query.scorecard;

import org.certaudit.audit.AuditId;

/** What changed on an audit's scorecard between two points. */
public record GetScorecardDiff(AuditId auditId, PointInTime from, PointInTime to) {
}
