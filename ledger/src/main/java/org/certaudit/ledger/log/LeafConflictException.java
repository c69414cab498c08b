package org.certaudit.ledger.log;

/**
 * Another writer claimed a leaf index or an event this append was about to log: nothing of the append counts, and the
 * writer reads the log and the store again (see {@link MongoLog}).
 */
public class LeafConflictException extends RuntimeException {

    public LeafConflictException(String message, Throwable cause) {
        super(message, cause);
    }
}
