package org.certaudit.command.audit;

import org.certaudit.audit.AuditId;

/** An ADMIN cancels an audit that is not yet decided, saying why; the project may then open its next audit. */
public record CancelAudit(AuditId auditId, String reason) implements AuditCommand {

    public CancelAudit {
        Shape.required(auditId, "audit id");
        reason = Shape.text(reason, "reason");
    }
}
