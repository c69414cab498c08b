package org.certaudit.eventstore;

import org.axonframework.eventsourcing.eventstore.EventStoreException;

/**
 * An append was refused because a change under the same user and idempotency key is stored already: the
 * unique {@code idempotency} field of the {@code events} collection (see {@link MongoEventStorageEngine})
 * holds the pair. Nothing of the refused batch was stored. A client retrying a request whose first attempt
 * did get stored (its answer lost, for example when the server died before answering) ends here, so the
 * change is never recorded twice; the client should read the current state instead of sending it again.
 */
public class IdempotencyKeyUsedException extends EventStoreException {

    private final String user;
    private final String key;
    private final long position;

    /**
     * @param user     the user the key belongs to, as the event metadata names it (may be null)
     * @param key      the idempotency key
     * @param position the global position of the first event stored under the pair
     * @param cause    the store's duplicate key error
     */
    public IdempotencyKeyUsedException(String user, String key, long position, Throwable cause) {
        super("a change with idempotency key '" + key + "' of user '" + user + "' is stored already (event at "
              + "position " + position + "); nothing of this batch was stored", cause);
        this.user = user;
        this.key = key;
        this.position = position;
    }

    public String user() {
        return user;
    }

    public String key() {
        return key;
    }

    /** The global position of the first event of the change stored under the key. */
    public long position() {
        return position;
    }
}
