package org.certaudit.eventstore.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.List;

/**
 * mongo-java-server's H2 database with its unique indexes in {@link KeyOrderedIndex} maps, its documents
 * stored as BSON ({@link BsonDocumentType}) and its collections updating copies
 * ({@link CopyOnUpdateH2Collection}).
 */
final class KeyOrderedH2Database extends H2Database {

    /**
     * The super constructor opens the existing indexes through {@link #openOrCreateUniqueIndex},
     * before this class's fields are assigned; the store reaches that call through here.
     */
    private static final ThreadLocal<MVStore> OPENING = new ThreadLocal<>();

    private final MVStore store;

    private KeyOrderedH2Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
        super(databaseName, store, cursorRegistry);
        this.store = store;
    }

    static KeyOrderedH2Database open(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
        OPENING.set(store);
        try {
            return new KeyOrderedH2Database(databaseName, store, cursorRegistry);
        } finally {
            OPENING.remove();
        }
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        MVStore mvStore = store != null ? store : OPENING.get();
        // The same map names as the stock backend, so that its drop, rename and listing find them.
        String namespace = getFullCollectionNamespace(collectionName);
        // Keys: the documents' ids in H2's ObjectDataType, as the stock backend keeps them.
        MVMap<Object, Document> dataMap = mvStore.openMap("databases." + namespace,
                new MVMap.Builder<Object, Document>().valueType(BsonDocumentType.INSTANCE));
        MVMap<String, Object> metaMap = mvStore.openMap("meta." + namespace);
        return new CopyOnUpdateH2Collection(this, collectionName, options, dataMap, metaMap, cursorRegistry);
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                    boolean sparse) {
        MVStore mvStore = store != null ? store : OPENING.get();
        // The same map name as the stock backend uses, so that its drop and rename find the map.
        String mapName = getFullCollectionNamespace(collectionName) + "._index_" + indexName;
        // Only while the database is opened from the file (the super constructor, before `store` is set) is an
        // existing map the index the file committed together with the documents; a createIndex later builds anew.
        boolean keptInFile = store == null && mvStore.hasMap(mapName);
        MVMap<KeyValue, Object> map = mvStore.openMap(mapName, KeyOrderedIndex.mapBuilder());
        return new KeyOrderedIndex(map, indexName, keys, sparse, keptInFile);
    }
}
