package org.certaudit.eventstore.embedded;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes that leave more unsaved changes than the bound wait for a checkpoint, so that a writer faster
 * than the once-a-second commits cannot fill the heap; that checkpoint only commits, and compaction under way
 * stops for it after its current step. No scheduled checkpoints run here: every checkpoint counted is one a
 * write or the test asked for.
 */
class CheckpointPressureTest {

    private static final int WRITES = 30;

    @TempDir
    Path dataDir;

    private MVStore store;
    private DurableH2Backend backend;
    private MongoServer server;
    private MongoClient client;
    private final AtomicInteger checkpoints = new AtomicInteger();

    @BeforeEach
    void start() {
        store = new MVStore.Builder().fileName(dataDir.resolve("store.mv.db").toString()).autoCommitDisabled().open();
        // As EmbeddedMongoStore: H2 rewrites only chunks older than the retention time.
        store.setRetentionTime(0);
        backend = new DurableH2Backend(store, dataDir.resolve("store.wal"));
        backend.probe(stage -> {
            if (stage == DurableH2Backend.CheckpointProbe.Stage.COMMIT_WRITTEN) {
                checkpoints.incrementAndGet();
            }
        });
        server = new MongoServer(backend);
        InetSocketAddress address = server.bind();
        client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void underTheBoundWritesDoNotCheckpoint() {
        write();

        assertThat(checkpoints).hasValue(0);
        assertThat(store.getUnsavedMemory()).isPositive();
    }

    @Test
    void aWriteThatLeavesMoreUnsavedChangesThanTheBoundWaitsForACheckpoint() {
        backend.maxUnsavedBytes(1);

        write();

        assertThat(checkpoints.get()).as("a checkpoint after each write").isGreaterThanOrEqualTo(WRITES);
        assertThat(client.getDatabase("certaudit").getCollection("documents").countDocuments()).isEqualTo(WRITES);
    }

    @Test
    void aWriteThatWaitsForACheckpointDoesNotCompact() {
        churn();
        // Compaction below 100% live: every checkpoint that commits would rewrite pages.
        backend.compaction(100, 16 << 10, 3);
        backend.maxUnsavedBytes(1);

        write();

        assertThat(checkpoints.get()).as("a checkpoint after each write").isGreaterThanOrEqualTo(WRITES);
        assertThat(backend.compactionSteps()).as("compaction steps in the writes' checkpoints").isZero();
        backend.maxUnsavedBytes(Long.MAX_VALUE);
        write(WRITES);
        backend.checkpoint();
        assertThat(backend.compactionSteps()).as("compaction steps in a scheduled checkpoint").isEqualTo(3);
    }

    @Test
    void compactionStopsAfterItsStepWhenAWriterWaitsForTheCheckpoint() throws Exception {
        churn();
        backend.compaction(100, 16 << 10, 20);
        write();
        MongoCollection<Document> documents = client.getDatabase("certaudit").getCollection("documents");
        AtomicReference<CompletableFuture<Void>> writer = new AtomicReference<>();
        long stepsBefore = backend.compactionSteps();
        backend.probe(stage -> {
            // The first compaction step's commit: a write that must wait for a checkpoint comes now.
            if (stage == DurableH2Backend.CheckpointProbe.Stage.PAGES_TAKEN && backend.compactionSteps() > stepsBefore
                && writer.get() == null) {
                backend.maxUnsavedBytes(1);
                writer.set(CompletableFuture.runAsync(() -> documents.insertOne(new Document("_id", "late"))));
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (backend.checkpointWaiters() == 0 && System.nanoTime() - until < 0) {
                    Thread.onSpinWait();
                }
            }
        });

        backend.checkpoint();

        assertThat(writer.get()).as("a writer started during the first step's commit").isNotNull();
        writer.get().get(10, TimeUnit.SECONDS);
        assertThat(backend.compactionSteps() - stepsBefore).as("compaction steps of that checkpoint").isOne();
        assertThat(documents.countDocuments(Filters.eq("_id", "late"))).isOne();
        backend.probe(DurableH2Backend.CheckpointProbe.NONE);
        backend.maxUnsavedBytes(Long.MAX_VALUE);
        write(WRITES);
        backend.checkpoint();
        assertThat(backend.compactionSteps() - stepsBefore - 1).as("steps of the next checkpoint, no writer waiting")
                                                                .isGreaterThan(1);
    }

    @Test
    void aCompactionStepWhosePagesTookMoreHeapThanTheBoundMakesTheNextOneSmaller() {
        churn();
        backend.compaction(100, 1 << 20, 1);
        write();
        backend.maxUnsavedBytes(1 << 10);

        backend.checkpoint();

        assertThat(backend.compactionSteps()).as("steps of that checkpoint").isOne();
        assertThat(backend.stepWriteBytes()).as("live chunk bytes of the next step")
                                            .isEqualTo(DurableH2Backend.MIN_COMPACT_WRITE_BYTES);

        backend.maxUnsavedBytes(1L << 30);
        write(WRITES);
        backend.checkpoint();
        assertThat(backend.compactionSteps()).as("steps after the next checkpoint").isEqualTo(2);
        assertThat(backend.stepWriteBytes()).as("live chunk bytes of a step after one well within the bound")
                                            .isEqualTo(2 * DurableH2Backend.MIN_COMPACT_WRITE_BYTES);
    }

    @Test
    void theFirstStepOfACheckpointIsGivenAtMostTheFirstStepsLiveBytes() {
        churn();
        backend.compaction(100, DurableH2Backend.COMPACT_WRITE_BYTES, 1);
        write();
        backend.maxUnsavedBytes(1L << 30);

        backend.checkpoint();

        assertThat(backend.compactionSteps()).as("steps of that checkpoint").isOne();
        assertThat(backend.lastFirstStepWriteBytes()).isEqualTo(DurableH2Backend.FIRST_STEP_WRITE_BYTES);
        assertThat(backend.stepWriteBytes()).as("live chunk bytes after a first step well within the bound")
                                            .isEqualTo(2 * DurableH2Backend.FIRST_STEP_WRITE_BYTES);
    }

    @Test
    void anIdleCheckpointsFirstStepStartsWhereTheLastStepLeftOff() {
        churn();
        // Compaction after commits off; idle compaction below 100% live, whatever the file's size, no moves.
        backend.compaction(0, DurableH2Backend.COMPACT_WRITE_BYTES, 1);
        backend.idleHousekeeping(100, 0, 0);
        backend.maxUnsavedBytes(1L << 30);

        for (int i = 0; i < 10 && backend.compactionSteps() == 0; i++) {
            backend.checkpoint();
        }

        assertThat(backend.compactionSteps()).as("steps of the idle checkpoints").isPositive();
        assertThat(backend.lastFirstStepWriteBytes()).as("live bytes of an idle checkpoint's first step")
                                                     .isEqualTo(DurableH2Backend.COMPACT_WRITE_BYTES);
    }

    @Test
    void aStepIsGivenAsManyLiveBytesAsKeepItsPagesWithinTheHeapBudget() {
        int max = DurableH2Backend.COMPACT_WRITE_BYTES;
        assertThat(DurableH2Backend.nextStepWriteBytes(max, 40L << 20, 40L << 20, max)).isEqualTo(max);
        assertThat(DurableH2Backend.nextStepWriteBytes(max, 160L << 20, 40L << 20, max)).isEqualTo(1 << 20);
        assertThat(DurableH2Backend.nextStepWriteBytes(max, 4L << 30, 40L << 20, max))
                .as("never below the least step").isEqualTo(DurableH2Backend.MIN_COMPACT_WRITE_BYTES);
        assertThat(DurableH2Backend.nextStepWriteBytes(1 << 20, 1L << 20, 40L << 20, max))
                .as("at most twice the last step").isEqualTo(2 << 20);
        assertThat(DurableH2Backend.nextStepWriteBytes(3 << 20, 0, 40L << 20, max))
                .as("never above the most").isEqualTo(max);
        assertThat(DurableH2Backend.nextStepWriteBytes(16 << 10, 1L << 30, 1 << 10, 16 << 10))
                .as("a most below the least step").isEqualTo(16 << 10);
    }

    /**
     * Documents appended and documents rewritten again and again, as events and read models, a commit after each
     * round and no compaction: chunks that are partly dead.
     */
    private void churn() {
        backend.compaction(100, 0, 0);
        MongoCollection<Document> events = client.getDatabase("certaudit").getCollection("events");
        MongoCollection<Document> models = client.getDatabase("certaudit").getCollection("models");
        for (int round = 0; round < 40; round++) {
            for (int i = 0; i < 20; i++) {
                events.insertOne(new Document("_id", round * 20 + i).append("payload", "event ".repeat(100)));
            }
            for (int model = 0; model < 10; model++) {
                models.replaceOne(Filters.eq("_id", model), new Document("_id", model).append("round", round)
                        .append("text", ("model " + model + " round " + round + " ").repeat(60)),
                                  new ReplaceOptions().upsert(true));
            }
            backend.checkpoint();
        }
    }

    private void write() {
        write(0);
    }

    /** {@link #WRITES} new documents, from {@code firstId} on. */
    private void write(int firstId) {
        MongoCollection<Document> documents = client.getDatabase("certaudit").getCollection("documents");
        for (int i = firstId; i < firstId + WRITES; i++) {
            documents.insertOne(new Document("_id", i).append("text", "document " + i));
        }
    }
}
