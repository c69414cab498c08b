package org.certaudit.ledger.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * The Merkle tree hash (MTH) and the proofs of RFC 9162 sections 2.1.1, 2.1.3.1 and 2.1.4.1, over the perfect
 * subtrees a {@link NodeSource} keeps. Any range the recursion needs is a perfect subtree or splits into
 * at most {@code log2(n)} of them, so a root or a proof costs O(log^2 n) node reads, never a pass over the log.
 */
public final class MerkleTree {

    private final NodeSource nodes;

    public MerkleTree(NodeSource nodes) {
        this.nodes = nodes;
    }

    /** MTH of the first {@code size} leaves; the hash of the empty string for size 0. */
    public byte[] root(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("a tree size is >= 0, got " + size);
        }
        return size == 0 ? MerkleHashing.emptyRoot() : subtree(0, size);
    }

    /**
     * The inclusion proof (audit path) of leaf {@code index} in the tree of the first {@code size} leaves,
     * from the leaf's sibling up.
     *
     * @throws IllegalArgumentException unless {@code 0 <= index < size}
     */
    public List<byte[]> inclusionProof(long index, long size) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf index " + index + " is not in a tree of size " + size);
        }
        List<byte[]> path = new ArrayList<>();
        path(index, 0, size, path);
        return path;
    }

    /**
     * The consistency proof between the trees of the first {@code first} and {@code second} leaves; empty
     * when {@code first} is 0 or equals {@code second}.
     *
     * @throws IllegalArgumentException unless {@code 0 <= first <= second}
     */
    public List<byte[]> consistencyProof(long first, long second) {
        if (first < 0 || first > second) {
            throw new IllegalArgumentException("a consistency proof needs 0 <= first <= second, got " + first
                                               + " and " + second);
        }
        List<byte[]> proof = new ArrayList<>();
        if (first > 0 && first < second) {
            subproof(first, 0, second, true, proof);
        }
        return proof;
    }

    /** MTH(D[start : start + n]) where the recursion only ever asks for ranges aligned as RFC 9162 splits them. */
    private byte[] subtree(long start, long n) {
        if (MerkleHashing.isPowerOfTwo(n) && start % n == 0) {
            return nodes.node(Long.numberOfTrailingZeros(n), start / n);
        }
        long k = MerkleHashing.split(n);
        return MerkleHashing.nodeHash(subtree(start, k), subtree(start + k, n - k));
    }

    /** PATH(m, D[start : start + n]), appended leaf side first. */
    private void path(long m, long start, long n, List<byte[]> out) {
        if (n == 1) {
            return;
        }
        long k = MerkleHashing.split(n);
        if (m < k) {
            path(m, start, k, out);
            out.add(subtree(start + k, n - k));
        } else {
            path(m - k, start + k, n - k, out);
            out.add(subtree(start, k));
        }
    }

    /** SUBPROOF(m, D[start : start + n], b). */
    private void subproof(long m, long start, long n, boolean b, List<byte[]> out) {
        if (m == n) {
            if (!b) {
                out.add(subtree(start, n));
            }
            return;
        }
        long k = MerkleHashing.split(n);
        if (m <= k) {
            subproof(m, start, k, b, out);
            out.add(subtree(start + k, n - k));
        } else {
            subproof(m - k, start + k, n - k, false, out);
            out.add(subtree(start, k));
        }
    }
}
