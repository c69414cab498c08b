package org.certaudit.command.audit;

import org.certaudit.audit.AuditId;
import org.certaudit.audit.SpecialItemKind;

/**
 * Record a special item (特别项). A deduction names the finding and the clause it breaks; a
 * bonus may name a clause. Both carry a reason.
 */
public record RecordSpecialItem(AuditId auditId, SpecialItemKind kind, String finding, String clause, String reason)
        implements AuditCommand {

    public RecordSpecialItem {
        Shape.required(auditId, "audit id");
        Shape.required(kind, "special item kind");
        finding = Shape.optionalText(finding);
        clause = Shape.optionalText(clause);
        reason = Shape.text(reason, "reason");
        if (kind == SpecialItemKind.DEDUCTION) {
            Shape.check(finding != null, "a deduction needs the finding");
            Shape.check(clause != null, "a deduction needs the clause it breaks");
        }
    }
}
