package org.certaudit.eventstore;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.bson.Document;
import org.certaudit.ledger.EventDocuments;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventChainTest {

    private StoreFixture store;
    private MongoEventStorageEngine engine;

    @BeforeEach
    void start() {
        store = StoreFixture.inMemory();
        engine = store.engine();
    }

    @AfterEach
    void stop() {
        store.close();
    }

    @Nested
    class AtAppend {

        @Test
        void chainsEveryEventToItsPredecessorInTheSameStreamAcrossBatches() {
            engine.appendEvents(StoreFixture.scored("0455-2021-SE", 0, 3));
            engine.appendEvents(StoreFixture.scored("0455-2021-SE", 3, 2));

            List<Document> stream = stream("0455-2021-SE");
            assertThat(stream).hasSize(5);
            assertThat(stream.get(0).getString("prevHash")).isNull();
            for (int i = 1; i < stream.size(); i++) {
                assertThat(stream.get(i).getString("prevHash")).isEqualTo(stream.get(i - 1).getString("hash"));
            }
        }

        @Test
        void storesTheHashOfTheCanonicalFormOfEachDocument() {
            engine.appendEvents(StoreFixture.scored("0455-2021-SE", 0, 2));
            for (Document document : stream("0455-2021-SE")) {
                assertThat(document.getString("hash"))
                        .hasSize(64)
                        .isEqualTo(EventDocuments.storedEvent(document).hash());
            }
        }

        @Test
        void keepsTheStreamsOfOneBatchApart() {
            List<DomainEventMessage<?>> batch = new ArrayList<>(StoreFixture.scored("0001-2026-SE", 0, 2));
            batch.addAll(StoreFixture.scored("0002-2026-SE", 0, 2));
            engine.appendEvents(batch);

            assertThat(stream("0002-2026-SE").get(0).getString("prevHash")).isNull();
            assertThat(stream("0002-2026-SE").get(1).getString("prevHash"))
                    .isEqualTo(stream("0002-2026-SE").get(0).getString("hash"));
        }

        @Test
        void refusesToChainOntoAnEventTheMigrationHasNotChained() {
            engine.appendEvents(StoreFixture.scored("0455-2021-SE", 0, 1));
            store.events().updateMany(new Document(), Updates.unset("hash"));
            // Another engine (a new start): it reads the unchained event, so it knows no hash to chain to.
            MongoEventStorageEngine restarted = store.engine();
            assertThat(restarted.readEvents("0455-2021-SE").asStream().count()).isEqualTo(1);

            assertThatThrownBy(() -> restarted.appendEvents(StoreFixture.scored("0455-2021-SE", 1, 1)))
                    .isInstanceOf(EventStoreException.class).hasMessageContaining("migration");
        }
    }

    @Nested
    class AcrossWritersAndSnapshots {

        @Test
        void keepsEveryStreamOneUnbrokenChainWhenFourWritersAppendToTheSameStreamsAtOnce() throws Exception {
            List<String> projects = List.of("0001-2026-SE", "0002-2026-SE", "0003-2026-SE");
            java.util.concurrent.ExecutorService writers = java.util.concurrent.Executors.newFixedThreadPool(4);
            List<java.util.concurrent.Future<Integer>> results = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                MongoEventStorageEngine writer = store.engine();
                results.add(writers.submit(() -> {
                    int conflicts = 0;
                    for (int i = 0; i < 30; i++) {
                        String project = projects.get(i % projects.size());
                        while (true) {
                            long next = writer.lastSequenceNumberFor(project).map(n -> n + 1).orElse(0L);
                            try {
                                writer.appendEvents(StoreFixture.scored(project, next, 1 + i % 2));
                                break;
                            } catch (RuntimeException e) {
                                conflicts++;
                            }
                        }
                    }
                    return conflicts;
                }));
            }
            int conflicts = 0;
            for (java.util.concurrent.Future<Integer> result : results) {
                conflicts += result.get(120, java.util.concurrent.TimeUnit.SECONDS);
            }
            writers.shutdown();

            int events = 0;
            for (String project : projects) {
                List<Document> stream = stream(project);
                events += stream.size();
                for (int i = 0; i < stream.size(); i++) {
                    Document document = stream.get(i);
                    assertThat(((Number) document.get("seq")).longValue()).isEqualTo(i);
                    assertThat(document.getString("hash")).isEqualTo(EventDocuments.storedEvent(document).hash());
                    assertThat(document.getString("prevHash")).as("%s sequence %d", project, i)
                            .isEqualTo(i == 0 ? null : stream.get(i - 1).getString("hash"));
                }
            }
            assertThat(events).isEqualTo(4 * (15 * 1 + 15 * 2));
            System.out.printf("EventChainTest: 4 writers, %d events, %d conflicts retried, every chain unbroken%n", events, conflicts);
        }

        @Test
        void chainsTheEventAfterASnapshotToTheEventBeforeIt() {
            engine.appendEvents(StoreFixture.scored("0455-2021-SE", 0, 3));
            engine.storeSnapshot(new org.axonframework.eventhandling.GenericDomainEventMessage<>(
                    "Project", "0455-2021-SE", 2, new StoreFixture.ItemScored("0455-2021-SE.1", "snapshot", 0)));
            engine.appendEvents(StoreFixture.scored("0455-2021-SE", 3, 1));

            List<Document> stream = stream("0455-2021-SE");
            assertThat(stream.get(3).getString("prevHash")).isEqualTo(stream.get(2).getString("hash"));
        }
    }

    @Nested
    class Migration {

        @Test
        void givesEventsStoredBeforeTheLedgerTheChainTheyWouldHaveHadAndLogsItOnce() {
            engine.appendEvents(StoreFixture.scored("0455-2021-SE", 0, 4));
            engine.appendEvents(StoreFixture.scored("0001-2026-SE", 0, 2));
            List<Document> chainedAtAppend = all();
            store.events().updateMany(new Document(), Updates.combine(Updates.unset("hash"), Updates.unset("prevHash")));

            assertThat(new EventChainMigration(store.database).run()).isEqualTo(6);

            assertThat(all()).extracting(document -> document.getString("hash"))
                             .containsExactlyElementsOf(chainedAtAppend.stream().map(d -> d.getString("hash")).toList());
            assertThat(new EventChainMigration(store.database).run()).as("recorded as done").isZero();
        }

        @Test
        void letsNewEventsChainOntoMigratedOnes() {
            engine.appendEvents(StoreFixture.scored("0455-2021-SE", 0, 2));
            store.events().updateMany(new Document(), Updates.combine(Updates.unset("hash"), Updates.unset("prevHash")));
            new EventChainMigration(store.database).run();

            engine.appendEvents(StoreFixture.scored("0455-2021-SE", 2, 1));

            List<Document> stream = stream("0455-2021-SE");
            assertThat(stream.get(2).getString("prevHash")).isEqualTo(stream.get(1).getString("hash"));
        }
    }

    private List<Document> stream(String project) {
        return store.events().find(Filters.eq("aggregateId", project)).sort(Sorts.ascending("seq")).into(new ArrayList<>());
    }

    private List<Document> all() {
        return store.events().find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }
}
