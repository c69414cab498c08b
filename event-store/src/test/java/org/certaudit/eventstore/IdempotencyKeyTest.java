package org.certaudit.eventstore;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.bson.Document;
import org.certaudit.eventstore.embedded.EmbeddedMongoStore;
import org.certaudit.ledger.EventDocuments;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The unique {@code idempotency} field: one change per user and idempotency key, whatever retries it. */
class IdempotencyKeyTest {

    private static final String PROJECT = "0455-2021-SE";

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

    @Test
    void marksOnlyTheFirstEventOfACommandSoItsEventsDoNotCollide() {
        engine.appendEvents(command(PROJECT, 0, 3, "auditor", "k-1"));

        List<Document> stored = all();
        assertThat(stored).hasSize(3);
        assertThat(stored.get(0).getString(MongoEventStorageEngine.IDEMPOTENCY)).isEqualTo("[\"auditor\",\"k-1\"]");
        assertThat(stored.subList(1, 3)).allSatisfy(document ->
                assertThat(document.containsKey(MongoEventStorageEngine.IDEMPOTENCY)).isFalse());
    }

    @Test
    void refusesASecondChangeUnderTheSameUserAndKeyWholeAndNamesTheFirst() {
        engine.appendEvents(command(PROJECT, 0, 2, "auditor", "k-1"));
        // The retry after a crash: another process, which loaded the stream and appends what the command causes again.
        MongoEventStorageEngine restarted = store.engine();
        assertThat(restarted.readEvents(PROJECT).asStream().count()).isEqualTo(2);

        IdempotencyKeyUsedException refused = catchThrowableOfType(IdempotencyKeyUsedException.class,
                () -> restarted.appendEvents(command(PROJECT, 2, 2, "auditor", "k-1")));

        assertThat(refused).isNotNull();
        assertThat(refused.user()).isEqualTo("auditor");
        assertThat(refused.key()).isEqualTo("k-1");
        assertThat(refused.position()).isEqualTo(1);
        assertThat(all()).hasSize(2);
        assertThat(restarted.readEvents(PROJECT).asStream().count()).isEqualTo(2);
    }

    @Test
    void refusesTheRetryEvenWhenItsKeyedEventIsNotTheFirstOfTheBatch() {
        engine.appendEvents(command(PROJECT, 0, 1, "auditor", "k-1"));
        List<DomainEventMessage<?>> batch = new ArrayList<>(StoreFixture.scored("0001-2026-SE", 0, 2));
        batch.addAll(command(PROJECT, 1, 2, "auditor", "k-1"));

        assertThat(catchThrowableOfType(IdempotencyKeyUsedException.class, () -> engine.appendEvents(batch)))
                .isNotNull();
        assertThat(all()).hasSize(1);
    }

    @Test
    void theChainStaysWholeAndTheStreamGoesOnAfterARefusal() {
        engine.appendEvents(command(PROJECT, 0, 2, "auditor", "k-1"));
        catchThrowableOfType(IdempotencyKeyUsedException.class,
                () -> engine.appendEvents(command(PROJECT, 2, 1, "auditor", "k-1")));
        engine.appendEvents(command(PROJECT, 2, 1, "auditor", "k-2"));

        List<Document> stored = all();
        assertThat(stored).hasSize(3);
        for (int i = 0; i < stored.size(); i++) {
            Document document = stored.get(i);
            assertThat(document.getString(EventDocuments.HASH)).isEqualTo(EventDocuments.storedEvent(document).hash());
            assertThat(document.getString(EventDocuments.PREV_HASH))
                    .isEqualTo(i == 0 ? null : stored.get(i - 1).getString(EventDocuments.HASH));
        }
    }

    @Test
    void keysBelongToTheirUser() {
        engine.appendEvents(command(PROJECT, 0, 1, "auditor", "shared"));
        engine.appendEvents(command(PROJECT, 1, 1, "leader", "shared"));

        assertThat(all()).hasSize(2);
    }

    @Test
    void eventsWithoutAKeyCarryNoFieldAndNeverCollide() {
        engine.appendEvents(StoreFixture.scored(PROJECT, 0, 2));
        engine.appendEvents(StoreFixture.scored(PROJECT, 2, 2));

        assertThat(all()).hasSize(4).allSatisfy(document ->
                assertThat(document.containsKey(MongoEventStorageEngine.IDEMPOTENCY)).isFalse());
    }

    @Test
    void aFileStoreWrittenBeforeTheFieldExistedGetsTheIndexOnItsNextStart(@TempDir Path dataDir) {
        try (StoreFixture old = StoreFixture.on(EmbeddedMongoStore.onFile(dataDir, 0))) {
            old.engine().appendEvents(StoreFixture.scored(PROJECT, 0, 2));
            old.events().dropIndex(MongoEventStorageEngine.IDEMPOTENCY);
        }
        try (StoreFixture reopened = StoreFixture.on(EmbeddedMongoStore.onFile(dataDir, 0))) {
            MongoEventStorageEngine next = reopened.engine();
            assertThat(reopened.events().listIndexes().map(index -> index.getString("name")).into(new ArrayList<>()))
                    .contains(MongoEventStorageEngine.IDEMPOTENCY);
            assertThat(next.readEvents(PROJECT).asStream().count()).isEqualTo(2);
            next.appendEvents(command(PROJECT, 2, 1, "auditor", "k-1"));

            assertThat(catchThrowableOfType(IdempotencyKeyUsedException.class,
                    () -> next.appendEvents(command(PROJECT, 3, 1, "auditor", "k-1")))).isNotNull();
            assertThat(next.readEvents(PROJECT).asStream().count()).isEqualTo(3);
        }
    }

    private List<Document> all() {
        return store.events().find(Filters.exists("eventId")).sort(Sorts.ascending("_id")).into(new ArrayList<>());
    }

    /** The events one command sent with an Idempotency-Key causes: the key and user in every event's metadata. */
    private static List<DomainEventMessage<?>> command(String project, long firstSeq, int count, String user, String key) {
        MetaData metaData = MetaData.with(MongoEventStorageEngine.USER, user)
                .and(MongoEventStorageEngine.IDEMPOTENCY_KEY, key)
                .and("requestId", UUID.randomUUID().toString());
        List<DomainEventMessage<?>> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long seq = firstSeq + i;
            events.add(new GenericDomainEventMessage<>("Project", project, seq,
                    new StoreFixture.ItemScored(project + ".1", "5.2.2." + seq, 80), metaData));
        }
        return events;
    }
}
