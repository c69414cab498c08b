package org.certaudit.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A query of more parameters than the connector reads ({@code server.tomcat.max-parameter-count}, here 50), over real
 * HTTP: Tomcat would keep the first 50 and drop the rest without a word. It is a 400 naming {@code query} with
 * {@code query.too-many-parameters} and the limit, a page for a browser opening a console page; a query of exactly the
 * limit reaches its handler whole.
 */
@SpringBootTest(classes = QueryParameterCountTest.Application.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.tomcat.max-parameter-count=" + QueryParameterCountTest.LIMIT,
        "spring.autoconfigure.exclude="
                + "org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration,"
                + "org.springframework.boot.autoconfigure.security.servlet.SecurityFilterAutoConfiguration,"
                + "org.springframework.boot.autoconfigure.security.servlet.UserDetailsServiceAutoConfiguration,"
                + "org.springframework.boot.autoconfigure.security.oauth2.resource.servlet.OAuth2ResourceServerAutoConfiguration,"
                + "org.certaudit.security.WebSecurityAutoConfiguration"})
class QueryParameterCountTest {

    static final int LIMIT = 50;
    private static final ObjectMapper JSON = new ObjectMapper();

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import({Parameters.class, Problems.class})
    static class Application {
    }

    /** What a handler taking any parameters was given: how many, and the value of the last one a full query holds. */
    @RestController
    static class Parameters {

        @GetMapping({"/params", "/console/params"})
        String params(@RequestParam Map<String, String> parameters) {
            return parameters.size() + " " + parameters.get("p" + (LIMIT - 1));
        }
    }

    @RestControllerAdvice
    static class Problems extends ProblemResponses {
    }

    @LocalServerPort
    int port;

    /** {@code p0=v0&p1=v1&...} with {@code count} parameters, and {@code extra} appended as it is. */
    private RawHttp.Response get(String path, int count, String extra, String accept) throws IOException {
        String query = IntStream.range(0, count).mapToObj(i -> "p" + i + "=v" + i).collect(Collectors.joining("&"));
        return RawHttp.send(port, ("GET " + path + "?" + query + extra + " HTTP/1.1\r\nHost: localhost\r\nAccept: "
                + accept + "\r\n").getBytes(StandardCharsets.US_ASCII), null);
    }

    @Test
    void aQueryOfAsManyParametersAsTheConnectorReadsReachesItsHandlerWhole() throws IOException {
        RawHttp.Response answer = get("/params", LIMIT, "", "*/*");
        assertThat(answer.status()).as(answer.text()).isEqualTo(200);
        assertThat(answer.text()).isEqualTo(LIMIT + " v" + (LIMIT - 1));
        // Empty pairs are no parameters, for the container as for the count.
        RawHttp.Response empties = get("/params", LIMIT, "&&&", "*/*");
        assertThat(empties.status()).as(empties.text()).isEqualTo(200);
        assertThat(empties.text()).isEqualTo(LIMIT + " v" + (LIMIT - 1));
    }

    @Test
    void oneParameterMoreIsA400NamingTheQueryAndTheLimit() throws IOException {
        RawHttp.Response answer = get("/params", LIMIT + 1, "", "application/json");
        assertThat(answer.status()).as(answer.text()).isEqualTo(400);
        assertThat(answer.header("Content-Type")).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.path("errors")).as(answer.text()).hasSize(1);
        JsonNode error = problem.path("errors").get(0);
        assertThat(error.path("field").asText()).isEqualTo("query");
        assertThat(error.path("code").asText()).isEqualTo("query.too-many-parameters");
        assertThat(error.path("arguments").path("limit").asInt()).isEqualTo(LIMIT);
        assertThat(error.path("message").asText()).contains("more than " + LIMIT + " parameters");
        // Repeating one parameter counts as the container counts it: once per pair.
        RawHttp.Response repeated = get("/params", LIMIT, "&p0=again", "application/json");
        assertThat(repeated.status()).as(repeated.text()).isEqualTo(400);
    }

    @Test
    void aBrowserOpeningAConsolePageWithTooManyParametersIsShownTheRefusalAsAPage() throws IOException {
        RawHttp.Response page = get("/console/params", LIMIT + 1, "", "text/html,application/xhtml+xml,*/*;q=0.8");
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.text()).contains("data-code=\"query.too-many-parameters\"", "query:");
    }
}
