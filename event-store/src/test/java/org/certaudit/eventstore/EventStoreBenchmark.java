package org.certaudit.eventstore;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import org.axonframework.common.transaction.NoTransactionManager;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.SimpleEventHandlerInvoker;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.certaudit.eventstore.embedded.EmbeddedMongoStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The event store's figures on the durable embedded H2 store, printed as one table. Not a test:
 * run it with {@code ./mvnw -B -o -pl event-store -am -Pbenchmark verify} (see the README).
 * <p>
 * Appends are single-event, single-threaded, acknowledged, each event ~500 bytes stored; the
 * engines append through Axon's {@link EmbeddedEventStore} with a {@link TrackingEventProcessor}
 * following the store, as in the apps. Read times are medians of repeated runs after a warm-up.
 */
public final class EventStoreBenchmark {

    private static final JacksonSerializer SERIALIZER = JacksonSerializer.defaultSerializer();
    private static final String TEXT = "x".repeat(300);
    private static final Duration APPEND_RUN = Duration.ofSeconds(Long.getLong("benchmark.appendSeconds", 15));
    private static final int LARGE = Integer.getInteger("benchmark.largeStore", 1_000_000);
    private static final int SMALL = 10_000;
    private static final int AGGREGATE_EVENTS = 100;
    private static final int ROUNDS = 5;

    /** A payload like an audit event: a few fields and some text. */
    public record Scored(String auditId, String clause, int percent, String note) {
    }

    public static void main(String[] args) throws Exception {
        Path dataDir = Files.createTempDirectory("certaudit-benchmark");
        List<String[]> rows = new ArrayList<>();
        try (EmbeddedMongoStore store = EmbeddedMongoStore.onFile(dataDir, 0);
             MongoClient client = MongoClients.create(store.connectionString())) {
            System.out.println("Embedded H2 store in " + store.file());

            double raw = rawInsertRate(client.getDatabase("raw"));
            rows.add(row("raw driver insertOne (~500 B documents)", raw, "docs/s"));

            MongoEventStorageEngine bare = ourEngine(client.getDatabase("ours-bare"));
            double oursBare = appendRate(bare, false);
            rows.add(row("our engine append, no processor", oursBare, "events/s"));
            rows.add(new String[]{"  = share of raw insert rate (target >= 40%)", pct(oursBare / raw), ""});

            MongoEventStorageEngine oursEmpty = ourEngine(client.getDatabase("ours-empty"));
            double oursFromEmpty = appendRate(oursEmpty, true);
            EventStorageEngine axonEmpty = axonMongoEngine(client, "axonmongo-empty");
            double axonFromEmpty = appendRate(axonEmpty, true);
            rows.add(row("our engine append, tracking processor, store empty at start", oursFromEmpty, "events/s"));
            rows.add(row("axon-mongo append, tracking processor, store empty at start", axonFromEmpty, "events/s"));
            rows.add(new String[]{"  = ours / axon-mongo", ratio(oursFromEmpty / axonFromEmpty), ""});

            MongoEventStorageEngine ours = ourEngine(client.getDatabase("ours"));
            prefill(ours);
            double oursRate = appendRate(ours, true);
            EventStorageEngine axonMongo = axonMongoEngine(client, "axonmongo");
            prefill(axonMongo);
            double axonRate = appendRate(axonMongo, true);
            rows.add(row("our engine append, tracking processor, " + SMALL + " events stored", oursRate, "events/s"));
            rows.add(row("axon-mongo append, tracking processor, " + SMALL + " events stored", axonRate, "events/s"));
            rows.add(new String[]{"  = ours / axon-mongo (target >= 5x)", ratio(oursRate / axonRate), ""});

            // Two stores side by side, measured in turns, so that a change in the machine's load
            // between the two measurements does not pass for an effect of the store's size.
            MongoDatabase smallStore = client.getDatabase("scale-small");
            MongoDatabase largeStore = client.getDatabase("scale-large");
            MongoEventStorageEngine small = ourEngine(smallStore);
            MongoEventStorageEngine large = ourEngine(largeStore);
            fill(smallStore, 0, SMALL - AGGREGATE_EVENTS);
            appendAggregate(small, "probe");
            long started = System.nanoTime();
            fill(largeStore, 0, LARGE - AGGREGATE_EVENTS);
            System.out.printf(Locale.ROOT, "bulk-loaded %,d filler events in %.0f s%n", LARGE - AGGREGATE_EVENTS,
                              (System.nanoTime() - started) / 1e9);
            appendAggregate(large, "probe");
            settle(store);
            double[] loadSmall = new double[ROUNDS];
            double[] loadLarge = new double[ROUNDS];
            double[] batchSmall = new double[ROUNDS];
            double[] batchLarge = new double[ROUNDS];
            for (int round = 0; round < ROUNDS; round++) {
                loadSmall[round] = medianMillis(() -> load(small, "probe"));
                loadLarge[round] = medianMillis(() -> load(large, "probe"));
                batchSmall[round] = medianMillis(() -> trackingBatch(small, SMALL / 2));
                batchLarge[round] = medianMillis(() -> trackingBatch(large, LARGE / 2));
            }
            double loadSmallMs = median(loadSmall);
            double loadLargeMs = median(loadLarge);
            double batchSmallMs = median(batchSmall);
            double batchLargeMs = median(batchLarge);
            rows.add(row("aggregate load (" + AGGREGATE_EVENTS + " events), " + SMALL + " events stored", loadSmallMs, "ms"));
            rows.add(row("aggregate load (" + AGGREGATE_EVENTS + " events), " + LARGE + " events stored", loadLargeMs, "ms"));
            rows.add(new String[]{"  = ratio large / small (target <= 1.5)", String.format(Locale.ROOT, "%.2f", loadLargeMs / loadSmallMs), ""});
            rows.add(row("tracking batch read (100 events), " + SMALL + " events stored", batchSmallMs, "ms"));
            rows.add(row("tracking batch read (100 events), " + LARGE + " events stored", batchLargeMs, "ms"));
            rows.add(new String[]{"  = ratio large / small (target <= 1.5)", String.format(Locale.ROOT, "%.2f", batchLargeMs / batchSmallMs), ""});
            System.out.printf(Locale.ROOT, "H2 file size: %,d MB%n", Files.size(store.file()) / (1024 * 1024));
        } finally {
            // Gigabytes after a full run: do not leave them in the temp directory.
            try (var files = Files.walk(dataDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
        System.out.println();
        System.out.println("| figure | value | unit |");
        System.out.println("|---|---:|---|");
        rows.forEach(r -> System.out.println("| " + r[0] + " | " + r[1] + " | " + r[2] + " |"));
    }

    private static double rawInsertRate(MongoDatabase database) {
        MongoCollection<Document> raw = database.getCollection("raw");
        for (int i = 0; i < 300; i++) {
            raw.insertOne(rawDocument(i));
        }
        long count = 0;
        long end = System.nanoTime() + APPEND_RUN.toNanos();
        long start = System.nanoTime();
        while (System.nanoTime() < end) {
            raw.insertOne(rawDocument(count++));
        }
        return count / ((System.nanoTime() - start) / 1e9);
    }

    private static Document rawDocument(long n) {
        return new Document("eventId", UUID.randomUUID().toString())
                .append("aggregateId", "raw-" + (n % 100)).append("seq", n / 100)
                .append("timestamp", new Date()).append("payloadType", Scored.class.getName())
                .append("payload", "{\"auditId\":\"0455-2021-SE.1\",\"clause\":\"5.2.2.3\",\"percent\":80,\"note\":\"" + TEXT + "\"}")
                .append("metaData", "{\"user\":\"auditor\",\"requestId\":\"" + UUID.randomUUID() + "\"}");
    }

    private static MongoEventStorageEngine ourEngine(MongoDatabase database) {
        return MongoEventStorageEngine.builder().database(database)
                                      .eventSerializer(SERIALIZER).snapshotSerializer(SERIALIZER).build();
    }

    private static EventStorageEngine axonMongoEngine(MongoClient client, String database) {
        org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine engine =
                org.axonframework.extensions.mongo.eventsourcing.eventstore.MongoEventStorageEngine.builder()
                        .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(client, database).build())
                        .eventSerializer(SERIALIZER).snapshotSerializer(SERIALIZER).build();
        engine.ensureIndexes();
        return engine;
    }

    /** {@value #SMALL} events of 200 aggregates, appended through the engine in batches of 50. */
    private static void prefill(EventStorageEngine engine) {
        for (int aggregate = 0; aggregate < SMALL / 50; aggregate++) {
            List<EventMessage<?>> batch = new ArrayList<>();
            for (int seq = 0; seq < 50; seq++) {
                batch.add(new GenericDomainEventMessage<>("Project", "prefill-" + aggregate, seq,
                        new Scored("prefill", "5.2.2." + seq, 80, TEXT), MetaData.with("user", "auditor")));
            }
            engine.appendEvents(batch);
        }
    }

    /**
     * Single-event appends for {@link #APPEND_RUN} over 100 aggregates, through Axon's
     * {@link EmbeddedEventStore}, optionally with a tracking processor following from the start of
     * the store (it first catches up on what is stored, then follows the appends).
     */
    private static double appendRate(EventStorageEngine engine, boolean withProcessor) throws InterruptedException {
        EmbeddedEventStore eventStore = EmbeddedEventStore.builder().storageEngine(engine).build();
        AtomicLong handled = new AtomicLong();
        TrackingEventProcessor processor = TrackingEventProcessor.builder()
                .name("benchmark")
                .eventHandlerInvoker(SimpleEventHandlerInvoker.builder().eventHandlers(new Object() {
                    @EventHandler
                    void on(Scored event) {
                        if (!"prefill".equals(event.auditId())) {
                            handled.incrementAndGet();
                        }
                    }
                }).build())
                .messageSource(eventStore)
                .tokenStore(new InMemoryTokenStore())
                .transactionManager(NoTransactionManager.INSTANCE)
                .trackingEventProcessorConfiguration(TrackingEventProcessorConfiguration.forSingleThreadedProcessing())
                .build();
        if (withProcessor) {
            processor.start();
        }
        try {
            String run = UUID.randomUUID().toString().substring(0, 8);
            long[] sequence = new long[100];
            for (int i = 0; i < 300; i++) {
                publish(eventStore, run, sequence, i);
            }
            long count = 0;
            long start = System.nanoTime();
            long end = start + APPEND_RUN.toNanos();
            while (System.nanoTime() < end) {
                publish(eventStore, run, sequence, (int) count++);
            }
            double rate = count / ((System.nanoTime() - start) / 1e9);
            long deadline = System.currentTimeMillis() + 120_000;
            while (withProcessor && handled.get() < count + 300 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            System.out.printf(Locale.ROOT, "%s: %,d appends, processor handled %,d%n",
                              engine.getClass().getName(), count + 300, handled.get());
            return rate;
        } finally {
            processor.shutDown();
            eventStore.shutDown();
        }
    }

    private static void publish(EmbeddedEventStore eventStore, String run, long[] sequence, int n) {
        int aggregate = n % sequence.length;
        eventStore.publish(new GenericDomainEventMessage<>("Project", run + "-" + aggregate, sequence[aggregate]++,
                new Scored("0455-2021-SE.1", "5.2.2." + (n % 9), n % 101, TEXT),
                MetaData.with("user", "auditor").and("requestId", UUID.randomUUID().toString())));
    }

    /** Inserts filler events straight into {@code events} (positions after {@code stored}) and moves the counter. */
    private static void fill(MongoDatabase database, long stored, long count) {
        MongoCollection<Document> events = database.getCollection(MongoEventStorageEngine.EVENTS);
        SerializedObject<String> payload = SERIALIZER.serialize(new Scored("0455-2021-SE.1", "5.2.2.3", 80, TEXT), String.class);
        String metaData = "{\"user\":\"auditor\",\"requestId\":\"filler\"}";
        Date now = new Date();
        List<Document> batch = new ArrayList<>();
        for (long i = 1; i <= count; i++) {
            long position = stored + i;
            String aggregateId = "filler-" + (position / 50);
            long seq = position % 50;
            batch.add(new Document("_id", position).append("eventId", UUID.randomUUID().toString())
                    .append("stream", MongoEventStorageEngine.streamKey(aggregateId, seq))
                    .append("aggregateId", aggregateId).append("aggregateType", "Project").append("seq", seq)
                    .append("timestamp", now).append("timestampNanos", 0).append("payloadType", payload.getType().getName())
                    .append("payloadRevision", null).append("payload", payload.getData()).append("metaData", metaData)
                    .append("appendedAt", now));
            if (batch.size() == 10_000 || i == count) {
                events.insertMany(batch, new InsertManyOptions().ordered(true));
                batch.clear();
                if (i % 100_000 == 0) {
                    System.out.printf(Locale.ROOT, "  filled %,d%n", position);
                }
            }
        }
        database.getCollection(MongoEventStorageEngine.COUNTER).updateOne(Filters.eq("_id", "position"),
                Updates.set("value", stored + count), new UpdateOptions().upsert(true));
    }

    private static String appendAggregate(MongoEventStorageEngine engine, String aggregateId) {
        for (int seq = 0; seq < AGGREGATE_EVENTS; seq++) {
            engine.appendEvents(new GenericDomainEventMessage<>("Project", aggregateId, seq,
                    new Scored("0455-2021-SE.1", "5.2.2." + seq, 80, TEXT), MetaData.with("user", "auditor")));
        }
        return aggregateId;
    }

    /** Reads are measured on a committed store, not against the checkpoint of a bulk load. */
    private static void settle(EmbeddedMongoStore store) {
        store.backend().checkpoint();
        System.gc();
    }

    private static void load(MongoEventStorageEngine engine, String aggregateId) {
        long events = engine.readEvents(aggregateId).asStream().count();
        if (events != AGGREGATE_EVENTS) {
            throw new IllegalStateException("loaded " + events + " events of " + aggregateId);
        }
    }

    private static void trackingBatch(MongoEventStorageEngine engine, long after) {
        long events = engine.readEvents(GapAwareTrackingToken.newInstance(after, List.of()), false)
                            .limit(100).map(EventMessage::getPayload).count();
        if (events != 100) {
            throw new IllegalStateException("read " + events + " events after " + after);
        }
    }

    private static double medianMillis(Runnable action) {
        for (int i = 0; i < 20; i++) {
            action.run();
        }
        double[] times = new double[201];
        for (int i = 0; i < times.length; i++) {
            long start = System.nanoTime();
            action.run();
            times[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(times);
        return times[times.length / 2];
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String[] row(String name, double value, String unit) {
        System.out.printf(Locale.ROOT, "%s: %.2f %s%n", name, value, unit);
        return new String[]{name, value >= 100 ? String.format(Locale.ROOT, "%,.0f", value)
                                              : String.format(Locale.ROOT, "%.2f", value), unit};
    }

    private static String ratio(double ratio) {
        return String.format(Locale.ROOT, "%.1fx", ratio);
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    private EventStoreBenchmark() {
    }
}
