package org.certaudit.command.web;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * Remembers, per user and {@code Idempotency-Key}, the request that used it and the response it
 * got, in the {@code idempotency_keys} collection. The {@code _id} is {user, key}: the store's
 * unique primary key makes claiming a key atomic across instances, and it is the one lookup
 * the embedded store serves by index.
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
                .append("createdAt", Date.from(now));
        try {
            keys.insertOne(pending);
            return new Claim.Granted();
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
        }
        Document existing = keys.find(Filters.eq("_id", id)).first();
        if (existing == null || expired(existing, now)) {
            // Expired or gone meanwhile: take the key over, unless another request just did.
            Bson unchanged = existing == null ? Filters.eq("_id", id)
                    : Filters.and(Filters.eq("_id", id), Filters.eq("createdAt", existing.getDate("createdAt")));
            var result = keys.replaceOne(unchanged, pending, new ReplaceOptions().upsert(existing == null));
            return result.getModifiedCount() == 1 || result.getUpsertedId() != null
                    ? new Claim.Granted() : new Claim.InProgress(pendingTimeout);
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

    private boolean expired(Document entry, Instant now) {
        Instant created = entry.getDate("createdAt").toInstant();
        Duration limit = PENDING.equals(entry.getString("state")) ? pendingTimeout : retention;
        return created.plus(limit).isBefore(now);
    }

    private static Document id(String user, String key) {
        return new Document("user", user).append("key", key);
    }
}
