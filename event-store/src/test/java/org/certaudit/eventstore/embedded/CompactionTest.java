package org.certaudit.eventstore.embedded;

import org.certaudit.eventstore.ChildJvm;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import org.bson.Document;
import org.bson.types.Binary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checkpoints' compaction steps: append-only documents sharing chunks with documents rewritten again
 * and again, as events share them with read models. Compaction is forced here (below a live share of 100%)
 * so that a small store compacts at all.
 */
class CompactionTest {

    private static final int ROUNDS = 30;
    private static final int APPENDS_PER_ROUND = 40;
    private static final int MODELS = 20;

    @TempDir
    Path dataDir;

    @Test
    void compactionLeavesASmallerFileWithEveryDocumentAsWritten() throws Exception {
        Path compacted = dataDir.resolve("compacted");
        Path uncompacted = dataDir.resolve("uncompacted");
        Map<Object, Document> expected = churn(compacted, 100, DurableH2Backend.COMPACT_WRITE_BYTES);
        churn(uncompacted, 100, 0);

        assertThat(Files.size(compacted.resolve(EmbeddedMongoStore.FILE_NAME)))
                .as("file with compaction, against the same writes without")
                .isLessThan(Files.size(uncompacted.resolve(EmbeddedMongoStore.FILE_NAME)));
        assertThat(readAll(compacted)).isEqualTo(expected);
    }

    @Test
    void aCrashAfterCompactionLosesNothing() throws Exception {
        Process child = ChildJvm.start(CrashingChurn.class, dataDir.toString());
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("the child halted itself").isEqualTo(9);
        assertThat(output).as("the child compacted in earlier checkpoints and halted inside a compaction step's commit")
                          .doesNotContain("STEPS 0").contains("HALT IN COMPACTION");

        Map<Object, Document> expected = new HashMap<>();
        write(expected, ROUNDS + 1, fakeCollections(expected));
        assertThat(readAll(dataDir)).isEqualTo(expected);
    }

    @Test
    void idleCheckpointsMoveChunksIntoFreeSpaceAndCutTheFile() {
        Map<Object, Document> expected = new HashMap<>();
        Path file = dataDir.resolve(EmbeddedMongoStore.FILE_NAME);
        try (EmbeddedMongoStore store = EmbeddedMongoStore.onFile(dataDir, 0);
             MongoClient client = MongoClients.create(store.connectionString())) {
            DurableH2Backend backend = movesOnly(store.backend());
            churnAroundAHole(client, backend, new Collections(client, expected));
            long before = fileSize(file);
            for (int i = 0; i < 20 && fileSize(file) >= before; i++) {
                backend.checkpoint();
            }
            assertThat(backend.chunkMoves()).as("idle checkpoints that moved chunks").isPositive();
            assertThat(fileSize(file)).as("file after the moves, against %,d B before", before).isLessThan(before);
            long moves = -1;
            int idle = 0;
            while (idle < 3 * DurableH2Backend.IDLE_PATIENCE && moves != backend.chunkMoves()) {
                moves = backend.chunkMoves();
                backend.checkpoint();
                idle++;
            }
            assertThat(idle).as("idle checkpoints until one moved nothing").isLessThan(3 * DurableH2Backend.IDLE_PATIENCE);

            // Writes after the moves go into the moved file.
            round(new Collections(client, expected), ROUNDS);
            backend.checkpoint();
        }
        assertThat(readAll(dataDir)).isEqualTo(expected);
    }

    @Test
    void idleMovesAreJudgedOverAsManyCheckpointsAsMovingEveryChunkTakes() {
        try (EmbeddedMongoStore store = EmbeddedMongoStore.onFile(dataDir, 0);
             MongoClient client = MongoClients.create(store.connectionString())) {
            DurableH2Backend backend = movesOnly(store.backend());
            // Small moves: H2 cuts this file only after many of them (17 in a trial run); and the least patience,
            // so that only the size of the chunks to move makes the window longer than one checkpoint.
            backend.idleHousekeeping(0, 64 << 10, 0);
            backend.idlePatience(1);
            MongoDatabase scratch = client.getDatabase("scratch");
            Random random = new Random(11);
            for (int chunk = 0; chunk < 60; chunk++) {
                // Every other checkpoint's documents are dropped below: holes all along the file. The others go to
                // a collection each, which no later write touches: a chunk they share would be rewritten, and H2 moves
                // only chunks smaller than a move.
                MongoCollection<Document> collection = scratch.getCollection(chunk % 2 == 0 ? "dropped" : "kept-" + chunk);
                for (int i = 0; i < 25; i++) {
                    byte[] noise = new byte[2_000];
                    random.nextBytes(noise);
                    collection.insertOne(new Document("_id", chunk * 100 + i).append("noise", new Binary(noise)));
                }
                backend.checkpoint();
            }
            scratch.getCollection("dropped").drop();
            // Busy checkpoints (more than IDLE_MAX_WRITES each) until H2 frees the dropped chunks, five versions on.
            for (int round = 0; round < 6; round++) {
                for (int i = 0; i < 25; i++) {
                    scratch.getCollection("later").insertOne(new Document("_id", round * 100 + i));
                }
                backend.checkpoint();
            }
            long before = backend.fileBytes();
            assertThat(backend.fileUsedShare()).as("share of the file in chunks after the drop").isLessThan(0.6);

            int idle = 0;
            while (idle < 200 && (idle < DurableH2Backend.QUIET_CHECKPOINTS || backend.idleHousekeepingPending())) {
                backend.checkpoint();
                idle++;
            }
            assertThat(backend.idleHousekeepingPending()).as("idle housekeeping after %d idle checkpoints", idle).isFalse();
            assertThat(backend.chunkMoves()).as("idle checkpoints that moved chunks").isGreaterThan(1);
            assertThat(backend.fileUsedShare()).as("share of the file in chunks when idle housekeeping stopped")
                                               .isGreaterThanOrEqualTo(DurableH2Backend.MOVE_BELOW_FILE_FILL_RATE / 100.0);
            assertThat(backend.fileBytes()).as("file against %,d B before the moves", before).isLessThan(before * 6 / 10);
            for (int chunk = 1; chunk < 60; chunk += 2) {
                assertThat(scratch.getCollection("kept-" + chunk).countDocuments()).as("documents of kept-%d", chunk)
                                                                                  .isEqualTo(25);
            }
        }
    }

    @Test
    void idleHousekeepingWaitsWhileTheStoreIsRead() throws InterruptedException {
        Path file = dataDir.resolve(EmbeddedMongoStore.FILE_NAME);
        try (EmbeddedMongoStore store = EmbeddedMongoStore.onFile(dataDir, 0);
             MongoClient client = MongoClients.create(store.connectionString())) {
            // Only the checkpoints taken here count: a scheduled one between two of them made a row quiet early.
            store.stopScheduledCheckpoints();
            DurableH2Backend backend = movesOnly(store.backend());
            churnAroundAHole(client, backend, new Collections(client, new HashMap<>()));
            long before = fileSize(file);
            MongoCollection<Document> events = client.getDatabase("certaudit").getCollection("events");
            for (int i = 0; i < 10; i++) {
                for (int read = 0; read < DurableH2Backend.IDLE_MAX_READS; read++) {
                    events.find(Filters.eq("_id", (long) read)).first();
                }
                backend.checkpoint();
            }
            assertThat(backend.chunkMoves()).as("moves while %d reads came between checkpoints",
                                                DurableH2Backend.IDLE_MAX_READS).isZero();

            for (int i = 0; i < DurableH2Backend.QUIET_CHECKPOINTS - 1; i++) {
                backend.checkpoint();
            }
            assertThat(backend.chunkMoves()).as("moves before %d quiet checkpoints in a row",
                                                DurableH2Backend.QUIET_CHECKPOINTS).isZero();
            backend.checkpoint();
            assertThat(backend.chunkMoves()).as("moves at the quiet checkpoint that completes the row").isOne();
            assertThat(fileSize(file)).isLessThanOrEqualTo(before);
        }
    }

    @Test
    void idleCheckpointsCompactUntilTheyGainNothingAndThenStop() throws InterruptedException {
        Map<Object, Document> expected = new HashMap<>();
        try (EmbeddedMongoStore store = EmbeddedMongoStore.onFile(dataDir, 0);
             MongoClient client = MongoClients.create(store.connectionString())) {
            // Only the checkpoints taken here count: a scheduled one (every second) that came between a checkpoint here
            // and the next round's writes found the store idle and compacted, 3 steps "after commits" under load.
            store.stopScheduledCheckpoints();
            DurableH2Backend backend = store.backend();
            backend.compaction(0, DurableH2Backend.COMPACT_WRITE_BYTES, DurableH2Backend.COMPACT_STEPS);
            backend.idleHousekeeping(DurableH2Backend.IDLE_COMPACT_BELOW_FILL_RATE, 0, 0);
            Collections collections = new Collections(client, expected);
            for (int round = 0; round < ROUNDS; round++) {
                round(collections, round);
                backend.checkpoint();
            }
            assertThat(backend.compactionSteps()).as("steps after commits, with that compaction off").isZero();

            // A file this small never gets 85% live (H2's metadata), so only the patience rule stops the work.
            // A checkpoint that finds nothing to do does not end the work: it counts in the window like any
            // other (a chunk may be freed, or fit the step, a few checkpoints later). Until session 17 this loop
            // stopped at the first such checkpoint, and CI once saw 525 steps after it.
            int idle = 0;
            while (backend.idleHousekeepingPending() && idle < 10 * DurableH2Backend.IDLE_PATIENCE) {
                backend.checkpoint();
                idle++;
            }
            assertThat(backend.compactionSteps()).as("steps of the idle checkpoints").isPositive();
            assertThat(backend.idleHousekeepingPending()).as("idle housekeeping still pending after %d idle checkpoints",
                                                             idle).isFalse();
            long stopped = backend.compactionSteps();
            for (int i = 0; i < 5; i++) {
                backend.checkpoint();
            }
            assertThat(backend.compactionSteps()).as("steps once idle housekeeping stopped").isEqualTo(stopped);

            round(collections, ROUNDS);
            backend.checkpoint();
        }
        assertThat(readAll(dataDir)).isEqualTo(expected);
    }

    @Test
    void aCrashWhileMovingChunksLosesNothing() throws Exception {
        for (int delayMicros : new int[] {0, 2_000, 8_000}) {
            Path dir = dataDir.resolve("halt-after-" + delayMicros + "us");
            Process child = ChildJvm.start(CrashingMove.class, dir.toString(), String.valueOf(delayMicros));
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as("the child halted itself: %s", output).isEqualTo(9);
            assertThat(output).as("the child began moving chunks before it halted").contains("MOVING");

            Map<Object, Document> expected = new HashMap<>();
            write(expected, ROUNDS, fakeCollections(expected));
            assertThat(readAll(dir)).as("after a halt %d us into a move", delayMicros).isEqualTo(expected);
        }
    }

    /**
     * The rounds, checkpointing after each, with 4 MB of incompressible scratch documents written after a third of
     * them and dropped after two thirds: once H2 keeps no version that uses it (five commits later), the chunk that
     * held them is freed and leaves a hole that the later rounds' small chunks fill only in part. 1 MB of noise written
     * after the dropped documents stays.
     */
    private static void churnAroundAHole(MongoClient client, DurableH2Backend backend, Collections collections) {
        MongoDatabase scratch = client.getDatabase("scratch");
        Random random = new Random(7);
        for (int round = 0; round < ROUNDS; round++) {
            if (round == ROUNDS / 3) {
                noise(scratch.getCollection("dropped"), 200, random);
                backend.checkpoint();
                // Kept, and too large for any hole before it: written after the dropped chunk, it keeps that
                // chunk's place a hole inside the file.
                noise(client.getDatabase("kept").getCollection("noise"), 50, random);
                backend.checkpoint();
            } else if (round == 2 * ROUNDS / 3) {
                scratch.drop();
            }
            round(collections, round);
            backend.checkpoint();
        }
    }

    /**
     * No compaction, idle or not, so the chunks stay where they were written and a freed chunk leaves a hole; idle
     * checkpoints only move chunks, whatever the file's size.
     */
    private static DurableH2Backend movesOnly(DurableH2Backend backend) {
        backend.compaction(0, DurableH2Backend.COMPACT_WRITE_BYTES, DurableH2Backend.COMPACT_STEPS);
        backend.idleHousekeeping(0, DurableH2Backend.MOVE_BYTES, 0);
        return backend;
    }

    private static void noise(MongoCollection<Document> collection, int documents, Random random) {
        for (int i = 0; i < documents; i++) {
            byte[] noise = new byte[20_000];
            random.nextBytes(noise);
            collection.insertOne(new Document("_id", i).append("noise", new Binary(noise)));
        }
    }

    private static long fileSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes the rounds, checkpointing after each, and closes; returns what the store must hold. */
    private static Map<Object, Document> churn(Path dir, int belowFillRate, int writeBytes) {
        Map<Object, Document> expected = new HashMap<>();
        try (EmbeddedMongoStore store = EmbeddedMongoStore.onFile(dir, 0);
             MongoClient client = MongoClients.create(store.connectionString())) {
            store.backend().compaction(belowFillRate, writeBytes, DurableH2Backend.COMPACT_STEPS);
            Collections collections = new Collections(client, expected);
            for (int round = 0; round < ROUNDS; round++) {
                round(collections, round);
                store.backend().checkpoint();
            }
        }
        return expected;
    }

    /** Replays the writes of {@code rounds} rounds into {@code expected} only (what the crashed child wrote). */
    private static void write(Map<Object, Document> expected, int rounds, Collections collections) {
        for (int round = 0; round < rounds; round++) {
            round(collections, round);
        }
    }

    private static Collections fakeCollections(Map<Object, Document> expected) {
        return new Collections(null, expected);
    }

    private static void round(Collections collections, int round) {
        for (int i = 0; i < APPENDS_PER_ROUND; i++) {
            long position = (long) round * APPENDS_PER_ROUND + i;
            collections.append(new Document("_id", position).append("stream", "audit-" + position / 7)
                    .append("payload", "{\"note\":\"" + "event ".repeat(100) + position + "\"}"));
            int model = (int) (position % MODELS);
            collections.rewrite(new Document("_id", "model-" + model).append("version", position)
                    .append("items", "item ".repeat(2_000) + position));
        }
    }

    private static Map<Object, Document> readAll(Path dir) {
        Map<Object, Document> stored = new HashMap<>();
        try (EmbeddedMongoStore store = EmbeddedMongoStore.onFile(dir, 0);
             MongoClient client = MongoClients.create(store.connectionString())) {
            client.getDatabase("certaudit").getCollection("events").find().forEach(d -> stored.put(d.get("_id"), d));
            client.getDatabase("query").getCollection("models").find().forEach(d -> stored.put(d.get("_id"), d));
        }
        return stored;
    }

    /** Writes to the store (when there is a client) and records what was written. */
    private record Collections(MongoCollection<Document> events, MongoCollection<Document> models,
                               Map<Object, Document> expected) {
        Collections(MongoClient client, Map<Object, Document> expected) {
            this(client == null ? null : client.getDatabase("certaudit").getCollection("events"),
                 client == null ? null : client.getDatabase("query").getCollection("models"), expected);
        }

        void append(Document event) {
            if (events != null) {
                events.insertOne(event);
            }
            expected.put(event.get("_id"), event);
        }

        void rewrite(Document model) {
            if (models != null) {
                models.replaceOne(Filters.eq("_id", model.get("_id")), model, new ReplaceOptions().upsert(true));
            }
            expected.put(model.get("_id"), model);
        }
    }

    /**
     * The child JVM: churns with a checkpoint (and compaction) after each round, writes one more round, and
     * halts in the next checkpoint once a compaction step's pages are taken and not yet in the file.
     */
    public static final class CrashingChurn {
        public static void main(String[] args) throws InterruptedException {
            Path dir = Path.of(args[0]);
            EmbeddedMongoStore store = EmbeddedMongoStore.onFile(dir, 0);
            // Only the checkpoints below. A scheduled one that queued while the last one below wrote its commit made
            // that one skip its compaction steps (none begins while a checkpoint waits) and then had nothing to
            // commit, so nothing halted ("NO COMPACTION"; every run when that commit was held up for 1.5 s). One that
            // took the last round's commit and its steps before the probe was set ended the same way.
            store.stopScheduledCheckpoints();
            MongoClient client = MongoClients.create(store.connectionString());
            DurableH2Backend backend = store.backend();
            backend.compaction(100, DurableH2Backend.COMPACT_WRITE_BYTES, DurableH2Backend.COMPACT_STEPS);
            Collections collections = new Collections(client, new HashMap<>());
            for (int round = 0; round < ROUNDS; round++) {
                round(collections, round);
                backend.checkpoint();
            }
            // Acknowledged; the checkpoint below commits it before its compaction steps.
            round(collections, ROUNDS);
            long stepsBefore = backend.compactionSteps();
            System.out.println("STEPS " + stepsBefore);
            backend.probe(stage -> {
                if (stage == DurableH2Backend.CheckpointProbe.Stage.PAGES_TAKEN && backend.compactionSteps() > stepsBefore) {
                    System.out.println("HALT IN COMPACTION");
                    System.out.flush();
                    Runtime.getRuntime().halt(9);
                }
            });
            backend.checkpoint();
            System.out.println("NO COMPACTION");
            System.out.flush();
            Runtime.getRuntime().halt(9);
        }
    }

    /**
     * The child JVM: churns as {@link #idleCheckpointsMoveChunksIntoFreeSpaceAndCutTheFile} does, then runs idle
     * checkpoints; once one is about to move chunks, a thread halts the JVM {@code args[1]} microseconds later,
     * in the middle of the move or soon after it.
     */
    public static final class CrashingMove {
        public static void main(String[] args) {
            Path dir = Path.of(args[0]);
            long delayNanos = TimeUnit.MICROSECONDS.toNanos(Long.parseLong(args[1]));
            EmbeddedMongoStore store = EmbeddedMongoStore.onFile(dir, 0);
            MongoClient client = MongoClients.create(store.connectionString());
            DurableH2Backend backend = movesOnly(store.backend());
            churnAroundAHole(client, backend, new Collections(client, new HashMap<>()));
            backend.probe(stage -> {
                if (stage == DurableH2Backend.CheckpointProbe.Stage.MOVING_CHUNKS) {
                    System.out.println("MOVING");
                    System.out.flush();
                    Thread halt = new Thread(() -> {
                        long until = System.nanoTime() + delayNanos;
                        while (System.nanoTime() - until < 0) {
                            Thread.onSpinWait();
                        }
                        Runtime.getRuntime().halt(9);
                    });
                    halt.start();
                }
            });
            for (int i = 0; i < 20; i++) {
                backend.checkpoint();
            }
            System.out.println("NO MOVE");
            System.out.flush();
            Runtime.getRuntime().halt(9);
        }
    }
}
