package org.certaudit.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.TeamMember;
import org.certaudit.audit.TeamRole;
import org.certaudit.command.HttpTest;
import org.certaudit.command.audit.AssignTeamMember;
import org.certaudit.web.RawHttp;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A corpus of bad requests, sent byte for byte to the running server, of every kind of issue #10
 * and on every endpoint: each must be answered 4xx (a 500 fails the build) as an
 * {@code application/problem+json} with our type, a title, a detail, the request id and, where
 * a field, parameter or header is at fault, its name; and none of them may append an event.
 */
class BadRequestCorpusTest extends HttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    /**
     * One bad request: what is sent, the field the problem must name (null: none to name) and, where given, the rule
     * code its entry must carry.
     */
    record Case(String kind, String description, String method, byte[] target, String user,
                Map<String, String> headers, byte[] body, String field, Integer status, String code) {

        Case field(String expected) {
            return new Case(kind, description, method, target, user, headers, body, expected, status, code);
        }

        Case status(int expected) {
            return new Case(kind, description, method, target, user, headers, body, field, expected, code);
        }

        /** The field the problem must name, and the code of its entry. */
        Case field(String expected, String expectedCode) {
            return new Case(kind, description, method, target, user, headers, body, expected, status, expectedCode);
        }

        Case header(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Case(kind, description, method, target, user, more, body, field, status, code);
        }

        /** A body as a form posts it ({@code application/x-www-form-urlencoded} unless a content type is set). */
        Case form(String body) {
            return form(bytes(body));
        }

        /** A form body as these bytes. */
        Case form(byte[] body) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.putIfAbsent("Content-Type", "application/x-www-form-urlencoded");
            return new Case(kind, description, method, target, user, more, body, field, status, code);
        }

        Case json(Object... parts) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.putIfAbsent("Content-Type", "application/json");
            return new Case(kind, description, method, target, user, more, bytes(parts), field, status, code);
        }
    }

    private static Case bad(String kind, String description, String method, Object target, String user) {
        return new Case(kind, description, method, bytes(target), user, Map.of(), null, null, null, null);
    }

    /** Strings as UTF-8, byte arrays as they are: for bodies and request targets that are not valid UTF-8. */
    private static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object part : parts) {
            byte[] b = part instanceof byte[] raw ? raw : part.toString().getBytes(StandardCharsets.UTF_8);
            out.write(b, 0, b.length);
        }
        return out.toByteArray();
    }

    private static byte[] gzip(String text) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static final byte[] OVERLONG_LT = {(byte) 0xC0, (byte) 0xBC};
    private static final byte[] SURROGATE_BYTES = {(byte) 0xED, (byte) 0xA0, (byte) 0x80};
    private static final byte[] RAW_CHINESE = "审查".getBytes(StandardCharsets.UTF_8);

    /** The longest reason the API takes, in Chinese, percent-encoded in a DELETE's query: 18 KB of request line. */
    @org.junit.jupiter.api.Test
    void aReasonOfTwoThousandChineseCharactersFitsInTheQuery() throws Exception {
        AuditId ready = audits.readyToScore();
        audits.send("auditor", new org.certaudit.command.audit.MarkItemNotApplicable(ready, "B25", "不涉及"));
        String reason = java.net.URLEncoder.encode("复".repeat(2000), StandardCharsets.UTF_8);
        byte[] head = ("DELETE /api/audits/" + ready + "/items/B25/not-applicable?reason=" + reason
                + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + RawHttp.basic("auditor") + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);

        RawHttp.Response response = RawHttp.send(port, head, null);

        assertThat(response.status()).as(response.text()).isEqualTo(200);
        var restored = (org.certaudit.audit.ItemApplicabilityRestored) audits.events(ready)
                .get(audits.events(ready).size() - 1).getPayload();
        assertThat(restored.clause()).isEqualTo("5.2.5.4");
        assertThat(restored.reason().length()).isEqualTo(2000);
        assertThat(restored.reason().chars().distinct()).containsExactly((int) '复');
    }

    /**
     * RFC 6585 section 5: a request line and headers over the connector's limit (server.max-http-request-header-size,
     * 32 KB on this side for a long reason in a DELETE's query) are refused by Tomcat before any filter, answered 431
     * naming that limit, and change nothing; a header of 20 KB is within it and the change is made.
     */
    @org.junit.jupiter.api.Test
    void headersOverTheLimitAre431NamingItAndAHeaderOfTwentyKilobytesIsRead() throws Exception {
        AuditId ready = audits.readyToScore();
        int before = audits.events(ready).size();
        String head = "PUT /api/audits/" + ready + "/items/B8 HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                + RawHttp.basic("leader") + "\r\nContent-Type: application/json\r\n";
        byte[] score = "{\"percent\":92,\"note\":\"n\"}".getBytes(StandardCharsets.UTF_8);

        RawHttp.Response refused = RawHttp.send(port, (head + "X-Padding: " + "x".repeat(40_000) + "\r\n")
                .getBytes(StandardCharsets.US_ASCII), score);

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
        assertThat(audits.events(ready)).hasSize(before);

        RawHttp.Response read = RawHttp.send(port, (head + "X-Padding: " + "x".repeat(20_000) + "\r\n")
                .getBytes(StandardCharsets.US_ASCII), score);
        assertThat(read.status()).as(read.text()).isEqualTo(200);
        assertThat(audits.events(ready)).hasSize(before + 1);
    }

    /**
     * A method no endpoint has is refused by the firewall (TRACE, PROPFIND, any token) or by the container itself (TRACE
     * with 405, CONNECT with 501), before the dispatcher: it is the 405 the dispatcher gives a method a path does not
     * take, with the methods that path takes in {@code Allow}, and the request id of its header; on a path no endpoint
     * has, the 404 any method gets there.
     */
    @org.junit.jupiter.api.Test
    void aMethodNoEndpointHasIsThe405OfThePathWithItsAllowedMethods() throws Exception {
        AuditId ready = audits.readyToScore();
        for (String method : List.of("TRACE", "PROPFIND", "CONNECT", "BREW")) {
            RawHttp.Response response = RawHttp.send(port, (method + " /api/audits/" + ready + "/items/B8 HTTP/1.1\r\n"
                    + "Host: localhost\r\nAuthorization: " + RawHttp.basic("leader") + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII), null);
            String what = method + " -> " + response.status() + " " + response.text();
            assertThat(response.status()).as(what).isEqualTo(405);
            assertThat(response.header("Allow")).as(what).isEqualTo("OPTIONS, PUT");
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.path("requestId").asText()).as(what).isEqualTo(response.header("X-Request-Id")).isNotBlank();
            assertThat(problem.path("errors").get(0).path("arguments").path("value").asText()).as(what).isEqualTo(method);
            RawHttp.Response nowhere = RawHttp.send(port, (method + " /api/nothing HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: " + RawHttp.basic("leader") + "\r\n").getBytes(StandardCharsets.US_ASCII), null);
            assertThat(nowhere.status()).as(method + " nowhere -> " + nowhere.text()).isEqualTo(404);
        }
    }

    /** A charset the JVM does not know leaves Spring without a parsed type: the 415 names the header as it was sent. */
    @org.junit.jupiter.api.Test
    void aContentTypeOfAnUnknownCharsetIsNamedAsSent() throws Exception {
        AuditId ready = audits.readyToScore();
        RawHttp.Response response = RawHttp.send(port, ("PUT /api/audits/" + ready + "/items/B8 HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: " + RawHttp.basic("leader") + "\r\nContent-Type: application/json; charset=bogus\r\n")
                .getBytes(StandardCharsets.US_ASCII), "{\"percent\":92,\"note\":\"n\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(response.status()).as(response.text()).isEqualTo(415);
        JsonNode error = JSON.readTree(response.body()).path("errors").get(0);
        assertThat(error.path("arguments").path("value").asText()).isEqualTo("application/json; charset=bogus");
        assertThat(error.path("message").asText()).endsWith("not application/json; charset=bogus");
    }

    /** An Accept that is no list of media types is named in words of the header, not in its parser's. */
    @org.junit.jupiter.api.Test
    void anAcceptThatIsNoListOfMediaTypesIsSaidInTheHeadersWords() throws Exception {
        AuditId ready = audits.readyToScore();
        for (String accept : List.of("application/pdf;q=abc", ";;;")) {
            RawHttp.Response response = RawHttp.send(port, ("PUT /api/audits/" + ready + "/items/B8 HTTP/1.1\r\n"
                    + "Host: localhost\r\nAuthorization: " + RawHttp.basic("leader") + "\r\nAccept: " + accept + "\r\n"
                    + "Content-Type: application/json\r\n").getBytes(StandardCharsets.US_ASCII),
                    "{\"percent\":92,\"note\":\"n\"}".getBytes(StandardCharsets.UTF_8));
            String what = accept + " -> " + response.text();
            assertThat(response.status()).as(what).isEqualTo(400);
            JsonNode error = JSON.readTree(response.body()).path("errors").get(0);
            assertThat(error.path("field").asText()).as(what).isEqualTo("Accept");
            assertThat(error.path("message").asText()).as(what).contains("is not one")
                    .doesNotContain("For input string", "mimeType", "Invalid mime type");
        }
    }

    @TestFactory
    Stream<DynamicNode> everyBadRequestIsA4xxProblemNamingTheFieldAndWritesNothing() throws Exception {
        AuditId ready = audits.readyToScore();
        AuditId scored = audits.fullyScored();
        AuditId leaderOnly = audits.opened();
        audits.send("admin", new AssignTeamMember(leaderOnly,
                new TeamMember("A", "李雅宁", TeamRole.LEADER, null, null, null, "leader")));
        AuditId recommended = audits.recommended();
        AuditId reviewed = audits.reviewed();
        String a = "/api/audits/" + ready;
        List<Case> cases = new ArrayList<>();

        // 1. Lenient JSON
        cases.add(bad("1 lenient JSON", "duplicate key after all fields", "PUT", a + "/items/5.1.1.1", "leader")
                .json("{\"percent\":90,\"note\":\"n\",\"reason\":\"r\",\"percent\":10}").field("percent"));
        cases.add(bad("1 lenient JSON", "duplicate key first", "PUT", a + "/items/5.1.1.1", "leader")
                .json("{\"percent\":90,\"percent\":10,\"note\":\"n\"}").field("percent"));
        cases.add(bad("1 lenient JSON", "duplicate key nested", "POST", "/api/audits", "admin")
                .json(openBody("\"name\":\"甲\",\"name\":\"乙\"", "2021-06-05", "2021-06-07")).field("organization.name"));
        cases.add(bad("1 lenient JSON", "enum as number: kind", "POST", a + "/special-items", "leader")
                .json("{\"kind\":0,\"finding\":\"f\",\"clause\":\"5.3.3.2\",\"reason\":\"r\"}").field("kind"));
        cases.add(bad("1 lenient JSON", "enum as number: grade", "POST", "/api/audits/" + scored + "/recommendation", "leader")
                .json("{\"grade\":0,\"reportDate\":\"2021-06-07\"}").field("grade"));
        cases.add(bad("1 lenient JSON", "enum as number: role", "POST", a + "/team", "admin")
                .json("{\"code\":\"C\",\"name\":\"丙\",\"role\":1,\"userName\":\"regulator\"}").field("role"));
        cases.add(bad("1 lenient JSON", "enum as number: type", "POST", "/api/audits", "admin")
                .json(openBody("\"name\":\"甲\"", "2021-06-05", "2021-06-07").replace("\"INITIAL\"", "0")).field("type"));
        // Jackson trims U+0000 to U+0020 around an enum's name before looking it up: "GRANT\u0000" decided GRANT.
        cases.add(bad("1 lenient JSON", "enum with a NUL after it: outcome", "POST", "/api/audits/" + reviewed + "/decision",
                "decider").header("If-Match", "\"" + audits.version(reviewed) + "\"")
                .json("{\"outcome\":\"GRANT\\u0000\",\"decidedOn\":\"2021-07-01\",\"reason\":\"r\"}")
                .field("outcome", "field.not-one-of"));
        cases.add(bad("1 lenient JSON", "enum with a space after it: grade", "POST", "/api/audits/" + scored
                + "/recommendation", "leader").json("{\"grade\":\"TEN_STAR \",\"reportDate\":\"2021-06-07\"}")
                .field("grade", "field.not-one-of"));
        cases.add(bad("1 lenient JSON", "enum with a tab before it: role", "POST", a + "/team", "admin")
                .json("{\"code\":\"C\",\"name\":\"丙\",\"role\":\"\\tMEMBER\",\"userName\":\"regulator\"}")
                .field("role", "field.not-one-of"));
        cases.add(bad("1 lenient JSON", "date as number", "POST", a + "/pledges", "leader")
                .json("{\"signedOn\":12345}").field("signedOn"));
        cases.add(bad("1 lenient JSON", "absurd year", "POST", "/api/audits", "admin")
                .json(openBody("\"name\":\"甲\"", "2021-06-05", "+999999999-12-31")).field("onSiteTo"));
        cases.add(bad("1 lenient JSON", "year before 1990", "POST", "/api/audits", "admin")
                .json(openBody("\"name\":\"甲\"", "1989-12-31", "2021-06-07")).field("onSiteFrom"));
        cases.add(bad("6 open", "on site beyond the planning horizon", "POST", "/api/audits", "admin")
                .json(openBody("\"name\":\"甲\"", "2099-04-10", "2099-04-12")).field("onSiteFrom"));
        cases.add(bad("6 cancellation", "a cancellation without its reason", "POST", a + "/cancellation", "admin")
                .json("{\"reason\":\"\"}").field("reason"));
        cases.add(bad("6 rescheduling", "a rescheduling without its reason", "PUT", a + "/on-site", "admin")
                .json("{\"onSiteFrom\":\"2021-06-06\",\"onSiteTo\":\"2021-06-07\",\"onSiteDays\":2}").field("reason"));
        cases.add(bad("6 rescheduling", "on site beyond the planning horizon", "PUT", a + "/on-site", "admin")
                .json("{\"onSiteFrom\":\"2099-04-10\",\"onSiteTo\":\"2099-04-12\",\"onSiteDays\":3,\"reason\":\"r\"}")
                .field("onSiteFrom"));
        cases.add(bad("1 lenient JSON", "year after 2100", "POST", "/api/audits/" + scored + "/recommendation", "leader")
                .json("{\"grade\":\"TEN_STAR\",\"reportDate\":\"2101-01-01\"}").field("reportDate"));
        cases.add(bad("1 lenient JSON", "date without leading zeros", "POST", a + "/pledges", "leader")
                .json("{\"signedOn\":\"2021-6-7\"}").field("signedOn"));
        cases.add(bad("1 lenient JSON", "number as text", "PUT", a + "/items/5.1.1.1", "leader")
                .json("{\"percent\":90,\"note\":12}").field("note"));
        cases.add(bad("1 lenient JSON", "boolean as text", "PUT", a + "/findings", "leader")
                .json("{\"strengths\":[true],\"improvements\":[]}").field("strengths[0]"));
        cases.add(bad("1 lenient JSON", "text as number", "PUT", a + "/items/5.1.1.1", "leader")
                .json("{\"percent\":\"90\",\"note\":\"n\"}").field("percent"));
        cases.add(bad("1 lenient JSON", "percent far out of range with an exponent", "PUT", a + "/items/5.1.1.1", "leader")
                .json("{\"percent\":1e400,\"note\":\"n\"}").field("percent", "field.max"));
        cases.add(bad("1 lenient JSON", "percent with three decimals", "PUT", a + "/items/5.1.1.1", "leader")
                .json("{\"percent\":90.125,\"note\":\"n\"}").field("percent", "field.decimals"));
        cases.add(bad("1 lenient JSON", "single value as list", "PUT", a + "/findings", "leader")
                .json("{\"strengths\":\"s\",\"improvements\":[]}").field("strengths"));

        // 2. Text that is not what was sent
        cases.add(bad("2 text", "overlong UTF-8 in a note", "PUT", a + "/items/5.1.1.1", "leader")
                .json("{\"percent\":90,\"note\":\"a", OVERLONG_LT, "b\"}").field("note"));
        String open = openBody("\"name\":\"@@\"", "2021-06-05", "2021-06-07");
        cases.add(bad("2 text", "UTF-8-encoded surrogate in a nested name", "POST", "/api/audits", "admin")
                .json(open.substring(0, open.indexOf("@@")), SURROGATE_BYTES, open.substring(open.indexOf("@@") + 2))
                .field("organization.name"));
        cases.add(bad("2 text", "escaped lone surrogate", "PUT", a + "/items/5.1.1.1", "leader")
                .json("{\"percent\":90,\"note\":\"a\\ud800b\"}").field("note"));
        cases.add(bad("2 text", "invalid UTF-8 bytes of a surrogate", "POST", a + "/reopen", "leader")
                .json("{\"reason\":\"", SURROGATE_BYTES, "\"}").field("reason"));
        cases.add(bad("2 text", "NUL in a reason", "PUT", a + "/items/B8/not-applicable", "leader")
                .json("{\"reason\":\"a\\u0000b\"}").field("reason"));
        cases.add(bad("2 text", "lone surrogate in a list", "PUT", a + "/findings", "leader")
                .json("{\"strengths\":[\"ok\",\"\\udc00\"],\"improvements\":[]}").field("strengths[1]"));
        cases.add(bad("2 text", "phone of three spaces", "POST", a + "/team", "admin")
                .json("{\"code\":\"C\",\"name\":\"丙\",\"role\":\"MEMBER\",\"phone\":\"   \",\"userName\":\"regulator\"}")
                .field("phone"));
        cases.add(bad("2 text", "note of ideographic spaces", "PUT", a + "/items/5.1.1.1", "leader")
                .json("{\"percent\":90,\"note\":\"\u3000\u3000\"}").field("note"));
        cases.add(bad("2 text", "reason of a zero-width space", "POST", a + "/reopen", "leader")
                .json("{\"reason\":\"\u200b\"}").field("reason"));
        cases.add(bad("2 text", "name of no-break spaces", "POST", a + "/team", "admin")
                .json("{\"code\":\"C\",\"name\":\"\u00a0\u00a0\",\"role\":\"MEMBER\",\"userName\":\"regulator\"}")
                .field("name"));

        // 3. Refusals outside the handlers
        cases.add(bad("3 outside handlers", "GET /error", "GET", "/error", null).status(404));
        cases.add(bad("3 outside handlers", "POST /error signed in", "POST", "/error", "admin").status(404));
        cases.add(bad("3 outside handlers", "encoded slash in the path", "GET", a + "%2Fx/items/B8", "leader"));
        cases.add(bad("3 outside handlers", "encoded NUL in the path", "PUT", a + "/items/B8%00", "leader")
                .json("{}"));
        cases.add(bad("3 outside handlers", "raw UTF-8 in the path", "PUT", bytes(a + "/items/", RAW_CHINESE), "leader")
                .json("{}"));
        cases.add(bad("3 outside handlers", "raw UTF-8 in the query", "DELETE",
                bytes(a + "/team/B?reason=", RAW_CHINESE), "admin"));
        cases.add(bad("3 outside handlers", "oversize header", "PUT", a + "/items/B8", "leader")
                .header("X-Padding", "x".repeat(40_000)).json("{}").status(431).field("headers", "request.headers-too-large"));
        cases.add(bad("3 outside handlers", "semicolon in the path", "PUT", a + ";jsessionid=1/items/B8", "leader")
                .json("{}").field("path"));
        cases.add(bad("3 outside handlers", "double slash in the path", "PUT", "/api/audits//" + ready + "/items/B8", "leader")
                .json("{}").field("path"));
        cases.add(bad("3 outside handlers", "dot segment in the path", "PUT", a + "/../x/items/B8", "leader").json("{}"));
        cases.add(bad("3 outside handlers", "method not allowed", "GET", a + "/items/B8", "leader").status(405)
                .field("method", "request.method"));
        // No role may PATCH a score: the admin, whose role's rules come first, gets the same 405, not a 403 about roles.
        cases.add(bad("3 outside handlers", "method not allowed, as admin", "PATCH", a + "/items/B8", "admin").status(405)
                .field("method", "request.method"));
        // Methods no endpoint has, refused by the firewall (TRACE also by the container, CONNECT by the container alone):
        // the same 405 naming the method, with the methods the path takes.
        for (String method : List.of("TRACE", "PROPFIND", "CONNECT", "BREW")) {
            cases.add(bad("3 outside handlers", method + " on a score", method, a + "/items/B8", "leader").status(405)
                    .field("method", "request.method"));
        }
        // Over the JSON reader's limits: said in words, without the reader's own class and setting names.
        cases.add(bad("3 outside handlers", "a number of 2,001 digits", "PUT", a + "/items/B8", "leader")
                .json("{\"percent\":7" + "0".repeat(2000) + ",\"note\":\"n\"}").field("body", "body.shape"));
        cases.add(bad("3 outside handlers", "nested 1,001 deep", "PUT", a + "/items/B8", "leader")
                .json("[".repeat(1001)).field("body", "body.shape"));
        cases.add(bad("3 outside handlers", "a name of 60,000 characters", "PUT", a + "/items/B8", "leader")
                .json("{\"" + "k".repeat(60_000) + "\":1}").field("body", "body.shape"));
        cases.add(bad("3 outside handlers", "Content-Type given twice", "PUT", a + "/items/B8", "leader")
                .header("Content-type", "text/plain").json("{\"percent\":92,\"note\":\"n\"}")
                .field("Content-Type", "field.duplicate"));
        cases.add(bad("3 outside handlers", "unknown route", "GET", "/api/audits/" + ready + "/nothing", "leader").status(404));
        cases.add(bad("3 outside handlers", "unknown route, HTML accepted", "POST", "/api/nothing", "leader")
                .header("Accept", "text/html").json("{}").status(404));
        cases.add(bad("3 outside handlers", "text/plain body", "PUT", a + "/items/B8", "leader")
                .header("Content-Type", "text/plain").json("percent=90").status(415).field("Content-Type"));
        cases.add(bad("3 outside handlers", "JSON declared as Latin-1", "PUT", a + "/items/B8", "leader")
                .header("Content-Type", "application/json; charset=ISO-8859-1")
                .json("{\"percent\":92,\"note\":\"café\"}").status(415).field("Content-Type"));
        cases.add(bad("3 outside handlers", "JSON declared in a charset nobody knows", "PUT", a + "/items/B8", "leader")
                .header("Content-Type", "application/json; charset=bogus")
                .json("{\"percent\":92,\"note\":\"n\"}").status(415).field("Content-Type"));
        cases.add(bad("3 outside handlers", "JSON declared as UTF-16", "PUT", a + "/items/B8", "leader")
                .header("Content-Type", "application/json; charset=UTF-16")
                .json("{\"percent\":92,\"note\":\"n\"}".getBytes(StandardCharsets.UTF_16BE)).status(415)
                .field("Content-Type"));
        cases.add(bad("3 outside handlers", "gzip body", "PUT", a + "/items/B8", "leader")
                .header("Content-Encoding", "gzip").json(gzip("{\"percent\":92,\"note\":\"n\"}")).status(415)
                .field("Content-Encoding", "body.content-encoding"));
        cases.add(bad("3 outside handlers", "JSON labelled with a content coding it is not in", "PUT", a + "/items/B8",
                "leader").header("Content-Encoding", "br").json("{\"percent\":92,\"note\":\"n\"}").status(415)
                .field("Content-Encoding", "body.content-encoding"));
        cases.add(bad("3 outside handlers", "UTF-16 body declared as nothing", "PUT", a + "/items/B8", "leader")
                .json("{\"percent\":92,\"note\":\"n\"}".getBytes(StandardCharsets.UTF_16BE)).field("body")
                .status(400));
        cases.add(bad("3 outside handlers", "malformed Basic credentials", "PUT", a + "/items/B8", null)
                .header("Authorization", "Basic !!!").json("{}").status(401));
        cases.add(bad("3 outside handlers", "bad request id", "PUT", a + "/items/B8", "leader")
                .header("X-Request-Id", "a b").json("{}").field("X-Request-Id"));
        cases.add(bad("3 outside handlers", "malformed member code in the path", "DELETE", a + "/team/r1?reason=x", "admin")
                .field("code"));
        cases.add(bad("3 outside handlers", "request id twice", "PUT", a + "/items/B8", "leader")
                .header("X-Request-Id", "one").header("x-request-id", "two")
                .json("{\"percent\":90,\"note\":\"n\"}").field("X-Request-Id"));
        cases.add(bad("3 outside handlers", "idempotency key twice", "PUT", a + "/items/B8", "leader")
                .header("Idempotency-Key", "k-1").header("idempotency-key", "k-2")
                .json("{\"percent\":90,\"note\":\"n\"}").field("Idempotency-Key"));
        cases.add(bad("3 outside handlers", "idempotency key with a space", "PUT", a + "/items/B8", "leader")
                .header("Idempotency-Key", "a b").json("{\"percent\":90,\"note\":\"n\"}").field("Idempotency-Key"));
        cases.add(bad("3 outside handlers", "idempotency key of 256 characters", "PUT", a + "/items/B8", "leader")
                .header("Idempotency-Key", "k".repeat(256)).json("{\"percent\":90,\"note\":\"n\"}")
                .field("Idempotency-Key"));
        cases.add(bad("3 outside handlers", "body over 1 MiB with an idempotency key", "PUT", a + "/items/B8", "leader")
                .header("Idempotency-Key", "big-1").json("{\"percent\":90,\"note\":\"" + "n".repeat(1 << 20) + "\"}")
                .status(413).field("body"));
        cases.add(bad("3 outside handlers", "body over 1 MiB without one", "PUT", a + "/items/B8", "leader")
                .json("{\"percent\":90,\"note\":\"" + "n".repeat(1 << 20) + "\"}").status(413)
                .field("body"));
        // A multipart body is parsed by the dispatcher on any path before an endpoint is chosen (the API's own paths refuse
        // a form body first, 415 below): over the limit it is the same 413, up to Boot's default of 10 MB too.
        cases.add(bad("3 outside handlers", "multipart body over 1 MiB on a path without endpoint", "POST", "/nowhere",
                "admin").header("Content-Type", "multipart/form-data; boundary=x")
                .form("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\n"
                        + "a".repeat(1 << 20) + "\r\n--x--\r\n").status(413).field("body", "body.too-large"));
        cases.add(bad("3 outside handlers", "multipart body over 1 MiB, signed in as no one", "POST", "/actuator/health",
                null).header("Content-Type", "multipart/form-data; boundary=x")
                .form("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\n"
                        + "a".repeat(1 << 20) + "\r\n--x--\r\n").status(413).field("body", "body.too-large"));
        cases.add(bad("3 outside handlers", "If-Match with one quote", "PUT", a + "/items/B8", "leader")
                .header("If-Match", "\"3").json("{\"percent\":90,\"note\":\"n\"}").field("If-Match"));
        cases.add(bad("3 outside handlers", "empty If-Match", "PUT", a + "/items/B8", "leader")
                .header("If-Match", "").json("{\"percent\":90,\"note\":\"n\"}").field("If-Match"));
        cases.add(bad("3 outside handlers", "bad If-Match", "PUT", a + "/items/B8", "leader")
                .header("If-Match", "W/\"x\"").json("{\"percent\":90,\"note\":\"n\"}").field("If-Match"));

        // 4. Silently dropped parameters
        cases.add(bad("4 parameters", "badly encoded reason", "DELETE", a + "/team/B?reason=%zz", "admin").field("reason"));
        cases.add(bad("4 parameters", "truncated escape", "DELETE", a + "/team/B?reason=ok%2", "admin").field("reason"));
        cases.add(bad("4 parameters", "escape that is not UTF-8", "DELETE", a + "/team/B?reason=%C0%BC", "admin").field("reason"));
        cases.add(bad("4 parameters", "NUL in a reason", "DELETE", a + "/team/B?reason=a%00b", "admin").field("reason"));
        cases.add(bad("4 parameters", "escape of a byte UTF-8 never has", "DELETE", a + "/team/B?reason=%FF", "admin")
                .field("reason", "field.percent-encoding"));
        cases.add(bad("4 parameters", "escape character in a reason", "DELETE", a + "/team/B?reason=a%1Bb", "admin")
                .field("reason", "field.text-characters"));
        cases.add(bad("4 parameters", "noncharacter in a reason", "DELETE", a + "/team/B?reason=%EF%BF%BF", "admin")
                .field("reason", "field.text-characters"));
        // A form body outside the API (which refuses one for its type, 415 below) is read strictly too, before sign-in.
        cases.add(bad("4 parameters", "form value that spells no UTF-8, outside the API", "POST", "/nowhere", "admin")
                .form("note=%FF").field("note", "field.percent-encoding"));
        cases.add(bad("4 parameters", "form value with a broken escape, signed in as no one", "POST", "/actuator/health",
                null).form("a=1&note=%G1").field("note", "field.percent-encoding"));
        cases.add(bad("4 parameters", "form value with a control character, signed in as no one", "POST",
                "/actuator/health", null).form("note=a%07").field("note", "field.text-characters"));
        cases.add(bad("4 parameters", "form value in Latin-1, outside the API", "POST", "/nowhere", "admin")
                .form("note=caf\u00e9".getBytes(StandardCharsets.ISO_8859_1)).field("note", "field.percent-encoding"));
        cases.add(bad("4 parameters", "unknown parameter", "DELETE", a + "/team/B?reason=ok&force=true", "admin").field("force"));
        cases.add(bad("4 parameters", "blank required reason", "DELETE", a + "/special-items/S1?reason=%E3%80%80", "leader")
                .field("reason"));
        cases.add(bad("4 parameters", "missing required reason", "DELETE", a + "/special-items/S1", "leader").field("reason"));
        cases.add(bad("4 parameters", "reason in a form body", "DELETE", a + "/team/B", "admin")
                .form("reason=ok").field("Content-Type").status(415));
        cases.add(bad("4 parameters", "reason in a form body, the path's letters escaped", "DELETE",
                "/%61pi/audits/" + ready + "/team/B", "admin").form("reason=ok").field("Content-Type").status(415));
        cases.add(bad("4 parameters", "reason in a multipart body", "DELETE", a + "/team/B", "admin")
                .header("Content-Type", "multipart/form-data; boundary=x")
                .form("--x\r\nContent-Disposition: form-data; name=\"reason\"\r\n\r\nok\r\n--x--\r\n")
                .field("Content-Type").status(415));

        // 5. Order of checks: authorization before the version, and nothing disclosed
        cases.add(bad("5 order of checks", "not on the team, stale If-Match", "PUT", "/api/audits/" + leaderOnly + "/items/B8",
                "auditor").header("If-Match", "\"999\"").json("{\"percent\":90,\"note\":\"n\"}").status(403));
        cases.add(bad("5 order of checks", "not the leader, stale If-Match", "POST", "/api/audits/" + scored + "/reopen",
                "auditor").header("If-Match", "\"999\"").json("{\"reason\":\"r\"}").status(403));

        // Every endpoint: unknown parameter, badly encoded parameter, invalid UTF-8, a field twice, the wrong media type
        String[][] endpoints = {
                {"POST", "/api/audits", "admin"}, {"POST", a + "/team", "admin"}, {"DELETE", a + "/team/B", "admin"},
                {"POST", a + "/pledges", "leader"}, {"PUT", a + "/pledges/A", "leader"}, {"PUT", a + "/items/B8", "leader"},
                {"PUT", a + "/items/B8/not-applicable", "leader"}, {"DELETE", a + "/items/B8/not-applicable", "leader"},
                {"POST", a + "/special-items", "leader"}, {"DELETE", a + "/special-items/S1", "leader"},
                {"PUT", a + "/findings", "leader"}, {"POST", a + "/recommendation", "leader"}, {"POST", a + "/reopen", "leader"}};
        for (String[] endpoint : endpoints) {
            String e = endpoint[0] + " " + endpoint[1];
            boolean hasBody = !endpoint[0].equals("DELETE");
            Case base = bad("every endpoint", e, endpoint[0], endpoint[1] + "?unexpected=1", endpoint[2]);
            cases.add((hasBody ? base.json("{}") : base).field("unexpected"));
            Case encoded = bad("every endpoint", e, endpoint[0], endpoint[1] + "?reason=%G1", endpoint[2]);
            cases.add((hasBody ? encoded.json("{}") : encoded).field("reason"));
            if (hasBody) {
                cases.add(bad("every endpoint", e + " invalid UTF-8", endpoint[0], endpoint[1], endpoint[2])
                        .json("{\"reason\":\"", OVERLONG_LT, "\"}").field("reason"));
                cases.add(bad("every endpoint", e + " a field twice", endpoint[0], endpoint[1], endpoint[2])
                        .json("{\"reason\":\"a\",\"reason\":\"b\"}").field("reason"));
                cases.add(bad("every endpoint", e + " form body", endpoint[0], endpoint[1], endpoint[2])
                        .header("Content-Type", "application/x-www-form-urlencoded").json("reason=r").status(415));
            }
        }

        // 6. Endpoints added since: technical review, certification decision, restoration, pledge correction, copyTeam
        String review = "/api/audits/" + recommended + "/review";
        cases.add(bad("6 review", "outcome as number", "POST", review, "reviewer")
                .json("{\"outcome\":0,\"reviewedOn\":\"2021-06-20\"}").field("outcome"));
        cases.add(bad("6 review", "outcome that is not one", "POST", review, "reviewer")
                .json("{\"outcome\":\"MAYBE\",\"reviewedOn\":\"2021-06-20\"}").field("outcome"));
        cases.add(bad("6 review", "date without leading zeros", "POST", review, "reviewer")
                .json("{\"outcome\":\"ACCEPT\",\"reviewedOn\":\"2021-6-20\"}").field("reviewedOn"));
        cases.add(bad("6 review", "a day that does not exist", "POST", review, "reviewer")
                .json("{\"outcome\":\"ACCEPT\",\"reviewedOn\":\"2021-02-30\"}").field("reviewedOn"));
        cases.add(bad("6 review", "date as number", "POST", review, "reviewer")
                .json("{\"outcome\":\"ACCEPT\",\"reviewedOn\":20210620}").field("reviewedOn"));
        cases.add(bad("6 review", "outcome twice", "POST", review, "reviewer")
                .json("{\"outcome\":\"ACCEPT\",\"reviewedOn\":\"2021-06-20\",\"outcome\":\"RETURN\"}").field("outcome"));
        cases.add(bad("6 review", "single finding as list", "POST", review, "reviewer")
                .json("{\"outcome\":\"RETURN\",\"reviewedOn\":\"2021-06-20\",\"findings\":\"f\"}").field("findings"));
        cases.add(bad("6 review", "lone surrogate in a finding", "POST", review, "reviewer")
                .json("{\"outcome\":\"RETURN\",\"reviewedOn\":\"2021-06-20\",\"findings\":[\"\\ud800\"]}")
                .field("findings[0]"));
        cases.add(bad("6 review", "invalid UTF-8 in a note", "POST", review, "reviewer")
                .json("{\"outcome\":\"ACCEPT\",\"reviewedOn\":\"2021-06-20\",\"note\":\"a", OVERLONG_LT, "\"}")
                .field("note"));
        cases.add(bad("6 review", "a note with a RETURN", "POST", review, "reviewer")
                .json("{\"outcome\":\"RETURN\",\"reviewedOn\":\"2021-06-20\",\"note\":\"n\",\"findings\":[\"f\"]}")
                .field("note"));
        cases.add(bad("6 review", "unknown parameter", "POST", review + "?unexpected=1", "reviewer")
                .json("{\"outcome\":\"ACCEPT\",\"reviewedOn\":\"2021-06-20\"}").field("unexpected"));
        cases.add(bad("6 review", "form body", "POST", review, "reviewer")
                .header("Content-Type", "application/x-www-form-urlencoded").json("outcome=ACCEPT").status(415));

        String decision = "/api/audits/" + reviewed + "/decision";
        String seen = "\"" + audits.version(reviewed) + "\"";
        String grant = "{\"outcome\":\"GRANT\",\"decidedOn\":\"2021-07-01\",\"reason\":\"r\"}";
        cases.add(bad("6 decision", "without If-Match", "POST", decision, "decider").json(grant).field("If-Match"));
        cases.add(bad("6 decision", "If-Match: * (no version)", "POST", decision, "decider").header("If-Match", "*")
                .json(grant).field("If-Match", "version.if-match-required"));
        cases.add(bad("6 decision", "weak If-Match", "POST", decision, "decider").header("If-Match", "W/\"x\"")
                .json(grant).field("If-Match"));
        cases.add(bad("6 decision", "outcome as number", "POST", decision, "decider").header("If-Match", seen)
                .json("{\"outcome\":0,\"decidedOn\":\"2021-07-01\",\"reason\":\"r\"}").field("outcome"));
        cases.add(bad("6 decision", "outcome that is not one", "POST", decision, "decider").header("If-Match", seen)
                .json("{\"outcome\":\"APPROVE\",\"decidedOn\":\"2021-07-01\",\"reason\":\"r\"}").field("outcome"));
        cases.add(bad("6 decision", "date with a time", "POST", decision, "decider").header("If-Match", seen)
                .json("{\"outcome\":\"GRANT\",\"decidedOn\":\"2021-07-01T00:00:00\",\"reason\":\"r\"}")
                .field("decidedOn"));
        cases.add(bad("6 decision", "decidedOn after 2100", "POST", decision, "decider").header("If-Match", seen)
                .json("{\"outcome\":\"GRANT\",\"decidedOn\":\"2101-01-01\",\"reason\":\"r\"}").field("decidedOn"));
        cases.add(bad("6 decision", "suspendedUntil on a GRANT", "POST", decision, "decider").header("If-Match", seen)
                .json("{\"outcome\":\"GRANT\",\"decidedOn\":\"2021-07-01\",\"reason\":\"r\","
                        + "\"suspendedUntil\":\"2021-12-01\"}").field("suspendedUntil"));
        cases.add(bad("6 decision", "SUSPEND without suspendedUntil", "POST", decision, "decider").header("If-Match", seen)
                .json("{\"outcome\":\"SUSPEND\",\"decidedOn\":\"2021-07-01\",\"reason\":\"r\"}")
                .field("suspendedUntil"));
        cases.add(bad("6 decision", "reason of ideographic spaces", "POST", decision, "decider").header("If-Match", seen)
                .json("{\"outcome\":\"GRANT\",\"decidedOn\":\"2021-07-01\",\"reason\":\"\u3000\"}").field("reason"));
        cases.add(bad("6 decision", "reason twice", "POST", decision, "decider").header("If-Match", seen)
                .json("{\"outcome\":\"GRANT\",\"decidedOn\":\"2021-07-01\",\"reason\":\"a\",\"reason\":\"b\"}")
                .field("reason"));
        cases.add(bad("6 decision", "invalid UTF-8 in the reason", "POST", decision, "decider").header("If-Match", seen)
                .json("{\"outcome\":\"GRANT\",\"decidedOn\":\"2021-07-01\",\"reason\":\"", SURROGATE_BYTES, "\"}")
                .field("reason"));
        cases.add(bad("6 decision", "unknown parameter", "POST", decision + "?unexpected=1", "decider")
                .header("If-Match", seen).json(grant).field("unexpected"));
        cases.add(bad("6 decision", "text/plain body", "POST", decision, "decider").header("If-Match", seen)
                .header("Content-Type", "text/plain").json(grant).status(415));

        String restoration = "/api/projects/" + reviewed.projectNumber() + "/certificate/restoration";
        cases.add(bad("6 restoration", "restoredOn as number", "POST", restoration, "decider")
                .json("{\"restoredOn\":20220801,\"reason\":\"r\"}").field("restoredOn"));
        cases.add(bad("6 restoration", "restoredOn not a date", "POST", restoration, "decider")
                .json("{\"restoredOn\":\"tomorrow\",\"reason\":\"r\"}").field("restoredOn"));
        cases.add(bad("6 restoration", "restoredOn before 1990", "POST", restoration, "decider")
                .json("{\"restoredOn\":\"1989-12-31\",\"reason\":\"r\"}").field("restoredOn"));
        cases.add(bad("6 restoration", "reason missing", "POST", restoration, "decider")
                .json("{\"restoredOn\":\"2022-08-01\"}").field("reason"));
        cases.add(bad("6 restoration", "restoredOn twice", "POST", restoration, "decider")
                .json("{\"restoredOn\":\"2022-08-01\",\"reason\":\"r\",\"restoredOn\":\"2022-09-01\"}")
                .field("restoredOn"));
        cases.add(bad("6 restoration", "invalid UTF-8 in the reason", "POST", restoration, "decider")
                .json("{\"restoredOn\":\"2022-08-01\",\"reason\":\"a", OVERLONG_LT, "\"}").field("reason"));
        cases.add(bad("6 restoration", "malformed project number", "POST",
                "/api/projects/%E3%80%80/certificate/restoration", "decider")
                .json("{\"restoredOn\":\"2022-08-01\",\"reason\":\"r\"}").field("projectNumber"));
        cases.add(bad("6 restoration", "unknown parameter", "POST", restoration + "?unexpected=1", "decider")
                .json("{\"restoredOn\":\"2022-08-01\",\"reason\":\"r\"}").field("unexpected"));
        cases.add(bad("6 restoration", "bad If-Match", "POST", restoration, "decider").header("If-Match", "\"x\"")
                .json("{\"restoredOn\":\"2022-08-01\",\"reason\":\"r\"}").field("If-Match"));
        cases.add(bad("6 restoration", "form body", "POST", restoration, "decider")
                .header("Content-Type", "application/x-www-form-urlencoded").json("reason=r").status(415));

        String correction = a + "/pledges/A";
        cases.add(bad("6 pledge correction", "date as number", "PUT", correction, "leader")
                .json("{\"signedOn\":20210605,\"reason\":\"r\"}").field("signedOn"));
        cases.add(bad("6 pledge correction", "a day that does not exist", "PUT", correction, "leader")
                .json("{\"signedOn\":\"2021-02-30\",\"reason\":\"r\"}").field("signedOn"));
        cases.add(bad("6 pledge correction", "date without leading zeros", "PUT", correction, "leader")
                .json("{\"signedOn\":\"2021-6-5\",\"reason\":\"r\"}").field("signedOn"));
        cases.add(bad("6 pledge correction", "date after 2100", "PUT", correction, "leader")
                .json("{\"signedOn\":\"2101-01-01\",\"reason\":\"r\"}").field("signedOn"));
        cases.add(bad("6 pledge correction", "reason missing", "PUT", correction, "leader")
                .json("{\"signedOn\":\"2021-06-05\"}").field("reason"));
        cases.add(bad("6 pledge correction", "reason of ideographic spaces", "PUT", correction, "leader")
                .json("{\"signedOn\":\"2021-06-05\",\"reason\":\"\u3000\"}").field("reason"));
        cases.add(bad("6 pledge correction", "signedOn twice", "PUT", correction, "leader")
                .json("{\"signedOn\":\"2021-06-05\",\"reason\":\"r\",\"signedOn\":\"2021-06-06\"}")
                .field("signedOn"));
        cases.add(bad("6 pledge correction", "malformed member code in the path", "PUT", a + "/pledges/a1", "leader")
                .json("{\"signedOn\":\"2021-06-05\",\"reason\":\"r\"}").field("memberCode"));
        cases.add(bad("6 pledge correction", "another member's pledge", "PUT", a + "/pledges/B", "leader")
                .json("{\"signedOn\":\"2021-06-05\",\"reason\":\"r\"}").status(403));
        cases.add(bad("6 pledge correction", "text/plain body", "PUT", correction, "leader")
                .header("Content-Type", "text/plain").json("{\"signedOn\":\"2021-06-05\",\"reason\":\"r\"}")
                .status(415).field("Content-Type"));

        String withTeam = openBody("\"name\":\"甲\"", "2021-06-05", "2021-06-07");
        cases.add(bad("6 copyTeam", "copyTeam as text", "POST", "/api/audits", "admin")
                .json(withTeam.replace("\"onSiteDays\"", "\"copyTeam\":\"yes\",\"onSiteDays\"")).field("copyTeam"));
        cases.add(bad("6 copyTeam", "copyTeam as number", "POST", "/api/audits", "admin")
                .json(withTeam.replace("\"onSiteDays\"", "\"copyTeam\":1,\"onSiteDays\"")).field("copyTeam"));
        cases.add(bad("6 copyTeam", "copyTeam twice", "POST", "/api/audits", "admin")
                .json(withTeam.replace("\"onSiteDays\"", "\"copyTeam\":true,\"copyTeam\":false,\"onSiteDays\""))
                .field("copyTeam"));
        cases.add(bad("6 copyTeam", "copyTeam as a list", "POST", "/api/audits", "admin")
                .json(withTeam.replace("\"onSiteDays\"", "\"copyTeam\":[true],\"onSiteDays\"")).field("copyTeam"));

        // 7. Found by the break session: headers the firewall refuses while a handler reads them, Accept unreadable
        cases.add(bad("7 headers", "If-Match of full-width digits (UTF-8 bytes, C1 controls as Latin-1)", "PUT",
                a + "/items/B8", "leader").header("If-Match", "\"\uFF12\uFF10\"").json("{\"percent\":90,\"note\":\"n\"}")
                .field("If-Match"));
        cases.add(bad("7 headers", "If-Match of full-width digits on a DELETE", "DELETE", a + "/team/B?reason=x", "admin")
                .header("If-Match", "\uFF12").field("If-Match"));
        cases.add(bad("7 headers", "an unrelated header with a C1 control", "PUT", a + "/items/B8", "leader")
                .header("X-Note", "\uFF12").json("{\"percent\":90,\"note\":\"n\"}").field("X-Note"));
        cases.add(bad("7 headers", "Accept that is no media type", "PUT", a + "/items/B8", "leader")
                .header("Accept", "garbage").json("{\"percent\":90,\"note\":\"n\"}").field("Accept"));
        cases.add(bad("7 headers", "Accept with a bad quality", "POST", a + "/reopen", "leader")
                .header("Accept", "*/*;q=x").json("{\"reason\":\"r\"}").field("Accept"));
        // RFC 9110 12.5.1: q=0 refuses JSON, the one type a command answers in, and the specific range wins over */*.
        cases.add(bad("7 headers", "Accept refusing JSON with q=0", "POST", a + "/team", "admin")
                .header("Accept", "application/json;q=0")
                .json("{\"code\":\"C\",\"name\":\"成员C\",\"role\":\"MEMBER\",\"registrationNumber\":\"2020-S1SC-000001\","
                        + "\"specialtyCode\":\"02.01.01\",\"userName\":\"zhang\"}").status(406).field("Accept"));
        cases.add(bad("7 headers", "Accept of anything but JSON", "PUT", a + "/items/B8", "leader")
                .header("Accept", "*/*, application/json;q=0").json("{\"percent\":90,\"note\":\"n\"}").status(406)
                .field("Accept"));

        // 8. Found by the break session: text of invisible characters only is blank wherever text is required, and a
        // blank path segment is named like /team/%20; an entity tag is quoted (RFC 9110 8.8.3)
        String[][] invisible = {{"zero-width space", "\u200b"}, {"byte order mark", "\ufeff"},
                {"no-break space", "\u00a0"}, {"bidirectional overrides", "\u202e\u202d"},
                {"ideographic space", "\u3000"}};
        for (String[] text : invisible) {
            cases.add(bad("8 blank text", "INITIAL scope of a " + text[0], "POST", "/api/audits", "admin")
                    .json(openBody("\"name\":\"甲\"", "2021-06-05", "2021-06-07")
                            .replace("\"售后服务\"", "\"" + text[1] + "\""))
                    .field("scope", "field.required"));
            cases.add(bad("8 blank text", "deduction finding of a " + text[0], "POST", a + "/special-items", "leader")
                    .json("{\"kind\":\"DEDUCTION\",\"finding\":\"" + text[1] + "\",\"clause\":\"5.3.3.2\",\"reason\":\"r\"}")
                    .field("finding", "special.deduction-needs-finding"));
        }
        cases.add(bad("8 blank text", "SURVEILLANCE scope of a zero-width space", "POST", "/api/audits", "admin")
                .json(openBody("\"name\":\"甲\"", "2021-06-05", "2021-06-07")
                        .replace("\"售后服务\"", "\"\u200b\"").replace("INITIAL", "SURVEILLANCE"))
                .field("scope", "field.required"));
        cases.add(bad("8 blank text", "deduction clause of a zero-width space", "POST", a + "/special-items", "leader")
                .json("{\"kind\":\"DEDUCTION\",\"finding\":\"f\",\"clause\":\"\u200b\",\"reason\":\"r\"}")
                .field("clause", "special.deduction-needs-clause"));
        cases.add(bad("8 blank text", "special item reason of a byte order mark", "POST", a + "/special-items", "leader")
                .json("{\"kind\":\"BONUS\",\"reason\":\"\ufeff\"}").field("reason", "field.required"));
        cases.add(bad("8 blank text", "criterion of a zero-width space", "POST", "/api/audits", "admin")
                .json(openBody("\"name\":\"甲\"", "2021-06-05", "2021-06-07")
                        .replace("\"onSiteFrom\"", "\"criteria\":[\"\u200b\"],\"onSiteFrom\""))
                .field("criteria[0]", "field.required"));
        for (String segment : List.of("%20", "%09", "%E3%80%80", "%E2%80%8B")) {
            cases.add(bad("8 blank path segment", "score item " + segment, "PUT", a + "/items/" + segment, "leader")
                    .json("{\"percent\":90,\"note\":\"n\"}").field("item", "field.required"));
        }
        cases.add(bad("8 blank path segment", "not applicable item %20", "PUT", a + "/items/%20/not-applicable", "leader")
                .json("{\"reason\":\"r\"}").field("item", "field.required"));
        cases.add(bad("8 blank path segment", "restore item %20", "DELETE", a + "/items/%20/not-applicable?reason=r",
                "leader").field("item", "field.required"));
        cases.add(bad("8 blank path segment", "withdraw special item %20", "DELETE", a + "/special-items/%20?reason=r",
                "leader").field("specialItemId", "field.required"));
        cases.add(bad("8 blank path segment", "withdraw special item of an ideographic space", "DELETE",
                a + "/special-items/%E3%80%80?reason=r", "leader").field("specialItemId", "field.required"));
        cases.add(bad("8 headers", "If-Match of a plain number", "PUT", a + "/items/B8", "leader")
                .header("If-Match", "1").json("{\"percent\":90,\"note\":\"n\"}")
                .field("If-Match", "version.if-match-format"));
        cases.add(bad("8 headers", "If-Match of a plain number on a decision", "POST", decision, "decider")
                .header("If-Match", seen.replace("\"", "")).json(grant).field("If-Match", "version.if-match-format"));

        // A fault in no value (after the body's end, in a key, between tokens) is the body's, not the last value's
        cases.add(bad("8 text", "NUL after the body's end", "PUT", a + "/items/5.1.1.1", "leader")
                .json("{\"percent\":50,\"note\":\"ab\"}", new byte[] {0}).field("body", "field.text-characters"));
        cases.add(bad("8 text", "invalid UTF-8 in a key after a value", "PUT", a + "/items/5.1.1.1", "leader")
                .json("{\"percent\":50,\"note\":\"ab\",\"re", OVERLONG_LT, "ason\":\"r\"}")
                .field("body", "field.text-characters"));
        cases.add(bad("8 text", "NUL between a key and its value", "PUT", a + "/items/5.1.1.1", "leader")
                .json("{\"percent\":50,\"note\":", new byte[] {0}, "\"ab\"}").field("body", "field.text-characters"));
        cases.add(bad("8 text", "NUL splitting a number", "PUT", a + "/items/5.1.1.1", "leader")
                .json("{\"percent\":5", new byte[] {0}, "0,\"note\":\"ab\"}").field("percent", "field.text-characters"));
        cases.add(bad("8 text", "invalid UTF-8 in a nested value", "POST", "/api/audits", "admin")
                .json(open.substring(0, open.indexOf("@@")), OVERLONG_LT, open.substring(open.indexOf("@@") + 2))
                .field("organization.name", "field.text-characters"));

        Map<AuditId, Integer> before = new LinkedHashMap<>();
        for (AuditId id : List.of(ready, scored, leaderOnly, recommended, reviewed)) {
            before.put(id, audits.events(id).size());
        }
        int projectEventsBefore = audits.events(reviewed.projectNumber()).size();
        List<DynamicNode> tests = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            tests.add(dynamicTest("#" + (i + 1) + " [" + c.kind() + "] " + c.description(), () -> check(c)));
        }
        tests.add(dynamicTest("nothing appended by any of the " + cases.size() + " bad requests", () -> {
            for (Map.Entry<AuditId, Integer> entry : before.entrySet()) {
                assertThat(audits.events(entry.getKey())).as("events of %s", entry.getKey()).hasSize(entry.getValue());
            }
            assertThat(audits.events(reviewed.projectNumber())).as("events of the project").hasSize(projectEventsBefore);
        }));
        System.out.println("BadRequestCorpusTest: " + cases.size() + " bad requests sent to the command side");
        return Stream.of(DynamicContainer.dynamicContainer(cases.size() + " bad requests", tests.stream()));
    }

    private void check(Case c) throws Exception {
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
        RawHttp.Response response = RawHttp.send(port, head.toByteArray(), c.body());
        String what = c.kind() + " / " + c.description() + " -> " + response.status() + " " + response.text();
        assertThat(response.status()).as(what).isBetween(400, 499);
        if (c.status() != null) {
            assertThat(response.status()).as(what).isEqualTo(c.status());
        }
        assertThat(response.header("Content-Type")).as(what).startsWith("application/problem+json");
        assertThat(response.text()).as(what).doesNotContain("com.fasterxml", "java.", "org.springframework",
                "org.apache", "StreamReadConstraints", "Exception");
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
            if (c.code() != null) {
                List<String> codes = new ArrayList<>();
                problem.path("errors").forEach(error -> {
                    if (c.field().equals(error.path("field").asText())) {
                        codes.add(error.path("code").asText());
                    }
                });
                assertThat(codes).as(what).contains(c.code());
            }
            // Every error of the body, a parameter or a header says its rule in code, for a client's own words.
            problem.path("errors").forEach(error -> assertThat(org.certaudit.web.RuleCode.of(error.path("code").asText()))
                    .as(what).isPresent());
        }
        if (c.status() != null && c.status() == 403) {
            // A refusal of the role says its rule as one of the team's would (permission.role, permission.not-on-team).
            assertThat(problem.path("errors")).as(what).hasSize(1);
            assertThat(org.certaudit.web.RuleCode.of(problem.path("errors").get(0).path("code").asText())).as(what).isPresent();
            assertThat(response.header("ETag")).as(what).isNull();
            assertThat(problem.has("currentVersion")).as(what).isFalse();
        }
    }

    private static String openBody(String organizationFields, String onSiteFrom, String onSiteTo) {
        return "{\"projectNumber\":\"X0001-2021-SE\",\"type\":\"INITIAL\",\"organization\":{" + organizationFields
                + "},\"scope\":\"售后服务\",\"onSiteFrom\":\"" + onSiteFrom + "\",\"onSiteTo\":\"" + onSiteTo
                + "\",\"onSiteDays\":3.0}";
    }
}
