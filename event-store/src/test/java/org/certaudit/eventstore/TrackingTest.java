package org.certaudit.eventstore;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandSucceededEvent;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.messaging.MetaData;
import org.bson.BsonDocument;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Reading the global stream while writers commit out of order, fail, or never finish. */
class TrackingTest {

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

    @Test
    void aTrackingProcessorReceivesAnEventCommittedAfterALaterPosition() throws Exception {
        MongoEventStorageEngine engine = store.engine();
        EmbeddedEventStore eventStore = EmbeddedEventStore.builder().storageEngine(engine).build();
        List<String> received = new CopyOnWriteArrayList<>();
        TrackingEventProcessor processor = processor(eventStore, received);
        processor.start();
        HeldWriter slow = new HeldWriter(store.engineBuilder());
        try {
            eventStore.publish(StoreFixture.scored("0001-2024-SE", 0));
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 1);

            slow.appending(StoreFixture.scored("0002-2024-SE", 0));
            eventStore.publish(StoreFixture.scored("0003-2024-SE", 0));
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 2);

            slow.land();
            // The slow writer's engine does not wake the processor: it finds the event by polling its gap.
            await().atMost(Duration.ofSeconds(15)).until(() -> received.size() == 3);
            assertThat(received).containsExactly("0001-2024-SE", "0003-2024-SE", "0002-2024-SE");
        } finally {
            slow.release();
            processor.shutDown();
            eventStore.shutDown();
        }
    }

    @Test
    void aPositionReservedBeforeAnotherIsKeptAsAGapAndReadWhenItLands() throws Exception {
        MongoEventStorageEngine engine = store.engine();
        HeldWriter slow = new HeldWriter(store.engineBuilder());
        heldBetweenTwoStored(engine, slow);

        List<? extends TrackedEventMessage<?>> firstRead = engine.readEvents(null, false).toList();
        assertThat(firstRead).extracting(TrackedEventMessage::getPayload)
                             .extracting("auditId").containsExactly("0001-2024-SE.1", "0003-2024-SE.1");
        GapAwareTrackingToken token = (GapAwareTrackingToken) firstRead.get(1).trackingToken();
        assertThat(token.getIndex()).isEqualTo(3);
        assertThat(token.getGaps()).containsExactly(2L);

        slow.land();
        List<? extends TrackedEventMessage<?>> secondRead = engine.readEvents(token, false).toList();
        assertThat(secondRead).extracting(TrackedEventMessage::getPayload)
                              .extracting("auditId").containsExactly("0002-2024-SE.1");
        GapAwareTrackingToken after = (GapAwareTrackingToken) secondRead.get(0).trackingToken();
        assertThat(after.getIndex()).isEqualTo(3);
        assertThat(after.getGaps()).isEmpty();
    }

    @Test
    void aBatchReadsOnlyUpToTheHeadItIsGivenWithTheTokensAStreamWouldGive() throws Exception {
        MongoEventStorageEngine engine = store.engine();
        HeldWriter slow = new HeldWriter(store.engineBuilder());
        heldBetweenTwoStored(engine, slow);
        for (int project = 4; project <= 6; project++) {
            engine.appendEvents(StoreFixture.scored("000" + project + "-2024-SE", 0));
        }
        assertThat(engine.highestReservedPosition()).isEqualTo(6);

        // Given head 4, the batch ends at 4 although the counter says 6; position 2 is under way: a gap.
        List<? extends TrackedEventMessage<?>> batch = engine.readBatch(null, 100, 4);
        assertThat(batch).extracting(TrackedEventMessage::getPayload).extracting("auditId")
                         .containsExactly("0001-2024-SE.1", "0003-2024-SE.1", "0004-2024-SE.1");
        assertThat(batch).extracting(TrackedEventMessage::trackingToken)
                         .isEqualTo(engine.readEvents(null, false).limit(3).map(TrackedEventMessage::trackingToken)
                                          .toList());
        GapAwareTrackingToken token = (GapAwareTrackingToken) batch.get(2).trackingToken();
        assertThat(token.getIndex()).isEqualTo(4);
        assertThat(token.getGaps()).containsExactly(2L);

        slow.land();
        List<? extends TrackedEventMessage<?>> next = engine.readBatch(token, 2, 6);
        assertThat(next).as("the gap first, then position 5: two, the batch size")
                        .extracting(TrackedEventMessage::getPayload).extracting("auditId")
                        .containsExactly("0002-2024-SE.1", "0005-2024-SE.1");
        assertThat(engine.readBatch(next.get(1).trackingToken(), 100, 5)).as("nothing after 5 up to head 5").isEmpty();
        assertThatThrownBy(() -> engine.readBatch(null, 0, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBatchStopsAfterTheEventThatReachesItsSizeBoundAndTheNextGoesOnWithEveryEventOnceInOrder() {
        // Each event is about 10,000 characters: a bound of 25,000 lets a batch hold three (the third reaches it).
        MongoEventStorageEngine bounded = store.engineBuilder().trackedBatchChars(25_000).build();
        MongoEventStorageEngine unbounded = store.engine();
        for (int project = 1; project <= 4; project++) {
            bounded.appendEvents(large("000" + project + "-2024-SE", 0), large("000" + project + "-2024-SE", 1));
        }
        List<? extends TrackedEventMessage<?>> whole = unbounded.readBatch(null, 100, 8);
        assertThat(whole).as("without the bound one batch holds all eight").hasSize(8);

        List<Integer> sizes = new ArrayList<>();
        List<TrackedEventMessage<?>> read = new ArrayList<>();
        TrackingToken token = null;
        List<? extends TrackedEventMessage<?>> batch;
        while (!(batch = bounded.readBatch(token, 100, 8)).isEmpty()) {
            sizes.add(batch.size());
            read.addAll(batch);
            token = last(batch);
        }

        assertThat(sizes).containsExactly(3, 3, 2);
        assertThat(TrackedBatch.storedChars(bounded.readBatch(null, 100, 8))).as("three events' characters")
                                                                             .isBetween(30_000L, 31_000L);
        assertThat(read).extracting(EventMessage::getIdentifier)
                        .containsExactlyElementsOf(whole.stream().map(EventMessage::getIdentifier).toList());
        assertThat(read).extracting(TrackedEventMessage::trackingToken)
                        .containsExactlyElementsOf(whole.stream().map(TrackedEventMessage::trackingToken).toList());
        assertThat(bounded.readEvents(null, false).map(EventMessage::getIdentifier).toList())
                .as("Axon's own stream reads on past the short batches")
                .containsExactlyElementsOf(whole.stream().map(EventMessage::getIdentifier).toList());
    }

    @Test
    void aBatchOfOrdinaryEventsIsOneReplyAndLargeEventsAfterThemComeInRepliesOfAFew() {
        List<String> commands = new CopyOnWriteArrayList<>();
        List<Integer> replyLengths = new CopyOnWriteArrayList<>();
        try (MongoClient counted = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(store.server.connectionString()))
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandSucceeded(CommandSucceededEvent event) {
                        BsonDocument cursor = event.getResponse().getDocument("cursor", null);
                        if (cursor != null && event.getDatabaseName().equals("certaudit")) {
                            commands.add(event.getCommandName());
                            replyLengths.add(cursor.getArray(cursor.containsKey("firstBatch") ? "firstBatch"
                                    : "nextBatch").size());
                        }
                    }
                }).build())) {
            MongoEventStorageEngine engine = MongoEventStorageEngine.builder()
                    .database(counted.getDatabase("certaudit")).eventSerializer(StoreFixture.SERIALIZER)
                    .snapshotSerializer(StoreFixture.SERIALIZER).build();
            engine.appendEvents(StoreFixture.scored("0001-2024-SE", 0, 100));
            for (int seq = 0; seq < 5; seq++) {
                engine.appendEvents(huge("0002-2024-SE", seq));
            }
            commands.clear();
            replyLengths.clear();

            List<? extends TrackedEventMessage<?>> ordinary = engine.readBatch(null, 100, 105);
            assertThat(ordinary).hasSize(100);
            assertThat(commands).as("one find, one reply").containsExactly("find");
            assertThat(replyLengths).containsExactly(100);

            commands.clear();
            replyLengths.clear();
            List<? extends TrackedEventMessage<?>> large = engine.readBatch(last(ordinary), 100, 105);
            assertThat(large).as("the batch's bound, 2 Mi characters, is reached by the fifth event of 500,000")
                             .extracting(event -> ((DomainEventMessage<?>) event).getSequenceNumber())
                             .containsExactly(0L, 1L, 2L, 3L, 4L);
            assertThat(replyLengths).as("replies within the store's bound of 1 Mi characters: two events each")
                                    .containsExactly(2, 2, 1);
        }
    }

    @Test
    void anEventLargerThanTheBoundIsABatchOfItsOwn() {
        MongoEventStorageEngine bounded = store.engineBuilder().trackedBatchChars(1_000).build();
        bounded.appendEvents(large("0001-2024-SE", 0), StoreFixture.scored("0001-2024-SE", 1));

        List<? extends TrackedEventMessage<?>> first = bounded.readBatch(null, 100, 2);
        List<? extends TrackedEventMessage<?>> second = bounded.readBatch(last(first), 100, 2);

        assertThat(first).extracting(event -> ((DomainEventMessage<?>) event).getSequenceNumber()).containsExactly(0L);
        assertThat(second).extracting(event -> ((DomainEventMessage<?>) event).getSequenceNumber()).containsExactly(1L);
        assertThat(bounded.readBatch(last(second), 100, 2)).isEmpty();
    }

    @Test
    void aBatchCutAtALandedGapKeepsThePositionsAfterItForTheNextBatch() throws Exception {
        MongoEventStorageEngine bounded = store.engineBuilder().trackedBatchChars(5_000).build();
        HeldWriter slow = new HeldWriter(store.engineBuilder());
        bounded.appendEvents(StoreFixture.scored("0001-2024-SE", 0));
        slow.appending(large("0002-2024-SE", 0));
        bounded.appendEvents(StoreFixture.scored("0003-2024-SE", 0));
        GapAwareTrackingToken token = (GapAwareTrackingToken) last(bounded.readBatch(null, 100, 3));
        assertThat(token.getGaps()).containsExactly(2L);
        bounded.appendEvents(large("0004-2024-SE", 0), large("0004-2024-SE", 1));
        slow.land();

        List<? extends TrackedEventMessage<?>> gapOnly = bounded.readBatch(token, 100, 5);
        assertThat(gapOnly).as("the landed gap alone reaches the bound").extracting(TrackedEventMessage::getPayload)
                           .extracting("auditId").containsExactly("0002-2024-SE.1");
        GapAwareTrackingToken afterGap = (GapAwareTrackingToken) last(gapOnly);
        assertThat(afterGap.getIndex()).isEqualTo(3);
        assertThat(afterGap.getGaps()).isEmpty();
        List<? extends TrackedEventMessage<?>> fourth = bounded.readBatch(afterGap, 100, 5);
        List<? extends TrackedEventMessage<?>> fifth = bounded.readBatch(last(fourth), 100, 5);
        assertThat(fourth).extracting(event -> event.trackingToken().position().orElseThrow()).containsExactly(4L);
        assertThat(fifth).extracting(event -> event.trackingToken().position().orElseThrow()).containsExactly(5L);
    }

    @Test
    void aGapLeftByAFailedWriteIsGivenUpOnceTheEventAfterItIsOlderThanTheGapTimeout() {
        StoreFixture.MovableClock clock = new StoreFixture.MovableClock();
        MongoEventStorageEngine engine = store.engineBuilder().clock(clock).gapTimeout(Duration.ofSeconds(60)).build();
        MongoEventStorageEngine failingWriter = store.engineBuilder().clock(clock).appendHook((first, last) -> {
            throw new IllegalStateException("the writer died between reserving and inserting");
        }).build();
        engine.appendEvents(StoreFixture.scored("0001-2024-SE", 0));
        assertThatThrownBy(() -> failingWriter.appendEvents(StoreFixture.scored("0002-2024-SE", 0)))
                .hasMessageContaining("writer died");
        engine.appendEvents(StoreFixture.scored("0003-2024-SE", 0));

        TrackingToken token = last(engine.readEvents(null, false).toList());
        assertThat(((GapAwareTrackingToken) token).getGaps()).containsExactly(2L);

        clock.advance(Duration.ofSeconds(59));
        engine.appendEvents(StoreFixture.scored("0004-2024-SE", 0));
        token = last(engine.readEvents(token, false).toList());
        assertThat(((GapAwareTrackingToken) token).getGaps()).as("still within the timeout").containsExactly(2L);

        clock.advance(Duration.ofSeconds(2));
        engine.appendEvents(StoreFixture.scored("0005-2024-SE", 0));
        token = last(engine.readEvents(token, false).toList());
        assertThat(((GapAwareTrackingToken) token).getGaps()).isEmpty();
        assertThat(token.position()).hasValue(5);
    }

    @Test
    void aRunOfMissingPositionsLongerThanABatchDoesNotStopTheReader() {
        MongoEventStorageEngine engine = store.engineBuilder().batchSize(10).build();
        MongoEventStorageEngine failingWriter = store.engineBuilder().appendHook((first, last) -> {
            throw new IllegalStateException("failed before inserting");
        }).build();
        engine.appendEvents(StoreFixture.scored("0001-2024-SE", 0));
        assertThatThrownBy(() -> failingWriter.appendEvents(StoreFixture.scored("0002-2024-SE", 0, 25)));
        engine.appendEvents(StoreFixture.scored("0003-2024-SE", 0));

        assertThat(engine.readEvents(null, false).map(EventMessage::getPayload).toList())
                .extracting("auditId").containsExactly("0001-2024-SE.1", "0003-2024-SE.1");
        assertThat(engine.readEvents(null, false).reduce((a, b) -> b).orElseThrow().trackingToken().position())
                .hasValue(27);
    }

    @Test
    void eventsThatLandWhileTheReaderLooksPastAMissingBatchComeInPositionOrder() throws Exception {
        MongoEventStorageEngine engine = store.engine();
        HeldWriter slow = new HeldWriter(store.engineBuilder());
        engine.appendEvents(StoreFixture.scored("0001-2024-SE", 0));
        TrackingToken afterFirst = last(engine.readEvents(null, false).toList());
        slow.appending(StoreFixture.scored("0002-2024-SE", 0, 10));
        // The reader's window (5 positions) finds nothing of the reserved 10; the whole append lands before it
        // looks further (its second find), so it sees events 5..9 there while 0..4 were missing a moment ago.
        FindInterceptor interceptor = new FindInterceptor(2, slow::landQuietly);
        MongoEventStorageEngine reader = store.engineBuilder().database(interceptor.wrap(store.database))
                                              .batchSize(5).createIndexes(false).build();

        List<? extends TrackedEventMessage<?>> read = reader.readEvents(afterFirst, false).toList();

        assertThat(interceptor.ran()).as("the append landed between the reader's two finds").isTrue();
        assertThat(read).extracting(event -> ((DomainEventMessage<?>) event).getSequenceNumber())
                        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(read).extracting(event -> event.trackingToken().position().orElseThrow())
                        .isSorted();
    }

    @Test
    void theHeadTokenKeepsAWriteStillUnderWayBelowItAsAGap() throws Exception {
        MongoEventStorageEngine engine = store.engine();
        HeldWriter slow = new HeldWriter(store.engineBuilder());
        heldBetweenTwoStored(engine, slow);

        TrackingToken head = engine.createHeadToken();
        assertThat(engine.readEvents(head, false).count()).isZero();
        slow.land();

        assertThat(engine.readEvents(head, false).map(EventMessage::getPayload).toList())
                .extracting("auditId").containsExactly("0002-2024-SE.1");
    }

    @Test
    void aWriteThatLandsAfterItsGapWasAbandonedFailsWholeInsteadOfBeingStoredUnread() throws Exception {
        StoreFixture.MovableClock clock = new StoreFixture.MovableClock();
        MongoEventStorageEngine engine = store.engineBuilder().clock(clock).gapTimeout(Duration.ofSeconds(60)).build();
        HeldWriter slow = new HeldWriter(store.engineBuilder().clock(clock));
        heldBetweenTwoStored(engine, slow);
        TrackingToken token = last(engine.readEvents(null, false).toList());
        assertThat(((GapAwareTrackingToken) token).getGaps()).containsExactly(2L);

        clock.advance(Duration.ofSeconds(61));
        engine.appendEvents(StoreFixture.scored("0004-2024-SE", 0));
        token = last(engine.readEvents(token, false).toList());
        assertThat(((GapAwareTrackingToken) token).getGaps()).as("position 2 was abandoned").isEmpty();

        assertThatThrownBy(slow::land)
                .hasCauseInstanceOf(EventStoreException.class)
                .hasMessageContaining("readers abandoned that position")
                .hasMessageContaining("nothing of the batch was stored");
        assertThat(engine.readEvents("0002-2024-SE").asStream().count()).as("the late write left nothing").isZero();
        assertThat(engine.readEvents(null, false).map(EventMessage::getPayload).toList())
                .extracting("auditId").containsExactly("0001-2024-SE.1", "0003-2024-SE.1", "0004-2024-SE.1");
    }

    @Test
    void aGapFarBehindIsKeptUntilAbandonedNeverDroppedSilently() throws Exception {
        MongoEventStorageEngine engine = store.engineBuilder().maxGapOffset(5).batchSize(100).build();
        HeldWriter slow = new HeldWriter(store.engineBuilder());
        engine.appendEvents(StoreFixture.scored("0001-2024-SE", 0));
        slow.appending(StoreFixture.scored("0002-2024-SE", 0));
        engine.appendEvents(StoreFixture.scored("0003-2024-SE", 0, 3));
        TrackingToken token = last(engine.readEvents(null, false).toList());
        engine.appendEvents(StoreFixture.scored("0004-2024-SE", 0, 10));
        token = last(engine.readEvents(token, false).toList());
        assertThat(token.position()).hasValue(15);
        assertThat(((GapAwareTrackingToken) token).getGaps()).as("13 positions behind, still a gap").containsExactly(2L);

        assertThat(engine.readEvents(token, false).count()).as("this read abandons position 2").isZero();
        engine.appendEvents(StoreFixture.scored("0005-2024-SE", 0));
        token = last(engine.readEvents(token, false).toList());
        assertThat(((GapAwareTrackingToken) token).getGaps()).isEmpty();

        assertThatThrownBy(slow::land).hasCauseInstanceOf(EventStoreException.class);
        assertThat(engine.readEvents("0002-2024-SE").asStream().count()).isZero();
    }

    @Test
    void anAggregatesNextEventGetsAHigherPositionWhicheverInstanceWroteTheOneBefore() {
        MongoEventStorageEngine first = store.engine();
        MongoEventStorageEngine second = store.engine();
        for (int seq = 0; seq < 20; seq++) {
            (seq % 3 == 0 ? second : first).appendEvents(StoreFixture.scored("0455-2021-SE", seq));
            // Unrelated traffic on the other instance between the two, as a busy second writer would have.
            (seq % 3 == 0 ? first : second).appendEvents(StoreFixture.scored("OTHER-" + seq, 0));
        }
        List<Long> positions = first.readEvents(null, false)
                .filter(message -> ((StoreFixture.ItemScored) message.getPayload()).auditId().startsWith("0455"))
                .map(message -> message.trackingToken().position().orElseThrow()).toList();
        assertThat(positions).hasSize(20).isSorted().doesNotHaveDuplicates();
    }

    @Test
    void lastSequenceNumberIsFoundByKeyLookupsForAnyStreamLength() {
        MongoEventStorageEngine engine = store.engine();
        for (int length : new int[]{1, 2, 3, 63, 64, 65, 130, 1000}) {
            String project = "P-" + length;
            engine.appendEvents(StoreFixture.scored(project, 0, length));
            assertThat(engine.lastSequenceNumberFor(project)).as(project).contains((long) length - 1);
        }
        assertThat(engine.lastSequenceNumberFor("never-written")).isEmpty();
    }

    @Test
    void metadataComesBackExactlyAndTimestampsToTheMillisecond() {
        MongoEventStorageEngine engine = store.engine();
        var event = StoreFixture.scored("0455-2021-SE", 0).andMetaData(MetaData.with("user", "leader"));
        engine.appendEvents(event);

        var read = engine.readEvents("0455-2021-SE").next();
        assertThat(read.getMetaData()).isEqualTo(event.getMetaData());
        // Axon's own engines keep milliseconds too (DateTimeUtils formats with three digits).
        assertThat(read.getTimestamp()).isEqualTo(event.getTimestamp().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(read.getPayload()).isEqualTo(event.getPayload());
        assertThat(read.getType()).isEqualTo("Project");
    }

    /** Position 1 stored by {@code engine}, 2 reserved by {@code slow} and held, 3 stored after it by {@code engine}. */
    private static void heldBetweenTwoStored(MongoEventStorageEngine engine, HeldWriter slow)
            throws InterruptedException {
        engine.appendEvents(StoreFixture.scored("0001-2024-SE", 0));
        slow.appending(StoreFixture.scored("0002-2024-SE", 0));
        engine.appendEvents(StoreFixture.scored("0003-2024-SE", 0));
    }

    /** An event of about 10,000 characters, as a finding near its length limit is. */
    private static DomainEventMessage<StoreFixture.ItemScored> large(String project, long seq) {
        return new GenericDomainEventMessage<>("Project", project, seq,
                new StoreFixture.ItemScored(project + ".1", "5.2.2." + seq + " " + "x".repeat(10_000), 80),
                MetaData.with("user", "auditor"));
    }

    private static DomainEventMessage<StoreFixture.ItemScored> huge(String project, long seq) {
        return new GenericDomainEventMessage<>("Project", project, seq,
                new StoreFixture.ItemScored(project + ".1", "5.2.2." + seq + " " + "x".repeat(500_000), 80),
                MetaData.with("user", "auditor"));
    }

    private static TrackingToken last(List<? extends TrackedEventMessage<?>> events) {
        assertThat(events).isNotEmpty();
        return events.get(events.size() - 1).trackingToken();
    }

    private static TrackingEventProcessor processor(EmbeddedEventStore eventStore, List<String> received) {
        return TrackingEventProcessor.builder()
                .name("tracking-test")
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(new Object() {
                    @EventHandler
                    void on(StoreFixture.ItemScored event) {
                        received.add(event.auditId().substring(0, event.auditId().length() - 2));
                    }
                }).build())
                .messageSource(eventStore)
                .tokenStore(new InMemoryTokenStore())
                .transactionManager(NoTransactionManager.INSTANCE)
                .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration.forSingleThreadedProcessing())
                .build();
    }

    /** A writer whose append reserves its positions and then holds its insert until released. */
    private static final class HeldWriter {
        private final CountDownLatch reserved = new CountDownLatch(1);
        private final CountDownLatch release = new CountDownLatch(1);
        private final MongoEventStorageEngine engine;
        private CompletableFuture<Void> append;

        HeldWriter(MongoEventStorageEngine.Builder builder) {
            engine = builder.appendHook((first, last) -> {
                reserved.countDown();
                awaitQuietly(release);
            }).build();
        }

        void appending(EventMessage<?> event) throws InterruptedException {
            appending(List.of(event));
        }

        /** Starts appending the events on another thread; returns once their positions are reserved. */
        void appending(List<? extends EventMessage<?>> events) throws InterruptedException {
            append = CompletableFuture.runAsync(() -> engine.appendEvents(events));
            assertThat(reserved.await(5, TimeUnit.SECONDS)).as("the held append reserved its positions").isTrue();
        }

        /** Lets the insert go on, without waiting for it. */
        void release() {
            release.countDown();
        }

        /** Lets the insert go on and waits for the append (its failure is the {@code ExecutionException}'s cause). */
        void land() throws Exception {
            release.countDown();
            append.get(5, TimeUnit.SECONDS);
        }

        void landQuietly() {
            release.countDown();
            append.join();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
