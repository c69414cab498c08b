package org.certaudit.query.trail;

import org.certaudit.audit.AuditId;

/**
 * One page of an audit's events that {@code filter} lists, in {@code order}; {@code page} counts from 0 and the page's
 * totals count the events listed, not every event.
 */
public record GetAuditTrail(AuditId auditId, int page, int size, TrailFilter filter, TrailOrder order) {

    public GetAuditTrail {
        filter = filter == null ? TrailFilter.NONE : filter;
        order = order == null ? TrailOrder.OLDEST : order;
    }

    /** Every event, oldest first. */
    public GetAuditTrail(AuditId auditId, int page, int size) {
        this(auditId, page, size, TrailFilter.NONE, TrailOrder.OLDEST);
    }
}
