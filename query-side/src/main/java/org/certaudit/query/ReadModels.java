package org.certaudit.query;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Projections.include;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The MongoDB database holding the read models, with the two write patterns every projection uses.
 * Each read-model document is keyed by a single-field {@code _id} (the embedded server uses an
 * index only for that) and belongs to one project, so its events come from one project stream. It
 * remembers the last event it took in: {@code position} (global) and {@code lastSequence} (in the
 * project stream). An event at or before that sequence number was applied already and is skipped,
 * which makes every handler idempotent. The stream's sequence numbers are gap-free and in order,
 * whatever order concurrent appends to other streams make global positions visible in. A processor
 * has one thread, so nothing else writes the document between the read and the write.
 */
public class ReadModels {

    /** The field holding the global position of the last event applied to a document. */
    public static final String POSITION = "position";
    /** The field holding the project-stream sequence number of the last event applied to a document. */
    public static final String SEQUENCE = "lastSequence";

    private final MongoDatabase database;

    public ReadModels(MongoDatabase database) {
        this.database = Objects.requireNonNull(database, "database is required");
    }

    public MongoCollection<Document> collection(String name) {
        return database.getCollection(name);
    }

    /** Applies {@code update} to the document {@code id} (created if absent) unless it has seen the event. */
    public boolean updateOnce(String collection, String id, EventContext event, Bson update) {
        MongoCollection<Document> documents = collection(collection);
        Document seen = documents.find(eq("_id", id)).projection(include(SEQUENCE)).first();
        if (alreadyApplied(seen, event)) {
            return false;
        }
        documents.updateOne(eq("_id", id), Updates.combine(update, Updates.set(POSITION, event.position()),
                Updates.set(SEQUENCE, event.sequenceNumber())), new UpdateOptions().upsert(true));
        return true;
    }

    /**
     * Reads the document {@code id} (null if absent), lets {@code change} compute its next state and
     * stores that whole, unless the document has seen the event. {@code change} returning null skips.
     */
    public boolean replaceOnce(String collection, String id, EventContext event, UnaryOperator<Document> change) {
        MongoCollection<Document> documents = collection(collection);
        Document current = documents.find(eq("_id", id)).first();
        if (alreadyApplied(current, event)) {
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

    public Document find(String collection, String id) {
        return collection(collection).find(eq("_id", id)).first();
    }

    /** Empties the read model's collections, for a replay from the first event. */
    public void clear(ReadModel readModel) {
        readModel.collections().forEach(name -> collection(name).deleteMany(new Document()));
    }

    /** Whether none of the read model's collections holds a document. */
    public boolean isEmpty(ReadModel readModel) {
        return readModel.collections().stream().allMatch(name -> collection(name).find().limit(1).first() == null);
    }

    private static boolean alreadyApplied(Document document, EventContext event) {
        if (document == null) {
            return false;
        }
        Number sequence = document.get(SEQUENCE, Number.class);
        return sequence != null && sequence.longValue() >= event.sequenceNumber();
    }
}
