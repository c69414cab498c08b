package org.certaudit.query;

import java.util.List;
import java.util.Map;

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
     * The documents a handler of this read model reads to take in an event with {@code payload}: collection name to
     * the document's {@code _id}; empty when it reads none (or the read model does not say). A tracking batch reads
     * those of all its events before the first is handled, one query per collection ({@link BatchedWrites#prefetch}),
     * where each handler would read its document alone: at 8 clients a batch of about seven events spans about four
     * audits (benchmark/README, session 28). Naming a document the handler then does not read costs its transfer only;
     * a document read and not named here is read when the handler asks for it, as before.
     */
    default Map<String, String> documentsRead(Object payload) {
        return Map.of();
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
