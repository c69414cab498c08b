package org.certaudit.ledger.verifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.certaudit.ledger.Canonical;
import org.certaudit.ledger.EventDocuments;
import org.certaudit.ledger.LogLeaf;
import org.certaudit.ledger.bundle.BundleEvent;
import org.certaudit.ledger.bundle.EvidenceBundle;
import org.certaudit.ledger.bundle.SignedStreamEnd;
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
 *   <li>the end: the log's {@link SignedStreamEnd} under the same key and tree head names the bundle's last event as
 *       its subject's last, so that no event was cut off the end (a bundle exported before it existed is verified
 *       without it, and the verdict's first line says that its end is not proven);</li>
 *   <li>the kept tree head: signed by the same key, and the bundle's tree extends it (a consistency proof
 *       from the bundle), so nothing logged by then was rewritten since.</li>
 * </ol>
 * Without a trusted key every signature is checked with the bundle's own key, which a forger would have replaced with
 * theirs: the verdict then proves integrity only, and says so ({@link Verdict#ORIGIN_NOT_VERIFIED}).
 */
public final class BundleVerifier {

    private static final ObjectMapper JSON = new ObjectMapper();

    private BundleVerifier() {
    }

    /** Problems that repeat for every event a change touches, printed {@value Verdict#SHOWN_OF_A_KIND} at most. */
    private static final String UNREADABLE = "events that cannot be read";
    private static final String CHANGED = "events whose content does not match their hash";
    private static final String STREAM_KEY = "events whose stream key does not match";
    private static final String NOT_IN_LOG = "events not in the log's tree head";
    private static final String NOT_PROVEN = "events not proven in the tree head";
    private static final String MISSING = "sequences missing in the stream";
    private static final String BROKEN = "breaks in the chain";
    private static final String OTHER_STREAM = "events of another stream";

    /**
     * @param trustedKey the key the reader trusts; null to use the bundle's own (the verdict then proves integrity only)
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
            verdict.originUnproven("integrity only; origin NOT verified: pass --key with the certification body's "
                                   + "published key");
            verdict.note("the bundle's own public key was used (key id " + Keys.keyId(key) + "): a bundle forged and "
                         + "signed again with another key would pass this way too; pass --key with the key the "
                         + "certification body published to rely on it");
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

        verdict.eventsChecked();
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
                verdict.problem(UNREADABLE, event.describe() + ": the event cannot be read (" + e.getMessage() + ")");
                verdict.unproven(event, "it cannot be read");
                recomputed.add(null);
                continue;
            }
            recomputed.add(hash);
            if (!hash.equals(event.hash())) {
                verdict.problem(CHANGED, event.describe() + ": its content does not match the hash it was stored with"
                                + " (recomputed " + hash + ", stored " + event.hash() + ")");
                verdict.unproven(event, "its content does not match its hash");
            }
            if (event.aggregateId() != null && event.seq() != null
                && !EventDocuments.streamKey(event.aggregateId(), event.seq()).equals(event.stream())) {
                verdict.problem(STREAM_KEY, event.describe() + ": its stream key '" + event.stream()
                                + "' does not match its project and sequence");
                verdict.unproven(event, "its stream key does not match");
            }
            if (event.leafIndex() == null) {
                verdict.problem(NOT_IN_LOG, event.describe() + ": not in the log's tree head " + describe(head)
                                + ", although it is not among the events stored after it");
                verdict.unproven(event, "no inclusion proof");
                continue;
            }
            try {
                MerkleProofs.verifyInclusion(event.leafIndex(), head.treeSize(), LogLeaf.leafHash(event.position(), hash),
                                             hashes(event.inclusionProof()), head.rootHashBytes());
                proven++;
            } catch (ProofException | IllegalArgumentException e) {
                verdict.problem(NOT_PROVEN, event.describe() + ": not proven in tree head " + describe(head) + " at leaf "
                                + event.leafIndex() + ": " + e.getMessage());
                verdict.unproven(event, "its inclusion proof fails");
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
                verdict.problem(MISSING, "project " + event.aggregateId() + ": sequence " + expectedSeq + " is missing before "
                                + event.describe());
            } else if (!Objects.equals(event.prevHash(), previousHash)) {
                verdict.problem(BROKEN, event.describe() + ": its previous hash " + event.prevHash()
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
        checkEnd(bundle, head, key, events, recomputed, verdict);
        if (keptHead != null) {
            checkKeptHead(bundle, head, key, keptHead, verdict);
        }
        return verdict;
    }

    /**
     * Inclusion proves that the bundle's events are in the log, not that its subject has no others after them: the signed
     * stream end does. It must verify under the key the tree head was checked with, be of the bundle's subject and tree
     * head, and name the bundle's last event (sequence, leaf and recomputed hash) as the subject's last.
     */
    private static void checkEnd(EvidenceBundle bundle, SignedTreeHead head, PublicKey key, List<BundleEvent> events,
                                 List<String> recomputed, Verdict verdict) {
        int lastIndex = -1;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).seq() != null) {
                lastIndex = i;
            }
        }
        long shown = lastIndex < 0 ? -1 : events.get(lastIndex).seq();
        String subject = bundle.subject() == null ? "the stream" : bundle.subject().kind() + " " + bundle.subject().id();
        SignedStreamEnd end = bundle.streamEnd();
        if (end == null) {
            verdict.endUnproven("completeness at the end NOT proven: the bundle carries no signed stream end (exported before "
                          + "the log signed one, or with it removed); export it again");
            verdict.note("the bundle carries no signed stream end: its events are shown up to sequence " + shown
                         + " as exported, and events cut off after them would not be seen; a bundle exported now carries "
                         + "the log's signed statement of " + subject + "'s last event");
            return;
        }
        if (!end.verifies(key)) {
            verdict.problem("the signed stream end does not verify with key " + Keys.keyId(key) + ": where " + subject
                            + " ends is not proven (was the bundle's end changed?)");
            return;
        }
        if (!Objects.equals(end.subject(), bundle.subject())) {
            verdict.problem("the signed stream end is of " + end.subject().kind() + " " + end.subject().id()
                            + " (project " + end.subject().projectId() + "), not of the bundle's subject, " + subject);
            return;
        }
        if (end.treeSize() != head.treeSize() || !end.rootHash().equals(head.rootHash())) {
            verdict.problem("the signed stream end is of the tree of size " + end.treeSize() + " and root "
                            + end.rootHash() + ", not of the bundle's tree head " + describe(head));
            return;
        }
        String under = " under tree head " + describe(head);
        if (shown < end.lastSeq()) {
            long missing = end.lastSeq() - shown;
            verdict.problem("events at the end are missing: the log signed that " + subject + " runs to sequence "
                            + end.lastSeq() + " of project " + end.subject().projectId() + under + ", but the bundle "
                            + (shown < 0 ? "holds none of its events" : "ends at sequence " + shown) + ": " + missing
                            + " event" + (missing == 1 ? "" : "s") + " missing, from sequence " + (shown + 1)
                            + "; the bundle does not show what " + (missing == 1 ? "it records" : "they record")
                            + " (for an audit, e.g. its review or decision): export the bundle again");
            return;
        }
        if (shown > end.lastSeq()) {
            verdict.problem("the bundle holds events after the end the log signed for " + subject + ": sequence "
                            + (end.lastSeq() + 1) + " to " + shown + " (the log signed sequence " + end.lastSeq()
                            + " as its last" + under + ")");
            return;
        }
        BundleEvent last = events.get(lastIndex);
        if (!Objects.equals(last.leafIndex(), end.lastLeafIndex())
            || !Objects.equals(recomputed.get(lastIndex), end.lastEventHash())) {
            verdict.problem(last.describe() + ": not the event the log signed as the last of " + subject + " (leaf "
                            + end.lastLeafIndex() + ", hash " + end.lastEventHash() + ")");
            return;
        }
        if (end.pending() != bundle.pending()) {
            verdict.problem("the bundle says " + bundle.pending() + " later event(s) are pending, the signed stream end "
                            + end.pending());
            return;
        }
        verdict.verified("the end is signed: " + subject + "'s last event" + under + " is sequence " + end.lastSeq()
                         + " (leaf " + end.lastLeafIndex() + "), the bundle's last, so no event is missing at the end");
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
                .ifPresent(event -> verdict.problem(OTHER_STREAM, event.describe() + ": not of the bundle's subject, "
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
