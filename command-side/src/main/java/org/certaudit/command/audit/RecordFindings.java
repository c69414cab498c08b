package org.certaudit.command.audit;

import java.util.List;
import org.certaudit.audit.AuditId;

/** Replace the team's findings: strengths (优势) and improvement directions (改进方向). */
public record RecordFindings(AuditId auditId, List<String> strengths, List<String> improvements)
        implements AuditCommand {

    public RecordFindings {
        Shape.required(auditId, "audit id");
        strengths = Shape.texts(strengths, "strengths");
        improvements = Shape.texts(improvements, "improvements");
    }
}
