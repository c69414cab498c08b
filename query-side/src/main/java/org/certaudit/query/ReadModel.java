package org.certaudit.query;

import java.util.List;

/** A projection's read model: the processing group that builds it and the collections it owns. */
public interface ReadModel {

    String processingGroup();

    List<String> collections();

    /**
     * Collections an earlier version of this read model kept and this one no longer reads: dropped before the
     * processors start ({@code ReadModelRecovery}), so that a store written by the earlier version is left
     * neither with them nor with tracking tokens past events the new collections never took in.
     */
    default List<String> retiredCollections() {
        return List.of();
    }
}
