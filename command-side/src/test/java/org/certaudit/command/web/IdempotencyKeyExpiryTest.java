package org.certaudit.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certaudit.command.TestAudits.as;
import static org.certaudit.command.TestAudits.json;
import static org.certaudit.command.TestAudits.scoreBody;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.function.Consumer;
import org.bson.BsonDocument;
import org.bson.Document;
import org.certaudit.audit.AuditId;
import org.certaudit.command.HttpTest;
import org.certaudit.command.TestClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Expired {@code idempotency_keys} records: each carries its {@code expiresAt} as a date, MongoDB removes it then by a
 * TTL index, the sweep removes it where nothing honours that index (the embedded store these tests run on), and
 * whether it has been removed yet never changes the answer to a retry.
 */
class IdempotencyKeyExpiryTest extends HttpTest {

    private static final Duration RETENTION = Duration.ofHours(24);
    private static final Duration PENDING_TIMEOUT = Duration.ofMinutes(1);

    @Autowired
    @Qualifier("certauditDatabase")
    private MongoDatabase database;
    @Autowired
    private TestClock clock;
    @Autowired
    private IdempotencyKeySweep sweep;
    @Value("${certaudit.idempotency.retention:PT24H}")
    private Duration retention;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    private MongoCollection<Document> keys() {
        return database.getCollection("idempotency_keys");
    }

    private static Document id(String user, String key) {
        return new Document("user", user).append("key", key);
    }

    private MvcResult score(AuditId audit, String key) throws Exception {
        return http.perform(json(put("/api/audits/{id}/items/{item}", audit, "5.1.1.1"), scoreBody("95"))
                        .header("Idempotency-Key", key).with(as("auditor")))
                .andExpect(status().isOk())
                .andReturn();
    }

    @Test
    void theKeysHaveATtlIndexRemovingEachRecordAtItsExpiresAt() {
        Document index = keys().listIndexes().into(new ArrayList<>()).stream()
                .filter(candidate -> "expiresAt".equals(candidate.getString("name"))).findFirst().orElseThrow();

        assertThat(index.get("key", Document.class)).isEqualTo(new Document("expiresAt", 1));
        assertThat(((Number) index.get("expireAfterSeconds")).longValue()).isZero();
    }

    /** MongoDB's TTL monitor removes only documents whose indexed field is a date (or an array of dates). */
    @Test
    void aRecordHoldsItsExpiresAtAsABsonDateOneRetentionAfterItsClaim() throws Exception {
        AuditId audit = audits.readyToScore();
        score(audit, "expires-as-date");

        BsonDocument stored = keys().withDocumentClass(BsonDocument.class)
                .find(Filters.eq("_id", id("auditor", "expires-as-date"))).first();
        assertThat(stored.get("expiresAt").isDateTime()).as(stored.toJson()).isTrue();
        assertThat(stored.getDateTime("expiresAt").getValue() - stored.getDateTime("createdAt").getValue())
                .isEqualTo(retention.toMillis());
    }

    @Test
    void aRetryWithinTheRetentionStillReplaysAfterASweep() throws Exception {
        AuditId audit = audits.readyToScore();
        MvcResult first = score(audit, "kept-through-sweep");
        int recorded = audits.events(audit).size();
        clock.advance(retention.minusMinutes(1));
        keys().insertOne(record("expired-two-days-ago", "DONE", clock.instant().minus(Duration.ofDays(2)), retention));

        sweep.sweep();

        assertThat(keys().find(Filters.eq("_id", id("auditor", "expired-two-days-ago"))).first()).isNull();
        assertThat(keys().find(Filters.eq("_id", id("auditor", "kept-through-sweep"))).first()).isNotNull();
        http.perform(json(put("/api/audits/{id}/items/{item}", audit, "5.1.1.1"), scoreBody("95"))
                        .header("Idempotency-Key", "kept-through-sweep").with(as("auditor")))
                .andExpect(status().isOk())
                .andExpect(header().string("Idempotent-Replayed", "true"))
                .andExpect(content().json(first.getResponse().getContentAsString(), true));
        assertThat(audits.events(audit)).hasSize(recorded);
    }

    /**
     * A record past its {@code expiresAt} (claimed under a shorter retention than today's) answers no retry, though
     * no sweep has removed it yet: the request runs again, and scoring the item as it stands records nothing.
     */
    @Test
    void aRecordPastItsExpiresAtIsNotReplayedBeforeItIsRemoved() throws Exception {
        AuditId audit = audits.readyToScore();
        score(audit, "due-for-removal");
        int recorded = audits.events(audit).size();
        keys().updateOne(Filters.eq("_id", id("auditor", "due-for-removal")),
                Updates.set("expiresAt", Date.from(clock.instant().minusSeconds(1))));

        http.perform(json(put("/api/audits/{id}/items/{item}", audit, "5.1.1.1"), scoreBody("95"))
                        .header("Idempotency-Key", "due-for-removal").with(as("auditor")))
                .andExpect(status().isOk())
                .andExpect(header().doesNotExist("Idempotent-Replayed"));
        assertThat(audits.events(audit)).hasSize(recorded);
    }

    @Test
    void aRecordPastTheRetentionIsNotReplayedBeforeItIsRemoved() throws Exception {
        AuditId audit = audits.readyToScore();
        score(audit, "past-retention");
        int recorded = audits.events(audit).size();
        clock.advance(retention.plusSeconds(1));

        http.perform(json(put("/api/audits/{id}/items/{item}", audit, "5.1.1.1"), scoreBody("95"))
                        .header("Idempotency-Key", "past-retention").with(as("auditor")))
                .andExpect(status().isOk())
                .andExpect(header().doesNotExist("Idempotent-Replayed"));
        assertThat(audits.events(audit)).hasSize(recorded);
    }

    @Test
    void theSweepRemovesOnlyExpiredRecordsInBatchesAndCountsThem() {
        MongoCollection<Document> collection = database.getCollection("idempotency_keys_sweep_test");
        collection.drop();
        TestClock now = new TestClock();
        IdempotencyStore store = new IdempotencyStore(collection, RETENTION, PENDING_TIMEOUT, now);
        Instant at = now.instant();
        collection.insertOne(record("answered-an-hour-ago", "DONE", at.minus(Duration.ofHours(1)), RETENTION));
        // A claim whose request outlived the pending timeout: taken over by a retry, but not removed before its time.
        collection.insertOne(record("pending-for-two-hours", "PENDING", at.minus(Duration.ofHours(2)), RETENTION));
        collection.insertOne(record("claimed-under-a-week", "DONE", at.minus(Duration.ofDays(2)), Duration.ofDays(7)));
        for (int i = 1; i <= 4; i++) {
            collection.insertOne(record("expired-" + i, "DONE", at.minus(Duration.ofHours(24 + i)), RETENTION));
        }
        // Expired a minute ago: left to MongoDB's TTL monitor for the sweep's grace; it answers no retry meanwhile.
        collection.insertOne(record("expired-a-minute-ago", "DONE", at.minus(RETENTION).minusSeconds(60), RETENTION));
        // Kept by an earlier release, without expiresAt: removed once the retention has passed since createdAt.
        collection.insertOne(record("earlier-release-old", "DONE", at.minus(Duration.ofHours(25)), null));
        collection.insertOne(record("earlier-release-recent", "DONE", at.minus(Duration.ofHours(23)), null));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();

        try (IdempotencyKeySweep sweeping = new IdempotencyKeySweep(store, Duration.ofHours(1), 2, registry)) {
            assertThat(store.removeExpired(IdempotencyKeySweep.GRACE, 2)).isEqualTo(2);
            assertThat(sweeping.sweep()).isEqualTo(3);
            assertThat(sweeping.sweep()).isZero();
        }

        List<String> left = new ArrayList<>();
        collection.find().forEach(document -> left.add(document.get("_id", Document.class).getString("key")));
        assertThat(left).containsExactlyInAnyOrder("answered-an-hour-ago", "pending-for-two-hours",
                "claimed-under-a-week", "expired-a-minute-ago", "earlier-release-recent");
        assertThat(registry.get(IdempotencyKeySweep.METER).counter().count()).isEqualTo(3.0);
        collection.drop();
    }

    /** The sweep removes an expired record between a retry's read of it and its take-over: the retry runs. */
    @Test
    void aKeyWhoseExpiredRecordIsRemovedWhileARetryTakesItOverIsGranted() {
        MongoCollection<Document> collection = database.getCollection("idempotency_keys_takeover_test");
        collection.drop();
        TestClock now = new TestClock();
        IdempotencyStore store = new IdempotencyStore(
                beforeReplacing(collection, keys -> keys.deleteMany(new Document())), RETENTION, PENDING_TIMEOUT, now);
        RequestFingerprint request = RequestFingerprint.of("PUT /api/audits/x/items/B8", null,
                "{\"percent\":95}".getBytes(StandardCharsets.UTF_8));
        assertThat(store.claim("auditor", "swept-meanwhile", request, "PUT /api/audits/x/items/B8"))
                .isInstanceOf(IdempotencyStore.Claim.Granted.class);
        now.advance(RETENTION.plusMinutes(1));

        assertThat(store.claim("auditor", "swept-meanwhile", request, "PUT /api/audits/x/items/B8"))
                .isInstanceOf(IdempotencyStore.Claim.Granted.class);
        Document claimed = collection.find(Filters.eq("_id", id("auditor", "swept-meanwhile"))).first();
        assertThat(claimed.getString("state")).isEqualTo("PENDING");
        assertThat(claimed.getDate("createdAt").toInstant()).isAfter(now.instant().minus(Duration.ofMinutes(1)));
        collection.drop();
    }

    /** Another retry takes the expired record over first: this one waits, as for any claim still pending. */
    @Test
    void aKeyAnotherRetryTookOverMeanwhileIsInProgress() {
        MongoCollection<Document> collection = database.getCollection("idempotency_keys_takeover_test");
        collection.drop();
        TestClock now = new TestClock();
        IdempotencyStore store = new IdempotencyStore(beforeReplacing(collection, keys -> keys.updateOne(
                Filters.eq("_id", id("auditor", "taken-meanwhile")),
                Updates.set("createdAt", Date.from(now.instant())))), RETENTION, PENDING_TIMEOUT, now);
        RequestFingerprint request = RequestFingerprint.of("PUT /api/audits/x/items/B8", null,
                "{\"percent\":95}".getBytes(StandardCharsets.UTF_8));
        store.claim("auditor", "taken-meanwhile", request, "PUT /api/audits/x/items/B8");
        now.advance(RETENTION.plusMinutes(1));

        assertThat(store.claim("auditor", "taken-meanwhile", request, "PUT /api/audits/x/items/B8"))
                .isEqualTo(new IdempotencyStore.Claim.InProgress(PENDING_TIMEOUT));
        assertThat(collection.countDocuments()).isOne();
        collection.drop();
    }

    /** {@code keys}, doing {@code meanwhile} to it just before each {@code replaceOne}. */
    @SuppressWarnings("unchecked")
    private static MongoCollection<Document> beforeReplacing(MongoCollection<Document> keys,
                                                             Consumer<MongoCollection<Document>> meanwhile) {
        return (MongoCollection<Document>) Proxy.newProxyInstance(IdempotencyKeyExpiryTest.class.getClassLoader(),
                new Class<?>[] {MongoCollection.class}, (proxy, method, arguments) -> {
                    if (method.getName().equals("replaceOne")) {
                        meanwhile.accept(keys);
                    }
                    try {
                        return method.invoke(keys, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** A record as the store keeps it; {@code kept} null for one an earlier release kept, without expiresAt. */
    private static Document record(String key, String state, Instant createdAt, Duration kept) {
        Document record = new Document("_id", id("auditor", key)).append("fingerprint", "0".repeat(64))
                .append("request", "PUT /api/audits/x/items/B8").append("state", state)
                .append("createdAt", Date.from(createdAt));
        if (kept != null) {
            record.append("expiresAt", Date.from(createdAt.plus(kept)));
        }
        return record;
    }
}
