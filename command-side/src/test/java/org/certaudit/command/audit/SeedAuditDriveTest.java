package org.certaudit.command.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.DomainEventMessage;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.GradeRecommended;
import org.certaudit.audit.ItemMarkedNotApplicable;
import org.certaudit.audit.ItemScored;
import org.certaudit.command.HttpTest;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.ItemResult;
import org.certaudit.scheme.SeedReport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The seed audit 0455-2021-SE driven over real HTTP from its fixture file, the way a person at
 * the console would: opened, staffed, pledged, 94 items (4 not applicable), findings, a wrong
 * grade refused, and TEN_STAR recommended with the report's total of 145.75.
 */
class SeedAuditDriveTest extends HttpTest {

    private static final String FIXTURE = "/org/certaudit/seed/0455-2021-SE-audit.json";

    @Autowired
    private TestRestTemplate rest;
    @Autowired
    private ObjectMapper objectMapper;

    @Test
    void drivesTheSeedAuditFromOpeningToTheTenStarRecommendation() throws Exception {
        JsonNode seed;
        try (InputStream in = getClass().getResourceAsStream(FIXTURE)) {
            seed = objectMapper.readTree(in);
        }

        ResponseEntity<JsonNode> opened = call("admin", HttpMethod.POST, "/api/audits", seed.get("audit"));
        assertThat(opened.getStatusCode()).isEqualTo(HttpStatus.CREATED);
        AuditId id = new AuditId(opened.getBody().get("auditId").asText());
        assertThat(id.value()).isEqualTo("0455-2021-SE.1");

        for (JsonNode member : seed.get("team")) {
            assertThat(call("admin", HttpMethod.POST, "/api/audits/" + id + "/team", member).getStatusCode())
                    .isEqualTo(HttpStatus.CREATED);
        }
        for (JsonNode pledge : seed.get("pledges")) {
            String signer = userOf(seed, pledge.get("memberCode").asText());
            assertThat(call(signer, HttpMethod.POST, "/api/audits/" + id + "/pledges", pledge).getStatusCode())
                    .isEqualTo(HttpStatus.OK);
        }

        String leader = userOf(seed, "A");
        int notApplicable = 0;
        for (Map.Entry<String, ItemResult> item : SeedReport.itemResults().entrySet()) {
            ResponseEntity<JsonNode> response;
            if (item.getValue().notApplicable()) {
                notApplicable++;
                response = call(leader, HttpMethod.PUT, "/api/audits/" + id + "/items/" + item.getKey() + "/not-applicable",
                        Map.of("reason", "不涉及"));
            } else {
                response = call(leader, HttpMethod.PUT, "/api/audits/" + id + "/items/" + item.getKey(),
                        Map.of("percent", item.getValue().percent().value(), "note", "见审查报告 0455-2021-SE"));
            }
            assertThat(response.getStatusCode()).as("item %s", item.getKey()).isEqualTo(HttpStatus.OK);
        }
        assertThat(notApplicable).isEqualTo(4);
        assertThat(call(leader, HttpMethod.PUT, "/api/audits/" + id + "/findings", seed.get("findings")).getStatusCode())
                .isEqualTo(HttpStatus.OK);

        int eventsBefore = audits.events(id).size();
        ResponseEntity<JsonNode> wrong = call(leader, HttpMethod.POST, "/api/audits/" + id + "/recommendation",
                Map.of("grade", "NINE_STAR", "reportDate", "2021-06-07"));
        assertThat(wrong.getStatusCode()).isEqualTo(HttpStatus.CONFLICT);
        assertThat(wrong.getBody().get("detail").asText())
                .contains("the scoring rules give TEN_STAR (十星级) for a total of 145.75")
                .contains("not NINE_STAR");
        assertThat(audits.events(id)).hasSize(eventsBefore);

        ResponseEntity<JsonNode> recommended = call(leader, HttpMethod.POST, "/api/audits/" + id + "/recommendation",
                seed.get("recommendation"));
        assertThat(recommended.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(recommended.getBody().get("grade").asText()).isEqualTo("TEN_STAR");
        assertThat(recommended.getBody().get("total").decimalValue()).isEqualByComparingTo("145.75");
        assertThat(recommended.getHeaders().getETag()).isEqualTo("\"" + recommended.getBody().get("version").asLong() + "\"");

        List<DomainEventMessage<?>> events = audits.events(id);
        assertThat(events).hasSize(1 + 1 + 1 + 94 + 1 + 1);
        assertThat(events.stream().filter(e -> e.getPayload() instanceof ItemScored)).hasSize(90);
        assertThat(events.stream().filter(e -> e.getPayload() instanceof ItemMarkedNotApplicable)).hasSize(4);
        GradeRecommended last = (GradeRecommended) events.get(events.size() - 1).getPayload();
        assertThat(last.grade()).isEqualTo(Grade.TEN_STAR);
        assertThat(last.total()).isEqualByComparingTo(seed.get("expected").get("total").asText());
        assertThat(events).allSatisfy(e -> {
            assertThat(e.getMetaData().get("user")).isIn("admin", "leader");
            assertThat(e.getMetaData().get("requestId")).isNotNull();
        });
    }

    private static String userOf(JsonNode seed, String memberCode) {
        for (JsonNode member : seed.get("team")) {
            if (member.get("code").asText().equals(memberCode)) {
                return member.get("userName").asText();
            }
        }
        throw new IllegalStateException("no member " + memberCode + " in the seed team");
    }

    private ResponseEntity<JsonNode> call(String user, HttpMethod method, String path, Object body) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        return rest.withBasicAuth(user, user + "-pass").exchange(path, method, new HttpEntity<>(body, headers), JsonNode.class);
    }
}
