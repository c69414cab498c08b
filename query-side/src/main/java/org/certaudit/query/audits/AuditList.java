package org.certaudit.query.audits;

import java.util.List;

/** One page of the audit list. */
public record AuditList(List<AuditSummary> content, int page, int size, long totalElements, int totalPages) {
}
