package org.certaudit.command.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certaudit.command.TestAudits.as;
import static org.certaudit.command.TestAudits.json;
import static org.certaudit.command.TestAudits.newProject;
import static org.certaudit.command.TestAudits.openBody;
import static org.certaudit.command.TestAudits.scoreBody;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.springboot.TimeoutProperties;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.command.HttpTest;
import org.certaudit.command.audit.AuditMetaData;
import org.certaudit.command.audit.ScoreItem;
import org.certaudit.scheme.Percent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/** What every event carries, the command metrics, and snapshots of a long project stream. */
class MessagingTest extends HttpTest {

    @Autowired
    @Qualifier("certauditDatabase")
    private MongoDatabase database;

    @Autowired
    private TimeoutProperties timeouts;

    @Test
    void handlersRunWithoutTimeLimitsOfTheirOwnInsideTheUnitOfWorksLimit() {
        assertThat(timeouts.getHandler().getCommands().getTimeoutMs()).as("command handlers").isEqualTo(-1);
        assertThat(timeouts.getHandler().getCommands().getWarningThresholdMs()).isEqualTo(-1);
        assertThat(timeouts.getHandler().getEvents().getTimeoutMs()).as("event-sourcing handlers").isEqualTo(-1);
        assertThat(timeouts.getTransaction().getCommandBus().getTimeoutMs()).as("the unit of work's limit")
                .isPositive();
        assertThat(timeouts.getTransaction().getCommandBus().getWarningThresholdMs()).isPositive()
                .isLessThan(timeouts.getTransaction().getCommandBus().getTimeoutMs());
    }

    @Test
    void everyEventCarriesTheAuthenticatedUserAndTheCallersRequestId() throws Exception {
        ProjectNumber project = newProject();
        http.perform(json(post("/api/audits"), openBody(project, AuditType.INITIAL))
                        .header("X-Request-Id", "req-0455-1").with(as("admin")))
                .andExpect(status().isCreated())
                .andExpect(header().string("X-Request-Id", "req-0455-1"));
        DomainEventMessage<?> opened = audits.events(project).get(0);
        assertThat(opened.getMetaData()).containsEntry("user", "admin").containsEntry("requestId", "req-0455-1");
    }

    @Test
    void everyEventCarriesTheNameOfWhoActedAsConfiguredWhenTheyActed() throws Exception {
        ProjectNumber project = newProject();
        http.perform(json(post("/api/audits"), openBody(project, AuditType.INITIAL)).with(as("admin")))
                .andExpect(status().isCreated());
        AuditId id = audits.readyToScore();
        http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), scoreBody("99")).with(as("auditor")))
                .andExpect(status().isOk());

        // application-local.yml names admin (a fictional 孙立平) and not auditor, whom the team's events name instead.
        assertThat(audits.events(project).get(0).getMetaData()).containsEntry(AuditMetaData.USER, "admin")
                .containsEntry(AuditMetaData.PERSON_NAME, "孙立平");
        List<DomainEventMessage<?>> scored = audits.events(id);
        assertThat(scored.get(scored.size() - 1).getMetaData()).containsEntry(AuditMetaData.USER, "auditor")
                .doesNotContainKey(AuditMetaData.PERSON_NAME);
    }

    @Test
    void aRequestWithoutAnIdGetsAGeneratedOneOnItsEventsAndInTheResponse() throws Exception {
        AuditId id = audits.readyToScore();
        String requestId = http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), scoreBody("99"))
                        .with(as("auditor")))
                .andExpect(status().isOk())
                .andReturn().getResponse().getHeader("X-Request-Id");
        assertThat(requestId).matches("[0-9a-f-]{36}");
        List<DomainEventMessage<?>> events = audits.events(id);
        assertThat(events.get(events.size() - 1).getMetaData())
                .containsEntry("user", "auditor")
                .containsEntry("requestId", requestId);
    }

    @Test
    void aMalformedRequestIdIs400NamingTheHeader() throws Exception {
        http.perform(json(post("/api/audits"), openBody(newProject(), AuditType.INITIAL))
                        .header("X-Request-Id", "bad id with spaces").with(as("admin")))
                .andExpect(status().isBadRequest())
                .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath("$.errors[0].field")
                        .value("X-Request-Id"));
    }

    @Test
    void countsHandledAndRejectedCommandsByNameAtTheMetricsEndpoint() throws Exception {
        double handledBefore = counter("ScoreItem", "handled");
        double rejectedBefore = counter("ScoreItem", "rejected");
        AuditId id = audits.readyToScore();
        http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), scoreBody("99")).with(as("auditor")))
                .andExpect(status().isOk());
        http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), scoreBody("90")).with(as("auditor")))
                .andExpect(status().isConflict());
        http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.2"), scoreBody("90")).with(as("leader")))
                .andExpect(status().isOk());
        assertThat(counter("ScoreItem", "handled")).isEqualTo(handledBefore + 2);
        assertThat(counter("ScoreItem", "rejected")).isEqualTo(rejectedBefore + 1);
        assertThat(counter("SignPledge", "handled")).isGreaterThanOrEqualTo(2);
    }

    @Test
    void snapshotsALongProjectStreamAndKeepsWorkingFromTheSnapshot() {
        AuditId id = audits.readyToScore();
        for (int i = 0; i < 200; i++) {
            String percent = String.valueOf(50 + i % 2);
            audits.send("auditor", new ScoreItem(id, "5.1.1.1", Percent.of(percent), "第" + i + "次", "复核 " + i));
        }
        var snapshot = database.getCollection("snapshots").find(Filters.eq("_id", id.projectNumber().value())).first();
        assertThat(snapshot).as("a snapshot of the project").isNotNull();
        DomainEventMessage<?> first = eventStore.readEvents(id.projectNumber().value()).next();
        assertThat(first.getPayloadType().getSimpleName()).as("the stream starts from the snapshot").isEqualTo("Project");
        assertThat(first.getSequenceNumber()).as("the snapshot covers the first 200 events").isEqualTo(199);
        // The project loaded from the snapshot still knows the score and the team:
        var change = audits.send("auditor", new ScoreItem(id, "5.1.1.1", Percent.of("51"), "第199次", null));
        assertThat(change.version()).isEqualTo(204);
        var revised = audits.send("leader", new ScoreItem(id, "5.1.1.1", Percent.of("77"), "组长复核", "复核"));
        assertThat(revised.version()).isEqualTo(205);
    }

    private double counter(String command, String outcome) throws Exception {
        String metrics = http.perform(get("/actuator/prometheus").with(org.certaudit.command.TestAudits.as("metrics"))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString();
        Pattern line = Pattern.compile("^audit_commands_total\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
        Matcher matcher = line.matcher(metrics);
        while (matcher.find()) {
            String tags = matcher.group(1);
            if (tags.contains("command=\"" + command + "\"") && tags.contains("outcome=\"" + outcome + "\"")) {
                return Double.parseDouble(matcher.group(2));
            }
        }
        return 0;
    }
}
