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
     * @param key      the log's public key, required: a store carries none of its own
     * @param keptHead a tree head the reader kept earlier; null to skip that check
     */
    public static Verdict verify(MongoDatabase database, PublicKey key, SignedTreeHead keptHead) {
        Verdict verdict = new Verdict();
        Map<Long, Document> byPosition = new TreeMap<>();
        Map<Long, Document> abandoned = new TreeMap<>();
        database.getCollection(EventDocuments.EVENTS).find().sort(Sorts.ascending("_id"))
                .forEach(document -> (EventDocuments.isAbandonedPosition(document) ? abandoned : byPosition)
                        .put(EventDocuments.position(document), document));

        // 1. Every event against its own hash; the hash recomputed is what the log must hold.
        Map<Long, String> recomputed = new HashMap<>();
        Map<String, List<Document>> streams = new TreeMap<>();
        for (Document document : byPosition.values()) {
            String name = describe(document);
            try {
                StoredEvent event = EventDocuments.storedEvent(document);
                String hash = event.hash();
                recomputed.put(EventDocuments.position(document), hash);
                if (!hash.equals(document.getString(EventDocuments.HASH))) {
                    verdict.problem(name + ": its content does not match the hash it was stored with (recomputed "
                                    + hash + ", stored " + document.getString(EventDocuments.HASH) + ")");
                }
                if (event.aggregateId() != null) {
                    if (!EventDocuments.streamKey(event.aggregateId(), event.seq()).equals(document.getString("stream"))) {
                        verdict.problem(name + ": its stream key '" + document.getString("stream")
                                        + "' does not match its project and sequence");
                    }
                    streams.computeIfAbsent(event.aggregateId(), id -> new ArrayList<>()).add(document);
                }
            } catch (RuntimeException e) {
                verdict.problem(name + ": the event cannot be read (" + e.getMessage() + ")");
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
                verdict.problem("the log has no leaf " + i + " (the next stored is " + leaf.index() + "): the log was cut");
                break;
            }
            highestLogged = Math.max(highestLogged, leaf.position());
            String hash = recomputed.get(leaf.position());
            Document document = byPosition.get(leaf.position());
            if (document == null && abandoned.containsKey(leaf.position())) {
                verdict.problem("position " + leaf.position() + " (project " + leaf.aggregateId() + ", sequence "
                                + leaf.seq() + ", logged at leaf " + i + ") now holds a marker of an abandoned "
                                + "position instead of its event");
                hash = leaf.eventHash();
            } else if (document == null) {
                verdict.problem("position " + leaf.position() + " (project " + leaf.aggregateId() + ", sequence "
                                + leaf.seq() + ", logged at leaf " + i + ") is gone from the store");
                hash = leaf.eventHash();
            } else if (hash != null && !hash.equals(leaf.eventHash())) {
                verdict.problem(describe(document) + ": the event is not the one the log recorded at leaf " + i
                                + " (log " + leaf.eventHash() + ", event now " + hash + ")");
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
                    verdict.problem(describe(document) + ": not in the log although later positions (up to "
                                    + highestLogged + ") are: inserted behind the log's back");
                } else {
                    pending++;
                }
            }
        }
        if (pending > 0) {
            verdict.note(pending + " event(s) after the log's last leaf are not logged yet");
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
                    verdict.problem("project " + stream.getKey() + ": sequence " + expected + " is missing before "
                                    + describe(document));
                } else if (!Objects.equals(previous, document.getString(EventDocuments.PREV_HASH))) {
                    verdict.problem(describe(document) + ": its previous hash is not the hash of sequence "
                                    + (seq - 1) + ": the chain is broken");
                } else {
                    chained++;
                }
                expected = seq + 1;
                previous = recomputed.get(EventDocuments.position(document));
            }
        }
        verdict.verified(byPosition.size() + " events in " + streams.size() + " streams read; " + chained
                         + " chained correctly");

        // 4. Signed tree heads against the tree rebuilt from the events.
        MerkleTree rebuilt = new MerkleTree(new InMemoryNodes(leafHashes));
        List<SignedTreeHead> heads = log.heads(null, Integer.MAX_VALUE);
        int good = 0;
        for (SignedTreeHead head : heads) {
            if (!head.verifies(key)) {
                verdict.problem("tree head " + BundleVerifier.describe(head) + " does not verify with key " + Keys.keyId(key));
            } else if (head.treeSize() > leafHashes.size()) {
                verdict.problem("tree head " + BundleVerifier.describe(head) + " covers " + head.treeSize()
                                + " leaves but the log holds " + leafHashes.size() + ": the log was truncated");
            } else if (!Canonical.hex(rebuilt.root(head.treeSize())).equals(head.rootHash())) {
                verdict.problem("tree head " + BundleVerifier.describe(head)
                                + " does not match the events it covers: an event logged by then was changed, moved or"
                                + " removed" + firstLeafOutside(leaves, head.treeSize()));
            } else {
                good++;
            }
        }
        verdict.verified(good + " of " + heads.size() + " signed tree heads match the tree rebuilt from the events");
        if (keptHead != null) {
            checkKept(keptHead, key, rebuilt, leafHashes.size(), heads, verdict);
        }
        return verdict;
    }

    private static void checkKept(SignedTreeHead kept, PublicKey key, MerkleTree rebuilt, long size,
                                  List<SignedTreeHead> heads, Verdict verdict) {
        if (!kept.verifies(key)) {
            verdict.problem("the kept tree head " + BundleVerifier.describe(kept) + " was not signed by key " + Keys.keyId(key));
        } else if (kept.treeSize() > size) {
            verdict.problem("the kept tree head " + BundleVerifier.describe(kept) + " covers " + kept.treeSize()
                            + " leaves but the log holds " + size + ": the log was truncated");
        } else if (!Canonical.hex(rebuilt.root(kept.treeSize())).equals(kept.rootHash())) {
            verdict.problem("the kept tree head " + BundleVerifier.describe(kept)
                            + " does not match the store: events logged by then were changed, moved or removed");
        } else {
            SignedTreeHead latest = heads.isEmpty() ? null : heads.get(0);
            if (latest != null && latest.treeSize() >= kept.treeSize() && kept.treeSize() > 0) {
                try {
                    MerkleProofs.verifyConsistency(kept.treeSize(), latest.treeSize(), kept.rootHashBytes(),
                                                   latest.rootHashBytes(),
                                                   rebuilt.consistencyProof(kept.treeSize(), latest.treeSize()));
                } catch (ProofException e) {
                    verdict.problem("the latest tree head does not extend the kept one: " + e.getMessage());
                    return;
                }
            }
            verdict.verified("the store still holds the tree of the kept head " + BundleVerifier.describe(kept));
        }
    }

    private static String firstLeafOutside(List<LeafEntry> leaves, long size) {
        return size == 0 || leaves.isEmpty() ? "" : " (leaves 0 to " + (size - 1) + ")";
    }

    private static String describe(Document document) {
        String aggregateId = document.getString("aggregateId");
        Object seq = document.get("seq");
        return (aggregateId == null ? "event " + document.getString("eventId")
                : "project " + aggregateId + ", sequence " + seq) + ", position " + document.get("_id");
    }
}
