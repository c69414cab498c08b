package org.certaudit.command.audit;

import org.certaudit.audit.AuditId;

/** The leader reopens a recommended audit for changes, saying why. */
public record ReopenAudit(AuditId auditId, String reason) implements AuditCommand {

    public ReopenAudit {
        Shape.required(auditId, "audit id");
        reason = Shape.text(reason, "reason");
    }
}
