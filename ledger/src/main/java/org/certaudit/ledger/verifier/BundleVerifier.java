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

    /**
     * The verdict in English.
     *
     * @param trustedKey the key the reader trusts; null to use the bundle's own (the verdict then proves integrity only)
     * @param keptHead   a tree head the reader kept earlier; null to skip that check
     */
    public static Verdict verify(EvidenceBundle bundle, PublicKey trustedKey, SignedTreeHead keptHead) {
        return verify(bundle, trustedKey, keptHead, Messages.ENGLISH);
    }

    /** The verdict worded in {@code messages}' language. */
    static Verdict verify(EvidenceBundle bundle, PublicKey trustedKey, SignedTreeHead keptHead, Messages messages) {
        Verdict verdict = new Verdict(messages);
        if (!EvidenceBundle.FORMAT.equals(bundle.format())) {
            verdict.problem(messages.get("bundle.notABundle", EvidenceBundle.FORMAT, bundle.format()));
            return verdict;
        }
        SignedTreeHead head = bundle.treeHead();
        if (head == null) {
            verdict.problem(messages.get("bundle.noTreeHead"));
            return verdict;
        }
        PublicKey key = trustedKey;
        if (key == null) {
            key = Keys.readPublicKey(bundle.publicKey());
            verdict.originUnproven(messages.get("bundle.limit.originUnproven"));
            verdict.note(messages.get("bundle.note.ownKey", Keys.keyId(key)));
        } else if (bundle.publicKey() != null
                   && !Keys.keyId(Keys.readPublicKey(bundle.publicKey())).equals(Keys.keyId(key))) {
            verdict.problem(messages.get("bundle.otherKey"));
        }
        if (!head.verifies(key)) {
            verdict.problem(messages.get("bundle.headSignatureFails", messages.treeHead(head), Keys.keyId(key)));
        } else {
            verdict.verified(messages.get("bundle.headSigned", messages.treeHead(head), Keys.keyId(key)));
        }

        // Problems that repeat for every event a change touches, printed Verdict.SHOWN_OF_A_KIND at most of a kind.
        String unreadable = messages.get("bundle.kind.unreadable");
        String changed = messages.get("bundle.kind.changed");
        String streamKey = messages.get("bundle.kind.streamKey");
        String notInLog = messages.get("bundle.kind.notInLog");
        String notProven = messages.get("bundle.kind.notProven");
        String missing = messages.get("bundle.kind.missing");
        String broken = messages.get("bundle.kind.broken");
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
                verdict.problem(unreadable, messages.get("bundle.unreadable", messages.event(event), e.getMessage()));
                verdict.unproven(event, messages.get("bundle.unproven.unreadable"));
                recomputed.add(null);
                continue;
            }
            recomputed.add(hash);
            if (!hash.equals(event.hash())) {
                verdict.problem(changed, messages.get("bundle.changed", messages.event(event), hash, event.hash()));
                verdict.unproven(event, messages.get("bundle.unproven.changed"));
            }
            if (event.aggregateId() != null && event.seq() != null
                && !EventDocuments.streamKey(event.aggregateId(), event.seq()).equals(event.stream())) {
                verdict.problem(streamKey, messages.get("bundle.streamKey", messages.event(event), event.stream()));
                verdict.unproven(event, messages.get("bundle.unproven.streamKey"));
            }
            if (event.leafIndex() == null) {
                verdict.problem(notInLog, messages.get("bundle.notInLog", messages.event(event), messages.treeHead(head)));
                verdict.unproven(event, messages.get("bundle.unproven.notInLog"));
                continue;
            }
            try {
                MerkleProofs.verifyInclusion(event.leafIndex(), head.treeSize(), LogLeaf.leafHash(event.position(), hash),
                                             hashes(event.inclusionProof()), head.rootHashBytes());
                proven++;
            } catch (ProofException | IllegalArgumentException e) {
                verdict.problem(notProven, messages.get("bundle.notProven", messages.event(event), messages.treeHead(head),
                                                        event.leafIndex(), messages.proofFailure(e)));
                verdict.unproven(event, messages.get("bundle.unproven.notProven"));
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
                verdict.problem(missing, messages.get("bundle.missing", event.aggregateId(), expectedSeq,
                                                      messages.event(event)));
            } else if (!Objects.equals(event.prevHash(), previousHash)) {
                verdict.problem(broken, expectedSeq == 0
                        ? messages.get("bundle.brokenAtZero", messages.event(event), event.prevHash())
                        : messages.get("bundle.broken", messages.event(event), event.prevHash(), expectedSeq - 1,
                                       previousHash));
            }
            expectedSeq = event.seq() + 1;
            previousHash = recomputed.get(i);
        }
        // Said only of a stream in which no event failed a check: after a problem it would read as a contradiction.
        if (!events.isEmpty() && events.get(0).aggregateId() != null && verdict.problems().size() == problemsBefore) {
            verdict.verified(messages.get("bundle.chained", events.size(), events.get(0).aggregateId(), expectedSeq - 1));
        }
        verdict.verified(messages.get("bundle.proven", proven, events.size(), messages.treeHead(head)));
        if (bundle.pending() > 0) {
            verdict.note(messages.get("bundle.pending", bundle.pending()));
        }
        if (events.isEmpty()) {
            verdict.problem(messages.get("bundle.noEvents"));
        }
        if (bundle.subject() != null) {
            checkSubject(bundle.subject(), events, verdict);
        } else {
            verdict.note(messages.get("bundle.noSubject"));
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
        Messages messages = verdict.messages();
        int lastIndex = -1;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).seq() != null) {
                lastIndex = i;
            }
        }
        long shown = lastIndex < 0 ? -1 : events.get(lastIndex).seq();
        String subject = bundle.subject() == null ? messages.get("subject.none") : messages.subject(bundle.subject());
        SignedStreamEnd end = bundle.streamEnd();
        if (end == null) {
            verdict.endUnproven(messages.get("end.limit.unproven"));
            verdict.note(messages.get("end.note.unsigned", shown, subject));
            return;
        }
        if (!end.verifies(key)) {
            verdict.problem(messages.get("end.signatureFails", Keys.keyId(key), subject));
            return;
        }
        if (!Objects.equals(end.subject(), bundle.subject())) {
            verdict.problem(messages.get("end.otherSubject", messages.subject(end.subject()), end.subject().projectId(),
                                         subject));
            return;
        }
        if (end.treeSize() != head.treeSize() || !end.rootHash().equals(head.rootHash())) {
            verdict.problem(messages.get("end.otherTree", end.treeSize(), end.rootHash(), messages.treeHead(head)));
            return;
        }
        if (shown < end.lastSeq()) {
            long missing = end.lastSeq() - shown;
            verdict.problem(messages.get(missing == 1 ? "end.missing.one" : "end.missing.many", subject, end.lastSeq(),
                    end.subject().projectId(), messages.treeHead(head),
                    shown < 0 ? messages.get("end.bundleHoldsNone") : messages.get("end.bundleEndsAt", shown),
                    shown + 1, missing));
            return;
        }
        if (shown > end.lastSeq()) {
            verdict.problem(messages.get("end.after", subject, end.lastSeq() + 1, shown, end.lastSeq(),
                                         messages.treeHead(head)));
            return;
        }
        BundleEvent last = events.get(lastIndex);
        if (!Objects.equals(last.leafIndex(), end.lastLeafIndex())
            || !Objects.equals(recomputed.get(lastIndex), end.lastEventHash())) {
            verdict.problem(messages.get("end.notLast", messages.event(last), subject, end.lastLeafIndex(),
                                         end.lastEventHash()));
            return;
        }
        if (end.pending() != bundle.pending()) {
            verdict.problem(messages.get("end.pending", bundle.pending(), end.pending()));
            return;
        }
        verdict.verified(messages.get("end.signed", subject, messages.treeHead(head), end.lastSeq(), end.lastLeafIndex()));
    }

    /**
     * The subject the bundle names is the one its events are about: every event of the stream {@code projectId}, which is
     * the project named, or the project of the audit named.
     */
    private static void checkSubject(EvidenceBundle.Subject subject, List<BundleEvent> events, Verdict verdict) {
        Messages messages = verdict.messages();
        String project = subject.projectId();
        boolean named = "project".equals(subject.kind()) ? Objects.equals(subject.id(), project)
                : "audit".equals(subject.kind()) && project != null && subject.id() != null
                  && subject.id().startsWith(project + ".");
        if (!named) {
            verdict.problem(messages.get("bundle.subjectNotOfStream", messages.subject(subject), project));
        }
        events.stream().filter(event -> !Objects.equals(event.aggregateId(), project)).findFirst()
                .ifPresent(event -> verdict.problem(messages.get("bundle.kind.otherStream"), messages.get(
                        "bundle.otherStream", messages.event(event), messages.subject(subject), project)));
        if (named && "audit".equals(subject.kind()) && events.stream().noneMatch(event -> opens(event, subject.id()))) {
            verdict.problem(messages.get("bundle.notOpened", messages.subject(subject)));
        }
        verdict.note(messages.get("bundle.note.subject", messages.subject(subject)));
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
        Messages messages = verdict.messages();
        if (!kept.verifies(key)) {
            verdict.problem(messages.get("kept.notSigned", messages.treeHead(kept), Keys.keyId(key)));
            return;
        }
        if (kept.treeSize() > head.treeSize()) {
            verdict.problem(messages.get("kept.larger", messages.treeHead(kept), messages.treeHead(head)));
            return;
        }
        if (kept.treeSize() == head.treeSize()) {
            if (kept.rootHash().equals(head.rootHash())) {
                verdict.verified(messages.get("kept.sameRoot", messages.treeHead(kept)));
            } else {
                verdict.problem(messages.get("kept.rewritten", messages.treeHead(kept), messages.treeHead(head)));
            }
            return;
        }
        if (kept.treeSize() == 0) {
            verdict.verified(messages.get("kept.empty"));
            return;
        }
        EvidenceBundle.ConsistencyProof proof = bundle.consistency() == null ? null
                : bundle.consistency().stream().filter(p -> p.fromSize() == kept.treeSize()).findFirst().orElse(null);
        if (proof == null) {
            verdict.problem(messages.get("kept.noProof", kept.treeSize()));
            return;
        }
        try {
            MerkleProofs.verifyConsistency(kept.treeSize(), head.treeSize(), kept.rootHashBytes(),
                                           head.rootHashBytes(), hashes(proof.proof()));
            verdict.verified(messages.get("kept.extends", messages.treeHead(kept)));
        } catch (ProofException | IllegalArgumentException e) {
            verdict.problem(messages.get("kept.notExtends", messages.treeHead(head), messages.treeHead(kept),
                                         messages.proofFailure(e)));
        }
    }

    private static List<byte[]> hashes(List<String> hex) {
        return hex == null ? List.of() : hex.stream().map(Canonical::hash).toList();
    }
}
