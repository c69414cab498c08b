package org.certaudit.eventstore.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import org.h2.mvstore.MVMap;

import java.util.ArrayList;
import java.util.List;

/**
 * mongo-java-server's H2 collection, except that an update never changes a stored document instance.
 * <p>
 * The stock collection updates the document it found in place and puts the same instance back. The
 * MVStore's pages are copy-on-write, but a page holds the document instance itself, so the page a
 * checkpoint took would show a later update if that update ran before the page was serialized: the
 * commit would hold a change that the write-ahead log replays again after a crash (a {@code $inc}
 * counted twice; {@code CheckpointCrashTest} saw it). Here {@code update} and {@code findAndModify}
 * work on deep copies of the documents they matched and put the copies into the map; a stored
 * instance never changes after it was put.
 */
final class CopyOnUpdateH2Collection extends H2Collection {

    /** Set while this collection runs an update; the lock of {@code AbstractSynchronizedMongoCollection} is held. */
    private boolean updating;

    CopyOnUpdateH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                             MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
        super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
    }

    @Override
    public synchronized Document findAndModify(Document query) {
        updating = true;
        try {
            return super.findAndModify(query);
        } finally {
            updating = false;
        }
    }

    @Override
    public synchronized Document updateDocuments(Document selector, Document updateQuery, ArrayFilters arrayFilters,
                                                 boolean isMulti, boolean isUpsert, Oplog oplog) {
        updating = true;
        try {
            return super.updateDocuments(selector, updateQuery, arrayFilters, isMulti, isUpsert, oplog);
        } finally {
            updating = false;
        }
    }

    /** Both update paths find their documents here; only the matched ones are copied. */
    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                         Document fieldSelector) {
        QueryResult found = super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        if (!updating) {
            return found;
        }
        List<Document> copies = new ArrayList<>();
        for (Document document : found) {
            copies.add(document.cloneDeeply());
        }
        return new QueryResult(copies, found.getCursorId());
    }
}
