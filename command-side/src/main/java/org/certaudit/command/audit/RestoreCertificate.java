package org.certaudit.command.audit;

import java.time.LocalDate;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.certaudit.audit.ProjectNumber;

/** A decider lifts the suspension of the project's certificate from {@code restoredOn}, saying why. */
public record RestoreCertificate(
        @TargetAggregateIdentifier ProjectNumber projectNumber,
        LocalDate restoredOn,
        String reason) {

    public RestoreCertificate {
        Shape.required(projectNumber, "project number");
        Shape.required(restoredOn, "restoration date");
        reason = Shape.text(reason, "reason");
    }
}
