package org.certaudit.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.GradeRecommended;
import org.certaudit.audit.PledgeSigned;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.SeedReport;
import org.certaudit.web.RawHttp;
import org.certaudit.web.RuleCode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A corpus of bad requests, sent byte for byte to the running query side, of every kind of
 * issue #10 and on every endpoint: each must be answered 4xx (a 500 fails the build) as an
 * {@code application/problem+json} with our type, a title, a detail, the request id and, where
 * a parameter or header is at fault, its name; every 400 names its rule's code of the catalogue with exactly its
 * arguments (the case states the code and one telling argument); and the read models stay as they were. Also the
 * regulator's filters and the date form of {@code asOf}, which the corpus refuses when malformed.
 */
@QuerySideTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadRequestCorpusTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ProjectNumber PROJECT = new ProjectNumber("C0010-2021-SE");
    private static final AuditId AUDIT = AuditId.of(PROJECT, 1);
    private static final byte[] RAW_CHINESE = "隆威".getBytes(StandardCharsets.UTF_8);

    @LocalServerPort
    int port;
    @Autowired
    EventStore eventStore;

    long version;

    @BeforeAll
    void recommendedAudit() {
        List<AuditEvent> events = new ArrayList<>();
        events.add(AuditFixtures.opened(AUDIT, AuditType.INITIAL, null, LocalDate.of(2023, 3, 6), LocalDate.of(2023, 3, 8)));
        events.add(new TeamMemberAssigned(AUDIT, AuditFixtures.leader()));
        events.add(new PledgeSigned(AUDIT, "A", LocalDate.of(2023, 3, 6)));
        events.addAll(AuditFixtures.itemEvents(AUDIT, SeedReport.itemResults()));
        events.add(new GradeRecommended(AUDIT, new BigDecimal("145.75"), Grade.TEN_STAR, LocalDate.of(2023, 3, 8)));
        version = ProjectStream.append(eventStore, "leader", events);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(get("/api/audits/" + AUDIT, "reviewer").path("version").asLong()).isEqualTo(version);
            assertThat(get("/api/audits/" + AUDIT + "/events?size=1", "reviewer").path("totalElements").asLong())
                    .isEqualTo(version + 1);
            assertThat(get("/api/audits/" + AUDIT + "/scorecard", "reviewer").path("version").asLong()).isEqualTo(version);
        });
    }

    /**
     * One bad request and what its answer must say: the status (400 unless given), the field at fault, and for a 400 the
     * rule's code, with one argument that tells this refusal from others of its code ({@code argument} and its value,
     * an array compared as its elements joined by commas).
     */
    record Case(String kind, String description, String method, byte[] target, String user, Map<String, String> headers,
                String field, Integer status, String code, String argument, String value) {

        Case field(String expected) {
            return new Case(kind, description, method, target, user, headers, expected, status, code, argument, value);
        }

        Case status(int expected) {
            return new Case(kind, description, method, target, user, headers, field, expected, code, argument, value);
        }

        Case rule(String expected) {
            return new Case(kind, description, method, target, user, headers, field, status, expected, null, null);
        }

        Case rule(String expected, String argumentName, Object argumentValue) {
            return new Case(kind, description, method, target, user, headers, field, status, expected, argumentName,
                    String.valueOf(argumentValue));
        }

        Case header(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Case(kind, description, method, target, user, more, field, status, code, argument, this.value);
        }
    }

    private static Case bad(String kind, String description, String method, Object target, String user) {
        byte[] bytes = target instanceof byte[] raw ? raw : target.toString().getBytes(StandardCharsets.UTF_8);
        return new Case(kind, description, method, bytes, user, Map.of(), null, null, null, null, null);
    }

    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            byte[] b = part instanceof byte[] raw ? raw : part.toString().getBytes(StandardCharsets.UTF_8);
            out.write(b, 0, b.length);
        }
        return out.toByteArray();
    }

    @TestFactory
    Stream<DynamicNode> everyBadRequestIsA4xxProblemNamingTheParameterAndChangesNothing() {
        String a = "/api/audits/" + AUDIT;
        List<Case> cases = new ArrayList<>();

        // 3. Refusals outside the handlers
        cases.add(bad("3 outside handlers", "GET /error", "GET", "/error", null).status(404));
        cases.add(bad("3 outside handlers", "GET /error signed in", "GET", "/error", "reviewer").status(404));
        cases.add(bad("3 outside handlers", "encoded slash in the path", "GET", "/api/projects/C0010%2F2021-SE/lineage", "reviewer")
                .rule("request.malformed"));
        cases.add(bad("3 outside handlers", "encoded NUL in the path", "GET", a + "/items/B8%00/history", "reviewer")
                .rule("request.malformed"));
        cases.add(bad("4 parameters", "blank item in the path", "GET", a + "/items/%E2%80%8B/history", "reviewer")
                .field("clause").rule("field.required"));
        cases.add(bad("3 outside handlers", "raw UTF-8 in the path", "GET", bytes(a + "/items/", RAW_CHINESE, "/history"), "reviewer")
                .rule("request.malformed"));
        cases.add(bad("3 outside handlers", "raw UTF-8 in the query", "GET", bytes("/api/audits?organization=", RAW_CHINESE), "reviewer")
                .rule("request.malformed"));
        cases.add(bad("3 outside handlers", "oversize header", "GET", a, "reviewer").header("X-Padding", "x".repeat(40_000))
                .status(431).field("headers").rule("request.headers-too-large", "limit", 32768));
        cases.add(bad("3 outside handlers", "semicolon in the path", "GET", a + ";x=1/scorecard", "reviewer").field("path")
                .rule("request.malformed"));
        cases.add(bad("3 outside handlers", "double slash in the path", "GET", "/api/audits//" + AUDIT, "reviewer")
                .field("path").rule("request.malformed"));
        cases.add(bad("3 outside handlers", "method not allowed", "POST", "/api/admin/processors", "admin").status(405));
        cases.add(bad("3 outside handlers", "unknown route", "GET", "/api/audits/" + AUDIT + "/nothing", "reviewer")
                .status(404));
        cases.add(bad("3 outside handlers", "unknown route, HTML accepted", "GET", "/api/nothing", "reviewer")
                .header("Accept", "text/html").status(404));
        // No role may DELETE an audit on the read side: the 405 of the path, not a 403 about the reviewer's role.
        cases.add(bad("3 outside handlers", "write method on a read API", "DELETE", a, "reviewer").status(405)
                .field("method").rule("request.method"));
        cases.add(bad("3 outside handlers", "malformed Basic credentials", "GET", a, null)
                .header("Authorization", "Basic !!!").status(401));
        cases.add(bad("3 outside handlers", "bad request id", "GET", a, "reviewer").header("X-Request-Id", "a b")
                .field("X-Request-Id").rule("field.format"));
        cases.add(bad("3 outside handlers", "metrics without the METRICS role", "GET", "/actuator/prometheus", "reviewer")
                .status(403));
        cases.add(bad("3 outside handlers", "metrics anonymously", "GET", "/actuator/prometheus", null).status(401));

        // 4. Silently dropped parameters
        cases.add(bad("4 parameters", "unknown filter", "GET", "/api/audits?organisation=x", "reviewer").field("organisation")
                .rule("field.unknown"));
        cases.add(bad("4 parameters", "badly encoded filter", "GET", "/api/audits?organization=%zz", "reviewer")
                .field("organization").rule("field.percent-encoding"));
        cases.add(bad("4 parameters", "escape that is not UTF-8", "GET", "/api/audits?organization=%C0%BC", "reviewer")
                .field("organization").rule("field.percent-encoding"));
        cases.add(bad("4 parameters", "NUL in a filter", "GET", "/api/audits?organization=a%00", "reviewer")
                .field("organization").rule("field.text-characters"));
        cases.add(bad("4 parameters", "escape of a byte UTF-8 never has", "GET", "/api/audits?organization=%FF", "reviewer")
                .field("organization").rule("field.percent-encoding"));
        cases.add(bad("4 parameters", "escape character in a filter", "GET", "/api/audits?organization=a%1B", "reviewer")
                .field("organization").rule("field.text-characters"));
        cases.add(bad("4 parameters", "noncharacter in a filter", "GET", "/api/audits?organization=%EF%B7%90", "reviewer")
                .field("organization").rule("field.text-characters"));
        cases.add(bad("4 parameters", "NUL in a parameter's name", "GET", "/api/audits?organi%00zation=x", "reviewer")
                .field("query").rule("field.text-characters"));
        cases.add(bad("4 parameters", "lone surrogate in a filter", "GET", "/api/audits?organization=%ED%A0%80", "reviewer")
                .field("organization").rule("field.percent-encoding"));
        cases.add(bad("4 parameters", "grade that is not one", "GET", "/api/audits?grade=ELEVEN_STAR", "reviewer")
                .field("grade").rule("field.not-one-of", "value", "ELEVEN_STAR"));
        cases.add(bad("4 parameters", "grade as a number", "GET", "/api/audits?grade=0", "reviewer").field("grade")
                .rule("field.not-one-of", "value", "0"));
        cases.add(bad("4 parameters", "on-site date as a number", "GET", "/api/audits?onSiteFrom=12345", "reviewer")
                .field("onSiteFrom").rule("field.date", "value", "12345"));
        cases.add(bad("4 parameters", "on-site date in year 999999999", "GET", "/api/audits?onSiteTo=%2B999999999-12-31", "reviewer")
                .field("onSiteTo").rule("field.date", "value", "+999999999-12-31"));
        cases.add(bad("4 parameters", "on-site range reversed", "GET", "/api/audits?onSiteFrom=2023-03-08&onSiteTo=2023-03-01",
                "reviewer").field("onSiteTo").rule("period.end-before-start", "start", "2023-03-08"));
        cases.add(bad("4 parameters", "on-site date after a space", "GET", "/api/audits?onSiteFrom=%202021-06-01", "reviewer")
                .field("onSiteFrom").rule("field.date", "value", " 2021-06-01"));
        cases.add(bad("4 parameters", "on-site date before a tab", "GET", "/api/audits?onSiteTo=2021-06-01%09", "reviewer")
                .field("onSiteTo").rule("field.date", "value", "2021-06-01\t"));
        cases.add(bad("4 parameters", "status before a space", "GET", "/api/audits?status=OPEN%20", "reviewer")
                .field("status").rule("field.not-one-of", "value", "OPEN "));
        cases.add(bad("4 parameters", "project number after a space", "GET", "/api/audits?projectNumber=%20" + PROJECT, "reviewer")
                .field("projectNumber").rule("field.malformed-id", "value", " " + PROJECT));
        cases.add(bad("4 parameters", "page as text", "GET", "/api/audits?page=x", "reviewer").field("page")
                .rule("field.not-a-number", "value", "x"));
        cases.add(bad("4 parameters", "size too large", "GET", "/api/audits?size=100000", "reviewer").field("size")
                .rule("field.max", "value", 200));
        cases.add(bad("4 parameters", "status unknown", "GET", "/api/audits?status=CLOSED", "reviewer").field("status")
                .rule("field.not-one-of", "value", "CLOSED"));
        cases.add(bad("4 parameters", "parameter without a name", "GET", "/api/audits?=x", "reviewer").field("query")
                .rule("request.malformed"));
        // Found by the break session: whole numbers read leniently, a repeated parameter half read, headers refused late
        cases.add(bad("4 parameters", "page of a full-width digit", "GET", "/api/audits?page=%EF%BC%91", "reviewer")
                .field("page").rule("field.not-a-number", "value", "１"));
        cases.add(bad("4 parameters", "page with a plus sign", "GET", "/api/audits?page=%2B1", "reviewer").field("page")
                .rule("field.not-a-number", "value", "+1"));
        cases.add(bad("4 parameters", "size in hexadecimal", "GET", "/api/audits?size=0x10", "reviewer").field("size")
                .rule("field.not-a-number", "value", "0x10"));
        cases.add(bad("4 parameters", "page twice", "GET", "/api/audits?page=1&page=2", "reviewer").field("page")
                .rule("field.duplicate"));
        // Parameters whose refusal had no code before the query side named its rules
        cases.add(bad("4 parameters", "organization longer than 300 characters", "GET",
                "/api/audits?organization=" + "x".repeat(301), "reviewer").field("organization").rule("field.size", "max", 300));
        cases.add(bad("4 parameters", "malformed project number filter", "GET", "/api/audits?projectNumber=ab", "reviewer")
                .field("projectNumber").rule("field.malformed-id", "value", "ab"));
        cases.add(bad("4 parameters", "type unknown", "GET", "/api/audits?type=FINAL", "reviewer").field("type")
                .rule("field.not-one-of", "value", "FINAL"));
        cases.add(bad("4 parameters", "page beyond a 32-bit number", "GET", "/api/audits?page=2147483648", "reviewer")
                .field("page").rule("field.max", "value", 1_000_000));
        cases.add(bad("4 parameters", "page beyond the last", "GET", "/api/audits?page=1000001", "reviewer").field("page")
                .rule("field.max", "value", 1_000_000));
        cases.add(bad("4 parameters", "size zero", "GET", "/api/audits?size=0", "reviewer").field("size")
                .rule("field.min", "value", 1));
        cases.add(bad("4 parameters", "trail size in Arabic-Indic digits", "GET", a + "/events?size=%D9%A5", "reviewer")
                .field("size").rule("field.not-a-number", "value", "٥"));
        cases.add(bad("4 parameters", "atVersion of a full-width digit", "GET", a + "/scorecard?atVersion=%EF%BC%95", "reviewer")
                .field("atVersion").rule("field.not-a-number", "value", "５"));
        cases.add(bad("4 parameters", "atVersion with a plus sign", "GET", a + "/scorecard?atVersion=%2B5", "reviewer")
                .field("atVersion").rule("field.not-a-number", "value", "+5"));
        cases.add(bad("4 parameters", "diff from a padded version", "GET", a + "/scorecard/diff?from=%201", "reviewer")
                .field("from").rule("field.not-a-number", "value", " 1"));
        cases.add(bad("4 parameters", "diff to a version with an ideographic space", "GET", a + "/scorecard/diff?from=0&to=1%E3%80%80",
                "reviewer").field("to").rule("field.not-a-number", "value", "1\u3000"));
        cases.add(bad("4 parameters", "atVersion of minus zero", "GET", a + "/scorecard?atVersion=-0", "reviewer")
                .field("atVersion").rule("field.not-a-number", "value", "-0"));
        cases.add(bad("4 parameters", "Last-Event-ID that is no version", "GET", a + "/scorecard/updates", "reviewer")
                .header("Last-Event-ID", "abc").field("Last-Event-ID").rule("field.not-a-number", "value", "abc"));
        cases.add(bad("4 parameters", "Accept of a problem for a scorecard", "GET", a + "/scorecard", "reviewer")
                .header("Accept", "application/problem+json").field("Accept").status(406));
        cases.add(bad("4 parameters", "Accept that is no media type", "GET", a + "/scorecard", "reviewer")
                .header("Accept", "garbage").field("Accept").rule("field.format"));
        cases.add(bad("4 parameters", "Accept that is no media type, report", "GET", a + "/report", "reviewer")
                .header("Accept", "*/*;q=x").field("Accept").rule("field.format"));

        // 8. Time parameters
        cases.add(bad("8 time", "unencoded + in asOf", "GET", a + "/scorecard?asOf=2026-11-29T15:45:27+08:00", "reviewer")
                .field("asOf").rule("field.instant", "value", "2026-11-29T15:45:27 08:00"));
        cases.add(bad("8 time", "asOf not a time", "GET", a + "/scorecard?asOf=yesterday", "reviewer").field("asOf")
                .rule("field.instant", "value", "yesterday"));
        cases.add(bad("8 time", "asOf a day that does not exist", "GET", a + "/scorecard?asOf=2021-02-30", "reviewer")
                .field("asOf").rule("field.date", "value", "2021-02-30"));
        cases.add(bad("8 time", "asOf before 1990", "GET", a + "/scorecard?asOf=1989-12-31", "reviewer").field("asOf")
                .rule("field.date", "value", "1989-12-31"));
        cases.add(bad("8 time", "asOf a date after a space", "GET", a + "/scorecard?asOf=%202022-01-01", "reviewer")
                .field("asOf").rule("field.instant", "value", " 2022-01-01"));
        cases.add(bad("8 time", "asOf an instant before a tab", "GET", a + "/scorecard?asOf=2023-03-08T10:00:00Z%09", "reviewer")
                .field("asOf").rule("field.instant", "value", "2023-03-08T10:00:00Z\t"));
        cases.add(bad("8 time", "diff to a date after a space", "GET", a + "/scorecard/diff?from=0&to=%202023-03-08", "reviewer")
                .field("to").rule("field.version-or-instant", "value", " 2023-03-08"));
        cases.add(bad("8 time", "asOf and atVersion", "GET", a + "/scorecard?asOf=2021-06-07&atVersion=3", "reviewer")
                .field("asOf").rule("parameter.at-most-one-of", "parameters", "asOf,atVersion"));
        cases.add(bad("8 time", "negative version", "GET", a + "/scorecard?atVersion=-1", "reviewer").field("atVersion")
                .rule("field.min", "value", 0));
        cases.add(bad("8 time", "diff without from", "GET", a + "/scorecard/diff", "reviewer").field("from")
                .rule("field.required"));
        cases.add(bad("8 time", "diff from with a space", "GET", a + "/scorecard/diff?from=2023-03-06T10:00:00+08:00", "reviewer")
                .field("from").rule("field.version-or-instant", "value", "2023-03-06T10:00:00 08:00"));
        cases.add(bad("8 time", "diff to not a time", "GET", a + "/scorecard/diff?from=0&to=yesterday", "reviewer").field("to")
                .rule("field.version-or-instant", "value", "yesterday"));
        cases.add(bad("8 time", "diff to a negative version", "GET", a + "/scorecard/diff?from=0&to=-2", "reviewer").field("to")
                .rule("field.min", "value", 0));
        cases.add(bad("8 time", "asOf an instant before 1990", "GET", a + "/scorecard?asOf=1989-12-31T00:00:00Z", "reviewer")
                .field("asOf").rule("field.instant", "value", "1989-12-31T00:00:00Z"));
        // java.time's own limits: the certification body's offset moves these past the last year a date can hold.
        cases.add(bad("8 time", "asOf at the last instant java.time holds", "GET",
                a + "/scorecard?asOf=%2B999999999-12-31T23:59:59Z", "reviewer")
                .field("asOf").rule("field.instant", "value", "+999999999-12-31T23:59:59Z"));
        cases.add(bad("8 time", "asOf at the first day java.time holds, ahead of UTC", "GET",
                a + "/scorecard?asOf=-999999999-01-01T00:00:00%2B18:00", "reviewer")
                .field("asOf").rule("field.instant", "value", "-999999999-01-01T00:00:00+18:00"));
        cases.add(bad("8 time", "diff to the last instant java.time holds", "GET",
                a + "/scorecard/diff?from=0&to=%2B999999999-12-31T23:59:59-18:00", "reviewer")
                .field("to").rule("field.version-or-instant", "value", "+999999999-12-31T23:59:59-18:00"));

        // 9. Endpoints added since: certificates, decisions, ledger, evidence, reports
        String cert = "/api/certificates/CTS-2021-0455-2021-SE-1";
        cases.add(bad("9 certificates", "asOf not a date, anonymously", "GET", cert + "?asOf=soon", null).field("asOf")
                .rule("field.date", "value", "soon"));
        cases.add(bad("9 certificates", "asOf a day that does not exist", "GET", cert + "?asOf=2022-02-30", null).field("asOf")
                .rule("field.date", "value", "2022-02-30"));
        cases.add(bad("9 certificates", "asOf as a number", "GET", cert + "?asOf=20220301", null).field("asOf")
                .rule("field.date", "value", "20220301"));
        cases.add(bad("9 certificates", "asOf not UTF-8", "GET", cert + "?asOf=%C0%BC", null).field("asOf")
                .rule("field.percent-encoding"));
        cases.add(bad("9 certificates", "unknown parameter, anonymously", "GET", cert + "?unexpected=1", null)
                .field("unexpected").rule("field.unknown"));
        cases.add(bad("9 certificates", "register: status unknown", "GET", "/api/certificates?status=ACTIVE", "reviewer")
                .field("status").rule("field.not-one-of", "value", "ACTIVE"));
        cases.add(bad("9 certificates", "register: grade as a number", "GET", "/api/certificates?grade=0", "reviewer")
                .field("grade").rule("field.not-one-of", "value", "0"));
        cases.add(bad("9 certificates", "register: dueWithinDays as text", "GET", "/api/certificates?dueWithinDays=x", "reviewer")
                .field("dueWithinDays").rule("field.not-a-number", "value", "x"));
        cases.add(bad("9 certificates", "register: dueWithinDays negative", "GET", "/api/certificates?dueWithinDays=-1", "reviewer")
                .field("dueWithinDays").rule("field.min", "value", 0));
        cases.add(bad("9 certificates", "register: dueWithinDays beyond an int", "GET",
                "/api/certificates?dueWithinDays=99999999999", "reviewer").field("dueWithinDays")
                        .rule("field.max", "value", 3660));
        cases.add(bad("9 certificates", "register: NUL in organization", "GET", "/api/certificates?organization=a%00", "reviewer")
                .field("organization").rule("field.text-characters"));
        cases.add(bad("9 certificates", "register: asOf after 2100", "GET", "/api/certificates?asOf=2101-01-01", "reviewer")
                .field("asOf").rule("field.date", "value", "2101-01-01"));
        cases.add(bad("9 certificates", "asOf after a space, anonymously", "GET", cert + "?asOf=%202022-03-01", null)
                .field("asOf").rule("field.date", "value", " 2022-03-01"));
        cases.add(bad("9 certificates", "asOf before a tab", "GET", cert + "?asOf=2022-03-01%09", null).field("asOf")
                .rule("field.date", "value", "2022-03-01\t"));
        cases.add(bad("9 certificates", "asOf after an unencoded +", "GET", cert + "?asOf=+2022-03-01", null).field("asOf")
                .rule("field.date", "value", " 2022-03-01"));
        cases.add(bad("9 certificates", "register: asOf of a space only", "GET", "/api/certificates?asOf=%20", "reviewer")
                .field("asOf").rule("field.date", "value", " "));
        cases.add(bad("9 certificates", "register: status after a space", "GET", "/api/certificates?status=%20VALID", "reviewer")
                .field("status").rule("field.not-one-of", "value", " VALID"));
        cases.add(bad("9 certificates", "register: unknown filter", "GET", "/api/certificates?organisation=x", "reviewer")
                .field("organisation").rule("field.unknown"));
        cases.add(bad("9 certificates", "register: dueWithinDays beyond 3660", "GET", "/api/certificates?dueWithinDays=3661",
                "reviewer").field("dueWithinDays").rule("field.max", "value", 3660));

        String decisions = "/api/decisions?from=2021-01-01&to=2021-12-31";
        cases.add(bad("9 decisions", "from missing", "GET", "/api/decisions?to=2021-12-31", "admin").field("from")
                .rule("field.required"));
        cases.add(bad("9 decisions", "to missing", "GET", "/api/decisions?from=2021-01-01", "admin").field("to")
                .rule("field.required"));
        cases.add(bad("9 decisions", "from without leading zeros", "GET", "/api/decisions?from=2021-1-1&to=2021-12-31", "admin")
                .field("from").rule("field.date", "value", "2021-1-1"));
        cases.add(bad("9 decisions", "to before from", "GET", "/api/decisions?from=2021-12-31&to=2021-01-01", "admin")
                .field("to").rule("period.end-before-start", "end", "2021-01-01"));
        cases.add(bad("9 decisions", "period too long", "GET", "/api/decisions?from=1990-01-01&to=2099-12-31", "admin")
                .field("to").rule("period.too-long", "maxDays", 3660));
        cases.add(bad("9 decisions", "format unknown", "GET", decisions + "&format=pdf", "admin").field("format")
                .rule("field.not-one-of", "value", "pdf"));
        cases.add(bad("9 decisions", "format with NUL", "GET", decisions + "&format=csv%00", "admin").field("format")
                .rule("field.text-characters"));
        cases.add(bad("9 decisions", "unknown parameter", "GET", decisions + "&unexpected=1", "admin").field("unexpected")
                .rule("field.unknown"));
        cases.add(bad("9 decisions", "from twice", "GET", decisions + "&from=2021-02-01", "admin").field("from")
                .rule("field.duplicate"));
        cases.add(bad("9 decisions", "format xls", "GET", decisions + "&format=xls", "admin").field("format")
                .rule("field.not-one-of", "allowed", "json,csv,xlsx"));
        cases.add(bad("9 decisions", "to a day that does not exist", "GET", "/api/decisions?from=2021-01-01&to=2021-02-30",
                "admin").field("to").rule("field.date", "value", "2021-02-30"));
        cases.add(bad("9 decisions", "from after 2100", "GET", "/api/decisions?from=2101-01-01&to=2101-01-02", "admin")
                .field("from").rule("field.date", "value", "2101-01-01"));
        cases.add(bad("9 decisions", "period one day too long", "GET", "/api/decisions?from=2011-01-01&to=2021-01-09", "admin")
                .field("to").rule("period.too-long", "maxDays", 3660));
        cases.add(bad("9 decisions", "without the REGULATOR role", "GET", decisions, "reviewer").status(403));
        // Found by the break session: the export's handler answers a type its format chooses, which the Accept interceptor
        // could not know, so every Accept was answered 200.
        String xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        cases.add(bad("9 decisions", "Accept: application/xml", "GET", decisions, "admin").header("Accept", "application/xml")
                .status(406).field("Accept").rule("request.not-acceptable", "available", "application/json"));
        cases.add(bad("9 decisions", "Accept refusing everything", "GET", decisions, "admin").header("Accept", "*/*;q=0")
                .status(406).field("Accept").rule("request.not-acceptable", "value", "*/*;q=0"));
        cases.add(bad("9 decisions", "Accept refusing JSON, taking CSV, no format", "GET", decisions, "admin")
                .header("Accept", "application/json;q=0, text/csv").status(406).field("Accept")
                .rule("request.not-acceptable", "available", "application/json"));
        cases.add(bad("9 decisions", "Accept that is no media type", "GET", decisions, "admin").header("Accept", "garbage")
                .field("Accept").rule("field.format"));
        cases.add(bad("9 decisions", "format=csv, Accept: application/json", "GET", decisions + "&format=csv", "admin")
                .header("Accept", "application/json").status(406).field("Accept")
                .rule("request.not-acceptable", "available", "text/csv;charset=UTF-8"));
        cases.add(bad("9 decisions", "format=csv, Accept: application/xml", "GET", decisions + "&format=csv", "admin")
                .header("Accept", "application/xml").status(406).field("Accept")
                .rule("request.not-acceptable", "value", "application/xml"));
        cases.add(bad("9 decisions", "format=xlsx, Accept: text/csv", "GET", decisions + "&format=xlsx", "admin")
                .header("Accept", "text/csv").status(406).field("Accept").rule("request.not-acceptable", "available", xlsx));
        cases.add(bad("9 decisions", "format=xlsx, Accept refusing everything", "GET", decisions + "&format=xlsx", "admin")
                .header("Accept", "*/*;q=0").status(406).field("Accept").rule("request.not-acceptable", "available", xlsx));
        cases.add(bad("9 decisions", "format=xlsx, Accept that is no media type", "GET", decisions + "&format=xlsx", "admin")
                .header("Accept", "garbage").field("Accept").rule("field.format"));
        cases.add(bad("9 decisions", "format=json, Accept: problem only", "GET", decisions + "&format=json", "admin")
                .header("Accept", "application/problem+json").status(406).field("Accept")
                .rule("request.not-acceptable", "value", "application/problem+json"));
        // Found by the break session: values padded with spaces or tabs were trimmed, where whole numbers are refused.
        cases.add(bad("9 decisions", "from after a tab", "GET", "/api/decisions?from=%092021-01-01&to=2021-12-31", "admin")
                .field("from").rule("field.date", "value", "\t2021-01-01"));
        cases.add(bad("9 decisions", "to before a space", "GET", "/api/decisions?from=2021-01-01&to=2021-12-31%20", "admin")
                .field("to").rule("field.date", "value", "2021-12-31 "));
        cases.add(bad("9 decisions", "from of a space only", "GET", "/api/decisions?from=%20&to=2021-12-31", "admin")
                .field("from").rule("field.date", "value", " "));
        cases.add(bad("9 decisions", "format after a space", "GET", decisions + "&format=%20csv", "admin").field("format")
                .rule("field.not-one-of", "value", " csv"));

        cases.add(bad("9 ledger", "tree heads: limit as text", "GET", "/api/ledger/tree-heads?limit=x", null).field("limit")
                .rule("field.not-a-number", "value", "x"));
        cases.add(bad("9 ledger", "tree heads: limit of full-width digits", "GET", "/api/ledger/tree-heads?limit=%EF%BC%95", null)
                .field("limit").rule("field.not-a-number", "value", "５"));
        cases.add(bad("9 ledger", "tree heads: limit with a plus sign", "GET", "/api/ledger/tree-heads?limit=%2B5", null)
                .field("limit").rule("field.not-a-number", "value", "+5"));
        cases.add(bad("9 ledger", "tree heads: limit zero", "GET", "/api/ledger/tree-heads?limit=0", null).field("limit")
                .rule("field.min", "value", 1));
        cases.add(bad("9 ledger", "tree heads: limit too large", "GET", "/api/ledger/tree-heads?limit=201", null).field("limit")
                .rule("field.max", "value", 200));
        cases.add(bad("9 ledger", "tree heads: before negative", "GET", "/api/ledger/tree-heads?before=-1", null)
                .field("before").rule("field.min", "value", 0));
        cases.add(bad("9 ledger", "tree heads: before beyond a long", "GET",
                "/api/ledger/tree-heads?before=99999999999999999999", null).field("before")
                        .rule("field.max", "value", "9223372036854775807"));
        cases.add(bad("9 ledger", "tree heads: unknown parameter", "GET", "/api/ledger/tree-heads?after=1", null).field("after")
                .rule("field.unknown"));
        cases.add(bad("9 ledger", "latest head: unknown parameter", "GET", "/api/ledger/tree-heads/latest?unexpected=1", null)
                .field("unexpected").rule("field.unknown"));
        cases.add(bad("9 ledger", "public key: unknown parameter", "GET", "/api/ledger/public-key?format=der", null)
                .field("format").rule("field.unknown"));
        cases.add(bad("9 ledger", "inclusion proof: neither eventId nor position", "GET", "/api/ledger/inclusion-proof", "reviewer")
                .field("eventId").rule("parameter.exactly-one-of", "parameters", "eventId,position"));
        cases.add(bad("9 ledger", "inclusion proof: both", "GET", "/api/ledger/inclusion-proof?eventId=e&position=0", "reviewer")
                .field("position").rule("parameter.exactly-one-of", "parameters", "eventId,position"));
        cases.add(bad("9 ledger", "inclusion proof: position as text", "GET", "/api/ledger/inclusion-proof?position=x", "reviewer")
                .field("position").rule("field.not-a-number", "value", "x"));
        cases.add(bad("9 ledger", "inclusion proof: position as a decimal", "GET", "/api/ledger/inclusion-proof?position=1.5",
                "reviewer").field("position").rule("field.not-a-number", "value", "1.5"));
        cases.add(bad("9 ledger", "inclusion proof: treeSize as text", "GET",
                "/api/ledger/inclusion-proof?position=1&treeSize=x", "reviewer").field("treeSize")
                        .rule("field.not-a-number", "value", "x"));
        cases.add(bad("9 ledger", "inclusion proof: eventId not UTF-8", "GET", "/api/ledger/inclusion-proof?eventId=%C0%BC",
                "reviewer").field("eventId").rule("field.percent-encoding"));
        cases.add(bad("9 ledger", "consistency proof: first missing", "GET", "/api/ledger/consistency-proof", "reviewer")
                .field("first").rule("field.required"));
        cases.add(bad("9 ledger", "consistency proof: first zero", "GET", "/api/ledger/consistency-proof?first=0&second=1",
                "reviewer").field("first").rule("ledger.tree-size", "value", 0));
        cases.add(bad("9 ledger", "consistency proof: first as text", "GET", "/api/ledger/consistency-proof?first=x", "reviewer")
                .field("first").rule("field.not-a-number", "value", "x"));
        cases.add(bad("9 ledger", "consistency proof: second beyond the log", "GET",
                "/api/ledger/consistency-proof?first=1&second=999999999", "reviewer").field("second")
                        .rule("ledger.tree-size", "value", 999999999));
        cases.add(bad("9 ledger", "consistency proof: unknown parameter", "GET",
                "/api/ledger/consistency-proof?first=1&third=2", "reviewer").field("third").rule("field.unknown"));
        // A treeSize beyond the log or below the event's leaf needs a logged event: LedgerHttpTest asks for them.
        cases.add(bad("9 ledger", "inclusion proof: treeSize negative", "GET", "/api/ledger/inclusion-proof?position=1&treeSize=-1",
                "reviewer").field("treeSize").rule("field.min", "value", 1));
        // Positions start at 1, and a tree of no leaves proves nothing: refused as such, not looked up (a 404 before).
        cases.add(bad("9 ledger", "inclusion proof: position 0", "GET", "/api/ledger/inclusion-proof?position=0",
                "reviewer").field("position").rule("field.min", "value", 1));
        cases.add(bad("9 ledger", "inclusion proof: treeSize 0", "GET", "/api/ledger/inclusion-proof?position=1&treeSize=0",
                "reviewer").field("treeSize").rule("field.min", "value", 1));
        cases.add(bad("9 ledger", "inclusion proof: eventId of 5,000 characters", "GET",
                "/api/ledger/inclusion-proof?eventId=" + "e".repeat(5000), "reviewer").field("eventId")
                .rule("field.size", "max", 128));
        cases.add(bad("9 ledger", "inclusion proof: position beyond a long", "GET",
                "/api/ledger/inclusion-proof?position=99999999999999999999", "reviewer").field("position")
                .rule("field.max", "value", "9223372036854775807"));
        cases.add(bad("9 ledger", "consistency proof: second below first", "GET", "/api/ledger/consistency-proof?first=5&second=2",
                "reviewer").field("second").rule("ledger.tree-size", "min", 5));
        cases.add(bad("9 ledger", "consistency proof: second as text", "GET", "/api/ledger/consistency-proof?first=1&second=x",
                "reviewer").field("second").rule("field.not-a-number", "value", "x"));
        cases.add(bad("9 ledger", "consistency proof: second negative", "GET", "/api/ledger/consistency-proof?first=1&second=-1",
                "reviewer").field("second").rule("field.min", "value", 0));
        cases.add(bad("9 ledger", "consistency proof: first beyond a long", "GET",
                "/api/ledger/consistency-proof?first=99999999999999999999", "reviewer").field("first")
                .rule("field.max", "value", "9223372036854775807"));

        String projectEvidence = "/api/projects/" + PROJECT + "/evidence";
        cases.add(bad("9 evidence", "consistencyFrom as text", "GET", a + "/evidence?consistencyFrom=x", "reviewer")
                .field("consistencyFrom").rule("field.not-a-number", "value", "x"));
        cases.add(bad("9 evidence", "consistencyFrom with an empty part", "GET", a + "/evidence?consistencyFrom=1,,2", "reviewer")
                .field("consistencyFrom").rule("field.not-a-number", "value", ""));
        cases.add(bad("9 evidence", "consistencyFrom of a full-width digit", "GET", a + "/evidence?consistencyFrom=%EF%BC%91",
                "reviewer").field("consistencyFrom").rule("field.not-a-number", "value", "１"));
        cases.add(bad("9 evidence", "consistencyFrom with a plus sign", "GET", a + "/evidence?consistencyFrom=%2B1", "reviewer")
                .field("consistencyFrom").rule("field.not-a-number", "value", "+1"));
        cases.add(bad("9 evidence", "consistencyFrom after a space", "GET", projectEvidence + "?consistencyFrom=%201", "reviewer")
                .field("consistencyFrom").rule("field.not-a-number", "value", " 1"));
        cases.add(bad("9 evidence", "consistencyFrom before a space", "GET", projectEvidence + "?consistencyFrom=1%20", "reviewer")
                .field("consistencyFrom").rule("field.not-a-number", "value", "1 "));
        cases.add(bad("9 evidence", "consistencyFrom after an unencoded +", "GET", projectEvidence + "?consistencyFrom=+1",
                "reviewer").field("consistencyFrom").rule("field.not-a-number", "value", " 1"));
        cases.add(bad("9 evidence", "consistencyFrom after a tab", "GET", projectEvidence + "?consistencyFrom=%091", "reviewer")
                .field("consistencyFrom").rule("field.not-a-number", "value", "\t1"));
        cases.add(bad("9 evidence", "consistencyFrom, a space after the comma", "GET", a + "/evidence?consistencyFrom=1,%202",
                "reviewer").field("consistencyFrom").rule("field.not-a-number", "value", " 2"));
        cases.add(bad("9 evidence", "consistencyFrom with an empty last part", "GET", a + "/evidence?consistencyFrom=1,",
                "reviewer").field("consistencyFrom").rule("field.not-a-number", "value", ""));
        cases.add(bad("9 evidence", "consistencyFrom negative", "GET", projectEvidence + "?consistencyFrom=-3", "reviewer")
                .field("consistencyFrom").rule("field.min", "value", 0));
        cases.add(bad("9 evidence", "consistencyFrom beyond a long", "GET",
                projectEvidence + "?consistencyFrom=1,99999999999999999999", "reviewer").field("consistencyFrom")
                        .rule("field.max", "value", "9223372036854775807"));
        cases.add(bad("9 evidence", "consistencyFrom zero", "GET", a + "/evidence?consistencyFrom=0", "reviewer")
                .field("consistencyFrom").rule("ledger.tree-size", "min", 1));
        cases.add(bad("9 evidence", "consistencyFrom beyond the tree head", "GET", a + "/evidence?consistencyFrom=1,999999999",
                "reviewer").field("consistencyFrom").rule("ledger.tree-size", "value", 999999999));
        cases.add(bad("9 evidence", "malformed audit id", "GET", "/api/audits/not-an-id/evidence", "reviewer").field("id")
                .rule("field.malformed-id", "value", "not-an-id"));
        cases.add(bad("9 evidence", "malformed project number", "GET", "/api/projects/%E3%80%80/evidence", "reviewer")
                .field("projectNumber").rule("field.malformed-id", "value", "\u3000"));
        cases.add(bad("9 evidence", "unknown parameter", "GET", projectEvidence + "?unexpected=1", "reviewer")
                .field("unexpected").rule("field.unknown"));

        // The trail's filters
        String trail = a + "/events";
        cases.add(bad("9 trail", "type that names no event", "GET", trail + "?type=ItemScored,ItemDeleted", "reviewer")
                .field("type").rule("field.not-one-of", "value", "ItemDeleted"));
        cases.add(bad("9 trail", "type after a space", "GET", trail + "?type=%20ItemScored", "reviewer").field("type")
                .rule("field.not-one-of", "value", " ItemScored"));
        cases.add(bad("9 trail", "type with an empty part", "GET", trail + "?type=ItemScored,", "reviewer").field("type")
                .rule("field.not-one-of", "value", ""));
        cases.add(bad("9 trail", "type repeated, one unknown", "GET", trail + "?type=ItemScored&type=Scored", "reviewer")
                .field("type").rule("field.not-one-of", "value", "Scored"));
        cases.add(bad("9 trail", "clause of a section", "GET", trail + "?clause=5.2", "reviewer").field("clause")
                .rule("reference.unknown-item", "item", "5.2"));
        cases.add(bad("9 trail", "clause of no item", "GET", trail + "?clause=9.9.9", "reviewer").field("clause")
                .rule("reference.unknown-item", "audit", AUDIT.value()));
        cases.add(bad("9 trail", "from not a time", "GET", trail + "?from=yesterday", "reviewer").field("from")
                .rule("field.instant", "value", "yesterday"));
        cases.add(bad("9 trail", "to a day that does not exist", "GET", trail + "?to=2021-02-30", "reviewer").field("to")
                .rule("field.date", "value", "2021-02-30"));
        cases.add(bad("9 trail", "unencoded + in to", "GET", trail + "?to=2023-03-08T10:00:00+08:00", "reviewer").field("to")
                .rule("field.instant", "value", "2023-03-08T10:00:00 08:00"));
        cases.add(bad("9 trail", "from after to", "GET", trail + "?from=2023-03-09&to=2023-03-08", "reviewer").field("from")
                .rule("period.end-before-start", "start", "2023-03-09"));
        cases.add(bad("9 trail", "order unknown", "GET", trail + "?order=latest", "reviewer").field("order")
                .rule("field.not-one-of", "allowed", "oldest,newest"));
        cases.add(bad("9 trail", "order in capitals", "GET", trail + "?order=NEWEST", "reviewer").field("order")
                .rule("field.not-one-of", "value", "NEWEST"));
        cases.add(bad("9 trail", "order twice", "GET", trail + "?order=newest&order=oldest", "reviewer").field("order")
                .rule("field.duplicate"));
        cases.add(bad("9 trail", "unknown filter", "GET", trail + "?kind=ItemScored", "reviewer").field("kind")
                .rule("field.unknown"));

        for (String report : List.of("/report", "/report.pdf", "/report.html", "/scorecard.xlsx", "/scorecard.csv")) {
            String r = a + report;
            cases.add(bad("9 reports", report + " asOf not a time", "GET", r + "?asOf=yesterday", "reviewer").field("asOf")
                    .rule("field.instant", "value", "yesterday"));
            cases.add(bad("9 reports", report + " unencoded + in asOf", "GET", r + "?asOf=2023-03-08T10:00:00+08:00", "reviewer")
                    .field("asOf").rule("field.instant", "value", "2023-03-08T10:00:00 08:00"));
            cases.add(bad("9 reports", report + " asOf before 1990", "GET", r + "?asOf=1989-12-31", "reviewer").field("asOf")
                    .rule("field.date", "value", "1989-12-31"));
            cases.add(bad("9 reports", report + " asOf beyond java.time's years", "GET",
                    r + "?asOf=%2B999999999-12-31T23:59:58Z", "reviewer")
                    .field("asOf").rule("field.instant", "value", "+999999999-12-31T23:59:58Z"));
            cases.add(bad("9 reports", report + " atVersion as text", "GET", r + "?atVersion=x", "reviewer").field("atVersion")
                    .rule("field.not-a-number", "value", "x"));
            cases.add(bad("9 reports", report + " atVersion negative", "GET", r + "?atVersion=-1", "reviewer")
                    .field("atVersion").rule("field.min", "value", 0));
            cases.add(bad("9 reports", report + " asOf and atVersion", "GET", r + "?asOf=2023-03-08&atVersion=3", "reviewer")
                    .field("asOf").rule("parameter.at-most-one-of", "parameters", "asOf,atVersion"));
            cases.add(bad("9 reports", report + " unknown parameter", "GET", r + "?lang=en", "reviewer").field("lang")
                    .rule("field.unknown"));
            cases.add(bad("9 reports", report + " malformed audit id", "GET", "/api/audits/not-an-id" + report, "reviewer")
                    .field("id").rule("field.malformed-id", "value", "not-an-id"));
        }
        cases.add(bad("9 reports", "PDF accepted, bad asOf", "GET", a + "/report.pdf?asOf=x", "reviewer")
                .header("Accept", "application/pdf").field("asOf").rule("field.instant", "value", "x"));
        cases.add(bad("9 reports", "HTML accepted, bad atVersion", "GET", a + "/report?atVersion=x", "reviewer")
                .header("Accept", "text/html").field("atVersion").rule("field.not-a-number", "value", "x"));
        cases.add(bad("9 reports", "CSV accepted, bad atVersion", "GET", a + "/scorecard.csv?atVersion=x", "reviewer")
                .header("Accept", "text/csv").field("atVersion").rule("field.not-a-number", "value", "x"));
        cases.add(bad("9 reports", "PDF, asOf after a space", "GET", a + "/report.pdf?asOf=%202023-03-08", "reviewer")
                .field("asOf").rule("field.instant", "value", " 2023-03-08"));
        cases.add(bad("9 reports", "report as JSON", "GET", a + "/report", "reviewer")
                .header("Accept", "application/json").status(406).field("Accept")
                .rule("request.not-acceptable", "value", "application/json"));

        // Every endpoint: an unknown parameter, a badly encoded one, a malformed id
        String[][] endpoints = {
                {"GET", "/api/audits", "reviewer"}, {"GET", a, "reviewer"}, {"GET", a + "/scorecard", "reviewer"},
                {"GET", a + "/scorecard/diff?from=0", "reviewer"}, {"GET", a + "/items/B8/history", "reviewer"},
                {"GET", a + "/events", "reviewer"}, {"GET", "/api/projects/" + PROJECT + "/lineage", "reviewer"},
                {"GET", "/api/admin/processors", "admin"}, {"GET", "/api/admin/processors/audits", "admin"},
                {"POST", "/api/admin/processors/audits/rebuild", "admin"}};
        for (String[] endpoint : endpoints) {
            String e = endpoint[0] + " " + endpoint[1];
            String join = endpoint[1].contains("?") ? "&" : "?";
            cases.add(bad("every endpoint", e + " unknown parameter", endpoint[0], endpoint[1] + join + "unexpected=1", endpoint[2])
                    .field("unexpected").rule("field.unknown"));
            cases.add(bad("every endpoint", e + " badly encoded parameter", endpoint[0], endpoint[1] + join + "page=%G1",
                    endpoint[2]).field("page").rule("field.percent-encoding"));
        }
        // Every read of the API weighs Accept before it runs (the break session found the one that did not: decisions).
        String[][] reads = {
                {"/api/audits", "reviewer"}, {a, "reviewer"}, {a + "/scorecard", "reviewer"},
                {a + "/scorecard/diff?from=0", "reviewer"}, {a + "/scorecard/updates", "reviewer"},
                {a + "/items/B8/history", "reviewer"}, {a + "/events", "reviewer"}, {a + "/evidence", "reviewer"},
                {"/api/projects/" + PROJECT + "/lineage", "reviewer"}, {projectEvidence, "reviewer"},
                {"/api/admin/processors", "admin"}, {"/api/admin/processors/audits", "admin"},
                {cert, null}, {"/api/certificates", "reviewer"}, {decisions, "admin"}, {decisions + "&format=csv", "admin"},
                {decisions + "&format=xlsx", "admin"}, {"/api/ledger/public-key", null}, {"/api/ledger/tree-heads", null},
                {"/api/ledger/tree-heads/latest", null}, {"/api/ledger/inclusion-proof?position=0", "reviewer"},
                {"/api/ledger/consistency-proof?first=1", "reviewer"}, {a + "/report", "reviewer"},
                {a + "/report.pdf", "reviewer"}, {a + "/report.html", "reviewer"}, {a + "/scorecard.xlsx", "reviewer"},
                {a + "/scorecard.csv", "reviewer"}};
        for (String[] read : reads) {
            cases.add(bad("every endpoint", "GET " + read[0] + " Accept: application/xml", "GET", read[0], read[1])
                    .header("Accept", "application/xml").status(406).field("Accept")
                    .rule("request.not-acceptable", "value", "application/xml"));
            cases.add(bad("every endpoint", "GET " + read[0] + " Accept refusing everything", "GET", read[0], read[1])
                    .header("Accept", "*/*;q=0").status(406).field("Accept")
                    .rule("request.not-acceptable", "value", "*/*;q=0"));
        }
        cases.add(bad("every endpoint", "POST rebuild, Accept: application/xml", "POST", "/api/admin/processors/audits/rebuild",
                "admin").header("Accept", "application/xml").status(406).field("Accept")
                .rule("request.not-acceptable", "value", "application/xml"));
        for (String path : List.of("/api/audits/not-an-id", "/api/audits/not-an-id/scorecard", "/api/audits/not-an-id/events",
                "/api/audits/not-an-id/items/B8/history", "/api/audits/not-an-id/scorecard/diff?from=0")) {
            cases.add(bad("every endpoint", "malformed audit id: " + path, "GET", path, "reviewer").field("id")
                    .rule("field.malformed-id", "value", "not-an-id"));
        }
        cases.add(bad("every endpoint", "malformed project number", "GET", "/api/projects/%E3%80%80/lineage", "reviewer")
                .field("projectNumber").rule("field.malformed-id", "value", "\u3000"));

        List<DynamicNode> tests = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            tests.add(dynamicTest("#" + (i + 1) + " [" + c.kind() + "] " + c.description(), () -> check(c)));
        }
        tests.add(dynamicTest("nothing changed by any of the " + cases.size() + " bad requests", () -> {
            assertThat(get("/api/audits/" + AUDIT, "reviewer").path("version").asLong()).isEqualTo(version);
            assertThat(get("/api/audits/" + AUDIT + "/events?size=1", "reviewer").path("totalElements").asLong())
                    .isEqualTo(version + 1);
        }));
        System.out.println("BadRequestCorpusTest: " + cases.size() + " bad requests sent to the query side");
        return Stream.of(DynamicContainer.dynamicContainer(cases.size() + " bad requests", tests.stream()));
    }

    /**
     * RFC 6585 section 5: a request line and headers over the connector's limit (server.max-http-request-header-size,
     * 32 KB on this side as on the command side) are refused by Tomcat before any filter and answered 431 naming that
     * limit; a header of 20 KB is within it.
     */
    @Test
    void headersOverTheLimitAre431NamingItAndAHeaderOfTwentyKilobytesIsRead() throws Exception {
        RawHttp.Response refused = send(bad("", "", "GET", "/api/audits/" + AUDIT, "reviewer")
                .header("X-Padding", "x".repeat(40_000)));

        assertThat(refused.status()).as(refused.text()).isEqualTo(431);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.path("type").asText()).isEqualTo("urn:certaudit:problem:payload-too-large");
        assertThat(problem.path("status").asInt()).isEqualTo(431);
        assertThat(problem.path("detail").asText()).contains("at most 32768 bytes");
        assertThat(problem.path("requestId").asText()).isNotBlank().isEqualTo(refused.header("X-Request-Id"));
        JsonNode error = problem.path("errors").get(0);
        assertThat(error.path("field").asText()).isEqualTo("headers");
        assertThat(error.path("code").asText()).isEqualTo("request.headers-too-large");
        assertThat(error.path("arguments").path("limit").asInt()).isEqualTo(32768);

        RawHttp.Response read = send(bad("", "", "GET", "/api/audits/" + AUDIT, "reviewer")
                .header("X-Padding", "x".repeat(20_000)));
        assertThat(read.status()).as(read.text()).isEqualTo(200);
        assertThat(JSON.readTree(read.body()).path("version").asLong()).isEqualTo(version);
    }

    @Test
    void aMultipartBodyOverTheLimitIsTheBodysProblemWhereverTheDispatcherMeetsIt() throws Exception {
        // The dispatcher parses a multipart body before it finds the endpoint, signed in or not; Spring's own 413 named
        // nothing, and Boot's limits took up to 10 MB.
        byte[] head = ("POST /actuator/health HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: multipart/form-data; boundary=x\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = ("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\n"
                + "a".repeat(1 << 20) + "\r\n--x--\r\n").getBytes(StandardCharsets.US_ASCII);

        RawHttp.Response response = RawHttp.send(port, head, body);

        assertThat(response.status()).as(response.text()).isEqualTo(413);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asText()).isEqualTo("urn:certaudit:problem:payload-too-large");
        assertThat(problem.path("errors")).hasSize(1);
        assertThat(problem.path("errors").path(0).path("field").asText()).isEqualTo("body");
        assertThat(problem.path("errors").path(0).path("code").asText()).isEqualTo("body.too-large");
        assertThat(problem.path("errors").path(0).path("arguments").path("limit").asInt()).isEqualTo(1 << 20);
    }

    @Test
    void filtersByOrganizationNamePartOnSiteOverlapAndGrade() throws Exception {
        assertThat(ids("/api/audits?organization=%E9%9A%86%E5%A8%81&grade=TEN_STAR")).contains(AUDIT.value());
        assertThat(ids("/api/audits?onSiteFrom=2023-03-08&onSiteTo=2023-03-08")).contains(AUDIT.value());
        assertThat(ids("/api/audits?onSiteFrom=2023-03-09")).doesNotContain(AUDIT.value());
        assertThat(ids("/api/audits?onSiteTo=2023-03-05")).doesNotContain(AUDIT.value());
        assertThat(ids("/api/audits?grade=NINE_STAR")).doesNotContain(AUDIT.value());
        assertThat(ids("/api/audits?organization=nobody-by-this-name")).isEmpty();
        assertThat(ids("/api/audits?projectNumber=" + PROJECT + "&grade=TEN_STAR")).containsExactly(AUDIT.value());
    }

    @Test
    void asOfTakesADateAsTheEndOfThatDayInTheCertificationBodysZoneOnceThatDayHasEnded() throws Exception {
        // Appended in this test run: at the end of 2020 the audit did not exist; today has not ended, so it is refused
        // (what it would show could still change); a moment up to now shows what was appended.
        RawHttp.Response before = send(bad("", "", "GET", "/api/audits/" + AUDIT + "/scorecard?asOf=2020-12-31", "reviewer"));
        assertThat(before.status()).isEqualTo(404);
        String today = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString();
        JsonNode notOver = JSON.readTree(send(bad("", "", "GET", "/api/audits/" + AUDIT + "/scorecard?asOf=" + today,
                "reviewer")).body());
        assertThat(notOver.path("errors").path(0).path("code").asText()).isEqualTo("field.future");
        assertThat(notOver.path("errors").path(0).path("arguments").path("value").asText()).isEqualTo(today);
        JsonNode now = get("/api/audits/" + AUDIT + "/scorecard?asOf=" + java.time.Instant.now(), "reviewer");
        assertThat(now.path("version").asLong()).isEqualTo(version);
        JsonNode problem = JSON.readTree(send(bad("", "", "GET",
                "/api/audits/" + AUDIT + "/scorecard?asOf=2026-11-29T15:45:27+08:00", "reviewer")).body());
        assertThat(problem.path("detail").asText()).contains("%2B");
    }

    private List<String> ids(String target) throws Exception {
        List<String> ids = new ArrayList<>();
        get(target, "reviewer").path("content").forEach(audit -> ids.add(audit.path("id").asText()));
        return ids;
    }

    private JsonNode get(String target, String user) throws Exception {
        RawHttp.Response response = send(bad("", "", "GET", target, user));
        assertThat(response.status()).as(target + " " + response.text()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private RawHttp.Response send(Case c) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        head.write(c.method().getBytes(StandardCharsets.US_ASCII));
        head.write(' ');
        head.write(c.target());
        head.write(" HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
        if (c.user() != null) {
            head.write(("Authorization: " + RawHttp.basic(c.user()) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        for (Map.Entry<String, String> h : c.headers().entrySet()) {
            head.write((h.getKey() + ": " + h.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        return RawHttp.send(port, head.toByteArray(), c.method().equals("POST") ? new byte[0] : null);
    }

    private void check(Case c) throws Exception {
        RawHttp.Response response = send(c);
        String what = c.kind() + " / " + c.description() + " -> " + response.status() + " " + response.text();
        assertThat(response.status()).as(what).isBetween(400, 499);
        if (c.status() != null) {
            assertThat(response.status()).as(what).isEqualTo(c.status());
        }
        assertThat(response.header("Content-Type")).as(what).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asText()).as(what).startsWith("urn:certaudit:problem:");
        assertThat(problem.path("title").asText()).as(what).isNotBlank();
        assertThat(problem.path("detail").asText()).as(what).isNotBlank();
        assertThat(problem.path("status").asInt()).as(what).isEqualTo(response.status());
        assertThat(problem.path("requestId").asText()).as(what).isNotBlank();
        if (c.field() != null) {
            List<String> fields = new ArrayList<>();
            problem.path("errors").forEach(error -> fields.add(error.path("field").asText()));
            assertThat(fields).as(what).contains(c.field());
        }
        // Every error says its rule in code, for a client's own words; a 400 case states which rule.
        problem.path("errors").forEach(error -> assertThat(RuleCode.of(error.path("code").asText())).as(what).isPresent());
        if (response.status() == 400) {
            assertThat(c.code()).as("the case names the rule its 400 carries: " + what).isNotNull();
        }
        if (c.code() != null) {
            assertThat(response.status()).as(what).isEqualTo(c.status() == null ? 400 : c.status());
            JsonNode error = null;
            for (JsonNode candidate : problem.path("errors")) {
                if (c.field() == null || c.field().equals(candidate.path("field").asText())) {
                    error = candidate;
                    break;
                }
            }
            assertThat(error).as(what).isNotNull();
            assertThat(error.path("code").asText()).as(what).isEqualTo(c.code());
            List<String> names = new ArrayList<>();
            error.path("arguments").fieldNames().forEachRemaining(names::add);
            assertThat(names).as(what).containsExactlyInAnyOrderElementsOf(RuleCode.of(c.code()).orElseThrow().arguments());
            if (c.argument() != null) {
                JsonNode argument = error.path("arguments").path(c.argument());
                String actual = argument.isArray() ? String.join(",", JSON.convertValue(argument, String[].class))
                        : argument.asText();
                assertThat(actual).as(what + " argument " + c.argument()).isEqualTo(c.value());
            }
        }
    }
}
