package org.certaudit.eventstore;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.certaudit.eventstore.embedded.EmbeddedMongoStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A fresh database on an embedded server, engines on it, and events like the apps write. */
final class StoreFixture implements AutoCloseable {

    static final JacksonSerializer SERIALIZER = JacksonSerializer.defaultSerializer();

    final EmbeddedMongoStore server;
    final MongoClient client;
    final MongoDatabase database;

    private StoreFixture(EmbeddedMongoStore server, String databaseName) {
        this.server = server;
        this.client = MongoClients.create(server.connectionString());
        this.database = client.getDatabase(databaseName);
    }

    static StoreFixture inMemory() {
        return new StoreFixture(EmbeddedMongoStore.inMemory(0), "certaudit");
    }

    static StoreFixture on(EmbeddedMongoStore server) {
        return new StoreFixture(server, "certaudit");
    }

    MongoEventStorageEngine.Builder engineBuilder() {
        return MongoEventStorageEngine.builder().database(database).eventSerializer(SERIALIZER)
                                      .snapshotSerializer(SERIALIZER);
    }

    MongoEventStorageEngine engine() {
        return engineBuilder().build();
    }

    MongoCollection<Document> events() {
        return database.getCollection(MongoEventStorageEngine.EVENTS);
    }

    static DomainEventMessage<ItemScored> scored(String project, long seq) {
        return new GenericDomainEventMessage<>("Project", project, seq,
                new ItemScored(project + ".1", "5.2.2." + seq, 80),
                MetaData.with("user", "auditor").and("requestId", UUID.randomUUID().toString()));
    }

    static List<DomainEventMessage<?>> scored(String project, long firstSeq, int count) {
        List<DomainEventMessage<?>> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(scored(project, firstSeq + i));
        }
        return events;
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }

    /** A stand-in for an audit event; the engine only sees a payload to serialize. */
    record ItemScored(String auditId, String clause, int percent) {
    }

    /** A clock the test moves, for gap timeouts. */
    static final class MovableClock extends Clock {
        private volatile Instant now = Instant.parse("2026-03-02T09:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
