package org.certaudit.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

/** The query side's OpenAPI document: titled, with its sign-in schemes, every operation with its problems, no echoed host. */
@QuerySideTest
@ExtendWith(OutputCaptureExtension.class)
class ApiDocumentationTest {

    @Autowired
    TestRestTemplate rest;

    @Test
    void isCompleteAndTrueOnEveryFetch(CapturedOutput output) throws Exception {
        for (int fetch = 1; fetch <= 2; fetch++) {
            HttpHeaders headers = new HttpHeaders();
            headers.set("X-Forwarded-Host", "attacker.example");
            String document = rest.exchange("/v3/api-docs", HttpMethod.GET, new HttpEntity<>(headers), String.class).getBody();
            JsonNode api = new ObjectMapper().readTree(document);
            assertThat(api.path("info").path("title").asText()).isEqualTo("certaudit query side");
            assertThat(api.path("components").path("securitySchemes").has("basic")).isTrue();
            assertThat(api.path("servers").get(0).path("url").asText()).isEqualTo("/");
            assertThat(document).doesNotContain("attacker.example")
                    .as("no reference left to Spring's ProblemDetail schema").doesNotContain("ProblemDetail");
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
        assertThat(output.getAll()).doesNotContain("Duplicate OpenAPI parameter").doesNotContain("Json Processing Exception");
    }

    @Test
    void givesEveryProblemAnswerARealExampleOfOurProblemFormat() throws Exception {
        JsonNode api = document();
        List<String> checked = new ArrayList<>();

        api.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation ->
                operation.getValue().path("responses").fields().forEachRemaining(response -> {
                    if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                        String where = operation.getKey() + " " + path.getKey() + " " + response.getKey();
                        JsonNode problem = response.getValue().path("content").path("application/problem+json");
                        assertThat(problem.path("schema").path("$ref").asText()).as(where)
                                .isEqualTo("#/components/schemas/Problem");
                        JsonNode example = problem.path("example");
                        assertThat(example.path("type").asText()).as(where).startsWith("urn:certaudit:problem:");
                        assertThat(example.path("status").asText()).as(where).isEqualTo(response.getKey());
                        assertThat(example.path("title").asText()).as(where).isNotBlank();
                        assertThat(example.path("detail").asText()).as(where).isNotBlank();
                        checked.add(where);
                    }
                })));

        assertThat(checked).hasSizeGreaterThan(20);
        assertThat(api.path("components").path("schemas").has("ProblemDetail")).isFalse();
        assertThat(api.path("components").path("schemas").path("Problem").path("additionalProperties").asBoolean(true))
                .isFalse();
        JsonNode invalid = api.path("paths").path("/api/audits/{id}/scorecard").path("get").path("responses").path("400")
                .path("content").path("application/problem+json").path("example");
        assertThat(invalid.path("errors").get(0).path("field").asText()).isEqualTo("asOf");
        assertThat(invalid.path("detail").asText()).contains("%2B");
    }

    @Test
    void documentsWhoDidItAndPlainTrailPayloads() throws Exception {
        JsonNode schemas = document().path("components").path("schemas");

        assertThat(schemas.path("ItemChange").path("properties").path("user").path("example").asText()).isEqualTo("auditor");
        assertThat(schemas.path("ItemChange").path("properties").path("member").toString()).contains("ActingMember");
        assertThat(schemas.path("TrailEntry").path("properties").path("member").toString()).contains("ActingMember");
        assertThat(schemas.path("ActingMember").path("properties").path("code").path("example").asText()).isEqualTo("B");
        assertThat(schemas.path("ActingMember").path("properties").path("role").path("enum").toString())
                .contains("LEADER", "MEMBER", "TECHNICAL_EXPERT");
        JsonNode payload = schemas.path("TrailEntry").path("properties").path("payload");
        assertThat(payload.path("type").asText()).isEqualTo("object");
        assertThat(payload.path("example").path("percent").asInt()).isEqualTo(80);
        assertThat(payload.path("example").path("auditId").asText()).isEqualTo("0455-2021-SE.1");
    }

    @Test
    void documentsTheTrailsFiltersEachWithWhatItTakesAndTheKindsOfEventAndOrdersAsValues() throws Exception {
        JsonNode events = document().path("paths").path("/api/audits/{id}/events").path("get");
        java.util.Map<String, JsonNode> parameters = new java.util.LinkedHashMap<>();
        events.path("parameters").forEach(p -> parameters.put(p.path("name").asText(), p));

        assertThat(parameters).containsKeys("id", "page", "size", "type", "clause", "member", "from", "to", "order");
        parameters.forEach((name, parameter) -> assertThat(parameter.path("description").asText()).as(name).isNotBlank());
        assertThat(parameters.get("type").path("schema").path("type").asText()).isEqualTo("array");
        List<String> kinds = new ArrayList<>();
        parameters.get("type").path("schema").path("items").path("enum").forEach(kind -> kinds.add(kind.asText()));
        assertThat(kinds).isEqualTo(org.certaudit.query.trail.TrailFilter.EVENT_TYPES)
                .contains("AuditOpened", "ItemScored", "SpecialItemWithdrawn", "CertificateRenewed");
        assertThat(parameters.get("order").path("schema").path("enum").toString()).isEqualTo("[\"oldest\",\"newest\"]");
        assertThat(parameters.get("order").path("schema").path("default").asText()).isEqualTo("oldest");
        assertThat(parameters.get("clause").path("description").asText()).contains("B8", "special items");
        assertThat(parameters.get("member").path("description").asText()).contains("any case");
        assertThat(parameters.get("from").path("description").asText()).contains("start of this date", "%2B");
        assertThat(parameters.get("to").path("description").asText()).contains("end of this date");
        assertThat(events.path("description").asText()).contains("totalElements and totalPages count the events listed");
    }

    @Test
    void documentsASuspensionPastItsPlannedEndInTheRegisterAndTheCertificate() throws Exception {
        JsonNode schemas = document().path("components").path("schemas");

        for (String schema : List.of("CertificateView", "CertificateSummary")) {
            JsonNode overdue = schemas.path(schema).path("properties").path("suspensionOverdue");
            assertThat(overdue.path("type").asText()).as(schema).isEqualTo("boolean");
            assertThat(overdue.path("description").asText()).as(schema).contains("suspendedUntil", "SUSPENDED");
        }
        assertThat(schemas.path("CertificateSummary").path("properties").path("due").path("description").asText())
                .contains("SURVEILLANCE", "SUSPENSION_END", "EXPIRY");
    }

    @Test
    void documentsTheScorecardUpdatesAsAnEventStreamThatMayBeRefusedWithRetryAfter() throws Exception {
        JsonNode updates = document().path("paths").path("/api/audits/{id}/scorecard/updates").path("get");

        JsonNode ok = updates.path("responses").path("200").path("content");
        assertThat(ok.has("text/event-stream")).as(ok.toString()).isTrue();
        assertThat(ok.path("text/event-stream").path("schema").toString()).contains("ScorecardVersion");
        JsonNode refused = updates.path("responses").path("503");
        assertThat(refused.path("headers").has("Retry-After")).as(refused.toString()).isTrue();
        assertThat(refused.path("content").path("application/problem+json").path("example").path("type").asText())
                .isEqualTo("urn:certaudit:problem:unavailable");
        List<String> parameters = new ArrayList<>();
        updates.path("parameters").forEach(p -> parameters.add(p.path("in").asText() + ":" + p.path("name").asText()));
        assertThat(parameters).contains("path:id", "header:Last-Event-ID");
    }

    private JsonNode document() throws Exception {
        return new ObjectMapper().readTree(rest.getForObject("/v3/api-docs", String.class));
    }
}
