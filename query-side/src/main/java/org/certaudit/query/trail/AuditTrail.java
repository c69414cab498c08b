package org.certaudit.query.trail;

import java.util.List;

/** One page of an audit's events, in stream order. */
public record AuditTrail(String auditId, List<TrailEntry> content, int page, int size, long totalElements, int totalPages) {
}
