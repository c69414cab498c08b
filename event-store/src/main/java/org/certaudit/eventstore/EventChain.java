package org.certaudit.eventstore;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.bson.Document;
import org.certaudit.ledger.EventDocuments;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Completes event documents before they are inserted: each gets {@code prevHash}, the hash of the event
 * before it in the same stream, and {@code hash}, SHA-256 over its canonical form (see
 * {@link org.certaudit.ledger.StoredEvent}). A predecessor in the same batch is taken from the batch; one
 * already stored is taken from the hashes the engine {@link KnownHashes knows} (the last event of a kept
 * aggregate run, as the load before this append found it stored), or else read with one {@code stream $in}
 * lookup per batch. Two writers that chain to the same predecessor collide on the unique {@code stream} key
 * as before, so a stream's chain stays one line.
 */
final class EventChain {

    private final MongoCollection<Document> events;

    EventChain(MongoCollection<Document> events) {
        this.events = events;
    }

    /** Stored chain hashes the engine holds already, so that they need no lookup. */
    @FunctionalInterface
    interface KnownHashes {
        KnownHashes NONE = (aggregateId, sequenceNumber) -> null;

        /** The stored {@code hash} of that event, or null when it is not known without a lookup. */
        String hashOf(String aggregateId, long sequenceNumber);
    }

    /**
     * Adds {@code prevHash} and {@code hash} to documents that hold every other field.
     *
     * @param stored hashes of stored predecessors known without a lookup
     * @throws EventStoreException when a stored predecessor has no hash (events stored before the ledger that
     *                             {@link EventChainMigration} has not chained yet)
     */
    void complete(List<Document> documents, KnownHashes stored) {
        Map<String, String> known = new HashMap<>();
        List<String> wanted = new ArrayList<>();
        Map<String, Boolean> inBatch = new HashMap<>();
        for (Document document : documents) {
            String stream = document.getString(EventDocuments.STREAM);
            if (stream != null) {
                inBatch.put(stream, true);
            }
        }
        for (Document document : documents) {
            String predecessor = predecessorKey(document);
            if (predecessor != null && !inBatch.containsKey(predecessor)) {
                String hash = stored.hashOf(document.getString("aggregateId"), ((Number) document.get("seq")).longValue() - 1);
                if (hash != null) {
                    known.put(predecessor, hash);
                } else {
                    wanted.add(predecessor);
                }
            }
        }
        if (!wanted.isEmpty()) {
            events.find(Filters.in(EventDocuments.STREAM, wanted))
                  .projection(Projections.include(EventDocuments.STREAM, EventDocuments.HASH))
                  .forEach(found -> {
                      String hash = found.getString(EventDocuments.HASH);
                      if (hash == null) {
                          throw new EventStoreException("The stored event " + found.getString(EventDocuments.STREAM)
                                                        + " has no chain hash; the event chain migration must run first");
                      }
                      known.put(found.getString(EventDocuments.STREAM), hash);
                  });
        }
        for (Document document : documents) {
            String predecessor = predecessorKey(document);
            String hash = EventDocuments.complete(document, predecessor == null ? null : known.get(predecessor));
            String stream = document.getString(EventDocuments.STREAM);
            if (stream != null) {
                known.put(stream, hash);
            }
        }
    }

    /** The stream key of the event before this one, or null for a first event or one of no aggregate. */
    private static String predecessorKey(Document document) {
        Object seq = document.get("seq");
        String aggregateId = document.getString("aggregateId");
        if (aggregateId == null || seq == null || ((Number) seq).longValue() == 0) {
            return null;
        }
        return EventDocuments.streamKey(aggregateId, ((Number) seq).longValue() - 1);
    }
}
