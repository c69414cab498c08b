package org.certaudit.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A body sent in a content coding, over real HTTP: nothing on either side decodes one, so a gzip body was read as JSON
 * and refused as "not well-formed UTF-8", and a JSON body labelled {@code br} was taken as it came. Both are a 415 naming
 * {@code Content-Encoding} with {@code body.content-encoding} and the value sent, {@code Accept-Encoding: identity}
 * saying what a request may use (RFC 9110 12.5.3), before any handler runs; {@code identity} is no coding.
 */
@SpringBootTest(classes = ContentEncodingTest.Application.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.autoconfigure.exclude="
                + "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration,"
                + "org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration,"
                + "org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration,"
                + "org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration,"
                + "org.certaudit.security.WebSecurityAutoConfiguration"})
class ContentEncodingTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BODY = "{\"note\":\"现场记录\"}";

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({Notes.class, Problems.class})
    static class Application {
    }

    /** Counts the bodies that reached it, so that a refusal is seen to have run no handler. */
    @RestController
    static class Notes {

        static final AtomicInteger TAKEN = new AtomicInteger();

        record Note(String note) {
        }

        @PutMapping(path = "/api/notes", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
        Note put(@RequestBody Note note) {
            TAKEN.incrementAndGet();
            return note;
        }
    }

    @RestControllerAdvice
    static class Problems extends ProblemResponses {
    }

    @LocalServerPort
    int port;

    private RawHttp.Response put(String contentEncoding, byte[] body) throws IOException {
        return RawHttp.send(port, ("PUT /api/notes HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + (contentEncoding == null ? "" : "Content-Encoding: " + contentEncoding + "\r\n"))
                .getBytes(StandardCharsets.US_ASCII), body);
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    @Test
    void aGzipBodyIsA415NamingContentEncodingAndRunsNoHandler() throws IOException {
        int before = Notes.TAKEN.get();
        RawHttp.Response answer = put("gzip", gzip(BODY));
        assertThat(answer.status()).as(answer.text()).isEqualTo(415);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        assertThat(answer.header("Accept-Encoding")).isEqualTo("identity");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.path("type").asText()).isEqualTo("urn:certaudit:problem:unsupported-media-type");
        assertThat(problem.path("errors")).as(answer.text()).hasSize(1);
        JsonNode error = problem.path("errors").get(0);
        assertThat(error.path("field").asText()).isEqualTo("Content-Encoding");
        assertThat(error.path("code").asText()).isEqualTo("body.content-encoding");
        assertThat(error.path("arguments").path("value").asText()).isEqualTo("gzip");
        assertThat(Notes.TAKEN.get()).isEqualTo(before);
    }

    @Test
    void aPlainBodyLabelledWithACodingIsRefusedToo() throws IOException {
        int before = Notes.TAKEN.get();
        RawHttp.Response answer = put("identity, br", BODY.getBytes(StandardCharsets.UTF_8));
        assertThat(answer.status()).as(answer.text()).isEqualTo(415);
        JsonNode error = JSON.readTree(answer.body()).path("errors").get(0);
        assertThat(error.path("arguments").path("value").asText()).isEqualTo("identity, br");
        assertThat(Notes.TAKEN.get()).isEqualTo(before);
    }

    @Test
    void identityIsNoCodingAndTheBodyReachesItsHandler() throws IOException {
        RawHttp.Response answer = put("identity", BODY.getBytes(StandardCharsets.UTF_8));
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).path("note").asText()).isEqualTo("现场记录");
        RawHttp.Response none = put(null, BODY.getBytes(StandardCharsets.UTF_8));
        assertThat(none.status()).as(none.text()).isEqualTo(200);
    }
}
