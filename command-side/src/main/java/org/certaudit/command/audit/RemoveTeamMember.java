package org.certaudit.command.audit;

import org.certaudit.audit.AuditId;

/** Take a member off the audit team; the reason is optional. */
public record RemoveTeamMember(AuditId auditId, String memberCode, String reason) implements AuditCommand {

    public RemoveTeamMember {
        Shape.required(auditId, "audit id");
        memberCode = Shape.text(memberCode, "team member code");
        reason = Shape.optionalText(reason);
    }
}
