package org.certaudit.query;

import java.util.List;
import java.util.Map;
import org.certaudit.audit.TeamMember;
import org.certaudit.query.actor.ActingMember;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The certification body's staff by user name ({@code certaudit.people.<user name>=<name>}): who a technical reviewer or
 * a decider is, where events name them by the user who signed in (team members carry their names in the team's
 * events). ISO/IEC 17065 7.5 and 7.6 have the records of a review and a decision identify the person; the user name
 * stays what the record holds (and what a report's digest covers), the name is how pages and reports say it. A user
 * without an entry is shown by the user name alone.
 */
@Component
public class People {

    private final Map<String, String> names;

    People(Environment environment) {
        this.names = Map.copyOf(Binder.get(environment)
                .bind("certaudit.people", Bindable.mapOf(String.class, String.class)).orElse(Map.of()));
    }

    /** The person's name, or null when none is configured. */
    public String name(String user) {
        return user == null ? null : names.get(user);
    }

    /** {@code 周文博（reviewer）}, or the user name alone when no name is configured; null for null. */
    public String describe(String user) {
        String name = name(user);
        return name == null || name.isBlank() ? user : name + "（" + user + "）";
    }

    /**
     * A team member as the report names them, {@code A 李雅宁（leader）}, when {@code user} is on {@code team};
     * else {@link #describe(String)}.
     */
    public String describe(String user, List<TeamMember> team) {
        return (team == null ? List.<TeamMember>of() : team).stream()
                .filter(member -> member.userName() != null && member.userName().equals(user)).findFirst()
                .map(member -> member.code() + " " + member.name() + "（" + user + "）")
                .orElseGet(() -> describe(user));
    }

    /** The member who acted, {@code B 林晓（auditor）}, or {@link #describe(String)} when the user acted off the team. */
    public String describe(String user, ActingMember member) {
        return member == null ? describe(user) : member.code() + " " + member.name() + "（" + user + "）";
    }
}
