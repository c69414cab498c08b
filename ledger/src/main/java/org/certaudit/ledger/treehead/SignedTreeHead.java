package org.certaudit.ledger.treehead;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.certaudit.ledger.Canonical;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.Objects;

/**
 * A tree head the log signed: "the first {@code treeSize} leaves have root {@code rootHash}, as of
 * {@code timestamp}". The signature is Ed25519 (RFC 8032) over the RFC 8785 form of
 * <pre>
 * { "format": "certaudit-tree-head/1", "rootHash": 64 hex, "timestamp": integer (ms since epoch), "treeSize": integer }
 * </pre>
 *
 * @param treeSize  how many leaves the tree has
 * @param rootHash  its RFC 9162 root, 64 lower-case hex characters
 * @param timestamp when it was signed, in milliseconds since 1970-01-01T00:00:00Z
 * @param keyId     SHA-256 of the public key's X.509 (DER) encoding, 64 hex characters
 * @param signature the Ed25519 signature, base64 (64 bytes)
 */
public record SignedTreeHead(long treeSize, String rootHash, long timestamp, String keyId, String signature) {

    public static final String FORMAT = "certaudit-tree-head/1";

    public SignedTreeHead {
        if (treeSize < 0) {
            throw new IllegalArgumentException("treeSize must be >= 0, got " + treeSize);
        }
        Canonical.hash(rootHash);
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(signature, "signature");
    }

    /** Signs size, root and time with the log's private key. */
    public static SignedTreeHead sign(long treeSize, byte[] rootHash, long timestamp, PrivateKey key, PublicKey publicKey) {
        return new SignedTreeHead(treeSize, Canonical.hex(rootHash), timestamp, Keys.keyId(publicKey),
                Keys.sign(signedBytes(treeSize, Canonical.hex(rootHash), timestamp), key, "a tree head"));
    }

    /** Whether {@code publicKey} signed exactly this size, root and time. */
    public boolean verifies(PublicKey publicKey) {
        return Keys.verifies(signedBytes(treeSize, rootHash, timestamp), signature, publicKey);
    }

    public byte[] rootHashBytes() {
        return Canonical.hash(rootHash);
    }

    /** The bytes the signature covers. */
    public static byte[] signedBytes(long treeSize, String rootHash, long timestamp) {
        ObjectNode node = Canonical.object();
        node.put("format", FORMAT);
        node.put("treeSize", treeSize);
        node.put("rootHash", rootHash);
        node.put("timestamp", timestamp);
        return Canonical.bytes(node);
    }
}
