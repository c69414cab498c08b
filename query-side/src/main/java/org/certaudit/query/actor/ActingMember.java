package org.certaudit.query.actor;

import io.swagger.v3.oas.annotations.media.Schema;
import org.certaudit.audit.TeamRole;

/**
 * The audit team member who acted, as they were on the team when they acted: the report's code,
 * their name and their role. Absent (null) when the user was not on the team then (an ADMIN opening
 * the audit or staffing its team, a reviewer, a system action).
 */
@Schema(description = "The team member who acted, as they were on the team at that moment; null when the user was not on it")
public record ActingMember(
        @Schema(description = "The member's code in the report (审查组成员代号)", example = "B") String code,
        @Schema(description = "The member's name", example = "陈晓红") String name,
        @Schema(description = "The member's role on the team", example = "MEMBER") TeamRole role) {
}
