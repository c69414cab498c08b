package org.certaudit.ledger.verifier;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.certaudit.ledger.Canonical;
import org.certaudit.ledger.EventDocuments;
import org.certaudit.ledger.LogLeaf;
import org.certaudit.ledger.StoredEvent;
import org.certaudit.ledger.log.LeafEntry;
import org.certaudit.ledger.log.MongoLog;
import org.certaudit.ledger.merkle.InMemoryNodes;
import org.certaudit.ledger.merkle.MerkleProofs;
import org.certaudit.ledger.merkle.MerkleTree;
import org.certaudit.ledger.merkle.ProofException;
import org.certaudit.ledger.treehead.Keys;
import org.certaudit.ledger.treehead.SignedTreeHead;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Checks a whole store: every event document against its hash and its stream's chain, the log's leaves
 * against the events they name, and every signed tree head against the tree rebuilt from the events
 * themselves (the stored nodes are not trusted). With a kept tree head, also that today's log extends it.
 * Reads everything once, in memory: meant for a copy of the store, not the hot path.
 */
public final class StoreVerifier {

    private StoreVerifier() {
    }

    /**
     * The verdict in English.
     *
     * @param key      the log's public key, required: a store carries none of its own
     * @param keptHead a tree head the reader kept earlier; null to skip that check
     */
    public static Verdict verify(MongoDatabase database, PublicKey key, SignedTreeHead keptHead) {
        return verify(database, key, keptHead, Messages.ENGLISH);
    }

    /** The verdict worded in {@code messages}' language. */
    static Verdict verify(MongoDatabase database, PublicKey key, SignedTreeHead keptHead, Messages messages) {
        Verdict verdict = new Verdict(messages);
        Map<Long, Document> byPosition = new TreeMap<>();
        Map<Long, Document> abandoned = new TreeMap<>();
        database.getCollection(EventDocuments.EVENTS).find().sort(Sorts.ascending("_id"))
                .forEach(document -> (EventDocuments.isAbandonedPosition(document) ? abandoned : byPosition)
                        .put(EventDocuments.position(document), document));

        // 1. Every event against its own hash; the hash recomputed is what the log must hold.
        Map<Long, String> recomputed = new HashMap<>();
        Map<String, List<Document>> streams = new TreeMap<>();
        for (Document document : byPosition.values()) {
            String name = describe(document, messages);
            try {
                StoredEvent event = EventDocuments.storedEvent(document);
                String hash = event.hash();
                recomputed.put(EventDocuments.position(document), hash);
                if (!hash.equals(document.getString(EventDocuments.HASH))) {
                    verdict.problem(messages.get("bundle.changed", name, hash, document.getString(EventDocuments.HASH)));
                }
                if (event.aggregateId() != null) {
                    if (!EventDocuments.streamKey(event.aggregateId(), event.seq()).equals(document.getString("stream"))) {
                        verdict.problem(messages.get("bundle.streamKey", name, document.getString("stream")));
                    }
                    streams.computeIfAbsent(event.aggregateId(), id -> new ArrayList<>()).add(document);
                }
            } catch (RuntimeException e) {
                verdict.problem(messages.get("bundle.unreadable", name, e.getMessage()));
            }
        }
        // 2. The log: each leaf names a stored event with the hash recomputed from it.
        MongoLog log = new MongoLog(database);
        List<LeafEntry> leaves = log.allLeaves();
        List<byte[]> leafHashes = new ArrayList<>(leaves.size());
        long highestLogged = 0;
        for (int i = 0; i < leaves.size(); i++) {
            LeafEntry leaf = leaves.get(i);
            if (leaf.index() != i) {
                verdict.problem(messages.get("store.logCut", i, leaf.index()));
                break;
            }
            highestLogged = Math.max(highestLogged, leaf.position());
            String hash = recomputed.get(leaf.position());
            Document document = byPosition.get(leaf.position());
            if (document == null && abandoned.containsKey(leaf.position())) {
                verdict.problem(messages.get("store.abandoned", leaf.position(), leaf.aggregateId(), leaf.seq(), i));
                hash = leaf.eventHash();
            } else if (document == null) {
                verdict.problem(messages.get("store.gone", leaf.position(), leaf.aggregateId(), leaf.seq(), i));
                hash = leaf.eventHash();
            } else if (hash != null && !hash.equals(leaf.eventHash())) {
                verdict.problem(messages.get("store.otherEvent", describe(document, messages), i, leaf.eventHash(), hash));
            }
            leafHashes.add(LogLeaf.leafHash(leaf.position(), hash == null ? leaf.eventHash() : hash));
        }
        Map<Long, Long> loggedPositions = new HashMap<>();
        leaves.forEach(leaf -> loggedPositions.put(leaf.position(), leaf.index()));
        int pending = 0;
        for (Document document : byPosition.values()) {
            long position = EventDocuments.position(document);
            if (!loggedPositions.containsKey(position)) {
                if (position < highestLogged) {
                    verdict.problem(messages.get("store.insertedBehind", describe(document, messages), highestLogged));
                } else {
                    pending++;
                }
            }
        }
        if (pending > 0) {
            verdict.note(messages.get("store.pending", pending));
        }

        // 3. Every stream: sequence 0, 1, 2 ... and each previous hash the one before.
        int chained = 0;
        for (Map.Entry<String, List<Document>> stream : streams.entrySet()) {
            List<Document> documents = stream.getValue();
            documents.sort(Comparator.comparingLong(document -> ((Number) document.get("seq")).longValue()));
            long expected = 0;
            String previous = null;
            for (Document document : documents) {
                long seq = ((Number) document.get("seq")).longValue();
                if (seq != expected) {
                    verdict.problem(messages.get("bundle.missing", stream.getKey(), expected,
                                                 describe(document, messages)));
                } else if (!Objects.equals(previous, document.getString(EventDocuments.PREV_HASH))) {
                    verdict.problem(messages.get("store.broken", describe(document, messages), seq - 1));
                } else {
                    chained++;
                }
                expected = seq + 1;
                previous = recomputed.get(EventDocuments.position(document));
            }
        }
        verdict.verified(messages.get("store.read", byPosition.size(), streams.size(), chained));

        // 4. Signed tree heads against the tree rebuilt from the events.
        MerkleTree rebuilt = new MerkleTree(new InMemoryNodes(leafHashes));
        List<SignedTreeHead> heads = log.heads(null, Integer.MAX_VALUE);
        int good = 0;
        for (SignedTreeHead head : heads) {
            if (!head.verifies(key)) {
                verdict.problem(messages.get("store.headSignatureFails", messages.treeHead(head), Keys.keyId(key)));
            } else if (head.treeSize() > leafHashes.size()) {
                verdict.problem(messages.get("store.truncated", messages.treeHead(head), head.treeSize(),
                                             leafHashes.size()));
            } else if (!Canonical.hex(rebuilt.root(head.treeSize())).equals(head.rootHash())) {
                verdict.problem(head.treeSize() == 0 || leaves.isEmpty()
                        ? messages.get("store.headMismatch", messages.treeHead(head))
                        : messages.get("store.headMismatch.leaves", messages.treeHead(head), head.treeSize() - 1));
            } else {
                good++;
            }
        }
        verdict.verified(messages.get("store.headsMatch", good, heads.size()));
        if (keptHead != null) {
            checkKept(keptHead, key, rebuilt, leafHashes.size(), heads, verdict);
        }
        return verdict;
    }

    private static void checkKept(SignedTreeHead kept, PublicKey key, MerkleTree rebuilt, long size,
                                  List<SignedTreeHead> heads, Verdict verdict) {
        Messages messages = verdict.messages();
        if (!kept.verifies(key)) {
            verdict.problem(messages.get("kept.notSigned", messages.treeHead(kept), Keys.keyId(key)));
        } else if (kept.treeSize() > size) {
            verdict.problem(messages.get("store.kept.truncated", messages.treeHead(kept), kept.treeSize(), size));
        } else if (!Canonical.hex(rebuilt.root(kept.treeSize())).equals(kept.rootHash())) {
            verdict.problem(messages.get("store.kept.mismatch", messages.treeHead(kept)));
        } else {
            SignedTreeHead latest = heads.isEmpty() ? null : heads.get(0);
            if (latest != null && latest.treeSize() >= kept.treeSize() && kept.treeSize() > 0) {
                try {
                    MerkleProofs.verifyConsistency(kept.treeSize(), latest.treeSize(), kept.rootHashBytes(),
                                                   latest.rootHashBytes(),
                                                   rebuilt.consistencyProof(kept.treeSize(), latest.treeSize()));
                } catch (ProofException e) {
                    verdict.problem(messages.get("store.kept.notExtended", messages.proofFailure(e)));
                    return;
                }
            }
            verdict.verified(messages.get("store.kept.holds", messages.treeHead(kept)));
        }
    }

    private static String describe(Document document, Messages messages) {
        return messages.event(document.getString("aggregateId"), document.get("seq"), document.getString("eventId"),
                              document.get("_id"));
    }
}
