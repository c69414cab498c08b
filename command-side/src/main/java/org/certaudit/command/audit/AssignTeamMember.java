package org.certaudit.command.audit;

import org.certaudit.audit.AuditId;
import org.certaudit.audit.TeamMember;

/** Put a member on the audit team (审查组成员). */
public record AssignTeamMember(AuditId auditId, TeamMember member) implements AuditCommand {

    public AssignTeamMember {
        Shape.required(auditId, "audit id");
        Shape.required(member, "team member");
    }
}
