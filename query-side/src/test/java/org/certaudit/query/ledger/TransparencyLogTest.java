package org.certaudit.query.ledger;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.ItemScored;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.eventstore.EventChainMigration;
import org.certaudit.ledger.Canonical;
import org.certaudit.ledger.EventDocuments;
import org.certaudit.ledger.LogLeaf;
import org.certaudit.ledger.log.LeafEntry;
import org.certaudit.ledger.merkle.InMemoryNodes;
import org.certaudit.ledger.merkle.MerkleTree;
import org.certaudit.ledger.treehead.SignedTreeHead;
import org.certaudit.ledger.verifier.StoreVerifier;
import org.certaudit.query.AuditFixtures;
import org.certaudit.scheme.Percent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TransparencyLogTest {

    static final AuditId AUDIT = AuditId.of(new ProjectNumber("0455-2021-SE"), 1);

    @TempDir
    Path keyDir;
    private LedgerHarness store;

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void signsATreeHeadOnceEveryNEventsWereLoggedAndEachMatchesTheLeaves() {
        store = new LedgerHarness(keyDir, 3, 2, Duration.ZERO);
        store.append(AuditFixtures.openedThenScored(AUDIT, 0, 7));

        store.log.catchUp();

        List<SignedTreeHead> heads = store.log.store().heads(null, 10);
        assertThat(heads).extracting(SignedTreeHead::treeSize).containsExactly(6L, 2L);
        MerkleTree rebuilt = new MerkleTree(new InMemoryNodes(leafHashes()));
        for (SignedTreeHead head : heads) {
            assertThat(head.verifies(store.key.publicKey())).isTrue();
            assertThat(head.rootHash()).isEqualTo(Canonical.hex(rebuilt.root(head.treeSize())));
        }
        assertThat(store.log.store().size()).isEqualTo(7);
    }

    @Test
    void continuesAfterARestartAndALostTokenWithoutLoggingAnEventTwice() {
        store = new LedgerHarness(keyDir, 1);
        store.append(AuditFixtures.openedThenScored(AUDIT, 0, 4));
        store.log.catchUp();
        store.database.getCollection(TransparencyLog.STATE).drop();

        TransparencyLog restarted = new TransparencyLog(store.engine, store.database, store.key, store.properties, Clock.systemUTC());
        restarted.catchUp();
        store.append(List.of(new ItemScored(AUDIT, "5.3.1.1", Percent.of(70), "after the restart")));
        restarted.catchUp();

        assertThat(restarted.store().size()).isEqualTo(5);
        assertThat(restarted.store().allLeaves()).extracting(LeafEntry::position).doesNotHaveDuplicates().hasSize(5);
        assertThat(StoreVerifier.verify(store.database, store.key.publicKey(), null).problems()).isEmpty();
    }

    @Test
    void logsAnEventWhosePositionWasAGapWhenItLandsLate() {
        store = new LedgerHarness(keyDir, 1, 500, Duration.ofMinutes(1));
        store.append(AuditFixtures.openedThenScored(AUDIT, 0, 2));
        long gap = store.skipPosition();
        store.append(List.of(new ItemScored(AUDIT, "5.3.1.2", Percent.of(60), "after the gap")));
        store.log.catchUp();
        assertThat(store.log.store().size()).isEqualTo(3);

        Document late = new Document(store.event("0455-2021-SE", 0));
        late.put("_id", gap);
        late.put("eventId", UUID.randomUUID().toString());
        late.put("aggregateId", "0009-2026-SE");
        late.put("stream", EventDocuments.streamKey("0009-2026-SE", 0));
        EventDocuments.complete(late, null);
        store.events().insertOne(late);
        store.log.catchUp();

        assertThat(store.log.store().size()).isEqualTo(4);
        assertThat(store.log.store().leafAt(3).orElseThrow().position()).as("logged after the later position").isEqualTo(gap);
        assertThat(StoreVerifier.verify(store.database, store.key.publicKey(), null).problems()).isEmpty();
    }

    @Test
    void waitsForTheChainMigrationBeforeLoggingEventsStoredBeforeTheLedger() {
        store = new LedgerHarness(keyDir, 1);
        store.append(AuditFixtures.openedThenScored(AUDIT, 0, 3));
        store.events().updateMany(new Document(), Updates.combine(Updates.unset("hash"), Updates.unset("prevHash")));

        store.log.catchUp();
        assertThat(store.log.store().size()).isZero();

        assertThat(new EventChainMigration(store.database).run()).isEqualTo(3);
        store.log.catchUp();
        assertThat(store.log.store().size()).isEqualTo(3);
        assertThat(StoreVerifier.verify(store.database, store.key.publicKey(), null).problems()).isEmpty();
    }

    private List<byte[]> leafHashes() {
        List<byte[]> hashes = new ArrayList<>();
        for (LeafEntry leaf : store.log.store().allLeaves()) {
            Document event = store.events().find(Filters.eq("_id", leaf.position())).first();
            hashes.add(LogLeaf.leafHash(leaf.position(), EventDocuments.storedEvent(event).hash()));
        }
        return hashes;
    }


}
