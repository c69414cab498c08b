package org.certaudit.query.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.ItemScoreRevised;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.ledger.EventDocuments;
import org.certaudit.ledger.treehead.SignedTreeHead;
import org.certaudit.query.AuditFixtures;
import org.certaudit.query.ProjectStream;
import org.certaudit.query.QuerySideTest;
import org.certaudit.scheme.Percent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every answer about an audit or project names the signed tree head it was computed under (issue #13), in the
 * {@code Ledger-*} headers and, for a JSON object, the {@code ledger} member: the earliest head covering the answer's
 * last event, else the latest head with {@code covers=false}. The log signs here only when told, so which head covers
 * which event is fixed: H0 covers the first half of the audit, H1 all of it but the last revision.
 */
@QuerySideTest
@TestPropertySource(properties = {"certaudit.ledger.sign-every=1000000", "certaudit.ledger.sign-interval=3650d"})
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AnswerTreeHeadTest {

    static final ProjectNumber PROJECT = new ProjectNumber("7313-2026-SE");
    static final AuditId AUDIT = AuditId.of(PROJECT, 1);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Autowired
    TestRestTemplate rest;
    @Autowired
    EventStore eventStore;
    @Autowired
    TransparencyLog log;
    @Autowired
    @Qualifier("certauditDatabase")
    MongoDatabase database;

    SignedTreeHead h0;
    SignedTreeHead h1;
    long early;
    long finished;
    long revised;
    String untouchedClause;

    @BeforeAll
    void anAuditLoggedUnderTwoHeadsAndARevisionNoHeadCoversYet() {
        List<AuditEvent> audit = AuditFixtures.seedScoredAs(AUDIT);
        early = ProjectStream.append(eventStore, "leader", audit.subList(0, 40));
        log.catchUp();
        h0 = log.signIfDue(true);
        finished = ProjectStream.append(eventStore, "leader", audit.subList(40, audit.size()));
        log.catchUp();
        h1 = log.signIfDue(true);
        revised = ProjectStream.append(eventStore, "leader", List.<AuditEvent>of(
                new ItemScoreRevised(AUDIT, "5.1.1.2", Percent.of(99), Percent.of(90), "fewer outlets", "2 closed")));
        log.catchUp();
        assertThat(log.store().latestHead()).contains(h1);
        assertThat(log.store().leafOfEvent(eventIdAt(revised))).as("the revision is logged, not yet signed").isPresent();
        untouchedClause = "5.1.1.1";
        assertThat(sequenceOf(untouchedClause)).as("an item scored in the first half").isLessThanOrEqualTo(early);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            ResponseEntity<String> scorecard = reviewer().getForEntity("/api/audits/" + AUDIT + "/scorecard", String.class);
            ResponseEntity<String> lineage = reviewer().getForEntity("/api/projects/" + PROJECT + "/lineage", String.class);
            return scorecard.getStatusCode() == HttpStatus.OK && JSON.readTree(scorecard.getBody()).path("version").asLong() == revised
                   && lineage.getStatusCode() == HttpStatus.OK
                   && JSON.readTree(lineage.getBody()).path("audits").path(0).path("version").asLong() == revised
                   && history("5.1.1.2").size() == 2 && trailSize() == revised + 1;
        });
    }

    @Test
    @Order(1)
    void answersShowingTheLatestEventNameTheLatestHeadAsNotCoveringIt() throws Exception {
        for (String path : List.of("/api/audits/" + AUDIT + "/scorecard",
                                   "/api/audits/" + AUDIT + "/scorecard?asOf=" + Instant.now(),
                                   "/api/audits/" + AUDIT + "/scorecard/diff?from=0",
                                   "/api/audits/" + AUDIT + "/events?size=200",
                                   "/api/audits/" + AUDIT,
                                   "/api/audits?projectNumber=" + PROJECT,
                                   "/api/projects/" + PROJECT + "/lineage")) {
            assertJson(path, h1, false);
        }
        assertHeaders(get("/api/audits/" + AUDIT + "/items/5.1.1.2/history"), h1, "revised item's history");
        for (String path : List.of("/report", "/report.html", "/report.pdf", "/scorecard.xlsx", "/scorecard.csv")) {
            ResponseEntity<byte[]> answer = reviewer().exchange("/api/audits/" + AUDIT + path, HttpMethod.GET, null, byte[].class);
            assertHeaders(answer, h1, path);
        }
        assertThat(new String(reviewer().getForObject("/api/audits/" + AUDIT + "/report.html", byte[].class),
                              java.nio.charset.StandardCharsets.UTF_8))
                .as("the report prints the same head as not covering").contains(h1.rootHash()).contains("尚未覆盖");
    }

    @Test
    @Order(2)
    void answersAtAnEarlierPointNameTheEarliestHeadThatCoversThem() throws Exception {
        Instant earlyTime = timestampAt(early);
        for (String path : List.of("/api/audits/" + AUDIT + "/scorecard?atVersion=" + early,
                                   "/api/audits/" + AUDIT + "/scorecard?asOf=" + earlyTime,
                                   "/api/audits/" + AUDIT + "/scorecard/diff?from=0&to=" + early,
                                   "/api/audits/" + AUDIT + "/events?size=" + (early + 1))) {
            assertJson(path, h0, true);
        }
        assertJson("/api/audits/" + AUDIT + "/scorecard?atVersion=" + finished, h1, true);
        assertJson("/api/audits/" + AUDIT + "/scorecard/diff?from=" + early + "&to=" + finished, h1, true);
        assertHeaders(get("/api/audits/" + AUDIT + "/items/" + untouchedClause + "/history"), h0, "untouched item's history");
        for (String path : List.of("/report.pdf", "/scorecard.xlsx", "/scorecard.csv")) {
            ResponseEntity<byte[]> answer = reviewer().exchange("/api/audits/" + AUDIT + path + "?atVersion=" + early,
                                                                HttpMethod.GET, null, byte[].class);
            assertHeaders(answer, h0, path + " at version " + early);
        }
    }

    @Test
    @Order(3)
    void evidenceSignsAHeadForTheOccasionAndFromThenOnTheLatestAnswersAreCovered() throws Exception {
        ResponseEntity<String> evidence = get("/api/audits/" + AUDIT + "/evidence");
        JsonNode bundle = JSON.readTree(evidence.getBody());
        SignedTreeHead h2 = JSON.treeToValue(bundle.path("treeHead"), SignedTreeHead.class);
        assertThat(h2.treeSize()).isGreaterThan(h1.treeSize());
        assertLedger(bundle.path("ledger"), h2, true, "audit evidence");
        assertHeaders(evidence, h2, "audit evidence");
        JsonNode ofProject = JSON.readTree(get("/api/projects/" + PROJECT + "/evidence").getBody());
        assertThat(ofProject.path("ledger").path("covers").asBoolean()).isTrue();

        assertJson("/api/audits/" + AUDIT + "/scorecard", h2, true);
        assertJson("/api/projects/" + PROJECT + "/lineage", h2, true);
        assertHeaders(get("/api/audits/" + AUDIT + "/items/5.1.1.2/history"), h2, "revised item's history");
        assertJson("/api/audits/" + AUDIT + "/scorecard?atVersion=" + early, h0, true);
    }

    @Test
    @Order(4)
    void aProblemCarriesNoTreeHead() {
        ResponseEntity<String> answer = get("/api/audits/" + AUDIT + "/scorecard?atVersion=x");
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(answer.getHeaders().containsKey("Ledger-Tree-Size")).isFalse();
    }

    @Test
    @Order(5)
    void documentsTheLedgerMemberAndTheHeadersInOpenApi() throws Exception {
        JsonNode docs = JSON.readTree(rest.getForObject("/v3/api-docs", String.class));
        JsonNode schemas = docs.path("components").path("schemas");
        assertThat(schemas.path("LedgerTreeHead").path("properties").has("covers")).isTrue();
        for (String schema : List.of("ScorecardView", "ScorecardDiff", "AuditTrail", "ProjectLineage", "AuditDetail",
                                     "AuditList", "EvidenceBundle")) {
            assertThat(schemas.path(schema).path("properties").path("ledger").path("$ref").asText()).as(schema)
                    .isEqualTo("#/components/schemas/LedgerTreeHead");
        }
        for (String path : List.of("/api/audits/{id}/scorecard", "/api/audits/{id}/scorecard/diff",
                                   "/api/audits/{id}/items/{clause}/history", "/api/audits/{id}/events",
                                   "/api/projects/{projectNumber}/lineage", "/api/audits/{id}/report.pdf",
                                   "/api/audits/{id}/scorecard.csv", "/api/audits/{id}/evidence")) {
            JsonNode headers = docs.path("paths").path(path).path("get").path("responses").path("200").path("headers");
            assertThat(headers.has("Ledger-Tree-Size") && headers.has("Ledger-Root-Hash")
                       && headers.has("Ledger-Tree-Head-Time")).as(path).isTrue();
        }
    }

    private void assertJson(String path, SignedTreeHead head, boolean covers) throws Exception {
        ResponseEntity<String> answer = get(path);
        assertThat(answer.getStatusCode()).as(path + ": " + answer.getBody()).isEqualTo(HttpStatus.OK);
        assertHeaders(answer, head, path);
        assertLedger(JSON.readTree(answer.getBody()).path("ledger"), head, covers, path);
    }

    private static void assertLedger(JsonNode ledger, SignedTreeHead head, boolean covers, String what) {
        assertThat(ledger.path("treeSize").asLong()).as(what + " ledger.treeSize").isEqualTo(head.treeSize());
        assertThat(ledger.path("rootHash").asText()).as(what + " ledger.rootHash").isEqualTo(head.rootHash());
        assertThat(Instant.parse(ledger.path("treeHeadTime").asText())).as(what + " ledger.treeHeadTime")
                .isEqualTo(Instant.ofEpochMilli(head.timestamp()));
        assertThat(ledger.path("covers").isBoolean()).as(what + " ledger.covers is a boolean").isTrue();
        assertThat(ledger.path("covers").asBoolean()).as(what + " ledger.covers").isEqualTo(covers);
    }

    private static void assertHeaders(ResponseEntity<?> answer, SignedTreeHead head, String what) {
        assertThat(answer.getStatusCode()).as(what).isEqualTo(HttpStatus.OK);
        HttpHeaders headers = answer.getHeaders();
        assertThat(headers.getFirst("Ledger-Tree-Size")).as(what + " Ledger-Tree-Size").isEqualTo(Long.toString(head.treeSize()));
        assertThat(headers.getFirst("Ledger-Root-Hash")).as(what + " Ledger-Root-Hash").isEqualTo(head.rootHash());
        assertThat(Instant.parse(headers.getFirst("Ledger-Tree-Head-Time"))).as(what + " Ledger-Tree-Head-Time")
                .isEqualTo(Instant.ofEpochMilli(head.timestamp()));
    }

    private JsonNode history(String clause) throws Exception {
        return JSON.readTree(get("/api/audits/" + AUDIT + "/items/" + clause + "/history").getBody());
    }

    private long trailSize() throws Exception {
        return JSON.readTree(get("/api/audits/" + AUDIT + "/events?size=1").getBody()).path("totalElements").asLong();
    }

    private long sequenceOf(String clause) {
        Document scored = database.getCollection(EventDocuments.EVENTS)
                .find(Filters.and(Filters.eq("aggregateId", PROJECT.value()), Filters.regex("payload", "\"" + clause.replace(".", "\\.") + "\"")))
                .first();
        return ((Number) scored.get("seq")).longValue();
    }

    private String eventIdAt(long seq) {
        return storedAt(seq).getString("eventId");
    }

    private Instant timestampAt(long seq) {
        return storedAt(seq).get("timestamp", Date.class).toInstant();
    }

    private Document storedAt(long seq) {
        return database.getCollection(EventDocuments.EVENTS)
                .find(Filters.eq(EventDocuments.STREAM, EventDocuments.streamKey(PROJECT.value(), seq))).first();
    }

    private ResponseEntity<String> get(String path) {
        return reviewer().exchange(path, HttpMethod.GET, HttpEntity.EMPTY, String.class);
    }

    private TestRestTemplate reviewer() {
        return rest.withBasicAuth("reviewer", "reviewer-pass");
    }
}
