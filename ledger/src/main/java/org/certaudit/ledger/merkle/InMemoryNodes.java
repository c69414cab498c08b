package org.certaudit.ledger.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * Every perfect subtree of a list of leaf hashes, computed once: the tree the verifier rebuilds from a whole
 * store's leaves, and the reference in tests.
 */
public final class InMemoryNodes implements NodeSource {

    private final List<List<byte[]>> levels = new ArrayList<>();

    public InMemoryNodes(List<byte[]> leafHashes) {
        List<byte[]> level = new ArrayList<>(leafHashes);
        levels.add(level);
        while (level.size() > 1) {
            List<byte[]> up = new ArrayList<>(level.size() / 2);
            for (int i = 0; i + 1 < level.size(); i += 2) {
                up.add(MerkleHashing.nodeHash(level.get(i), level.get(i + 1)));
            }
            levels.add(up);
            level = up;
        }
    }

    public long size() {
        return levels.get(0).size();
    }

    @Override
    public byte[] node(int level, long index) {
        if (level >= levels.size() || index >= levels.get(level).size()) {
            throw new IllegalStateException("no node " + index + " at level " + level + " in a tree of "
                                            + size() + " leaves");
        }
        return levels.get(level).get((int) index);
    }
}
