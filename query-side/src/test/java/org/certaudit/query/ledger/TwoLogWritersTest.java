package org.certaudit.query.ledger;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.ItemScored;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.eventstore.MongoEventStorageEngine;
import org.certaudit.ledger.Canonical;
import org.certaudit.ledger.EventDocuments;
import org.certaudit.ledger.log.LeafEntry;
import org.certaudit.ledger.log.MongoLog;
import org.certaudit.ledger.merkle.MerkleProofs;
import org.certaudit.ledger.treehead.SignedTreeHead;
import org.certaudit.ledger.verifier.StoreVerifier;
import org.certaudit.ledger.verifier.Verdict;
import org.certaudit.query.AuditFixtures;
import org.certaudit.scheme.Percent;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two query-side instances hosting the transparency log against one store (issue #13): two {@link TransparencyLog}s,
 * each with its own engine and its own view of the log, follow the store while events are appended and race for every
 * leaf and head. Afterwards the log holds each event once, in the store's position order, every signed head verifies,
 * matches the tree rebuilt from the events and from the stored nodes, and extends the one before it.
 */
class TwoLogWritersTest {

    static final List<AuditId> AUDITS = List.of(AuditId.of(new ProjectNumber("7321-2026-SE"), 1),
                                                AuditId.of(new ProjectNumber("7322-2026-SE"), 1),
                                                AuditId.of(new ProjectNumber("7323-2026-SE"), 1));
    static final int EVENTS = 300;

    @TempDir
    Path keyDir;
    private LedgerHarness store;

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void twoInstancesRacingOverOneStoreLogEachEventOnceInPositionOrderUnderHeadsThatAllVerifyAndAgree() throws Exception {
        // Small batches and a head every 5 leaves: many appends and signatures to race for.
        store = new LedgerHarness(keyDir, 5, 3, Duration.ofSeconds(10));
        MongoEventStorageEngine secondEngine = MongoEventStorageEngine.builder().database(store.database)
                .eventSerializer(JacksonSerializer.builder().objectMapper(LedgerHarness.JSON).build())
                .snapshotSerializer(JacksonSerializer.builder().objectMapper(LedgerHarness.JSON).build())
                .createIndexes(false).build();
        TransparencyLog first = store.log;
        TransparencyLog second = new TransparencyLog(secondEngine, store.database, store.key, store.properties,
                                                     Clock.systemUTC());

        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService threads = Executors.newFixedThreadPool(3);
        List<Future<?>> running = new ArrayList<>();
        for (TransparencyLog log : List.of(first, second)) {
            running.add(threads.submit(() -> {
                while (writing.get()) {
                    log.catchUp();
                }
                log.catchUp();
                return null;
            }));
        }
        running.add(threads.submit(() -> {
            try {
                for (int i = 0; i < EVENTS; i++) {
                    store.append(List.of(event(i)));
                }
            } finally {
                writing.set(false);
            }
            return null;
        }));
        for (Future<?> done : running) {
            done.get(180, TimeUnit.SECONDS);
        }
        threads.shutdown();
        first.catchUp();
        second.catchUp();

        List<Document> events = store.events().find().sort(Sorts.ascending("_id")).into(new ArrayList<>());
        List<LeafEntry> leaves = new MongoLog(store.database).allLeaves();
        assertThat(events).hasSize(EVENTS);
        assertThat(leaves).as("one leaf per event, in position order")
                .extracting(LeafEntry::position)
                .containsExactlyElementsOf(events.stream().map(EventDocuments::position).toList());
        assertThat(leaves).extracting(LeafEntry::eventHash)
                .containsExactlyElementsOf(events.stream().map(event -> event.getString(EventDocuments.HASH)).toList());

        Verdict verdict = StoreVerifier.verify(store.database, store.key.publicKey(), null);
        assertThat(verdict.problems()).as(verdict.report()).isEmpty();

        MongoLog fresh = new MongoLog(store.database);
        List<SignedTreeHead> heads = new ArrayList<>(fresh.heads(null, Integer.MAX_VALUE));
        Collections.reverse(heads);
        assertThat(heads).hasSizeGreaterThan(EVENTS / 5 / 2);
        SignedTreeHead previous = null;
        for (SignedTreeHead head : heads) {
            assertThat(head.verifies(store.key.publicKey())).as("head of size %d", head.treeSize()).isTrue();
            assertThat(Canonical.hex(fresh.tree().root(head.treeSize()))).as("stored nodes under head %d", head.treeSize())
                    .isEqualTo(head.rootHash());
            if (previous != null && previous.treeSize() > 0) {
                MerkleProofs.verifyConsistency(previous.treeSize(), head.treeSize(), previous.rootHashBytes(),
                                               head.rootHashBytes(),
                                               fresh.tree().consistencyProof(previous.treeSize(), head.treeSize()));
            }
            previous = head;
        }
        assertThat(first.store().latestHead()).isEqualTo(second.store().latestHead());
        System.out.printf("TwoLogWritersTest: %d events, %d leaves, %d signed heads, appends that lost the race: %d and %d%n",
                          events.size(), leaves.size(), heads.size(), first.lostRaces(), second.lostRaces());
    }

    private static AuditEvent event(int i) {
        AuditId audit = AUDITS.get(i % AUDITS.size());
        if (i < AUDITS.size()) {
            return AuditFixtures.opened(audit, AuditType.INITIAL, null, AuditFixtures.SEED_ON_SITE_FROM,
                                        AuditFixtures.SEED_ON_SITE_TO);
        }
        return new ItemScored(audit, "5.2.1." + (i % 9 + 1), Percent.of(60 + i % 40), "checked " + i);
    }
}
