package org.certaudit.command.web;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Remembers, per user and {@code Idempotency-Key}, the request that used it and the response it
 * got, in the {@code idempotency_keys} collection. The {@code _id} is {user, key}: the store's
 * unique primary key makes claiming a key atomic across instances, and it is the one lookup
 * the embedded store serves by index.
 * <p>
 * A record holds, besides its {@code createdAt}, the date it may be removed, {@code expiresAt} ({@code createdAt} plus
 * the retention in force when the key was claimed, a BSON date): MongoDB's TTL monitor removes it after that through
 * the index {@link #createIndexes()} makes, and {@link #removeExpired(Duration, int)} does where nothing honours that
 * index (the embedded store). A record is never removed while it could still answer a retry, and one past its
 * {@code expiresAt} answers none even before it is removed ({@link #claim}): whether it is there yet changes no answer.
 */
public class IdempotencyStore {

    /** A stored successful response, replayed verbatim to a retry. */
    public record StoredResponse(int status, String contentType, String body, String etag, String location) {
    }

    /** What claiming a key found. */
    public sealed interface Claim {
        /** The key is new (or expired): the request runs, then completes or releases the key. */
        record Granted() implements Claim {
        }

        /** The same request was answered before: replay this. */
        record Replay(StoredResponse response) implements Claim {
        }

        /** The key was used for another request. */
        record Conflict(String firstRequest) implements Claim {
        }

        /**
         * The same request is still running, or was cut short (a process killed while handling it): either way the key
         * is held for {@code heldFor} more, until its pending claim expires and a retry runs the request.
         */
        record InProgress(Duration heldFor) implements Claim {
        }
    }

    private static final String PENDING = "PENDING";
    private static final String DONE = "DONE";
    /** The field of the TTL index, and the index's name. */
    private static final String EXPIRES_AT = "expiresAt";

    private final MongoCollection<Document> keys;
    private final Duration retention;
    private final Duration pendingTimeout;
    private final Clock clock;

    public IdempotencyStore(MongoCollection<Document> keys, Duration retention, Duration pendingTimeout, Clock clock) {
        this.keys = keys;
        this.retention = retention;
        this.pendingTimeout = pendingTimeout;
        this.clock = clock;
    }

    /**
     * Makes the TTL index on {@code expiresAt} ({@code expireAfterSeconds} 0: each record is removed at its own
     * {@code expiresAt}, so a changed retention needs no new index); idempotent. MongoDB's TTL monitor removes expired
     * records about once a minute; mongo-java-server (1.47) keeps the index's description, lists it, and removes
     * nothing.
     */
    public void createIndexes() {
        keys.createIndex(Indexes.ascending(EXPIRES_AT),
                new IndexOptions().name(EXPIRES_AT).expireAfter(0L, TimeUnit.SECONDS));
    }

    /**
     * Claims {@code key} for {@code user}'s request, or finds what an earlier request under it left. The record keeps
     * both fingerprints: {@code fingerprint} of the body's bytes, which every record has (and an instance of an earlier
     * release compares), and {@code canonicalFingerprint} of its meaning, for a body that is a JSON object.
     */
    public Claim claim(String user, String key, RequestFingerprint fingerprint, String requestLine) {
        Document id = id(user, key);
        Instant now = clock.instant();
        Document pending = new Document("_id", id)
                .append("fingerprint", fingerprint.bytes());
        if (fingerprint.canonical() != null) {
            pending.append("canonicalFingerprint", fingerprint.canonical());
        }
        pending.append("request", requestLine)
                .append("state", PENDING)
                .append("createdAt", Date.from(now))
                .append(EXPIRES_AT, Date.from(now.plus(retention)));
        if (inserted(pending)) {
            return new Claim.Granted();
        }
        Document existing = keys.find(Filters.eq("_id", id)).first();
        if (existing == null || expired(existing, now)) {
            // Expired, or gone meanwhile (released, or removed as expired): take the key over, unless another request
            // just did. Replacing by {_id, createdAt} with an upsert also takes over a record removed since it was
            // read; a record another request put there since collides on _id, as a second insert does.
            if (existing == null) {
                return inserted(pending) ? new Claim.Granted() : new Claim.InProgress(pendingTimeout);
            }
            try {
                Bson unchanged = Filters.and(Filters.eq("_id", id),
                        Filters.eq("createdAt", existing.getDate("createdAt")));
                keys.replaceOne(unchanged, pending, new ReplaceOptions().upsert(true));
                return new Claim.Granted();
            } catch (MongoWriteException e) {
                if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                    throw e;
                }
                return new Claim.InProgress(pendingTimeout);
            }
        }
        if (!fingerprint.sameRequestAs(existing.getString("fingerprint"), existing.getString("canonicalFingerprint"))) {
            return new Claim.Conflict(existing.getString("request"));
        }
        if (PENDING.equals(existing.getString("state"))) {
            return new Claim.InProgress(Duration.between(now,
                    existing.getDate("createdAt").toInstant().plus(pendingTimeout)));
        }
        Document response = existing.get("response", Document.class);
        return new Claim.Replay(new StoredResponse(response.getInteger("status"), response.getString("contentType"),
                response.getString("body"), response.getString("etag"), response.getString("location")));
    }

    public void complete(String user, String key, StoredResponse response) {
        Document stored = new Document("status", response.status())
                .append("contentType", response.contentType())
                .append("body", response.body())
                .append("etag", response.etag())
                .append("location", response.location());
        keys.updateOne(Filters.eq("_id", id(user, key)),
                Updates.combine(Updates.set("state", DONE), Updates.set("response", stored)));
    }

    /** The request failed: nothing was written, so a retry with the same key may run again. */
    public void release(String user, String key) {
        keys.deleteOne(Filters.eq("_id", id(user, key)));
    }

    public Optional<Document> find(String user, String key) {
        return Optional.ofNullable(keys.find(Filters.eq("_id", id(user, key))).first());
    }

    /**
     * Removes at most {@code limit} records past their {@code expiresAt} by more than {@code grace}, and those kept by
     * an earlier release, which have none, once {@code retention} and {@code grace} have passed since their
     * {@code createdAt}: nothing that could still answer a retry. What was found is checked again as it is removed, so
     * a key a request took over meanwhile stays.
     *
     * @param grace how long past its expiry a record is left to the TTL monitor, zero or positive
     * @param limit at most this many records, from 1
     * @return how many records were removed, from 0 to {@code limit}
     */
    public int removeExpired(Duration grace, int limit) {
        Instant before = clock.instant().minus(grace);
        Bson removable = Filters.or(Filters.lt(EXPIRES_AT, Date.from(before)), Filters.and(
                Filters.exists(EXPIRES_AT, false), Filters.lt("createdAt", Date.from(before.minus(retention)))));
        List<Object> ids = keys.find(removable).projection(Projections.include("_id")).limit(limit)
                .map(document -> document.get("_id")).into(new ArrayList<>());
        if (ids.isEmpty()) {
            return 0;
        }
        return (int) keys.deleteMany(Filters.and(Filters.in("_id", ids), removable)).getDeletedCount();
    }

    private boolean inserted(Document pending) {
        try {
            keys.insertOne(pending);
            return true;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            return false;
        }
    }

    /**
     * A pending claim expires after the pending timeout, an answer after the retention, both from {@code createdAt};
     * either at the latest at its {@code expiresAt}, when it may be removed (sooner than the retention now in force if
     * it was claimed under a shorter one).
     */
    private boolean expired(Document entry, Instant now) {
        Instant created = entry.getDate("createdAt").toInstant();
        Duration limit = PENDING.equals(entry.getString("state")) ? pendingTimeout : retention;
        Date expiresAt = entry.getDate(EXPIRES_AT);
        return created.plus(limit).isBefore(now) || expiresAt != null && expiresAt.toInstant().isBefore(now);
    }

    private static Document id(String user, String key) {
        return new Document("user", user).append("key", key);
    }
}
