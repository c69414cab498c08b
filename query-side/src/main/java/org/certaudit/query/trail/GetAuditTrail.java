package org.certaudit.query.trail;

import org.certaudit.audit.AuditId;

/** One page of an audit's events in stream order; {@code page} counts from 0. */
public record GetAuditTrail(AuditId auditId, int page, int size) {
}
