package org.certaudit.command.web;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import org.certaudit.command.HttpTest;
import org.junit.jupiter.api.Test;

/** The API documents itself: OpenAPI at /v3/api-docs, Swagger UI at /swagger-ui.html, no sign-in needed. */
class ApiDocumentationTest extends HttpTest {

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
                .andExpect(jsonPath("$.components.schemas.ProblemDetail.properties.detail").exists());
    }

    @Test
    void staysCompleteAndTrueWhenFetchedAgainWithAForeignHost() throws Exception {
        for (int fetch = 1; fetch <= 3; fetch++) {
            String document = http.perform(get("/v3/api-docs").header("Host", "attacker.example"))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
            com.fasterxml.jackson.databind.JsonNode api = new com.fasterxml.jackson.databind.ObjectMapper().readTree(document);
            org.assertj.core.api.Assertions.assertThat(document).doesNotContain("attacker.example");
            api.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
                String where = operation.getKey() + " " + path.getKey();
                java.util.List<String> names = new java.util.ArrayList<>();
                operation.getValue().path("parameters").forEach(p -> names.add(p.path("in").asText() + ":" + p.path("name").asText()));
                org.assertj.core.api.Assertions.assertThat(names).as(where).doesNotHaveDuplicates();
                for (String status : java.util.List.of("400", "401", "403")) {
                    org.assertj.core.api.Assertions.assertThat(operation.getValue().path("responses").has(status))
                            .as(where + " documents " + status).isTrue();
                }
            }));
        }
    }
}
