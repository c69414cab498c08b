package org.certaudit.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certaudit.command.TestAudits.as;
import static org.certaudit.command.TestAudits.json;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.DomainEventMessage;
import org.bson.Document;
import org.certaudit.audit.AuditId;
import org.certaudit.command.HttpTest;
import org.certaudit.command.TestClock;
import org.certaudit.command.audit.AuditMetaData;
import org.certaudit.eventstore.MongoEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;

/**
 * The gap the {@code idempotency_keys} record leaves and the event store closes: the command side dies
 * (kill -9) after the change was stored but before the key was marked done, the key's record stays
 * {@code PENDING}, the pending timeout passes, and the client retries with the same key.
 */
class IdempotencyAfterCrashTest extends HttpTest {

    private static final Map<String, Object> DEDUCTION = Map.of("kind", "DEDUCTION",
            "finding", "回访记录缺少客户签字", "clause", "5.3.3.2", "reason", "抽查三份回访记录均无签字");

    @Autowired
    @Qualifier("certauditDatabase")
    private MongoDatabase database;
    @Autowired
    private TestClock clock;
    @Value("${certaudit.idempotency.pending-timeout:PT1M}")
    private Duration pendingTimeout;

    @AfterEach
    void resetClock() {
        clock.reset();
    }

    @Test
    void aRetryAfterTheKeyWasLeftPendingWritesNothingAndGets409() throws Exception {
        AuditId id = audits.readyToScore();
        http.perform(json(post("/api/audits/{id}/special-items", id), DEDUCTION)
                        .header("Idempotency-Key", "crash-1").with(as("leader")))
                .andExpect(status().isCreated());
        int recorded = audits.events(id).size();
        leftPendingByACrash("leader", "crash-1");
        clock.advance(pendingTimeout.plusSeconds(1));

        http.perform(json(post("/api/audits/{id}/special-items", id), DEDUCTION)
                        .header("Idempotency-Key", "crash-1").with(as("leader")))
                .andExpect(status().isConflict())
                .andExpect(header().doesNotExist("Idempotent-Replayed"))
                .andExpect(jsonPath("$.type").value("urn:certaudit:problem:idempotency-key-used"))
                .andExpect(jsonPath("$.detail", containsString("Idempotency-Key 'crash-1'")))
                .andExpect(jsonPath("$.detail", containsString("GET the resource")))
                .andExpect(jsonPath("$.errors[0].field").value("Idempotency-Key"))
                .andExpect(jsonPath("$.errors[0].code").value("idempotency.key-used"))
                .andExpect(jsonPath("$.errors[0].arguments.key").value("crash-1"));

        assertThat(audits.events(id)).hasSize(recorded);
    }

    @Test
    void aRetryBeforeAPendingKeyExpiresIsToldWhenItIsFree() throws Exception {
        AuditId id = audits.readyToScore();
        http.perform(json(post("/api/audits/{id}/special-items", id), DEDUCTION)
                        .header("Idempotency-Key", "crash-3").with(as("leader")))
                .andExpect(status().isCreated());
        int recorded = audits.events(id).size();
        leftPendingByACrash("leader", "crash-3");
        clock.advance(pendingTimeout.minusSeconds(20));

        // Nothing tells a running request from one a crash cut short: the answer says when the claim expires.
        http.perform(json(post("/api/audits/{id}/special-items", id), DEDUCTION)
                        .header("Idempotency-Key", "crash-3").with(as("leader")))
                .andExpect(status().isConflict())
                // 20 s of the pending timeout are left, rounded up (less, if this machine took seconds meanwhile).
                .andExpect(header().string("Retry-After", matchesPattern("1[0-9]|20")))
                .andExpect(jsonPath("$.errors[0].code").value("idempotency.key-in-progress"))
                .andExpect(jsonPath("$.detail", containsString("or in one a restart cut short; retry it in ")));
        assertThat(audits.events(id)).hasSize(recorded);
    }

    @Test
    void theKeyStaysUsedAfterItsRecordIsGoneAltogether() throws Exception {
        AuditId id = audits.readyToScore();
        http.perform(json(post("/api/audits/{id}/special-items", id), DEDUCTION)
                        .header("Idempotency-Key", "crash-2").with(as("leader")))
                .andExpect(status().isCreated());
        int recorded = audits.events(id).size();
        // A failure while keeping the answer releases the record: the same state as a record that expired.
        database.getCollection("idempotency_keys").deleteOne(Filters.eq("_id", id("leader", "crash-2")));

        http.perform(json(post("/api/audits/{id}/special-items", id), DEDUCTION)
                        .header("Idempotency-Key", "crash-2").with(as("leader")))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("urn:certaudit:problem:idempotency-key-used"));
        assertThat(audits.events(id)).hasSize(recorded);
    }

    @Test
    void theChangeCarriesTheKeyAndOnlyItsFirstEventIsMarked() throws Exception {
        AuditId id = audits.readyToScore();
        http.perform(json(post("/api/audits/{id}/special-items", id), DEDUCTION)
                        .header("Idempotency-Key", "carried").with(as("leader")))
                .andExpect(status().isCreated());

        List<DomainEventMessage<?>> events = audits.events(id);
        DomainEventMessage<?> last = events.get(events.size() - 1);
        assertThat(last.getMetaData()).containsEntry(AuditMetaData.IDEMPOTENCY_KEY, "carried")
                .containsEntry(AuditMetaData.USER, "leader");
        assertThat(AuditMetaData.IDEMPOTENCY_KEY).isEqualTo(MongoEventStorageEngine.IDEMPOTENCY_KEY);
        List<Document> marked = database.getCollection(MongoEventStorageEngine.EVENTS)
                .find(Filters.eq(MongoEventStorageEngine.IDEMPOTENCY, "[\"leader\",\"carried\"]")).into(new java.util.ArrayList<>());
        assertThat(marked).singleElement().satisfies(document ->
                assertThat(document.getString("eventId")).isEqualTo(last.getIdentifier()));
    }

    @Test
    void aChangeWithoutAKeyIsNotMarked() throws Exception {
        AuditId id = audits.readyToScore();
        for (int attempt = 0; attempt < 2; attempt++) {
            http.perform(json(post("/api/audits/{id}/special-items", id), DEDUCTION).with(as("leader")))
                    .andExpect(status().isCreated());
        }
        List<DomainEventMessage<?>> events = audits.events(id);
        assertThat(events.get(events.size() - 1).getMetaData()).doesNotContainKey(AuditMetaData.IDEMPOTENCY_KEY);
    }

    /** What kill -9 between storing the change and keeping the answer leaves: the claim, still PENDING. */
    private void leftPendingByACrash(String user, String key) {
        var result = database.getCollection("idempotency_keys").updateOne(Filters.eq("_id", id(user, key)),
                Updates.combine(Updates.set("state", "PENDING"), Updates.unset("response")));
        assertThat(result.getMatchedCount()).isEqualTo(1);
    }

    private static Document id(String user, String key) {
        return new Document("user", user).append("key", key);
    }
}
