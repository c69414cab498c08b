package org.certaudit.eventstore;

import org.axonframework.eventsourcing.eventstore.EventStoreException;

/**
 * An append whose insert was sent but whose answer never came: the store stopped answering within the driver's read
 * timeout ({@code certaudit.mongodb.read-timeout}), or the connection broke while the insert was on it. The store may
 * still take the insert when it answers again (a paused server reads what waits on its sockets), and the append's
 * removal of its own documents can have failed the same way, so whether the events are stored is not known: a caller
 * reads the stream (the aggregate's version) before it sends the same change again, or sends it again under the same
 * idempotency key, which is never stored twice. A failure before the insert was sent (no server selected, a
 * connection not opened) is a plain {@link EventStoreException}: nothing was stored.
 */
public class AppendOutcomeUnknownException extends EventStoreException {

    public AppendOutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
