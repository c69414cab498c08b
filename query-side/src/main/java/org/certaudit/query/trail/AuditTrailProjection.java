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
import org.springframework.stereotype.Component;

/**
 * Keeps each audit's events in one document ({@code _id} = audit id) in stream order. The payload
 * is stored as JSON text: MongoDB's JSON reader would turn 1.455 into a double.
 */
@Component
@ProcessingGroup(AuditTrailProjection.PROCESSING_GROUP)
class AuditTrailProjection implements ReadModel {

    static final String PROCESSING_GROUP = "audit-trail";
    static final String TRAILS = "query_audit_trail";

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
        return List.of(TRAILS);
    }

    @EventHandler
    void on(AuditEvent event, EventContext context, EventMessage<?> message) {
        Document entry = new Document("type", event.getClass().getSimpleName())
                .append("payload", json(event))
                .append("user", context.user())
                .append("requestId", context.requestId())
                .append("time", text(context.time()))
                .append("eventPosition", context.position())
                .append("sequenceNumber", context.sequenceNumber())
                .append("eventId", message.getIdentifier());
        readModels.updateOnce(TRAILS, event.auditId().value(), context, Updates.push("events", entry));
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
        List<TrailEntry> entries = trail.getList("events", Document.class).stream()
                .map(entry -> new TrailEntry(entry.getString("type"), entry.getString("payload"),
                        entry.getString("user"), entry.getString("requestId"), instant(entry, "time"),
                        number(entry, "eventPosition"), number(entry, "sequenceNumber"), entry.getString("eventId")))
                .toList();
        return Optional.of(new AuditTrail(query.auditId().value(), Page.slice(entries, query.page(), query.size()),
                query.page(), query.size(), entries.size(), Page.totalPages(entries.size(), query.size())));
    }

    private String json(AuditEvent event) {
        try {
            return objectMapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write event " + event.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
