package org.certaudit.query.report;

import java.time.Instant;

/**
 * A head of the transparency ledger: the number of entries it covered ({@code size}), the Merkle root over them as
 * lower-case hex ({@code rootHash}) and when it was signed. Printed and carried in the report's QR code so that a reader
 * can check later that the report's events are in the ledger. {@code coversReport} says whether the head covers the
 * report's last event (its leaf index is below {@code size}); false only for the latest head, printed while no head
 * covers the report yet.
 */
public record TreeHead(long size, String rootHash, Instant signedAt, boolean coversReport) {

    public TreeHead {
        if (size < 0) {
            throw new IllegalArgumentException("a tree head's size is 0 or more, was " + size);
        }
        if (rootHash == null || !rootHash.matches("[0-9a-f]{16,128}")) {
            throw new IllegalArgumentException("a tree head's root hash is lower-case hex, was '" + rootHash + "'");
        }
    }

    /** A head that covers the report's events. */
    public TreeHead(long size, String rootHash, Instant signedAt) {
        this(size, rootHash, signedAt, true);
    }
}
