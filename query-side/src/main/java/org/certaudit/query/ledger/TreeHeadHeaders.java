package org.certaudit.query.ledger;

/**
 * The response headers naming the signed tree head an answer was computed under ({@link TreeHead}); the same on every
 * answer about an audit or project, the report's included.
 */
public final class TreeHeadHeaders {

    /** {@link TreeHead#treeSize()}, decimal. */
    public static final String TREE_SIZE = "Ledger-Tree-Size";
    /** {@link TreeHead#rootHash()}, 64 lower-case hex. */
    public static final String ROOT_HASH = "Ledger-Root-Hash";
    /** {@link TreeHead#treeHeadTime()}, ISO-8601 UTC. */
    public static final String TREE_HEAD_TIME = "Ledger-Tree-Head-Time";

    private TreeHeadHeaders() {
    }
}
