package org.certaudit.eventstore.embedded;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.bson.Document;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The embedded store alone, without HTTP or Axon: writer threads append event-like documents the way
 * {@code MongoEventStorageEngine} does (a position {@code $inc}, then an insert with two unique keys),
 * reader threads look documents up by {@code _id}, and the checkpoints run once a second as in the
 * apps. Prints appends/s, the latency percentiles of appends and reads and the bytes on disk per
 * document. Not a test; run it by hand (see benchmark/README.md, "embedded store, session 5"):
 * {@code java -cp <event-store test classpath> org.certaudit.eventstore.embedded.EmbeddedStoreLatencyRunner <dir>}
 * with {@code -Dseconds=20 -Dwriters=8 -Dreaders=2}, and {@code -Dport=<n>} on a shared machine (a free
 * port by default).
 */
public final class EmbeddedStoreLatencyRunner {

    private static final String PAYLOAD = "{\"auditId\":\"0455-2021-SE\",\"clause\":\"5.2.5.4\",\"percent\":80,\"note\":\""
            + "x".repeat(300) + "\"}";

    private EmbeddedStoreLatencyRunner() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int seconds = Integer.getInteger("seconds", 20);
        int writers = Integer.getInteger("writers", 8);
        int readers = Integer.getInteger("readers", 2);
        try (EmbeddedMongoStore store = EmbeddedMongoStore.onFile(dir, Integer.getInteger("port", 0));
             MongoClient client = MongoClients.create(store.connectionString())) {
            MongoDatabase database = client.getDatabase("certaudit");
            MongoCollection<Document> events = database.getCollection("events");
            events.createIndex(Indexes.ascending("stream"), new IndexOptions().unique(true));
            events.createIndex(Indexes.ascending("eventId"), new IndexOptions().unique(true));
            MongoCollection<Document> counter = database.getCollection("events_counter");
            AtomicLong highest = new AtomicLong();
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            List<long[]> appendTimes = new ArrayList<>();
            List<long[]> readTimes = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                long[] times = new long[2_000_000];
                appendTimes.add(times);
                String aggregate = "audit-" + w;
                threads.add(new Thread(() -> {
                    int n = 0;
                    while (System.nanoTime() < end && n < times.length - 1) {
                        long start = System.nanoTime();
                        Document position = counter.findOneAndUpdate(Filters.eq("_id", "position"), Updates.inc("value", 1L),
                                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
                        long at = position.getLong("value");
                        events.insertOne(new Document("_id", at)
                                .append("stream", aggregate + "/" + String.format("%019d", (long) n))
                                .append("eventId", UUID.randomUUID().toString())
                                .append("aggregateId", aggregate).append("sequenceNumber", (long) n)
                                .append("type", "org.certaudit.audit.ItemScored").append("payload", PAYLOAD)
                                .append("metadata", "{\"traceId\":\"" + UUID.randomUUID() + "\"}")
                                .append("hash", UUID.randomUUID().toString() + UUID.randomUUID()));
                        highest.accumulateAndGet(at, Math::max);
                        times[n++] = System.nanoTime() - start;
                    }
                    times[times.length - 1] = n;
                }));
            }
            for (int r = 0; r < readers; r++) {
                long[] times = new long[2_000_000];
                readTimes.add(times);
                threads.add(new Thread(() -> {
                    int n = 0;
                    while (System.nanoTime() < end && n < times.length - 1) {
                        long top = highest.get();
                        if (top == 0) {
                            Thread.onSpinWait();
                            continue;
                        }
                        long start = System.nanoTime();
                        events.find(Filters.eq("_id", ThreadLocalRandom.current().nextLong(1, top + 1))).first();
                        times[n++] = System.nanoTime() - start;
                        sleepMillis(2);
                    }
                    times[times.length - 1] = n;
                }));
            }
            long started = System.nanoTime();
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join();
            }
            double elapsed = (System.nanoTime() - started) / 1e9;
            long[] appends = merge(appendTimes);
            long[] reads = merge(readTimes);
            store.backend().checkpoint();
            long bytes;
            try (Stream<Path> files = Files.list(dir)) {
                bytes = files.mapToLong(EmbeddedStoreLatencyRunner::size).sum();
            }
            System.out.printf(Locale.ROOT, "appends %d in %.1f s = %.0f/s (%d writers); append p50 %.1f p99 %.1f p99.9 %.1f max %.1f ms%n",
                    appends.length, elapsed, appends.length / elapsed, writers, ms(appends, 0.50), ms(appends, 0.99),
                    ms(appends, 0.999), ms(appends, 1.0));
            System.out.printf(Locale.ROOT, "reads %d (%d readers): p50 %.1f p99 %.1f p99.9 %.1f max %.1f ms%n", reads.length,
                    readers, ms(reads, 0.50), ms(reads, 0.99), ms(reads, 0.999), ms(reads, 1.0));
            System.out.printf(Locale.ROOT, "data directory %d bytes = %d bytes per document (%d documents)%n",
                    bytes, bytes / Math.max(1, appends.length), appends.length);
        }
    }

    private static long[] merge(List<long[]> perThread) {
        return perThread.stream().flatMapToLong(times -> Arrays.stream(times, 0, (int) times[times.length - 1]))
                        .sorted().toArray();
    }

    private static double ms(long[] sorted, double quantile) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
