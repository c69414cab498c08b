package org.certaudit.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.certaudit.scheme.ItemResult;
import org.certaudit.scheme.Percent;
import org.certaudit.scheme.SeedReport;

/**
 * Loads the seed audit (project 0455-2021-SE, 145.75 / 十星级) through the public HTTP API, as the
 * demo users would: admin opens it and assigns the team, each member signs their pledge, the team
 * scores the 94 items (one first at a draft value, then revised with a reason, so that its history
 * shows a change), records the findings, and the leader recommends TEN_STAR. The technical reviewer
 * accepts it and the decider grants the certificate (both demo users who were not on the team). Then
 * a SURVEILLANCE audit follows, scored with a few items changed, so that the project's lineage shows
 * two audits and the certificate.
 *
 * <p>{@code ./run.sh --demo} runs {@link #main}; the end-to-end test drives the same code.
 */
public final class SeedAuditDriver {

    /** The seed report's item scored first at {@link #DRAFT_PERCENT}, then revised to its report value (B8, 97 %). */
    public static final String REVISED_CLAUSE = "5.2.2.3";
    public static final Percent DRAFT_PERCENT = Percent.of(95);
    public static final String REVISION_REASON = "复核现场记录后修正：保养服务记录齐全";

    private static final String ADMIN = "admin";
    private static final String READER = "reviewer";
    /** The demo's technical reviewer and decider: people who took no part in the audit. */
    private static final String REVIEWER = "reviewer";
    private static final String DECIDER = "decider";
    private static final Duration PROJECTION_TIMEOUT = Duration.ofSeconds(60);

    private final List<CertauditClient> commandSides;
    private int nextCommandSide;
    private final CertauditClient querySide;
    private final Consumer<String> progress;
    private final SeedFixture fixture;
    private final Map<String, ItemResult> itemResults;
    private final Map<String, List<String>> scorers = new HashMap<>();

    public SeedAuditDriver(CertauditClient commandSide, CertauditClient querySide, Consumer<String> progress) {
        this(List.of(commandSide), querySide, progress);
    }

    /** Sends each change to the next of several command-side instances in turn, as a load balancer would. */
    public SeedAuditDriver(List<CertauditClient> commandSides, CertauditClient querySide, Consumer<String> progress) {
        if (commandSides.isEmpty()) {
            throw new IllegalArgumentException("at least one command side is needed");
        }
        this.commandSides = List.copyOf(commandSides);
        this.querySide = querySide;
        this.progress = progress;
        this.fixture = SeedFixture.load();
        this.itemResults = SeedReport.itemResults();
    }

    /** The items the surveillance audit scores differently from the initial audit, with their new percent. */
    public static Map<String, Percent> surveillanceChanges() {
        Map<String, Percent> changes = new LinkedHashMap<>();
        changes.put("5.1.1.2", Percent.of(100));
        changes.put("5.2.3.2", Percent.of(98));
        changes.put("5.3.3.2", Percent.of(97));
        return changes;
    }

    public String projectNumber() {
        return fixture.projectNumber();
    }

    /** Loads the seed project unless the query side already knows an audit of it (the demo's first start only). */
    public Optional<SeededProject> loadIfAbsent() {
        if (projectHasAudits()) {
            progress.accept("project " + projectNumber() + " already has audits: nothing loaded");
            return Optional.empty();
        }
        try {
            return Optional.of(load());
        } catch (ProjectAlreadyOpened e) {
            // The query side may lag behind the store right after a restart; the command side's lineage
            // rule (a project's second INITIAL audit is refused while the first passed) is the authority.
            progress.accept("project " + projectNumber() + " already has audits: nothing loaded (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    public boolean projectHasAudits() {
        JsonNode page = querySide
                .get("/api/audits?projectNumber=" + CertauditClient.encode(projectNumber()), READER)
                .expect(200);
        return !page.path("content").isEmpty();
    }

    /** Loads both audits; fails with an {@link ApiException} naming the request that was refused. */
    public SeededProject load() {
        Map<String, Percent> changes = surveillanceChanges();
        String initial = open(fixture.opening(), 0);
        long initialVersion = prepareTeam(initial, 0, List.of());
        initialVersion = scoreItems(initial, Map.of(REVISED_CLAUSE, DRAFT_PERCENT), initialVersion);
        initialVersion = reviseDraftedItem(initial, initialVersion);
        initialVersion = recordFindings(initial, initialVersion);
        ObjectNode recommendation = fixture.recommendation().deepCopy();
        initialVersion = versionOf(commandSide().send("POST", "/api/audits/" + initial + "/recommendation",
                fixture.userOf("LEADER"), recommendation), initialVersion);
        progress.accept(initial + ": recommended " + recommendation.path("grade").asText());
        LocalDate reportDate = LocalDate.parse(recommendation.path("reportDate").asText());
        initialVersion = review(initial, reportDate.plusDays(13), initialVersion);
        initialVersion = grant(initial, reportDate.plusDays(24), initialVersion);
        String certificateNumber = certificateNumber(initial, initialVersion);
        progress.accept(initial + ": certificate " + certificateNumber + " granted by " + DECIDER);

        ObjectNode surveillanceOpening = fixture.opening().deepCopy();
        surveillanceOpening.put("type", "SURVEILLANCE");
        String surveillance = open(surveillanceOpening, 1);
        long surveillanceVersion = prepareTeam(surveillance, 1, List.of(surveillanceMember()));
        surveillanceVersion = scoreItems(surveillance, changes, surveillanceVersion);
        progress.accept(surveillance + ": scored, left open for the leader to recommend");

        awaitProjected(initial, initialVersion, PROJECTION_TIMEOUT);
        awaitProjected(surveillance, surveillanceVersion, PROJECTION_TIMEOUT);
        return new SeededProject(projectNumber(), initial, initialVersion, REVISED_CLAUSE, DRAFT_PERCENT,
                surveillance, surveillanceVersion, changes, certificateNumber);
    }

    /** The technical reviewer, who is not on the team (ISO/IEC 17065 7.5), accepts the recommended audit. */
    private long review(String auditId, LocalDate reviewedOn, long version) {
        ObjectNode body = CertauditClient.json().createObjectNode();
        body.put("outcome", "ACCEPT");
        body.put("reviewedOn", reviewedOn.toString());
        body.put("note", "审查记录完整，评分与证据一致");
        long reviewed = versionOf(commandSide().send("POST", "/api/audits/" + auditId + "/review", REVIEWER, body), version);
        progress.accept(auditId + ": accepted by technical review (" + REVIEWER + ")");
        return reviewed;
    }

    /** The decider, neither on the team nor the reviewer, grants on the version they saw. */
    private long grant(String auditId, LocalDate decidedOn, long seenVersion) {
        ObjectNode body = CertauditClient.json().createObjectNode();
        body.put("outcome", "GRANT");
        body.put("decidedOn", decidedOn.toString());
        body.put("reason", "审查结论与技术评审意见一致，批准认证");
        return versionOf(commandSide().send("POST", "/api/audits/" + auditId + "/decision", DECIDER, body,
                Map.of("If-Match", "\"" + seenVersion + "\"")), seenVersion);
    }

    /** The number of the certificate the project's register lists, once the query side has it. */
    private String certificateNumber(String auditId, long version) {
        awaitProjected(auditId, version, PROJECTION_TIMEOUT);
        Instant deadline = Instant.now().plus(PROJECTION_TIMEOUT);
        while (true) {
            JsonNode lineage = querySide.get("/api/projects/" + CertauditClient.encode(projectNumber()) + "/lineage",
                    READER).expect(200);
            for (JsonNode change : lineage.path("certificateChanges")) {
                if ("ISSUED".equals(change.path("kind").asText())) {
                    return change.path("certificateNumber").asText();
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new ApiException(200, "the lineage of " + projectNumber() + " shows no certificate within "
                        + PROJECTION_TIMEOUT.toSeconds() + " s");
            }
            sleep(Duration.ofMillis(200));
        }
    }

    /** Waits until the query side shows the audit and its scorecard at {@code version} or later. */
    public void awaitProjected(String auditId, long version, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        long seen = -1;
        while (true) {
            // The audit (audit-summaries) and its scorecard (audit-scorecards): two processors, each at its own pace.
            CertauditClient.Response response = querySide.get("/api/audits/" + auditId, READER);
            if (response.status() == 200) {
                seen = response.body().path("version").asLong(-1);
                if (seen >= version) {
                    response = querySide.get("/api/audits/" + auditId + "/scorecard", READER);
                    if (response.status() == 200) {
                        seen = response.body().path("version").asLong(-1);
                        if (seen >= version) {
                            return;
                        }
                    }
                }
            } else if (response.status() != 404) {
                response.expect(200);
            }
            if (Instant.now().isAfter(deadline)) {
                throw new ApiException(response.status(), "query side did not reach version " + version + " of audit "
                        + auditId + " within " + timeout.toSeconds() + " s (last seen " + seen + ")");
            }
            sleep(Duration.ofMillis(200));
        }
    }

    private String open(ObjectNode opening, int yearsLater) {
        ObjectNode body = opening.deepCopy();
        shiftDate(body, "onSiteFrom", yearsLater);
        shiftDate(body, "onSiteTo", yearsLater);
        CertauditClient.Response response = commandSide().send("POST", "/api/audits", ADMIN, body);
        if (yearsLater == 0 && response.status() == 409) {
            throw new ProjectAlreadyOpened(response.body().path("detail").asText(response.body().toString()));
        }
        String auditId = response.expect(201).path("auditId").asText();
        if (auditId.isEmpty()) {
            throw new ApiException(201, response.request() + ": answer has no auditId: " + response.body());
        }
        progress.accept(auditId + ": opened (" + body.path("type").asText() + ")");
        return auditId;
    }

    /**
     * A fictional second auditor (the demo user {@code auditor}) who joins the team for the surveillance
     * audit, so that the demo shows scores by two users; the seed report's team is its leader alone.
     */
    private static ObjectNode surveillanceMember() {
        ObjectNode member = CertauditClient.json().createObjectNode();
        member.put("code", "B");
        member.put("name", "林晓");
        member.put("role", "MEMBER");
        member.put("registrationNumber", "DEMO-0002");
        member.put("specialtyCode", "02.01.01");
        member.put("phone", "010-5550-0102");
        member.put("userName", "auditor");
        return member;
    }

    /** Assigns the fixture's team and {@code extraMembers}; each signs the pledge, as themselves. */
    private long prepareTeam(String auditId, int yearsLater, List<ObjectNode> extraMembers) {
        long version = 0;
        List<ObjectNode> team = new ArrayList<>(fixture.team());
        team.addAll(extraMembers);
        String signedOn = fixture.pledges().get(0).path("signedOn").asText();
        Map<String, String> signedOnByCode = new LinkedHashMap<>();
        fixture.pledges().forEach(p -> signedOnByCode.put(p.path("memberCode").asText(), p.path("signedOn").asText()));
        for (ObjectNode member : team) {
            version = versionOf(commandSide().send("POST", "/api/audits/" + auditId + "/team", ADMIN, member), version);
        }
        for (ObjectNode member : team) {
            String code = member.path("code").asText();
            ObjectNode pledge = CertauditClient.json().createObjectNode();
            pledge.put("memberCode", code);
            pledge.put("signedOn", signedOnByCode.getOrDefault(code, signedOn));
            shiftDate(pledge, "signedOn", yearsLater);
            version = versionOf(commandSide().send("POST", "/api/audits/" + auditId + "/pledges",
                    member.path("userName").asText(), pledge), version);
        }
        scorers.put(auditId, team.stream().map(member -> member.path("userName").asText()).toList());
        progress.accept(auditId + ": team of " + team.size() + " assigned, pledges signed");
        return version;
    }

    /** Scores every seed item, the given ones at their given percent instead; not-applicable ones marked so. */
    private long scoreItems(String auditId, Map<String, Percent> overrides, long version) {
        List<String> scorers = this.scorers.get(auditId);
        int index = 0;
        for (Map.Entry<String, ItemResult> item : itemResults.entrySet()) {
            String clause = item.getKey();
            String scorer = scorers.get(index++ % scorers.size());
            String path = "/api/audits/" + auditId + "/items/" + CertauditClient.encode(clause);
            ObjectNode body = CertauditClient.json().createObjectNode();
            if (item.getValue().notApplicable()) {
                body.put("reason", "不涉及：本组织无此项业务");
                version = versionOf(commandSide().send("PUT", path + "/not-applicable", scorer, body), version);
            } else {
                Percent percent = overrides.getOrDefault(clause, item.getValue().percent());
                body.put("percent", percent.value());
                body.put("note", "现场审查记录，见审查报告 " + projectNumber());
                version = versionOf(commandSide().send("PUT", path, scorer, body), version);
            }
        }
        progress.accept(auditId + ": " + itemResults.size() + " items scored or marked not applicable");
        return version;
    }

    private long reviseDraftedItem(String auditId, long version) {
        Percent reported = itemResults.get(REVISED_CLAUSE).percent();
        ObjectNode body = CertauditClient.json().createObjectNode();
        body.put("percent", reported.value());
        body.put("note", "现场审查记录，见审查报告 " + projectNumber());
        body.put("reason", REVISION_REASON);
        version = versionOf(commandSide().send("PUT", "/api/audits/" + auditId + "/items/" + REVISED_CLAUSE,
                fixture.userOf("LEADER"), body), version);
        progress.accept(auditId + ": item " + REVISED_CLAUSE + " revised " + DRAFT_PERCENT + " -> " + reported);
        return version;
    }

    private long recordFindings(String auditId, long version) {
        return versionOf(commandSide().send("PUT", "/api/audits/" + auditId + "/findings", fixture.userOf("LEADER"),
                fixture.findings()), version);
    }

    /** The audit version a change answered with (body {@code version}, else the ETag); never lower than before. */
    private static long versionOf(CertauditClient.Response response, long previous) {
        JsonNode body = response.expect(200, 201, 204);
        long version = body.path("version").asLong(-1);
        if (version < 0 && response.header("ETag") != null) {
            version = Long.parseLong(response.header("ETag").replaceAll("[^0-9]", ""));
        }
        return Math.max(previous, version);
    }

    private CertauditClient commandSide() {
        return commandSides.get(nextCommandSide++ % commandSides.size());
    }

    private static void shiftDate(ObjectNode body, String field, int years) {
        if (years != 0 && body.hasNonNull(field)) {
            body.put(field, LocalDate.parse(body.get(field).asText()).plusYears(years).toString());
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(0, "interrupted while waiting for the query side");
        }
    }

    /**
     * {@code java -jar end-to-end.jar --command-url=http://localhost:8081 --query-url=http://localhost:8082}:
     * loads the seed project unless it is there already. Exit status 0 when loaded or skipped, 1 on failure
     * with one line saying which request was refused.
     */
    public static void main(String[] args) {
        String commandUrl = option(args, "command-url", "http://localhost:8081");
        String queryUrl = option(args, "query-url", "http://localhost:8082");
        try {
            SeedAuditDriver driver = new SeedAuditDriver(CertauditClient.of(commandUrl), CertauditClient.of(queryUrl),
                    line -> System.out.println("demo: " + line));
            driver.loadIfAbsent().ifPresent(project -> System.out.println("demo: loaded project "
                    + project.projectNumber() + ": " + project.initialAuditId() + " (INITIAL, TEN_STAR, certificate "
                    + project.certificateNumber() + " granted) and " + project.surveillanceAuditId()
                    + " (SURVEILLANCE, open)"));
        } catch (RuntimeException e) {
            System.err.println("demo: seed audit not loaded: " + e.getMessage());
            System.exit(1);
        }
    }

    private static String option(String[] args, String name, String fallback) {
        for (String arg : args) {
            if (arg.startsWith("--" + name + "=")) {
                return arg.substring(name.length() + 3);
            }
        }
        return fallback;
    }

    /** The command side refused the seed's INITIAL audit because the project has one already. */
    private static final class ProjectAlreadyOpened extends ApiException {
        ProjectAlreadyOpened(String detail) {
            super(409, detail);
        }
    }
}
