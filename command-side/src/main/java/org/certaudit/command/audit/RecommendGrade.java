package org.certaudit.command.audit;

import java.time.LocalDate;
import org.certaudit.audit.AuditId;
import org.certaudit.scheme.Grade;

/** The leader recommends a grade, dated with the report's date (编制日期). */
public record RecommendGrade(AuditId auditId, Grade grade, LocalDate reportDate) implements AuditCommand {

    public RecommendGrade {
        Shape.required(auditId, "audit id");
        Shape.required(grade, "grade");
        Shape.required(reportDate, "report date");
    }
}
