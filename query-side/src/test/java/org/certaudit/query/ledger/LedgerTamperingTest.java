package org.certaudit.query.ledger;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.ItemScored;
import org.certaudit.audit.PledgeSigned;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.ledger.EventDocuments;
import org.certaudit.ledger.bundle.EvidenceBundle;
import org.certaudit.ledger.log.MongoLog;
import org.certaudit.ledger.treehead.SignedTreeHead;
import org.certaudit.ledger.verifier.BundleVerifier;
import org.certaudit.ledger.verifier.StoreVerifier;
import org.certaudit.ledger.verifier.Verdict;
import org.certaudit.query.AuditFixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Changes the store behind the application's back, one way per case, and expects both the whole-store
 * verifier and the verifier of an evidence bundle exported afterwards to fail, naming the event (project,
 * sequence, position) or, where only the tree head a regulator kept can tell, the tree head. The number of
 * cases is printed at the end.
 */
class LedgerTamperingTest {

    static final String P = "0455-2021-SE";
    static final String Q = "0001-2026-SE";
    /** The event every single-field case changes: P's sequence 4, an ItemScored. */
    static final long TARGET_SEQ = 4;
    private static final Set<String> DETECTED = ConcurrentHashMap.newKeySet();
    private static final Set<String> CASES = ConcurrentHashMap.newKeySet();
    private static final String ZEROS = "0".repeat(64);

    @TempDir
    Path keyDir;
    private LedgerHarness store;
    private SignedTreeHead kept;
    private long skipped;

    @BeforeEach
    void storeWithTwoProjectsLoggedAndAHeadTheRegulatorKept() {
        fresh();
    }

    /** A fresh store; dynamic tests call it themselves, since @BeforeEach runs once for the whole factory. */
    private void fresh() {
        if (store != null) {
            store.close();
        }
        store = new LedgerHarness(keyDir.resolve(UUID.randomUUID().toString()), 1);
        AuditId p = AuditId.of(new ProjectNumber(P), 1);
        AuditId q = AuditId.of(new ProjectNumber(Q), 1);
        store.append(List.of(AuditFixtures.opened(p, AuditType.INITIAL, null, LocalDate.of(2021, 6, 5), LocalDate.of(2021, 6, 7)),
                             new TeamMemberAssigned(p, AuditFixtures.leader()),
                             new PledgeSigned(p, "A", LocalDate.of(2021, 6, 5))));
        store.append(List.of(AuditFixtures.opened(q, AuditType.INITIAL, null, LocalDate.of(2026, 3, 2), LocalDate.of(2026, 3, 3))));
        store.append(List.of(new ItemScored(p, "5.2.1.1", org.certaudit.scheme.Percent.of("80"), "records complete"),
                             new ItemScored(p, "5.2.2.3", org.certaudit.scheme.Percent.of("87.50"), "维修记录齐全")));
        skipped = store.skipPosition();
        store.append(List.of(new ItemScored(q, "5.2.1.1", org.certaudit.scheme.Percent.of("60"), "partly"),
                             new ItemScored(p, "5.2.2.4", org.certaudit.scheme.Percent.of("100"), "complete"),
                             new ItemScored(p, "5.2.2.5", org.certaudit.scheme.Percent.of("75"), "some gaps")));
        store.log.catchUp();
        kept = store.log.signIfDue(true);
        assertThat(kept.treeSize()).isEqualTo(9);
    }

    @AfterEach
    void close() {
        store.close();
        store = null;
    }

    @AfterAll
    static void count() {
        System.out.printf("LedgerTamperingTest: %d of %d tampering cases detected by both verifiers%n",
                          DETECTED.size(), CASES.size());
        assertThat(DETECTED).containsExactlyInAnyOrderElementsOf(CASES);
    }

    @Test
    void anUntouchedStoreAndItsBundleVerify() throws Exception {
        Verdict whole = StoreVerifier.verify(store.database, store.key.publicKey(), kept);
        assertThat(whole.problems()).isEmpty();
        EvidenceBundle bundle = store.exportProject(P, List.of(kept.treeSize()));
        assertThat(bundle.events()).hasSize(7);
        Verdict verdict = BundleVerifier.verify(bundle, store.key.publicKey(), kept);
        assertThat(verdict.problems()).isEmpty();
        assertThat(verdict.verified()).anySatisfy(line -> assertThat(line).contains("7 of 7 events proven"));
    }

    @TestFactory
    Stream<DynamicTest> everyFieldOfAStoredEventChangedInTheStoreIsNamed() {
        Map<String, Bson> changes = new LinkedHashMap<>();
        changes.put("eventId", Updates.set("eventId", UUID.randomUUID().toString()));
        changes.put("stream", Updates.set("stream", EventDocuments.streamKey(P, 40)));
        changes.put("aggregateId", Updates.set("aggregateId", "0455-2021-SX"));
        changes.put("aggregateType", Updates.set("aggregateType", "Audit"));
        changes.put("seq", Updates.set("seq", 40L));
        changes.put("timestamp", Updates.set("timestamp", new Date(1_622_534_400_001L)));
        changes.put("appendedAt", Updates.set("appendedAt", new Date(1_622_534_400_001L)));
        changes.put("payloadType", Updates.set("payloadType", "org.certaudit.audit.ItemScoreRevised"));
        changes.put("payloadRevision", Updates.set("payloadRevision", "2"));
        changes.put("payload", null);
        changes.put("metaData", Updates.set("metaData", "{\"user\":\"admin\"}"));
        changes.put("prevHash", Updates.set("prevHash", ZEROS));
        changes.put("hash", Updates.set("hash", ZEROS));
        List<DynamicTest> tests = new ArrayList<>();
        changes.forEach((field, change) -> tests.add(DynamicTest.dynamicTest("field " + field, () -> {
            fresh();
            Document target = store.event(P, TARGET_SEQ);
            long position = EventDocuments.position(target);
            Bson update = change != null ? change
                    : Updates.set("payload", target.getString("payload").replace("87.5", "97.5"));
            assertThat(field.equals("payload") ? target.getString("payload") : "87.5").contains("87.5");
            store.events().updateOne(Filters.eq("_id", position), update);
            expectNamed("field " + field, "position " + position + "\\b", "position " + position + "\\b");
        })));
        tests.add(DynamicTest.dynamicTest("field _id (the position)", () -> {
            fresh();
            Document target = store.event(P, TARGET_SEQ);
            store.events().deleteOne(Filters.eq("_id", target.get("_id")));
            target.put("_id", 1_000L);
            store.events().insertOne(target);
            expectNamed("field _id", "sequence 4\\b", "sequence 4, position 1000\\b");
        }));
        return tests.stream();
    }

    @Test
    void aDeletedEventIsNamed() throws Exception {
        Document target = store.event(P, TARGET_SEQ);
        store.events().deleteOne(Filters.eq("_id", target.get("_id")));
        expectNamed("delete an event", "position " + target.get("_id") + " \\(project " + P + ", sequence 4\\b",
                    "sequence 4 is missing");
    }

    @Test
    void aForgedEventInsertedAtAPositionTheLogPassedIsNamed() throws Exception {
        // The log's reader marked the skipped position abandoned; once a later event is logged, its token has
        // passed that position for good (before that, an open gap is filled by whatever lands there).
        store.append(List.of(new ItemScored(AuditId.of(new ProjectNumber(Q), 1), "5.2.1.2",
                                            org.certaudit.scheme.Percent.of("70"), "later")));
        store.log.catchUp();
        Document last = store.event(P, 6);
        Document forged = new Document(last);
        forged.put("_id", skipped);
        forged.put("eventId", UUID.randomUUID().toString());
        forged.put("seq", 7L);
        forged.put("stream", EventDocuments.streamKey(P, 7));
        forged.put("payload", last.getString("payload").replace("5.2.2.5", "5.2.2.6"));
        EventDocuments.complete(forged, last.getString("hash"));
        // A forger replaces the marker.
        store.events().deleteOne(Filters.eq("_id", skipped));
        store.events().insertOne(forged);
        expectNamed("insert a forged event", "sequence 7, position " + skipped + "\\b", "sequence 7, position " + skipped + "\\b");
    }

    @Test
    void twoSwappedEventsAreNamed() throws Exception {
        Document third = store.event(P, 3);
        Document fifth = store.event(P, 5);
        Object thirdPosition = third.get("_id");
        store.events().deleteMany(Filters.in("_id", List.of(thirdPosition, fifth.get("_id"))));
        third.put("_id", fifth.get("_id"));
        fifth.put("_id", thirdPosition);
        store.events().insertMany(List.of(third, fifth));
        expectNamed("swap two events", "sequence [35], position", "sequence [35], position");
    }

    @Test
    void aStreamRewrittenWithAFreshConsistentChainIsNamedByTheLog() throws Exception {
        rewriteStreamFrom(2);
        assertThat(StoreVerifier.verify(store.database, store.key.publicKey(), null).problems())
                .as("the chain itself is consistent: only the log can tell")
                .noneMatch(problem -> problem.contains("chain is broken") || problem.contains("does not match the hash"));
        expectNamed("rewrite a stream with a consistent chain", "sequence 2, position", "sequence 2, position");
    }

    @Test
    void aStreamRewrittenAndTheWholeLogRebuiltAndSignedAgainIsCaughtByTheKeptTreeHead() throws Exception {
        rewriteStreamFrom(2);
        for (String collection : List.of(MongoLog.LEAVES, MongoLog.NODES, MongoLog.HEADS, TransparencyLog.STATE)) {
            store.database.getCollection(collection).drop();
        }
        TransparencyLog rebuilt = new TransparencyLog(store.engine, store.database, store.key,
                new LedgerProperties(true, null, null, keyDir, 1, java.time.Duration.ofHours(1), java.time.Duration.ofSeconds(1), 500),
                java.time.Clock.systemUTC());
        rebuilt.catchUp();
        assertThat(StoreVerifier.verify(store.database, store.key.publicKey(), null).problems())
                .as("without the kept head the rebuilt log is consistent in itself").isEmpty();
        Verdict whole = StoreVerifier.verify(store.database, store.key.publicKey(), kept);
        EvidenceBundle bundle = new EvidenceBundles(rebuilt, store.database).project(new ProjectNumber(P), List.of(kept.treeSize()));
        Verdict ofBundle = BundleVerifier.verify(bundle, store.key.publicKey(), kept);
        record("rewrite a stream and the whole log, signed again", whole, ofBundle, "kept tree head", "kept");
    }

    @Test
    void aTruncatedLogIsCaughtByTheKeptTreeHead() throws Exception {
        long keep = 6;
        store.database.getCollection(MongoLog.LEAVES).deleteMany(Filters.gte("_id", keep));
        store.database.getCollection(MongoLog.HEADS).deleteMany(Filters.gt("_id", keep));
        for (Document node : store.database.getCollection(MongoLog.NODES).find()) {
            String[] key = node.getString("_id").split("/");
            if ((Long.parseLong(key[1]) + 1) << Integer.parseInt(key[0]) > keep) {
                store.database.getCollection(MongoLog.NODES).deleteOne(Filters.eq("_id", node.get("_id")));
            }
        }
        TransparencyLog restarted = new TransparencyLog(store.engine, store.database, store.key,
                new LedgerProperties(true, null, null, keyDir, 1, java.time.Duration.ofHours(1), java.time.Duration.ofSeconds(1), 500),
                java.time.Clock.systemUTC());
        Verdict whole = StoreVerifier.verify(store.database, store.key.publicKey(), kept);
        EvidenceBundle bundle = new EvidenceBundles(restarted, store.database).project(new ProjectNumber(P), List.of());
        assertThat(bundle.treeHead().treeSize()).isEqualTo(keep);
        Verdict ofBundle = BundleVerifier.verify(bundle, store.key.publicKey(), kept);
        record("truncate the log", whole, ofBundle, "the log was truncated", "the log was truncated");
    }

    /** Changes the payload of sequence {@code from} and computes every hash of the stream again from there. */
    private void rewriteStreamFrom(long from) {
        List<Document> stream = store.stream(P);
        String previous = stream.get((int) from - 1).getString("hash");
        for (Document document : stream.subList((int) from, stream.size())) {
            if (document.getLong("seq") == from) {
                document.put("payload", document.getString("payload").replace("\"A\"", "\"B\""));
            }
            previous = EventDocuments.complete(document, previous);
            store.events().replaceOne(Filters.eq("_id", document.get("_id")), document);
        }
    }

    private void expectNamed(String kase, String storePattern, String bundlePattern) throws Exception {
        Verdict whole = StoreVerifier.verify(store.database, store.key.publicKey(), kept);
        EvidenceBundle bundle = store.exportProject(P, List.of(kept.treeSize()));
        Verdict ofBundle = BundleVerifier.verify(bundle, store.key.publicKey(), kept);
        record(kase, whole, ofBundle, storePattern, bundlePattern);
    }

    private static void record(String kase, Verdict whole, Verdict ofBundle, String storePattern, String bundlePattern) {
        CASES.add(kase);
        assertThat(whole.ok()).as("%s: the store verifier fails", kase).isFalse();
        assertThat(whole.firstProblem()).as("%s: the store verifier names it", kase).containsPattern(storePattern);
        assertThat(ofBundle.ok()).as("%s: the bundle verifier fails", kase).isFalse();
        assertThat(ofBundle.firstProblem()).as("%s: the bundle verifier names it", kase).containsPattern(bundlePattern);
        DETECTED.add(kase);
    }
}
