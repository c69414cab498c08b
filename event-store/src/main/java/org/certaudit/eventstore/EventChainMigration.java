package org.certaudit.eventstore;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.certaudit.ledger.EventDocuments;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one-time migration that chains events stored before the ledger existed: every event without a
 * {@code hash} gets {@code prevHash} and {@code hash} exactly as {@link EventChain} would have given it,
 * stream by stream in sequence order. It logs what it does, and records its completion in
 * {@code ledger_migrations} so that later starts skip the scan. Idempotent: running it twice, or from two
 * processes at once, writes the same values.
 */
public final class EventChainMigration {

    static final String MIGRATIONS = "ledger_migrations";
    static final String ID = "event-chain/1";
    private static final Logger log = LoggerFactory.getLogger(EventChainMigration.class);

    private final MongoCollection<Document> events;
    private final MongoCollection<Document> migrations;

    public EventChainMigration(MongoDatabase database) {
        this.events = database.getCollection(MongoEventStorageEngine.EVENTS);
        this.migrations = database.getCollection(MIGRATIONS);
    }

    /** Chains what is unchained, unless a completed run is recorded; returns how many events it chained. */
    public long run() {
        if (migrations.find(Filters.eq("_id", ID)).first() != null) {
            return 0;
        }
        Instant start = Instant.now();
        Map<String, List<Document>> streams = new TreeMap<>();
        List<Document> loose = new ArrayList<>();
        events.find(Filters.exists(EventDocuments.HASH, false)).forEach(document -> {
            if (EventDocuments.isAbandonedPosition(document)) {
                return;
            }
            String aggregateId = document.getString("aggregateId");
            if (aggregateId == null) {
                loose.add(document);
            } else {
                streams.computeIfAbsent(aggregateId, id -> new ArrayList<>()).add(document);
            }
        });
        long count = loose.size() + streams.values().stream().mapToLong(List::size).sum();
        if (count > 0) {
            log.warn("Event chain migration: {} events in {} streams were stored before the ledger; chaining them now"
                     + " (one-time)", count, streams.size());
        }
        for (Document document : loose) {
            save(document, null);
        }
        for (Map.Entry<String, List<Document>> stream : streams.entrySet()) {
            List<Document> documents = stream.getValue();
            documents.sort(Comparator.comparingLong(document -> ((Number) document.get("seq")).longValue()));
            long firstSeq = ((Number) documents.get(0).get("seq")).longValue();
            String previous = null;
            if (firstSeq > 0) {
                Document before = events.find(Filters.eq(EventDocuments.STREAM,
                                                         EventDocuments.streamKey(stream.getKey(), firstSeq - 1))).first();
                previous = before == null ? null : before.getString(EventDocuments.HASH);
                if (previous == null) {
                    log.error("Event chain migration: project {} has no chained sequence {}; its chain starts unlinked"
                              + " at sequence {} and the verifier will report it", stream.getKey(), firstSeq - 1, firstSeq);
                }
            }
            for (Document document : documents) {
                previous = save(document, previous);
            }
            log.info("Event chain migration: chained project {} sequences {} to {}", stream.getKey(), firstSeq,
                     ((Number) documents.get(documents.size() - 1).get("seq")).longValue());
        }
        migrations.replaceOne(Filters.eq("_id", ID),
                              new Document("_id", ID).append("completedAt", new Date()).append("chained", count),
                              new ReplaceOptions().upsert(true));
        if (count > 0) {
            log.warn("Event chain migration: done, {} events chained in {} ms", count,
                     Duration.between(start, Instant.now()).toMillis());
        }
        return count;
    }

    private String save(Document document, String previous) {
        String hash = EventDocuments.complete(document, previous);
        events.updateOne(Filters.eq("_id", document.get("_id")),
                         Updates.combine(Updates.set(EventDocuments.PREV_HASH, previous),
                                         Updates.set(EventDocuments.HASH, hash)));
        return hash;
    }
}
