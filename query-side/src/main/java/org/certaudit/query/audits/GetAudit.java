package org.certaudit.query.audits;

import org.certaudit.audit.AuditId;

/** One audit's detail. */
public record GetAudit(AuditId auditId) {
}
