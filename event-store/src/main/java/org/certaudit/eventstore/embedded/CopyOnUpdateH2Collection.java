package org.certaudit.eventstore.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
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
 * <p>
 * Nor does it keep a running total of the documents' sizes: the stock collection recomputes the size of
 * every inserted, updated and removed document (an update measures both versions) and writes the total
 * to its meta map on every write, about a tenth of the store threads' time under the system
 * benchmark. Only {@code collStats} and {@code dbStats} read the total, which nothing here asks for;
 * they get it computed over the collection when asked.
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

    @Override
    protected boolean tracksDataSize() {
        return false;
    }

    /** The documents' BSON sizes summed over the collection, for {@code collStats} and {@code dbStats}; bytes. */
    @Override
    protected synchronized int getDataSize() {
        long total = 0;
        ByteBuf buffer = Unpooled.buffer();
        for (DocumentWithPosition<Object> entry : (Iterable<DocumentWithPosition<Object>>) streamAllDocumentsWithPosition()::iterator) {
            buffer.clear();
            BsonEncoder.encodeDocument(entry.getDocument(), buffer);
            total += buffer.writerIndex();
        }
        return (int) Math.min(Integer.MAX_VALUE, total);
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
