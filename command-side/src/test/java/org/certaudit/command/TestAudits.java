package org.certaudit.command;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.audit.TeamMember;
import org.certaudit.audit.TeamRole;
import org.certaudit.command.audit.AcceptReview;
import org.certaudit.command.audit.AssignTeamMember;
import org.certaudit.command.audit.AuditChange;
import org.certaudit.command.audit.AuditMetaData;
import org.certaudit.command.audit.OpenAudit;
import org.certaudit.command.audit.RecommendGrade;
import org.certaudit.command.audit.ScoreItem;
import org.certaudit.command.audit.MarkItemNotApplicable;
import org.certaudit.command.audit.SignPledge;
import org.certaudit.audit.Organization;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.ItemResult;
import org.certaudit.scheme.SeedReport;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Test data for the HTTP tests: a fresh project per test (the tests share one store), audits
 * brought to a given stage directly through the command gateway (fast), and request bodies.
 * The HTTP call under test then goes through the whole web stack.
 */
public final class TestAudits {

    public static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();
    public static final LocalDate ON_SITE_FROM = LocalDate.of(2021, 6, 5);
    public static final LocalDate REPORT_DATE = LocalDate.of(2021, 6, 7);
    public static final LocalDate REVIEWED_ON = LocalDate.of(2021, 6, 20);

    private static final AtomicInteger PROJECTS = new AtomicInteger();

    private final CommandGateway commands;
    private final EventStore eventStore;

    public TestAudits(CommandGateway commands, EventStore eventStore) {
        this.commands = commands;
        this.eventStore = eventStore;
    }

    /** A project number no other test uses. */
    public static ProjectNumber newProject() {
        return new ProjectNumber(String.format("T%04d-2021-SE", PROJECTS.incrementAndGet()));
    }

    /** HTTP Basic as one of the local demo users (password {@code <name>-pass}). */
    public static RequestPostProcessor as(String user) {
        return SecurityMockMvcRequestPostProcessors.httpBasic(user, user + "-pass");
    }

    public static MockHttpServletRequestBuilder json(MockHttpServletRequestBuilder request, Object body) {
        try {
            return request.contentType(MediaType.APPLICATION_JSON).content(
                    body instanceof String text ? text : JSON.writeValueAsString(body));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static Map<String, Object> openBody(ProjectNumber project, AuditType type) {
        Map<String, Object> organization = new LinkedHashMap<>();
        organization.put("name", "新疆隆威家具有限责任公司");
        organization.put("registeredAddress", "新疆昌吉州昌吉市六工镇下六工村一片区 18 号");
        organization.put("registeredPostcode", "831100");
        organization.put("contactName", "赵明远");
        organization.put("contactPhone", "010-5550-0100");
        organization.put("contactEmail", "contact@example.com");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("projectNumber", project.value());
        body.put("type", type.name());
        body.put("organization", organization);
        body.put("scope", "金属办公家具的生产和销售所涉及的售后服务成熟度");
        body.put("criteria", List.of("CTS ISC-JSGF-06"));
        body.put("onSiteFrom", "2021-06-05");
        body.put("onSiteTo", "2021-06-07");
        body.put("onSiteDays", 3.0);
        return body;
    }

    public static Map<String, Object> memberBody(String code, TeamRole role, String user) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("name", "成员" + code);
        body.put("role", role.name());
        body.put("registrationNumber", "2020-S1SC-00000" + code.length());
        body.put("specialtyCode", "02.01.01");
        body.put("phone", "010-5550-0102");
        body.put("userName", user);
        return body;
    }

    public static Map<String, Object> scoreBody(String percent) {
        return Map.of("percent", new BigDecimal(percent), "note", "现场抽查记录");
    }

    /** A new project's first audit, opened by admin, with no team. */
    public AuditId opened() {
        ProjectNumber project = newProject();
        OpenAudit command = new OpenAudit(project, AuditType.INITIAL, "CTS-ISC-JSGF-06",
                new Organization("测试组织", null, null, null, null, null, null, "010-5550-0100", "contact@example.com"),
                null, "售后服务", List.of(), ON_SITE_FROM, REPORT_DATE, new BigDecimal("3"));
        return send("admin", command).auditId();
    }

    /** Opened, with {@code leader} as leader A and {@code auditor} as member B, nobody signed. */
    public AuditId staffed() {
        AuditId id = opened();
        send("admin", new AssignTeamMember(id, new TeamMember("A", "李雅宁", TeamRole.LEADER, null, null, null, "leader")));
        send("admin", new AssignTeamMember(id, new TeamMember("B", "李明", TeamRole.MEMBER, null, null, null, "auditor")));
        return id;
    }

    /** Staffed, and both members signed their pledge. */
    public AuditId readyToScore() {
        AuditId id = staffed();
        send("leader", new SignPledge(id, null, REPORT_DATE));
        send("auditor", new SignPledge(id, null, REPORT_DATE));
        return id;
    }

    /** Ready to score, and every item scored or marked as in the seed report. */
    public AuditId fullyScored() {
        AuditId id = readyToScore();
        for (Map.Entry<String, ItemResult> entry : SeedReport.itemResults().entrySet()) {
            if (entry.getValue().notApplicable()) {
                send("auditor", new MarkItemNotApplicable(id, entry.getKey(), "不涉及"));
            } else {
                send("auditor", new ScoreItem(id, entry.getKey(), entry.getValue().percent(), "现场审查记录", null));
            }
        }
        return id;
    }

    /** Fully scored and recommended TEN_STAR by the leader: closed. */
    public AuditId recommended() {
        AuditId id = fullyScored();
        send("leader", new RecommendGrade(id, Grade.TEN_STAR, REPORT_DATE));
        return id;
    }

    /** Recommended and accepted by the technical reviewer ({@code reviewer}, not on the team). */
    public AuditId reviewed() {
        AuditId id = recommended();
        send("reviewer", new AcceptReview(id, REVIEWED_ON, null));
        return id;
    }

    public AuditChange send(String user, Object command) {
        return commands.sendAndWait(GenericCommandMessage.asCommandMessage(command)
                .andMetaData(MetaData.with(AuditMetaData.USER, user)));
    }

    /** Every event of the audit's project stream, for "a rejected command writes nothing". */
    public List<DomainEventMessage<?>> events(AuditId id) {
        return events(id.projectNumber());
    }

    public List<DomainEventMessage<?>> events(ProjectNumber project) {
        List<DomainEventMessage<?>> events = new ArrayList<>();
        eventStore.readEvents(project.value()).asStream().forEach(events::add);
        return events;
    }

    public long version(AuditId id) {
        List<DomainEventMessage<?>> events = events(id);
        return events.get(events.size() - 1).getSequenceNumber();
    }
}
