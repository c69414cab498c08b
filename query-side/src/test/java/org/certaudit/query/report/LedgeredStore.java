package org.certaudit.query.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.serialization.json.JacksonSerializer;
import org.certaudit.audit.AuditEvent;
import org.certaudit.eventstore.MongoEventStorageEngine;
import org.certaudit.eventstore.embedded.EmbeddedMongoStore;
import org.certaudit.query.ledger.TestTransparencyLogs;
import org.certaudit.query.ledger.TransparencyLog;
import org.certaudit.scheme.SchemeCatalog;
import org.certaudit.query.ledger.TransparencyLogTreeHeads;

/**
 * Our engine on an in-memory embedded server with the transparency log following it, and the report service with the
 * real seams over them ({@link FoldedCertificationRecords}, {@link TransparencyLogTreeHeads}): what the query side runs.
 * The log signs only when told ({@code signEvery} and the interval are out of reach after its first head).
 */
final class LedgeredStore implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule());

    private final EmbeddedMongoStore server = EmbeddedMongoStore.inMemory(0);
    private final MongoClient client = MongoClients.create(server.connectionString());
    private final MongoEventStorageEngine engine;
    private final EmbeddedEventStore eventStore;
    final TransparencyLog log;
    private final Map<String, Long> sequences = new HashMap<>();
    private Instant clock = Instant.parse("2021-06-05T01:00:00Z");

    LedgeredStore(Path keyDir) {
        MongoDatabase database = client.getDatabase("certaudit");
        engine = MongoEventStorageEngine.builder().database(database)
                .eventSerializer(JacksonSerializer.builder().objectMapper(JSON).build())
                .snapshotSerializer(JacksonSerializer.builder().objectMapper(JSON).build())
                .gapTimeout(Duration.ZERO).build();
        eventStore = EmbeddedEventStore.builder().storageEngine(engine).build();
        log = TestTransparencyLogs.signingWhenTold(engine, database, keyDir);
    }

    /** Appends the events as their projects' next sequence numbers, a minute apart; returns the last one's sequence. */
    long append(List<? extends AuditEvent> events) {
        long seq = -1;
        for (AuditEvent event : events) {
            String project = event.auditId().projectNumber().value();
            seq = sequences.merge(project, 1L, Long::sum) - 1;
            clock = clock.plusSeconds(60);
            DomainEventMessage<?> message = new GenericDomainEventMessage<>("Project", project, seq, event,
                    Map.of("user", "leader"), project + "/" + seq, clock);
            engine.appendEvents(List.of(message));
        }
        return seq;
    }

    long append(AuditEvent... events) {
        return append(List.of(events));
    }

    /** The report service with the real certification record and tree head beans. */
    AuditReports reports() {
        return new AuditReports(eventStore, null, SchemeCatalog.shipped(), ReportFixtures.PROPERTIES,
                new FoldedCertificationRecords(), new TransparencyLogTreeHeads(log.store()),
                java.time.ZoneId.of("Asia/Shanghai"));
    }

    @Override
    public void close() {
        client.close();
        server.close();
    }
}
