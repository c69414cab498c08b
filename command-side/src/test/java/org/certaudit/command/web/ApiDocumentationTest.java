package org.certaudit.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.certaudit.command.HttpTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The API documents itself: OpenAPI at /v3/api-docs, Swagger UI at /swagger-ui.html, no sign-in needed. */
@ExtendWith(OutputCaptureExtension.class)
class ApiDocumentationTest extends HttpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void servesTheSwaggerUi() throws Exception {
        http.perform(get("/swagger-ui.html"))
                .andExpect(status().is3xxRedirection())
                .andExpect(redirectedUrl("/swagger-ui/index.html"));
        http.perform(get("/swagger-ui/index.html")).andExpect(status().isOk());
    }

    @Test
    void documentsEveryEndpointWithItsRulesHeadersAndProblems() throws Exception {
        http.perform(get("/v3/api-docs"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.info.title").value("certaudit command side"))
                .andExpect(jsonPath("$.paths['/api/audits'].post.description", containsString("the first audit is INITIAL")))
                .andExpect(jsonPath("$.paths['/api/audits/{id}/team'].post.summary").value("Assign a team member (ADMIN)"))
                .andExpect(jsonPath("$.paths['/api/audits/{id}/team/{code}'].delete").exists())
                .andExpect(jsonPath("$.paths['/api/audits/{id}/pledges'].post").exists())
                .andExpect(jsonPath("$.paths['/api/audits/{id}/pledges/{memberCode}'].put.description",
                        containsString("Each member corrects only their own signed pledge")))
                .andExpect(jsonPath("$.components.schemas.PledgeCorrectionRequest.required")
                        .value(org.hamcrest.Matchers.containsInAnyOrder("signedOn", "reason")))
                .andExpect(jsonPath("$.paths['/api/audits/{id}/items/{item}'].put.description",
                        containsString("Changing an existing score needs a reason")))
                .andExpect(jsonPath("$.paths['/api/audits/{id}/items/{item}/not-applicable'].put").exists())
                .andExpect(jsonPath("$.paths['/api/audits/{id}/items/{item}/not-applicable'].delete").exists())
                .andExpect(jsonPath("$.paths['/api/audits/{id}/special-items'].post").exists())
                .andExpect(jsonPath("$.paths['/api/audits/{id}/special-items/{specialItemId}'].delete").exists())
                .andExpect(jsonPath("$.paths['/api/audits/{id}/findings'].put").exists())
                .andExpect(jsonPath("$.paths['/api/audits/{id}/recommendation'].post.description",
                        containsString("the grade is the one the scoring rules compute")))
                .andExpect(jsonPath("$.paths['/api/audits/{id}/reopen'].post").exists())
                .andExpect(jsonPath("$.paths['/api/audits/{id}/items/{item}'].put.parameters[?(@.name == 'Idempotency-Key')]").exists())
                .andExpect(jsonPath("$.paths['/api/audits/{id}/items/{item}'].put.parameters[?(@.name == 'If-Match')].description")
                        .value(org.hamcrest.Matchers.hasItem(containsString("412"))))
                .andExpect(jsonPath("$.paths['/api/audits/{id}/items/{item}'].put.responses['412']").exists())
                .andExpect(jsonPath("$.components.schemas.ScoreRequest.properties.percent.description").value("分项得分%"))
                .andExpect(jsonPath("$.components.schemas.Problem.properties.detail").exists())
                .andExpect(jsonPath("$.components.schemas.Problem.properties.errors.items.properties.field").exists())
                .andExpect(jsonPath("$.components.schemas.ProblemDetail").doesNotExist());
    }

    @Test
    void offersIfMatchOnEveryChangeOfAnExistingAuditButNotOnOpeningOne() throws Exception {
        JsonNode api = document();

        assertThat(parameterNames(api.path("paths").path("/api/audits").path("post")))
                .contains("Idempotency-Key", "X-Request-Id").doesNotContain("If-Match");
        api.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            if (!path.getKey().equals("/api/audits")) {
                assertThat(parameterNames(operation.getValue())).as(operation.getKey() + " " + path.getKey())
                        .contains("If-Match");
            }
        }));
    }

    @Test
    void showsAChangeAnsweringOnlyWhatThatChangeProduces() throws Exception {
        JsonNode paths = document().path("paths");

        assertThat(example(paths, "/api/audits/{id}/items/{item}", "put", "200"))
                .isEqualTo(JSON.readTree("{\"auditId\":\"0455-2021-SE.1\",\"version\":7}"));
        assertThat(example(paths, "/api/audits", "post", "201"))
                .isEqualTo(JSON.readTree("{\"auditId\":\"0455-2021-SE.1\",\"version\":0}"));
        assertThat(example(paths, "/api/audits/{id}/special-items", "post", "201").path("specialItemId").asText())
                .isEqualTo("S1");
        JsonNode recommended = example(paths, "/api/audits/{id}/recommendation", "post", "200");
        assertThat(recommended.path("grade").asText()).isEqualTo("TEN_STAR");
        assertThat(recommended.path("total").decimalValue()).isEqualByComparingTo("145.75");
        assertThat(recommended.has("specialItemId")).isFalse();
        paths.fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation ->
                operation.getValue().path("responses").fields().forEachRemaining(response -> {
                    if (response.getKey().startsWith("2")) {
                        JsonNode example = response.getValue().path("content").path("application/json").path("example");
                        String where = operation.getKey() + " " + path.getKey() + " " + response.getKey();
                        assertThat(example.isObject()).as(where + " has an example").isTrue();
                        assertThat(example.path("auditId").asText()).as(where).isEqualTo("0455-2021-SE.1");
                        assertThat(example.size()).as(where + ": auditId, version and at most what the change produces")
                                .isLessThanOrEqualTo(4);
                    }
                })));
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
                        assertThat(example.path("requestId").asText()).as(where).isNotBlank();
                        checked.add(where);
                    }
                })));

        assertThat(checked).hasSizeGreaterThan(50);
        JsonNode schema = api.path("components").path("schemas").path("Problem");
        assertThat(schema.path("additionalProperties").asBoolean(true)).as("no open member map").isFalse();
        assertThat(schema.path("properties").has("properties")).isFalse();
        assertThat(schema.path("properties").path("type").path("example").asText()).startsWith("urn:certaudit:problem:");
        JsonNode stale = api.path("paths").path("/api/audits/{id}/items/{item}").path("put").path("responses").path("412")
                .path("content").path("application/problem+json").path("example");
        assertThat(stale.path("type").asText()).isEqualTo("urn:certaudit:problem:stale-version");
        assertThat(stale.path("currentVersion").asInt()).isEqualTo(8);
        JsonNode invalid = api.path("paths").path("/api/audits/{id}/items/{item}").path("put").path("responses").path("400")
                .path("content").path("application/problem+json").path("example");
        assertThat(invalid.path("errors").get(0).path("field").asText()).isEqualTo("percent");
    }

    @Test
    void staysCompleteAndTrueWhenFetchedAgainWithAForeignHost(CapturedOutput output) throws Exception {
        for (int fetch = 1; fetch <= 3; fetch++) {
            String document = http.perform(get("/v3/api-docs").header("Host", "attacker.example"))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            JsonNode api = JSON.readTree(document);
            assertThat(document).doesNotContain("attacker.example").doesNotContain("about:blank")
                    .as("no reference left to Spring's ProblemDetail schema").doesNotContain("ProblemDetail");
            api.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
                String where = operation.getKey() + " " + path.getKey();
                List<String> names = new ArrayList<>();
                operation.getValue().path("parameters").forEach(p -> names.add(p.path("in").asText() + ":" + p.path("name").asText()));
                assertThat(names).as(where).doesNotHaveDuplicates();
                for (String status : List.of("400", "401", "403")) {
                    assertThat(operation.getValue().path("responses").has(status))
                            .as(where + " documents " + status).isTrue();
                }
            }));
        }
        assertThat(output.getAll()).doesNotContain("Duplicate OpenAPI parameter").doesNotContain("Json Processing Exception");
    }

    private JsonNode document() throws Exception {
        return JSON.readTree(http.perform(get("/v3/api-docs")).andExpect(status().isOk()).andReturn().getResponse()
                .getContentAsString());
    }

    private static List<String> parameterNames(JsonNode operation) {
        List<String> names = new ArrayList<>();
        operation.path("parameters").forEach(parameter -> names.add(parameter.path("name").asText()));
        return names;
    }

    private static JsonNode example(JsonNode paths, String path, String method, String status) {
        return paths.path(path).path(method).path("responses").path(status).path("content").path("application/json")
                .path("example");
    }
}
