package org.certaudit.audit;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.certaudit.scheme.Grade;

/**
 * The leader recommended a grade: the audit is finished and closed for changes. {@code total} and
 * {@code grade} are what the scoring rules gave at that moment; {@link Grade#NOT_GRADED} means the
 * audit did not pass (不通过).
 */
public record GradeRecommended(AuditId auditId, BigDecimal total, Grade grade, LocalDate reportDate)
        implements AuditEvent {
}
