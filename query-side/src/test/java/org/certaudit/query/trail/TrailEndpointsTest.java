package org.certaudit.query.trail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditReopened;
import org.certaudit.audit.ItemScoreRevised;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.audit.SpecialItemKind;
import org.certaudit.audit.SpecialItemRecorded;
import org.certaudit.audit.SpecialItemWithdrawn;
import org.certaudit.audit.TeamMember;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.audit.TeamRole;
import org.certaudit.query.AuditFixtures;
import org.certaudit.query.ProjectStream;
import org.certaudit.query.QuerySideTest;
import org.certaudit.scheme.Percent;
import org.certaudit.scheme.SeedReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;

/**
 * {@code GET /api/audits/{id}/events} with its filters over HTTP: by kind, item, member and time, newest first, the
 * totals of what is listed, and a 400 naming the parameter for each filter that cannot be read.
 */
@QuerySideTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrailEndpointsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ProjectNumber PROJECT = new ProjectNumber("T0001-2021-SE");
    private static final AuditId AUDIT = AuditId.of(PROJECT, 1);
    private static final String EVENTS = "/api/audits/" + AUDIT + "/events";

    @Autowired
    TestRestTemplate rest;
    @Autowired
    EventStore eventStore;

    /** Between the scored audit, recorded first, and its revisions, recorded later. */
    private Instant between;
    private long scored;
    private long last;

    /**
     * An audit scored as the seed by its leader; then, recorded later, reopened by the leader, an auditor assigned by
     * the admin, who signed in as AUDITOR revises 5.2.2.3 (B8) and records a deduction on it, which the leader
     * withdraws.
     */
    @BeforeAll
    void aScoredAuditThenItsRevisions() throws Exception {
        List<AuditEvent> first = new ArrayList<>();
        first.add(AuditFixtures.opened(AUDIT, org.certaudit.audit.AuditType.INITIAL, null, AuditFixtures.SEED_ON_SITE_FROM,
                AuditFixtures.SEED_ON_SITE_TO));
        first.add(new TeamMemberAssigned(AUDIT, AuditFixtures.leader()));
        first.addAll(AuditFixtures.itemEvents(AUDIT, SeedReport.itemResults()));
        first.add(new AuditReopened(AUDIT, "复核"));
        scored = ProjectStream.append(eventStore, "leader", first);
        await().atMost(Duration.ofSeconds(30)).until(() -> total(EVENTS + "?size=1") == scored + 1);
        Thread.sleep(5);
        between = Instant.now();
        Thread.sleep(5);
        ProjectStream.append(eventStore, "admin", new TeamMemberAssigned(AUDIT,
                new TeamMember("B", "林晓", TeamRole.MEMBER, "DEMO-0002", "02.01.01", "010-5550-0102", "auditor")));
        ProjectStream.append(eventStore, "AUDITOR", new ItemScoreRevised(AUDIT, "5.2.2.3", Percent.of(97), Percent.of(80),
                        "记录不全", "2020 年记录缺失"),
                new SpecialItemRecorded(AUDIT, "S1", SpecialItemKind.DEDUCTION, "投诉处理超时", "5.2.2.3", "超时"));
        last = ProjectStream.append(eventStore, "leader", new SpecialItemWithdrawn(AUDIT, "S1", "已整改"));
        await().atMost(Duration.ofSeconds(30)).until(() -> total(EVENTS + "?size=1") == last + 1);
    }

    private ResponseEntity<String> get(String pathAndQuery) {
        return rest.withBasicAuth("regulator", "regulator-pass")
                .getForEntity(URI.create(rest.getRootUri() + pathAndQuery), String.class);
    }

    private JsonNode json(String pathAndQuery) throws Exception {
        ResponseEntity<String> answer = get(pathAndQuery);
        assertThat(answer.getStatusCode().value()).as(pathAndQuery + ": " + answer.getBody()).isEqualTo(200);
        return JSON.readTree(answer.getBody());
    }

    private long total(String pathAndQuery) throws Exception {
        ResponseEntity<String> answer = get(pathAndQuery);
        return answer.getStatusCode().value() == 200 ? JSON.readTree(answer.getBody()).path("totalElements").asLong() : -1;
    }

    private static List<String> types(JsonNode trail) {
        List<String> types = new ArrayList<>();
        trail.path("content").forEach(entry -> types.add(entry.path("type").asText()));
        return types;
    }

    /** The one error of a 400 problem. */
    private JsonNode refused(String pathAndQuery) throws Exception {
        ResponseEntity<String> answer = get(pathAndQuery);
        assertThat(answer.getStatusCode().value()).as(pathAndQuery + ": " + answer.getBody()).isEqualTo(400);
        assertThat(answer.getHeaders().getContentType().toString()).startsWith("application/problem+json");
        JsonNode errors = JSON.readTree(answer.getBody()).path("errors");
        assertThat(errors).as(pathAndQuery).hasSize(1);
        return errors.get(0);
    }

    @Test
    void listsOneItemsEventsByClauseOrCodeWithTheSpecialItemNamingItAndItsWithdrawal() throws Exception {
        JsonNode byClause = json(EVENTS + "?clause=5.2.2.3");
        JsonNode byCode = json(EVENTS + "?clause=B8");

        assertThat(types(byClause)).containsExactly("ItemScored", "ItemScoreRevised", "SpecialItemRecorded",
                "SpecialItemWithdrawn");
        assertThat(byClause.path("totalElements").asLong()).isEqualTo(4);
        assertThat(byClause.path("totalPages").asInt()).isEqualTo(1);
        assertThat(byCode.path("content")).isEqualTo(byClause.path("content"));
    }

    @Test
    void listsKindsOfEventGivenCommaSeparatedOrRepeatedWithTheirOwnTotalsAndPages() throws Exception {
        JsonNode comma = json(EVENTS + "?type=SpecialItemRecorded,TeamMemberAssigned&size=1&page=1");
        JsonNode repeated = json(EVENTS + "?type=SpecialItemRecorded&type=TeamMemberAssigned&size=1&page=1");

        assertThat(comma).isEqualTo(repeated);
        assertThat(comma.path("totalElements").asLong()).isEqualTo(3);
        assertThat(comma.path("totalPages").asInt()).isEqualTo(3);
        assertThat(types(comma)).containsExactly("TeamMemberAssigned");
        assertThat(comma.path("content").get(0).path("user").asText()).isEqualTo("admin");
    }

    @Test
    void listsWhatOneUserRecordedInAnyCase() throws Exception {
        JsonNode auditor = json(EVENTS + "?member=auditor");

        assertThat(types(auditor)).containsExactly("ItemScoreRevised", "SpecialItemRecorded");
        assertThat(auditor.path("content").get(0).path("user").asText()).isEqualTo("AUDITOR");
        assertThat(auditor.path("content").get(0).path("member").path("code").asText()).isEqualTo("B");
        assertThat(json(EVENTS + "?member=%EF%BD%81%EF%BD%84%EF%BD%8D%EF%BD%89%EF%BD%8E").path("totalElements").asLong())
                .as("ａｄｍｉｎ").isEqualTo(1);
    }

    @Test
    void listsTheEventsRecordedSinceOrUntilAMomentAndNoneOfADayLongPast() throws Exception {
        String moment = between.toString();

        assertThat(json(EVENTS + "?from=" + moment).path("totalElements").asLong()).isEqualTo(last - scored);
        assertThat(json(EVENTS + "?to=" + moment).path("totalElements").asLong()).isEqualTo(scored + 1);
        assertThat(json(EVENTS + "?from=" + moment + "&to=" + moment).path("totalElements").asLong()).isZero();
        assertThat(json(EVENTS + "?to=2021-06-07").path("totalElements").asLong()).as("the events were recorded now")
                .isZero();
        assertThat(json(EVENTS + "?from=2021-06-07&to=2100-12-31").path("totalElements").asLong()).isEqualTo(last + 1);
    }

    @Test
    void listsTheLatestFirstWithOrWithoutFilters() throws Exception {
        JsonNode newest = json(EVENTS + "?order=newest&size=2");
        JsonNode item = json(EVENTS + "?order=newest&clause=B8&type=ItemScored,ItemScoreRevised");

        assertThat(newest.path("content").get(0).path("sequenceNumber").asLong()).isEqualTo(last);
        assertThat(newest.path("content").get(1).path("sequenceNumber").asLong()).isEqualTo(last - 1);
        assertThat(types(item)).containsExactly("ItemScoreRevised", "ItemScored");
        assertThat(json(EVENTS + "?order=oldest&size=1").path("content").get(0).path("type").asText())
                .isEqualTo("AuditOpened");
    }

    @Test
    void anEmptyFilterIsNoFilter() throws Exception {
        assertThat(json(EVENTS + "?type=&clause=&member=&from=&to=&order=").path("totalElements").asLong())
                .isEqualTo(last + 1);
    }

    @Test
    void aKindOfEventThatIsNoneIsRefusedNamingTypeWithEveryKind() throws Exception {
        JsonNode unknown = refused(EVENTS + "?type=ItemScored,ItemDeleted");
        JsonNode padded = refused(EVENTS + "?type=%20ItemScored");
        JsonNode lowerCase = refused(EVENTS + "?type=itemscored");

        assertThat(unknown.path("field").asText()).isEqualTo("type");
        assertThat(unknown.path("code").asText()).isEqualTo("field.not-one-of");
        assertThat(unknown.path("arguments").path("value").asText()).isEqualTo("ItemDeleted");
        List<String> allowed = new ArrayList<>();
        unknown.path("arguments").path("allowed").forEach(value -> allowed.add(value.asText()));
        assertThat(allowed).isEqualTo(TrailFilter.EVENT_TYPES).contains("ItemScored", "SpecialItemWithdrawn",
                "CertificateRenewed");
        assertThat(padded.path("arguments").path("value").asText()).isEqualTo(" ItemScored");
        assertThat(lowerCase.path("arguments").path("value").asText()).isEqualTo("itemscored");
        assertThat(refused(EVENTS + "?type=ItemScored,,ItemScoreRevised").path("arguments").path("value").asText())
                .isEmpty();
    }

    @Test
    void aClauseThatIsNoItemOfTheSchemeIsRefusedNamingClause() throws Exception {
        for (String clause : List.of("5.2", "9.9.9", "Z9")) {
            JsonNode error = refused(EVENTS + "?clause=" + clause);

            assertThat(error.path("field").asText()).as(clause).isEqualTo("clause");
            assertThat(error.path("code").asText()).as(clause).isEqualTo("reference.unknown-item");
            assertThat(error.path("arguments").path("item").asText()).as(clause).isEqualTo(clause);
            assertThat(error.path("arguments").path("audit").asText()).as(clause).isEqualTo(AUDIT.value());
        }
        assertThat(get("/api/audits/" + AuditId.of(PROJECT, 9) + "/events?clause=5.2.2.3").getStatusCode().value())
                .as("an audit not known, whatever the clause").isEqualTo(404);
    }

    @Test
    void aMomentThatIsNoneOrAFromAfterToIsRefusedNamingIt() throws Exception {
        JsonNode malformed = refused(EVENTS + "?from=yesterday");
        JsonNode noDay = refused(EVENTS + "?to=2021-02-30");
        JsonNode unencodedPlus = refused(EVENTS + "?to=2021-06-07T18:00:00+08:00");
        JsonNode reversed = refused(EVENTS + "?from=2021-06-08&to=2021-06-07T23:59:59%2B08:00");

        assertThat(malformed.path("field").asText()).isEqualTo("from");
        assertThat(malformed.path("code").asText()).isEqualTo("field.instant");
        assertThat(malformed.path("message").asText()).contains("(the start of that day");
        assertThat(noDay.path("field").asText()).isEqualTo("to");
        assertThat(noDay.path("code").asText()).isEqualTo("field.date");
        assertThat(unencodedPlus.path("message").asText()).contains("%2B");
        assertThat(reversed.path("field").asText()).isEqualTo("from");
        assertThat(reversed.path("code").asText()).isEqualTo("period.end-before-start");
        assertThat(reversed.path("arguments").path("start").asText()).isEqualTo("2021-06-08");
        assertThat(reversed.path("arguments").path("end").asText()).isEqualTo("2021-06-07T23:59:59+08:00");
        assertThat(json(EVENTS + "?from=2021-06-07&to=2021-06-07").path("totalElements").asLong())
                .as("one day, from its start to its end").isZero();
    }

    @Test
    void anOrderOtherThanOldestOrNewestIsRefusedNamingOrder() throws Exception {
        for (String order : List.of("NEWEST", "latest", "desc")) {
            JsonNode error = refused(EVENTS + "?order=" + order);

            assertThat(error.path("field").asText()).isEqualTo("order");
            assertThat(error.path("code").asText()).isEqualTo("field.not-one-of");
            assertThat(error.path("arguments").path("allowed").toString()).isEqualTo("[\"oldest\",\"newest\"]");
        }
        assertThat(refused(EVENTS + "?order=newest&order=oldest").path("code").asText())
                .as("a one-value parameter given twice").isEqualTo("field.duplicate");
    }
}
