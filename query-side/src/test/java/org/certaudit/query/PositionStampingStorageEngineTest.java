package org.certaudit.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.certaudit.eventstore.TrackedEventBatches;
import org.junit.jupiter.api.Test;

/**
 * Tokens as our engine hands them out: in position order from the token asked for, each the token right
 * after its event, gaps kept until their event (or an abandoned-position marker) is read.
 */
class PositionStampingStorageEngineTest {

    @Test
    void anEventThatFillsAGapCarriesItsOwnPositionNotTheHighestOneRead() {
        // Position 6 was reserved first but landed after 7: read 7 (6 becomes a gap), then 6, then 8.
        List<TrackedEventMessage<?>> read = readThrough(token(5), event(token(7, 6), 0), event(token(7), 1),
                                                        event(token(8), 2));

        assertThat(read).extracting(message -> EventContext.of(message).position()).containsExactly(7L, 6L, 8L);
        assertThat(read).extracting(message -> message.trackingToken().position().getAsLong())
                        .as("what the tokens alone would say").containsExactly(7L, 7L, 8L);
    }

    @Test
    void positionsAbandonedAndReadAsMarkersBeforeAnEventDoNotCountAsIts() {
        // Gaps 4 and 6 close with one delivered event: 4 was read as a marker (never delivered), 6 is the event.
        List<TrackedEventMessage<?>> read = readThrough(token(10, 4, 6), event(token(10), 0));

        assertThat(EventContext.of(read.get(0)).position()).isEqualTo(6L);
    }

    @Test
    void theFirstEventReadFromTheTailIsAtTheTokensIndex() {
        List<TrackedEventMessage<?>> read = readThrough(null, event(token(3, 1, 2), 0), event(token(3, 2), 1));

        assertThat(read).extracting(message -> EventContext.of(message).position()).containsExactly(3L, 1L);
    }

    @Test
    void theStampSurvivesTheReplayTokenThatARebuildWrapsAroundTheEvent() {
        TrackedEventMessage<?> read = readThrough(token(7, 6), event(token(7), 0)).get(0);
        TrackedEventMessage<?> replayed = read.withTrackingToken(ReplayToken.createReplayToken(token(9), token(7)));

        assertThat(EventContext.of(replayed).position()).isEqualTo(6L);
    }

    @Test
    void aBatchFromAnEngineThatReadsBatchesIsStampedAsItsStreamWouldBeAndGetsTheHeadAndSizeAskedFor() {
        List<Object[]> asked = new java.util.ArrayList<>();
        class BatchEngine extends InMemoryEventStorageEngine implements TrackedEventBatches {
            @Override
            public List<? extends TrackedEventMessage<?>> readBatch(TrackingToken after, int batchSize, long head) {
                asked.add(new Object[] {after, batchSize, head});
                return List.of(event(token(7, 6), 0), event(token(7), 1), event(token(8), 2));
            }
        }

        List<? extends TrackedEventMessage<?>> batch = new PositionStampingStorageEngine(new BatchEngine())
                .readBatch(token(5), 50, 8);

        assertThat(batch).extracting(message -> EventContext.of(message).position()).containsExactly(7L, 6L, 8L);
        assertThat(asked).singleElement().satisfies(call -> assertThat(call).containsExactly(token(5), 50, 8L));
    }

    @Test
    void aBatchFromAnEngineWithoutBatchesIsAtMostTheSizeAskedForOfItsStreamUpToTheHead() {
        TrackedEventMessage<?>[] stored = {event(token(7, 6), 0), event(token(7), 1), event(token(8), 2)};

        assertThat(readBatchThrough(token(5), 2, 100, stored)).as("cut by the size")
                .extracting(message -> EventContext.of(message).position()).containsExactly(7L, 6L);
        assertThat(readBatchThrough(token(5), 100, 7, stored)).as("cut by the head: 8 is above it")
                .extracting(message -> EventContext.of(message).position()).containsExactly(7L, 6L);
        assertThat(readBatchThrough(token(5), 100, 8, stored)).hasSize(3);
    }

    @Test
    void refusesAGapAwareEventWithoutItsOwnPositionRatherThanGuessIt() {
        assertThatThrownBy(() -> EventContext.of(event(token(7), 0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(EventContext.POSITION);
    }

    @Test
    void refusesATokenThatCoversNothingNew() {
        assertThatThrownBy(() -> PositionStampingStorageEngine.ownPosition(token(7, 6), token(7, 6)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("covers nothing");
    }

    private static List<TrackedEventMessage<?>> readThrough(TrackingToken from, TrackedEventMessage<?>... stored) {
        InMemoryEventStorageEngine delegate = new InMemoryEventStorageEngine() {
            @Override
            public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken token, boolean mayBlock) {
                assertThat(token).isEqualTo(from);
                return Stream.of(stored);
            }
        };
        return List.copyOf(new PositionStampingStorageEngine(delegate).readEvents(from, false).toList());
    }

    private static List<? extends TrackedEventMessage<?>> readBatchThrough(TrackingToken from, int batchSize, long head,
                                                                           TrackedEventMessage<?>... stored) {
        InMemoryEventStorageEngine delegate = new InMemoryEventStorageEngine() {
            @Override
            public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken token, boolean mayBlock) {
                assertThat(token).isEqualTo(from);
                return Stream.of(stored);
            }
        };
        return new PositionStampingStorageEngine(delegate).readBatch(from, batchSize, head);
    }

    private static GapAwareTrackingToken token(long index, long... gaps) {
        return GapAwareTrackingToken.newInstance(index, LongStream.of(gaps).boxed().toList());
    }

    private static TrackedEventMessage<?> event(TrackingToken token, long sequence) {
        return new GenericTrackedDomainEventMessage<>(token, new GenericDomainEventMessage<>(
                "Project", "0455-2021-SE", sequence, "payload " + sequence, Map.of("user", "leader"),
                "event-" + sequence, Instant.parse("2021-06-05T01:00:00Z")));
    }
}
