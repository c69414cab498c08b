package org.certaudit.eventstore;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.json.JacksonSerializer;
import org.certaudit.eventstore.embedded.EmbeddedMongoStore;

/**
 * What the order of event identifiers costs the durable embedded store (not a test; the figures are in
 * benchmark/README.md, "Session 19"). Fills a store with {@code prefill} events in appends of 20, then appends
 * 20,000 single events over eight aggregates (about 1,300 a second) and prints the CPU the store's commit and
 * checkpoint threads took per event and the file's size. Arguments: {@code random} (version 4, Axon's default) or
 * {@code ordered} ({@link TimeOrderedIdentifierFactory}), and the prefill. Run with the test class path, for example
 * {@code java -Xmx288m -XX:+UseSerialGC -cp <event-store test class path> org.certaudit.eventstore.IdentifierOrderExperiment ordered 100000}.
 */
public final class IdentifierOrderExperiment {

    private static final int AGGREGATES = 8;
    private static final int MEASURED = 20_000;

    private IdentifierOrderExperiment() {
    }

    public static void main(String[] args) throws Exception {
        Supplier<String> identifiers = switch (args[0]) {
            case "random" -> () -> UUID.randomUUID().toString();
            case "ordered" -> new TimeOrderedIdentifierFactory()::generateIdentifier;
            default -> throw new IllegalArgumentException("random or ordered, not " + args[0]);
        };
        int prefill = Integer.parseInt(args[1]);
        Path directory = Files.createTempDirectory("identifier-order");
        long[] next = new long[AGGREGATES];
        try (EmbeddedMongoStore store = EmbeddedMongoStore.onFile(directory, 0);
             MongoClient client = MongoClients.create(store.connectionString())) {
            JacksonSerializer json = JacksonSerializer.defaultSerializer();
            MongoEventStorageEngine engine = MongoEventStorageEngine.builder().database(client.getDatabase("certaudit"))
                    .eventSerializer(json).snapshotSerializer(json).build();
            for (int i = 0; i < prefill / 20; i++) {
                engine.appendEvents(events(i % AGGREGATES, 20, next, identifiers));
            }
            Thread.sleep(3_000);
            long cpuBefore = storeThreadsCpuNanos();
            long start = System.nanoTime();
            for (int i = 0; i < MEASURED; i++) {
                engine.appendEvents(events(i % AGGREGATES, 1, next, identifiers));
                if (i % 4 == 0) {
                    Thread.sleep(1);
                }
            }
            Thread.sleep(2_500); // the last checkpoints
            System.out.printf("%s identifiers, %,d events before: store threads %.3f ms CPU per event, %.1f s, file %d MB%n",
                    args[0], prefill, (storeThreadsCpuNanos() - cpuBefore) / 1e6 / MEASURED,
                    (System.nanoTime() - start) / 1e9, store.backend().fileBytes() >> 20);
        }
    }

    /** Events like a score (the fixture's short payload). */
    private static List<DomainEventMessage<?>> events(int aggregate, int count, long[] next, Supplier<String> ids) {
        List<DomainEventMessage<?>> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(new GenericDomainEventMessage<>("Project", "P-" + aggregate, next[aggregate]++,
                    new StoreFixture.ItemScored("P-" + aggregate + ".1", "5.1.1." + i, 80), MetaData.with("user", "auditor"),
                    ids.get(), Instant.now()));
        }
        return events;
    }

    private static long storeThreadsCpuNanos() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return Thread.getAllStackTraces().keySet().stream().filter(thread -> thread.getName().startsWith("embedded-store"))
                .mapToLong(thread -> Math.max(0, threads.getThreadCpuTime(thread.getId()))).sum();
    }
}
