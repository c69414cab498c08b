package org.certaudit.ledger.log;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.bson.types.Binary;
import org.certaudit.ledger.LogLeaf;
import org.certaudit.ledger.merkle.MerkleHashing;
import org.certaudit.ledger.merkle.MerkleTree;
import org.certaudit.ledger.merkle.NodeSource;
import org.certaudit.ledger.treehead.SignedTreeHead;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The transparency log kept in MongoDB:
 * <pre>
 * ledger_leaves { _id: leaf index, position (unique), eventHash, leafHash: binary, eventId, aggregateId, seq }
 * ledger_nodes  { _id: "level/index", hash: binary }    every perfect subtree, level 0 = leaf hashes
 * ledger_heads  { _id: tree size, rootHash, timestamp, keyId, signature }
 * ledger_latest_head { _id: "latest", treeSize, rootHash, timestamp, keyId, signature }   a copy of the largest head
 * </pre>
 * Every read is by {@code _id} or the unique {@code position}, so proofs cost the same with a million leaves. The copy
 * of the latest head spares every answer that names it a sorted read of {@code ledger_heads} (which the embedded
 * server answers by scanning the collection); a save only moves it to a larger head, and it is trusted only while
 * the head it names is stored (see {@link #latestHead}).
 *
 * <p>The leaves define the tree; the nodes are derived from them. Several processes may append at once (two
 * query-side instances hosting the log): a leaf is claimed by inserting it, and the unique {@code _id} (leaf index),
 * {@code position} and {@code eventId} let exactly one writer claim an index or an event. An append inserts its leaves
 * first, in order, and stops at the first one another writer claimed ({@link LeafConflictException}: nothing of it is
 * used, the caller reads again); only then does it write the nodes above the leaves it claimed, computed from stored
 * leaves alone. A node not written yet (another writer between its insert and its nodes, or a crash there) is
 * computed from the leaves below it when read and stored. A tree head is stored once per size: the first stored
 * stays ({@link #saveHead}).
 */
public final class MongoLog implements NodeSource {

    public static final String LEAVES = "ledger_leaves";
    public static final String NODES = "ledger_nodes";
    public static final String HEADS = "ledger_heads";
    public static final String LATEST_HEAD = "ledger_latest_head";
    private static final String LATEST_ID = "latest";
    private static final int CACHE_SIZE = 4_096;

    private final MongoCollection<Document> leaves;
    private final MongoCollection<Document> nodes;
    private final MongoCollection<Document> heads;
    private final MongoCollection<Document> latestHead;
    private final Map<String, byte[]> cache = new LinkedHashMap<>(CACHE_SIZE, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > CACHE_SIZE;
        }
    };
    private long size = -1;

    public MongoLog(MongoDatabase database) {
        this.leaves = database.getCollection(LEAVES);
        this.nodes = database.getCollection(NODES);
        this.heads = database.getCollection(HEADS);
        this.latestHead = database.getCollection(LATEST_HEAD);
    }

    public void createIndexes() {
        leaves.createIndex(Indexes.ascending("position"), new IndexOptions().unique(true).name("position"));
        leaves.createIndex(Indexes.ascending("eventId"), new IndexOptions().unique(true).name("eventId"));
    }

    /** How many leaves the log holds: counted up from the last known size by {@code _id}, never a scan. */
    public synchronized long size() {
        if (size < 0) {
            SignedTreeHead latest = latestHead().orElse(null);
            size = latest == null ? 0 : latest.treeSize();
            if (size > 0 && leaves.find(Filters.eq("_id", size - 1)).first() == null) {
                size = 0;
            }
        }
        while (leaves.find(Filters.eq("_id", size)).first() != null) {
            size++;
        }
        return size;
    }

    /** The positions among {@code positions} the log already holds. */
    public List<Long> logged(Collection<Long> positions) {
        List<Long> found = new ArrayList<>();
        leaves.find(Filters.in("position", positions)).forEach(document -> found.add(document.getLong("position")));
        return found;
    }

    /**
     * Appends leaves for events at these positions with these hashes, in this order.
     *
     * @return the new tree size
     */
    public synchronized long append(List<LeafEntry> entries) {
        long start = size();
        if (entries.isEmpty()) {
            return start;
        }
        List<WriteModel<Document>> nodeWrites = new ArrayList<>();
        List<Document> leafDocuments = new ArrayList<>();
        Map<String, byte[]> fresh = new LinkedHashMap<>();
        long index = start;
        for (LeafEntry entry : entries) {
            byte[] leafHash = LogLeaf.leafHash(entry.position(), entry.eventHash());
            fresh.put(key(0, index), leafHash);
            byte[] hash = leafHash;
            long nodeIndex = index;
            int level = 0;
            while ((nodeIndex & 1) == 1) {
                byte[] left = fresh.containsKey(key(level, nodeIndex - 1)) ? fresh.get(key(level, nodeIndex - 1))
                        : node(level, nodeIndex - 1);
                hash = MerkleHashing.nodeHash(left, hash);
                nodeIndex >>= 1;
                level++;
                fresh.put(key(level, nodeIndex), hash);
            }
            leafDocuments.add(new Document("_id", index)
                                      .append("position", entry.position())
                                      .append("eventHash", entry.eventHash())
                                      .append("leafHash", new Binary(leafHash))
                                      .append("eventId", entry.eventId())
                                      .append("aggregateId", entry.aggregateId())
                                      .append("seq", entry.seq()));
            index++;
        }
        try {
            leaves.insertMany(leafDocuments, new InsertManyOptions().ordered(true));
        } catch (MongoBulkWriteException e) {
            size = -1;
            if (e.getWriteErrors().stream().allMatch(error -> error.getCategory() == ErrorCategory.DUPLICATE_KEY)) {
                throw new LeafConflictException("another writer appended to the log from leaf " + start + " on first: "
                                                + e.getWriteErrors().get(0).getMessage(), e);
            }
            throw e;
        }
        fresh.forEach((key, hash) -> nodeWrites.add(new ReplaceOneModel<>(
                Filters.eq("_id", key), new Document("_id", key).append("hash", new Binary(hash)),
                new ReplaceOptions().upsert(true))));
        nodes.bulkWrite(nodeWrites);
        fresh.forEach(this::cache);
        size = index;
        return size;
    }

    @Override
    public byte[] node(int level, long index) {
        String key = key(level, index);
        synchronized (cache) {
            byte[] cached = cache.get(key);
            if (cached != null) {
                return cached;
            }
        }
        Document document = nodes.find(Filters.eq("_id", key)).first();
        byte[] hash = document == null ? derived(level, index) : document.get("hash", Binary.class).getData();
        cache(key, hash);
        return hash;
    }

    /** A node no writer stored yet, from the leaves below it; stored for the next reader. */
    private byte[] derived(int level, long index) {
        byte[] hash;
        if (level == 0) {
            Document leaf = leaves.find(Filters.eq("_id", index)).first();
            if (leaf == null) {
                throw new IllegalStateException("the log has no leaf " + index);
            }
            hash = leaf.get("leafHash", Binary.class).getData();
        } else {
            hash = MerkleHashing.nodeHash(node(level - 1, 2 * index), node(level - 1, 2 * index + 1));
        }
        String key = key(level, index);
        nodes.replaceOne(Filters.eq("_id", key), new Document("_id", key).append("hash", new Binary(hash)),
                         new ReplaceOptions().upsert(true));
        return hash;
    }

    public MerkleTree tree() {
        return new MerkleTree(this);
    }

    public Optional<LeafEntry> leafAt(long index) {
        return Optional.ofNullable(leaves.find(Filters.eq("_id", index)).first()).map(MongoLog::leaf);
    }

    public Optional<LeafEntry> leafOfPosition(long position) {
        return Optional.ofNullable(leaves.find(Filters.eq("position", position)).first()).map(MongoLog::leaf);
    }

    public Optional<LeafEntry> leafOfEvent(String eventId) {
        return Optional.ofNullable(leaves.find(Filters.eq("eventId", eventId)).first()).map(MongoLog::leaf);
    }

    /** Leaves of these events (identifiers as stored), by event identifier; an event not logged is absent. */
    public Map<String, LeafEntry> leavesOfEvents(Collection<String> eventIds) {
        Map<String, LeafEntry> found = new LinkedHashMap<>();
        leaves.find(Filters.in("eventId", eventIds)).forEach(document -> {
            LeafEntry leaf = leaf(document);
            found.put(leaf.eventId(), leaf);
        });
        return found;
    }

    /** Leaves of these positions, by position. */
    public Map<Long, LeafEntry> leavesOfPositions(Collection<Long> positions) {
        Map<Long, LeafEntry> found = new LinkedHashMap<>();
        leaves.find(Filters.in("position", positions)).forEach(document -> {
            LeafEntry leaf = leaf(document);
            found.put(leaf.position(), leaf);
        });
        return found;
    }

    /** Every leaf in index order: the verifier's whole-store pass. */
    public List<LeafEntry> allLeaves() {
        List<LeafEntry> all = new ArrayList<>();
        leaves.find().sort(Sorts.ascending("_id")).forEach(document -> all.add(leaf(document)));
        return all;
    }

    /**
     * Stores a signed tree head unless one of its size is stored already: a head once published is never replaced,
     * so a reader who kept it finds it again.
     *
     * @return the head stored for that size: this one, or the one another writer stored first
     */
    public SignedTreeHead saveHead(SignedTreeHead head) {
        SignedTreeHead stored;
        try {
            heads.insertOne(headDocument(head));
            stored = head;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            stored = headOfSize(head.treeSize()).orElseThrow(() -> e);
        }
        raiseLatest(stored);
        return stored;
    }

    /**
     * The head of the largest size stored, whichever instance stored it: the copy {@link #saveHead} keeps, confirmed by
     * reading that head by {@code _id} (two point reads). A copy naming a head that is not stored (the heads were
     * restored or truncated under it) or no copy at all costs one sorted read of the heads, and the copy is set again.
     */
    public Optional<SignedTreeHead> latestHead() {
        Document copy = latestHead.find(Filters.eq("_id", LATEST_ID)).first();
        if (copy != null) {
            SignedTreeHead named = head(copy, "treeSize");
            if (headOfSize(named.treeSize()).filter(named::equals).isPresent()) {
                return Optional.of(named);
            }
        }
        Optional<SignedTreeHead> sorted = Optional.ofNullable(heads.find().sort(Sorts.descending("_id")).limit(1).first())
                                                  .map(MongoLog::head);
        if (sorted.isPresent()) {
            latestHead.replaceOne(Filters.eq("_id", LATEST_ID), latestDocument(sorted.get()), new ReplaceOptions().upsert(true));
        } else {
            latestHead.deleteOne(Filters.eq("_id", LATEST_ID));
        }
        return sorted;
    }

    /**
     * Moves the copy of the latest head to this one unless it names a head at least as large: a conditional upsert,
     * whose insert half fails on the unique {@code _id} when the copy exists with a larger size (another writer came
     * first), which is the answer wanted.
     */
    private void raiseLatest(SignedTreeHead head) {
        Document fields = latestDocument(head);
        fields.remove("_id");
        try {
            latestHead.updateOne(Filters.and(Filters.eq("_id", LATEST_ID), Filters.lt("treeSize", head.treeSize())),
                                 new Document("$set", fields), new UpdateOptions().upsert(true));
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
    }

    public Optional<SignedTreeHead> headOfSize(long treeSize) {
        return Optional.ofNullable(heads.find(Filters.eq("_id", treeSize)).first()).map(MongoLog::head);
    }

    /**
     * The first signed tree head of a size above {@code treeSize}: since heads are signed at the log's size, which only
     * grows, the earliest head that covers the leaf of index {@code treeSize}; empty when none does yet.
     */
    public Optional<SignedTreeHead> firstHeadAbove(long treeSize) {
        return Optional.ofNullable(heads.find(Filters.gt("_id", treeSize)).sort(Sorts.ascending("_id")).limit(1).first())
                       .map(MongoLog::head);
    }

    /** Signed tree heads, newest first, of size below {@code belowSize} (null: from the newest). */
    public List<SignedTreeHead> heads(Long belowSize, int limit) {
        List<SignedTreeHead> found = new ArrayList<>();
        heads.find(belowSize == null ? new Document() : Filters.lt("_id", belowSize))
             .sort(Sorts.descending("_id")).limit(limit).forEach(document -> found.add(head(document)));
        return found;
    }

    private void cache(String key, byte[] hash) {
        synchronized (cache) {
            cache.put(key, hash);
        }
    }

    private static String key(int level, long index) {
        return level + "/" + index;
    }

    private static LeafEntry leaf(Document document) {
        Object seq = document.get("seq");
        return new LeafEntry(((Number) document.get("_id")).longValue(), ((Number) document.get("position")).longValue(),
                             document.getString("eventHash"), document.getString("eventId"),
                             document.getString("aggregateId"), seq == null ? null : ((Number) seq).longValue());
    }

    private static Document headDocument(SignedTreeHead head) {
        return new Document("_id", head.treeSize())
                .append("rootHash", head.rootHash())
                .append("timestamp", head.timestamp())
                .append("keyId", head.keyId())
                .append("signature", head.signature());
    }

    private static Document latestDocument(SignedTreeHead head) {
        Document document = headDocument(head);
        document.put("_id", LATEST_ID);
        document.put("treeSize", head.treeSize());
        return document;
    }

    private static SignedTreeHead head(Document document) {
        return head(document, "_id");
    }

    private static SignedTreeHead head(Document document, String sizeField) {
        return new SignedTreeHead(((Number) document.get(sizeField)).longValue(), document.getString("rootHash"),
                                  ((Number) document.get("timestamp")).longValue(), document.getString("keyId"),
                                  document.getString("signature"));
    }
}
