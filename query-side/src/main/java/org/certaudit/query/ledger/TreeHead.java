package org.certaudit.query.ledger;

import java.time.Instant;

/**
 * The signed tree head an answer was computed under (issue #13), as the {@code ledger} object of a JSON answer, the
 * {@code Ledger-*} headers and the report's tree-head block: the number of leaves it covers ({@code treeSize}), the
 * RFC 9162 Merkle root over them as lower-case hex ({@code rootHash}), when it was signed ({@code treeHeadTime},
 * ISO-8601 in JSON) and whether it covers the answer's last event ({@code covers}: that event's leaf index is below
 * {@code treeSize}). {@code covers} is false only for the latest head, given while no head covers the answer yet.
 */
public record TreeHead(long treeSize, String rootHash, Instant treeHeadTime, boolean covers) {

    public TreeHead {
        if (treeSize < 0) {
            throw new IllegalArgumentException("a tree head's size is 0 or more, was " + treeSize);
        }
        if (rootHash == null || !rootHash.matches("[0-9a-f]{16,128}")) {
            throw new IllegalArgumentException("a tree head's root hash is lower-case hex, was '" + rootHash + "'");
        }
    }

    /** A head that covers the answer's events. */
    public TreeHead(long treeSize, String rootHash, Instant treeHeadTime) {
        this(treeSize, rootHash, treeHeadTime, true);
    }
}
