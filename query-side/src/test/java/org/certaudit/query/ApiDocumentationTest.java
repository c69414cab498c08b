package org.certaudit.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

/** The query side's OpenAPI document: titled, with its sign-in schemes, every operation with its problems, no echoed host. */
@QuerySideTest
class ApiDocumentationTest {

    @Autowired
    TestRestTemplate rest;

    @Test
    void isCompleteAndTrueOnEveryFetch() throws Exception {
        for (int fetch = 1; fetch <= 2; fetch++) {
            HttpHeaders headers = new HttpHeaders();
            headers.set("X-Forwarded-Host", "attacker.example");
            String document = rest.exchange("/v3/api-docs", HttpMethod.GET, new HttpEntity<>(headers), String.class).getBody();
            JsonNode api = new ObjectMapper().readTree(document);
            assertThat(api.path("info").path("title").asText()).isEqualTo("certaudit query side");
            assertThat(api.path("components").path("securitySchemes").has("basic")).isTrue();
            assertThat(api.path("servers").get(0).path("url").asText()).isEqualTo("/");
            assertThat(document).doesNotContain("attacker.example");
            api.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
                String where = operation.getKey() + " " + path.getKey();
                List<String> names = new ArrayList<>();
                operation.getValue().path("parameters").forEach(p -> names.add(p.path("in").asText() + ":" + p.path("name").asText()));
                assertThat(names).as(where).doesNotHaveDuplicates();
                for (String status : List.of("400", "401", "403", "404")) {
                    assertThat(operation.getValue().path("responses").has(status)).as(where + " documents " + status).isTrue();
                }
            }));
        }
    }
}
