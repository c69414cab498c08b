package org.certaudit.eventstore;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.certaudit.web.StallingProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A store that stops answering while an append's insert is on its way: the append says that whether its events are
 * stored is not known, because the store may still take the insert when it answers again.
 */
class AppendOutcomeTest {

    private StoreFixture store;
    private StallingProxy proxy;
    private MongoClient throughProxy;

    @BeforeEach
    void start() {
        store = StoreFixture.inMemory();
        proxy = StallingProxy.to(store.server.port());
        throughProxy = MongoClients.create("mongodb://127.0.0.1:" + proxy.port()
                + "/?socketTimeoutMS=500&serverSelectionTimeoutMS=2000&retryWrites=false");
    }

    @AfterEach
    void stop() throws Exception {
        throughProxy.close();
        proxy.close();
        store.close();
    }

    @Test
    void anInsertTheStoreDoesNotAnswerIsOfUnknownOutcomeAndMayLandWhenTheStoreAnswersAgain() {
        AtomicBoolean stallBeforeInsert = new AtomicBoolean(true);
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder()
                .database(throughProxy.getDatabase("certaudit")).eventSerializer(StoreFixture.SERIALIZER)
                .snapshotSerializer(StoreFixture.SERIALIZER)
                .appendHook((first, last) -> {
                    if (stallBeforeInsert.getAndSet(false)) {
                        proxy.stall();
                    }
                }).build();

        assertThatThrownBy(() -> engine.appendEvents(StoreFixture.scored("0001-2024-SE", 0)))
                .isInstanceOf(AppendOutcomeUnknownException.class)
                .hasMessageContaining("whether they are stored is not known");

        proxy.resume();
        // What the store does with the insert and the append's removal held back with it depends on which it reads
        // first: the event is there or not, never in part, and the store answers again.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(engine.readEvents("0001-2024-SE").asStream().count()).isBetween(0L, 1L));
    }

    @Test
    void anAppendThatFindsNoStoreSendsNothingAndSaysSoPlainly() throws Exception {
        MongoEventStorageEngine engine = MongoEventStorageEngine.builder()
                .database(throughProxy.getDatabase("certaudit")).eventSerializer(StoreFixture.SERIALIZER)
                .snapshotSerializer(StoreFixture.SERIALIZER).build();
        proxy.close();

        assertThatThrownBy(() -> engine.appendEvents(StoreFixture.scored("0001-2024-SE", 0)))
                .isInstanceOf(EventStoreException.class)
                .isNotInstanceOf(AppendOutcomeUnknownException.class);
        assertThat(store.events().countDocuments()).isZero();
    }
}
