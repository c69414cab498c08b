package org.certaudit.query.report;

import java.time.Instant;
import java.util.Optional;
import org.certaudit.ledger.log.LeafEntry;
import org.certaudit.ledger.log.MongoLog;
import org.certaudit.ledger.treehead.SignedTreeHead;

/**
 * The tree head a report was computed under, from the transparency log's store.
 *
 * <p>The choice: find the leaf of the report's last event (by event identifier), then the <em>earliest</em> signed head
 * whose size is above that leaf's index, i.e. the first head that covers every event of the report. The latest head
 * would also cover it, but it changes each time the log signs, and the same point must give a byte-identical PDF; the
 * earliest covering head is fixed once it exists (heads are signed at the log's size, which only grows) and is the honest
 * "computed under". An audit's events are appended in sequence order, each after the one before was stored, so the leaf
 * of the last event comes after the leaves of the others.
 *
 * <p>While no head covers the last event yet (it is not logged, or logged after the latest head), the latest head is
 * returned marked {@code coversReport=false}, and the report says so; that report changes once a covering head is
 * signed. Empty when the log has no head at all.
 */
final class TransparencyLogTreeHeads implements LedgerTreeHeads {

    private final MongoLog log;

    TransparencyLogTreeHeads(MongoLog log) {
        this.log = log;
    }

    @Override
    public Optional<TreeHead> at(ReportPoint point) {
        Optional<LeafEntry> leaf = point.lastEventId() == null ? Optional.empty() : log.leafOfEvent(point.lastEventId());
        Optional<SignedTreeHead> covering = leaf.flatMap(entry -> log.firstHeadAbove(entry.index()));
        if (covering.isPresent()) {
            return covering.map(head -> treeHead(head, true));
        }
        return log.latestHead().map(head -> treeHead(head, false));
    }

    private static TreeHead treeHead(SignedTreeHead head, boolean covers) {
        return new TreeHead(head.treeSize(), head.rootHash(), Instant.ofEpochMilli(head.timestamp()), covers);
    }
}
