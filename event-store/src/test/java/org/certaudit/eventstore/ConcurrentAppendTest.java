package org.certaudit.eventstore;

import com.mongodb.client.model.Filters;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

class ConcurrentAppendTest {

    private static StoreFixture store;

    @BeforeAll
    static void start() {
        store = StoreFixture.inMemory();
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    @BeforeEach
    void emptyDatabase() {
        store.database.drop();
    }

    /**
     * Both writers have reserved their positions before either inserts (the barrier in the append
     * hook), so they really race for the same sequence numbers.
     */
    @RepeatedTest(20)
    void twoAppendsToTheSameAggregateLeaveOneWinnerAndOneCleanFailure() throws Exception {
        CyclicBarrier bothReserved = new CyclicBarrier(2);
        List<DomainEventMessage<?>> history = StoreFixture.scored("0455-2021-SE", 0, 3);
        store.engine().appendEvents(history);
        MongoEventStorageEngine engine = store.engineBuilder().appendHook((first, last) -> await(bothReserved)).build();
        List<DomainEventMessage<?>> one = StoreFixture.scored("0455-2021-SE", 3, 2);
        List<DomainEventMessage<?>> other = StoreFixture.scored("0455-2021-SE", 3, 3);

        CompletableFuture<Throwable> first = CompletableFuture.supplyAsync(() -> outcome(engine, one));
        CompletableFuture<Throwable> second = CompletableFuture.supplyAsync(() -> outcome(engine, other));
        Throwable firstOutcome = first.get(10, TimeUnit.SECONDS);
        Throwable secondOutcome = second.get(10, TimeUnit.SECONDS);

        assertThat(List.of(firstOutcome == null, secondOutcome == null)).containsExactlyInAnyOrder(true, false);
        Throwable failure = firstOutcome != null ? firstOutcome : secondOutcome;
        assertThat(failure).isInstanceOf(ConcurrencyException.class)
                           .hasMessageContaining("aggregate [0455-2021-SE] at sequence [3]");
        List<DomainEventMessage<?>> winner = firstOutcome == null ? one : other;
        List<DomainEventMessage<?>> loser = firstOutcome == null ? other : one;
        List<String> stream = engine.readEvents("0455-2021-SE").asStream().map(EventMessage::getIdentifier).toList();
        List<String> expected = new ArrayList<>(history.stream().map(EventMessage::getIdentifier).toList());
        winner.forEach(event -> expected.add(event.getIdentifier()));
        assertThat(stream).containsExactlyElementsOf(expected);
        assertThat(store.events().countDocuments(Filters.in("eventId", loser.stream().map(EventMessage::getIdentifier).toList())))
                .isZero();
        assertThat(store.events().countDocuments()).isEqualTo(3 + winner.size());
    }

    @Test
    void aBatchThatConflictsOnItsSecondAggregateLeavesNothingOfTheFirst() {
        MongoEventStorageEngine engine = store.engine();
        engine.appendEvents(StoreFixture.scored("0001-2024-SE", 0, 1));
        List<EventMessage<?>> batch = new ArrayList<>(StoreFixture.scored("0002-2024-SE", 0, 2));
        batch.add(StoreFixture.scored("0001-2024-SE", 0));

        assertThatThrownBy(() -> engine.appendEvents(batch))
                .isInstanceOf(org.axonframework.modelling.command.AggregateStreamCreationException.class);

        assertThat(engine.readEvents("0002-2024-SE").asStream().count()).isZero();
        assertThat(engine.lastSequenceNumberFor("0002-2024-SE")).isEmpty();
        assertThat(store.events().countDocuments()).isEqualTo(1);
        assertThat(engine.readEvents(null, false).count()).isEqualTo(1);
    }

    @Test
    void aRejectedBatchIsAppendableAfterwardsAtTheSameSequenceNumbers() {
        MongoEventStorageEngine engine = store.engine();
        engine.appendEvents(StoreFixture.scored("0455-2021-SE", 0, 2));
        assertThatThrownBy(() -> engine.appendEvents(StoreFixture.scored("0455-2021-SE", 1, 3)))
                .isInstanceOf(ConcurrencyException.class);

        engine.appendEvents(StoreFixture.scored("0455-2021-SE", 2, 3));

        assertThat(engine.readEvents("0455-2021-SE").asStream().map(DomainEventMessage::getSequenceNumber).toList())
                .containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(engine.lastSequenceNumberFor("0455-2021-SE")).contains(4L);
    }

    private static Throwable outcome(MongoEventStorageEngine engine, List<DomainEventMessage<?>> events) {
        try {
            engine.appendEvents(events);
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            fail("the other writer never reserved its positions", e);
        }
    }
}
