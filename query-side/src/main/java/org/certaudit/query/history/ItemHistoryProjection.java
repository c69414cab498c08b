package org.certaudit.query.history;

import static org.certaudit.query.DocumentValues.decimal;
import static org.certaudit.query.DocumentValues.enumValue;
import static org.certaudit.query.DocumentValues.instant;
import static org.certaudit.query.DocumentValues.number;
import static org.certaudit.query.DocumentValues.text;

import com.mongodb.client.model.Updates;
import java.util.List;
import java.util.Map;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.ItemApplicabilityRestored;
import org.certaudit.audit.ItemMarkedNotApplicable;
import org.certaudit.audit.ItemNotApplicableReasonRevised;
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
 * Keeps one document per item of an audit ({@code _id} = {@code <audit id>/<clause>}) with its
 * changes in stream order, so that an item's history is a single point lookup. Each change names the
 * team member the user was at that moment, from the audit's team timeline, which this projection keeps
 * from the stream's team events in {@value #TEAMS} ({@code _id} = audit id).
 */
@Component
@ProcessingGroup(ItemHistoryProjection.PROCESSING_GROUP)
class ItemHistoryProjection implements ReadModel {

    static final String PROCESSING_GROUP = "item-history";
    static final String ITEM_HISTORY = "query_item_history_v2";
    static final String TEAMS = "query_item_history_team_v2";
    /**
     * The collections of the earlier layout, dropped when a store that still has them starts so that the history is
     * rebuilt: each change's {@code member} was worked out comparing user names case by case (before
     * {@link org.certaudit.audit.UserNames}), so a change by {@code AUDITOR} named no member of the team of
     * {@code auditor}.
     */
    static final List<String> RETIRED = List.of("query_item_history", "query_item_history_team");

    private final ReadModels readModels;

    ItemHistoryProjection(ReadModels readModels) {
        this.readModels = readModels;
    }

    @Override
    public String processingGroup() {
        return PROCESSING_GROUP;
    }

    @Override
    public List<String> collections() {
        return List.of(ITEM_HISTORY, TEAMS);
    }

    @Override
    public List<String> retiredCollections() {
        return RETIRED;
    }

    /** Every event this read model takes in reads the audit's team timeline (the item documents are only updated). */
    @Override
    public Map<String, String> documentsRead(Object payload) {
        return payload instanceof AuditEvent event ? Map.of(TEAMS, event.auditId().value()) : Map.of();
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
    void on(ItemNotApplicableReasonRevised event, EventContext context) {
        record(event.auditId(), event.clause(), context, ItemChange.Kind.NOT_APPLICABLE_REASON_REVISED, null, true, null,
                true, null, event.reason());
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

    @QueryHandler
    List<ItemChange> handle(GetItemHistory query) {
        Document item = readModels.find(ITEM_HISTORY, id(query.auditId(), query.clause()));
        if (item == null) {
            return List.of();
        }
        return item.getList("changes", Document.class).stream().map(ItemHistoryProjection::toChange).toList();
    }

    private void record(AuditId auditId, String clause, EventContext context, ItemChange.Kind kind,
                        Percent oldPercent, boolean oldNotApplicable, Percent newPercent, boolean newNotApplicable,
                        String note, String reason) {
        Document change = new Document("kind", kind.name())
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
        readModels.updateOnce(ITEM_HISTORY, id(auditId, clause), context, Updates.combine(
                Updates.set("auditId", auditId.value()),
                Updates.set("clause", clause),
                Updates.push("changes", change)));
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

    private static String id(AuditId auditId, String clause) {
        return auditId.value() + "/" + clause;
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
