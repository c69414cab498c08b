package org.certaudit.query;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Projections.include;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import com.mongodb.bulk.BulkWriteResult;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import com.mongodb.MongoClientSettings;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonString;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;

/**
 * The read-model writes of one tracking batch of one processor, kept in memory while the batch's events
 * are handled and stored at its end in one ordered bulk write per collection ({@link #flush()}), before
 * the processor stores its token. A document is read at most once per batch: later events of the batch
 * see the state the earlier ones left in memory. The "already applied" rule of {@link ReadModels} is
 * decided exactly as without batching (on the document's {@code lastSequence}), so a batch that fails
 * half-way, or whose flush is cut short by a crash, is safe to repeat. A whole-document write of a document
 * the batch read is sent as the changes to what it read ({@link DocumentChanges}); should such a change find no
 * document (nothing but the processor writes its read model, so it never should), the flush fails and with it the
 * batch.
 * <p>
 * {@link StreamOrderGuard} opens a batch for every unit of work it sees and flushes it after the last
 * event; outside a batch (tests that call handlers directly) {@link ReadModels} writes at once.
 */
final class BatchedWrites {

    private static final String RESOURCE = BatchedWrites.class.getName();
    private static final CodecRegistry CODECS = MongoClientSettings.getDefaultCodecRegistry();
    /** Stands for "no document" among known sequence numbers. */
    private static final long ABSENT = Long.MIN_VALUE;

    private final ReadModels readModels;
    /**
     * Per collection, the writes in the order the events asked for them; the updates of one flush follow the
     * whole-document writes queued before it, inserts of new documents first (each document's writes stay in order).
     */
    private final Map<String, List<WriteModel<BsonDocument>>> writes = new LinkedHashMap<>();
    /** Per collection and document, the index in {@link #writes} of its pending whole-document replace. */
    private final Map<String, Map<String, Integer>> replaceAt = new HashMap<>();
    /** Per collection and document, the state its pending whole-document replace stores. */
    private final Map<String, Map<String, Document>> replacing = new HashMap<>();
    /**
     * Per collection and document, its BSON as the store holds it: as this batch read it, or as this batch's last
     * bulk write left it. A replace of such a document is written as the changes to it ({@link DocumentChanges}).
     */
    private final Map<String, Map<String, RawBsonDocument>> stored = new HashMap<>();
    /** Per collection and document, its state as the batch left it (for whole-document changes). */
    private final Map<String, Map<String, Document>> documents = new HashMap<>();
    /** Per collection and document, the sequence number of the last event applied to it, as far as known. */
    private final Map<String, Map<String, Long>> sequences = new HashMap<>();
    /** Per collection, updates whose "already applied" check waits for one lookup of all their documents. */
    private final Map<String, List<Deferred>> deferred = new LinkedHashMap<>();
    /** Per collection, the documents a lookup of this batch found absent and nothing of this batch has written. */
    private final Map<String, Set<String>> absent = new HashMap<>();
    /** Per collection, the documents with updates queued and not stored yet. */
    private final Map<String, Set<String>> updated = new HashMap<>();
    private int operations;

    private record Deferred(String id, long sequence, long position, Bson update) {
    }

    private BatchedWrites(ReadModels readModels) {
        this.readModels = readModels;
    }

    /** The batch of the current unit of work, opened by {@link #open}; null outside one. */
    static BatchedWrites current() {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        return CurrentUnitOfWork.get().root().getResource(RESOURCE);
    }

    /**
     * The batch of {@code unitOfWork}, opened on first use. It is also flushed when the unit of work prepares
     * its commit, in case nobody flushed it earlier (a unit of work of one event).
     */
    static BatchedWrites open(UnitOfWork<?> unitOfWork, ReadModels readModels) {
        return unitOfWork.root().getOrComputeResource(RESOURCE, key -> {
            BatchedWrites batch = new BatchedWrites(readModels);
            unitOfWork.root().onPrepareCommit(committing -> batch.flush());
            return batch;
        });
    }

    /** Number of writes waiting, for tests and metrics. */
    int pending() {
        return operations + deferred.values().stream().mapToInt(List::size).sum();
    }

    void update(String collection, String id, EventContext event, Bson update) {
        deferred.computeIfAbsent(collection, name -> new ArrayList<>())
                .add(new Deferred(id, event.sequenceNumber(), event.position(), update));
        updated.computeIfAbsent(collection, name -> new HashSet<>()).add(id);
        Map<String, Document> known = documents.get(collection);
        if (known != null) {
            known.remove(id);
        }
        Map<String, RawBsonDocument> bson = stored.get(collection);
        if (bson != null) {
            bson.remove(id);
        }
    }

    boolean replace(String collection, String id, EventContext event, UnaryOperator<Document> change) {
        Document current = document(collection, id);
        if (current != null && ReadModels.alreadyApplied(current, event.sequenceNumber())) {
            return false;
        }
        Document next = change.apply(current);
        if (next == null) {
            return false;
        }
        next.put("_id", id);
        next.put(ReadModels.POSITION, event.position());
        next.put(ReadModels.SEQUENCE, event.sequenceNumber());
        put(collection, id, event, next);
        return true;
    }

    /** Queues the whole document {@code next} (stamped already) as the state of {@code id}, not reading it. */
    void put(String collection, String id, EventContext event, Document next) {
        documents.computeIfAbsent(collection, name -> new HashMap<>()).put(id, next);
        sequences.computeIfAbsent(collection, name -> new HashMap<>()).put(id, event.sequenceNumber());
        Set<String> notFound = absent.get(collection);
        if (notFound != null) {
            notFound.remove(id);
        }
        // Encoded when the batch is stored ({@link #writeOf}); until then its place in the writes is held.
        replacing.computeIfAbsent(collection, name -> new HashMap<>()).put(id, next);
        List<WriteModel<BsonDocument>> list = writes.computeIfAbsent(collection, name -> new ArrayList<>());
        Integer earlier = replaceAt.computeIfAbsent(collection, name -> new HashMap<>()).get(id);
        if (earlier == null) {
            // Nothing about this document was queued after an earlier replace (an update would have flushed it).
            replaceAt.get(collection).put(id, list.size());
            list.add(null);
            operations++;
        }
    }

    /**
     * The write storing {@code next} as document {@code id}, encoded by the collection's codec for Document (as a
     * collection of Documents encodes it): the changes to the stored BSON this batch knows of ({@link DocumentChanges}),
     * else the whole document; null when it equals the stored one.
     */
    private WriteModel<BsonDocument> writeOf(String id, RawBsonDocument next, RawBsonDocument before) {
        RawBsonDocument changes = before == null ? null : DocumentChanges.update(before, next);
        if (changes == DocumentChanges.NONE) {
            return null;
        }
        if (changes != null) {
            return new UpdateOneModel<>(eq("_id", id), changes, new UpdateOptions().upsert(false));
        }
        return new ReplaceOneModel<>(eq("_id", id), next, new ReplaceOptions().upsert(true));
    }

    /**
     * Stores every pending write, collection by collection, each in one ordered bulk write: first the
     * collections with updates ({@link #update}), then those with only whole documents ({@link #replace},
     * {@link #put}) in the order the batch first wrote to each. A projection that puts documents another one
     * counts (log entries before the head that counts them) relies on that order: a crash between two
     * collections' writes must leave the counted documents stored, not the count that claims them.
     */
    void flush() {
        Set<String> collections = new LinkedHashSet<>(deferred.keySet());
        collections.addAll(writes.keySet());
        collections.forEach(this::flush);
    }

    /**
     * Stores the pending writes of one collection now, so that a query of the store sees what this batch wrote to it
     * ({@link ReadModels#findAll}); the batch goes on, and what it writes later is stored when it ends.
     */
    void flush(String collection) {
        resolve(collection);
        List<WriteModel<BsonDocument>> list = writes.remove(collection);
        Map<String, Integer> replaces = replaceAt.remove(collection);
        Map<String, Document> nextStates = replacing.remove(collection);
        Set<String> updatedNow = updated.remove(collection);
        if (list == null || list.isEmpty()) {
            return;
        }
        operations -= list.size();
        Map<String, RawBsonDocument> bson = stored.computeIfAbsent(collection, name -> new HashMap<>());
        Map<String, RawBsonDocument> written = new HashMap<>();
        if (replaces != null) {
            replaces.forEach((id, index) -> {
                RawBsonDocument next = new RawBsonDocument(nextStates.get(id), readModels.documentCodec());
                list.set(index, writeOf(id, next, bson.get(id)));
                written.put(id, next);
            });
        }
        list.removeIf(Objects::isNull);
        if (!list.isEmpty()) {
            BulkWriteResult result = readModels.collection(collection).withDocumentClass(BsonDocument.class)
                    .bulkWrite(list, new BulkWriteOptions().ordered(true));
            long expected = list.stream().filter(write -> !(write instanceof InsertOneModel)).count();
            if (result.getMatchedCount() + result.getUpserts().size() != expected) {
                // A change sent against a document this batch read that is no longer there: the batch fails and is
                // taken again from what is stored.
                throw new IllegalStateException("read-model documents of " + collection
                        + " changed while their processor's batch was running: " + result);
            }
        }
        written.forEach((id, next) -> {
            if (updatedNow == null || !updatedNow.contains(id)) {
                bson.put(id, next);
            } else {
                bson.remove(id);
            }
        });
    }

    /** The document as this batch left it (a copy), or as stored; null when there is none. */
    Document find(String collection, String id) {
        Document document = document(collection, id);
        return document == null ? null : new Document(document);
    }

    private Document document(String collection, String id) {
        Map<String, Document> known = documents.computeIfAbsent(collection, name -> new HashMap<>());
        if (known.containsKey(id)) {
            return known.get(id);
        }
        if (updated.getOrDefault(collection, Set.of()).contains(id)) {
            // Updates of this document are queued: store them so that the read below sees them.
            flush(collection);
        }
        RawBsonDocument bson = readModels.collection(collection).withDocumentClass(RawBsonDocument.class)
                .find(eq("_id", id)).first();
        Document stored = null;
        if (bson != null) {
            stored = bson.decode(readModels.documentCodec());
            this.stored.computeIfAbsent(collection, name -> new HashMap<>()).put(id, bson);
        }
        known.put(id, stored);
        sequences.computeIfAbsent(collection, name -> new HashMap<>())
                .put(id, stored == null ? ABSENT : ReadModels.sequenceOf(stored));
        if (stored == null) {
            absent.computeIfAbsent(collection, name -> new HashSet<>()).add(id);
        }
        return stored;
    }

    /**
     * Reads, in one query, the documents {@code ids} of {@code collection} that this batch has neither read nor
     * written yet, so that {@link #find} and {@link #replace} of them later in the batch come from memory. What it
     * reads is what {@link #find} would have read at that point: documents change only through this batch while
     * it runs (a processor has one thread), and one with updates queued is left to {@link #find}, which stores
     * them first.
     *
     * @param collection the read model's collection
     * @param ids        the documents' {@code _id}s; any number, duplicates ignored
     */
    void prefetch(String collection, Collection<String> ids) {
        Map<String, Document> known = documents.computeIfAbsent(collection, name -> new HashMap<>());
        Set<String> pendingUpdates = updated.getOrDefault(collection, Set.of());
        Set<String> unread = new LinkedHashSet<>();
        for (String id : ids) {
            if (!known.containsKey(id) && !pendingUpdates.contains(id)) {
                unread.add(id);
            }
        }
        if (unread.isEmpty()) {
            return;
        }
        Map<String, Long> sequenceOf = sequences.computeIfAbsent(collection, name -> new HashMap<>());
        Set<String> missing = new HashSet<>(unread);
        Bson filter = unread.size() == 1 ? eq("_id", unread.iterator().next()) : in("_id", unread);
        for (RawBsonDocument bson : readModels.collection(collection).withDocumentClass(RawBsonDocument.class).find(filter)) {
            Document stored = bson.decode(readModels.documentCodec());
            String id = stored.get("_id").toString();
            this.stored.computeIfAbsent(collection, name -> new HashMap<>()).put(id, bson);
            known.put(id, stored);
            sequenceOf.put(id, ReadModels.sequenceOf(stored));
            missing.remove(id);
        }
        for (String id : missing) {
            known.put(id, null);
            sequenceOf.put(id, ABSENT);
        }
        absent.computeIfAbsent(collection, name -> new HashSet<>()).addAll(missing);
    }

    /** Decides the deferred updates of a collection on one lookup of the sequence numbers of their documents. */
    private void resolve(String collection) {
        List<Deferred> updates = deferred.remove(collection);
        if (updates == null || updates.isEmpty()) {
            return;
        }
        Map<String, Long> known = sequences.computeIfAbsent(collection, name -> new HashMap<>());
        Set<String> unknown = new LinkedHashSet<>();
        updates.forEach(update -> {
            if (!known.containsKey(update.id())) {
                unknown.add(update.id());
            }
        });
        if (!unknown.isEmpty()) {
            MongoCollection<Document> documents = readModels.collection(collection);
            Set<String> missing = new HashSet<>(unknown);
            unknown.forEach(id -> known.put(id, ABSENT));
            for (Document stored : documents.find(in("_id", unknown)).projection(include(ReadModels.SEQUENCE))) {
                known.put(stored.get("_id").toString(), ReadModels.sequenceOf(stored));
                missing.remove(stored.get("_id").toString());
            }
            absent.computeIfAbsent(collection, name -> new HashSet<>()).addAll(missing);
        }
        Set<String> notFound = absent.computeIfAbsent(collection, name -> new HashSet<>());
        Map<String, List<BsonDocument>> kept = new LinkedHashMap<>();
        for (Deferred update : updates) {
            if (known.get(update.id()) >= update.sequence()) {
                continue;
            }
            kept.computeIfAbsent(update.id(), id -> new ArrayList<>()).add(Updates.combine(update.update(),
                    Updates.set(ReadModels.POSITION, update.position()),
                    Updates.set(ReadModels.SEQUENCE, update.sequence())).toBsonDocument(BsonDocument.class, CODECS));
            known.put(update.id(), update.sequence());
        }
        List<WriteModel<BsonDocument>> inserts = new ArrayList<>();
        List<WriteModel<BsonDocument>> upserts = new ArrayList<>();
        kept.forEach((id, changes) -> {
            BsonDocument merged = changes.size() == 1 ? changes.get(0) : merge(changes);
            boolean wasAbsent = notFound.remove(id);
            BsonDocument created = merged != null && wasAbsent ? created(id, merged) : null;
            if (created != null) {
                inserts.add(new InsertOneModel<>(created));
                return;
            }
            for (BsonDocument change : merged != null ? List.of(merged) : changes) {
                upserts.add(new UpdateOneModel<>(eq("_id", id), change, new UpdateOptions().upsert(true)));
            }
        });
        // Each document has its writes in one of the two lists, so putting the inserts first changes no
        // document's order, and a bulk write sends each run of one kind as one command.
        List<WriteModel<BsonDocument>> list = writes.computeIfAbsent(collection, name -> new ArrayList<>());
        list.addAll(inserts);
        list.addAll(upserts);
        operations += inserts.size() + upserts.size();
    }

    /**
     * The document an upsert of {@code update} into an absent document {@code id} would create, or null when
     * the update is not of the shape this builds: {@code $set} of top-level fields, and {@code $push} or
     * {@code $addToSet} (of strings only) of one value or of {@code $each} alone. Inserting it cost the embedded
     * store a third to a quarter of the upsert in a measurement of 20,000 item documents (it skips the lookup and
     * the update's evaluation). The lookup {@link #resolve} made in this batch is what says the document is
     * absent; were it there after all (another writer), the insert fails on the unique {@code _id}, the batch
     * with it, and the batch's retry finds the document. It is inserted as this BSON, not decoded into a
     * {@code Document} first, which the driver would only encode again.
     */
    static BsonDocument created(String id, BsonDocument update) {
        BsonDocument document = new BsonDocument("_id", new BsonString(id));
        for (Map.Entry<String, BsonValue> operator : update.entrySet()) {
            if (!operator.getValue().isDocument()) {
                return null;
            }
            for (Map.Entry<String, BsonValue> field : operator.getValue().asDocument().entrySet()) {
                String name = field.getKey();
                if (name.contains(".") || name.startsWith("$") || document.containsKey(name)) {
                    return null;
                }
                BsonValue value = field.getValue();
                switch (operator.getKey()) {
                    case "$set" -> document.put(name, value);
                    case "$push", "$addToSet" -> {
                        BsonArray values;
                        if (value.isDocument() && value.asDocument().keySet().stream().anyMatch(key -> key.startsWith("$"))) {
                            if (value.asDocument().size() != 1 || !value.asDocument().isArray("$each")) {
                                return null;
                            }
                            values = value.asDocument().getArray("$each");
                        } else {
                            values = new BsonArray(List.of(value));
                        }
                        if (operator.getKey().equals("$addToSet")) {
                            // Strings only: their equality is the store's; documents and numbers compare otherwise there.
                            if (!values.stream().allMatch(BsonValue::isString)) {
                                return null;
                            }
                            values = new BsonArray(new ArrayList<>(new LinkedHashSet<>(values.getValues())));
                        }
                        document.put(name, values);
                    }
                    default -> {
                        return null;
                    }
                }
            }
        }
        return document;
    }

    /**
     * One update doing what {@code changes} do one after the other, or null when they cannot be merged:
     * {@code $set} (the later value wins), {@code $push} and {@code $addToSet} (values in order, as
     * {@code $each}). A document that grows by one entry per event is then rewritten once per batch, not
     * once per event.
     */
    static BsonDocument merge(List<BsonDocument> changes) {
        BsonDocument set = new BsonDocument();
        Map<String, Map<String, BsonArray>> appended = new LinkedHashMap<>();
        for (BsonDocument change : changes) {
            for (Map.Entry<String, BsonValue> operator : change.entrySet()) {
                if (!operator.getValue().isDocument()) {
                    return null;
                }
                switch (operator.getKey()) {
                    case "$set" -> set.putAll(operator.getValue().asDocument());
                    case "$push", "$addToSet" -> {
                        for (Map.Entry<String, BsonValue> field : operator.getValue().asDocument().entrySet()) {
                            if (field.getValue().isDocument() && field.getValue().asDocument().containsKey("$each")) {
                                return null;
                            }
                            appended.computeIfAbsent(operator.getKey(), key -> new LinkedHashMap<>())
                                    .computeIfAbsent(field.getKey(), key -> new BsonArray()).add(field.getValue());
                        }
                    }
                    default -> {
                        return null;
                    }
                }
            }
        }
        if (appended.values().stream().flatMap(fields -> fields.keySet().stream()).anyMatch(set::containsKey)) {
            return null;
        }
        BsonDocument merged = new BsonDocument();
        if (!set.isEmpty()) {
            merged.put("$set", set);
        }
        appended.forEach((operator, fields) -> {
            BsonDocument each = new BsonDocument();
            fields.forEach((field, values) -> each.put(field, new BsonDocument("$each", values)));
            merged.put(operator, each);
        });
        return merged;
    }
}
