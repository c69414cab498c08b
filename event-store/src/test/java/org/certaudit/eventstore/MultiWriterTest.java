package org.certaudit.eventstore;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.model.Filters;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
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
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.bson.Document;
import org.certaudit.ledger.verifier.StoreVerifier;
import org.certaudit.ledger.verifier.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several writers, each with its own client and engine as separate command-side instances have, append
 * to the same aggregates and to new ones at once, some of them stalling between reserving positions and
 * inserting (long enough, now and then, for readers to abandon the position); tracking readers follow
 * the whole time. Then the history is checked as a whole: every acknowledged event is stored exactly
 * once and nothing else, each stream's positions grow with its sequence numbers, every reader saw every
 * stored event once and each stream in order, and a read model that skips what it "already applied"
 * equals the fold of the stored events.
 */
class MultiWriterTest {

    private static final int WRITERS_PER_ENGINE = 3;
    private static final int SHARED_AGGREGATES = 6;
    private static final Duration WRITING = Duration.ofSeconds(6);
    /** Writing goes on past {@link #WRITING} until this much history exists (a loaded machine is slow). */
    private static final int ENOUGH_EVENTS = 300;
    private static final Duration AT_MOST = Duration.ofSeconds(90);
    private static final Duration GAP_TIMEOUT = Duration.ofMillis(150);

    private StoreFixture store;
    private final List<MongoClient> clients = new ArrayList<>();

    @BeforeEach
    void start() {
        store = StoreFixture.inMemory();
    }

    @AfterEach
    void stop() {
        clients.forEach(MongoClient::close);
        store.close();
    }

    @Test
    void racingWritersOnTwoEnginesLoseNothingAndReadersSeeEveryStreamInOrder() throws Exception {
        MongoEventStorageEngine first = instance();
        MongoEventStorageEngine second = instance();
        MongoEventStorageEngine readerEngine = instance();

        // Reader 1: Axon's tracking processor on an event store of its own, as the query side runs it.
        EmbeddedEventStore eventStore = EmbeddedEventStore.builder().storageEngine(readerEngine).build();
        List<Seen> processorSaw = new CopyOnWriteArrayList<>();
        SkippingReadModel readModel = new SkippingReadModel();
        TrackingEventProcessor processor = processor(eventStore, processorSaw, readModel);
        processor.start();
        // Reader 2: the engine's own stream, polled as fast as it goes.
        List<Seen> pollerSaw = new CopyOnWriteArrayList<>();
        AtomicBoolean polling = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(2 * WRITERS_PER_ENGINE + 1);
        Future<?> poller = pool.submit(() -> poll(first, pollerSaw, polling));

        Map<String, DomainEventMessage<?>> acknowledged = new ConcurrentHashMap<>();
        Set<String> refused = ConcurrentHashMap.newKeySet();
        AtomicInteger conflicts = new AtomicInteger();
        AtomicInteger abandoned = new AtomicInteger();
        long until = System.nanoTime() + WRITING.toNanos();
        long latest = System.nanoTime() + AT_MOST.toNanos();
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < 2 * WRITERS_PER_ENGINE; w++) {
            MongoEventStorageEngine engine = w % 2 == 0 ? first : second;
            int writer = w;
            writers.add(pool.submit(() -> write(writer, engine, until, latest, acknowledged, refused, conflicts, abandoned)));
        }
        for (Future<?> writer : writers) {
            writer.get(60, TimeUnit.SECONDS);
        }

        List<Document> stored = store.events().find(Filters.exists(MongoEventStorageEngine.ABANDONED, false))
                                     .into(new ArrayList<>());
        await().atMost(Duration.ofSeconds(30)).until(() -> processorSaw.size() >= stored.size()
                && pollerSaw.size() >= stored.size());
        polling.set(false);
        poller.get(10, TimeUnit.SECONDS);
        processor.shutDown();
        eventStore.shutDown();
        pool.shutdown();

        System.out.printf("multi-writer history: %d events acknowledged, %d concurrency refusals, %d writes failed "
                          + "on an abandoned position, %d positions abandoned%n", acknowledged.size(), conflicts.get(),
                          abandoned.get(), store.events().countDocuments(Filters.exists(MongoEventStorageEngine.ABANDONED)));
        assertThat(acknowledged).as("enough history to mean something").hasSizeGreaterThanOrEqualTo(ENOUGH_EVENTS);
        assertThat(conflicts.get()).as("the writers did race on the shared aggregates").isPositive();

        // Every acknowledged event is stored exactly once, and nothing that was refused.
        Map<String, Document> byEventId = stored.stream()
                .collect(Collectors.toMap(document -> document.getString("eventId"), document -> document));
        assertThat(byEventId).hasSameSizeAs(stored);
        assertThat(byEventId.keySet()).containsExactlyInAnyOrderElementsOf(acknowledged.keySet());
        assertThat(byEventId.keySet()).doesNotContainAnyElementsOf(refused);

        // Within each stream, sequence numbers run 0, 1, 2, ... in position order.
        Map<String, List<Document>> streams = stored.stream()
                .sorted((a, b) -> Long.compare(a.getLong("_id"), b.getLong("_id")))
                .collect(Collectors.groupingBy(document -> document.getString("aggregateId"), Collectors.toList()));
        streams.forEach((aggregate, events) -> {
            List<Long> sequence = events.stream().map(document -> document.getLong("seq")).toList();
            assertThat(sequence).as("stream %s in position order", aggregate)
                                .containsExactlyElementsOf(range(events.size()));
        });

        // Every reader saw every stored event once, and each stream in order.
        for (List<Seen> saw : List.of(processorSaw, pollerSaw)) {
            assertThat(saw.stream().map(Seen::eventId).toList()).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(byEventId.keySet());
            Map<String, List<Long>> perStream = new HashMap<>();
            saw.forEach(seen -> perStream.computeIfAbsent(seen.aggregateId(), key -> new ArrayList<>()).add(seen.seq()));
            perStream.forEach((aggregate, sequence) ->
                    assertThat(sequence).as("delivered order of %s", aggregate).containsExactlyElementsOf(range(sequence.size())));
        }

        // The read model that skips events at or below its last sequence equals the fold of what is stored.
        Map<String, List<String>> fold = new HashMap<>();
        streams.forEach((aggregate, events) ->
                fold.put(aggregate, events.stream().map(document -> document.getString("eventId")).toList()));
        assertThat(readModel.applied).isEqualTo(fold);

        // Issue #13: every stream is still one unbroken chain of hashes, checked as the verifier's --store mode does.
        Verdict verdict = StoreVerifier.verify(store.database,
                                               KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic(), null);
        assertThat(verdict.problems()).as(verdict.report()).isEmpty();
        assertThat(verdict.verified()).contains(stored.size() + " events in " + streams.size() + " streams read; "
                                                + stored.size() + " chained correctly");
    }

    private MongoEventStorageEngine instance() {
        MongoClient client = MongoClients.create(store.server.connectionString());
        clients.add(client);
        return MongoEventStorageEngine.builder().database(client.getDatabase("certaudit")).client(client)
                .eventSerializer(StoreFixture.SERIALIZER).snapshotSerializer(StoreFixture.SERIALIZER)
                .gapTimeout(GAP_TIMEOUT)
                .appendHook((firstPosition, lastPosition) -> stall())
                .build();
    }

    /** Most appends go straight through; some stall briefly, a few longer than the readers' gap timeout. */
    private static void stall() {
        int dice = ThreadLocalRandom.current().nextInt(100);
        long millis = dice < 2 ? 2 * GAP_TIMEOUT.toMillis() : dice < 20 ? ThreadLocalRandom.current().nextInt(10) : 0;
        if (millis > 0) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Like a command handler: loads the aggregate's last sequence number, appends the next event or two,
     * and counts the append as acknowledged only when it returned. Half the appends go to the shared
     * aggregates, where writers race; the other half open aggregates of their own, some of which
     * another writer then races to create too.
     */
    private static void write(int writer, MongoEventStorageEngine engine, long until, long latest,
                              Map<String, DomainEventMessage<?>> acknowledged, Set<String> refused,
                              AtomicInteger conflicts, AtomicInteger abandoned) {
        int own = 0;
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (System.nanoTime() < until
                || (acknowledged.size() < ENOUGH_EVENTS && System.nanoTime() < latest)) {
            String aggregate = random.nextBoolean() ? "SHARED-" + random.nextInt(SHARED_AGGREGATES)
                    : random.nextInt(4) == 0 ? "NEW-" + random.nextInt(2 * WRITERS_PER_ENGINE) + "-" + (own / 3)
                    : "W" + writer + "-" + own++;
            long next = engine.lastSequenceNumberFor(aggregate).map(seq -> seq + 1).orElse(0L);
            List<DomainEventMessage<?>> batch = new ArrayList<>();
            for (int i = 0; i < (random.nextInt(5) == 0 ? 2 : 1); i++) {
                batch.add(new GenericDomainEventMessage<>("Project", aggregate, next + i,
                        new StoreFixture.ItemScored(aggregate + ".1", "5.1.1." + (next + i), 80),
                        MetaData.with("user", "writer-" + writer)));
            }
            try {
                engine.appendEvents(batch);
                batch.forEach(event -> acknowledged.put(event.getIdentifier(), event));
            } catch (AggregateStreamCreationException | ConcurrencyException e) {
                conflicts.incrementAndGet();
                batch.forEach(event -> refused.add(event.getIdentifier()));
            } catch (EventStoreException e) {
                abandoned.incrementAndGet();
                batch.forEach(event -> refused.add(event.getIdentifier()));
            }
        }
    }

    private static void poll(MongoEventStorageEngine engine, List<Seen> saw, AtomicBoolean polling) {
        TrackingToken token = null;
        while (polling.get()) {
            List<? extends TrackedEventMessage<?>> batch = engine.readEvents(token, false).toList();
            for (TrackedEventMessage<?> message : batch) {
                saw.add(Seen.of(message));
                token = message.trackingToken();
            }
            if (batch.isEmpty()) {
                Thread.onSpinWait();
            }
        }
    }

    private static TrackingEventProcessor processor(EmbeddedEventStore eventStore, List<Seen> saw,
                                                    SkippingReadModel readModel) {
        return TrackingEventProcessor.builder()
                .name("multi-writer-reader")
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(new Object() {
                    @EventHandler
                    void on(StoreFixture.ItemScored event, org.axonframework.eventhandling.EventMessage<?> message) {
                        TrackedEventMessage<?> tracked = (TrackedEventMessage<?>) message;
                        Seen seen = Seen.of(tracked);
                        saw.add(seen);
                        readModel.apply(seen);
                    }
                }).build())
                .messageSource(eventStore)
                .tokenStore(new InMemoryTokenStore())
                .transactionManager(NoTransactionManager.INSTANCE)
                .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration.forSingleThreadedProcessing())
                .build();
    }

    private static List<Long> range(int size) {
        List<Long> numbers = new ArrayList<>(size);
        for (long i = 0; i < size; i++) {
            numbers.add(i);
        }
        return numbers;
    }

    /** What a reader was given. */
    record Seen(String eventId, String aggregateId, long seq) {
        static Seen of(TrackedEventMessage<?> message) {
            DomainEventMessage<?> event = (DomainEventMessage<?>) message;
            return new Seen(event.getIdentifier(), event.getAggregateIdentifier(), event.getSequenceNumber());
        }
    }

    /** The query side's rule: an event at or below the document's last sequence number was applied already. */
    static final class SkippingReadModel {
        final Map<String, List<String>> applied = new HashMap<>();
        private final Map<String, Long> lastSequence = new HashMap<>();

        void apply(Seen event) {
            Long last = lastSequence.get(event.aggregateId());
            if (last != null && event.seq() <= last) {
                return;
            }
            applied.computeIfAbsent(event.aggregateId(), key -> new ArrayList<>()).add(event.eventId());
            lastSequence.put(event.aggregateId(), event.seq());
        }
    }
}
