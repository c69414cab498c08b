package org.certaudit.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Headers over the connector's limit, over real HTTP: Tomcat refuses them before any filter, with a 400, and the
 * container's error report ({@link ProblemReportValve}) answers 431 Request Header Fields Too Large (RFC 6585 section
 * 5) naming {@code headers} with {@code request.headers-too-large} and the limit in bytes. Tomcat's default limit here,
 * 8 KB for the request line and the headers together; both sides set 32 KB.
 */
@SpringBootTest(classes = HeadersTooLargeProblemsTest.Application.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"spring.autoconfigure.exclude="
        + "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration,"
        + "org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration,"
        + "org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration,"
        + "org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration,"
        + "org.certaudit.security.WebSecurityAutoConfiguration"})
class HeadersTooLargeProblemsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Tomcat's maxHttpHeaderSize unless set, Spring Boot's server.max-http-request-header-size of 8 KB. */
    private static final int LIMIT = 8192;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class Application {
    }

    @LocalServerPort
    int port;

    private RawHttp.Response get(String target, String headers) throws IOException {
        return RawHttp.send(port, ("GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + headers)
                .getBytes(StandardCharsets.ISO_8859_1), null);
    }

    /** The 431 problem, whatever made the header section too large. */
    static void assertHeadersTooLarge(RawHttp.Response response, int limit) throws IOException {
        assertThat(response.status()).as(response.text()).isEqualTo(431);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asText()).isEqualTo("urn:certaudit:problem:payload-too-large");
        assertThat(problem.path("title").asText()).isEqualTo("Request Header Fields Too Large");
        assertThat(problem.path("status").asInt()).isEqualTo(431);
        assertThat(problem.path("detail").asText()).isEqualTo("the request line and headers must be at most " + limit
                + " bytes together; send fewer or shorter headers");
        assertThat(problem.path("requestId").asText()).isNotBlank().isEqualTo(response.header("X-Request-Id"));
        assertThat(problem.path("errors")).as(response.text()).hasSize(1);
        JsonNode error = problem.path("errors").get(0);
        assertThat(error.path("field").asText()).isEqualTo("headers");
        assertThat(error.path("code").asText()).isEqualTo(RuleCode.REQUEST_HEADERS_TOO_LARGE.code());
        assertThat(error.path("message").asText()).isEqualTo("must be at most " + limit + " bytes together");
        assertThat(error.path("arguments").path("limit").asInt()).isEqualTo(limit);
    }

    @Test
    void aHeaderOfTwentyKilobytesIs431WithTheLimit() throws IOException {
        assertHeadersTooLarge(get("/nowhere", "X-Padding: " + "x".repeat(20_000) + "\r\n"), LIMIT);
    }

    /** RFC 6585 section 5: for one header at fault, or for the set of them in total. */
    @Test
    void smallHeadersOverTheLimitTogetherAre431() throws IOException {
        assertHeadersTooLarge(get("/nowhere", ("X-Padding: " + "x".repeat(200) + "\r\n").repeat(60)), LIMIT);
    }

    @Test
    void headersUnderTheLimitReachTheApplication() throws IOException {
        RawHttp.Response response = get("/nowhere", "X-Padding: " + "x".repeat(LIMIT - 200) + "\r\n");
        assertThat(response.status()).as(response.text()).isEqualTo(404);
    }

    /**
     * Tomcat refuses a request line over the limit with the same words, before it has read the request target: no
     * header is at fault (it would be RFC 9110's 414 URI Too Long), and it stays the 400 of a malformed request line.
     */
    @Test
    void aRequestLineOverTheLimitStaysA400OfTheRequestLine() throws IOException {
        RawHttp.Response response = get("/nowhere?q=" + "x".repeat(20_000), "");
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        JsonNode error = JSON.readTree(response.body()).path("errors").get(0);
        assertThat(error.path("field").asText()).isEqualTo("request");
        assertThat(error.path("code").asText()).isEqualTo(RuleCode.REQUEST_MALFORMED.code());
    }

    /** More headers than the connector reads (Tomcat's maxHeaderCount, 100) is Tomcat's other refusal, still a 400. */
    @Test
    void moreHeadersThanTheConnectorReadsStayA400() throws IOException {
        RawHttp.Response response = get("/nowhere", "X-P: y\r\n".repeat(150));
        assertThat(response.status()).as(response.text()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("errors").get(0).path("code").asText())
                .isEqualTo(RuleCode.REQUEST_MALFORMED.code());
    }
}
