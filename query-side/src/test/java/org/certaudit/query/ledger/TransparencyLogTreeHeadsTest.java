package org.certaudit.query.ledger;

import com.mongodb.client.model.Filters;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.ledger.log.LeafEntry;
import org.certaudit.ledger.log.MongoLog;
import org.certaudit.ledger.treehead.SignedTreeHead;
import org.certaudit.query.AuditFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Which signed tree head an answer names, straight from the log's store (the HTTP side: {@code AnswerTreeHeadTest}). */
class TransparencyLogTreeHeadsTest {

    static final AuditId AUDIT = AuditId.of(new ProjectNumber("7331-2026-SE"), 1);

    @TempDir
    Path keyDir;
    private LedgerHarness store;

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void namesNoHeadWhileTheLogHasNoneThenTheEarliestCoveringOneElseTheLatestAsNotCovering() {
        store = new LedgerHarness(keyDir, 1_000_000, 500, Duration.ZERO);
        MongoLog log = store.log.store();
        TransparencyLogTreeHeads heads = new TransparencyLogTreeHeads(log);
        store.append(AuditFixtures.openedThenScored(AUDIT, 0, 4));
        log.append(List.of(leaf(0), leaf(1)));

        assertThat(heads.covering(List.of(eventId(0)))).as("logged, but the log has no head").isEmpty();
        assertThat(heads.covering(List.of())).isEmpty();

        SignedTreeHead first = store.log.signIfDue(true);
        log.append(List.of(leaf(2), leaf(3)));
        SignedTreeHead second = store.log.signIfDue(true);
        store.append(AuditFixtures.openedThenScored(AUDIT, 4, 1));

        assertThat(heads.covering(List.of(eventId(1)))).contains(head(first, true));
        assertThat(heads.covering(List.of(eventId(0), eventId(2)))).as("the highest leaf decides").contains(head(second, true));
        assertThat(heads.covering(List.of(eventId(4)))).as("stored, not logged yet").contains(head(second, false));
        assertThat(heads.covering(List.of(eventId(1), eventId(4)))).contains(head(second, false));
        assertThat(heads.covering(List.of())).contains(head(second, false));
    }

    @Test
    void theLatestHeadIsTheLargestAnyWriterStoredAndStaysRightWhenTheHeadsAreCutBackOrTheCopyIsGone() {
        store = new LedgerHarness(keyDir, 1_000_000, 500, Duration.ZERO);
        MongoLog log = store.log.store();
        MongoLog otherInstance = new MongoLog(store.database);
        store.append(AuditFixtures.openedThenScored(AUDIT, 0, 3));
        log.append(List.of(leaf(0)));
        SignedTreeHead first = store.log.signIfDue(true);
        log.append(List.of(leaf(1), leaf(2)));
        SignedTreeHead second = store.log.signIfDue(true);

        assertThat(otherInstance.latestHead()).as("what another instance stored").contains(second);
        assertThat(otherInstance.saveHead(first)).as("a head of a stored size is the stored one").isEqualTo(first);
        assertThat(log.latestHead()).as("a smaller head saved later does not move it back").contains(second);

        store.database.getCollection(MongoLog.HEADS).deleteMany(Filters.gt("_id", first.treeSize()));
        assertThat(log.latestHead()).as("the copy names a head no longer stored").contains(first);
        store.database.getCollection(MongoLog.LATEST_HEAD).drop();
        assertThat(otherInstance.latestHead()).as("a store without the copy").contains(first);
        assertThat(store.database.getCollection(MongoLog.LATEST_HEAD).countDocuments()).as("the copy set again").isEqualTo(1);
        store.database.getCollection(MongoLog.HEADS).drop();
        assertThat(log.latestHead()).as("no head at all").isEmpty();
    }

    private LeafEntry leaf(long seq) {
        var document = store.event(AUDIT.projectNumber().value(), seq);
        return new LeafEntry(-1, ((Number) document.get("_id")).longValue(), document.getString("hash"),
                             document.getString("eventId"), AUDIT.projectNumber().value(), seq);
    }

    private String eventId(long seq) {
        return store.event(AUDIT.projectNumber().value(), seq).getString("eventId");
    }

    private static TreeHead head(SignedTreeHead head, boolean covers) {
        return new TreeHead(head.treeSize(), head.rootHash(), Instant.ofEpochMilli(head.timestamp()), covers);
    }

}
