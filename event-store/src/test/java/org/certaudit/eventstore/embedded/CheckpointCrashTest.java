package org.certaudit.eventstore.embedded;

import org.certaudit.eventstore.ChildJvm;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A checkpoint writes its commit while new commands run. Commands acknowledged in that window, and the
 * ones the commit holds, must all be there exactly once after the process dies at either stage.
 */
class CheckpointCrashTest {

    private static final int BEFORE = 40;
    private static final int DURING = 40;

    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "killed at {0}")
    // The stages of a commit; a halt while moving chunks is CompactionTest's.
    @EnumSource(value = DurableH2Backend.CheckpointProbe.Stage.class, names = {"PAGES_TAKEN", "COMMIT_WRITTEN"})
    void writesAcknowledgedDuringACheckpointSurviveAKillAtThatStage(DurableH2Backend.CheckpointProbe.Stage stage)
            throws Exception {
        Process child = ChildJvm.start(CrashingWriter.class, dataDir.toString(), stage.name());
        Set<Integer> acknowledged = new HashSet<>();
        long lastCount = 0;
        boolean wroteDuring = false;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                String[] parts = line.split(" ");
                if (parts[0].equals("ACK")) {
                    acknowledged.add(Integer.parseInt(parts[1]));
                    lastCount = Long.parseLong(parts[2]);
                } else if (parts[0].equals("DURING")) {
                    wroteDuring = true;
                }
            }
        } finally {
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).as("the child halted itself inside the checkpoint").isEqualTo(9);
        assertThat(wroteDuring).as("writes ran while the checkpoint held no lock").isTrue();
        assertThat(acknowledged).hasSize(BEFORE + DURING);
        assertThat(Files.exists(dataDir.resolve(EmbeddedMongoStore.LOG_FILE_NAME + ".1")))
                .as("the crash left the rotated log of the unfinished checkpoint").isTrue();

        try (EmbeddedMongoStore store = EmbeddedMongoStore.onFile(dataDir, 0);
             MongoClient client = MongoClients.create(store.connectionString())) {
            MongoCollection<Document> documents = client.getDatabase("certaudit").getCollection("documents");
            List<Integer> stored = new ArrayList<>();
            documents.find().forEach(document -> stored.add(document.getInteger("_id")));
            assertThat(stored).containsExactlyInAnyOrderElementsOf(acknowledged);
            Document counter = client.getDatabase("certaudit").getCollection("counters").find(Filters.eq("_id", "n")).first();
            assertThat(counter.getLong("value")).as("every $inc counted once, none replayed twice")
                                                .isEqualTo(lastCount).isEqualTo(BEFORE + DURING);
        }
        assertThat(Files.exists(dataDir.resolve(EmbeddedMongoStore.LOG_FILE_NAME + ".1")))
                .as("recovery committed and removed the rotated log").isFalse();
    }

    @Test
    void commitsAreWrittenOffTheWriteLock() {
        try (EmbeddedMongoStore store = EmbeddedMongoStore.onFile(dataDir, 0)) {
            assertThat(store.backend().commitsOffTheWriteLock())
                    .as("the H2 file store took the commit executor (a newer H2 may have renamed its field)").isTrue();
        }
    }

    /** The child JVM: writes, then writes more and halts from inside a checkpoint. */
    public static final class CrashingWriter {
        public static void main(String[] args) throws Exception {
            Path dir = Path.of(args[0]);
            DurableH2Backend.CheckpointProbe.Stage haltAt = DurableH2Backend.CheckpointProbe.Stage.valueOf(args[1]);
            EmbeddedMongoStore store = EmbeddedMongoStore.onFile(dir, 0);
            MongoClient client = MongoClients.create(store.connectionString());
            MongoCollection<Document> documents = client.getDatabase("certaudit").getCollection("documents");
            MongoCollection<Document> counters = client.getDatabase("certaudit").getCollection("counters");
            AtomicBoolean armed = new AtomicBoolean();
            int[] next = {0};
            Runnable write = () -> {
                int id = next[0]++;
                documents.insertOne(new Document("_id", id).append("text", "document " + id));
                long count = counters.findOneAndUpdate(Filters.eq("_id", "n"), Updates.inc("value", 1L),
                        new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER)).getLong("value");
                System.out.println("ACK " + id + " " + count);
            };
            store.backend().probe(stage -> {
                if (!armed.get()) {
                    return;
                }
                if (stage == DurableH2Backend.CheckpointProbe.Stage.PAGES_TAKEN) {
                    // On another thread, so that a write lock still held here would show as a timeout.
                    CompletableFuture.runAsync(() -> {
                        for (int i = 0; i < DURING; i++) {
                            write.run();
                        }
                    }).orTimeout(30, TimeUnit.SECONDS).join();
                    System.out.println("DURING");
                }
                if (stage == haltAt) {
                    System.out.flush();
                    Runtime.getRuntime().halt(9);
                }
            });
            for (int i = 0; i < BEFORE; i++) {
                write.run();
            }
            armed.set(true);
            store.backend().checkpoint();
            Thread.sleep(30_000);
            System.exit(1);
        }
    }
}
