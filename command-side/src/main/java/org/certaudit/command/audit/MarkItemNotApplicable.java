package org.certaudit.command.audit;

import org.certaudit.audit.AuditId;

/** Mark an item not applicable (不涉及) to this organization, saying why. */
public record MarkItemNotApplicable(AuditId auditId, String item, String reason) implements ItemCommand {

    public MarkItemNotApplicable {
        Shape.required(auditId, "audit id");
        item = Shape.text(item, "item");
        reason = Shape.text(reason, "reason");
    }
}
