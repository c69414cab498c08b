package org.certaudit.ledger.merkle;

import org.certaudit.ledger.Canonical;

/**
 * The hashes of RFC 9162 section 2.1.1 with SHA-256: a leaf is {@code SHA-256(0x00 || data)}, an inner node
 * {@code SHA-256(0x01 || left || right)}, the empty tree {@code SHA-256()}. The prefixes keep a leaf from
 * ever passing for an inner node (second-preimage attacks).
 */
public final class MerkleHashing {

    public static final int HASH_SIZE = 32;
    private static final byte[] LEAF_PREFIX = {0x00};
    private static final byte[] NODE_PREFIX = {0x01};

    private MerkleHashing() {
    }

    public static byte[] leafHash(byte[] leafData) {
        return Canonical.sha256(LEAF_PREFIX, leafData);
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        return Canonical.sha256(NODE_PREFIX, left, right);
    }

    public static byte[] emptyRoot() {
        return Canonical.sha256();
    }

    /** The largest power of two strictly below {@code n} (n >= 2): where RFC 9162 splits a tree of n leaves. */
    static long split(long n) {
        return Long.highestOneBit(n - 1);
    }

    static boolean isPowerOfTwo(long n) {
        return n > 0 && (n & (n - 1)) == 0;
    }
}
