package org.certaudit.command.audit;

/**
 * Names of the command and event metadata this side relies on. {@code user}, {@code requestId}
 * and {@code idempotencyKey} travel from each command to the events it causes; {@code expectedVersion}
 * stays on the command (it is the caller's {@code If-Match}).
 */
public final class AuditMetaData {

    /** The authenticated user name of whoever sent the command. */
    public static final String USER = "user";
    /** The HTTP request that caused the command ({@code X-Request-Id} or generated). */
    public static final String REQUEST_ID = "requestId";
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
