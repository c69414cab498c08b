package org.certaudit.command.audit;

import org.certaudit.audit.EventMetaData;

/**
 * Names of the command and event metadata this side relies on. {@code user}, {@code personName}, {@code requestId}
 * and {@code idempotencyKey} travel from each command to the events it causes; {@code expectedVersion}
 * stays on the command (it is the caller's {@code If-Match}). Those the other readers of the events share are the
 * kernel's {@link EventMetaData}.
 */
public final class AuditMetaData {

    /** The authenticated user name of whoever sent the command. */
    public static final String USER = EventMetaData.USER;
    /** That person's display name when they sent it, if one is known ({@link EventMetaData#PERSON_NAME}). */
    public static final String PERSON_NAME = EventMetaData.PERSON_NAME;
    /** The HTTP request that caused the command ({@code X-Request-Id} or generated). */
    public static final String REQUEST_ID = EventMetaData.REQUEST_ID;
    /**
     * The client's {@code Idempotency-Key} the request was sent with, if any. The event store keeps one
     * change per user and key (the name is the event store's {@code MongoEventStorageEngine.IDEMPOTENCY_KEY}).
     */
    public static final String IDEMPOTENCY_KEY = "idempotencyKey";
    /** The project stream version the caller's decision was based on. */
    public static final String EXPECTED_VERSION = "expectedVersion";

    private AuditMetaData() {
    }
}
