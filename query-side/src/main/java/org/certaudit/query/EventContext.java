package org.certaudit.query;

import java.time.Instant;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.WrappedToken;
import org.certaudit.audit.EventMetaData;

/**
 * Where and by whom an event happened, as a projection handler needs it: the event's position in
 * the global stream (the key that makes handlers idempotent), its sequence number in the project
 * stream (the audit's version), its timestamp and the {@code user}, {@code personName} (that person's name as recorded
 * when they acted; null when none was) and {@code requestId} metadata.
 */
public record EventContext(long position, long sequenceNumber, Instant time, String user, String personName,
                           String requestId) {

    /** A context recorded without a person's name (every event stored before names were kept). */
    public EventContext(long position, long sequenceNumber, Instant time, String user, String requestId) {
        this(position, sequenceNumber, time, user, null, requestId);
    }

    /**
     * The metadata entry with the event's own global position, added as the query side reads the store
     * ({@link PositionStampingStorageEngine}); a gap-aware token's position is the highest one read, which
     * an event that filled a gap does not have.
     */
    public static final String POSITION = "certaudit.position";

    /** Reads the context of a tracked domain event; projections only ever see those. */
    public static EventContext of(EventMessage<?> message) {
        if (!(message instanceof TrackedEventMessage<?> tracked) || tracked.trackingToken() == null) {
            throw new IllegalArgumentException("projections need tracked events to know their position: " + message.getIdentifier());
        }
        long position = position(tracked);
        if (!(message instanceof DomainEventMessage<?> domain)) {
            throw new IllegalArgumentException("projections need domain events to know the audit's version: " + message.getIdentifier());
        }
        return new EventContext(position, domain.getSequenceNumber(), message.getTimestamp(),
                metaData(message, EventMetaData.USER), metaData(message, EventMetaData.PERSON_NAME),
                metaData(message, EventMetaData.REQUEST_ID));
    }

    private static long position(TrackedEventMessage<?> tracked) {
        Object stamped = tracked.getMetaData().get(POSITION);
        if (stamped instanceof Number number) {
            return number.longValue();
        }
        if (WrappedToken.unwrap(tracked.trackingToken(), GapAwareTrackingToken.class).isPresent()) {
            throw new IllegalArgumentException("an event read with a gap-aware token needs its own position stamped ("
                    + POSITION + "): " + tracked.getIdentifier());
        }
        return tracked.trackingToken().position().orElseThrow(() -> new IllegalArgumentException(
                "tracking token without a position: " + tracked.trackingToken()));
    }

    private static String metaData(EventMessage<?> message, String key) {
        Object value = message.getMetaData().get(key);
        return value == null ? null : value.toString();
    }

    /**
     * The name recorded for {@code actor} (the reviewer, decider or canceller the payload names): {@link #personName()}
     * when {@code actor} is the user who signed in, else null.
     */
    public String nameOf(String actor) {
        return EventMetaData.nameRecordedFor(actor, user, personName);
    }
}
