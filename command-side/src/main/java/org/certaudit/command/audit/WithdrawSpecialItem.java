package org.certaudit.command.audit;

import org.certaudit.audit.AuditId;

/** Withdraw a recorded special item, saying why. */
public record WithdrawSpecialItem(AuditId auditId, String specialItemId, String reason) implements AuditCommand {

    public WithdrawSpecialItem {
        Shape.required(auditId, "audit id");
        specialItemId = Shape.text(specialItemId, "special item id");
        reason = Shape.text(reason, "reason");
    }
}
