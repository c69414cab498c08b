package org.certaudit.query;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Projections.include;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.bson.Document;
import org.bson.codecs.Codec;
import org.bson.conversions.Bson;

/**
 * The MongoDB database holding the read models, with the two write patterns every projection uses.
 * Each read-model document is keyed by a single-field {@code _id} (the embedded server uses an
 * index only for that) and belongs to one project, so its events come from one project stream. It
 * remembers the last event it took in: {@code position} (global) and {@code lastSequence} (in the
 * project stream). An event at or before that sequence number was applied already and is skipped,
 * which makes every handler idempotent. That skip is right only if the processor is given each
 * stream's events in sequence order, none left out: {@link StreamOrderGuard} checks exactly that before
 * any handler runs, from the per-processor stream progress kept here, and stops the processor rather
 * than let a read model skip an event it never saw. A processor has one thread, so nothing else writes
 * the document between the read and the write.
 */
public class ReadModels {

    /** The field holding the global position of the last event applied to a document. */
    public static final String POSITION = "position";
    /** The field holding the project-stream sequence number of the last event applied to a document. */
    public static final String SEQUENCE = "lastSequence";
    /** Per processor and stream, the sequence number of the last event the processor committed. */
    static final String STREAM_PROGRESS = "query_stream_progress";

    private final MongoDatabase database;
    /** The codec of the read models' collections for {@link Document}, as the database's client settings give it. */
    private final Codec<Document> documentCodec;
    /** Committed stream progress, {@code <processor>/<stream>} to sequence number, read through. */
    private final Map<String, Long> progress = new ConcurrentHashMap<>();

    public ReadModels(MongoDatabase database) {
        this.database = Objects.requireNonNull(database, "database is required");
        this.documentCodec = database.getCodecRegistry().get(Document.class);
    }

    /**
     * The sequence number of the last event of {@code stream} that {@code processor} committed, as stored; null if
     * none. Read from the store, not from this instance's memory of it, which another query-side instance may have
     * moved on since (segments move between instances); the memory is brought up to date.
     */
    Long lastHandled(String processor, String stream) {
        String key = processor + "/" + stream;
        Document stored = collection(STREAM_PROGRESS).find(eq("_id", key)).first();
        if (stored == null) {
            progress.remove(key);
            return null;
        }
        long sequence = stored.get("sequence", Number.class).longValue();
        progress.put(key, sequence);
        return sequence;
    }

    /**
     * What this instance last recorded or read as {@link #lastHandled}, without asking the store; null when it knows
     * nothing of the stream (which is not the same as "none committed").
     */
    Long rememberedHandled(String processor, String stream) {
        return progress.get(processor + "/" + stream);
    }

    /** Records, in one round trip, the streams' last sequence numbers a processor's batch committed. */
    void recordHandled(String processor, Map<String, Long> lastSequences) {
        if (lastSequences.isEmpty()) {
            return;
        }
        List<ReplaceOneModel<Document>> writes = new ArrayList<>(lastSequences.size());
        lastSequences.forEach((stream, sequence) -> writes.add(new ReplaceOneModel<>(
                eq("_id", processor + "/" + stream),
                new Document("_id", processor + "/" + stream).append("processor", processor).append("stream", stream)
                        .append("sequence", sequence),
                new ReplaceOptions().upsert(true))));
        collection(STREAM_PROGRESS).bulkWrite(writes, new BulkWriteOptions().ordered(false));
        lastSequences.forEach((stream, sequence) -> progress.put(processor + "/" + stream, sequence));
    }

    /** How the read models' collections encode a {@link Document} (their codec registry's codec). */
    Codec<Document> documentCodec() {
        return documentCodec;
    }

    public MongoCollection<Document> collection(String name) {
        return database.getCollection(name);
    }

    /**
     * Applies {@code update} to the document {@code id} (created if absent) unless it has seen the event.
     * Inside a tracking batch ({@link BatchedWrites}) the write, and the check, happen when the batch ends.
     */
    public void updateOnce(String collection, String id, EventContext event, Bson update) {
        BatchedWrites batch = BatchedWrites.current();
        if (batch != null) {
            batch.update(collection, id, event, update);
            return;
        }
        MongoCollection<Document> documents = collection(collection);
        Document seen = documents.find(eq("_id", id)).projection(include(SEQUENCE)).first();
        if (seen != null && alreadyApplied(seen, event.sequenceNumber())) {
            return;
        }
        documents.updateOne(eq("_id", id), Updates.combine(update, Updates.set(POSITION, event.position()),
                Updates.set(SEQUENCE, event.sequenceNumber())), new UpdateOptions().upsert(true));
    }

    /**
     * Reads the document {@code id} (null if absent), lets {@code change} compute its next state and
     * stores that whole, unless the document has seen the event. {@code change} returning null skips.
     * Inside a tracking batch ({@link BatchedWrites}) the document is read once per batch and stored when
     * the batch ends, as the changes to what was read where they are the smaller write ({@link DocumentChanges}).
     * Answers whether {@code change} produced a next state.
     */
    public boolean replaceOnce(String collection, String id, EventContext event, UnaryOperator<Document> change) {
        BatchedWrites batch = BatchedWrites.current();
        if (batch != null) {
            return batch.replace(collection, id, event, change);
        }
        MongoCollection<Document> documents = collection(collection);
        Document current = documents.find(eq("_id", id)).first();
        if (current != null && alreadyApplied(current, event.sequenceNumber())) {
            return false;
        }
        Document next = change.apply(current);
        if (next == null) {
            return false;
        }
        next.put("_id", id);
        next.put(POSITION, event.position());
        next.put(SEQUENCE, event.sequenceNumber());
        documents.replaceOne(eq("_id", id), next, new ReplaceOptions().upsert(true));
        return true;
    }

    /**
     * Stores {@code document} as {@code id}, replacing any earlier one, without reading it first: for a
     * document written once, by one event, whose content follows from that event alone (an entry of a log),
     * so that storing it again when the event is delivered again changes nothing. Inside a tracking batch
     * ({@link BatchedWrites}) it is stored when the batch ends, in the order {@code BatchedWrites.flush} gives.
     */
    public void putOnce(String collection, String id, EventContext event, Document document) {
        document.put("_id", id);
        document.put(POSITION, event.position());
        document.put(SEQUENCE, event.sequenceNumber());
        BatchedWrites batch = BatchedWrites.current();
        if (batch != null) {
            batch.put(collection, id, event, document);
            return;
        }
        collection(collection).replaceOne(eq("_id", id), document, new ReplaceOptions().upsert(true));
    }

    /**
     * The document {@code id}, or null. Inside a tracking batch a projection sees what the batch wrote
     * before it (read your own writes), not only what is stored.
     */
    public Document find(String collection, String id) {
        BatchedWrites batch = BatchedWrites.current();
        if (batch != null) {
            return batch.find(collection, id);
        }
        return collection(collection).find(eq("_id", id)).first();
    }

    /**
     * The documents of {@code collection} that {@code filter} matches, with the fields {@code projection} keeps. The
     * store answers it, which the embedded server does by reading the whole collection unless the filter is on
     * {@code _id}: for a handler's rare question, never one per event. Inside a tracking batch the batch's pending writes
     * to the collection are stored first, so that a projection sees what the batch wrote before it (as {@link #find}
     * does).
     */
    public List<Document> findAll(String collection, Bson filter, Bson projection) {
        BatchedWrites batch = BatchedWrites.current();
        if (batch != null) {
            batch.flush(collection);
        }
        return collection(collection).find(filter).projection(projection).into(new ArrayList<>());
    }

    /**
     * Empties the read model's collections, for a replay from the first event. Drops them rather than deleting
     * their documents: the embedded store answers a {@code deleteMany} by first loading every matching document
     * into its heap (the command side's, which hosts it), which is what ran it out of memory when five rebuilds
     * started at once at 100k events; a drop only discards the collection's pages. The collections have no
     * index but {@code _id}, which the next write creates with the collection again.
     */
    public void clear(ReadModel readModel) {
        readModel.collections().forEach(name -> collection(name).drop());
        String prefix = readModel.processingGroup() + "/";
        progress.keySet().removeIf(key -> key.startsWith(prefix));
        collection(STREAM_PROGRESS).deleteMany(eq("processor", readModel.processingGroup()));
    }

    /**
     * Whether none of the read model's collections, its {@linkplain ReadModel#indexCollections() indexes} aside, holds
     * a document.
     */
    public boolean isEmpty(ReadModel readModel) {
        return readModel.collections().stream().filter(name -> !readModel.indexCollections().contains(name))
                .allMatch(name -> collection(name).find().limit(1).first() == null);
    }

    /**
     * Whether anything of the read model outlives its collections: its processor's stream progress, or entries of its
     * {@linkplain ReadModel#indexCollections() indexes}. With the collections empty, either would mislead a processor
     * that starts over: the progress has its guard skip every event as taken in already, the index keeps keys of
     * documents no longer there.
     */
    public boolean hasLeftovers(ReadModel readModel) {
        return collection(STREAM_PROGRESS).find(eq("processor", readModel.processingGroup())).limit(1).first() != null
                || readModel.indexCollections().stream().anyMatch(name -> collection(name).find().limit(1).first() != null);
    }

    /** Whether a stored document has taken in the event with project-stream sequence number {@code sequence}. */
    static boolean alreadyApplied(Document document, long sequence) {
        return sequenceOf(document) >= sequence;
    }

    /** The sequence number of the last event a stored document took in; {@link Long#MIN_VALUE} if it has none. */
    public static long sequenceOf(Document document) {
        Number sequence = document.get(SEQUENCE, Number.class);
        return sequence == null ? Long.MIN_VALUE : sequence.longValue();
    }
}
