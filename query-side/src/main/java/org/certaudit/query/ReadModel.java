package org.certaudit.query;

import java.util.List;

/** A projection's read model: the processing group that builds it and the collections it owns. */
public interface ReadModel {

    String processingGroup();

    List<String> collections();

    /**
     * Those of {@link #collections()} that only find the others' documents by another key: left behind when the others
     * were dropped, they are no read model, so it is taken as empty and rebuilt, and the rebuild clears them with the
     * rest ({@link ReadModels#clear}) so that no entry of the dropped documents survives it.
     */
    default List<String> indexCollections() {
        return List.of();
    }

    /**
     * Collections an earlier version of this read model kept and this one no longer reads: dropped before the
     * processors start ({@code ReadModelRecovery}), so that a store written by the earlier version is left
     * neither with them nor with tracking tokens past events the new collections never took in.
     */
    default List<String> retiredCollections() {
        return List.of();
    }
}
