package org.certaudit.audit;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;
import org.certaudit.scheme.Grade;

/**
 * What every certification decision records (ISO/IEC 17065 7.6, ISO/IEC 17021-1 9.5): who decided
 * (user name; never on the audit's team nor its reviewer), on which day, on which version of the
 * project stream the decider saw ({@code auditVersion}), the total and grade of the audit it rests
 * on, and why.
 */
public record Decision(
        DecisionOutcome outcome,
        String decider,
        LocalDate decidedOn,
        long auditVersion,
        BigDecimal total,
        Grade grade,
        String reason) {

    public Decision {
        Objects.requireNonNull(outcome, "decision outcome is required");
        Objects.requireNonNull(decider, "decider is required");
        Objects.requireNonNull(decidedOn, "decision date is required");
        Objects.requireNonNull(grade, "grade is required");
        Objects.requireNonNull(reason, "reason is required");
    }
}
