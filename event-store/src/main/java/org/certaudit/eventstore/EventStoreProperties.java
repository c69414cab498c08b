package org.certaudit.eventstore;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code certaudit.mongodb.*}: where the store is, and how long either side waits for it. Each wait is what the
 * MongoDB driver's {@code MongoClientSettings} calls it; a URI option of the same meaning ({@code connectTimeoutMS},
 * {@code socketTimeoutMS}, {@code serverSelectionTimeoutMS}) wins over the property.
 *
 * @param uri                    a MongoDB connection string; when set it is used and nothing embedded starts
 * @param database               the database holding {@code events}, {@code snapshots}, {@code tokens} and the read
 *                               models
 * @param connectTimeout         how long opening a connection may take, the TCP connect and the driver's handshake;
 *                               also how long the driver's monitor waits for the answer to its heartbeat before it
 *                               takes the server for down (the driver's own default, 10 s); positive
 * @param readTimeout            how long one read from an open connection may wait for the store's next bytes
 *                               (the driver's socket read timeout, which has no limit by default): a store that
 *                               stopped answering on a connection already open (its process paused, a network that
 *                               drops packets) fails the operation after this long instead of holding the request
 *                               for ever. It must exceed the longest single round trip a healthy store takes; the
 *                               longest the embedded store was measured to wait is 4.2 s (benchmark/README.md,
 *                               session 16), and nothing here waits on the server side (no change stream, tailable
 *                               cursor or {@code maxAwaitTimeMS}: the processors' head watch reads the position
 *                               counter every {@code certaudit.query.fetch-delay}). Positive, or 0 for no limit
 * @param serverSelectionTimeout how long an operation waits for a server to send it to when none is known to be up
 *                               (the driver's 30 s made a dead store look like a hang); positive
 */
@ConfigurationProperties("certaudit.mongodb")
public record EventStoreProperties(String uri,
                                   @DefaultValue("certaudit") String database,
                                   @DefaultValue("10s") Duration connectTimeout,
                                   @DefaultValue("20s") Duration readTimeout,
                                   @DefaultValue("10s") Duration serverSelectionTimeout) {

    public EventStoreProperties {
        if (connectTimeout.isNegative() || connectTimeout.isZero() || readTimeout.isNegative()
            || serverSelectionTimeout.isNegative() || serverSelectionTimeout.isZero()) {
            throw new IllegalArgumentException("certaudit.mongodb.connect-timeout and server-selection-timeout must be "
                    + "positive and read-timeout positive or 0 (no limit), were " + connectTimeout + ", "
                    + serverSelectionTimeout + " and " + readTimeout);
        }
    }

    public boolean hasUri() {
        return uri != null && !uri.isBlank();
    }
}
