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

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Writes that leave more unsaved changes than the bound wait for a checkpoint, so that a writer faster
 * than the once-a-second commits cannot fill the heap. No scheduled checkpoints run here: every
 * checkpoint counted is one a write asked for.
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

    private void write() {
        MongoCollection<Document> documents = client.getDatabase("certaudit").getCollection("documents");
        for (int i = 0; i < WRITES; i++) {
            documents.insertOne(new Document("_id", i).append("text", "document " + i));
        }
    }
}
