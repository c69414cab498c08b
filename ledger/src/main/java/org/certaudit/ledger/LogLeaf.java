package org.certaudit.ledger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.certaudit.ledger.merkle.MerkleHashing;

/**
 * One leaf of the transparency log: "the event stored at {@code position} has hash {@code eventHash}". The
 * leaf data is the RFC 8785 form of
 * <pre>
 * { "eventHash": 64 hex, "format": "certaudit-leaf/1", "position": integer }
 * </pre>
 * and the leaf hash is RFC 9162's {@code SHA-256(0x00 || leaf data)}. Binding the position makes moving an
 * event to another position (or swapping two) as visible as changing it.
 */
public final class LogLeaf {

    public static final String FORMAT = "certaudit-leaf/1";

    private LogLeaf() {
    }

    public static byte[] leafData(long position, String eventHash) {
        ObjectNode node = Canonical.object();
        node.put("format", FORMAT);
        node.put("position", position);
        node.put("eventHash", eventHash);
        return Canonical.bytes(node);
    }

    public static byte[] leafHash(long position, String eventHash) {
        return MerkleHashing.leafHash(leafData(position, eventHash));
    }
}
