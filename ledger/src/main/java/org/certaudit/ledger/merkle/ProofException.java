package org.certaudit.ledger.merkle;

import java.util.List;

/**
 * A proof that does not prove what it claims: the message says which check failed, in English; {@link #check()} and
 * {@link #values()} say it without words, so that the offline verifier can say it in its reader's language.
 */
public class ProofException extends Exception {

    /** The checks of RFC 9162 sections 2.1.3.2 and 2.1.4.2 a proof can fail, and the numbers each names. */
    public enum Check {
        /** The inclusion proof leads to another root. */
        INCLUSION_OTHER_ROOT,
        /** Values: the leaf index, the tree size. */
        LEAF_OUTSIDE_TREE,
        LEAF_HASH_SIZE,
        INCLUSION_TOO_LONG,
        INCLUSION_TOO_SHORT,
        /** Values: the newer tree size, the older tree size. */
        CANNOT_EXTEND,
        OLDER_TREE_EMPTY,
        SAME_SIZE_PROOF_NOT_EMPTY,
        /** Values: the tree size. */
        SAME_SIZE_DIFFERENT_ROOTS,
        CONSISTENCY_EMPTY,
        CONSISTENCY_TOO_LONG,
        CONSISTENCY_TOO_SHORT,
        OLDER_ROOT_DIFFERS,
        NEWER_ROOT_DIFFERS,
        HASH_SIZE
    }

    private final Check check;
    private final List<Long> values;

    /**
     * @param check   the check that failed
     * @param message the same in English
     * @param values  the sizes and indexes {@code check}'s documentation names, in that order
     */
    public ProofException(Check check, String message, long... values) {
        super(message);
        this.check = check;
        this.values = java.util.Arrays.stream(values).boxed().toList();
    }

    public Check check() {
        return check;
    }

    public List<Long> values() {
        return values;
    }
}
