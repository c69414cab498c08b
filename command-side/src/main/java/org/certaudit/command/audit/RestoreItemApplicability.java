package org.certaudit.command.audit;

import org.certaudit.audit.AuditId;

/** Make a not-applicable item count again; it then needs a score. The reason is optional. */
public record RestoreItemApplicability(AuditId auditId, String item, String reason) implements ItemCommand {

    public RestoreItemApplicability {
        Shape.required(auditId, "audit id");
        item = Shape.text(item, "item");
        reason = Shape.optionalText(reason);
    }
}
