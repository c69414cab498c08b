package org.certaudit.query.history;

import static org.certaudit.query.DocumentValues.decimal;
import static org.certaudit.query.DocumentValues.enumValue;
import static org.certaudit.query.DocumentValues.instant;
import static org.certaudit.query.DocumentValues.number;
import static org.certaudit.query.DocumentValues.text;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.ItemApplicabilityRestored;
import org.certaudit.audit.ItemMarkedNotApplicable;
import org.certaudit.audit.ItemScoreRevised;
import org.certaudit.audit.ItemScored;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.audit.TeamMemberRemoved;
import org.certaudit.query.EventContext;
import org.certaudit.query.ReadModel;
import org.certaudit.query.ReadModels;
import org.certaudit.query.actor.TeamTimeline;
import org.certaudit.scheme.Percent;
import org.springframework.stereotype.Component;

/**
 * Keeps each item's changes in stream order, one document per change in {@value #CHANGES} ({@code _id} =
 * {@code <audit id>/<clause>/<n>}, {@code n} counting the item's changes from 0), and per item a head in
 * {@value #HEADS} ({@code _id} = {@code <audit id>/<clause>}) holding how many changes there are; an item's
 * history is one lookup of its head and one of exactly its changes. Each change names the team member the user
 * was at that moment, from the audit's team timeline, which this projection keeps from the stream's team events
 * in {@value #TEAMS} ({@code _id} = audit id).
 * <p>
 * Until session 13 an item's history was one document that every change grew by {@code $push}, so that the
 * store copied and wrote the whole history again on each change (the benchmark's items reach hundreds of
 * changes). As in the audit trail, a change is stored before the head that counts it ({@link ReadModels#putOnce}),
 * so a change delivered again after a crash between the two is stored again under the same number, and a head
 * that has taken it in skips it.
 */
@Component
@ProcessingGroup(ItemHistoryProjection.PROCESSING_GROUP)
class ItemHistoryProjection implements ReadModel {

    static final String PROCESSING_GROUP = "item-history";
    static final String HEADS = "query_item_history_heads";
    static final String CHANGES = "query_item_history_changes";
    static final String TEAMS = "query_item_history_teams";
    /** The collections of the one-document-per-item history, dropped when a store that still has them starts. */
    static final List<String> RETIRED = List.of("query_item_history", "query_item_history_team");

    private final ReadModels readModels;

    ItemHistoryProjection(ReadModels readModels) {
        this.readModels = readModels;
    }

    @Override
    public String processingGroup() {
        return PROCESSING_GROUP;
    }

    /**
     * Heads first: a reset drops the collections in this order, so a query meanwhile finds no head (no history)
     * rather than a head counting changes already dropped.
     */
    @Override
    public List<String> collections() {
        return List.of(HEADS, CHANGES, TEAMS);
    }

    @Override
    public List<String> retiredCollections() {
        return RETIRED;
    }

    /** The id of the item's head: {@code <audit id>/<clause>}. */
    static String itemId(AuditId auditId, String clause) {
        return auditId.value() + "/" + clause;
    }

    /** The id of the item's change number {@code n} (from 0). */
    static String changeId(String itemId, long n) {
        return itemId + "/" + n;
    }

    @EventHandler
    void on(TeamMemberAssigned event, EventContext context) {
        recordTeamChange(event, context);
    }

    @EventHandler
    void on(TeamMemberRemoved event, EventContext context) {
        recordTeamChange(event, context);
    }

    @EventHandler
    void on(ItemScored event, EventContext context) {
        record(event.auditId(), event.clause(), context, ItemChange.Kind.SCORED, null, false, event.percent(), false,
                event.note(), null);
    }

    @EventHandler
    void on(ItemScoreRevised event, EventContext context) {
        record(event.auditId(), event.clause(), context, ItemChange.Kind.REVISED, event.previousPercent(), false,
                event.percent(), false, event.note(), event.reason());
    }

    @EventHandler
    void on(ItemMarkedNotApplicable event, EventContext context) {
        record(event.auditId(), event.clause(), context, ItemChange.Kind.MARKED_NOT_APPLICABLE, event.previousPercent(),
                false, null, true, null, event.reason());
    }

    @EventHandler
    void on(ItemApplicabilityRestored event, EventContext context) {
        record(event.auditId(), event.clause(), context, ItemChange.Kind.APPLICABILITY_RESTORED, null, true, null, false,
                null, event.reason());
    }

    @ResetHandler
    void reset() {
        readModels.clear(this);
    }

    /** The item's changes, oldest first: one lookup of its head, one of exactly the changes it counts. */
    @QueryHandler
    List<ItemChange> handle(GetItemHistory query) {
        String itemId = itemId(query.auditId(), query.clause());
        Document head = readModels.find(HEADS, itemId);
        if (head == null) {
            return List.of();
        }
        List<String> ids = LongStream.range(0, number(head, "changes")).mapToObj(n -> changeId(itemId, n)).toList();
        Map<String, Document> found = new HashMap<>();
        readModels.collection(CHANGES).find(Filters.in("_id", ids)).forEach(change -> found.put(change.getString("_id"), change));
        List<ItemChange> changes = new ArrayList<>(ids.size());
        for (String id : ids) {
            Document change = found.get(id);
            if (change == null) {
                throw new IllegalStateException("the history of " + itemId + " counts change " + id + " but does not hold it");
            }
            changes.add(toChange(change));
        }
        return changes;
    }

    private void record(AuditId auditId, String clause, EventContext context, ItemChange.Kind kind,
                        Percent oldPercent, boolean oldNotApplicable, Percent newPercent, boolean newNotApplicable,
                        String note, String reason) {
        String itemId = itemId(auditId, clause);
        // Through ReadModels: inside a tracking batch this sees what the batch wrote before.
        Document head = readModels.find(HEADS, itemId);
        if (head != null && ReadModels.sequenceOf(head) >= context.sequenceNumber()) {
            return;
        }
        long count = head == null ? 0 : number(head, "changes");
        Document change = new Document("auditId", auditId.value())
                .append("clause", clause)
                .append("n", count)
                .append("kind", kind.name())
                .append("oldPercent", text(oldPercent))
                .append("oldNotApplicable", oldNotApplicable)
                .append("newPercent", text(newPercent))
                .append("newNotApplicable", newNotApplicable)
                .append("note", note)
                .append("reason", reason)
                .append("user", context.user())
                .append("member", TeamTimeline.toDocument(team(auditId).member(context.user(), context.sequenceNumber())))
                .append("requestId", context.requestId())
                .append("time", text(context.time()))
                .append("eventPosition", context.position())
                .append("sequenceNumber", context.sequenceNumber());
        readModels.putOnce(CHANGES, changeId(itemId, count), context, change);
        readModels.replaceOnce(HEADS, itemId, context, current -> new Document("auditId", auditId.value())
                .append("clause", clause).append("changes", count + 1));
    }

    private void recordTeamChange(AuditEvent event, EventContext context) {
        String auditId = event.auditId().value();
        readModels.updateOnce(TEAMS, auditId, context,
                Updates.set("team", team(event.auditId()).after(event, context.sequenceNumber()).toDocuments()));
    }

    private TeamTimeline team(AuditId auditId) {
        Document team = readModels.find(TEAMS, auditId.value());
        return TeamTimeline.fromDocuments(team == null ? null : team.getList("team", Document.class));
    }

    private static ItemChange toChange(Document change) {
        return new ItemChange(enumValue(change, "kind", ItemChange.Kind.class),
                decimal(change, "oldPercent"), change.getBoolean("oldNotApplicable", false),
                decimal(change, "newPercent"), change.getBoolean("newNotApplicable", false),
                change.getString("note"), change.getString("reason"), change.getString("user"),
                TeamTimeline.fromDocument(change.get("member", Document.class)),
                change.getString("requestId"), instant(change, "time"), number(change, "eventPosition"),
                number(change, "sequenceNumber"));
    }
}
