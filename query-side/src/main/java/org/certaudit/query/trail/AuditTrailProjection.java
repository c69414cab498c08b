package org.certaudit.query.trail;

import static org.certaudit.query.DocumentValues.instant;
import static org.certaudit.query.DocumentValues.number;
import static org.certaudit.query.DocumentValues.text;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.model.Updates;
import java.util.List;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.certaudit.audit.AuditEvent;
import org.certaudit.query.EventContext;
import org.certaudit.query.Page;
import org.certaudit.query.ReadModel;
import org.certaudit.query.ReadModels;
import org.certaudit.query.actor.TeamTimeline;
import org.springframework.stereotype.Component;

/**
 * Keeps each audit's events in one document ({@code _id} = audit id) in stream order. The payload
 * is stored as JSON text: MongoDB's JSON reader would turn 1.455 into a double; it is shown with its
 * single-value wrappers unwrapped ({@link PlainPayload}). Each entry names the team member the user was
 * at that moment, from the audit's team timeline kept in {@value #TEAMS} ({@code _id} = audit id, built
 * from the team events of the stream alone).
 */
@Component
@ProcessingGroup(AuditTrailProjection.PROCESSING_GROUP)
class AuditTrailProjection implements ReadModel {

    static final String PROCESSING_GROUP = "audit-trail";
    static final String TRAILS = "query_audit_trail";
    /**
     * Each audit's team timeline, apart from its trail: the trail document changes with every event, the
     * team rarely, so that a tracking batch reads the team once instead of storing and re-reading the
     * growing trail before every event.
     */
    static final String TEAMS = "query_audit_trail_team";

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

    @Override
    public List<String> collections() {
        return List.of(TRAILS, TEAMS);
    }

    @EventHandler
    void on(AuditEvent event, EventContext context, EventMessage<?> message) {
        String id = event.auditId().value();
        TeamTimeline team = team(id);
        Document entry = new Document("type", event.getClass().getSimpleName())
                .append("payload", json(event))
                .append("user", context.user())
                .append("member", TeamTimeline.toDocument(team.member(context.user(), context.sequenceNumber())))
                .append("requestId", context.requestId())
                .append("time", text(context.time()))
                .append("eventPosition", context.position())
                .append("sequenceNumber", context.sequenceNumber())
                .append("eventId", message.getIdentifier());
        readModels.updateOnce(TRAILS, id, context, Updates.push("events", entry));
        if (TeamTimeline.changesTeam(event)) {
            readModels.updateOnce(TEAMS, id, context,
                    Updates.set("team", team.after(event, context.sequenceNumber()).toDocuments()));
        }
    }

    private TeamTimeline team(String auditId) {
        // Through ReadModels: inside a tracking batch this sees the team changes the batch made before.
        Document team = readModels.find(TEAMS, auditId);
        return TeamTimeline.fromDocuments(team == null ? null : team.getList("team", Document.class));
    }

    @ResetHandler
    void reset() {
        readModels.clear(this);
    }

    @QueryHandler
    Optional<AuditTrail> handle(GetAuditTrail query) {
        Document trail = readModels.find(TRAILS, query.auditId().value());
        if (trail == null) {
            return Optional.empty();
        }
        List<Document> events = trail.getList("events", Document.class);
        List<TrailEntry> entries = Page.slice(events, query.page(), query.size()).stream()
                .map(entry -> new TrailEntry(entry.getString("type"), PlainPayload.of(entry.getString("payload")),
                        entry.getString("user"), TeamTimeline.fromDocument(entry.get("member", Document.class)),
                        entry.getString("requestId"), instant(entry, "time"),
                        number(entry, "eventPosition"), number(entry, "sequenceNumber"), entry.getString("eventId")))
                .toList();
        return Optional.of(new AuditTrail(query.auditId().value(), entries, query.page(), query.size(), events.size(),
                Page.totalPages(events.size(), query.size())));
    }

    private String json(AuditEvent event) {
        try {
            return objectMapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write event " + event.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
