package org.certaudit.eventstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.MongoClientSettings;
import com.mongodb.ConnectionString;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.ConcurrencyException;
import org.bson.Document;
import org.certaudit.ledger.EventDocuments;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An engine keeps the events of aggregates it loaded and reads only what came after them, in one round
 * trip that also checks the kept events still stand, so that another engine's writes are always seen.
 */
class AggregateCacheTest {

    private static final String PROJECT = "0455-2021-SE";

    private static StoreFixture store;
    private static MongoClient countedClient;
    private static final AtomicInteger finds = new AtomicInteger();

    @BeforeAll
    static void start() {
        store = StoreFixture.inMemory();
        countedClient = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(store.server.connectionString()))
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandStarted(CommandStartedEvent event) {
                        if (event.getCommandName().equals("find")) {
                            finds.incrementAndGet();
                        }
                    }
                }).build());
    }

    @AfterAll
    static void stop() {
        countedClient.close();
        store.close();
    }

    @BeforeEach
    void emptyDatabase() {
        store.database.drop();
    }

    private MongoEventStorageEngine countedEngine() {
        return MongoEventStorageEngine.builder().database(countedClient.getDatabase("certaudit"))
                .eventSerializer(StoreFixture.SERIALIZER).snapshotSerializer(StoreFixture.SERIALIZER).build();
    }

    @Test
    void loadingAnAggregateAgainReadsTheStoreOnceForEventsAndReturnsTheSameEvents() {
        MongoEventStorageEngine engine = countedEngine();
        store.engine().appendEvents(StoreFixture.scored(PROJECT, 0, 150)); // written elsewhere: nothing kept here yet
        finds.set(0);
        List<String> first = eventIds(engine);
        int firstLoad = finds.getAndSet(0);

        List<String> again = eventIds(engine);

        assertThat(again).isEqualTo(first).hasSize(150);
        assertThat(firstLoad).as("lookups of the first load, in growing steps").isGreaterThanOrEqualTo(5);
        assertThat(finds.get()).as("one of the events from the last kept one; the snapshot lookup is kept too")
                .isEqualTo(1);
    }

    @Test
    void appendingAfterALoadChainsToTheKeptLastEventWithoutLookingItUp() {
        MongoEventStorageEngine engine = countedEngine();
        engine.appendEvents(StoreFixture.scored(PROJECT, 0, 20));
        eventIds(engine);
        finds.set(0);

        engine.appendEvents(StoreFixture.scored(PROJECT, 20, 1));

        assertThat(finds.get()).as("no lookup of the predecessor's hash").isZero();
        assertChainedThroughout(21);
    }

    @Test
    void anAppendOnAStaleLoadFailsWholeAndTheNextLoadChainsToTheOtherWritersEvent() {
        MongoEventStorageEngine engine = countedEngine();
        MongoEventStorageEngine other = store.engine();
        engine.appendEvents(StoreFixture.scored(PROJECT, 0, 20));
        eventIds(engine);
        other.appendEvents(StoreFixture.scored(PROJECT, 20, 1));

        assertThatThrownBy(() -> engine.appendEvents(StoreFixture.scored(PROJECT, 20, 1)))
                .isInstanceOf(ConcurrencyException.class);
        assertThat(store.events().countDocuments()).as("the stale append left nothing").isEqualTo(21);

        assertThat(sequenceNumbers(engine)).hasSize(21);
        engine.appendEvents(StoreFixture.scored(PROJECT, 21, 1));
        assertChainedThroughout(22);
    }

    @Test
    void appendsInARowChainToWhatThisEngineAppendedWithoutReadingIt() {
        MongoEventStorageEngine engine = countedEngine();
        engine.appendEvents(StoreFixture.scored(PROJECT, 0, 5));
        eventIds(engine);
        finds.set(0);

        engine.appendEvents(StoreFixture.scored(PROJECT, 5, 2));
        engine.appendEvents(StoreFixture.scored(PROJECT, 7, 1));

        assertThat(finds.get()).isZero();
        assertChainedThroughout(8);
        assertThat(eventIds(engine)).isEqualTo(eventIds(store.engine()));
    }

    @Test
    void isLatestOnlyWhileNothingFollowsAndTheEventIsTheOneItKept() {
        MongoEventStorageEngine engine = countedEngine();
        MongoEventStorageEngine other = store.engine();
        engine.appendEvents(StoreFixture.scored(PROJECT, 0, 5));
        eventIds(engine);
        finds.set(0);

        assertThat(engine.isLatest(PROJECT, 4)).isTrue();
        assertThat(finds.get()).as("one lookup").isEqualTo(1);
        assertThat(engine.isLatest(PROJECT, 3)).as("event 4 follows").isFalse();
        assertThat(engine.isLatest(PROJECT, 5)).as("not stored").isFalse();

        other.appendEvents(StoreFixture.scored(PROJECT, 5, 1));
        assertThat(engine.isLatest(PROJECT, 4)).as("another engine appended after it").isFalse();

        // What a batch that failed half-way leaves: its events removed and the sequence number taken again.
        store.events().deleteMany(Filters.eq("seq", 5L));
        store.events().deleteMany(Filters.eq("seq", 4L));
        other.appendEvents(StoreFixture.scored(PROJECT, 4, 1));
        assertThat(engine.isLatest(PROJECT, 4)).as("event 4 is not the one this engine kept").isFalse();
        assertThat(eventIds(engine)).isEqualTo(eventIds(other));
    }

    @Test
    void loadingAgainNeedsNoSnapshotLookupAndUsesTheSnapshotThisEngineStored() {
        MongoEventStorageEngine engine = countedEngine();
        engine.appendEvents(StoreFixture.scored(PROJECT, 0, 30));
        eventIds(engine);
        engine.storeSnapshot(snapshot(29));
        finds.set(0);

        assertThat(engine.readSnapshot(PROJECT)).get().extracting(DomainEventMessage::getSequenceNumber).isEqualTo(29L);
        assertThat(finds.get()).as("the stored snapshot was kept").isZero();
        assertThat(engine.keptSnapshotChars()).isPositive();
    }

    @Test
    void aNewerSnapshotOfAnotherEngineOnlyMeansReadingMoreEvents() {
        MongoEventStorageEngine engine = countedEngine();
        MongoEventStorageEngine other = store.engine();
        engine.appendEvents(StoreFixture.scored(PROJECT, 0, 30));
        engine.storeSnapshot(snapshot(9));
        assertThat(engine.readSnapshot(PROJECT)).get().extracting(DomainEventMessage::getSequenceNumber).isEqualTo(9L);

        other.appendEvents(StoreFixture.scored(PROJECT, 30, 5));
        other.storeSnapshot(snapshot(34));

        // As Axon's event store loads: the snapshot, then the events after it; the kept one is older, so
        // every event since it is read, the other engine's included.
        long snapshotAt = engine.readSnapshot(PROJECT).orElseThrow().getSequenceNumber();
        assertThat(snapshotAt).isEqualTo(9L);
        assertThat(engine.readEvents(PROJECT, snapshotAt + 1).asStream().map(DomainEventMessage::getSequenceNumber)
                .toList()).hasSize(25).startsWith(10L).endsWith(34L);
    }

    @Test
    void aStoredSnapshotDropsTheKeptEventsBeforeItAndTheNextLoadAndAppendStillNeedOneLookupAtMost() {
        MongoEventStorageEngine engine = countedEngine();
        engine.appendEvents(StoreFixture.scored(PROJECT, 0, 30));
        assertThat(engine.keptAggregateEvents()).isEqualTo(30);

        engine.storeSnapshot(snapshot(19));
        assertThat(engine.keptAggregateEvents()).as("events 20 to 29").isEqualTo(10);
        finds.set(0);
        assertThat(sequenceNumbers(engine.readEvents(PROJECT, 20))).hasSize(10).startsWith(20L).endsWith(29L);
        assertThat(finds.get()).as("the load after the snapshot checks the kept events in one lookup").isEqualTo(1);

        engine.storeSnapshot(snapshot(29));
        assertThat(engine.keptAggregateEvents()).as("the last event, which the next append chains to").isEqualTo(1);
        finds.set(0);
        engine.appendEvents(StoreFixture.scored(PROJECT, 30, 1));
        assertThat(finds.get()).as("no lookup of the predecessor's hash").isZero();
        assertChainedThroughout(31);
        assertThat(sequenceNumbers(engine.readEvents(PROJECT, 30))).containsExactly(30L);
        assertThat(sequenceNumbers(engine)).as("a load from before the snapshot reads the store")
                .hasSize(31).isSorted().startsWith(0L);
    }

    @Test
    void aSnapshotReadFromTheStoreDropsTheKeptEventsBeforeIt() {
        MongoEventStorageEngine engine = countedEngine();
        store.engine().appendEvents(StoreFixture.scored(PROJECT, 0, 30));
        store.engine().storeSnapshot(snapshot(24));
        assertThat(sequenceNumbers(engine)).hasSize(30);
        assertThat(engine.keptAggregateEvents()).isEqualTo(30);

        assertThat(engine.readSnapshot(PROJECT)).get().extracting(DomainEventMessage::getSequenceNumber).isEqualTo(24L);

        assertThat(engine.keptAggregateEvents()).as("events 25 to 29").isEqualTo(5);
        assertThat(sequenceNumbers(engine.readEvents(PROJECT, 25))).containsExactly(25L, 26L, 27L, 28L, 29L);
    }

    @Test
    void keepsNoSnapshotsWhenItsBoundIsZero() {
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(countedClient.getDatabase("certaudit"))
                .eventSerializer(StoreFixture.SERIALIZER).snapshotSerializer(StoreFixture.SERIALIZER)
                .snapshotCache(0).build();
        engine.appendEvents(StoreFixture.scored(PROJECT, 0, 3));
        engine.storeSnapshot(snapshot(2));
        finds.set(0);

        assertThat(engine.readSnapshot(PROJECT)).isPresent();
        assertThat(finds.get()).isEqualTo(1);
        assertThat(engine.keptSnapshotChars()).isZero();
    }

    @Test
    void aRangedReadTakesExactlyItsSequenceNumbersInOneLookupAndKeepsNothing() {
        MongoEventStorageEngine engine = countedEngine();
        store.engine().appendEvents(StoreFixture.scored(PROJECT, 0, 150));
        finds.set(0);

        List<Long> middle = sequenceNumbers(engine.readEvents(PROJECT, 40, 43));
        int lookups = finds.get();
        List<Long> pastTheEnd = sequenceNumbers(engine.readEvents(PROJECT, 148, 160));
        List<Long> none = sequenceNumbers(engine.readEvents(PROJECT, 7, 7));

        assertThat(middle).containsExactly(40L, 41L, 42L);
        assertThat(lookups).isEqualTo(1);
        assertThat(pastTheEnd).containsExactly(148L, 149L);
        assertThat(none).isEmpty();
        assertThat(engine.keptAggregateEvents()).as("ranged reads keep nothing").isZero();
    }

    private static List<Long> sequenceNumbers(org.axonframework.eventsourcing.eventstore.DomainEventStream stream) {
        List<Long> numbers = new java.util.ArrayList<>();
        stream.forEachRemaining(event -> numbers.add(event.getSequenceNumber()));
        return numbers;
    }

    private static DomainEventMessage<?> snapshot(long sequenceNumber) {
        return new GenericDomainEventMessage<>("Project", PROJECT, sequenceNumber,
                new StoreFixture.ItemScored(PROJECT + ".1", "snapshot", (int) sequenceNumber), MetaData.emptyInstance());
    }

    /** Every event's prevHash is the stored hash of the one before it. */
    private static void assertChainedThroughout(int events) {
        List<Document> stream = store.events().find(Filters.eq("aggregateId", PROJECT)).sort(Sorts.ascending("seq"))
                .into(new java.util.ArrayList<>());
        assertThat(stream).hasSize(events);
        for (int i = 1; i < stream.size(); i++) {
            assertThat(stream.get(i).getString(EventDocuments.PREV_HASH)).as("prevHash of event " + i)
                    .isEqualTo(stream.get(i - 1).getString(EventDocuments.HASH));
        }
    }

    @Test
    void seesWhatAnotherEngineAppendedSinceTheLastLoad() {
        MongoEventStorageEngine engine = countedEngine();
        MongoEventStorageEngine other = store.engine();
        engine.appendEvents(StoreFixture.scored(PROJECT, 0, 20));
        eventIds(engine);

        other.appendEvents(StoreFixture.scored(PROJECT, 20, 3));
        assertThat(sequenceNumbers(engine)).hasSize(23).endsWith(20L, 21L, 22L);
        other.appendEvents(StoreFixture.scored(PROJECT, 23, 30));
        assertThat(sequenceNumbers(engine)).as("more new events than one lookup asks for").hasSize(53).last()
                .isEqualTo(52L);
        assertThat(eventIds(engine)).isEqualTo(eventIds(other));
    }

    @Test
    void dropsKeptEventsWhenTheLastOfThemWasReplacedInTheStore() {
        MongoEventStorageEngine engine = countedEngine();
        MongoEventStorageEngine other = store.engine();
        engine.appendEvents(StoreFixture.scored(PROJECT, 0, 5));
        eventIds(engine);

        // What a batch that failed half-way leaves behind: its events removed, its sequence numbers taken again.
        store.events().deleteMany(Filters.in("seq", 3L, 4L));
        DomainEventMessage<?> replacement = new GenericDomainEventMessage<>("Project", PROJECT, 3,
                new StoreFixture.ItemScored(PROJECT + ".1", "5.3.1.1", 60), MetaData.emptyInstance());
        other.appendEvents(List.of(replacement));

        List<String> ids = eventIds(engine);
        assertThat(ids).hasSize(4).endsWith(replacement.getIdentifier());
    }

    @Test
    void keepsNoMoreEventsThanItsBound() {
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(store.database)
                .eventSerializer(StoreFixture.SERIALIZER).snapshotSerializer(StoreFixture.SERIALIZER)
                .aggregateCache(100).build();
        engine.appendEvents(StoreFixture.scored("0001-2024-SE", 0, 60));
        engine.appendEvents(StoreFixture.scored("0002-2024-SE", 0, 60));
        engine.appendEvents(StoreFixture.scored("0003-2024-SE", 0, 120));

        engine.readEvents("0001-2024-SE").asStream().toList();
        engine.readEvents("0002-2024-SE").asStream().toList();
        assertThat(engine.keptAggregateEvents()).as("the first project made room for the second").isEqualTo(60);

        assertThat(engine.readEvents("0003-2024-SE").asStream().toList()).hasSize(120);
        assertThat(engine.keptAggregateEvents()).as("a stream longer than the bound is not kept").isLessThanOrEqualTo(100);
        assertThat(engine.readEvents("0001-2024-SE").asStream().toList()).hasSize(60);
    }

    private static List<String> eventIds(MongoEventStorageEngine engine) {
        return engine.readEvents(PROJECT).asStream().map(DomainEventMessage::getIdentifier).toList();
    }

    private static List<Long> sequenceNumbers(MongoEventStorageEngine engine) {
        return engine.readEvents(PROJECT).asStream().map(DomainEventMessage::getSequenceNumber).toList();
    }
}
