package org.certaudit.ledger.verifier;

import org.certaudit.ledger.Canonical;
import org.certaudit.ledger.EventDocuments;
import org.certaudit.ledger.LogLeaf;
import org.certaudit.ledger.StoredEvent;
import org.certaudit.ledger.bundle.BundleEvent;
import org.certaudit.ledger.bundle.EvidenceBundle;
import org.certaudit.ledger.merkle.InMemoryNodes;
import org.certaudit.ledger.merkle.MerkleTree;
import org.certaudit.ledger.treehead.Keys;
import org.certaudit.ledger.treehead.SignedTreeHead;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line on bundles built here: a stream of five events in a log of seven leaves. */
class LedgerVerifierTest {

    private static final String PROJECT = "0455-2021-SE";

    @TempDir
    Path dir;
    private final KeyPair key = Keys.generate();
    private List<StoredEvent> stream;
    private List<byte[]> leaves;
    private Path publicKey;

    @BeforeEach
    void fiveEventsOfAProjectAmongSevenLeaves() throws Exception {
        stream = new ArrayList<>();
        String previous = null;
        for (long seq = 0; seq < 5; seq++) {
            // The stream opens audit .1, then scores its items.
            StoredEvent event = seq == 0
                    ? new StoredEvent(PROJECT, "Project", seq, "event-" + seq, 1_622_534_400_000L + seq,
                                      1_622_534_400_500L + seq, "org.certaudit.audit.AuditOpened", null,
                                      "{\"auditId\":{\"value\":\"" + PROJECT + ".1\"},\"percent\":87.50}",
                                      "{\"user\":\"admin\"}", previous)
                    : new StoredEvent(PROJECT, "Project", seq, "event-" + seq, 1_622_534_400_000L + seq,
                                      1_622_534_400_500L + seq, "org.certaudit.audit.ItemScored", null,
                                      "{\"clause\":\"5.2.2." + seq + "\",\"percent\":87.50}", "{\"user\":\"leader\"}",
                                      previous);
            previous = event.hash();
            stream.add(event);
        }
        leaves = new ArrayList<>();
        leaves.add(LogLeaf.leafHash(1, Canonical.hex(Canonical.sha256("another project".getBytes(StandardCharsets.UTF_8)))));
        for (int i = 0; i < stream.size(); i++) {
            leaves.add(LogLeaf.leafHash(i + 2, stream.get(i).hash()));
        }
        leaves.add(LogLeaf.leafHash(7, Canonical.hex(Canonical.sha256("later".getBytes(StandardCharsets.UTF_8)))));
        publicKey = Files.writeString(dir.resolve("public.pem"), Keys.publicKeyPem(key.getPublic()));
    }

    @Test
    void printsOkAndWhatItVerifiedForAnUntouchedBundleAndExitsZero() throws Exception {
        Path keptHead = write("head.json", head(4));
        VerifierRun run = VerifierRun.of(write("bundle.json", bundle(stream, 7, List.of(4L))).toString(), "--key", publicKey.toString(),
                      "--tree-head", keptHead.toString());
        assertThat(run.status()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).startsWith("OK").contains("5 of 5 events proven").contains("extends the kept")
                .contains("hashes recomputed from the stored fields, chained");
    }

    @Test
    void namesTheChangedEventAndExitsOne() throws Exception {
        EvidenceBundle bundle = bundle(stream, 7, List.of());
        List<BundleEvent> events = new ArrayList<>(bundle.events());
        BundleEvent third = events.get(2);
        events.set(2, new BundleEvent(third.position(), third.leafIndex(), third.stream(), third.aggregateId(),
                                      third.aggregateType(), third.seq(), third.eventId(), third.timestamp(),
                                      third.appendedAt(), third.payloadType(), third.payloadRevision(),
                                      third.payload().replace("87.50", "97.50"), third.metaData(), third.prevHash(),
                                      third.hash(), third.inclusionProof()));
        VerifierRun run = VerifierRun.of(write("bundle.json", new EvidenceBundle(bundle.format(), bundle.subject(), bundle.exportedAt(),
                bundle.publicKey(), bundle.treeHead(), events, 0, List.of())).toString(), "--key", publicKey.toString());
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).startsWith("FAILED: project 0455-2021-SE, sequence 2, position 4: its content does not match")
                .as("no claim that the stream's hashes held").doesNotContain("hashes recomputed from the stored fields");
    }

    @Test
    void refusesABundleWhoseSubjectIsNotTheStreamOfItsEvents() throws Exception {
        EvidenceBundle bundle = bundle(stream, 7, List.of());
        for (EvidenceBundle.Subject subject : List.of(new EvidenceBundle.Subject("audit", "0915-2021-SE.1", PROJECT),
                new EvidenceBundle.Subject("project", "0915-2021-SE", "0915-2021-SE"),
                new EvidenceBundle.Subject("project", "0915-2021-SE", PROJECT))) {
            VerifierRun run = VerifierRun.of(write("bundle.json", new EvidenceBundle(bundle.format(), subject, bundle.exportedAt(),
                    bundle.publicKey(), bundle.treeHead(), bundle.events(), 0, List.of())).toString(), "--key", publicKey.toString());
            assertThat(run.status()).as(subject + ": " + run.out()).isEqualTo(1);
            assertThat(run.out()).startsWith("FAILED").contains("subject");
        }
        VerifierRun audit = VerifierRun.of(write("bundle.json", new EvidenceBundle(bundle.format(), new EvidenceBundle.Subject("audit",
                PROJECT + ".1", PROJECT), bundle.exportedAt(), bundle.publicKey(), bundle.treeHead(), bundle.events(), 0,
                List.of())).toString(), "--key", publicKey.toString());
        assertThat(audit.status()).as(audit.out()).isZero();
        VerifierRun notOpened = VerifierRun.of(write("bundle.json", new EvidenceBundle(bundle.format(), new EvidenceBundle.Subject("audit",
                PROJECT + ".2", PROJECT), bundle.exportedAt(), bundle.publicKey(), bundle.treeHead(), bundle.events(), 0,
                List.of())).toString(), "--key", publicKey.toString());
        assertThat(notOpened.status()).as(notOpened.out()).isEqualTo(1);
        assertThat(notOpened.out()).contains("audit " + PROJECT + ".2, is not opened by any of its events");
        VerifierRun empty = VerifierRun.of(write("bundle.json", new EvidenceBundle(bundle.format(), bundle.subject(), bundle.exportedAt(),
                bundle.publicKey(), bundle.treeHead(), List.of(), 0, List.of())).toString(), "--key", publicKey.toString());
        assertThat(empty.status()).as(empty.out()).isEqualTo(1);
        VerifierRun unnamed = VerifierRun.of(write("bundle.json", new EvidenceBundle(bundle.format(), null, bundle.exportedAt(),
                bundle.publicKey(), bundle.treeHead(), bundle.events(), 0, List.of())).toString(), "--key", publicKey.toString());
        assertThat(unnamed.out()).contains("note: the bundle names no subject");
    }

    @Test
    void saysThatEventsAfterTheLastOneExportedAreNotCovered() throws Exception {
        VerifierRun run = VerifierRun.of(write("bundle.json", bundle(stream.subList(0, 3), 7, List.of())).toString(), "--key", publicKey.toString());
        assertThat(run.status()).as(run.out()).isZero();
        assertThat(run.out()).contains("up to sequence 2 as exported; later events, if any, are not covered");
    }

    @Test
    void refusesATreeHeadSignedByAnotherKey() throws Exception {
        Path otherKey = Files.writeString(dir.resolve("other.pem"), Keys.publicKeyPem(Keys.generate().getPublic()));
        VerifierRun run = VerifierRun.of(write("bundle.json", bundle(stream, 7, List.of())).toString(), "--key", otherKey.toString());
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).startsWith("FAILED: the bundle names another public key");
    }

    @Test
    void usesTheBundlesOwnKeyOnlyWithANote() throws Exception {
        VerifierRun run = VerifierRun.of(write("bundle.json", bundle(stream, 7, List.of())).toString());
        assertThat(run.status()).isZero();
        assertThat(run.out()).contains("note: the bundle's own public key was used");
    }

    @Test
    void exitsTwoWithTheUsageWhenTheInputCannotBeRead() throws Exception {
        assertThat(VerifierRun.of().status()).isEqualTo(2);
        assertThat(VerifierRun.of(dir.resolve("missing.json").toString()).status()).isEqualTo(2);
        VerifierRun garbage = VerifierRun.of(Files.writeString(dir.resolve("garbage.json"), "not json").toString());
        assertThat(garbage.status()).isEqualTo(2);
        assertThat(garbage.err()).contains("cannot read");
    }

    private String head(long size) throws Exception {
        SignedTreeHead head = SignedTreeHead.sign(size, tree().root(size), 1_700_000_000_000L + size, key.getPrivate(),
                                                  key.getPublic());
        return Canonical.mapper().writeValueAsString(head);
    }

    private EvidenceBundle bundle(List<StoredEvent> events, long size, List<Long> consistencyFrom) {
        SignedTreeHead head = SignedTreeHead.sign(size, tree().root(size), 1_700_000_000_000L + size, key.getPrivate(),
                                                  key.getPublic());
        List<BundleEvent> bundled = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            StoredEvent e = events.get(i);
            long leaf = i + 1;
            bundled.add(new BundleEvent(leaf + 1, leaf, EventDocuments.streamKey(PROJECT, e.seq()), e.aggregateId(),
                                        e.aggregateType(), e.seq(), e.eventId(), e.timestamp(), e.appendedAt(),
                                        e.payloadType(), e.payloadRevision(), e.payload(), e.metaData(), e.prevHash(),
                                        e.hash(), tree().inclusionProof(leaf, size).stream().map(Canonical::hex).toList()));
        }
        List<EvidenceBundle.ConsistencyProof> proofs = consistencyFrom.stream()
                .map(from -> new EvidenceBundle.ConsistencyProof(from, tree().consistencyProof(from, size).stream()
                                                                             .map(Canonical::hex).toList()))
                .toList();
        return new EvidenceBundle(EvidenceBundle.FORMAT, new EvidenceBundle.Subject("project", PROJECT, PROJECT),
                                  "2026-11-29T09:00:00Z", Keys.publicKeyPem(key.getPublic()), head, bundled, 0, proofs);
    }

    private MerkleTree tree() {
        return new MerkleTree(new InMemoryNodes(leaves));
    }

    private Path write(String name, Object content) throws Exception {
        String text = content instanceof String string ? string : Canonical.mapper().writeValueAsString(content);
        return Files.writeString(dir.resolve(name), text);
    }

}
