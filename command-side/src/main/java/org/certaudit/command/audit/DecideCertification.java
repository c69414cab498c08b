package org.certaudit.command.audit;

import java.time.LocalDate;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.DecisionOutcome;

/**
 * A decider decides on a reviewed audit, on the project version they saw ({@code seenVersion},
 * the {@code If-Match} of the request): any other current version refuses the decision. SUSPEND
 * needs {@code suspendedUntil}; the other outcomes must not carry it.
 */
public record DecideCertification(
        AuditId auditId,
        DecisionOutcome outcome,
        LocalDate decidedOn,
        String reason,
        LocalDate suspendedUntil,
        long seenVersion) implements AuditCommand {

    public DecideCertification {
        Shape.required(auditId, "audit id");
        Shape.required(outcome, "decision");
        Shape.required(decidedOn, "decision date");
        reason = Shape.text(reason, "reason");
        Shape.check(outcome != DecisionOutcome.SUSPEND || suspendedUntil != null,
                "a suspension needs the date it ends at the latest (suspendedUntil)");
        Shape.check(outcome == DecisionOutcome.SUSPEND || suspendedUntil == null,
                "only a suspension has an end date (suspendedUntil), not " + outcome);
        Shape.check(seenVersion >= 0, "the version the decision rests on must not be negative, was " + seenVersion);
    }
}
