package org.certaudit.command.audit;

import java.time.LocalDate;
import org.certaudit.audit.AuditId;

/** The technical reviewer accepts a recommended audit on the given day, with an optional note. */
public record AcceptReview(AuditId auditId, LocalDate reviewedOn, String note) implements AuditCommand {

    public AcceptReview {
        Shape.required(auditId, "audit id");
        Shape.required(reviewedOn, "review date");
        note = Shape.optionalText(note);
    }
}
