package org.certaudit.query.console;

import org.certaudit.query.audits.AuditSummary;
import org.certaudit.scheme.Grade;

/** One line of the console's audit list: the audit and the grade recommended for it (null while none stands). */
public record AuditRow(AuditSummary audit, Grade grade) {
}
