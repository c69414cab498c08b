package org.certaudit.command.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.command.audit.AuditRequests.FindingsRequest;
import org.certaudit.command.audit.AuditRequests.OpenAuditRequest;
import org.certaudit.command.audit.AuditRequests.PledgeRequest;
import org.certaudit.command.audit.AuditRequests.RecommendationRequest;
import org.certaudit.command.audit.AuditRequests.TeamMemberRequest;
import org.certaudit.scheme.ItemResult;
import org.certaudit.scheme.SeedReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the seed audit 0455-2021-SE from its fixture file through the same commands the HTTP
 * API sends, each as the user the fixture names: a local run then starts with one real,
 * finished audit to look at. It does nothing when the project already has events.
 */
class SeedAuditLoader {

    static final String FIXTURE = "/org/certaudit/seed/0455-2021-SE-audit.json";
    private static final Logger log = LoggerFactory.getLogger(SeedAuditLoader.class);

    private final CommandGateway commands;
    private final EventStore eventStore;
    private final ObjectMapper json;

    SeedAuditLoader(CommandGateway commands, EventStore eventStore, ObjectMapper json) {
        this.commands = commands;
        this.eventStore = eventStore;
        this.json = json;
    }

    /** Loads the seed audit under its own project number. */
    Optional<AuditId> load() {
        return load(new ProjectNumber(fixture().get("audit").get("projectNumber").asText()));
    }

    /** Loads the seed audit under {@code project}; empty when that project already exists. */
    Optional<AuditId> load(ProjectNumber project) {
        if (eventStore.readEvents(project.value()).hasNext()) {
            log.info("project {} already has events: seed audit not loaded", project);
            return Optional.empty();
        }
        JsonNode seed = fixture();
        ObjectNode audit = seed.get("audit").deepCopy();
        audit.put("projectNumber", project.value());
        AuditId id = send("admin", convert(audit, OpenAuditRequest.class).toCommand()).auditId();

        for (JsonNode member : seed.get("team")) {
            send("admin", convert(member, TeamMemberRequest.class).toCommand(id));
        }
        for (JsonNode pledge : seed.get("pledges")) {
            PledgeRequest request = convert(pledge, PledgeRequest.class);
            send(userOf(seed, request.memberCode()), new SignPledge(id, request.memberCode(), request.signedOn()));
        }
        String leader = userOf(seed, leaderCode(seed));
        for (Map.Entry<String, ItemResult> item : SeedReport.itemResults().entrySet()) {
            send(leader, item.getValue().notApplicable()
                    ? new MarkItemNotApplicable(id, item.getKey(), "不涉及")
                    : new ScoreItem(id, item.getKey(), item.getValue().percent(), "见审查报告 0455-2021-SE", null));
        }
        FindingsRequest findings = convert(seed.get("findings"), FindingsRequest.class);
        send(leader, new RecordFindings(id, findings.strengths(), findings.improvements()));
        RecommendationRequest recommendation = convert(seed.get("recommendation"), RecommendationRequest.class);
        AuditChange recommended = send(leader, new RecommendGrade(id, recommendation.grade(), recommendation.reportDate()));
        log.info("seed audit {} loaded: {} with a total of {}", id, recommended.grade(), recommended.total());
        return Optional.of(id);
    }

    private AuditChange send(String user, Object command) {
        return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command).andMetaData(
                MetaData.with(AuditMetaData.USER, user).and(AuditMetaData.REQUEST_ID, "seed-loader")));
    }

    private JsonNode fixture() {
        try (InputStream in = SeedAuditLoader.class.getResourceAsStream(FIXTURE)) {
            if (in == null) {
                throw new IllegalStateException("seed fixture " + FIXTURE + " is missing from the classpath");
            }
            return json.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read seed fixture " + FIXTURE, e);
        }
    }

    private <T> T convert(JsonNode node, Class<T> type) {
        return json.convertValue(node, type);
    }

    private static String leaderCode(JsonNode seed) {
        for (JsonNode member : seed.get("team")) {
            if ("LEADER".equals(member.get("role").asText())) {
                return member.get("code").asText();
            }
        }
        throw new IllegalStateException("the seed team has no leader");
    }

    private static String userOf(JsonNode seed, String memberCode) {
        for (JsonNode member : seed.get("team")) {
            if (member.get("code").asText().equals(memberCode)) {
                return member.get("userName").asText();
            }
        }
        throw new IllegalStateException("no member " + memberCode + " in the seed team");
    }
}
