package org.certaudit.eventstore.embedded;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.h2.mvstore.MVStore;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;

/**
 * What the embedded store's file and heap come to under the benchmark's kind of load: event documents
 * (~1 KB of BSON each: a few fields and a JSON text payload, unique {@code stream} and {@code eventId} keys,
 * a position {@code $inc}) appended in batches, and for every event one rewrite ({@code replaceOne} or
 * {@code updateOne}) of one of a few thousand read-model documents of 2-20 KB in another database, with the
 * checkpoints once a second as in the apps. Prints file bytes per event and the heap's high-water marks as
 * it goes and at the end. Not a test; run it by hand with the event store's test classpath, in the command
 * side's heap:
 * <pre>
 * java -Xmx320m -cp ... org.certaudit.eventstore.embedded.CompactionProbe &lt;empty dir&gt; [events] [compactWriteBytes [steps]]
 * </pre>
 * {@code events} counts the ones stored before too: on a directory a run filled, the run goes on after them.
 * {@code compactWriteBytes} (per step) 0 turns compaction off, absent leaves the store's defaults; {@code
 * -DreadModels=3000} sets the number of read-model documents (see event-store/README.md, "Compaction").
 */
public final class CompactionProbe {

    private static final int BATCH = 10;

    private CompactionProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int readModels = Integer.getInteger("readModels", 3_000);
        Random random = new Random(7);
        HeapWatch heap = new HeapWatch();
        heap.start();
        long started = System.nanoTime();
        try (EmbeddedMongoStore store = EmbeddedMongoStore.onFile(dir, 0);
             MongoClient client = MongoClients.create(store.connectionString())) {
            if (args.length > 2) {
                store.backend().compaction(DurableH2Backend.COMPACT_BELOW_FILL_RATE, Integer.parseInt(args[2]),
                        args.length > 3 ? Integer.parseInt(args[3]) : DurableH2Backend.COMPACT_STEPS);
            }
            MongoCollection<Document> eventDocuments = client.getDatabase("certaudit").getCollection("events");
            eventDocuments.createIndex(Indexes.ascending("stream"), new IndexOptions().unique(true));
            eventDocuments.createIndex(Indexes.ascending("eventId"), new IndexOptions().unique(true));
            MongoCollection<Document> counter = client.getDatabase("certaudit").getCollection("events_counter");
            MongoCollection<Document> models = client.getDatabase("certaudit-query").getCollection("scorecards");
            int[] versions = new int[readModels];
            for (int id = 0; id < readModels; id++) {
                models.replaceOne(Filters.eq("_id", id), readModel(id, 0, random),
                        new com.mongodb.client.model.ReplaceOptions().upsert(true));
            }
            // On a directory a run filled before, the events go on after the stored ones (the counter, not a
            // count: the embedded store counts by reading every document).
            Document stored = counter.find(Filters.eq("_id", "position")).first();
            int first = stored == null ? 0 : stored.getLong("value").intValue();
            for (int position = first; position < events; position += BATCH) {
                List<Document> batch = new ArrayList<>(BATCH);
                List<WriteModel<Document>> rewrites = new ArrayList<>(BATCH);
                for (int i = position; i < position + BATCH; i++) {
                    batch.add(event(i, random));
                    int id = random.nextInt(readModels);
                    int version = ++versions[id];
                    rewrites.add(i % 2 == 0
                            ? new ReplaceOneModel<>(Filters.eq("_id", id), readModel(id, version, random))
                            : new UpdateOneModel<>(Filters.eq("_id", id), Updates.combine(
                                    Updates.set("version", version),
                                    Updates.set("items.0.note", "rescored at position " + i))));
                }
                counter.updateOne(Filters.eq("_id", "position"), Updates.inc("value", (long) BATCH),
                        new com.mongodb.client.model.UpdateOptions().upsert(true));
                eventDocuments.insertMany(batch);
                models.bulkWrite(rewrites);
                int done = position + BATCH;
                if (done % 20_000 == 0) {
                    report(store.file(), done, started, heap);
                }
            }
        }
        Path file = dir.resolve(EmbeddedMongoStore.FILE_NAME);
        long bytes = Files.size(file);
        MVStore readOnly = new MVStore.Builder().fileName(file.toString()).readOnly().open();
        int fillRate = readOnly.getFileStore().getChunksFillRate();
        readOnly.closeImmediately();
        System.out.printf(Locale.ROOT, "END events %d file %,d B = %,d B/event, live share of chunks %d%%, "
                        + "%.0f s, heap max used %d MB, max after GC %d MB%n", events, bytes, bytes / events, fillRate,
                (System.nanoTime() - started) / 1e9, heap.maxUsed >> 20, heap.maxAfterGc >> 20);
        heap.interrupt();
    }

    private static void report(Path file, int events, long started, HeapWatch heap) throws Exception {
        long bytes = Files.size(file);
        System.out.printf(Locale.ROOT, "events %d file %,d B = %,d B/event, %.0f s, heap max used %d MB, after GC %d MB%n",
                events, bytes, bytes / events, (System.nanoTime() - started) / 1e9, heap.maxUsed >> 20,
                heap.maxAfterGc >> 20);
    }

    private static Document event(int position, Random random) {
        String aggregate = "audit-" + (position / 40);
        StringBuilder note = new StringBuilder();
        while (note.length() < 420) {
            note.append(Long.toString(random.nextLong(), 36)).append(' ');
        }
        String payload = "{\"auditId\":\"" + aggregate + "\",\"clause\":\"5.2." + random.nextInt(9) + "." + random.nextInt(9)
                + "\",\"percent\":" + random.nextInt(101) + ",\"scoredBy\":\"auditor-" + random.nextInt(50)
                + "\",\"note\":\"" + note + "\"}";
        return new Document("_id", (long) position)
                .append("stream", aggregate + "/" + String.format(Locale.ROOT, "%019d", position % 40))
                .append("eventId", UUID.randomUUID().toString())
                .append("aggregateIdentifier", aggregate)
                .append("sequenceNumber", (long) (position % 40))
                .append("type", "Audit")
                .append("payloadType", "org.certaudit.kernel.audit.ItemScored")
                .append("payloadRevision", null)
                .append("timestamp", "2026-12-02T10:" + (position % 60) + ":00.000Z")
                .append("payload", payload)
                .append("metaData", "{\"user\":\"auditor-" + random.nextInt(50) + "\",\"traceId\":\"" + UUID.randomUUID() + "\"}")
                .append("prevHash", hex(random))
                .append("hash", hex(random));
    }

    private static String hex(Random random) {
        StringBuilder hex = new StringBuilder(64);
        for (int i = 0; i < 4; i++) {
            hex.append(String.format(Locale.ROOT, "%016x", random.nextLong()));
        }
        return hex.toString();
    }

    /** 2-20 KB: the read model's size is fixed by its id, as a scorecard's is by its scheme. */
    private static Document readModel(int id, int version, Random random) {
        int items = 10 + (id * 7919) % 91;
        List<Document> list = new ArrayList<>(items);
        for (int i = 0; i < items; i++) {
            list.add(new Document("clause", "5." + (i / 10) + "." + (i % 10))
                    .append("percent", random.nextInt(101))
                    .append("points", random.nextInt(1000) / 10.0)
                    .append("note", "scored " + Long.toString(random.nextLong(), 36) + " by auditor-" + random.nextInt(50)));
        }
        return new Document("_id", id).append("version", version).append("auditId", "audit-" + id)
                                      .append("items", list);
    }

    /** Samples the heap's use and, per pool, its use after the last collection, every 100 ms. */
    private static final class HeapWatch extends Thread {
        volatile long maxUsed;
        volatile long maxAfterGc;

        HeapWatch() {
            setDaemon(true);
        }

        @Override
        public void run() {
            List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                                                            .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
            while (!isInterrupted()) {
                long used = 0;
                long afterGc = 0;
                for (MemoryPoolMXBean pool : pools) {
                    used += pool.getUsage().getUsed();
                    if (pool.getCollectionUsage() != null) {
                        afterGc += pool.getCollectionUsage().getUsed();
                    }
                }
                maxUsed = Math.max(maxUsed, used);
                maxAfterGc = Math.max(maxAfterGc, afterGc);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
