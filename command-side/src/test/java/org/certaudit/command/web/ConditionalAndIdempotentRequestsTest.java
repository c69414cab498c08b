package org.certaudit.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certaudit.command.TestAudits.as;
import static org.certaudit.command.TestAudits.json;
import static org.certaudit.command.TestAudits.newProject;
import static org.certaudit.command.TestAudits.openBody;
import static org.certaudit.command.TestAudits.scoreBody;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.util.Map;
import org.bson.Document;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.command.HttpTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.test.web.servlet.MvcResult;

/** {@code If-Match} (412 on a stale version) and {@code Idempotency-Key} (a retry changes nothing). */
class ConditionalAndIdempotentRequestsTest extends HttpTest {

    @Autowired
    @Qualifier("certauditDatabase")
    private MongoDatabase database;

    @Nested
    class IfMatch {

        @Test
        void aChangeBasedOnTheCurrentVersionGoesThrough() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), scoreBody("99"))
                            .header("If-Match", "\"4\"").with(as("auditor")))
                    .andExpect(status().isOk())
                    .andExpect(header().string("ETag", "\"5\""));
        }

        /** RFC 9110 8.8.3: an entity tag is quoted; a plain number is none, and guessing it meant one is not ours. */
        @Test
        void aPlainNumberIsNoEntityTagAndIsRefusedNamingIfMatch() throws Exception {
            AuditId id = audits.readyToScore();
            int before = audits.events(id).size();
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), scoreBody("99"))
                            .header("If-Match", "4").with(as("auditor")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("If-Match"))
                    .andExpect(jsonPath("$.errors[0].code").value("version.if-match-format"))
                    .andExpect(jsonPath("$.errors[0].arguments.value").value("4"));
            assertThat(audits.events(id)).hasSize(before);
        }

        @Test
        void aStaleVersionGets412WithTheCurrentETagAndChangesNothing() throws Exception {
            AuditId id = audits.readyToScore();
            // Version 5: the leader scores 5.1.1.1; the auditor, still on version 4, scores it too.
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), scoreBody("98"))
                            .header("If-Match", "\"4\"").with(as("leader")))
                    .andExpect(status().isOk());
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), scoreBody("99"))
                            .header("If-Match", "\"4\"").with(as("auditor")))
                    .andExpect(status().isPreconditionFailed())
                    .andExpect(header().string("ETag", "\"5\""))
                    .andExpect(jsonPath("$.type").value("urn:certaudit:problem:stale-version"))
                    .andExpect(jsonPath("$.currentVersion").value(5))
                    .andExpect(jsonPath("$.detail", containsString("expected version 4, but the audit is at version 5")))
                    .andExpect(jsonPath("$.errors[0].code").value("version.stale"))
                    .andExpect(jsonPath("$.errors[0].arguments.expectedVersion").value(4))
                    .andExpect(jsonPath("$.errors[0].arguments.currentVersion").value(5));
            assertThat(audits.events(id)).hasSize(6);
        }

        @Test
        void aChangeToAnotherItemSinceTheVersionDoesNotConflictAndTheAnswerIsTheNewVersion() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), scoreBody("98"))
                            .header("If-Match", "\"4\"").with(as("leader")))
                    .andExpect(status().isOk());
            // B8 is 5.2.2.3, named by its code: another item than 5.1.1.1.
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "B8"), scoreBody("97"))
                            .header("If-Match", "\"4\"").with(as("auditor")))
                    .andExpect(status().isOk())
                    .andExpect(header().string("ETag", "\"6\""));
            http.perform(json(put("/api/audits/{id}/items/{item}/not-applicable", id, "5.1.1.2"),
                            Map.of("reason", "不涉及")).header("If-Match", "\"3\"").with(as("auditor")))
                    // Since version 3: a pledge and two other items.
                    .andExpect(status().isOk());
            assertThat(audits.events(id)).hasSize(8);
            // The same item named by its code is the same item: 5.2.2.3 was scored at version 6.
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.2.2.3"), Map.of("percent", new java.math.BigDecimal("90"), "note", "复核记录", "reason", "复核"))
                            .header("If-Match", "\"5\"").with(as("leader")))
                    .andExpect(status().isPreconditionFailed());
        }

        @Test
        void aPledgeDateCorrectedSinceTheVersionDoesNotConflictWithAnItem() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(put("/api/audits/{id}/pledges/{code}", id, "A"),
                            Map.of("signedOn", "2021-06-05", "reason", "误用默认日期")).header("If-Match", "\"4\"")
                            .with(as("leader")))
                    .andExpect(status().isOk());
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), scoreBody("98"))
                            .header("If-Match", "\"4\"").with(as("auditor")))
                    .andExpect(status().isOk())
                    .andExpect(header().string("ETag", "\"6\""));
            // A correction is no item change: made on an earlier version, it is stale.
            http.perform(json(put("/api/audits/{id}/pledges/{code}", id, "B"),
                            Map.of("signedOn", "2021-06-05", "reason", "误用默认日期")).header("If-Match", "\"5\"")
                            .with(as("auditor")))
                    .andExpect(status().isPreconditionFailed());
            assertThat(audits.events(id)).hasSize(7);
        }

        @Test
        void aChangeToACancelledOrDecidedAuditIsAnsweredByItsRuleNotByAStaleVersion() throws Exception {
            AuditId cancelled = audits.readyToScore();
            audits.send("admin", new org.certaudit.command.audit.CancelAudit(cancelled, "客户撤回申请"));
            AuditId decided = audits.reviewed();
            audits.send("decider", new org.certaudit.command.audit.DecideCertification(decided,
                    org.certaudit.audit.DecisionOutcome.GRANT, java.time.LocalDate.of(2021, 7, 1), "符合要求", null,
                    audits.version(decided)));
            Map<String, Object> onSite = Map.of("onSiteFrom", "2021-06-12", "onSiteTo", "2021-06-13",
                    "onSiteDays", 1.0, "reason", "受审查方申请改期");
            for (var audit : Map.of(cancelled, "audit.cancelled", decided, "audit.decided").entrySet()) {
                AuditId id = audit.getKey();
                int before = audits.events(id).size();
                http.perform(json(put("/api/audits/{id}/on-site", id), onSite).header("If-Match", "\"2\"")
                                .with(as("admin")))
                        .andExpect(status().isConflict())
                        .andExpect(jsonPath("$.errors[0].code").value(audit.getValue()));
                http.perform(json(put("/api/audits/{id}/items/{item}/not-applicable", id, "5.1.1.2"),
                                Map.of("reason", "不涉及")).header("If-Match", "\"2\"").with(as("auditor")))
                        .andExpect(status().isConflict())
                        .andExpect(jsonPath("$.errors[0].code").value(audit.getValue()));
                assertThat(audits.events(id)).hasSize(before);
            }
        }

        @Test
        void aStaleChangeThatCouldStillBeMadeIsStill412() throws Exception {
            AuditId recommended = audits.recommended();
            // A recommended audit is reopened by its leader: a change that can be made, so the version decides.
            http.perform(json(post("/api/audits/{id}/reopen", recommended), Map.of("reason", "补充证据"))
                            .header("If-Match", "\"2\"").with(as("leader")))
                    .andExpect(status().isPreconditionFailed());
        }

        @Test
        void anItemChangeItsRulesRefuseIsAnsweredByThoseRulesWhateverIfMatchSays() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "Z9"), scoreBody("99"))
                            .header("If-Match", "\"3\"").with(as("auditor")))
                    .andExpect(status().isNotFound());
            AuditId recommended = audits.recommended();
            http.perform(json(put("/api/audits/{id}/items/{item}", recommended, "5.1.1.1"), scoreBody("99"))
                            .header("If-Match", "\"3\"").with(as("auditor")))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.errors[0].code").value("audit.closed"));
        }

        @Test
        void aTeamChangeSinceTheVersionConflictsWithAnyItem() throws Exception {
            AuditId id = audits.readyToScore();
            // Version 2 is the auditor's assignment, 3 and 4 the pledges: the team changed after version 1.
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), scoreBody("99"))
                            .header("If-Match", "\"1\"").with(as("leader")))
                    .andExpect(status().isPreconditionFailed())
                    .andExpect(jsonPath("$.currentVersion").value(4));
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), scoreBody("99"))
                            .header("If-Match", "\"9\"").with(as("leader")))
                    // A version not reached yet.
                    .andExpect(status().isPreconditionFailed());
            assertThat(audits.events(id)).hasSize(5);
        }

        @Test
        void theVersionIsCheckedBeforeTheRules() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(post("/api/audits/{id}/recommendation", id), Map.of("grade", "TEN_STAR", "reportDate", "2021-06-07"))
                            .header("If-Match", "\"1\"").with(as("leader")))
                    .andExpect(status().isPreconditionFailed());
        }

        @Test
        void aVersionOfAProjectThatDoesNotExistYetGets412() throws Exception {
            ProjectNumber project = newProject();
            http.perform(json(post("/api/audits"), openBody(project, AuditType.INITIAL)).header("If-Match", "\"0\"")
                            .with(as("admin")))
                    .andExpect(status().isPreconditionFailed())
                    .andExpect(jsonPath("$.errors[0].code").value("version.nothing-yet"))
                    .andExpect(jsonPath("$.errors[0].arguments.expectedVersion").value(0));
            assertThat(audits.events(project)).isEmpty();
        }

        @Test
        void aMalformedIfMatchIs400NamingTheHeader() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), scoreBody("99"))
                            .header("If-Match", "\"04\"").with(as("auditor")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("If-Match"));
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), scoreBody("99"))
                            .header("If-Match", "W/\"4\"").with(as("auditor")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("If-Match"));
        }
    }

    @Nested
    class IdempotencyKey {

        @Test
        void aRetryReturnsTheFirstResponseWithoutASecondEvent() throws Exception {
            ProjectNumber project = newProject();
            Map<String, Object> body = openBody(project, AuditType.INITIAL);
            MvcResult first = http.perform(json(post("/api/audits"), body).header("Idempotency-Key", "open-1").with(as("admin")))
                    .andExpect(status().isCreated())
                    .andReturn();
            http.perform(json(post("/api/audits"), body).header("Idempotency-Key", "open-1").with(as("admin")))
                    .andExpect(status().isCreated())
                    .andExpect(header().string("Idempotent-Replayed", "true"))
                    .andExpect(header().string("Location", first.getResponse().getHeader("Location")))
                    .andExpect(header().string("ETag", "\"0\""))
                    .andExpect(content().json(first.getResponse().getContentAsString(), true));
            assertThat(audits.events(project)).hasSize(1);
        }

        @Test
        void aRetriedScoreIsNotTakenForARevision() throws Exception {
            AuditId id = audits.readyToScore();
            for (int attempt = 0; attempt < 2; attempt++) {
                http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), scoreBody("99"))
                                .header("Idempotency-Key", "score-5.1.1.1").with(as("auditor")))
                        .andExpect(status().isOk())
                        .andExpect(jsonPath("$.version").value(5));
            }
            assertThat(audits.events(id)).hasSize(6);
        }

        @Test
        void theSameKeyWithAnotherRequestIs422AndChangesNothing() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), scoreBody("99"))
                            .header("Idempotency-Key", "k-422").with(as("auditor")))
                    .andExpect(status().isOk());
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.2"), scoreBody("99"))
                            .header("Idempotency-Key", "k-422").with(as("auditor")))
                    .andExpect(status().isUnprocessableEntity())
                    .andExpect(jsonPath("$.type").value("urn:certaudit:problem:idempotency-key-reused"))
                    .andExpect(jsonPath("$.detail", containsString("was already used for another request (PUT /api/audits/"
                            + id + "/items/5.1.1.1)")))
                    .andExpect(jsonPath("$.errors[0].field").value("Idempotency-Key"))
                    .andExpect(jsonPath("$.errors[0].code").value("idempotency.key-reused"))
                    .andExpect(jsonPath("$.errors[0].arguments.key").value("k-422"));
            assertThat(audits.events(id)).hasSize(6);
        }

        /** A client library re-serialising a retry: its members reordered, other white space, 70 as 70.0 or 7e1. */
        @Test
        void aRetryReSerialisedByItsClientIsTheSameRequestAndReplays() throws Exception {
            AuditId id = audits.readyToScore();
            String first = "{\"percent\":70,\"note\":\"现场抽查记录\"}";
            MvcResult answer = http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), first)
                            .header("Idempotency-Key", "score-70").with(as("auditor")))
                    .andExpect(status().isOk())
                    .andExpect(header().doesNotExist("Idempotent-Replayed"))
                    .andReturn();
            for (String retry : new String[] {"{ \"note\": \"现场抽查记录\",\n  \"percent\": 70 }",
                    "{\"percent\":70.0,\"note\":\"现场抽查记录\"}", "{\"note\":\"\\u73b0场抽查记录\",\"percent\":7e1}"}) {
                http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), retry)
                                .header("Idempotency-Key", "score-70").with(as("auditor")))
                        .andExpect(status().isOk())
                        .andExpect(header().string("Idempotent-Replayed", "true"))
                        .andExpect(header().string("ETag", "\"5\""))
                        .andExpect(content().json(answer.getResponse().getContentAsString(), true));
            }
            assertThat(audits.events(id)).hasSize(6);
        }

        @Test
        void aRetryWithAnotherValueIsStill422() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), "{\"percent\":70,\"note\":\"记录\"}")
                            .header("Idempotency-Key", "score-70-or-71").with(as("auditor")))
                    .andExpect(status().isOk());
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), "{\"note\":\"记录\",\"percent\":71}")
                            .header("Idempotency-Key", "score-70-or-71").with(as("auditor")))
                    .andExpect(status().isUnprocessableEntity())
                    .andExpect(jsonPath("$.errors[0].code").value("idempotency.key-reused"));
            assertThat(audits.events(id)).hasSize(6);
        }

        /**
         * 70 and 70.0000000000000000001 are one IEEE 754 double, the numbers RFC 8785 canonicalizes; the API reads
         * decimals, and they are two requests.
         */
        @Test
        void aRetryWhoseNumberDiffersBeyondADoublesPrecisionIs422() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), "{\"percent\":70,\"note\":\"记录\"}")
                            .header("Idempotency-Key", "score-precise").with(as("auditor")))
                    .andExpect(status().isOk());
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"),
                            "{\"percent\":70.0000000000000000001,\"note\":\"记录\"}")
                            .header("Idempotency-Key", "score-precise").with(as("auditor")))
                    .andExpect(status().isUnprocessableEntity())
                    .andExpect(jsonPath("$.errors[0].code").value("idempotency.key-reused"));
            assertThat(audits.events(id)).hasSize(6);
        }

        /**
         * A record kept by an earlier release holds only the fingerprint of the body's bytes (SHA-256 over the request
         * line, NUL, If-Match or "null", NUL, the body), and lives for the retention of 24 hours: the same bytes sent
         * again replay its answer; a re-serialised body cannot be told the same by it, and is 422 as before.
         */
        @Test
        void aRecordKeptBeforeCanonicalFingerprintsStillReplaysTheSameBytes() throws Exception {
            AuditId id = audits.readyToScore();
            String body = "{\"percent\":70,\"note\":\"记录\"}";
            MvcResult answer = http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), body)
                            .header("Idempotency-Key", "kept-before").with(as("auditor")))
                    .andExpect(status().isOk())
                    .andReturn();
            Document key = new Document("user", "auditor").append("key", "kept-before");
            var keys = database.getCollection("idempotency_keys");
            Document stored = keys.find(Filters.eq("_id", key)).first();
            assertThat(stored.getString("canonicalFingerprint")).hasSize(64);
            java.security.MessageDigest sha256 = java.security.MessageDigest.getInstance("SHA-256");
            sha256.update(("PUT /api/audits/" + id + "/items/5.1.1.1\0null\0" + body)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(stored.getString("fingerprint")).isEqualTo(java.util.HexFormat.of().formatHex(sha256.digest()));
            // As an earlier release kept it: no canonical fingerprint.
            keys.updateOne(Filters.eq("_id", key), com.mongodb.client.model.Updates.unset("canonicalFingerprint"));

            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), body)
                            .header("Idempotency-Key", "kept-before").with(as("auditor")))
                    .andExpect(status().isOk())
                    .andExpect(header().string("Idempotent-Replayed", "true"))
                    .andExpect(content().json(answer.getResponse().getContentAsString(), true));
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), "{\"note\":\"记录\",\"percent\":70}")
                            .header("Idempotency-Key", "kept-before").with(as("auditor")))
                    .andExpect(status().isUnprocessableEntity())
                    .andExpect(jsonPath("$.errors[0].code").value("idempotency.key-reused"));
            assertThat(audits.events(id)).hasSize(6);
        }

        @Test
        void keysBelongToTheirUser() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), scoreBody("99"))
                            .header("Idempotency-Key", "shared").with(as("auditor")))
                    .andExpect(status().isOk());
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.2"), scoreBody("99"))
                            .header("Idempotency-Key", "shared").with(as("leader")))
                    .andExpect(status().isOk())
                    .andExpect(header().doesNotExist("Idempotent-Replayed"));
            assertThat(audits.events(id)).hasSize(7);
        }

        @Test
        void aRefusedRequestReleasesItsKeySoTheRetryRunsAgain() throws Exception {
            AuditId id = audits.staffed();
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), scoreBody("99"))
                            .header("Idempotency-Key", "before-pledge").with(as("auditor")))
                    .andExpect(status().isConflict());
            assertThat(database.getCollection("idempotency_keys")
                    .find(Filters.eq("_id", new Document("user", "auditor").append("key", "before-pledge"))).first()).isNull();
            audits.send("auditor", new org.certaudit.command.audit.SignPledge(id, null, java.time.LocalDate.of(2021, 6, 7)));
            audits.send("leader", new org.certaudit.command.audit.SignPledge(id, null, java.time.LocalDate.of(2021, 6, 7)));
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), scoreBody("99"))
                            .header("Idempotency-Key", "before-pledge").with(as("auditor")))
                    .andExpect(status().isOk())
                    .andExpect(header().doesNotExist("Idempotent-Replayed"));
        }

        @Test
        void storesTheAnswerUnderUserAndKey() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), scoreBody("99"))
                            .header("Idempotency-Key", "stored").with(as("auditor")))
                    .andExpect(status().isOk());
            Document stored = database.getCollection("idempotency_keys")
                    .find(Filters.eq("_id", new Document("user", "auditor").append("key", "stored"))).first();
            assertThat(stored).isNotNull();
            assertThat(stored.getString("state")).isEqualTo("DONE");
            assertThat(stored.get("response", Document.class).getInteger("status")).isEqualTo(200);
        }

        @Test
        void aMalformedKeyIs400NamingTheHeader() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), scoreBody("99"))
                            .header("Idempotency-Key", "has space").with(as("auditor")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("Idempotency-Key"));
            assertThat(audits.events(id)).hasSize(5);
        }
    }
}
