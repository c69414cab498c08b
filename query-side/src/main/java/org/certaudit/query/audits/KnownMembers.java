package org.certaudit.query.audits;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Projections.include;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.bson.Document;
import org.certaudit.audit.TeamMember;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.audit.TeamMemberRemoved;
import org.certaudit.audit.UserNames;
import org.certaudit.query.EventContext;
import org.certaudit.query.ReadModels;

/**
 * The directory of known members that {@link FindKnownMembers} reads: one document per person who has been on an audit
 * team ({@code _id}: the key of their user name, {@link UserNames}, as both sides compare user names), kept by the
 * {@link AuditsProjection} from the team events in the same tracking batches as the summaries, and rebuilt with them.
 * A document holds the person's place on the latest-opened audit whose team has them now: {@code member} (that team's
 * record of them: code, {@code name}, role, registration number, specialty code, phone, user name as spelled there,
 * {@code assignedVersion}), {@code audit} (its id) and {@code openedAt} (ISO instant) with {@code openedPosition} (the
 * global position of its opening, for audits opened at the same instant); all null once no team has them. It also
 * holds {@code roles}, every role the person was ever assigned in (names of {@link org.certaudit.audit.TeamRole}, in
 * the order first seen), removed places included. The question reads these documents, one per person, instead of every
 * audit summary.
 * <p>
 * One person's places are on many projects' streams, so the read models' once-per-event check (a document's
 * {@code lastSequence}, one project stream's) cannot guard this document; its {@code position} and
 * {@code lastSequence} only say which event wrote it last. Each change is instead one that leaves it as it was when
 * made again: an assignment keeps the later of two places, a removal of the place kept looks again among the audit
 * summaries, which already hold the event. An event handed over again after a crash, with the summaries or this
 * directory stored before it and the other not, therefore leaves the same directory.
 */
final class KnownMembers {

    static final String COLLECTION = "query_known_members_v7";

    /**
     * The order of the places the question of old took in the summaries: audits by opening instant as ISO text (its
     * sort), then in the order they were opened (the embedded store's order for equal keys: by insertion, which is by
     * opening), then a team's places in the order assigned (a team's list order).
     */
    private static final Comparator<Document> LATER = Comparator
            .comparing((Document place) -> place.getString("openedAt"), Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingLong(place -> place.get("openedPosition", Number.class).longValue())
            .thenComparingLong(place -> place.get("member", Document.class).get("assignedVersion", Number.class).longValue());

    private final ReadModels readModels;

    KnownMembers(ReadModels readModels) {
        this.readModels = readModels;
    }

    /** After the summary took the assignment in: the new place is kept if it is later than the one kept. */
    void on(TeamMemberAssigned event, EventContext context) {
        Document audit = readModels.find(AuditsProjection.AUDITS, event.auditId().value());
        // The place as the summary's team holds it; kept even when a later event the summary holds already removed it
        // again (an event handed over twice), as that removal's own turn looks again.
        Document member = AuditsProjection.place(event.member(), context);
        String key = UserNames.key(event.member().userName());
        Document current = readModels.find(COLLECTION, key);
        Document next = current == null ? empty() : new Document(current);
        List<String> roles = new ArrayList<>(next.getList("roles", String.class, List.of()));
        if (!roles.contains(event.member().role().name())) {
            roles.add(event.member().role().name());
        }
        next.append("roles", roles);
        Document place = place(audit, member);
        if (next.get("member") == null || LATER.compare(place, next) > 0) {
            keep(next, place);
        }
        store(key, current, next, context);
    }

    /**
     * After the summary took the removal in: if the removed place is the one kept, the person's latest place is looked
     * for again among the summaries whose team has the person (a query of the summaries, the one read here that grows
     * with the audits: only when a person leaves the latest team they were on, never per event).
     */
    void on(TeamMemberRemoved event, EventContext context) {
        Document audit = readModels.find(AuditsProjection.AUDITS, event.auditId().value());
        Document removed = audit.getList("formerMembers", Document.class, List.of()).stream()
                .filter(former -> Objects.equals(former.get("removedVersion", Number.class), context.sequenceNumber()))
                .map(former -> former.get("member", Document.class))
                .findFirst().orElse(null);
        if (removed == null) {
            // No member had the code (the command side refuses that removal): nothing left a team.
            return;
        }
        String key = removed.getString("userKey");
        Document current = readModels.find(COLLECTION, key);
        if (current == null || current.get("member") == null
                || !event.auditId().value().equals(current.getString("audit"))
                || !Objects.equals(current.get("member", Document.class).get("assignedVersion", Number.class),
                removed.get("assignedVersion", Number.class))) {
            return;
        }
        Document next = new Document(current);
        Document latest = null;
        for (Document summary : readModels.findAll(AuditsProjection.AUDITS, eq("team.userKey", key),
                include("team", "openedAt", "openedPosition"))) {
            for (Document member : summary.getList("team", Document.class)) {
                Document place = key.equals(member.getString("userKey")) ? place(summary, member) : null;
                if (place != null && (latest == null || LATER.compare(place, latest) > 0)) {
                    latest = place;
                }
            }
        }
        if (latest == null) {
            next.append("member", null).append("audit", null).append("openedAt", null).append("openedPosition", null);
        } else {
            keep(next, latest);
        }
        store(key, current, next, context);
    }

    /** Everyone on a team now, as the latest-opened audit whose team has them records them, by name. */
    List<TeamMember> all() {
        return readModels.collection(COLLECTION).find(ne("member", null)).into(new ArrayList<>()).stream()
                // Equal names in the order the question of old met their places (LATER), which its stable sort kept.
                .sorted(Comparator.comparing((Document known) -> known.get("member", Document.class).getString("name"),
                        Comparator.nullsLast(Comparator.naturalOrder())).thenComparing(LATER))
                .map(known -> AuditsProjection.toTeamMember(known.get("member", Document.class)))
                .toList();
    }

    private static Document empty() {
        return new Document("member", null).append("audit", null).append("openedAt", null)
                .append("openedPosition", null).append("roles", List.of());
    }

    private static Document place(Document audit, Document member) {
        return new Document("member", member).append("audit", audit.getString("_id"))
                .append("openedAt", audit.getString("openedAt"))
                .append("openedPosition", audit.get("openedPosition", Number.class).longValue());
    }

    private static void keep(Document known, Document place) {
        known.append("member", place.get("member")).append("audit", place.get("audit"))
                .append("openedAt", place.get("openedAt")).append("openedPosition", place.get("openedPosition"));
    }

    /** Stores the entry unless nothing but the stamps of the last write would change. */
    private void store(String key, Document current, Document next, EventContext context) {
        if (next.equals(current)) {
            return;
        }
        readModels.putOnce(COLLECTION, key, context, next);
    }
}
