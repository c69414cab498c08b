package org.certaudit.eventstore;

import com.mongodb.client.model.Filters;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.bson.Document;
import org.certaudit.eventstore.embedded.EmbeddedMongoStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The embedded store on its H2 file: what is acknowledged is there after a restart or a kill -9. */
class DurabilityTest {

    @TempDir
    Path dataDir;

    @Test
    void eventsSnapshotsAndTokensAreThereAfterReopeningTheDataFile() {
        TrackingToken storedToken;
        try (StoreFixture store = StoreFixture.on(EmbeddedMongoStore.onFile(dataDir, 0))) {
            MongoEventStorageEngine engine = store.engine();
            engine.appendEvents(StoreFixture.scored("0455-2021-SE", 0, 5));
            engine.storeSnapshot(StoreFixture.scored("0455-2021-SE", 4));
            List<? extends TrackedEventMessage<?>> read = engine.readEvents(null, false).toList();
            storedToken = read.get(read.size() - 1).trackingToken();
            MongoTokenStore tokens = tokenStore(store);
            tokens.initializeTokenSegments("audit-scorecard", 1);
            tokens.fetchToken("audit-scorecard", 0);
            tokens.storeToken(storedToken, "audit-scorecard", 0);
            tokens.releaseClaim("audit-scorecard", 0);
        }

        try (StoreFixture store = StoreFixture.on(EmbeddedMongoStore.onFile(dataDir, 0))) {
            MongoEventStorageEngine engine = store.engine();
            assertThat(engine.readEvents("0455-2021-SE").asStream().count()).isEqualTo(5);
            assertThat(engine.readSnapshot("0455-2021-SE")).hasValueSatisfying(
                    snapshot -> assertThat(snapshot.getSequenceNumber()).isEqualTo(4));
            assertThat(tokenStore(store).fetchToken("audit-scorecard", 0)).isEqualTo(storedToken);
            engine.appendEvents(StoreFixture.scored("0455-2021-SE", 5));
            assertThat(engine.readEvents(storedToken, false).map(TrackedEventMessage::trackingToken).toList())
                    .as("the counter continued after the last position")
                    .containsExactly(GapAwareTrackingToken.newInstance(6, List.of()));
            assertThat(store.events().countDocuments(Filters.eq("stream", MongoEventStorageEngine.streamKey("0455-2021-SE", 5))))
                    .isEqualTo(1);
        }
    }

    /**
     * A child JVM runs the embedded store and two writers appending as fast as they can, printing
     * every acknowledged position; it is killed with SIGKILL mid-run. Every acknowledged event must
     * then be in the file under its position, and no event or position may be there twice.
     */
    @Test
    void everyAcknowledgedAppendSurvivesKillDashNine() throws Exception {
        Process child = ChildJvm.start(CrashingAppender.class, dataDir.toString());
        Map<Long, String> acknowledged = new HashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.startsWith("ACK ")) {
                    String[] parts = line.split(" ");
                    acknowledged.put(Long.parseLong(parts[1]), parts[2]);
                    if (acknowledged.size() == 600) {
                        child.destroyForcibly();
                        break;
                    }
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acknowledged).as("the child acknowledged appends before it was killed").hasSize(600);

        try (StoreFixture store = StoreFixture.on(EmbeddedMongoStore.onFile(dataDir, 0))) {
            Map<Long, String> stored = new HashMap<>();
            Set<String> eventIds = new HashSet<>();
            List<String> duplicates = new ArrayList<>();
            for (Document event : store.events().find()) {
                long position = ((Number) event.get("_id")).longValue();
                String eventId = event.getString("eventId");
                if (stored.put(position, eventId) != null || !eventIds.add(eventId)) {
                    duplicates.add(position + " " + eventId);
                }
            }
            assertThat(duplicates).isEmpty();
            acknowledged.forEach((position, eventId) ->
                    assertThat(stored.get(position)).as("acknowledged position %d", position).isEqualTo(eventId));
            assertThat(stored.size()).isGreaterThanOrEqualTo(acknowledged.size());
            MongoEventStorageEngine engine = store.engine();
            long highest = acknowledged.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
            assertThat(engine.readEvents(null, false).count()).isEqualTo(stored.size());
            engine.appendEvents(StoreFixture.scored("after-the-crash", 0));
            assertThat(store.events().find(Filters.eq("aggregateId", "after-the-crash")).first().get("_id", Long.class))
                    .as("positions go on above every stored one").isGreaterThan(highest);
        }
    }

    @Test
    void refusesADataFileWhoseIndexesWereWrittenInTheStockKeyOrder() {
        // What mongo-java-server's own H2 backend leaves: data maps, and no key-order marker.
        org.h2.mvstore.MVStore stock = org.h2.mvstore.MVStore.open(dataDir.resolve(EmbeddedMongoStore.FILE_NAME).toString());
        stock.openMap("databases.certaudit.events").put(1L, "an event");
        stock.close();

        assertThatThrownBy(() -> EmbeddedMongoStore.onFile(dataDir, 0))
                .isInstanceOf(EmbeddedMongoStore.EmbeddedStoreException.class)
                .hasMessageContaining("written by another version of the embedded store");
    }

    private static MongoTokenStore tokenStore(StoreFixture store) {
        return MongoTokenStore.builder()
                              .mongoTemplate(DefaultMongoTemplate.builder().mongoDatabase(store.client, "certaudit")
                                                                 .trackingTokensCollectionName("tokens").build())
                              .serializer(StoreFixture.SERIALIZER)
                              .build();
    }

    /** The child JVM of the crash test. */
    public static final class CrashingAppender {
        public static void main(String[] args) throws IOException, InterruptedException {
            StoreFixture store = StoreFixture.on(EmbeddedMongoStore.onFile(Path.of(args[0]), 0));
            MongoEventStorageEngine engine = store.engine();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                String project = "crash-" + w;
                Thread writer = new Thread(() -> {
                    for (long seq = 0; ; seq++) {
                        var event = StoreFixture.scored(project, seq);
                        engine.appendEvents(event);
                        Document stored = store.events().find(Filters.eq("eventId", event.getIdentifier()))
                                               .projection(new Document("_id", 1)).first();
                        synchronized (System.out) {
                            System.out.println("ACK " + stored.get("_id") + " " + event.getIdentifier());
                            System.out.flush();
                        }
                    }
                });
                writers.add(writer);
                writer.start();
            }
            for (Thread writer : writers) {
                writer.join();
            }
        }
    }
}
