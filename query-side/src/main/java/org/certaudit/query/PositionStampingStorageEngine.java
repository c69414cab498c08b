package org.certaudit.query;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.certaudit.eventstore.TrackedBatch;
import org.certaudit.eventstore.TrackedEventBatches;

/**
 * The storage engine as the query side's processors read it: every tracked event carries its own global
 * position in the metadata entry {@value EventContext#POSITION} (read time only, never stored).
 * <p>
 * Why: a {@link GapAwareTrackingToken}'s {@code position()} is its index, the highest position read so far.
 * An event that fills a gap (two commands raced for the store and the lower position landed second) carries
 * a token whose index is the later event's position, so a projection keyed by the token's position would give
 * two events one key, and show a different position live than in a replay, which reads in position order.
 * <p>
 * How: the engine delivers a stream's events in position order from the token it was asked for, each with
 * the token right after it (markers of abandoned positions are read but not delivered, and only ever lie
 * below the next delivered event). So an event's own position is the highest position its token covers and
 * the token before it did not: the new index when the index moved, else the highest former gap now closed.
 */
final class PositionStampingStorageEngine implements EventStorageEngine, TrackedEventBatches {

    private final EventStorageEngine delegate;

    PositionStampingStorageEngine(EventStorageEngine delegate) {
        this.delegate = delegate;
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        return stamped(trackingToken, delegate.readEvents(trackingToken, mayBlock));
    }

    /**
     * One batch, each event stamped as {@link #readEvents(TrackingToken, boolean)} stamps it: the engine's own batch
     * read when it has one, else the events of {@code readEvents} (which may read more than once) up to the first whose
     * own position is above {@code head}, at most {@code batchSize} of them. An engine's batch keeps the size it says
     * ({@link TrackedBatch}).
     */
    @Override
    public List<? extends TrackedEventMessage<?>> readBatch(TrackingToken after, int batchSize, long head) {
        if (delegate instanceof TrackedEventBatches batches) {
            List<? extends TrackedEventMessage<?>> read = batches.readBatch(after, batchSize, head);
            // The engine's size of the batch goes on with it: the source bounds the batches it keeps by it.
            return new TrackedBatch(stamped(after, read.stream()).toList(), TrackedBatch.storedChars(read));
        }
        try (Stream<? extends TrackedEventMessage<?>> read = readEvents(after, false)) {
            return read.takeWhile(message -> EventContext.of(message).position() <= head).limit(batchSize).toList();
        }
    }

    /** The events read after {@code after}, in order, each stamped with its own position. */
    private static Stream<TrackedEventMessage<?>> stamped(TrackingToken after,
                                                          Stream<? extends TrackedEventMessage<?>> read) {
        TrackingToken[] previous = {after};
        return read.map(message -> {
            long position = ownPosition(previous[0], message.trackingToken());
            previous[0] = message.trackingToken();
            return stamped(message, position);
        });
    }

    private static TrackedEventMessage<?> stamped(TrackedEventMessage<?> message, long position) {
        EventMessage<?> withPosition = message.andMetaData(Map.of(EventContext.POSITION, position));
        if (withPosition instanceof TrackedEventMessage<?> tracked) {
            return tracked;
        }
        throw new IllegalStateException("Axon's " + message.getClass().getName() + " lost its token when given metadata");
    }

    /**
     * The position of the event whose token is {@code after}, read right after {@code before}.
     *
     * @throws IllegalStateException if {@code after} covers no position that {@code before} did not
     */
    static long ownPosition(TrackingToken before, TrackingToken after) {
        if (!(after instanceof GapAwareTrackingToken next)) {
            // Tokens of other kinds (Axon's in-memory and JPA sequences) are the event's own index.
            return after.position().orElseThrow(() -> new IllegalStateException("a token without a position: " + after));
        }
        if (!(before instanceof GapAwareTrackingToken last) || next.getIndex() > last.getIndex()) {
            return next.getIndex();
        }
        List<Long> closed = last.getGaps().stream().filter(gap -> !next.getGaps().contains(gap)).toList();
        if (closed.isEmpty()) {
            throw new IllegalStateException("the token " + after + " of an event covers nothing beyond " + before);
        }
        return closed.get(closed.size() - 1);
    }

    @Override
    public void appendEvents(List<? extends EventMessage<?>> events) {
        delegate.appendEvents(events);
    }

    @Override
    public void storeSnapshot(DomainEventMessage<?> snapshot) {
        delegate.storeSnapshot(snapshot);
    }

    @Override
    public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
        return delegate.readEvents(aggregateIdentifier, firstSequenceNumber);
    }

    @Override
    public Optional<DomainEventMessage<?>> readSnapshot(String aggregateIdentifier) {
        return delegate.readSnapshot(aggregateIdentifier);
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        return delegate.lastSequenceNumberFor(aggregateIdentifier);
    }

    @Override
    public TrackingToken createTailToken() {
        return delegate.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return delegate.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return delegate.createTokenAt(dateTime);
    }
}
