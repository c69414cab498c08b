package org.certaudit.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Every 413, over real HTTP, whoever refuses the body: a multipart body the dispatcher parses before it finds an
 * endpoint, a {@code sendError(413)} answered by the error page, Tomcat's own refusal of an HTTP/2 upgrade's body
 * answered by the container's error report ({@code server.http2.enabled} here for it). Each is the problem a JSON body over the limit gets ({@link ProblemFormat#bodyTooLarge(int)}): {@code errors}
 * naming {@code body} with the rule {@code body.too-large} and its limit in bytes. A form body over the limit is
 * {@link FormBodyProblemsTest}'s.
 */
@SpringBootTest(classes = BodyTooLargeProblemsTest.Application.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {"server.http2.enabled=true", "spring.autoconfigure.exclude="
        + "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration,"
        + "org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration,"
        + "org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration,"
        + "org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration,"
        + "org.certaudit.security.WebSecurityAutoConfiguration"})
class BodyTooLargeProblemsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LIMIT = StrictJsonHttpMessageConverter.MAX_BODY_BYTES;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({Refusals.class, Problems.class})
    static class Application {
    }

    /** Refusals made outside the problem handlers, as a filter or the container makes them. */
    @RestController
    static class Refusals {

        @PostMapping("/send-error")
        void sendError(HttpServletResponse response) throws IOException {
            response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
        }
    }

    @RestControllerAdvice
    static class Problems extends ProblemResponses {
    }

    @LocalServerPort
    int port;

    private RawHttp.Response post(String path, String contentType, byte[] body) throws IOException {
        return RawHttp.send(port, ("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + contentType
                + "\r\n").getBytes(StandardCharsets.US_ASCII), body);
    }

    private static byte[] multipart(int fileBytes) {
        byte[] head = ("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
                + "Content-Type: text/plain\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = "\r\n--x--\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[head.length + fileBytes + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        Arrays.fill(body, head.length, head.length + fileBytes, (byte) 'a');
        System.arraycopy(tail, 0, body, head.length + fileBytes, tail.length);
        return body;
    }

    static void assertBodyTooLarge(RawHttp.Response response) throws IOException {
        assertThat(response.status()).as(response.text()).isEqualTo(413);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("type").asText()).isEqualTo("urn:certaudit:problem:payload-too-large");
        assertThat(problem.path("title").asText()).isEqualTo("Body too large");
        assertThat(problem.path("detail").asText()).isEqualTo("the body must be at most " + LIMIT + " bytes");
        assertThat(problem.path("requestId").asText()).isNotBlank();
        assertThat(problem.path("errors")).as(response.text()).hasSize(1);
        JsonNode error = problem.path("errors").get(0);
        assertThat(error.path("field").asText()).isEqualTo("body");
        assertThat(error.path("code").asText()).isEqualTo(RuleCode.BODY_TOO_LARGE.code());
        assertThat(error.path("message").asText()).isEqualTo("must be at most " + LIMIT + " bytes");
        assertThat(error.path("arguments").path("limit").asInt()).isEqualTo(LIMIT);
    }

    @Test
    void aMultipartBodyOverTheLimitOnAPathWithoutEndpointIsTheBodysProblem() throws IOException {
        assertBodyTooLarge(post("/nowhere", "multipart/form-data; boundary=x", multipart(LIMIT + 1)));
    }

    @Test
    void aMultipartBodyOverTheLimitButUnderBootsDefaultOfTenMegabytesIsRefusedAtTheSameLimit() throws IOException {
        // Boot's own limits (1 MB a part, 10 MB a request) would have parsed this one, a part of half the limit.
        byte[] half = multipart(LIMIT / 2);
        byte[] twoParts = new byte[2 * half.length];
        System.arraycopy(half, 0, twoParts, 0, half.length);
        System.arraycopy(half, 0, twoParts, half.length, half.length);
        assertBodyTooLarge(post("/nowhere", "multipart/form-data; boundary=x", twoParts));
        assertThat(post("/nowhere", "multipart/form-data; boundary=x", half).status()).isEqualTo(404);
    }

    @Test
    void aSendErrorOf413IsAnsweredByTheErrorPageAsTheBodysProblem() throws IOException {
        assertBodyTooLarge(post("/send-error", "application/json", "{}".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void anHttp2UpgradeWithABodyOverTheLimitIsAnsweredByTheContainersErrorReportAsTheBodysProblem() throws IOException {
        // Tomcat refuses it itself, before any filter or servlet, for a body over the connector's maxSavePostSize.
        RawHttp.Response refused = upgrade(LIMIT + 1);
        assertBodyTooLarge(refused);
        assertThat(refused.header("X-Request-Id")).isNotBlank();
        // Under the limit, though over Tomcat's default of 4 KB, the connection is upgraded: only its first line is read,
        // as HTTP/2 frames follow it on a connection left open.
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write((UPGRADE + "Content-Length: 8192\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(spaces(8192));
            socket.getOutputStream().flush();
            StringBuilder statusLine = new StringBuilder();
            for (int c = socket.getInputStream().read(); c >= 0 && c != '\r'; c = socket.getInputStream().read()) {
                statusLine.append((char) c);
            }
            assertThat(statusLine.toString()).startsWith("HTTP/1.1 101");
        }
    }

    /** An HTTP/2 upgrade's request line and headers (RFC 7540 3.2), without the body's length. */
    private static final String UPGRADE = "POST /nowhere HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
            + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n";

    private RawHttp.Response upgrade(int bodyBytes) throws IOException {
        return RawHttp.send(port, UPGRADE.getBytes(StandardCharsets.US_ASCII), spaces(bodyBytes));
    }

    private static byte[] spaces(int bytes) {
        byte[] body = new byte[bytes];
        Arrays.fill(body, (byte) ' ');
        return body;
    }
}
