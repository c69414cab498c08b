package org.certaudit.query.console;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.certaudit.audit.TeamMember;
import org.certaudit.audit.TeamRole;
import org.certaudit.audit.UserNames;
import org.certaudit.query.SecurityConfiguration;
import org.certaudit.query.audits.AuditDetail;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * The signed-in user as the pages need it: the name and roles, and where an audit is concerned,
 * the team member they are. What the pages offer follows the command side's rules; the command
 * side still decides.
 */
public record ConsoleUser(String name, Set<String> roles) {

    static ConsoleUser of(Authentication authentication) {
        return new ConsoleUser(authentication.getName(), authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .filter(role -> role.startsWith("ROLE_"))
                .map(role -> role.substring("ROLE_".length()))
                .collect(Collectors.toUnmodifiableSet()));
    }

    /** The roles in a stable order, for the bar (each shown in the bundle's words, {@code userRole.<ROLE>}). */
    public java.util.List<String> sortedRoles() {
        return roles.stream().sorted().toList();
    }

    public boolean admin() {
        return roles.contains("ADMIN");
    }

    public boolean reviewer() {
        return roles.contains("REVIEWER");
    }

    public boolean decider() {
        return roles.contains("DECIDER");
    }

    /** Whether the user may read the decisions export (REGULATOR, ADMIN), as the API's rule says. */
    public boolean exportsDecisions() {
        return Arrays.stream(SecurityConfiguration.DECISION_EXPORTERS).anyMatch(roles::contains);
    }

    public boolean auditor() {
        return roles.contains("AUDITOR");
    }

    /**
     * This user's place on the audit's team, or null: the user name matched regardless of case and width, as the
     * command side matches it ({@link UserNames}).
     */
    public TeamMember memberOf(AuditDetail audit) {
        if (!auditor()) {
            return null;
        }
        return audit.team().stream().filter(member -> UserNames.same(member.userName(), name)).findFirst().orElse(null);
    }

    public boolean leads(AuditDetail audit) {
        TeamMember member = memberOf(audit);
        return member != null && member.role() == TeamRole.LEADER;
    }

    public boolean signed(AuditDetail audit) {
        TeamMember member = memberOf(audit);
        return member != null && audit.pledges().stream()
                .anyMatch(p -> p.standing() && p.memberCode().equals(member.code()));
    }
}
