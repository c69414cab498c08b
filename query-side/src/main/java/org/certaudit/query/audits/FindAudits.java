package org.certaudit.query.audits;

import org.certaudit.audit.AuditType;

/** Audits matching every given filter (null: any), ordered by project number and audit number. */
public record FindAudits(String projectNumber, AuditStatus status, AuditType type, int page, int size) {
}
