package org.certaudit.query.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.serialization.json.JacksonSerializer;
import org.bson.Document;
import org.certaudit.audit.AuditEvent;
import org.certaudit.eventstore.MongoEventStorageEngine;
import org.certaudit.eventstore.embedded.EmbeddedMongoStore;
import org.certaudit.ledger.EventDocuments;
import org.certaudit.ledger.bundle.EvidenceBundle;
import org.certaudit.ledger.treehead.Keys;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A store with our engine on an in-memory embedded server, the transparency log following it and the bundle
 * exporter, built without Spring: what the query side runs, for tests that change the store behind its back.
 */
final class LedgerHarness implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    final EmbeddedMongoStore server = EmbeddedMongoStore.inMemory(0);
    final MongoClient client = MongoClients.create(server.connectionString());
    final MongoDatabase database = client.getDatabase("certaudit");
    final MongoEventStorageEngine engine;
    final SigningKey key;
    final TransparencyLog log;
    final EvidenceBundles bundles;
    final LedgerProperties properties;
    private final Map<String, Long> sequences = new HashMap<>();
    private Instant clock = Instant.parse("2021-06-05T01:00:00Z");

    LedgerHarness(Path keyDir, int signEvery) {
        // No waiting for gaps: a position skipped stays skipped (see skipPosition).
        this(keyDir, signEvery, 500, Duration.ZERO);
    }

    LedgerHarness(Path keyDir, int signEvery, int batchSize, Duration gapTimeout) {
        // Positions are reserved per append, so they are predictable.
        engine = MongoEventStorageEngine.builder().database(database)
                                        .eventSerializer(JacksonSerializer.builder().objectMapper(JSON).build())
                                        .snapshotSerializer(JacksonSerializer.builder().objectMapper(JSON).build())
                                        .gapTimeout(gapTimeout).build();
        properties = new LedgerProperties(true, null, null, keyDir, signEvery, Duration.ofHours(1),
                                          Duration.ofSeconds(1), batchSize);
        key = SigningKey.load(properties);
        log = new TransparencyLog(engine, database, key, properties, java.time.Clock.systemUTC());
        bundles = new EvidenceBundles(log, database);
    }

    /** Appends the events as their project's next sequence numbers, one append per event. */
    void append(List<? extends AuditEvent> events) {
        for (AuditEvent event : events) {
            String project = event.auditId().projectNumber().value();
            long seq = sequences.merge(project, 1L, Long::sum) - 1;
            clock = clock.plusSeconds(60);
            DomainEventMessage<?> message = new GenericDomainEventMessage<>(
                    "Project", project, seq, event, Map.of("user", "leader", "requestId", UUID.randomUUID().toString()),
                    UUID.randomUUID().toString(), clock);
            engine.appendEvents(List.of(message));
        }
    }

    /** Takes a position no event gets, as a failed write leaves one. */
    long skipPosition() {
        Document counter = database.getCollection(MongoEventStorageEngine.COUNTER)
                                   .findOneAndUpdate(Filters.eq("_id", "position"),
                                                     com.mongodb.client.model.Updates.inc("value", 1L),
                                                     new com.mongodb.client.model.FindOneAndUpdateOptions()
                                                             .returnDocument(com.mongodb.client.model.ReturnDocument.AFTER));
        return ((Number) counter.get("value")).longValue();
    }

    MongoCollection<Document> events() {
        return database.getCollection(EventDocuments.EVENTS);
    }

    Document event(String project, long seq) {
        return events().find(Filters.eq(EventDocuments.STREAM, EventDocuments.streamKey(project, seq))).first();
    }

    List<Document> stream(String project) {
        List<Document> found = new ArrayList<>();
        for (long seq = 0; ; seq++) {
            Document document = event(project, seq);
            if (document == null) {
                return found;
            }
            found.add(document);
        }
    }

    /** The bundle as a regulator receives it: written to JSON and read back. */
    EvidenceBundle exportProject(String project, List<Long> consistencyFrom) throws Exception {
        EvidenceBundle bundle = bundles.project(new org.certaudit.audit.ProjectNumber(project), consistencyFrom);
        return JSON.readValue(JSON.writeValueAsBytes(bundle), EvidenceBundle.class);
    }

    String publicKeyPem() {
        return Keys.publicKeyPem(key.publicKey());
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
