package org.certaudit.query.ledger;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.ledger.treehead.SignedTreeHead;
import org.certaudit.query.AuditFixtures;
import org.certaudit.query.lineage.ProjectLineage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The covering head of an answer is kept once there is one: asked again, the same answer reads nothing of the log;
 * an answer no head covers yet is looked up every time, so it names the covering head as soon as one is signed.
 */
class TreeHeadOnResponsesTest {

    static final AuditId AUDIT = AuditId.of(new ProjectNumber("7332-2026-SE"), 1);

    @TempDir
    Path keyDir;
    private LedgerHarness store;
    private CountingHeads heads;
    private TreeHeadOnResponses advice;

    @BeforeEach
    void aLoggedAuditUnderOneHead() {
        store = new LedgerHarness(keyDir, 1_000_000, 500, Duration.ZERO);
        heads = new CountingHeads(new TransparencyLogTreeHeads(store.log.store()));
        advice = new TreeHeadOnResponses(heads, store.database);
        store.append(AuditFixtures.openedThenScored(AUDIT, 0, 3));
        store.log.catchUp();
        store.log.signIfDue(true);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aCoveredAnswerAskedAgainNamesTheSameHeadWithoutLookingItUp() {
        TreeHead first = ledgerOf(lineageAt(2));
        assertThat(first.covers()).isTrue();
        assertThat(heads.lookups).isEqualTo(1);

        store.append(AuditFixtures.openedThenScored(AUDIT, 3, 2));
        store.log.catchUp();
        store.log.signIfDue(true);

        assertThat(ledgerOf(lineageAt(2))).as("still the earliest covering head").isEqualTo(first);
        assertThat(heads.lookups).as("kept, not looked up").isEqualTo(1);
        assertThat(ledgerOf(lineageAt(4)).treeSize()).as("another answer is looked up").isEqualTo(5);
        assertThat(heads.lookups).isEqualTo(2);
    }

    @Test
    void anAnswerNotCoveredYetIsLookedUpEachTimeUntilAHeadCoversIt() {
        SignedTreeHead latest = store.log.store().latestHead().orElseThrow();
        store.append(AuditFixtures.openedThenScored(AUDIT, 3, 1));

        assertThat(ledgerOf(lineageAt(3))).isEqualTo(TransparencyLogTreeHeads.treeHead(latest, false));
        assertThat(ledgerOf(lineageAt(3)).covers()).isFalse();
        assertThat(heads.lookups).isEqualTo(2);

        store.log.catchUp();
        SignedTreeHead covering = store.log.signIfDue(true);
        assertThat(ledgerOf(lineageAt(3))).isEqualTo(TransparencyLogTreeHeads.treeHead(covering, true));
        assertThat(ledgerOf(lineageAt(3))).isEqualTo(TransparencyLogTreeHeads.treeHead(covering, true));
        assertThat(heads.lookups).as("looked up until covered, then kept").isEqualTo(3);
    }

    private TreeHead ledgerOf(ProjectLineage answer) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/projects/" + answer.projectNumber() + "/lineage");
        Object body = advice.beforeBodyWrite(answer, null, MediaType.APPLICATION_JSON, null,
                                             new ServletServerHttpRequest(request),
                                             new ServletServerHttpResponse(new MockHttpServletResponse()));
        assertThat(body).isInstanceOf(TreeHeadOnResponses.Ledgered.class);
        return ((TreeHeadOnResponses.Ledgered) body).ledger();
    }

    /** A lineage whose one audit is at this version: all the advice reads of it. */
    private static ProjectLineage lineageAt(long version) {
        ProjectLineage.Audit audit = new ProjectLineage.Audit(AUDIT.value(), AuditType.INITIAL, null, 1, null, null, null,
                                                              null, version, null, null, null, false, null, null,
                                                              List.of(), null, null, List.of(), null, 0);
        return new ProjectLineage(AUDIT.projectNumber().value(), 1, List.of(audit), List.of());
    }


    /** The log's choice, counting how often it is asked. */
    private static final class CountingHeads implements LedgerTreeHeads {

        private final LedgerTreeHeads heads;
        int lookups;

        CountingHeads(LedgerTreeHeads heads) {
            this.heads = heads;
        }

        @Override
        public Optional<TreeHead> covering(Collection<String> eventIds) {
            lookups++;
            return heads.covering(eventIds);
        }
    }
}
