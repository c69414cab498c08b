package org.certaudit.ledger.merkle;

import java.security.MessageDigest;
import java.util.List;
import org.certaudit.ledger.merkle.ProofException.Check;

/**
 * Checks inclusion and consistency proofs exactly as RFC 9162 sections 2.1.3.2 and 2.1.4.2 describe, with
 * the edge cases the Certificate Transparency reference implementation (transparency-dev/merkle) settles.
 */
public final class MerkleProofs {

    private MerkleProofs() {
    }

    /**
     * Proves that {@code leafHash} is leaf {@code index} of the tree of {@code size} leaves whose root is
     * {@code root}.
     *
     * @throws ProofException naming the failed check
     */
    public static void verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root)
            throws ProofException {
        byte[] computed = rootFromInclusion(index, size, leafHash, proof);
        if (!MessageDigest.isEqual(computed, root)) {
            throw new ProofException(Check.INCLUSION_OTHER_ROOT,
                    "the inclusion proof leads to another root than the tree head's");
        }
    }

    /** The root an inclusion proof leads to, checking its shape on the way. */
    public static byte[] rootFromInclusion(long index, long size, byte[] leafHash, List<byte[]> proof)
            throws ProofException {
        if (index < 0 || index >= size) {
            throw new ProofException(Check.LEAF_OUTSIDE_TREE,
                    "leaf index " + index + " is not in a tree of size " + size, index, size);
        }
        if (leafHash == null || leafHash.length != MerkleHashing.HASH_SIZE) {
            throw new ProofException(Check.LEAF_HASH_SIZE, "a leaf hash is 32 bytes");
        }
        List<byte[]> path = proof == null ? List.of() : proof;
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            requireHash(p);
            if (sn == 0) {
                throw new ProofException(Check.INCLUSION_TOO_LONG,
                        "the inclusion proof is longer than the tree is deep");
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = MerkleHashing.nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = MerkleHashing.nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) {
            throw new ProofException(Check.INCLUSION_TOO_SHORT, "the inclusion proof is shorter than the tree is deep");
        }
        return r;
    }

    /**
     * Proves that the tree of {@code size1} leaves with root {@code root1} is a prefix of the tree of
     * {@code size2} leaves with root {@code root2}: nothing logged before was changed or removed.
     *
     * @throws ProofException naming the failed check
     */
    public static void verifyConsistency(long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof)
            throws ProofException {
        List<byte[]> path = proof == null ? List.of() : proof;
        if (size1 < 0 || size2 < size1) {
            throw new ProofException(Check.CANNOT_EXTEND, "tree size " + size2 + " cannot extend tree size " + size1,
                    size2, size1);
        }
        if (size1 == 0) {
            // Every tree extends the empty one: such a "proof" proves nothing, so a caller asking for it is wrong.
            throw new ProofException(Check.OLDER_TREE_EMPTY,
                    "a consistency proof needs an older tree of at least one leaf");
        }
        if (size1 == size2) {
            if (!path.isEmpty()) {
                throw new ProofException(Check.SAME_SIZE_PROOF_NOT_EMPTY,
                        "two trees of the same size need an empty proof");
            }
            if (!MessageDigest.isEqual(root1, root2)) {
                throw new ProofException(Check.SAME_SIZE_DIFFERENT_ROOTS,
                        "two trees of size " + size1 + " have different roots", size1);
            }
            return;
        }
        if (path.isEmpty()) {
            throw new ProofException(Check.CONSISTENCY_EMPTY, "the consistency proof is empty");
        }
        for (byte[] p : path) {
            requireHash(p);
        }
        requireHash(root1);
        requireHash(root2);
        int i = 0;
        long fn = size1 - 1;
        long sn = size2 - 1;
        byte[] fr;
        byte[] sr;
        if (MerkleHashing.isPowerOfTwo(size1)) {
            fr = root1;
            sr = root1;
        } else {
            fr = path.get(0);
            sr = path.get(0);
            i = 1;
        }
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        for (; i < path.size(); i++) {
            byte[] c = path.get(i);
            if (sn == 0) {
                throw new ProofException(Check.CONSISTENCY_TOO_LONG,
                        "the consistency proof is longer than the trees need");
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = MerkleHashing.nodeHash(c, fr);
                sr = MerkleHashing.nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = MerkleHashing.nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) {
            throw new ProofException(Check.CONSISTENCY_TOO_SHORT,
                    "the consistency proof is shorter than the trees need");
        }
        if (!MessageDigest.isEqual(fr, root1)) {
            throw new ProofException(Check.OLDER_ROOT_DIFFERS,
                    "the consistency proof does not lead to the older root: the older tree was changed");
        }
        if (!MessageDigest.isEqual(sr, root2)) {
            throw new ProofException(Check.NEWER_ROOT_DIFFERS, "the consistency proof does not lead to the newer root");
        }
    }

    private static void requireHash(byte[] hash) throws ProofException {
        if (hash == null || hash.length != MerkleHashing.HASH_SIZE) {
            throw new ProofException(Check.HASH_SIZE, "a hash in a proof or tree head is 32 bytes");
        }
    }
}
