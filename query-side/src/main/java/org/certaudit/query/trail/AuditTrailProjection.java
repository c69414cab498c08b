package org.certaudit.query.trail;

import static org.certaudit.query.DocumentValues.instant;
import static org.certaudit.query.DocumentValues.number;
import static org.certaudit.query.DocumentValues.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.ItemApplicabilityRestored;
import org.certaudit.audit.ItemMarkedNotApplicable;
import org.certaudit.audit.ItemNotApplicableReasonRevised;
import org.certaudit.audit.ItemScoreRevised;
import org.certaudit.audit.ItemScored;
import org.certaudit.audit.PledgeDateCorrected;
import org.certaudit.audit.PledgeSigned;
import org.certaudit.audit.SpecialItemRecorded;
import org.certaudit.audit.SpecialItemWithdrawn;
import org.certaudit.audit.TeamMemberRemoved;
import org.certaudit.audit.UserNames;
import org.certaudit.query.EventContext;
import org.certaudit.query.Page;
import org.certaudit.query.ReadModel;
import org.certaudit.query.ReadModels;
import org.certaudit.query.actor.ActingMember;
import org.certaudit.query.actor.TeamTimeline;
import org.springframework.stereotype.Component;

/**
 * Keeps each audit's events in stream order, one document per event in {@value #ENTRIES}
 * ({@code _id} = {@code <audit id>/<n>}, {@code n} counting the audit's events from 0), and per audit a head
 * in {@value #HEADS} ({@code _id} = audit id) holding how many entries there are and the audit's team
 * timeline. The payload is stored as JSON text: MongoDB's JSON reader would turn 1.455 into a double; it is
 * shown with its single-value wrappers unwrapped ({@link PlainPayload}). Each entry names the team member the
 * user was at that moment, from the team timeline (built from the team events of the stream alone).
 * <p>
 * Until session 8 an audit's whole trail was one document that every event grew and so rewrote: about a
 * megabyte for a 2,000-event audit, copied by the store and written to its file again on each event. Now an
 * event writes its own small entry and the head. An entry is stored before the head that counts it (see
 * {@link org.certaudit.query.ReadModels#putOnce}), so an event delivered again after a crash between the two
 * writes its entry again under the same number; a head that has taken in the event skips it.
 * <p>
 * A filtered trail ({@link TrailFilter}) is answered from the entries' keys in {@value #KEYS}: per entry its number,
 * kind, the item it is about, the special item it names, its user's {@link UserNames#key} and its time, {@value
 * #KEYS_PER_DOCUMENT} entries to a document ({@code _id} = {@code <audit id>/<k>} for entries {@code k*}{@value
 * #KEYS_PER_DOCUMENT} on). The embedded store uses an index only for {@code _id} (equality or {@code $in}), so a
 * query on the entries' own fields would read every audit's entries; the keys are read by {@code _id} instead: a
 * filtered page costs the head, one {@code $in} of the audit's key documents (about 120 bytes an entry: 32 documents,
 * some 240 KB, for a 2,000-event audit) and one {@code $in} of the page's entries. An event adds its key with a
 * {@code $push} to a document of at most {@value #KEYS_PER_DOCUMENT} keys, which a tracking batch merges per document;
 * the keys are stored before the entries and the head, as {@link org.certaudit.query.BatchedWrites#flush} orders
 * updates first.
 */
@Component
@ProcessingGroup(AuditTrailProjection.PROCESSING_GROUP)
class AuditTrailProjection implements ReadModel {

    static final String PROCESSING_GROUP = "audit-trail";
    static final String ENTRIES = "query_audit_trail_entries_v3";
    static final String HEADS = "query_audit_trail_heads_v3";
    static final String KEYS = "query_audit_trail_keys_v3";
    /** Entries whose keys share one document of {@value #KEYS}. */
    static final int KEYS_PER_DOCUMENT = 64;
    /**
     * The collections of earlier layouts, dropped when a store that still has them starts so that the trail is rebuilt:
     * the one-document-per-audit trail; the entries from before each kept the name its user was recorded with
     * ({@code personName}, session 25); and those from before the trail kept its entries' keys, whose {@code member}
     * was worked out comparing user names case by case (before {@link UserNames}).
     */
    static final List<String> RETIRED = List.of("query_audit_trail", "query_audit_trail_team",
            "query_audit_trail_entries", "query_audit_trail_heads", "query_audit_trail_entries_v2",
            "query_audit_trail_heads_v2");
    /** The events that name a team member by code alone ({@code memberCode}). */
    private static final Set<String> MEMBER_CODED = Set.of(TeamMemberRemoved.class.getSimpleName(),
            PledgeSigned.class.getSimpleName(), PledgeDateCorrected.class.getSimpleName());

    private final ReadModels readModels;
    private final ObjectMapper objectMapper;

    AuditTrailProjection(ReadModels readModels, ObjectMapper objectMapper) {
        this.readModels = readModels;
        this.objectMapper = objectMapper;
    }

    @Override
    public String processingGroup() {
        return PROCESSING_GROUP;
    }

    /**
     * Heads first: a reset drops the collections in this order, so a query meanwhile finds no head (no trail)
     * rather than a head counting entries or keys already dropped.
     */
    @Override
    public List<String> collections() {
        return List.of(HEADS, KEYS, ENTRIES);
    }

    /** Every event this read model takes in reads the audit's trail head. */
    @Override
    public Map<String, String> documentsRead(Object payload) {
        return payload instanceof AuditEvent event ? Map.of(HEADS, event.auditId().value()) : Map.of();
    }

    @Override
    public List<String> retiredCollections() {
        return RETIRED;
    }

    /** The id of the audit's entry number {@code n} (from 0). */
    static String entryId(String auditId, long n) {
        return auditId + "/" + n;
    }

    /** The id of the document of {@value #KEYS} holding the key of the audit's entry number {@code n}. */
    static String keysId(String auditId, long n) {
        return auditId + "/" + n / KEYS_PER_DOCUMENT;
    }

    @EventHandler
    void on(AuditEvent event, EventContext context, EventMessage<?> message) {
        String id = event.auditId().value();
        // Through ReadModels: inside a tracking batch this sees what the batch wrote before.
        Document head = readModels.find(HEADS, id);
        if (head != null && ReadModels.sequenceOf(head) >= context.sequenceNumber()) {
            return;
        }
        long count = head == null ? 0 : number(head, "entries");
        TeamTimeline team = TeamTimeline.fromDocuments(head == null ? null : head.getList("team", Document.class));
        Document entry = new Document("auditId", id)
                .append("n", count)
                .append("type", event.getClass().getSimpleName())
                .append("payload", json(event))
                .append("user", context.user())
                .append("personName", context.personName())
                .append("member", TeamTimeline.toDocument(team.member(context.user(), context.sequenceNumber())))
                .append("requestId", context.requestId())
                .append("time", text(context.time()))
                .append("eventPosition", context.position())
                .append("sequenceNumber", context.sequenceNumber())
                .append("eventId", message.getIdentifier());
        readModels.putOnce(ENTRIES, entryId(id, count), context, entry);
        readModels.updateOnce(KEYS, keysId(id, count), context,
                Updates.combine(Updates.set("auditId", id), Updates.push("keys", key(count, event, context))));
        TeamTimeline next = TeamTimeline.changesTeam(event) ? team.after(event, context.sequenceNumber()) : team;
        readModels.replaceOnce(HEADS, id, context,
                current -> new Document("entries", count + 1).append("team", next.toDocuments()));
    }

    @ResetHandler
    void reset() {
        readModels.clear(this);
    }

    /**
     * One page of the audit's entries the filter lists, in the order asked: one lookup of the head, without a filter one
     * of exactly the page's entries; with one, one of the audit's keys first ({@link #listed}).
     */
    @QueryHandler
    Optional<AuditTrail> handle(GetAuditTrail query) {
        String auditId = query.auditId().value();
        Document head = readModels.find(HEADS, auditId);
        if (head == null) {
            return Optional.empty();
        }
        long total = number(head, "entries");
        boolean newest = query.order() == TrailOrder.NEWEST;
        long listed;
        List<Long> numbers;
        if (query.filter().isEmpty()) {
            listed = total;
            long from = Math.min((long) query.page() * query.size(), total);
            long to = Math.min(from + query.size(), total);
            numbers = LongStream.range(from, to).mapToObj(i -> newest ? total - 1 - i : i).toList();
        } else {
            List<Long> all = listed(auditId, total, query.filter());
            listed = all.size();
            if (newest) {
                Collections.reverse(all);
            }
            numbers = Page.slice(all, query.page(), query.size());
        }
        List<String> ids = numbers.stream().map(n -> entryId(auditId, n)).toList();
        Map<String, Document> found = new HashMap<>();
        if (!ids.isEmpty()) {
            readModels.collection(ENTRIES).find(Filters.in("_id", ids))
                    .forEach(entry -> found.put(entry.getString("_id"), entry));
        }
        TeamTimeline team = TeamTimeline.fromDocuments(head.getList("team", Document.class));
        List<TrailEntry> entries = new ArrayList<>(ids.size());
        for (String id : ids) {
            Document entry = found.get(id);
            if (entry == null) {
                throw new IllegalStateException("the audit trail of " + auditId + " counts entry " + id
                        + " but does not hold it");
            }
            String type = entry.getString("type");
            long sequence = number(entry, "sequenceNumber");
            entries.add(new TrailEntry(type, PlainPayload.of(entry.getString("payload")),
                    entry.getString("user"), entry.getString("personName"),
                    TeamTimeline.fromDocument(entry.get("member", Document.class)),
                    subject(type, entry.getString("payload"), team, sequence),
                    entry.getString("requestId"), instant(entry, "time"),
                    number(entry, "eventPosition"), number(entry, "sequenceNumber"), entry.getString("eventId")));
        }
        return Optional.of(new AuditTrail(auditId, entries, query.page(), query.size(), listed,
                Page.totalPages(listed, query.size())));
    }

    /**
     * The numbers of the audit's entries {@code filter} lists, in stream order, read from the audit's keys: the
     * {@code total} entries the head counts (a key stored ahead of its head, by a batch cut short, is not yet one of
     * them). A special item's withdrawal names no clause; it is about the clause its recording named.
     */
    private List<Long> listed(String auditId, long total, TrailFilter filter) {
        List<String> ids = LongStream.range(0, (total + KEYS_PER_DOCUMENT - 1) / KEYS_PER_DOCUMENT)
                .mapToObj(k -> keysId(auditId, k * KEYS_PER_DOCUMENT)).toList();
        TreeMap<Long, Document> keys = new TreeMap<>();
        if (!ids.isEmpty()) {
            readModels.collection(KEYS).find(Filters.in("_id", ids)).forEach(document ->
                    document.getList("keys", Document.class).forEach(key -> keys.put(number(key, "n"), key)));
        }
        keys.tailMap(total, true).clear();
        if (keys.size() != total) {
            throw new IllegalStateException("the audit trail of " + auditId + " counts " + total
                    + " entries but holds the keys of " + keys.size());
        }
        Set<String> naming = new HashSet<>();
        if (filter.clause() != null) {
            keys.values().stream().filter(key -> filter.clause().equals(key.getString("clause"))
                            && key.getString("specialItem") != null)
                    .forEach(key -> naming.add(key.getString("specialItem")));
        }
        List<Long> listed = new ArrayList<>();
        keys.forEach((n, key) -> {
            String clause = key.getString("clause");
            if (clause == null && naming.contains(key.getString("specialItem"))) {
                clause = filter.clause();
            }
            if (filter.admits(key.getString("type"), clause, key.getString("userKey"), Instant.parse(key.getString("time")))) {
                listed.add(n);
            }
        });
        return listed;
    }

    /** What a filter asks of entry {@code n}; a field that would be null is left out, as most events have no clause. */
    private static Document key(long n, AuditEvent event, EventContext context) {
        Document key = new Document("n", n).append("type", event.getClass().getSimpleName());
        String clause = clauseOf(event);
        String specialItem = specialItemOf(event);
        String userKey = UserNames.key(context.user());
        if (clause != null) {
            key.append("clause", clause);
        }
        if (specialItem != null) {
            key.append("specialItem", specialItem);
        }
        if (userKey != null) {
            key.append("userKey", userKey);
        }
        return key.append("time", text(context.time()));
    }

    /** The item an event is about: an item's score or applicability, or the clause a special item names; else null. */
    private static String clauseOf(AuditEvent event) {
        if (event instanceof ItemScored scored) {
            return scored.clause();
        }
        if (event instanceof ItemScoreRevised revised) {
            return revised.clause();
        }
        if (event instanceof ItemMarkedNotApplicable marked) {
            return marked.clause();
        }
        if (event instanceof ItemNotApplicableReasonRevised revised) {
            return revised.clause();
        }
        if (event instanceof ItemApplicabilityRestored restored) {
            return restored.clause();
        }
        if (event instanceof SpecialItemRecorded recorded) {
            return recorded.clause();
        }
        return null;
    }

    /** The special item an event records or withdraws, by its id; else null. */
    private static String specialItemOf(AuditEvent event) {
        if (event instanceof SpecialItemRecorded recorded) {
            return recorded.specialItemId();
        }
        if (event instanceof SpecialItemWithdrawn withdrawn) {
            return withdrawn.specialItemId();
        }
        return null;
    }

    /**
     * The member an entry names by code: the head's timeline knows every stint of the audit so far, each with the
     * sequence numbers that bound it, so an entry on any page finds the member of its own moment.
     */
    private static ActingMember subject(String type, String payload, TeamTimeline team, long sequence) {
        if (!MEMBER_CODED.contains(type)) {
            return null;
        }
        return team.memberCoded(Document.parse(payload).getString("memberCode"), sequence).orElse(null);
    }

    private String json(AuditEvent event) {
        try {
            return objectMapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write event " + event.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
