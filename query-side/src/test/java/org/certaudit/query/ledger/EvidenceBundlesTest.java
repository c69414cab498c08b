package org.certaudit.query.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.ledger.bundle.EvidenceBundle;
import org.certaudit.ledger.log.LeafEntry;
import org.certaudit.query.AuditFixtures;
import org.certaudit.ledger.EventDocuments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an export signs about its subject's end while commands go on being stored. */
class EvidenceBundlesTest {

    private static final ProjectNumber PROJECT = new ProjectNumber("0455-2021-SE");
    private static final AuditId AUDIT = AuditId.of(PROJECT, 1);

    @TempDir
    Path keyDir;

    /**
     * An event stored while the export reads the stream (here: right after the read) is not in the bundle, so the tree
     * head the bundle rests on must not hold it either: the signed stream end says which event is the subject's last under
     * that head, and a head taken after the read would hold one more event than the statement says.
     */
    @Test
    void anEventStoredWhileTheStreamIsReadIsNeitherInTheBundleNorUnderItsSignedEnd() throws Exception {
        try (LedgerHarness store = new LedgerHarness(keyDir, 1)) {
            store.append(AuditFixtures.openedThenScored(AUDIT, 0, 5));
            EvidenceBundles racing = new EvidenceBundles(store.log, store.database) {
                @Override
                List<Document> stream(String project) {
                    List<Document> read = super.stream(project);
                    store.append(AuditFixtures.openedThenScored(AUDIT, 5, 1));
                    return read;
                }
            };

            EvidenceBundle bundle = racing.audit(AUDIT, List.of());

            assertThat(bundle.events()).hasSize(5);
            assertThat(bundle.streamEnd().lastSeq()).isEqualTo(4);
            Document stored = store.event(PROJECT.value(), 5);
            assertThat(stored).as("stored during the export").isNotNull();
            Map<Long, LeafEntry> leaves = store.log.store().leavesOfPositions(List.of(EventDocuments.position(stored)));
            LeafEntry leaf = leaves.get(EventDocuments.position(stored));
            assertThat(leaf == null || leaf.index() >= bundle.treeHead().treeSize())
                    .as("sequence 5 is not under the tree head whose end the bundle signs as sequence 4").isTrue();
        }
    }
}
