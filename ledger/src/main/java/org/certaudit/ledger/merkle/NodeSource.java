package org.certaudit.ledger.merkle;

/**
 * Where a {@link MerkleTree} reads its stored nodes: the hashes of perfect subtrees, the only nodes that never
 * change as the log grows.
 */
@FunctionalInterface
public interface NodeSource {

    /**
     * The hash of the perfect subtree over leaves {@code [index * 2^level, (index + 1) * 2^level)}; level 0 is
     * the leaf hashes.
     *
     * @throws IllegalStateException when the node is not stored (the log is shorter than asked)
     */
    byte[] node(int level, long index);
}
