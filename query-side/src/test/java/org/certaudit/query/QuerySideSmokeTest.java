package org.certaudit.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditOpened;
import org.certaudit.audit.AuditReopened;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.GradeRecommended;
import org.certaudit.audit.ItemScoreRevised;
import org.certaudit.audit.PledgeSigned;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.Percent;
import org.certaudit.scheme.SeedReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * The query side over HTTP, on the seed audit as the command side would have written it: scored,
 * recommended, then reopened and B8 revised.
 */
@QuerySideTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuerySideSmokeTest {

    static final ProjectNumber PROJECT = new ProjectNumber("0455-2021-SE");
    static final AuditId AUDIT = AuditId.of(PROJECT, 1);
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @Autowired
    TestRestTemplate rest;
    @Autowired
    EventStore eventStore;

    long finishedVersion;
    Instant beforeRevision;

    @BeforeAll
    void seedAuditRecommendedThenB8Revised() throws InterruptedException {
        List<AuditEvent> seed = new ArrayList<>();
        AuditOpened opened = AuditFixtures.opened(AUDIT, AuditType.INITIAL, null, AuditFixtures.SEED_ON_SITE_FROM,
                AuditFixtures.SEED_ON_SITE_TO);
        seed.add(opened);
        seed.add(new TeamMemberAssigned(AUDIT, AuditFixtures.leader()));
        seed.add(new PledgeSigned(AUDIT, "A", LocalDate.of(2021, 6, 7)));
        seed.addAll(AuditFixtures.itemEvents(AUDIT, SeedReport.itemResults()));
        seed.add(new GradeRecommended(AUDIT, new BigDecimal("145.75"), Grade.TEN_STAR, LocalDate.of(2021, 6, 7)));
        finishedVersion = ProjectStream.append(eventStore, "leader", seed);
        awaitVersion(finishedVersion);
        Thread.sleep(5);
        beforeRevision = Instant.now();
        Thread.sleep(5);
        long revised = ProjectStream.append(eventStore, "leader",
                new AuditReopened(AUDIT, "B8 evidence re-checked"),
                new ItemScoreRevised(AUDIT, "5.2.2.3", Percent.of(97), Percent.of(80), "maintenance records incomplete",
                        "records for 2020 missing"));
        awaitVersion(revised);
    }

    private void awaitVersion(long version) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(json("/api/audits/" + AUDIT).path("version").asLong()).isEqualTo(version);
            assertThat(json("/api/audits/" + AUDIT + "/scorecard").path("version").asLong()).isEqualTo(version);
            assertThat(json("/api/audits/" + AUDIT + "/events?size=1").path("totalElements").asLong()).isEqualTo(version + 1);
            assertThat(json("/api/projects/" + PROJECT + "/lineage").path("audits").get(0).path("version").asLong())
                    .isEqualTo(version);
            assertThat(json("/api/audits/" + AUDIT + "/items/B8/history")).hasSize(version > finishedVersion ? 2 : 1);
        });
    }

    private ResponseEntity<String> get(String path) {
        return rest.withBasicAuth("reviewer", "reviewer-pass").getForEntity(path, String.class);
    }

    private JsonNode json(String path) throws Exception {
        ResponseEntity<String> response = get(path);
        assertThat(response.getStatusCode()).as(path + ": " + response.getBody()).isEqualTo(HttpStatus.OK);
        return JSON.readTree(response.getBody());
    }

    private static JsonNode item(JsonNode scorecard, String clauseOrCode) {
        for (JsonNode item : scorecard.path("items")) {
            if (item.path("clause").asText().equals(clauseOrCode) || item.path("code").asText().equals(clauseOrCode)) {
                return item;
            }
        }
        throw new AssertionError("no item " + clauseOrCode);
    }

    @Test
    void theScorecardAsOfBeforeTheRevisionIsTheReportsWithExactDecimals() throws Exception {
        ResponseEntity<String> response = get("/api/audits/" + AUDIT + "/scorecard?asOf=" + beforeRevision);

        assertThat(response.getBody()).contains("\"total\":145.75").contains("\"earned\":1.455");
        JsonNode card = JSON.readTree(response.getBody());
        assertThat(card.path("grade").asText()).isEqualTo("TEN_STAR");
        assertThat(card.path("complete").asBoolean()).isTrue();
        assertThat(card.path("version").asLong()).isEqualTo(finishedVersion);
        assertThat(item(card, "5.2.2.3").path("percent").decimalValue()).isEqualByComparingTo("97");
        assertThat(card.path("items")).hasSize(94);
        for (JsonNode item : card.path("items")) {
            String clause = item.path("clause").asText();
            if (item.path("notApplicable").asBoolean()) {
                assertThat(SeedReportEarned.rows().get(clause)[0]).isEqualTo(SeedReportEarned.NOT_APPLICABLE);
            } else {
                assertThat(item.path("earned").decimalValue()).as(clause).isEqualByComparingTo(SeedReportEarned.earned(clause));
            }
        }
    }

    @Test
    void theCurrentScorecardShowsTheRevisedScore() throws Exception {
        JsonNode card = json("/api/audits/" + AUDIT + "/scorecard");

        assertThat(item(card, "B8").path("percent").decimalValue()).isEqualByComparingTo("80");
        assertThat(item(card, "5.2.2.3").path("earned").decimalValue()).isEqualByComparingTo("1.2");
        assertThat(card.path("total").decimalValue()).isEqualByComparingTo("145.49");
        assertThat(card.path("gradeLabel").asText()).isEqualTo("十星级");
        assertThat(json("/api/audits/" + AUDIT + "/scorecard?atVersion=" + finishedVersion).path("total").decimalValue())
                .isEqualByComparingTo("145.75");
    }

    @Test
    void theItemHistoryListsTheScoreAndItsRevisionOldestFirst() throws Exception {
        JsonNode history = json("/api/audits/" + AUDIT + "/items/B8/history");

        assertThat(history).hasSize(2);
        assertThat(history.get(0).path("kind").asText()).isEqualTo("SCORED");
        assertThat(history.get(0).path("newPercent").decimalValue()).isEqualByComparingTo("97");
        assertThat(history.get(1).path("kind").asText()).isEqualTo("REVISED");
        assertThat(history.get(1).path("kindLabel").asText()).isEqualTo("修改评分");
        assertThat(history.get(1).path("oldPercent").decimalValue()).isEqualByComparingTo("97");
        assertThat(history.get(1).path("newPercent").decimalValue()).isEqualByComparingTo("80");
        assertThat(history.get(1).path("reason").asText()).isEqualTo("records for 2020 missing");
        assertThat(history.get(1).path("user").asText()).isEqualTo("leader");
        assertThat(history.get(1).path("member").path("code").asText()).isEqualTo("A");
        assertThat(history.get(1).path("member").path("name").asText()).isEqualTo(AuditFixtures.leader().name());
        assertThat(history.get(1).path("member").path("role").asText()).isEqualTo("LEADER");
        assertThat(history.get(1).path("position").asLong()).isGreaterThan(history.get(0).path("position").asLong());
        assertThat(json("/api/audits/" + AUDIT + "/items/5.2.2.3/history")).isEqualTo(history);
    }

    @Test
    void theDiffBetweenTheRecommendationAndNowListsB8WithBothTotals() throws Exception {
        JsonNode diff = json("/api/audits/" + AUDIT + "/scorecard/diff?from=" + finishedVersion + "&to=" + Instant.now());

        assertThat(diff.path("items")).hasSize(1);
        assertThat(diff.path("items").get(0).path("code").asText()).isEqualTo("B8");
        assertThat(diff.path("from").path("total").decimalValue()).isEqualByComparingTo("145.75");
        assertThat(diff.path("to").path("total").decimalValue()).isEqualByComparingTo("145.49");
        assertThat(diff.path("to").path("grade").asText()).isEqualTo("TEN_STAR");
    }

    @Test
    void theAuditDetailShowsTeamPledgeStatusAndVersion() throws Exception {
        JsonNode audit = json("/api/audits/" + AUDIT);

        assertThat(audit.path("organization").path("name").asText()).isEqualTo("新疆隆威家具有限责任公司");
        assertThat(audit.path("team").get(0).path("name").asText()).isEqualTo("李雅宁");
        assertThat(audit.path("pledges").get(0).path("signedOn").asText()).isEqualTo("2021-06-07");
        assertThat(audit.path("status").asText()).isEqualTo("REOPENED");
        assertThat(audit.path("statusLabel").asText()).isEqualTo("已重开");
        assertThat(audit.path("typeLabel").asText()).isEqualTo("初次认证");
        assertThat(audit.path("teamRoleLabels").path("A").asText()).isEqualTo("组长");
        assertThat(audit.path("onSiteDays").decimalValue()).isEqualByComparingTo("3.0");

        JsonNode list = json("/api/audits?projectNumber=" + PROJECT + "&status=reopened");
        assertThat(list.path("content")).hasSize(1);
        assertThat(list.path("content").get(0).path("id").asText()).isEqualTo(AUDIT.value());
        assertThat(list.path("content").get(0).path("typeLabel").asText()).isEqualTo("初次认证");
        assertThat(json("/api/audits?projectNumber=" + PROJECT + "&status=FINISHED").path("content")).isEmpty();
    }

    @Test
    void theTrailPagesThroughTheEventsWithExactPayloads() throws Exception {
        JsonNode first = json("/api/audits/" + AUDIT + "/events?page=0&size=10");
        JsonNode last = json("/api/audits/" + AUDIT + "/events?page=" + (first.path("totalPages").asInt() - 1) + "&size=10");

        assertThat(first.path("content").get(0).path("type").asText()).isEqualTo("AuditOpened");
        assertThat(first.path("content").get(0).path("sequenceNumber").asLong()).isZero();
        assertThat(first.path("content").get(0).path("payload").path("auditId").asText()).isEqualTo(AUDIT.value());
        assertThat(first.path("content").get(0).path("member").isNull()).as("nobody was on the team yet").isTrue();
        assertThat(get("/api/audits/" + AUDIT + "/events?page=0&size=1").getBody()).as("decimals as written")
                .contains("\"onSiteDays\":3.0");
        JsonNode revision = last.path("content").get(last.path("content").size() - 1);
        assertThat(revision.path("type").asText()).isEqualTo("ItemScoreRevised");
        assertThat(revision.path("user").asText()).isEqualTo("leader");
        assertThat(revision.path("requestId").asText()).isNotBlank();
        assertThat(revision.path("payload").path("percent").decimalValue()).isEqualByComparingTo("80");
        assertThat(revision.path("payload").path("previousPercent").decimalValue()).isEqualByComparingTo("97");
        assertThat(revision.path("member").path("code").asText()).isEqualTo("A");
    }

    @Test
    void badParametersAreProblemsNamingTheParameter() throws Exception {
        ResponseEntity<String> badInstant = get("/api/audits/" + AUDIT + "/scorecard?asOf=yesterday");
        assertThat(badInstant.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(badInstant.getHeaders().getContentType().toString()).contains("application/problem+json");
        assertThat(JSON.readTree(badInstant.getBody()).path("errors").path(0).path("field").asText()).isEqualTo("asOf");

        assertThat(JSON.readTree(get("/api/audits/" + AUDIT + "/scorecard?atVersion=-1").getBody()).path("errors").path(0).path("field").asText())
                .isEqualTo("atVersion");
        assertThat(JSON.readTree(get("/api/audits/" + AUDIT + "/scorecard/diff").getBody()).path("errors").path(0).path("field").asText())
                .isEqualTo("from");
        assertThat(JSON.readTree(get("/api/audits?status=CLOSED").getBody()).path("errors").path(0).path("field").asText()).isEqualTo("status");
        assertThat(JSON.readTree(get("/api/audits?size=0").getBody()).path("errors").path(0).path("field").asText()).isEqualTo("size");
        assertThat(JSON.readTree(get("/api/audits?page=x").getBody()).path("errors").path(0).path("field").asText()).isEqualTo("page");
        assertThat(JSON.readTree(get("/api/audits/not-an-id/scorecard").getBody()).path("errors").path(0).path("field").asText()).isEqualTo("id");
    }

    @Test
    void unknownAuditsAndItemsAreNotFound() {
        assertThat(get("/api/audits/" + PROJECT + ".9").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(get("/api/audits/" + PROJECT + ".9/scorecard").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(get("/api/audits/" + PROJECT + ".9/events").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(get("/api/audits/" + AUDIT + "/items/Z99/history").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(get("/api/projects/9999-2099-XX/lineage").getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(get("/api/audits/" + AUDIT + "/scorecard?atVersion=0").getStatusCode()).isEqualTo(HttpStatus.OK);
        // A point of an unknown audit, and a point before a known audit was opened: two different 404s.
        for (String unknown : List.of("/scorecard?atVersion=3", "/scorecard?asOf=2021-01-01", "/scorecard/diff?from=0")) {
            ResponseEntity<String> answer = get("/api/audits/" + PROJECT + ".9" + unknown);
            assertThat(answer.getStatusCode()).as(unknown).isEqualTo(HttpStatus.NOT_FOUND);
            assertThat(answer.getBody()).as(unknown).contains("no audit " + PROJECT + ".9");
        }
        ResponseEntity<String> early = get("/api/audits/" + AUDIT + "/scorecard?asOf=2020-12-31");
        assertThat(early.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(early.getBody()).contains("was not opened yet");
    }

    @Test
    void readingNeedsASignedInUser() {
        ResponseEntity<String> anonymous = rest.getForEntity("/api/audits/" + AUDIT, String.class);
        assertThat(anonymous.getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(anonymous.getHeaders().getContentType().toString()).contains("application/problem+json");
        assertThat(anonymous.getHeaders().getFirst("WWW-Authenticate")).startsWith("Basic");
        assertThat(rest.withBasicAuth("regulator", "regulator-pass").getForEntity("/api/audits/" + AUDIT, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(rest.withBasicAuth("regulator", "wrong").getForEntity("/api/audits/" + AUDIT, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void headIsAnsweredWhereGetIsByTheSameRulesButOpensNoStream() {
        TestRestTemplate regulator = rest.withBasicAuth("regulator", "regulator-pass");
        ResponseEntity<String> head = regulator.exchange("/api/audits/" + AUDIT + "/scorecard", HttpMethod.HEAD, null,
                String.class);
        assertThat(head.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(head.getHeaders().getContentType().toString()).contains("application/json");
        assertThat(head.getBody()).isNull();
        assertThat(rest.exchange("/api/audits/" + AUDIT, HttpMethod.HEAD, null, String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
        assertThat(rest.withBasicAuth("metrics", "metrics-pass").exchange("/api/audits/" + AUDIT, HttpMethod.HEAD, null,
                String.class).getStatusCode()).isEqualTo(HttpStatus.FORBIDDEN);
        ResponseEntity<String> stream = regulator.exchange("/api/audits/" + AUDIT + "/scorecard/updates", HttpMethod.HEAD,
                null, String.class);
        assertThat(stream.getStatusCode()).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
        assertThat(stream.getHeaders().getAllow()).containsExactly(HttpMethod.GET);
    }

    @Test
    void anAcceptTheEndpointCannotAnswerIsA406NamingTheHeaderAndWhatItAnswersIn() throws Exception {
        org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
        headers.set("Accept", "application/json");
        ResponseEntity<String> refused = rest.withBasicAuth("regulator", "regulator-pass").exchange(
                "/api/audits/" + AUDIT + "/scorecard/updates", HttpMethod.GET,
                new org.springframework.http.HttpEntity<>(headers), String.class);
        assertThat(refused.getStatusCode()).isEqualTo(HttpStatus.NOT_ACCEPTABLE);
        JsonNode problem = JSON.readTree(refused.getBody());
        assertThat(problem.path("detail").asText()).startsWith("this endpoint answers text/event-stream")
                .doesNotContain("answers application/json");
        JsonNode error = problem.path("errors").path(0);
        assertThat(error.path("field").asText()).isEqualTo("Accept");
        assertThat(error.path("code").asText()).isEqualTo("request.not-acceptable");
        assertThat(error.path("arguments").path("value").asText()).isEqualTo("application/json");
        assertThat(error.path("arguments").path("available").toString()).isEqualTo("[\"text/event-stream\"]");
    }

    @Test
    void anAcceptRefusingJsonWithQZeroIsA406AndTheUsualOnesAreAnswered() throws Exception {
        // RFC 9110 12.5.1: q=0 refuses a type, and the specific range wins over the wildcard.
        for (String path : List.of("/api/audits/" + AUDIT + "/scorecard", "/api/audits/" + AUDIT, "/api/audits")) {
            for (String accept : List.of("application/json;q=0", "*/*;q=0", "*/*, application/json;q=0",
                    "application/*;q=0, */*", "application/json;version=2")) {
                ResponseEntity<String> refused = withAccept(path, accept);
                assertThat(refused.getStatusCode()).as(path + " " + accept).isEqualTo(HttpStatus.NOT_ACCEPTABLE);
                assertThat(refused.getHeaders().getContentType()).as(path + " " + accept)
                        .isEqualTo(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON);
                JsonNode error = JSON.readTree(refused.getBody()).path("errors").path(0);
                assertThat(error.path("code").asText()).isEqualTo("request.not-acceptable");
                assertThat(error.path("arguments").path("value").asText()).isEqualTo(accept);
                assertThat(error.path("arguments").path("available").toString()).isEqualTo("[\"application/json\"]");
            }
            for (String accept : java.util.Arrays.asList(null, "*/*", "application/json",
                    "application/problem+json, application/json", "application/json;charset=UTF-8",
                    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html, application/json;q=0.1")) {
                ResponseEntity<String> answered = withAccept(path, accept);
                assertThat(answered.getStatusCode()).as(path + " " + accept).isEqualTo(HttpStatus.OK);
                assertThat(answered.getHeaders().getContentType().isCompatibleWith(
                        org.springframework.http.MediaType.APPLICATION_JSON)).as(path + " " + accept).isTrue();
            }
        }
    }

    private ResponseEntity<String> withAccept(String path, String accept) {
        org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
        if (accept != null) {
            headers.set("Accept", accept);
        }
        return rest.withBasicAuth("regulator", "regulator-pass").exchange(path, HttpMethod.GET,
                new org.springframework.http.HttpEntity<>(headers), String.class);
    }

    @Test
    void aResourceIsJsonOnlyAndYamlIsA406NamingAcceptAndTheOneTypeAvailable() throws Exception {
        org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
        headers.set("Accept", "application/yaml");
        for (String path : List.of("/api/audits/" + AUDIT + "/scorecard", "/api/audits")) {
            ResponseEntity<String> refused = rest.withBasicAuth("regulator", "regulator-pass").exchange(path,
                    HttpMethod.GET, new org.springframework.http.HttpEntity<>(headers), String.class);
            assertThat(refused.getStatusCode()).as(path).isEqualTo(HttpStatus.NOT_ACCEPTABLE);
            JsonNode error = JSON.readTree(refused.getBody()).path("errors").path(0);
            assertThat(error.path("code").asText()).isEqualTo("request.not-acceptable");
            assertThat(error.path("arguments").path("available").toString()).isEqualTo("[\"application/json\"]");
        }
    }

    @Test
    void theApiIsDocumented() throws Exception {
        JsonNode api = JSON.readTree(rest.getForEntity("/v3/api-docs", String.class).getBody());

        assertThat(api.path("paths").has("/api/audits/{id}/scorecard/diff")).isTrue();
        assertThat(api.path("paths").has("/api/projects/{projectNumber}/lineage")).isTrue();
        assertThat(api.path("paths").has("/api/admin/processors/{name}/rebuild")).isTrue();
    }
}
