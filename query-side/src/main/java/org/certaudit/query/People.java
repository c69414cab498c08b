package org.certaudit.query;

import java.util.List;
import java.util.Locale;
import org.certaudit.audit.TeamMember;
import org.certaudit.audit.UserNames;
import org.certaudit.query.actor.ActingMember;
import org.certaudit.security.PersonNames;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * How pages and reports name the certification body's staff: who a technical reviewer, a decider or the admin is, where
 * events name them by the user who signed in (team members carry their names in the team's events). ISO/IEC 17065 7.5
 * and 7.6 have the records of a review and a decision identify the person, so the name is the one recorded with the
 * event that made them reviewer, decider or canceller (its {@code personName} metadata, which the command side takes
 * from the token's {@code name} claim or its {@code certaudit.people} when the person acts, and which the ledger
 * proves): changing the configuration later renames nobody in a past page or report. Only for an event recorded before
 * names were kept, with none, is the name the one {@code certaudit.people.<user name>=<name>} configures today. The user
 * name stays what the record holds and what a report's digest covers; the name is how pages and reports say it. A user
 * with neither is shown by the user name alone. The user name follows the name in brackets: full-width ones in Chinese
 * (the reports' and the default pages' {@code 周文博（reviewer）}), ASCII ones on an English page ({@link #in(Locale)}:
 * {@code 周文博 (reviewer)}).
 */
@Component
public class People {

    private final PersonNames configured;
    private final String open;
    private final String close;

    @Autowired
    People(Environment environment) {
        this(PersonNames.from(environment), "（", "）");
    }

    private People(PersonNames configured, String open, String close) {
        this.configured = configured;
        this.open = open;
        this.close = close;
    }

    /** The same names, with the brackets of the language of {@code locale}: ASCII {@code " ("} and {@code ")"} but in Chinese. */
    public People in(Locale locale) {
        boolean chinese = locale == null || Locale.CHINESE.getLanguage().equals(locale.getLanguage());
        return chinese ? new People(configured, "（", "）") : new People(configured, " (", ")");
    }

    /** The person's name as configured today, or null when none is: for events recorded without a name. */
    public String name(String user) {
        return configured.configured(user);
    }

    /** The name recorded with the event when there is one, else {@link #name(String)}; null for neither. */
    public String name(String user, String recordedName) {
        return recordedName == null || recordedName.isBlank() ? name(user) : recordedName;
    }

    /** {@code 周文博（reviewer）} by the configured name, or the user name alone when none is; null for null. */
    public String describe(String user) {
        return describe(user, (String) null);
    }

    /**
     * {@code 周文博（reviewer）} by the name recorded with the event ({@code recordedName}), else by the configured one,
     * else the user name alone; null for a null user.
     */
    public String describe(String user, String recordedName) {
        if (user == null) {
            return null;
        }
        String name = name(user, recordedName);
        return name == null ? user : name + open + user + close;
    }

    /**
     * A team member as the report names them, {@code A 李雅宁（leader）}, when {@code user} is on {@code team} (the user
     * name matched regardless of case and width, {@link UserNames}); else {@link #describe(String)}.
     */
    public String describe(String user, List<TeamMember> team) {
        return (team == null ? List.<TeamMember>of() : team).stream()
                .filter(member -> UserNames.same(member.userName(), user)).findFirst()
                .map(member -> member.code() + " " + member.name() + open + user + close)
                .orElseGet(() -> describe(user));
    }

    /** The member who acted, {@code B 林晓（auditor）}, or {@link #describe(String)} when the user acted off the team. */
    public String describe(String user, ActingMember member) {
        return member == null ? describe(user) : member.code() + " " + member.name() + open + user + close;
    }
}
