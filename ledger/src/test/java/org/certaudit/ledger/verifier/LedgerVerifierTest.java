package org.certaudit.ledger.verifier;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.certaudit.ledger.Canonical;
import org.certaudit.ledger.EventDocuments;
import org.certaudit.ledger.LogLeaf;
import org.certaudit.ledger.StoredEvent;
import org.certaudit.ledger.bundle.BundleEvent;
import org.certaudit.ledger.bundle.EvidenceBundle;
import org.certaudit.ledger.bundle.SignedStreamEnd;
import org.certaudit.ledger.merkle.InMemoryNodes;
import org.certaudit.ledger.merkle.MerkleTree;
import org.certaudit.ledger.treehead.Keys;
import org.certaudit.ledger.treehead.SignedTreeHead;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

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
        VerifierRun run = VerifierRun.of(write("bundle.json", withEnd(bundle(stream, 7, List.of(4L)))).toString(), "--key", publicKey.toString(),
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
        // Every check holds; the bundle carries no signed end, which its exit status says (4), not a failure.
        assertThat(audit.status()).as(audit.out()).isEqualTo(4);
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

    @Nested
    class TheEndOfTheStream {

        @Test
        void isProvenByTheSignedStreamEndAndTheVerdictIsAPlainOk() throws Exception {
            VerifierRun run = VerifierRun.of(write("bundle.json", withEnd(bundle(stream, 7, List.of()))).toString(),
                    "--key", publicKey.toString());

            assertThat(run.status()).as(run.out()).isZero();
            assertThat(run.out()).startsWith("OK\n").contains("verified: the end is signed: project 0455-2021-SE's last "
                    + "event under tree head of size 7 signed " + Instant.ofEpochMilli(1_700_000_000_007L) + " is sequence 4 "
                    + "(leaf 5), the bundle's last, so no event is missing at the end").doesNotContain("NOT proven");
        }

        @Test
        void failsNamingHowManyEventsAreMissingWhenTheLastOnesWereCutOff() throws Exception {
            EvidenceBundle whole = withEnd(bundle(stream, 7, List.of()));
            EvidenceBundle cut = new EvidenceBundle(whole.format(), whole.subject(), whole.exportedAt(), whole.publicKey(),
                    whole.treeHead(), whole.events().subList(0, 3), 0, List.of(), whole.streamEnd());

            VerifierRun run = VerifierRun.of(write("bundle.json", cut).toString(), "--key", publicKey.toString());

            assertThat(run.status()).as(run.out()).isEqualTo(1);
            assertThat(run.out()).startsWith("FAILED: events at the end are missing: the log signed that project "
                    + "0455-2021-SE runs to sequence 4 of project 0455-2021-SE under tree head of size 7 signed "
                    + Instant.ofEpochMilli(1_700_000_000_007L) + ", but the bundle ends at sequence 2: 2 events missing, "
                    + "from sequence 3");
        }

        @Test
        void failsWhenTheSignedEndIsChangedToMatchACutBundleOrSignedByAnotherKey() throws Exception {
            EvidenceBundle whole = withEnd(bundle(stream, 7, List.of()));
            SignedStreamEnd end = whole.streamEnd();
            BundleEvent third = whole.events().get(2);
            SignedStreamEnd relabelled = new SignedStreamEnd(end.subject(), end.treeSize(), end.rootHash(), 2,
                    third.leafIndex(), third.hash(), 0, end.timestamp(), end.keyId(), end.signature());
            EvidenceBundle cut = new EvidenceBundle(whole.format(), whole.subject(), whole.exportedAt(), whole.publicKey(),
                    whole.treeHead(), whole.events().subList(0, 3), 0, List.of(), relabelled);
            KeyPair other = Keys.generate();
            EvidenceBundle otherSigner = whole.withStreamEnd(SignedStreamEnd.sign(end.subject(), end.treeSize(),
                    end.rootHash(), whole.events().get(4), 0, end.timestamp(), other.getPrivate(), other.getPublic()));

            VerifierRun relabelledRun = VerifierRun.of(write("cut.json", cut).toString(), "--key", publicKey.toString());
            VerifierRun otherRun = VerifierRun.of(write("other.json", otherSigner).toString(), "--key", publicKey.toString());

            assertThat(relabelledRun.status()).as(relabelledRun.out()).isEqualTo(1);
            assertThat(relabelledRun.out()).startsWith("FAILED: the signed stream end does not verify with key");
            assertThat(otherRun.status()).as(otherRun.out()).isEqualTo(1);
            assertThat(otherRun.out()).startsWith("FAILED: the signed stream end does not verify with key");
        }

        @Test
        void failsWhenTheSignedEndIsOfAnotherTreeHeadSubjectOrLastEvent() throws Exception {
            EvidenceBundle whole = bundle(stream, 7, List.of());
            SignedTreeHead head = whole.treeHead();
            BundleEvent last = whole.events().get(4);
            EvidenceBundle ofAnotherHead = whole.withStreamEnd(SignedStreamEnd.sign(whole.subject(), 6,
                    Canonical.hex(tree().root(6)), last, 0, 1L, key.getPrivate(), key.getPublic()));
            EvidenceBundle ofAnotherSubject = whole.withStreamEnd(SignedStreamEnd.sign(
                    new EvidenceBundle.Subject("audit", PROJECT + ".1", PROJECT), head.treeSize(), head.rootHash(), last, 0,
                    1L, key.getPrivate(), key.getPublic()));
            BundleEvent lastOfAnotherLeaf = new BundleEvent(last.position(), 6L, last.stream(), last.aggregateId(),
                    last.aggregateType(), last.seq(), last.eventId(), last.timestamp(), last.appendedAt(),
                    last.payloadType(), last.payloadRevision(), last.payload(), last.metaData(), last.prevHash(),
                    last.hash(), last.inclusionProof());
            EvidenceBundle ofAnotherLeaf = whole.withStreamEnd(SignedStreamEnd.sign(whole.subject(), head.treeSize(),
                    head.rootHash(), lastOfAnotherLeaf, 0, 1L, key.getPrivate(), key.getPublic()));
            EvidenceBundle endingEarlier = whole.withStreamEnd(SignedStreamEnd.sign(whole.subject(), head.treeSize(),
                    head.rootHash(), whole.events().get(3), 0, 1L, key.getPrivate(), key.getPublic()));

            assertThat(run(ofAnotherHead)).startsWith("FAILED: the signed stream end is of the tree of size 6");
            assertThat(run(ofAnotherSubject)).startsWith("FAILED: the signed stream end is of audit 0455-2021-SE.1");
            assertThat(run(ofAnotherLeaf)).startsWith("FAILED: project 0455-2021-SE, sequence 4, position 6: not the event "
                    + "the log signed as the last of project 0455-2021-SE (leaf 6,");
            assertThat(run(endingEarlier)).startsWith("FAILED: the bundle holds events after the end the log signed for "
                    + "project 0455-2021-SE: sequence 4 to 4");
        }

        @Test
        void isNotProvenForABundleExportedBeforeTheSignedEndWhichStillVerifiesSaysSoAndExitsFour() throws Exception {
            VerifierRun run = VerifierRun.of(write("bundle.json", bundle(stream.subList(0, 3), 7, List.of())).toString(),
                    "--key", publicKey.toString());

            // Not 0: a bundle whose statement was removed and whose end was cut looks just like this one.
            assertThat(run.status()).as(run.out()).isEqualTo(4);
            assertThat(run.out()).startsWith("OK (completeness at the end NOT proven: the bundle carries no signed stream "
                    + "end").contains("its events are shown up to sequence 2 as exported, and events cut off after them "
                    + "would not be seen");
        }

        private String run(EvidenceBundle bundle) throws Exception {
            VerifierRun run = VerifierRun.of(write("bundle.json", bundle).toString(), "--key", publicKey.toString());
            assertThat(run.status()).as(run.out()).isEqualTo(1);
            return run.out();
        }
    }

    @Nested
    class WithList {

        private static final String AUDIT = "{\"auditId\":{\"value\":\"" + PROJECT + ".1\"},";
        private static final long JUNE_7_10_UTC = 1_623_060_000_000L;

        /** An audit opened, an item scored, its score revised, another marked not applicable, and the decision. */
        @BeforeEach
        void anAuditScoredRevisedAndDecided() {
            List<String[]> events = List.of(
                    new String[] {"AuditOpened", AUDIT + "\"type\":\"INITIAL\",\"schemeId\":\"CTS-ISC-JSGF-06\","
                            + "\"schemeVersion\":\"1\","
                            + "\"organization\":{\"name\":\"某某公司\",\"contactPhone\":\"1\"},"
                            + "\"onSiteFrom\":\"2021-06-07\",\"onSiteTo\":\"2021-06-08\"}", "admin", null},
                    new String[] {"ItemScored", AUDIT + "\"clause\":\"5.2.2.1\",\"percent\":{\"value\":87.50},"
                            + "\"note\":null}", "leader", "李雅宁"},
                    new String[] {"ItemScoreRevised", AUDIT + "\"clause\":\"5.2.2.1\",\"previousPercent\":"
                            + "{\"value\":87.50},\"percent\":{\"value\":80.00},\"note\":null,"
                            + "\"reason\":\"复核更正：记录不全\"}", "leader", "李雅宁"},
                    new String[] {"ItemMarkedNotApplicable", AUDIT + "\"clause\":\"5.2.3.4\",\"previousPercent\":null,"
                            + "\"reason\":\"无此工序\"}", "leader", "李雅宁"},
                    new String[] {"CertificateGranted", AUDIT + "\"decision\":{\"outcome\":\"GRANT\","
                            + "\"decider\":\"decider\",\"decidedOn\":\"2021-07-01\",\"auditVersion\":3,"
                            + "\"total\":88.00,\"grade\":\"FOUR_STAR\",\"reason\":\"符合要求\"},\"certificate\":"
                            + "{\"number\":\"CTS-1\",\"validFrom\":\"2021-07-01\",\"validUntil\":\"2024-06-30\"}}",
                            "decider", "王芳"});
            stream = new ArrayList<>();
            String previous = null;
            for (long seq = 0; seq < events.size(); seq++) {
                String[] event = events.get((int) seq);
                String meta = "{\"user\":\"" + event[2] + "\"" + (event[3] == null ? ""
                        : ",\"personName\":\"" + event[3] + "\"") + "}";
                StoredEvent stored = new StoredEvent(PROJECT, "Project", seq, "event-" + seq,
                        JUNE_7_10_UTC + seq * 60_000L, JUNE_7_10_UTC + seq * 60_000L + 5,
                        "org.certaudit.audit." + event[0], null, event[1], meta, previous);
                previous = stored.hash();
                stream.add(stored);
                leaves.set((int) seq + 1, LogLeaf.leafHash(seq + 2, stored.hash()));
            }
        }

        @Test
        void printsEachEventInWordsOnTheBodysClockAfterTheVerdict() throws Exception {
            VerifierRun run = VerifierRun.of(write("bundle.json", withEnd(bundle(stream, 7, List.of()))).toString(),
                    "--key", publicKey.toString(), "--list");
            assertThat(run.status()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).startsWith("OK").contains("\nevents (5, in sequence order; recorded at, and on the "
                            + "certification body's clock, Asia/Shanghai):\n")
                    .contains("  sequence 1 | 2021-06-07T10:01:00Z (2021-06-07 18:01:00 +08:00) | leader（李雅宁） | "
                            + "ItemScored: audit 0455-2021-SE.1, item 5.2.2.1, 87.50%\n")
                    .contains("  sequence 2 | 2021-06-07T10:02:00Z (2021-06-07 18:02:00 +08:00) | leader（李雅宁） | "
                            + "ItemScoreRevised: audit 0455-2021-SE.1, item 5.2.2.1, 80.00% (was 87.50%), "
                            + "reason: 复核更正：记录不全\n")
                    .contains("  sequence 3 | 2021-06-07T10:03:00Z (2021-06-07 18:03:00 +08:00) | leader（李雅宁） | "
                            + "ItemMarkedNotApplicable: audit 0455-2021-SE.1, item 5.2.3.4, not applicable, "
                            + "reason: 无此工序\n")
                    .contains("  sequence 4 | 2021-06-07T10:04:00Z (2021-06-07 18:04:00 +08:00) | decider（王芳） | "
                            + "CertificateGranted: audit 0455-2021-SE.1, decision GRANT on 2021-07-01 by decider, "
                            + "grade FOUR_STAR, total 88.00, reason: 符合要求, certificate CTS-1 2021-07-01 to 2024-06-30\n")
                    .contains("  sequence 0 | 2021-06-07T10:00:00Z (2021-06-07 18:00:00 +08:00) | admin | AuditOpened: "
                            + "audit 0455-2021-SE.1, type INITIAL, scheme CTS-ISC-JSGF-06, version 1, organization 某某公司, "
                            + "on site 2021-06-07 to 2021-06-08\n");
            assertThat(run.out().indexOf("sequence 0 |")).isLessThan(run.out().indexOf("sequence 1 |"));
        }

        @Test
        void givesTheTimeOnTheZoneGiven() throws Exception {
            VerifierRun run = VerifierRun.of(write("bundle.json", withEnd(bundle(stream, 7, List.of()))).toString(),
                    "--key", publicKey.toString(), "--list", "--time-zone", "Europe/Berlin");
            assertThat(run.out()).contains("  sequence 1 | 2021-06-07T10:01:00Z (2021-06-07 12:01:00 +02:00) | ");
        }

        @Test
        void marksTheEventsItCouldNotProveAndListsThemWhateverTheVerdict() throws Exception {
            EvidenceBundle bundle = bundle(stream, 7, List.of());
            List<BundleEvent> events = new ArrayList<>(bundle.events());
            BundleEvent scored = events.get(1);
            events.set(1, new BundleEvent(scored.position(), scored.leafIndex(), scored.stream(), scored.aggregateId(),
                    scored.aggregateType(), scored.seq(), scored.eventId(), scored.timestamp(), scored.appendedAt(),
                    scored.payloadType(), scored.payloadRevision(), scored.payload().replace("87.50", "97.50"),
                    scored.metaData(), scored.prevHash(), scored.hash(), scored.inclusionProof()));
            VerifierRun run = VerifierRun.of(write("bundle.json", new EvidenceBundle(bundle.format(), bundle.subject(),
                    bundle.exportedAt(), bundle.publicKey(), bundle.treeHead(), events, 0, List.of())).toString(),
                    "--key", publicKey.toString(), "--list");
            assertThat(run.status()).isEqualTo(1);
            assertThat(run.out()).startsWith("FAILED").contains("  sequence 1 NOT PROVEN (its content does not match its "
                    + "hash; its inclusion proof fails) | 2021-06-07T10:01:00Z (2021-06-07 18:01:00 +08:00) | leader（李雅宁） | ItemScored: "
                    + "audit 0455-2021-SE.1, item 5.2.2.1, 97.50%\n").contains("  sequence 2 | ");
        }

        @Test
        void readsInChineseWithTheSchemesItemTextsAndTheChineseNamesOfGradesOutcomesAndTypes() throws Exception {
            VerifierRun run = VerifierRun.of(write("bundle.json", withEnd(bundle(stream, 7, List.of()))).toString(),
                    "--key", publicKey.toString(), "--list", "--lang", "zh");

            assertThat(run.status()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).startsWith("OK\n").contains("\n事件（共 5 个，按序号排列；记录时间，括号内为认证机构时区 "
                            + "Asia/Shanghai 的时间）：\n")
                    .contains("  序号 0 | 2021-06-07T10:00:00Z（2021-06-07 18:00:00 +08:00） | admin | AuditOpened（开启审查）："
                            + "审查 0455-2021-SE.1，审查类型 初次认证，认证方案 CTS-ISC-JSGF-06，方案版本 1，受审查方 某某公司，"
                            + "现场审查 2021-06-07 至 2021-06-08\n")
                    .contains("  序号 2 | 2021-06-07T10:02:00Z（2021-06-07 18:02:00 +08:00） | leader（李雅宁） | "
                            + "ItemScoreRevised（修改得分）：审查 0455-2021-SE.1，条款 5.2.2.1「根据商品的特点，在售出后提供及时、"
                            + "必要的安装和调试服务」，80.00%（原为 87.50%），理由：复核更正：记录不全\n")
                    // The scheme has no item 5.2.3.4 (配送 has two): its clause alone, as recorded.
                    .contains("  序号 3 | 2021-06-07T10:03:00Z（2021-06-07 18:03:00 +08:00） | leader（李雅宁） | "
                            + "ItemMarkedNotApplicable（标记不涉及）：审查 0455-2021-SE.1，条款 5.2.3.4，不涉及，理由：无此工序\n")
                    .contains("  序号 4 | 2021-06-07T10:04:00Z（2021-06-07 18:04:00 +08:00） | decider（王芳） | "
                            + "CertificateGranted（批准认证并颁发证书）：审查 0455-2021-SE.1，认证决定 批准认证，决定日期 2021-07-01，"
                            + "决定人 decider，等级 四星级，总分 88.00，理由：符合要求，证书 CTS-1 2021-07-01 至 2024-06-30\n")
                    .doesNotContain("sequence").doesNotContain("reason");
        }

        @Test
        void shortensALongItemTextInChinese() throws Exception {
            // 5.2.2.3's text runs to 57 characters: the line shows its first 30.
            stream = new ArrayList<>(stream.subList(0, 1));
            StoredEvent scored = new StoredEvent(PROJECT, "Project", 1L, "event-1", JUNE_7_10_UTC + 60_000L,
                    JUNE_7_10_UTC + 60_005L, "org.certaudit.audit.ItemScored", null,
                    AUDIT + "\"clause\":\"5.2.2.3\",\"percent\":{\"value\":100}}", "{\"user\":\"leader\"}",
                    stream.get(0).hash());
            stream.add(scored);
            leaves.set(2, LogLeaf.leafHash(3, scored.hash()));

            VerifierRun run = VerifierRun.of(write("bundle.json", bundle(stream, 7, List.of())).toString(),
                    "--key", publicKey.toString(), "--list", "--lang", "zh");

            assertThat(run.out()).contains("ItemScored（评分）：审查 0455-2021-SE.1，条款 5.2.2.3「在商品有效期内为顾客提供持续的各类技术"
                    + "支持服务。对于有保养要…」，100%\n");
        }

        @Test
        void marksTheEventsItCouldNotProveInChinese() throws Exception {
            EvidenceBundle bundle = bundle(stream, 7, List.of());
            List<BundleEvent> events = new ArrayList<>(bundle.events());
            BundleEvent scored = events.get(1);
            events.set(1, new BundleEvent(scored.position(), scored.leafIndex(), scored.stream(), scored.aggregateId(),
                    scored.aggregateType(), scored.seq(), scored.eventId(), scored.timestamp(), scored.appendedAt(),
                    scored.payloadType(), scored.payloadRevision(), scored.payload().replace("87.50", "97.50"),
                    scored.metaData(), scored.prevHash(), scored.hash(), scored.inclusionProof()));
            VerifierRun run = VerifierRun.of(write("bundle.json", new EvidenceBundle(bundle.format(), bundle.subject(),
                    bundle.exportedAt(), bundle.publicKey(), bundle.treeHead(), events, 0, List.of())).toString(),
                    "--key", publicKey.toString(), "--list", "--lang", "zh");

            assertThat(run.status()).isEqualTo(1);
            assertThat(run.out()).startsWith("FAILED: 项目 0455-2021-SE 序号 1（位置 3）：内容与存储时的哈希值不符")
                    .contains("  序号 1 未证实（内容与哈希值不符；包含证明不成立） | 2021-06-07T10:01:00Z（2021-06-07 18:01:00 "
                            + "+08:00） | leader（李雅宁） | ItemScored（评分）：审查 0455-2021-SE.1，条款 5.2.2.1「根据商品的特点，"
                            + "在售出后提供及时、必要的安装和调试服务」，97.50%\n")
                    .contains("  序号 2 | ");
        }

        @Test
        void listsNothingWithoutTheOption() throws Exception {
            VerifierRun run = VerifierRun.of(write("bundle.json", withEnd(bundle(stream, 7, List.of()))).toString(),
                    "--key", publicKey.toString());
            assertThat(run.status()).isZero();
            assertThat(run.out()).doesNotContain("events (").doesNotContain("sequence 1 |").doesNotContain("5.2.2.1");
        }
    }

    /**
     * Every outcome in Chinese and in English, chosen by --lang or else by the machine's locale: the leading OK and
     * FAILED:, the exit status, ids, hashes and numbers alike in both.
     */
    @Nested
    class InChineseAndEnglish {

        @Test
        void saysOkForAnUntouchedBundleInEitherLanguageWithTheSameExitStatus() throws Exception {
            Path file = write("bundle.json", withEnd(bundle(stream, 7, List.of(4L))));
            Path keptHead = write("head.json", head(4));
            String signed = " signed " + Instant.ofEpochMilli(1_700_000_000_007L);

            VerifierRun chinese = VerifierRun.of(file.toString(), "--key", publicKey.toString(), "--tree-head",
                    keptHead.toString(), "--lang", "zh");
            VerifierRun english = VerifierRun.on(Locale.CHINA, file.toString(), "--key", publicKey.toString(),
                    "--tree-head", keptHead.toString(), "--lang", "en");

            assertThat(chinese.status()).as(chinese.out() + chinese.err()).isZero();
            assertThat(chinese.out()).startsWith("OK\n")
                    .contains("  已验证：树头（大小 7，签于 " + Instant.ofEpochMilli(1_700_000_000_007L) + "）由密钥 "
                            + Keys.keyId(key.getPublic()) + " 签名\n")
                    .contains("  已验证：项目 0455-2021-SE 的 5 个事件（序号 0 至 4）：哈希值由存储字段重新计算，链接无误\n")
                    .contains("  已验证：5 个事件中有 5 个已在树头（大小 7，签于 ")
                    .contains("  已验证：末尾已签名：树头（大小 7，签于 " + Instant.ofEpochMilli(1_700_000_000_007L) + "）下项目 "
                            + "0455-2021-SE 的最后一个事件为序号 4（叶节点 5），即证据包的最后一个事件，末尾没有缺失事件\n")
                    .contains("  已验证：证据包的树头是保存的树头（大小 4，签于 ")
                    .contains("  注：对象：项目 0455-2021-SE\n")
                    .doesNotContain("verified").doesNotContain(signed);
            assertThat(english.status()).as(english.out()).isZero();
            assertThat(english.out()).startsWith("OK\n").contains("  verified: 5 of 5 events proven in tree head of size 7"
                    + signed).doesNotContain("已验证");
        }

        @Test
        void saysInChineseThatCompletenessAtTheEndIsNotProvenAndExitsFour() throws Exception {
            VerifierRun run = VerifierRun.of(write("bundle.json", bundle(stream.subList(0, 3), 7, List.of())).toString(),
                    "--key", publicKey.toString(), "--lang", "zh");

            assertThat(run.status()).as(run.out()).isEqualTo(4);
            assertThat(run.out()).startsWith("OK（末尾完整性未证明：证据包没有签名的流末尾声明（在日志开始签署该声明之前导出，"
                    + "或声明已被删除）；请重新导出）\n").contains("  注：证据包没有签名的流末尾声明：其事件按导出时显示到序号 2，"
                    + "之后被截去的事件将无从发现；现在导出的证据包带有日志对项目 0455-2021-SE 的最后一个事件的签名声明\n");
        }

        @Test
        void saysInChineseThatWithoutTheKeyOnlyIntegrityIsVerifiedAndExitsThree() throws Exception {
            VerifierRun run = VerifierRun.of(write("bundle.json", withEnd(bundle(stream, 7, List.of()))).toString(),
                    "--lang", "zh");

            assertThat(run.status()).as(run.out()).isEqualTo(3);
            assertThat(run.out()).startsWith("OK（仅验证完整性；来源未验证：请用 --key 给出认证机构公布的公钥）\n")
                    .contains("  注：使用的是证据包自带的公钥（密钥标识 " + Keys.keyId(key.getPublic()) + "）：伪造后用另一密钥"
                            + "重新签名的证据包也会这样通过");
        }

        @Test
        void namesTheChangedEventInChineseWithTheSameHashesAndExitsOne() throws Exception {
            EvidenceBundle bundle = withEnd(bundle(stream, 7, List.of()));
            List<BundleEvent> events = new ArrayList<>(bundle.events());
            BundleEvent third = events.get(2);
            events.set(2, new BundleEvent(third.position(), third.leafIndex(), third.stream(), third.aggregateId(),
                    third.aggregateType(), third.seq(), third.eventId(), third.timestamp(), third.appendedAt(),
                    third.payloadType(), third.payloadRevision(), third.payload().replace("87.50", "97.50"),
                    third.metaData(), third.prevHash(), third.hash(), third.inclusionProof()));
            String recomputed = events.get(2).storedEvent().hash();
            Path file = write("bundle.json", new EvidenceBundle(bundle.format(), bundle.subject(), bundle.exportedAt(),
                    bundle.publicKey(), bundle.treeHead(), events, 0, List.of(), bundle.streamEnd()));

            VerifierRun chinese = VerifierRun.of(file.toString(), "--key", publicKey.toString(), "--lang", "zh");
            VerifierRun english = VerifierRun.of(file.toString(), "--key", publicKey.toString());

            assertThat(chinese.status()).isEqualTo(1);
            assertThat(chinese.out()).startsWith("FAILED: 项目 0455-2021-SE 序号 2（位置 4）：内容与存储时的哈希值不符（重新计算为 "
                            + recomputed + "，存储的是 " + third.hash() + "）\n")
                    .contains("  另：项目 0455-2021-SE 序号 2（位置 4）：未能在树头（大小 7，签于 ")
                    .contains("的叶节点 3 处证明：包含证明导出的根与树头的根不同\n")
                    .contains("  另：项目 0455-2021-SE 序号 3（位置 5）：前一哈希值 " + third.hash() + " 不是序号 2 的哈希值（"
                            + recomputed + "）：哈希链断裂\n")
                    .contains("  仍成立：5 个事件中有 4 个已在树头（大小 7，签于 ")
                    .doesNotContain("哈希值由存储字段重新计算");
            assertThat(english.status()).isEqualTo(1);
            assertThat(english.out()).startsWith("FAILED: project 0455-2021-SE, sequence 2, position 4: its content does not "
                    + "match the hash it was stored with (recomputed " + recomputed + ", stored " + third.hash() + ")\n")
                    .contains("  also: project 0455-2021-SE, sequence 2, position 4: not proven in tree head of size 7 signed ")
                    .contains("at leaf 3: the inclusion proof leads to another root than the tree head's\n");
        }

        @Test
        void speaksTheLanguageOfTheMachinesLocaleWithoutTheOption() throws Exception {
            String file = write("bundle.json", withEnd(bundle(stream, 7, List.of()))).toString();

            VerifierRun china = VerifierRun.on(Locale.CHINA, file, "--key", publicKey.toString());
            VerifierRun taiwan = VerifierRun.on(Locale.TRADITIONAL_CHINESE, file, "--key", publicKey.toString());
            VerifierRun chinese = VerifierRun.on(Locale.forLanguageTag("zh-Hans-SG"), file, "--key", publicKey.toString());
            VerifierRun us = VerifierRun.on(Locale.US, file, "--key", publicKey.toString());
            VerifierRun germany = VerifierRun.on(Locale.GERMANY, file, "--key", publicKey.toString());

            for (VerifierRun run : List.of(china, taiwan, chinese)) {
                assertThat(run.status()).as(run.out()).isZero();
                assertThat(run.out()).startsWith("OK\n  已验证：树头（大小 7");
            }
            for (VerifierRun run : List.of(us, germany)) {
                assertThat(run.status()).as(run.out()).isZero();
                assertThat(run.out()).startsWith("OK\n  verified: tree head of size 7");
            }
            assertThat(VerifierRun.on(Locale.CHINA, "--help").out()).startsWith("用法：").contains("退出状态：");
            assertThat(VerifierRun.on(Locale.CHINA, "--help", "--lang", "en").out()).startsWith("usage:")
                    .contains("--lang        the language of what it prints: zh (Chinese) or en (English)");
        }

        @Test
        void refusesAnUnknownLanguageAsAUsageErrorInTheLocalesLanguage() throws Exception {
            String file = write("bundle.json", withEnd(bundle(stream, 7, List.of()))).toString();

            VerifierRun french = VerifierRun.on(Locale.US, file, "--key", publicKey.toString(), "--lang", "fr");
            VerifierRun inChina = VerifierRun.on(Locale.CHINA, file, "--key", publicKey.toString(), "--lang", "zh-CN");
            VerifierRun none = VerifierRun.on(Locale.US, file, "--key", publicKey.toString(), "--lang");

            assertThat(french.status()).isEqualTo(Verdict.UNREADABLE);
            assertThat(french.out()).isEmpty();
            assertThat(french.err()).startsWith("ledger-verifier: --lang needs zh or en, was 'fr'\nusage: ");
            assertThat(inChina.status()).isEqualTo(Verdict.UNREADABLE);
            assertThat(inChina.out()).isEmpty();
            assertThat(inChina.err()).startsWith("ledger-verifier: --lang 须为 zh 或 en，实为“zh-CN”\n用法：");
            assertThat(none.status()).isEqualTo(Verdict.UNREADABLE);
            assertThat(none.err()).startsWith("ledger-verifier: --lang needs a value\n");
        }

        @Test
        void saysWhatIsWrongWithTheArgumentsAndFilesInTheLanguageGivenAfterThem() throws Exception {
            Path empty = Files.writeString(dir.resolve("empty.json"), "");

            VerifierRun unexpected = VerifierRun.of("--verbose", "--lang", "zh");
            VerifierRun emptyBundle = VerifierRun.of(empty.toString(), "--lang", "zh");
            VerifierRun badZone = VerifierRun.of(empty.toString(), "--time-zone", "Mars/Olympus", "--lang", "zh");

            assertThat(unexpected.status()).isEqualTo(2);
            assertThat(unexpected.err()).startsWith("ledger-verifier: 多余的参数“--verbose”\n用法：");
            assertThat(emptyBundle.status()).isEqualTo(2);
            assertThat(emptyBundle.err().strip()).isEqualTo("ledger-verifier: 证据包文件 " + empty + " 为空；请重新下载");
            assertThat(badZone.err()).startsWith("ledger-verifier: --time-zone 需要时区标识，例如 Asia/Shanghai，实为“Mars/Olympus”");
        }
    }

    @Test
    void writesChineseWhereTheSystemsCharsetCannot() {
        assertThat(LedgerVerifier.outputCharset(StandardCharsets.US_ASCII)).isEqualTo(StandardCharsets.UTF_8);
        assertThat(LedgerVerifier.outputCharset(Charset.forName("GBK"))).isEqualTo(Charset.forName("GBK"));
        assertThat(LedgerVerifier.outputCharset(StandardCharsets.UTF_8)).isEqualTo(StandardCharsets.UTF_8);
    }

    @Test
    void refusesATreeHeadSignedByAnotherKey() throws Exception {
        Path otherKey = Files.writeString(dir.resolve("other.pem"), Keys.publicKeyPem(Keys.generate().getPublic()));
        VerifierRun run = VerifierRun.of(write("bundle.json", bundle(stream, 7, List.of())).toString(), "--key", otherKey.toString());
        assertThat(run.status()).isEqualTo(1);
        assertThat(run.out()).startsWith("FAILED: the bundle names another public key");
    }

    @Test
    void withoutTheKeySaysThatTheOriginIsNotProvenAndExitsThree() throws Exception {
        Path file = write("bundle.json", withEnd(bundle(stream, 7, List.of())));

        VerifierRun run = VerifierRun.of(file.toString());
        VerifierRun withKey = VerifierRun.of(file.toString(), "--key", publicKey.toString());

        assertThat(run.status()).as(run.out()).isEqualTo(3);
        assertThat(run.out()).startsWith("OK (integrity only; origin NOT verified: pass --key with the certification "
                + "body's published key)\n").contains("note: the bundle's own public key was used");
        assertThat(withKey.status()).as(withKey.out()).isZero();
        assertThat(withKey.out()).startsWith("OK\n");
        assertThat(VerifierRun.of("--help").out()).contains("3 every check held but without --key");
    }

    @Test
    void exitsTwoWithTheUsageWhenTheInputCannotBeRead() throws Exception {
        assertThat(VerifierRun.of().status()).isEqualTo(2);
        assertThat(VerifierRun.of(dir.resolve("missing.json").toString()).status()).isEqualTo(2);
        VerifierRun garbage = VerifierRun.of(Files.writeString(dir.resolve("garbage.json"), "not json").toString());
        assertThat(garbage.status()).isEqualTo(2);
        assertThat(garbage.err()).contains("the bundle file " + dir.resolve("garbage.json") + " is not JSON: ")
                .contains("at line 1 column");
    }

    @Nested
    class AFileThatIsNotWhatItShouldBe {

        @Test
        void isSaidToBeCutShortWithWhereItEndsWhenADownloadStopped() throws Exception {
            String whole = Canonical.mapper().writeValueAsString(bundle(stream, 7, List.of()));
            Path cut = Files.writeString(dir.resolve("cut.json"), whole.substring(0, 1000));

            VerifierRun run = VerifierRun.of(cut.toString(), "--key", publicKey.toString());

            assertThat(run.status()).isEqualTo(2);
            assertThat(run.err().strip()).isEqualTo("ledger-verifier: the bundle file " + cut + " is not complete JSON: it "
                    + "ends at line 1 column 1001; download it again");
            assertThat(run.out()).isEmpty();
        }

        @Test
        void isSaidToBeEmptyOrJsonOfAnotherShapeNamingTheMember() throws Exception {
            VerifierRun empty = VerifierRun.of(Files.writeString(dir.resolve("empty.json"), "").toString());
            VerifierRun shape = VerifierRun.of(Files.writeString(dir.resolve("shape.json"),
                    "{\"format\":\"certaudit-evidence/1\",\"events\":[{\"seq\":\"seven\"}]}").toString());
            Path bundle = write("bundle.json", bundle(stream, 7, List.of()));
            Path head = Files.writeString(dir.resolve("head.json"), "{\"treeSize\":4,\"rootHash\":\"ab");
            VerifierRun cutHead = VerifierRun.of(bundle.toString(), "--key", publicKey.toString(), "--tree-head",
                    head.toString());

            assertThat(empty.status()).isEqualTo(2);
            assertThat(empty.err()).contains("empty.json is empty; download it again");
            assertThat(shape.status()).isEqualTo(2);
            assertThat(shape.err()).contains("shape.json is JSON but not a bundle: at events[0].seq: ")
                    .doesNotContain("org.certaudit");
            assertThat(cutHead.status()).isEqualTo(2);
            assertThat(cutHead.err()).contains("the tree head file " + head + " is not complete JSON: it ends at line 1");
        }
    }

    /** A bundle edited into one the verifier read and then crashed on: each is a file of the wrong shape, exit 2. */
    @Nested
    class ABundleWithNullWhereAListOrItsEntriesBelong {

        private VerifierRun verify(String name, Consumer<ObjectNode> edit,
                                   String... more) throws Exception {
            ObjectNode node = Canonical.mapper().valueToTree(
                    withEnd(bundle(stream, 7, List.of(3L))));
            edit.accept(node);
            List<String> args = new ArrayList<>(List.of(write(name, node.toString()).toString(), "--key",
                    publicKey.toString()));
            args.addAll(List.of(more));
            return VerifierRun.of(args.toArray(String[]::new));
        }

        @Test
        void noEventsIsNotABundle() throws Exception {
            VerifierRun run = verify("no-events.json", node -> node.putNull("events"));

            assertThat(run.status()).isEqualTo(2);
            assertThat(run.err()).contains("no-events.json is JSON but not a bundle").contains("events");
            assertThat(run.out()).isEmpty();
        }

        @Test
        void aNullEventIsNotABundle() throws Exception {
            VerifierRun run = verify("null-event.json", node -> node.withArray("events").insertNull(0));

            assertThat(run.status()).isEqualTo(2);
            assertThat(run.err()).contains("null-event.json is JSON but not a bundle").contains("events");
            assertThat(run.out()).isEmpty();
        }

        @Test
        void aNullConsistencyProofIsNotABundle() throws Exception {
            Path kept = Files.writeString(dir.resolve("kept.json"), head(3));

            VerifierRun run = verify("null-proof.json", node -> node.withArray("consistency").insertNull(0),
                    "--tree-head", kept.toString());

            assertThat(run.status()).isEqualTo(2);
            assertThat(run.err()).contains("null-proof.json is JSON but not a bundle").contains("consistency");
            assertThat(run.out()).isEmpty();
        }
    }

    /** {@code bundle} with the stream end the log signs at export: its last event, under its tree head. */
    private EvidenceBundle withEnd(EvidenceBundle bundle) {
        return bundle.withStreamEnd(SignedStreamEnd.sign(bundle.subject(), bundle.treeHead().treeSize(),
                bundle.treeHead().rootHash(), bundle.events().get(bundle.events().size() - 1), bundle.pending(),
                1_700_000_000_100L, key.getPrivate(), key.getPublic()));
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
