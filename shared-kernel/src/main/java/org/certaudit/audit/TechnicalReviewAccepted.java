package org.certaudit.audit;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.certaudit.scheme.Grade;

/**
 * An independent technical reviewer (not on the team) checked the audit file and accepted it
 * (ISO/IEC 17065 7.5); the audit goes to a decider. {@code total} and {@code grade} are the
 * recommendation the review rests on; {@code reviewer} is the reviewer's user name.
 */
public record TechnicalReviewAccepted(
        AuditId auditId,
        String reviewer,
        LocalDate reviewedOn,
        BigDecimal total,
        Grade grade,
        String note) implements AuditEvent {
}
