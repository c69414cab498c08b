package org.certaudit.command.audit;

import java.time.LocalDate;
import java.util.List;
import org.certaudit.audit.AuditId;

/** The technical reviewer returns a recommended audit to its team with what must change. */
public record ReturnToTeam(AuditId auditId, LocalDate reviewedOn, List<String> findings) implements AuditCommand {

    public ReturnToTeam {
        Shape.required(auditId, "audit id");
        Shape.required(reviewedOn, "review date");
        findings = Shape.texts(findings, "findings");
        Shape.check(!findings.isEmpty(), "returning an audit to its team needs at least one finding");
    }
}
