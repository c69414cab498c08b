package org.certaudit.eventstore;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.certaudit.eventstore.embedded.EmbeddedMongoStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class EmbeddedStoreMetricsTest {

    @TempDir
    Path dataDir;

    @Test
    void theFileIsMeasuredAsItIs() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (EmbeddedMongoStore store = EmbeddedMongoStore.onFile(dataDir, 0);
             MongoClient client = MongoClients.create(store.connectionString())) {
            new EmbeddedStoreMetrics(store.backend()).bindTo(registry);
            for (int i = 0; i < 100; i++) {
                client.getDatabase("certaudit").getCollection("events").insertOne(new Document("_id", i)
                        .append("payload", "event " + i));
            }
            store.backend().checkpoint();

            long fileSize = Files.size(dataDir.resolve(EmbeddedMongoStore.FILE_NAME));
            assertThat(registry.get("certaudit.embedded.store.file.size").gauge().value()).isEqualTo(fileSize);
            assertThat(registry.get("certaudit.embedded.store.chunks.live").gauge().value()).isBetween(0.01, 1.0);
            assertThat(registry.get("certaudit.embedded.store.file.used").gauge().value()).isBetween(0.01, 1.0);
            assertThat(registry.get("certaudit.embedded.store.compaction.steps").functionCounter().count())
                    .isEqualTo(store.backend().compactionSteps());
            assertThat(registry.get("certaudit.embedded.store.idle.housekeeping").gauge().value())
                    .as("a file below 64 MB is left alone when idle").isZero();
        }
        assertThat(registry.get("certaudit.embedded.store.file.size").gauge().value()).as("closed").isZero();
    }
}
