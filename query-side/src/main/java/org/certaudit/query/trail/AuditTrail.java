package org.certaudit.query.trail;

import java.util.List;

/**
 * One page of the events of an audit's trail that its filter lists, in the order asked (stream order unless newest
 * first); {@code totalElements} and {@code totalPages} count the events listed, not every event of the audit.
 */
public record AuditTrail(String auditId, List<TrailEntry> content, int page, int size, long totalElements, int totalPages) {
}
