package org.certaudit.query.trail;

import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.UserNames;
import org.certaudit.query.BadParameterException;
import org.certaudit.web.RuleCode;

/**
 * Which of an audit's events a trail lists; each part is optional, and an event is listed when it meets every part
 * given.
 *
 * @param types  the events' kinds, the simple names of {@link AuditEvent}'s permitted events as the trail shows them
 *               ({@code ItemScored}); empty for every kind
 * @param clause the events about this item, by its clause ({@code 5.2.2.3}, never a dimension code): the item's
 *               scores, revisions and applicability changes, the special items naming it and their withdrawals; null
 *               for every event
 * @param member the events recorded by this user, the user name compared as the command side compares it
 *               ({@link UserNames}: regardless of case and width); null for anyone's
 * @param from   the events recorded at or after this moment; null for no bound
 * @param to     the events recorded at or before this moment; null for no bound
 */
public record TrailFilter(Set<String> types, String clause, String member, Instant from, Instant to) {

    /** The kinds of event a trail holds, in the order of {@link AuditEvent}'s {@code permits} list. */
    public static final List<String> EVENT_TYPES = Arrays.stream(AuditEvent.class.getPermittedSubclasses())
            .map(Class::getSimpleName).toList();

    /** Every event. */
    public static final TrailFilter NONE = new TrailFilter(Set.of(), null, null, null, null);

    public TrailFilter {
        types = Set.copyOf(Objects.requireNonNull(types, "types are required (empty for every kind)"));
        if (!EVENT_TYPES.containsAll(types)) {
            throw new IllegalArgumentException("types must be among " + EVENT_TYPES + ", were " + types);
        }
        if (from != null && to != null && from.isAfter(to)) {
            throw new IllegalArgumentException("from " + from + " is after to " + to);
        }
    }

    /**
     * The kinds of event the parameter {@code parameter} names, each part as sent
     * ({@link org.certaudit.query.RequestParameters#values}); empty for none.
     *
     * @throws BadParameterException {@code field.not-one-of} with the first part that names no kind and every kind
     */
    public static Set<String> eventTypes(String parameter, List<String> parts) {
        Set<String> types = new LinkedHashSet<>();
        for (String part : parts) {
            if (!EVENT_TYPES.contains(part)) {
                throw new BadParameterException(parameter, RuleCode.FIELD_NOT_ONE_OF.with("value", part,
                        "allowed", EVENT_TYPES), parameter + " must name kinds of event among " + EVENT_TYPES
                        + " (comma-separated or the parameter repeated), was '" + part + "'");
            }
            types.add(part);
        }
        return types;
    }

    /** Whether this filter lists every event. */
    public boolean isEmpty() {
        return types.isEmpty() && clause == null && member == null && from == null && to == null;
    }

    /**
     * Whether an event is listed.
     *
     * @param type    its kind
     * @param clause  the item it is about, or null
     * @param userKey who recorded it, as {@link UserNames#key} gives the user name; null for nobody known
     * @param time    when it was recorded
     */
    public boolean admits(String type, String clause, String userKey, Instant time) {
        return (types.isEmpty() || types.contains(type))
                && (this.clause == null || this.clause.equals(clause))
                && (member == null || userKey != null && userKey.equals(UserNames.key(member)))
                && (from == null || !time.isBefore(from))
                && (to == null || !time.isAfter(to));
    }
}
