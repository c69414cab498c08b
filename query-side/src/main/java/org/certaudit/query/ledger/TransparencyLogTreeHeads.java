package org.certaudit.query.ledger;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.certaudit.ledger.log.LeafEntry;
import org.certaudit.ledger.log.MongoLog;
import org.certaudit.ledger.treehead.SignedTreeHead;

/**
 * The tree head an answer was computed under, from the transparency log's store.
 *
 * <p>The choice: find the leaves of the answer's events (by event identifier, a unique index), then the
 * <em>earliest</em> signed head whose size is above the highest of those leaf indexes, i.e. the first head that covers
 * every event of the answer. The latest head would also cover them, but it changes each time the log signs, and the
 * same report point must give a byte-identical PDF; the earliest covering head is fixed once it exists (heads are
 * signed at the log's size, which only grows) and is the honest "computed under".
 *
 * <p>While no head covers them yet (an event is not logged, or logged after the latest head), the latest head is
 * returned with {@code covers=false}; that answer changes once a covering head is signed. Empty when the log has no
 * head at all.
 */
public final class TransparencyLogTreeHeads implements LedgerTreeHeads {

    private final MongoLog log;

    public TransparencyLogTreeHeads(MongoLog log) {
        this.log = log;
    }

    @Override
    public Optional<TreeHead> covering(Collection<String> eventIds) {
        OptionalLong highest = highestLeaf(eventIds);
        Optional<SignedTreeHead> latest = log.latestHead();
        // Heads are signed at the log's size: when the latest is not above the highest leaf, no head is, and the
        // range read for the earliest covering head (a scan of the heads on the embedded server) is not needed.
        if (highest.isPresent() && latest.isPresent() && latest.get().treeSize() > highest.getAsLong()) {
            Optional<SignedTreeHead> covering = log.firstHeadAbove(highest.getAsLong());
            if (covering.isPresent()) {
                return covering.map(head -> treeHead(head, true));
            }
        }
        return latest.map(head -> treeHead(head, false));
    }

    /** The highest leaf index among the events; empty when there are none or one is not logged yet. */
    private OptionalLong highestLeaf(Collection<String> eventIds) {
        if (eventIds.isEmpty()) {
            return OptionalLong.empty();
        }
        Set<String> wanted = new HashSet<>(eventIds);
        Map<String, LeafEntry> leaves = log.leavesOfEvents(wanted);
        if (leaves.size() < wanted.size()) {
            return OptionalLong.empty();
        }
        return leaves.values().stream().mapToLong(LeafEntry::index).max();
    }

    static TreeHead treeHead(SignedTreeHead head, boolean covers) {
        return new TreeHead(head.treeSize(), head.rootHash(), Instant.ofEpochMilli(head.timestamp()), covers);
    }
}
