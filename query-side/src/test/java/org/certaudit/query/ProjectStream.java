package org.certaudit.query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.EventMetaData;

/** Appends events to a project's stream the way the command side does: next sequence numbers, user and request id. */
public final class ProjectStream {

    private ProjectStream() {
    }

    /** Appends the events of one project in one batch; returns the sequence number of the last. */
    public static long append(EventStore store, String user, List<? extends AuditEvent> events) {
        return append(store, user, null, events);
    }

    /**
     * Appends the events of one project in one batch, recorded with the acting person's name ({@code personName}; none
     * when null) as the command side records it; returns the sequence number of the last.
     */
    public static long append(EventStore store, String user, String personName, List<? extends AuditEvent> events) {
        return append(store, user, personName, null, events);
    }

    /**
     * Appends the events of one project in one batch, each recorded at {@code recordedAt} (now when null), as the command
     * side records what a person did on that day; returns the sequence number of the last.
     */
    public static long appendAt(EventStore store, String user, Instant recordedAt, List<? extends AuditEvent> events) {
        return append(store, user, null, recordedAt, events);
    }

    private static long append(EventStore store, String user, String personName, Instant recordedAt,
                               List<? extends AuditEvent> events) {
        String project = events.get(0).auditId().projectNumber().value();
        long next = store.lastSequenceNumberFor(project).map(n -> n + 1).orElse(0L);
        List<DomainEventMessage<?>> messages = new ArrayList<>();
        String requestId = UUID.randomUUID().toString();
        for (AuditEvent event : events) {
            if (!event.auditId().projectNumber().value().equals(project)) {
                throw new IllegalArgumentException("one project per append");
            }
            Map<String, Object> metaData = new HashMap<>(Map.of(EventMetaData.USER, user, EventMetaData.REQUEST_ID, requestId));
            if (personName != null) {
                metaData.put(EventMetaData.PERSON_NAME, personName);
            }
            messages.add(new GenericDomainEventMessage<>("Project", project, next++, event, metaData,
                    UUID.randomUUID().toString(), recordedAt == null ? Instant.now() : recordedAt));
        }
        store.publish(messages);
        return next - 1;
    }

    public static long append(EventStore store, String user, AuditEvent... events) {
        return append(store, user, List.of(events));
    }
}
