package org.certaudit.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certaudit.command.TestAudits.as;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import java.util.List;
import org.certaudit.audit.AuditId;
import org.certaudit.command.HttpTest;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/** Whatever a caller sends to whichever endpoint, the answer is a 4xx problem, never a 500, and nothing is written. */
class MalformedInputTest extends HttpTest {

    private static final List<String> BODIES = List.of("", "null", "[]", "42", "\"text\"", "{", "{}",
            "{\"percent\": {}, \"note\": []}", "{\"grade\": 7, \"reportDate\": \"yesterday\"}",
            "{\"strengths\": [null], \"improvements\": [1]}", "{\"kind\": \"DEDUCTION\"}",
            "{\"organization\": \"x\", \"criteria\": {}}", "{\"signedOn\": \"2021-02-30\"}",
            "{\"percent\": 1e999, \"note\": \"x\"}", "{\"percent\": -0.001, \"note\": \"x\"}",
            "{\"code\": \"A\", \"role\": \"BOSS\", \"userName\": \"\"}");

    @Test
    void everyEndpointAnswersGarbageWithA4xxProblemAndWritesNothing() throws Exception {
        AuditId id = audits.readyToScore();
        List<String[]> endpoints = List.of(
                new String[] {"POST", "/api/audits", "admin"},
                new String[] {"POST", "/api/audits/" + id + "/team", "admin"},
                new String[] {"POST", "/api/audits/" + id + "/pledges", "leader"},
                new String[] {"PUT", "/api/audits/" + id + "/pledges/A", "leader"},
                new String[] {"PUT", "/api/audits/" + id + "/items/B8", "leader"},
                new String[] {"PUT", "/api/audits/" + id + "/items/B8/not-applicable", "leader"},
                new String[] {"POST", "/api/audits/" + id + "/special-items", "leader"},
                new String[] {"PUT", "/api/audits/" + id + "/findings", "leader"},
                new String[] {"POST", "/api/audits/" + id + "/recommendation", "leader"},
                new String[] {"POST", "/api/audits/" + id + "/reopen", "leader"},
                new String[] {"PUT", "/api/audits/x.0/items/B8", "leader"},
                new String[] {"DELETE", "/api/audits/" + id + "/special-items/S1?reason=", "leader"});
        int events = audits.events(id).size();
        for (String[] endpoint : endpoints) {
            for (String body : BODIES) {
                var response = http.perform(request(HttpMethod.valueOf(endpoint[0]), endpoint[1])
                                .contentType(MediaType.APPLICATION_JSON).content(body).with(as(endpoint[2])))
                        .andReturn().getResponse();
                assertThat(response.getStatus()).as("%s %s with %s", endpoint[0], endpoint[1], body).isBetween(400, 499);
                assertThat(response.getContentType()).as("%s %s with %s", endpoint[0], endpoint[1], body)
                        .isEqualTo(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            }
        }
        assertThat(audits.events(id)).hasSize(events);
    }
}
