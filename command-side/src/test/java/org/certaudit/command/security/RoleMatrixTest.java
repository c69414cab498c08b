package org.certaudit.command.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certaudit.command.TestAudits.as;
import static org.certaudit.command.TestAudits.json;
import static org.certaudit.command.TestAudits.memberBody;
import static org.certaudit.command.TestAudits.newProject;
import static org.certaudit.command.TestAudits.openBody;
import static org.certaudit.command.TestAudits.scoreBody;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.SpecialItemKind;
import org.certaudit.audit.TeamRole;
import org.certaudit.command.HttpTest;
import org.certaudit.command.audit.MarkItemNotApplicable;
import org.certaudit.command.audit.RecordSpecialItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Every role against every endpoint. ADMIN opens, reschedules and cancels audits and manages teams; the audit's team
 * members (user names leader and auditor, role AUDITOR) sign, score, mark, record (and correct the date of their own
 * pledge only); only the
 * leader recommends and reopens; the reviewer reviews, the decider decides; the regulator changes
 * nothing; nobody anonymous.
 * Every refused request leaves the project stream as it was.
 */
class RoleMatrixTest extends HttpTest {

    enum Stage { NONE, STAFFED, READY, READY_WITH_NOT_APPLICABLE_ITEM, READY_WITH_SPECIAL_ITEM, FULLY_SCORED, RECOMMENDED, REVIEWED }

    record Endpoint(String name, Stage stage, HttpMethod method, Function<AuditId, String> path,
                    Function<AuditId, Object> body, Map<String, String> params) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final String ANONYMOUS = "anonymous";
    private static final List<String> USERS = List.of("admin", "leader", "auditor", "reviewer", "decider", "regulator", ANONYMOUS);

    /** Audits for refused requests: a refusal writes nothing, so one audit per stage serves them all. */
    private static final Map<Stage, AuditId> UNCHANGED = new ConcurrentHashMap<>();

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("open an audit", Stage.NONE, HttpMethod.POST, id -> "/api/audits",
                    id -> openBody(newProject(), AuditType.INITIAL), Map.of()),
            new Endpoint("assign a member", Stage.STAFFED, HttpMethod.POST, id -> "/api/audits/" + id + "/team",
                    id -> memberBody("C", TeamRole.TECHNICAL_EXPERT, "expert"), Map.of()),
            new Endpoint("remove a member", Stage.STAFFED, HttpMethod.DELETE, id -> "/api/audits/" + id + "/team/B",
                    id -> null, Map.of("reason", "调整")),
            new Endpoint("sign the pledge", Stage.STAFFED, HttpMethod.POST, id -> "/api/audits/" + id + "/pledges",
                    id -> Map.of("signedOn", "2021-06-07"), Map.of()),
            new Endpoint("correct one's pledge date", Stage.READY, HttpMethod.PUT,
                    id -> "/api/audits/" + id + "/pledges/B", id -> Map.of("signedOn", "2021-06-05", "reason", "误用默认日期"),
                    Map.of()),
            new Endpoint("score an item", Stage.READY, HttpMethod.PUT, id -> "/api/audits/" + id + "/items/B8",
                    id -> scoreBody("97"), Map.of()),
            new Endpoint("mark an item not applicable", Stage.READY, HttpMethod.PUT,
                    id -> "/api/audits/" + id + "/items/B25/not-applicable", id -> Map.of("reason", "不涉及"), Map.of()),
            new Endpoint("restore an item", Stage.READY_WITH_NOT_APPLICABLE_ITEM, HttpMethod.DELETE,
                    id -> "/api/audits/" + id + "/items/B25/not-applicable", id -> null, Map.of("reason", "复核后适用")),
            new Endpoint("record a special item", Stage.READY, HttpMethod.POST, id -> "/api/audits/" + id + "/special-items",
                    id -> Map.of("kind", "BONUS", "reason", "省级服务标杆"), Map.of()),
            new Endpoint("withdraw a special item", Stage.READY_WITH_SPECIAL_ITEM, HttpMethod.DELETE,
                    id -> "/api/audits/" + id + "/special-items/S1", id -> null, Map.of("reason", "依据不足")),
            new Endpoint("record findings", Stage.READY, HttpMethod.PUT, id -> "/api/audits/" + id + "/findings",
                    id -> Map.of("strengths", List.of("规范运作"), "improvements", List.of("网站建设")), Map.of()),
            new Endpoint("recommend a grade", Stage.FULLY_SCORED, HttpMethod.POST,
                    id -> "/api/audits/" + id + "/recommendation",
                    id -> Map.of("grade", "TEN_STAR", "reportDate", "2021-06-07"), Map.of()),
            new Endpoint("reopen", Stage.RECOMMENDED, HttpMethod.POST, id -> "/api/audits/" + id + "/reopen",
                    id -> Map.of("reason", "评审退回"), Map.of()),
            new Endpoint("reschedule the on-site audit", Stage.STAFFED, HttpMethod.PUT,
                    id -> "/api/audits/" + id + "/on-site", id -> Map.of("onSiteFrom", "2021-06-06", "onSiteTo", "2021-06-07",
                            "onSiteDays", 2.0, "reason", "受审查方申请改期"), Map.of()),
            new Endpoint("cancel the audit", Stage.STAFFED, HttpMethod.POST,
                    id -> "/api/audits/" + id + "/cancellation", id -> Map.of("reason", "现场日期录入错误"), Map.of()),
            new Endpoint("review", Stage.RECOMMENDED, HttpMethod.POST, id -> "/api/audits/" + id + "/review",
                    id -> Map.of("outcome", "ACCEPT", "reviewedOn", "2021-06-20"), Map.of()),
            new Endpoint("decide", Stage.REVIEWED, HttpMethod.POST, id -> "/api/audits/" + id + "/decision",
                    id -> Map.of("outcome", "GRANT", "decidedOn", "2021-07-01", "reason", "符合要求"), Map.of()));

    static Stream<Arguments> matrix() {
        List<Arguments> cases = new ArrayList<>();
        for (Endpoint endpoint : ENDPOINTS) {
            for (String user : USERS) {
                cases.add(Arguments.of(endpoint, user, expected(endpoint, user)));
            }
        }
        return cases.stream();
    }

    private static int expected(Endpoint endpoint, String user) {
        if (user.equals(ANONYMOUS)) {
            return 401;
        }
        int success = endpoint.method() == HttpMethod.POST && List.of("open an audit", "assign a member",
                "record a special item").contains(endpoint.name()) ? 201 : 200;
        boolean adminWork = List.of("open an audit", "assign a member", "remove a member",
                "reschedule the on-site audit", "cancel the audit")
                .contains(endpoint.name());
        boolean leaderWork = List.of("recommend a grade", "reopen").contains(endpoint.name());
        if (endpoint.name().equals("review")) {
            return user.equals("reviewer") ? success : 403;
        }
        if (endpoint.name().equals("decide")) {
            return user.equals("decider") ? success : 403;
        }
        if (endpoint.name().equals("correct one's pledge date")) {
            // The pledge is B's, the auditor's: another member of the team, the leader included, may not correct it.
            return user.equals("auditor") ? success : 403;
        }
        return switch (user) {
            case "admin" -> adminWork ? success : 403;
            case "leader" -> adminWork ? 403 : success;
            case "auditor" -> adminWork || leaderWork ? 403 : success;
            default -> 403;
        };
    }

    @ParameterizedTest(name = "{0} as {1}: {2}")
    @MethodSource("matrix")
    void eachRoleMayDoOnlyItsPart(Endpoint endpoint, String user, int expectedStatus) throws Exception {
        boolean allowed = expectedStatus < 300;
        AuditId id = allowed ? prepare(endpoint.stage()) : UNCHANGED.computeIfAbsent(endpoint.stage(), this::prepare);
        int eventsBefore = id == null ? 0 : audits.events(id).size();

        MockHttpServletRequestBuilder request = request(endpoint.method(), endpoint.path().apply(id));
        Object body = endpoint.body().apply(id);
        if (body != null) {
            request = json(request, body);
        }
        endpoint.params().forEach(request::param);
        if (endpoint.name().equals("decide")) {
            request = request.header("If-Match", "\"" + audits.version(id) + "\"");
        }
        if (!user.equals(ANONYMOUS)) {
            request = request.with(as(user));
        }
        var result = http.perform(request).andExpect(status().is(expectedStatus));
        if (expectedStatus == 401) {
            result.andExpect(header().string("WWW-Authenticate", "Basic realm=\"certaudit\""));
        }
        if (!allowed) {
            result.andExpect(jsonPath("$.status").value(expectedStatus));
            if (expectedStatus == 403) {
                // The role's refusal or the team's, each with its rule for a client's own words.
                result.andExpect(jsonPath("$.errors[0].code").value(org.hamcrest.Matchers.startsWith("permission.")));
            }
            if (id != null) {
                assertThat(audits.events(id)).hasSize(eventsBefore);
            }
        }
    }

    @Test
    void aTeamMemberOfOneAuditCannotScoreAnother() throws Exception {
        AuditId theirs = audits.readyToScore();
        AuditId other = audits.opened();
        audits.send("admin", new org.certaudit.command.audit.AssignTeamMember(other,
                new org.certaudit.audit.TeamMember("A", "张三", TeamRole.LEADER, null, null, null, "zhang")));
        http.perform(json(request(HttpMethod.PUT, "/api/audits/" + theirs + "/items/B8"), scoreBody("97")).with(as("auditor")))
                .andExpect(status().isOk());
        http.perform(json(request(HttpMethod.PUT, "/api/audits/" + other + "/items/B8"), scoreBody("97")).with(as("auditor")))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail").value("user 'auditor' is not on the team of audit " + other
                        + "; only a team member scores its items"));
        assertThat(audits.events(other)).hasSize(2);
    }

    @Test
    void aRefusalOfTheRoleNamesTheUserTheirRolesAndTheRequest() throws Exception {
        AuditId id = prepare(Stage.RECOMMENDED);
        http.perform(json(request(HttpMethod.POST, "/api/audits/" + id + "/review"),
                        Map.of("outcome", "ACCEPT", "reviewedOn", "2021-06-20")).with(as("leader")))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.errors[0].code").value("permission.role"))
                .andExpect(jsonPath("$.errors[0].arguments.user").value("leader"))
                .andExpect(jsonPath("$.errors[0].arguments.roles[0]").value("AUDITOR"))
                .andExpect(jsonPath("$.errors[0].arguments.method").value("POST"))
                .andExpect(jsonPath("$.errors[0].arguments.path").value("/api/audits/" + id + "/review"))
                .andExpect(jsonPath("$.errors[0].field").doesNotExist());
    }

    static Stream<Arguments> unknownRoutes() {
        List<Arguments> cases = new ArrayList<>();
        for (String user : USERS.subList(0, USERS.size() - 1)) {
            cases.add(Arguments.of(HttpMethod.PUT, "/api/audits/X-001.1/onsite", user));
            cases.add(Arguments.of(HttpMethod.PUT, "/api/audits/X-001.1/on-site%20", user));
            cases.add(Arguments.of(HttpMethod.PUT, "/api/audits/X-001.1/items/B25/not-applicablex", user));
            cases.add(Arguments.of(HttpMethod.GET, "/api/nothing", user));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} as {2}")
    @MethodSource("unknownRoutes")
    void aPathNoEndpointHasIsNotFoundForEveryoneNotARoleRefusal(HttpMethod method, String path, String user)
            throws Exception {
        http.perform(json(request(method, java.net.URI.create(path)), Map.of()).with(as(user)))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.type").value("urn:certaudit:problem:not-found"));
    }

    @Test
    void anUnknownPathStillAsksWhoIsCalling() throws Exception {
        http.perform(request(HttpMethod.GET, "/api/nothing")).andExpect(status().isUnauthorized());
    }

    @Test
    void aWrongPasswordIs401() throws Exception {
        http.perform(json(request(HttpMethod.POST, "/api/audits"), openBody(newProject(), AuditType.INITIAL))
                        .with(org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                                .httpBasic("admin", "wrong")))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("urn:certaudit:problem:unauthorized"));
    }

    private AuditId prepare(Stage stage) {
        return switch (stage) {
            case NONE -> null;
            case STAFFED -> audits.staffed();
            case READY -> audits.readyToScore();
            case READY_WITH_NOT_APPLICABLE_ITEM -> {
                AuditId id = audits.readyToScore();
                audits.send("auditor", new MarkItemNotApplicable(id, "B25", "不涉及"));
                yield id;
            }
            case READY_WITH_SPECIAL_ITEM -> {
                AuditId id = audits.readyToScore();
                audits.send("auditor", new RecordSpecialItem(id, SpecialItemKind.BONUS, null, null, "标杆"));
                yield id;
            }
            case FULLY_SCORED -> audits.fullyScored();
            case RECOMMENDED -> audits.recommended();
            case REVIEWED -> audits.reviewed();
        };
    }
}
