package org.certaudit.ledger.verifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.certaudit.ledger.Canonical;
import org.certaudit.ledger.EventDocuments;
import org.certaudit.ledger.LogLeaf;
import org.certaudit.ledger.bundle.BundleEvent;
import org.certaudit.ledger.bundle.EvidenceBundle;
import org.certaudit.ledger.merkle.MerkleProofs;
import org.certaudit.ledger.merkle.ProofException;
import org.certaudit.ledger.treehead.Keys;
import org.certaudit.ledger.treehead.SignedTreeHead;

import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Checks an evidence bundle with nothing but the bundle, optionally the public key the reader trusts and a
 * tree head the reader kept from earlier:
 * <ol>
 *   <li>the key: the one given, or (with a note) the bundle's own; the tree head's signature under it;</li>
 *   <li>every event: its hash recomputed from the stored fields equals the hash it was stored with, its
 *       {@code stream} key matches project and sequence, and its leaf (position, hash) is in the tree
 *       head by its inclusion proof;</li>
 *   <li>the stream: sequences 0, 1, 2, ... without a hole, each {@code prevHash} the hash of the event
 *       before, none for sequence 0;</li>
 *   <li>the kept tree head: signed by the same key, and the bundle's tree extends it (a consistency proof
 *       from the bundle), so nothing logged by then was rewritten since.</li>
 * </ol>
 */
public final class BundleVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BundleVerifier() {
    }

    /**
     * @param trustedKey the key the reader trusts; null to use the bundle's own (noted in the verdict)
     * @param keptHead   a tree head the reader kept earlier; null to skip that check
     */
    public static Verdict verify(EvidenceBundle bundle, PublicKey trustedKey, SignedTreeHead keptHead) {
        Verdict verdict = new Verdict();
        if (!EvidenceBundle.FORMAT.equals(bundle.format())) {
            verdict.problem("the file is not a " + EvidenceBundle.FORMAT + " evidence bundle (format: "
                            + bundle.format() + ")");
            return verdict;
        }
        SignedTreeHead head = bundle.treeHead();
        if (head == null) {
            verdict.problem("the bundle has no tree head");
            return verdict;
        }
        PublicKey key = trustedKey;
        if (key == null) {
            key = Keys.readPublicKey(bundle.publicKey());
            verdict.note("the bundle's own public key was used (key id " + Keys.keyId(key)
                         + "); pass --key with the key the certification body published to rely on it");
        } else if (bundle.publicKey() != null
                   && !Keys.keyId(Keys.readPublicKey(bundle.publicKey())).equals(Keys.keyId(key))) {
            verdict.problem("the bundle names another public key than the one given with --key");
        }
        if (!head.verifies(key)) {
            verdict.problem("the signature of tree head " + describe(head) + " does not verify with key "
                            + Keys.keyId(key));
        } else {
            verdict.verified("tree head " + describe(head) + " is signed by key " + Keys.keyId(key));
        }

        List<BundleEvent> events = new ArrayList<>(bundle.events());
        events.sort(Comparator.comparing(BundleEvent::seq, Comparator.nullsFirst(Comparator.naturalOrder())));
        // First each event on its own (hash, stream key, inclusion), so that a changed event is named itself
        // rather than through the break it causes in the chain; then the chain.
        int proven = 0;
        int problemsBefore = verdict.problems().size();
        List<String> recomputed = new ArrayList<>();
        for (BundleEvent event : events) {
            String hash;
            try {
                hash = event.storedEvent().hash();
            } catch (RuntimeException e) {
                verdict.problem(event.describe() + ": the event cannot be read (" + e.getMessage() + ")");
                recomputed.add(null);
                continue;
            }
            recomputed.add(hash);
            if (!hash.equals(event.hash())) {
                verdict.problem(event.describe() + ": its content does not match the hash it was stored with"
                                + " (recomputed " + hash + ", stored " + event.hash() + ")");
            }
            if (event.aggregateId() != null && event.seq() != null
                && !EventDocuments.streamKey(event.aggregateId(), event.seq()).equals(event.stream())) {
                verdict.problem(event.describe() + ": its stream key '" + event.stream()
                                + "' does not match its project and sequence");
            }
            if (event.leafIndex() == null) {
                verdict.problem(event.describe() + ": not in the log's tree head " + describe(head)
                                + ", although it is not among the events stored after it");
                continue;
            }
            try {
                MerkleProofs.verifyInclusion(event.leafIndex(), head.treeSize(), LogLeaf.leafHash(event.position(), hash),
                                             hashes(event.inclusionProof()), head.rootHashBytes());
                proven++;
            } catch (ProofException | IllegalArgumentException e) {
                verdict.problem(event.describe() + ": not proven in tree head " + describe(head) + " at leaf "
                                + event.leafIndex() + ": " + e.getMessage());
            }
        }
        String previousHash = null;
        long expectedSeq = 0;
        for (int i = 0; i < events.size(); i++) {
            BundleEvent event = events.get(i);
            if (event.seq() == null) {
                continue;
            }
            if (event.seq() != expectedSeq) {
                verdict.problem("project " + event.aggregateId() + ": sequence " + expectedSeq + " is missing before "
                                + event.describe());
            } else if (!Objects.equals(event.prevHash(), previousHash)) {
                verdict.problem(event.describe() + ": its previous hash " + event.prevHash()
                                + (expectedSeq == 0 ? " should be null for sequence 0"
                                        : " is not the hash of sequence " + (expectedSeq - 1) + " (" + previousHash + ")")
                                + ": the chain is broken");
            }
            expectedSeq = event.seq() + 1;
            previousHash = recomputed.get(i);
        }
        // Said only of a stream in which no event failed a check: after a problem it would read as a contradiction.
        if (!events.isEmpty() && events.get(0).aggregateId() != null && verdict.problems().size() == problemsBefore) {
            verdict.verified(events.size() + " events of project " + events.get(0).aggregateId() + " (sequence 0 to "
                             + (expectedSeq - 1) + "): hashes recomputed from the stored fields, chained");
        }
        verdict.verified(proven + " of " + events.size() + " events proven in tree head " + describe(head));
        if (bundle.pending() > 0) {
            verdict.note(bundle.pending() + " later event(s) of the stream were not yet in the tree head; export again to cover them");
        }
        if (events.isEmpty()) {
            verdict.problem("the bundle holds no events: there is nothing of its subject to verify");
        }
        if (bundle.subject() != null) {
            checkSubject(bundle.subject(), events, verdict);
        } else {
            verdict.note("the bundle names no subject: which audit or project it is about is not checked");
        }
        if (!events.isEmpty()) {
            // Inclusion proves that these events are in the log, not that the stream has no others after them.
            verdict.note("the stream is shown up to sequence " + (expectedSeq - 1) + " as exported; later events, if "
                         + "any, are not covered: a bundle exported later, or the stream's version in the register, "
                         + "shows whether there are more");
        }
        if (keptHead != null) {
            checkKeptHead(bundle, head, key, keptHead, verdict);
        }
        return verdict;
    }

    /**
     * The subject the bundle names is the one its events are about: every event of the stream {@code projectId}, which is
     * the project named, or the project of the audit named.
     */
    private static void checkSubject(EvidenceBundle.Subject subject, List<BundleEvent> events, Verdict verdict) {
        String project = subject.projectId();
        boolean named = "project".equals(subject.kind()) ? Objects.equals(subject.id(), project)
                : "audit".equals(subject.kind()) && project != null && subject.id() != null
                  && subject.id().startsWith(project + ".");
        if (!named) {
            verdict.problem("the bundle's subject, " + subject.kind() + " " + subject.id() + ", is not of the stream "
                            + project + " it names");
        }
        events.stream().filter(event -> !Objects.equals(event.aggregateId(), project)).findFirst()
                .ifPresent(event -> verdict.problem(event.describe() + ": not of the bundle's subject, "
                                                    + subject.kind() + " " + subject.id() + " (project " + project + ")"));
        if (named && "audit".equals(subject.kind()) && events.stream().noneMatch(event -> opens(event, subject.id()))) {
            verdict.problem("the bundle's subject, audit " + subject.id() + ", is not opened by any of its events");
        }
        verdict.note("subject: " + subject.kind() + " " + subject.id());
    }

    /** Whether {@code event} is the {@code AuditOpened} of audit {@code auditId} (its id plain or as {@code {"value": …}}). */
    private static boolean opens(BundleEvent event, String auditId) {
        if (event.payloadType() == null || !event.payloadType().endsWith(".AuditOpened") || event.payload() == null) {
            return false;
        }
        try {
            JsonNode id = JSON.readTree(event.payload()).path("auditId");
            return auditId.equals(id.isObject() ? id.path("value").asText(null) : id.asText(null));
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    private static void checkKeptHead(EvidenceBundle bundle, SignedTreeHead head, PublicKey key,
                                      SignedTreeHead kept, Verdict verdict) {
        if (!kept.verifies(key)) {
            verdict.problem("the kept tree head " + describe(kept) + " was not signed by key " + Keys.keyId(key));
            return;
        }
        if (kept.treeSize() > head.treeSize()) {
            verdict.problem("the kept tree head " + describe(kept) + " is larger than the bundle's "
                            + describe(head) + ": export the bundle again, or the log was truncated");
            return;
        }
        if (kept.treeSize() == head.treeSize()) {
            if (kept.rootHash().equals(head.rootHash())) {
                verdict.verified("the kept tree head " + describe(kept) + " has the bundle's root");
            } else {
                verdict.problem("the kept tree head " + describe(kept) + " and the bundle's " + describe(head)
                                + " have the same size and different roots: the log was rewritten");
            }
            return;
        }
        if (kept.treeSize() == 0) {
            verdict.verified("every tree extends the kept empty tree head");
            return;
        }
        EvidenceBundle.ConsistencyProof proof = bundle.consistency() == null ? null
                : bundle.consistency().stream().filter(p -> p.fromSize() == kept.treeSize()).findFirst().orElse(null);
        if (proof == null) {
            verdict.problem("the bundle has no consistency proof from tree size " + kept.treeSize()
                            + "; export it with consistencyFrom=" + kept.treeSize());
            return;
        }
        try {
            MerkleProofs.verifyConsistency(kept.treeSize(), head.treeSize(), kept.rootHashBytes(),
                                           head.rootHashBytes(), hashes(proof.proof()));
            verdict.verified("the bundle's tree head extends the kept " + describe(kept)
                             + ": nothing logged by then was changed or removed");
        } catch (ProofException | IllegalArgumentException e) {
            verdict.problem("the bundle's tree head " + describe(head) + " does not extend the kept "
                            + describe(kept) + ": " + e.getMessage() + " (the log was rewritten)");
        }
    }

    static String describe(SignedTreeHead head) {
        return "of size " + head.treeSize() + " signed " + Instant.ofEpochMilli(head.timestamp());
    }

    private static List<byte[]> hashes(List<String> hex) {
        return hex == null ? List.of() : hex.stream().map(Canonical::hash).toList();
    }
}
