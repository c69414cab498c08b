package org.certaudit.query.scorecard;

import org.certaudit.audit.AuditId;

/** An audit's current scorecard, from the live read model. */
public record GetScorecard(AuditId auditId) {
}
