package org.certaudit.query.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.forwardedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.Certificate;
import org.certaudit.audit.CertificateGranted;
import org.certaudit.audit.CertificateRestored;
import org.certaudit.audit.CertificateSuspended;
import org.certaudit.audit.Decision;
import org.certaudit.audit.DecisionOutcome;
import org.certaudit.audit.GradeRecommended;
import org.certaudit.audit.PledgeDateCorrected;
import org.certaudit.audit.PledgeSigned;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.audit.SpecialItemKind;
import org.certaudit.audit.SpecialItemRecorded;
import org.certaudit.audit.SpecialItemWithdrawn;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.audit.TechnicalReviewAccepted;
import org.certaudit.audit.TechnicalReviewReturned;
import org.certaudit.query.AuditFixtures;
import org.certaudit.query.ProjectStream;
import org.certaudit.query.QuerySideTest;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.SeedReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The console on the query side: pages behind a session sign-in while the API stays stateless, CSRF on
 * every change, the relay acting on the command side (a stub here) as the signed-in user, the scoring
 * preview, what each role is offered, and the language.
 */
@QuerySideTest
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleTest {

    private static final ProjectNumber PROJECT = new ProjectNumber("0915-2021-SE");
    private static final AuditId AUDIT = AuditId.of(PROJECT, 1);
    private static final StubCommandSide COMMAND_SIDE = new StubCommandSide();
    /** The same audit on another project, recommended, accepted by the technical reviewer and decided. */
    private static final AuditId DECIDED = AuditId.of(new ProjectNumber("0916-2021-SE"), 1);
    private static final AuditId RETURNED = AuditId.of(new ProjectNumber("0918-2021-SE"), 1);
    /** The same audit on a third project, recommended and accepted by the technical reviewer, not decided. */
    private static final AuditId REVIEWED = AuditId.of(new ProjectNumber("0917-2021-SE"), 1);
    /** The same audit on a fifth project, recommended and awaiting its technical review. */
    private static final AuditId RECOMMENDED = AuditId.of(new ProjectNumber("0919-2021-SE"), 1);
    /** The same audit on a sixth project, cancelled by the admin before any recommendation. */
    private static final AuditId CANCELLED = AuditId.of(new ProjectNumber("0936-2021-SE"), 1);
    /** An audit on a seventh project whose on-site period the admin moved once, still open. */
    private static final AuditId RESCHEDULED = AuditId.of(new ProjectNumber("0940-2021-SE"), 1);
    /** Accepted by the technical reviewer; the decider was on its team for a while. */
    private static final AuditId DECIDER_TOOK_PART = AuditId.of(new ProjectNumber("0937-2021-SE"), 1);
    /** Recommended; the reviewer was on its team for a while. */
    private static final AuditId REVIEWER_TOOK_PART = AuditId.of(new ProjectNumber("0938-2021-SE"), 1);
    /** Open, with five special deductions. */
    private static final AuditId FIVE_DEDUCTIONS = AuditId.of(new ProjectNumber("0939-2021-SE"), 1);
    /** As the demo's: granted 2021-07-01, valid to 2024-06-30; its first surveillance maintained it in 2022. */
    private static final AuditId MAINTAINED = AuditId.of(new ProjectNumber("0941-2021-SE"), 2);
    /** The day the seed's audits here are accepted by technical review. */
    private static final LocalDate REVIEWED_ON = LocalDate.of(2021, 6, 20);
    /** The second surveillance of 2023, reviewed and awaiting its decision, long after the certificate expired. */
    private static final AuditId REVIEWED_AFTER_EXPIRY = AuditId.of(new ProjectNumber("0941-2021-SE"), 3);
    private static final LocalDate EXPIRED_REVIEWED_ON = LocalDate.of(2023, 6, 1);
    private static final String EXPIRED_NUMBER = "CTS-2021-0941-2021-SE-1";
    /**
     * A second surveillance reviewed and awaiting its decision while the certificate its project's first surveillance
     * suspended a month ago is still suspended today: maintained or withdrawn today, not suspended again.
     */
    private static final AuditId REVIEWED_WHILE_SUSPENDED = AuditId.of(new ProjectNumber("0942-2025-SE"), 3);
    private static final String SUSPENDED_NUMBER = "CTS-2025-0942-2025-SE-1";
    /**
     * A surveillance of 2024 accepted by technical review on 2024-07-05, after its certificate's last valid day (recorded
     * before the command side refused that): no day is left on which it could be decided.
     */
    private static final AuditId ACCEPTED_AFTER_EXPIRY = AuditId.of(new ProjectNumber("0946-2021-SE"), 2);
    /** A surveillance of 2022 still open, its leader signed; its certificate (granted 2021-07-01) expired in 2024. */
    private static final AuditId OPEN_SURVEILLANCE = AuditId.of(new ProjectNumber("0942-2021-SE"), 2);
    /** The same, recommended in 2022 and awaiting its technical review. */
    private static final AuditId RECOMMENDED_SURVEILLANCE = AuditId.of(new ProjectNumber("0943-2021-SE"), 2);
    /** Open; its leader signed the pledge on the last on-site day, after the period began (5 to 7 June 2021). */
    private static final AuditId PLEDGED_LATE = AuditId.of(new ProjectNumber("0950-2021-SE"), 1);
    /** Recommended; its leader recorded the seed's 94 items on 5 June, then corrected the pledge's day to 6 June. */
    private static final AuditId WORKED_BEFORE_PLEDGE = AuditId.of(new ProjectNumber("0951-2021-SE"), 1);
    /** Accepted by technical review; its leader signed the pledge on the last on-site day. */
    private static final AuditId REVIEWED_PLEDGED_LATE = AuditId.of(new ProjectNumber("0952-2021-SE"), 1);
    /** Returned by technical review on 2021-06-20 and recommended again with its report's own date, 2021-06-07. */
    private static final AuditId RECOMMENDED_AGAIN = AuditId.of(new ProjectNumber("0953-2021-SE"), 1);

    @Autowired
    MockMvc mvc;
    @Autowired
    EventStore eventStore;
    @Autowired
    ConsoleLinks links;
    @Autowired
    org.springframework.context.MessageSource messages;

    @DynamicPropertySource
    static void commandSide(DynamicPropertyRegistry registry) {
        registry.add("certaudit.console.command-side-url", COMMAND_SIDE::url);
    }

    @BeforeAll
    void anOpenAuditScoredAsTheSeedWithItsLeaderSigned() {
        List<AuditEvent> events = scoredAsTheSeed(AUDIT, "A");
        long version = ProjectStream.append(eventStore, "leader", events);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> mvc.perform(get("/api/audits/" + AUDIT + "/scorecard")
                        .with(basic("reviewer")))
                .andExpect(jsonPath("$.version").value(version)));
    }

    @BeforeAll
    void aDecidedAuditWithTheSameTeam() {
        List<AuditEvent> events = scoredAsTheSeed(DECIDED, "A", "B");
        recommendedAndAccepted(DECIDED, events);
        LocalDate decidedOn = LocalDate.of(2021, 7, 1);
        events.add(new CertificateGranted(DECIDED, new Decision(DecisionOutcome.GRANT, "decider", decidedOn, events.size(),
                new BigDecimal("145.75"), Grade.TEN_STAR, "符合要求"),
                new Certificate("CTS-2021-0916-2021-SE-1", AuditFixtures.organization().name(), "售后服务", "CTS-ISC-JSGF-06",
                        Grade.TEN_STAR, decidedOn, decidedOn, LocalDate.of(2024, 6, 30), LocalDate.of(2022, 6, 7))));
        appendAndAwaitStatus(DECIDED, events, "DECIDED");
    }

    @BeforeAll
    void aCancelledAudit() {
        List<AuditEvent> events = scoredAsTheSeed(CANCELLED, "A");
        events.add(new org.certaudit.audit.AuditCancelled(CANCELLED, "admin", "现场审查年份录入错误"));
        appendAndAwaitStatus(CANCELLED, events, "CANCELLED");
    }

    @BeforeAll
    void aRescheduledAudit() {
        org.certaudit.audit.AuditOpened opened = AuditFixtures.opened(RESCHEDULED, AuditType.INITIAL, null,
                AuditFixtures.SEED_ON_SITE_FROM, AuditFixtures.SEED_ON_SITE_TO);
        ProjectStream.append(eventStore, "admin", List.of(opened, new TeamMemberAssigned(RESCHEDULED, AuditFixtures.leader()),
                new org.certaudit.audit.OnSiteAuditRescheduled(RESCHEDULED, org.certaudit.audit.OnSitePeriod.of(opened),
                        new org.certaudit.audit.OnSitePeriod(LocalDate.of(2021, 6, 12), LocalDate.of(2021, 6, 14),
                                new java.math.BigDecimal("2.5"), org.certaudit.audit.HalfDay.AFTERNOON, null),
                        "admin", "受审查方申请改期")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> mvc.perform(get("/api/audits/" + RESCHEDULED)
                        .with(basic("reviewer")))
                .andExpect(jsonPath("$.reschedulings[0].reason").value("受审查方申请改期")));
    }

    @BeforeAll
    void aSurveillanceReviewedAfterItsCertificateExpiredFollowingOneThatMaintainedIt() {
        AuditId initial = AuditId.of(MAINTAINED.projectNumber(), 1);
        LocalDate grantedOn = LocalDate.of(2021, 7, 1);
        List<AuditEvent> events = new ArrayList<>(List.of(
                AuditFixtures.opened(initial, AuditType.INITIAL, null, AuditFixtures.SEED_ON_SITE_FROM,
                        AuditFixtures.SEED_ON_SITE_TO),
                new CertificateGranted(initial, new Decision(DecisionOutcome.GRANT, "decider", grantedOn, 1,
                        new BigDecimal("145.75"), Grade.TEN_STAR, "符合要求"),
                        new Certificate(EXPIRED_NUMBER, AuditFixtures.organization().name(), "售后服务", "CTS-ISC-JSGF-06",
                                Grade.TEN_STAR, grantedOn, grantedOn, LocalDate.of(2024, 6, 30), LocalDate.of(2022, 6, 7))),
                AuditFixtures.opened(MAINTAINED, AuditType.SURVEILLANCE, initial, LocalDate.of(2022, 5, 10),
                        LocalDate.of(2022, 5, 11)),
                new org.certaudit.audit.CertificateMaintained(MAINTAINED, new Decision(DecisionOutcome.MAINTAIN, "decider",
                        LocalDate.of(2022, 6, 20), 3, new BigDecimal("140.00"), Grade.NINE_STAR, "监督审查符合要求"),
                        EXPIRED_NUMBER, LocalDate.of(2023, 5, 11)),
                AuditFixtures.opened(REVIEWED_AFTER_EXPIRY, AuditType.SURVEILLANCE, MAINTAINED, LocalDate.of(2023, 5, 10),
                        LocalDate.of(2023, 5, 11)),
                new TeamMemberAssigned(REVIEWED_AFTER_EXPIRY, AuditFixtures.leader())));
        recommendedAndAccepted(REVIEWED_AFTER_EXPIRY, events, LocalDate.of(2023, 5, 20), EXPIRED_REVIEWED_ON);
        appendAndAwaitStatus(REVIEWED_AFTER_EXPIRY, events, "REVIEWED");
    }

    @BeforeAll
    void aSurveillanceReviewedWhileTheCertificateIsSuspended() {
        LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
        AuditId initial = AuditId.of(REVIEWED_WHILE_SUSPENDED.projectNumber(), 1);
        AuditId suspending = AuditId.of(REVIEWED_WHILE_SUSPENDED.projectNumber(), 2);
        LocalDate grantedOn = today.minusYears(1);
        List<AuditEvent> events = new ArrayList<>(List.of(
                AuditFixtures.opened(initial, AuditType.INITIAL, null, grantedOn.minusDays(30), grantedOn.minusDays(29)),
                new CertificateGranted(initial, new Decision(DecisionOutcome.GRANT, "decider", grantedOn, 1,
                        new BigDecimal("145.75"), Grade.TEN_STAR, "符合要求"),
                        new Certificate(SUSPENDED_NUMBER, AuditFixtures.organization().name(), "售后服务", "CTS-ISC-JSGF-06",
                                Grade.TEN_STAR, grantedOn, grantedOn, grantedOn.plusYears(3).minusDays(1),
                                grantedOn.plusYears(1))),
                AuditFixtures.opened(suspending, AuditType.SURVEILLANCE, initial, today.minusDays(60), today.minusDays(59)),
                new CertificateSuspended(suspending, new Decision(DecisionOutcome.SUSPEND, "decider", today.minusDays(30), 3,
                        new BigDecimal("60.00"), Grade.NOT_GRADED, "投诉处理制度未有效运行"), SUSPENDED_NUMBER,
                        today.plusDays(60), null),
                AuditFixtures.opened(REVIEWED_WHILE_SUSPENDED, AuditType.SURVEILLANCE, suspending, today.minusDays(10),
                        today.minusDays(9)),
                new TeamMemberAssigned(REVIEWED_WHILE_SUSPENDED, AuditFixtures.leader())));
        // On site after the suspension was decided, as the lineage has it: reported and accepted while suspended.
        recommendedAndAccepted(REVIEWED_WHILE_SUSPENDED, events, today.minusDays(8), today.minusDays(7));
        appendAndAwaitStatus(REVIEWED_WHILE_SUSPENDED, events, "REVIEWED");
    }

    @BeforeAll
    void aSurveillanceAcceptedAfterItsCertificateExpired() {
        AuditId initial = AuditId.of(ACCEPTED_AFTER_EXPIRY.projectNumber(), 1);
        LocalDate grantedOn = LocalDate.of(2021, 7, 1);
        List<AuditEvent> events = new ArrayList<>(List.of(
                AuditFixtures.opened(initial, AuditType.INITIAL, null, AuditFixtures.SEED_ON_SITE_FROM,
                        AuditFixtures.SEED_ON_SITE_TO),
                new CertificateGranted(initial, new Decision(DecisionOutcome.GRANT, "decider", grantedOn, 1,
                        new BigDecimal("145.75"), Grade.TEN_STAR, "符合要求"),
                        new Certificate("CTS-2021-0946-2021-SE-1", AuditFixtures.organization().name(), "售后服务",
                                "CTS-ISC-JSGF-06", Grade.TEN_STAR, grantedOn, grantedOn, LocalDate.of(2024, 6, 30),
                                LocalDate.of(2022, 6, 7))),
                AuditFixtures.opened(ACCEPTED_AFTER_EXPIRY, AuditType.SURVEILLANCE, initial, LocalDate.of(2024, 6, 10),
                        LocalDate.of(2024, 6, 11)),
                new TeamMemberAssigned(ACCEPTED_AFTER_EXPIRY, AuditFixtures.leader())));
        recommendedAndAccepted(ACCEPTED_AFTER_EXPIRY, events, LocalDate.of(2024, 6, 25), LocalDate.of(2024, 7, 5));
        appendAndAwaitStatus(ACCEPTED_AFTER_EXPIRY, events, "REVIEWED");
    }

    @BeforeAll
    void surveillancesOf2022WhoseCertificateExpiredIn2024OpenAndRecommended() {
        for (AuditId surveillance : List.of(OPEN_SURVEILLANCE, RECOMMENDED_SURVEILLANCE)) {
            AuditId initial = AuditId.of(surveillance.projectNumber(), 1);
            LocalDate grantedOn = LocalDate.of(2021, 7, 1);
            LocalDate lastOnSiteDay = LocalDate.of(2022, 5, 11);
            List<AuditEvent> events = new ArrayList<>(List.of(
                    AuditFixtures.opened(initial, AuditType.INITIAL, null, AuditFixtures.SEED_ON_SITE_FROM,
                            AuditFixtures.SEED_ON_SITE_TO),
                    new CertificateGranted(initial, new Decision(DecisionOutcome.GRANT, "decider", grantedOn, 1,
                            new BigDecimal("145.75"), Grade.TEN_STAR, "符合要求"),
                            new Certificate("CTS-2021-" + surveillance.projectNumber() + "-1",
                                    AuditFixtures.organization().name(), "售后服务", "CTS-ISC-JSGF-06", Grade.TEN_STAR,
                                    grantedOn, grantedOn, LocalDate.of(2024, 6, 30), LocalDate.of(2022, 6, 7))),
                    AuditFixtures.opened(surveillance, AuditType.SURVEILLANCE, initial, LocalDate.of(2022, 5, 10),
                            lastOnSiteDay),
                    new TeamMemberAssigned(surveillance, AuditFixtures.leader()),
                    new PledgeSigned(surveillance, "A", lastOnSiteDay)));
            boolean recommended = surveillance.equals(RECOMMENDED_SURVEILLANCE);
            if (recommended) {
                events.add(new GradeRecommended(surveillance, new BigDecimal("145.75"), Grade.TEN_STAR, lastOnSiteDay));
            }
            appendAndAwaitStatus(surveillance, events, recommended ? "FINISHED" : "OPEN");
        }
    }

    @BeforeAll
    void aReviewedAuditWithTheSameTeam() {
        List<AuditEvent> events = scoredAsTheSeed(REVIEWED, "A");
        recommendedAndAccepted(REVIEWED, events);
        appendAndAwaitStatus(REVIEWED, events, "REVIEWED");
    }

    @BeforeAll
    void aReturnedAudit() {
        List<AuditEvent> events = scoredAsTheSeed(RETURNED, "A");
        events.add(new GradeRecommended(RETURNED, new BigDecimal("145.75"), Grade.TEN_STAR, LocalDate.of(2021, 6, 7)));
        events.add(new TechnicalReviewReturned(RETURNED, "reviewer", LocalDate.of(2021, 6, 20),
                List.of("5.2.2.3 的证据记录不全", "承诺书日期有误")));
        // The leader corrects the day the reviewer found wrong: the audit is with its team again.
        events.add(new PledgeDateCorrected(RETURNED, "A", LocalDate.of(2021, 6, 5), LocalDate.of(2021, 6, 6), "签署时误用了表单默认日期"));
        appendAndAwaitStatus(RETURNED, events, "RETURNED");
    }

    @BeforeAll
    void anAuditReturnedAndRecommendedAgain() {
        List<AuditEvent> events = scoredAsTheSeed(RECOMMENDED_AGAIN, "A");
        events.add(new GradeRecommended(RECOMMENDED_AGAIN, new BigDecimal("145.75"), Grade.TEN_STAR, LocalDate.of(2021, 6, 7)));
        events.add(new TechnicalReviewReturned(RECOMMENDED_AGAIN, "reviewer", LocalDate.of(2021, 6, 20),
                List.of("承诺书日期有误")));
        events.add(new GradeRecommended(RECOMMENDED_AGAIN, new BigDecimal("145.75"), Grade.TEN_STAR, LocalDate.of(2021, 6, 7)));
        appendAndAwaitStatus(RECOMMENDED_AGAIN, events, "FINISHED");
    }

    @BeforeAll
    void aRecommendedAudit() {
        List<AuditEvent> events = scoredAsTheSeed(RECOMMENDED, "A");
        events.add(new GradeRecommended(RECOMMENDED, new BigDecimal("145.75"), Grade.TEN_STAR, LocalDate.of(2021, 6, 7)));
        appendAndAwaitStatus(RECOMMENDED, events, "FINISHED");
    }

    @BeforeAll
    void auditsTheReviewerAndTheDeciderTookPartIn() {
        List<AuditEvent> decided = scoredAsTheSeed(DECIDER_TOOK_PART, "A");
        decided.add(new TeamMemberAssigned(DECIDER_TOOK_PART, new org.certaudit.audit.TeamMember("C", "测试决定人",
                org.certaudit.audit.TeamRole.MEMBER, "DEMO-0003", "02.01.01", null, "decider")));
        decided.add(new org.certaudit.audit.TeamMemberRemoved(DECIDER_TOOK_PART, "C", "利益冲突"));
        recommendedAndAccepted(DECIDER_TOOK_PART, decided);
        appendAndAwaitStatus(DECIDER_TOOK_PART, decided, "REVIEWED");
        List<AuditEvent> recommended = scoredAsTheSeed(REVIEWER_TOOK_PART, "A");
        recommended.add(new TeamMemberAssigned(REVIEWER_TOOK_PART, new org.certaudit.audit.TeamMember("C", "测试评审人",
                org.certaudit.audit.TeamRole.MEMBER, "DEMO-0004", "02.01.01", null, "reviewer")));
        recommended.add(new org.certaudit.audit.TeamMemberRemoved(REVIEWER_TOOK_PART, "C", "利益冲突"));
        recommended.add(new GradeRecommended(REVIEWER_TOOK_PART, new BigDecimal("145.75"), Grade.TEN_STAR, LocalDate.of(2021, 6, 7)));
        appendAndAwaitStatus(REVIEWER_TOOK_PART, recommended, "FINISHED");
    }

    @BeforeAll
    void auditsWhoseTeamDidNotPledgeImpartialityBeforeItWorked() {
        List<AuditEvent> late = scoredAsTheSeed(PLEDGED_LATE);
        late.add(3, new PledgeSigned(PLEDGED_LATE, "A", AuditFixtures.SEED_ON_SITE_TO));
        appendAndAwaitStatus(PLEDGED_LATE, late, "OPEN");

        List<AuditEvent> early = scoredAsTheSeed(WORKED_BEFORE_PLEDGE, "A");
        early.add(new PledgeDateCorrected(WORKED_BEFORE_PLEDGE, "A", LocalDate.of(2021, 6, 5), LocalDate.of(2021, 6, 6),
                "纸质承诺书落款为 6 日"));
        early.add(new GradeRecommended(WORKED_BEFORE_PLEDGE, new BigDecimal("145.75"), Grade.TEN_STAR,
                AuditFixtures.SEED_ON_SITE_TO));
        // Recorded at 10:00 on 5 June in Shanghai, the first on-site day: before the corrected day of the pledge.
        ProjectStream.appendAt(eventStore, "leader", Instant.parse("2021-06-05T02:00:00Z"), early);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> mvc.perform(get("/api/audits/" + WORKED_BEFORE_PLEDGE)
                        .with(basic("reviewer")))
                .andExpect(jsonPath("$.status").value("FINISHED")));

        List<AuditEvent> reviewed = scoredAsTheSeed(REVIEWED_PLEDGED_LATE);
        reviewed.add(3, new PledgeSigned(REVIEWED_PLEDGED_LATE, "A", AuditFixtures.SEED_ON_SITE_TO));
        recommendedAndAccepted(REVIEWED_PLEDGED_LATE, reviewed);
        appendAndAwaitStatus(REVIEWED_PLEDGED_LATE, reviewed, "REVIEWED");
    }

    @BeforeAll
    void anAuditWithFiveSpecialDeductions() {
        List<AuditEvent> events = scoredAsTheSeed(FIVE_DEDUCTIONS, "A");
        for (int i = 1; i <= 5; i++) {
            events.add(new org.certaudit.audit.SpecialItemRecorded(FIVE_DEDUCTIONS, "S" + i,
                    org.certaudit.audit.SpecialItemKind.DEDUCTION, "投诉处理记录缺少回访结果 " + i, "5.3.3.2", "现场抽查"));
        }
        ProjectStream.append(eventStore, "leader", events);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> mvc.perform(get("/api/audits/" + FIVE_DEDUCTIONS + "/scorecard")
                        .with(basic("reviewer")))
                .andExpect(jsonPath("$.deductions").value(5)));
    }

    /** An initial audit opened with the seed's leader (A) and auditor (B), these members' pledges, the seed's scores. */
    private static List<AuditEvent> scoredAsTheSeed(AuditId audit, String... pledged) {
        List<AuditEvent> events = new ArrayList<>();
        events.add(AuditFixtures.opened(audit, AuditType.INITIAL, null, AuditFixtures.SEED_ON_SITE_FROM,
                AuditFixtures.SEED_ON_SITE_TO));
        events.add(new TeamMemberAssigned(audit, AuditFixtures.leader()));
        events.add(new TeamMemberAssigned(audit, AuditFixtures.auditor()));
        for (String member : pledged) {
            events.add(new PledgeSigned(audit, member, LocalDate.of(2021, 6, 5)));
        }
        events.addAll(AuditFixtures.itemEvents(audit, SeedReport.itemResults()));
        return events;
    }

    /** The seed's grade recommended, and accepted by a technical reviewer off the team, on the seed's dates. */
    private static void recommendedAndAccepted(AuditId audit, List<AuditEvent> events) {
        recommendedAndAccepted(audit, events, LocalDate.of(2021, 6, 7), REVIEWED_ON);
    }

    /** The seed's grade recommended on {@code reportDate} and accepted by a technical reviewer on {@code reviewedOn}. */
    private static void recommendedAndAccepted(AuditId audit, List<AuditEvent> events, LocalDate reportDate,
                                               LocalDate reviewedOn) {
        events.add(new GradeRecommended(audit, new BigDecimal("145.75"), Grade.TEN_STAR, reportDate));
        events.add(new TechnicalReviewAccepted(audit, "reviewer", reviewedOn, new BigDecimal("145.75"), Grade.TEN_STAR,
                null));
    }

    private void appendAndAwaitStatus(AuditId audit, List<AuditEvent> events, String status) {
        ProjectStream.append(eventStore, "leader", events);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> mvc.perform(get("/api/audits/" + audit)
                        .with(basic("reviewer")))
                .andExpect(jsonPath("$.status").value(status)));
    }

    @AfterAll
    void stopStub() {
        COMMAND_SIDE.stop();
    }

    @BeforeEach
    void forgetRequests() {
        COMMAND_SIDE.received.clear();
        COMMAND_SIDE.answer(200, "\"1\"", "{}");
    }

    @Nested
    class SigningIn {

        @Test
        void aPageWithoutASessionSendsTheBrowserToTheSignInForm() throws Exception {
            mvc.perform(get("/console/audits")).andExpect(status().isFound())
                    .andExpect(redirectedUrl("/console/login"));
            mvc.perform(get("/")).andExpect(status().isFound());
        }

        @Test
        void theApiStaysStatelessAndAnswers401ToACallerWithoutCredentials() throws Exception {
            mvc.perform(get("/api/audits")).andExpect(status().isUnauthorized())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(header().string("WWW-Authenticate", "Basic realm=\"certaudit\""));
        }

        @Test
        void aWrongPasswordIsSentBackToTheFormAndARightOneGivesASessionThatAlsoReadsTheApi() throws Exception {
            mvc.perform(formLogin("/console/login").user("reviewer").password("wrong"))
                    .andExpect(redirectedUrl("/console/login?error"));
            MockHttpSession session = signIn("reviewer");
            mvc.perform(get("/console/audits").session(session)).andExpect(status().isOk())
                    .andExpect(content().string(org.hamcrest.Matchers.containsString(AUDIT.value())));
            mvc.perform(get("/api/audits/" + AUDIT + "/scorecard").session(session).with(sessionCookie(session)))
                    .andExpect(status().isOk()).andExpect(jsonPath("$.items.length()").value(94));
        }

        @Test
        void readsFollowTheApisRolesWithASessionTooAndTheMetricsScraperReadsNoAudit() throws Exception {
            String decisions = "/api/decisions?from=2021-01-01&to=2021-12-31";
            String scorecard = "/api/audits/" + AUDIT + "/scorecard";
            MockHttpSession reviewer = signIn("reviewer");
            mvc.perform(get(decisions).session(reviewer).with(sessionCookie(reviewer))).andExpect(status().isForbidden());
            MockHttpSession regulator = signIn("regulator");
            mvc.perform(get(decisions).session(regulator).with(sessionCookie(regulator))).andExpect(status().isOk());

            MockHttpSession metrics = signIn("metrics");
            mvc.perform(get(scorecard).session(metrics).with(sessionCookie(metrics))).andExpect(status().isForbidden());
            mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders.head(scorecard).session(regulator)
                    .with(sessionCookie(regulator))).andExpect(status().isOk());
            mvc.perform(get("/console/audits").session(metrics)).andExpect(status().isForbidden());
            mvc.perform(get(scorecard).with(httpBasic("metrics", "metrics-pass"))).andExpect(status().isForbidden())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
            mvc.perform(get("/api/audits").with(httpBasic("metrics", "metrics-pass"))).andExpect(status().isForbidden());
            mvc.perform(get(scorecard).with(httpBasic("auditor", "auditor-pass"))).andExpect(status().isOk());
        }

        @Test
        void aUserWithoutAReadingRoleIsToldWhyOnAConsolePageAndKeepsTheSignOut() throws Exception {
            MockHttpSession metrics = signIn("metrics");
            // A browser is forwarded, with the 403, to the console's page (MockMvc does not follow the forward itself).
            mvc.perform(get("/console/audits").param("status", "OPEN").session(metrics).accept(MediaType.TEXT_HTML))
                    .andExpect(status().isForbidden()).andExpect(forwardedUrl("/console/refused"));
            String page = mvc.perform(get("/console/refused").session(metrics).accept(MediaType.TEXT_HTML)
                            .with(refusedAt("/console/audits", "status=OPEN")))
                    .andExpect(status().isForbidden())
                    .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
            assertThat(shown(page)).startsWith("无权进行此操作：用户 metrics（角色 METRICS）不能 GET /console/audits：");
            assertThat(page).contains("data-code=\"permission.role\"", "action=\"/console/logout\"",
                    "href=\"/console/audits?status=OPEN&amp;lang=en\"").doesNotContain("返回审查列表");
            String english = mvc.perform(get("/console/refused").param("lang", "en").session(metrics)
                            .accept(MediaType.TEXT_HTML).with(refusedAt("/console/certificates", null)))
                    .andExpect(status().isForbidden())
                    .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
            assertThat(shown(english)).startsWith("Not permitted: user metrics (roles METRICS) may not GET /console/certificates:");

            // A script or a client that does not ask for HTML keeps the API's problem, with the rule.
            mvc.perform(get("/console/audits").session(metrics)).andExpect(status().isForbidden())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.errors[0].code").value("permission.role"))
                    .andExpect(jsonPath("$.errors[0].arguments.roles[0]").value("METRICS"));
            mvc.perform(get("/api/audits/" + AUDIT + "/scorecard").session(metrics).with(sessionCookie(metrics))
                            .accept(MediaType.TEXT_HTML, MediaType.APPLICATION_JSON))
                    .andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.errors[0].arguments.path").value("/api/audits/" + AUDIT + "/scorecard"));
            // Asked for straight, by anyone, the page's address is no page.
            mvc.perform(get("/console/refused").session(signIn("reviewer")).accept(MediaType.TEXT_HTML))
                    .andExpect(status().isNotFound());
            mvc.perform(get("/console/refused").session(metrics).accept(MediaType.TEXT_HTML))
                    .andExpect(status().isForbidden()).andExpect(forwardedUrl("/console/refused"));
        }

        @Test
        void theSignInFormIsChineseByDefaultAndEnglishOnRequest() throws Exception {
            mvc.perform(get("/console/login").header("Accept-Language", "en-US"))
                    .andExpect(content().string(org.hamcrest.Matchers.containsString("<label for=\"username\">用户名</label>")));
            mvc.perform(get("/console/login").param("lang", "en"))
                    .andExpect(content().string(org.hamcrest.Matchers.containsString("<label for=\"username\">User name</label>")));
        }

        @Test
        void afterSigningInEachUserLandsWhereTheirWorkIsAndAnAuditorSeesTheOpenAuditsWhoseTeamTheyAreOn() throws Exception {
            // The leader is on the team of every audit here, several of them still open: the audits whose team they are on.
            mvc.perform(get("/console").session(signIn("leader"))).andExpect(redirectedUrl("/console/audits?mine=true"));
            mvc.perform(get("/console").session(signIn("admin"))).andExpect(redirectedUrl("/console/audits"));
            mvc.perform(get("/console").session(signIn("reviewer"))).andExpect(redirectedUrl("/console/audits"));
            mvc.perform(get("/console").session(signIn("decider"))).andExpect(redirectedUrl("/console/audits"));
            mvc.perform(get("/console").session(signIn("regulator"))).andExpect(redirectedUrl("/console/certificates"));

            String mine = page("leader", "/console/audits?mine=true&size=100");
            String open = mine.substring(mine.indexOf("id=\"open-on-team\""), mine.indexOf("id=\"audit-list\""));
            assertThat(open).contains("您所在审查组、仍在进行的审查", "data-audit=\"" + AUDIT + "\"",
                    "data-audit=\"" + RETURNED + "\"", "技术评审退回")
                    .doesNotContain("data-audit=\"" + DECIDED + "\"", "data-audit=\"" + RECOMMENDED + "\"",
                            "data-audit=\"" + CANCELLED + "\"");
            assertThat(mine).contains("name=\"mine\" type=\"checkbox\" value=\"true\" checked",
                    "data-audit=\"" + DECIDED + "\"");
            // Nobody else is on those teams: the reviewer's "mine" is empty, and a reviewer is offered no such filter.
            String reviewers = page("reviewer", "/console/audits?mine=true");
            assertThat(reviewers).contains("没有符合条件的审查。").doesNotContain("id=\"open-on-team\"");
            assertThat(page("reviewer", "/console/audits")).doesNotContain("name=\"mine\"");
            assertThat(page("leader", "/console/audits?mine=true&lang=en")).contains("Only audits whose team I am on",
                    "Audits in progress whose team you are on");
            mvc.perform(get("/console/audits").param("mine", "yes").session(signIn("leader")))
                    .andExpect(status().isBadRequest());
        }
    }

    @Nested
    class Relay {

        @Test
        void aChangeWithoutTheSessionsCsrfTokenIsRefusedAndNeverReachesTheCommandSide() throws Exception {
            MockHttpSession session = signIn("auditor");
            // As the page's script sends a change: JSON accepted, so the refusal is a problem it can show.
            mvc.perform(put("/console/command/api/audits/" + AUDIT + "/items/5.1.1.1").session(session)
                            .accept("application/json, application/problem+json")
                            .contentType(MediaType.APPLICATION_JSON).content("{\"percent\":90,\"note\":\"n\"}"))
                    .andExpect(status().isForbidden())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.errors[0].field").value("X-CSRF-TOKEN"))
                    .andExpect(jsonPath("$.errors[0].code").value("request.csrf-token"));
            mvc.perform(put("/console/command/api/audits/" + AUDIT + "/items/5.1.1.1").session(session)
                            .with(csrf().useInvalidToken()).accept(MediaType.APPLICATION_JSON)
                            .contentType(MediaType.APPLICATION_JSON).content("{\"percent\":90,\"note\":\"n\"}"))
                    .andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.errors[0].code").value("request.csrf-token"))
                    .andExpect(jsonPath("$.detail").value(org.hamcrest.Matchers.containsString("load the page again")));
            // The relay is an API behind the console: the same problem whatever Accept says (curl's */*, none, HTML).
            for (String accept : new String[] {"*/*", null, MediaType.TEXT_HTML_VALUE}) {
                var change = put("/console/command/api/audits/" + AUDIT + "/items/5.1.1.1").session(session)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"percent\":90,\"note\":\"n\"}");
                mvc.perform(accept == null ? change : change.accept(accept))
                        .andExpect(status().isForbidden())
                        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                        .andExpect(jsonPath("$.type").value("urn:certaudit:problem:forbidden"))
                        .andExpect(jsonPath("$.errors[0].field").value("X-CSRF-TOKEN"))
                        .andExpect(jsonPath("$.errors[0].code").value("request.csrf-token"));
            }
            mvc.perform(delete("/console/command/api/audits/" + AUDIT + "/team/B?reason=r").session(session)
                            .with(csrf().useInvalidToken()).accept(MediaType.TEXT_HTML))
                    .andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.errors[0].code").value("request.csrf-token"));
            assertThat(COMMAND_SIDE.received).isEmpty();
            // A page's own form post made by a person (signing out from a page whose token is stale) is not the API's:
            // the person asked to sign out, so the session ends all the same.
            mvc.perform(post("/console/logout").session(session).accept(MediaType.TEXT_HTML))
                    .andExpect(status().isFound())
                    .andExpect(redirectedUrl("/console/login?logout"));
            assertThat(session.isInvalid()).isTrue();
        }

        @Test
        void aSignInWithAUserNameOrPasswordGivenTwiceIsRefusedNamingItAndSignsNobodyIn() throws Exception {
            String browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
            // Spring would sign in as the first user name; the second was meant as much.
            org.springframework.test.web.servlet.MvcResult program = mvc.perform(post("/console/login").with(csrf()).param("username", "auditor", "reviewer")
                            .param("password", "auditor-pass"))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.errors[0].field").value("username"))
                    .andExpect(jsonPath("$.errors[0].code").value("field.duplicate"))
                    .andExpect(jsonPath("$.errors[0].message").value("is given 2 times; send it once"))
                    .andReturn();
            assertThat(program.getRequest().getSession(false) == null ? null
                    : program.getRequest().getSession(false).getAttribute("SPRING_SECURITY_CONTEXT")).isNull();
            // Once in the query and once in the body is twice too; a browser is shown the refusal page.
            org.springframework.test.web.servlet.MvcResult page = mvc.perform(post("/console/login?password=auditor-pass").with(csrf()).accept(browser)
                            .param("username", "auditor").param("password", "auditor-pass"))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().string(org.hamcrest.Matchers.containsString("field.duplicate")))
                    .andExpect(content().string(org.hamcrest.Matchers.containsString("password")))
                    .andReturn();
            assertThat(page.getRequest().getSession(false) == null ? null
                    : page.getRequest().getSession(false).getAttribute("SPRING_SECURITY_CONTEXT")).isNull();
            // Each once still signs in.
            mvc.perform(post("/console/login").with(csrf()).param("username", "auditor").param("password", "auditor-pass"))
                    .andExpect(status().isFound())
                    .andExpect(redirectedUrl("/console"));
        }

        @Test
        void aSignInOrSignOutFormOfAnEndedSessionGoesBackToTheSignInPage() throws Exception {
            String browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
            // The sign-in page was loaded in a session that has ended (a restart, a timeout): its token is no one's.
            mvc.perform(post("/console/login").param("username", "auditor").param("password", "auditor-pass")
                            .with(csrf().useInvalidToken()).accept(browser))
                    .andExpect(status().isFound())
                    .andExpect(redirectedUrl("/console/login?expired"));
            mvc.perform(get("/console/login").param("expired", "").param("lang", "en"))
                    .andExpect(content().string(org.hamcrest.Matchers.containsString(
                            "The page had expired (its session ended): sign in again.")));
            mvc.perform(post("/console/logout").with(csrf().useInvalidToken()).accept(browser))
                    .andExpect(status().isFound())
                    .andExpect(redirectedUrl("/console/login?logout"));
            // A program posting to a page without the token (curl's */*, no Accept) is told the rule and the field.
            for (String accept : new String[] {"*/*", null}) {
                var signIn = post("/console/login").param("username", "auditor").param("password", "auditor-pass");
                mvc.perform(accept == null ? signIn : signIn.accept(accept))
                        .andExpect(status().isForbidden())
                        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                        .andExpect(jsonPath("$.errors[0].field").value("X-CSRF-TOKEN"))
                        .andExpect(jsonPath("$.errors[0].code").value("request.csrf-token"));
            }
        }

        @Test
        void aChangeGoesToTheCommandSideAsTheSignedInUserWithIfMatchAndIdempotencyKeyAndItsAnswerComesBack()
                throws Exception {
            MockHttpSession session = signIn("auditor");
            COMMAND_SIDE.answer(412, "\"9\"", "{\"type\":\"urn:certaudit:problem:stale-version\",\"currentVersion\":9}");

            mvc.perform(put("/console/command/api/audits/" + AUDIT + "/items/5.1.1.1").session(session).with(csrf())
                            .contentType(MediaType.APPLICATION_JSON).header("If-Match", "\"7\"")
                            .header("Idempotency-Key", "key-1").content("{\"percent\":90,\"note\":\"n\"}"))
                    .andExpect(status().isPreconditionFailed())
                    .andExpect(header().string("ETag", "\"9\""))
                    .andExpect(jsonPath("$.currentVersion").value(9));

            assertThat(COMMAND_SIDE.received).hasSize(1);
            Map<String, String> request = COMMAND_SIDE.received.get(0);
            assertThat(request.get("line")).isEqualTo("PUT /api/audits/" + AUDIT + "/items/5.1.1.1");
            assertThat(request.get("authorization")).isEqualTo("Basic "
                    + Base64.getEncoder().encodeToString("auditor:auditor-pass".getBytes(StandardCharsets.UTF_8)));
            assertThat(request.get("if-match")).isEqualTo("\"7\"");
            assertThat(request.get("idempotency-key")).isEqualTo("key-1");
            assertThat(request.get("body")).isEqualTo("{\"percent\":90,\"note\":\"n\"}");
        }

        @Test
        void theBrowsersAcceptGoesToTheCommandSideWhichRefusesWhatItWouldRefuseSentStraight() throws Exception {
            // Found by the break session: the relay sent its own Accept, so a change with Accept: application/xml (which
            // the command side answers 406 without writing) was made and answered 200.
            MockHttpSession session = signIn("auditor");
            COMMAND_SIDE.answer(406, "\"7\"", "{\"type\":\"urn:certaudit:problem:not-acceptable\",\"status\":406,"
                    + "\"errors\":[{\"field\":\"Accept\",\"code\":\"request.not-acceptable\"}]}");
            for (String accept : List.of("application/xml", "*/*;q=0", "garbage;;;==")) {
                COMMAND_SIDE.received.clear();
                mvc.perform(put("/console/command/api/audits/" + AUDIT + "/items/5.2.1.1").session(session).with(csrf())
                                .contentType(MediaType.APPLICATION_JSON).header("Accept", accept)
                                .content("{\"percent\":33,\"note\":\"n\"}"))
                        .andExpect(status().isNotAcceptable())
                        .andExpect(jsonPath("$.errors[0].code").value("request.not-acceptable"));
                assertThat(COMMAND_SIDE.received).hasSize(1);
                assertThat(COMMAND_SIDE.received.get(0).get("accept")).as(accept).isEqualTo(accept);
            }
            COMMAND_SIDE.received.clear();
            mvc.perform(put("/console/command/api/audits/" + AUDIT + "/items/5.2.1.1").session(session).with(csrf())
                            .contentType(MediaType.APPLICATION_JSON).header("Accept", "application/json")
                            .header("Accept", "application/problem+json").content("{\"percent\":33,\"note\":\"n\"}"))
                    .andExpect(status().isNotAcceptable());
            assertThat(COMMAND_SIDE.received.get(0).get("accept")).isEqualTo("application/json, application/problem+json");
        }

        @Test
        void aBodyOverOneMebibyteIsRefusedWith413AndNeverReachesTheCommandSide() throws Exception {
            // Found by the break session: the relay read any body whole into memory and sent it on (30 MB did).
            MockHttpSession session = signIn("auditor");
            byte[] body = new byte[(1 << 20) + 1];
            java.util.Arrays.fill(body, (byte) ' ');
            mvc.perform(put("/console/command/api/audits/" + AUDIT + "/items/5.1.1.1").session(session).with(csrf())
                            .contentType(MediaType.APPLICATION_JSON).content(body))
                    .andExpect(status().isPayloadTooLarge())
                    .andExpect(jsonPath("$.type").value("urn:certaudit:problem:payload-too-large"))
                    .andExpect(jsonPath("$.errors[0].field").value("body"))
                    .andExpect(jsonPath("$.errors[0].code").value("body.too-large"))
                    .andExpect(jsonPath("$.errors[0].arguments.limit").value(1 << 20));
            assertThat(COMMAND_SIDE.received).isEmpty();
        }

        @Test
        void aDeleteKeepsItsQueryString() throws Exception {
            MockHttpSession session = signIn("admin");
            COMMAND_SIDE.answer(200, "\"10\"", "{\"auditId\":\"" + AUDIT + "\",\"version\":10}");
            mvc.perform(org.springframework.test.web.servlet.request.MockMvcRequestBuilders
                            .delete("/console/command/api/audits/" + AUDIT + "/team/B?reason=left")
                            .session(session).with(csrf()))
                    .andExpect(status().isOk()).andExpect(jsonPath("$.version").value(10));
            assertThat(COMMAND_SIDE.received.get(0).get("line"))
                    .isEqualTo("DELETE /api/audits/" + AUDIT + "/team/B?reason=left");
        }

        @Test
        void aCorrectionGoesToTheCommandSideAsThePutOfTheMembersPledge() throws Exception {
            MockHttpSession session = signIn("leader");
            COMMAND_SIDE.answer(200, "\"200\"", "{\"auditId\":\"" + RETURNED + "\",\"version\":200}");
            mvc.perform(put("/console/command/api/audits/" + RETURNED + "/pledges/A").session(session).with(csrf())
                            .contentType(MediaType.APPLICATION_JSON).header("If-Match", "\"199\"")
                            .header("Idempotency-Key", "key-pledge").content("{\"signedOn\":\"2021-06-05\",\"reason\":\"r\"}"))
                    .andExpect(status().isOk()).andExpect(jsonPath("$.version").value(200));
            Map<String, String> request = COMMAND_SIDE.received.get(0);
            assertThat(request.get("line")).isEqualTo("PUT /api/audits/" + RETURNED + "/pledges/A");
            assertThat(request.get("if-match")).isEqualTo("\"199\"");
            assertThat(request.get("idempotency-key")).isEqualTo("key-pledge");
            assertThat(request.get("body")).isEqualTo("{\"signedOn\":\"2021-06-05\",\"reason\":\"r\"}");
        }

        @Test
        void onlyTheAuditEndpointsAndACertificatesRestorationAreRelayed() throws Exception {
            MockHttpSession session = signIn("admin");
            mvc.perform(post("/console/command/api/admin/processors/audit-scorecards/rebuild").session(session).with(csrf()))
                    .andExpect(status().isNotFound());
            mvc.perform(post("/console/command/api/projects/0455-2021-SE/certificate").session(session).with(csrf())
                            .contentType(MediaType.APPLICATION_JSON).content("{}"))
                    .andExpect(status().isNotFound());
            mvc.perform(post("/console/command/api/audits/0455-2021-SE.1/items/a(b").session(session).with(csrf())
                            .contentType(MediaType.APPLICATION_JSON).content("{}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("path"))
                    .andExpect(jsonPath("$.errors[0].code").value("request.malformed"));
            assertThat(COMMAND_SIDE.received).isEmpty();
        }

        @Test
        void aDeciderRestoresASuspendedCertificateThroughTheRelay() throws Exception {
            MockHttpSession session = signIn("decider");
            COMMAND_SIDE.answer(200, "\"12\"", "{\"version\":12}");
            String body = "{\"restoredOn\":\"2022-08-01\",\"reason\":\"corrected\"}";
            mvc.perform(post("/console/command/api/projects/0455-2021-SE/certificate/restoration").session(session)
                            .with(csrf()).contentType(MediaType.APPLICATION_JSON).header("Idempotency-Key", "key-r")
                            .content(body))
                    .andExpect(status().isOk()).andExpect(jsonPath("$.version").value(12));
            assertThat(COMMAND_SIDE.received).hasSize(1);
            assertThat(COMMAND_SIDE.received.get(0).get("line"))
                    .isEqualTo("POST /api/projects/0455-2021-SE/certificate/restoration");
            assertThat(COMMAND_SIDE.received.get(0).get("body")).isEqualTo(body);
            assertThat(COMMAND_SIDE.received.get(0).get("idempotency-key")).isEqualTo("key-r");
        }
    }

    @Nested
    class Preview {

        @Test
        void aPreviewIsRefusedForAParameterItDoesNotTakeAnItemDraftedTwiceOrAPercentOnANotApplicableDraft()
                throws Exception {
            // Found by the break session: each was taken, the parameter ignored and the last draft of an item counted.
            MockHttpSession session = signIn("auditor");
            String preview = "/console/audits/" + AUDIT + "/preview";
            mvc.perform(post(preview + "?x=1").session(session).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                            .content("{\"items\":[]}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.errors[0].field").value("x"))
                    .andExpect(jsonPath("$.errors[0].code").value("field.unknown"));
            mvc.perform(post(preview).session(session).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                            .content("{\"items\":[{\"clause\":\"5.2.2.3\",\"percent\":80},{\"clause\":\"5.2.2.3\",\"percent\":90}]}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("items[5.2.2.3]"))
                    .andExpect(jsonPath("$.errors[0].code").value("field.duplicate"));
            // The same item by its clause and its code (A1 is 5.1.1.1)
            mvc.perform(post(preview).session(session).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                            .content("{\"items\":[{\"clause\":\"5.1.1.1\",\"percent\":80},{\"clause\":\"A1\",\"notApplicable\":true}]}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("items[A1]"))
                    .andExpect(jsonPath("$.errors[0].code").value("field.duplicate"));
            mvc.perform(post(preview).session(session).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                            .content("{\"items\":[{\"clause\":\"5.2.2.3\",\"notApplicable\":true,\"percent\":50}]}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("items[5.2.2.3]"))
                    .andExpect(jsonPath("$.errors[0].code").value("item.not-applicable"))
                    .andExpect(jsonPath("$.errors[0].arguments.item").value("5.2.2.3"))
                    .andExpect(jsonPath("$.errors[0].arguments.audit").value(AUDIT.value()));
            // The language switch's parameter is the framework's, as on a page; a not applicable draft without a percent counts.
            mvc.perform(post(preview + "?lang=en").session(session).with(csrf()).contentType(MediaType.APPLICATION_JSON)
                            .content("{\"items\":[{\"clause\":\"5.2.2.3\",\"notApplicable\":true,\"percent\":null}]}"))
                    .andExpect(status().isOk());
        }

        @Test
        void theDraftsOnScreenAreScoredByTheSchemesRulesWithoutSavingAnything() throws Exception {
            MockHttpSession session = signIn("auditor");
            String before = mvc.perform(get("/api/audits/" + AUDIT + "/scorecard").with(basic("reviewer")))
                    .andReturn().getResponse().getContentAsString();
            mvc.perform(post("/console/audits/" + AUDIT + "/preview").session(session).with(csrf())
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"items\":[{\"clause\":\"5.2.2.3\",\"percent\":80},{\"clause\":\"A1\",\"notApplicable\":true}]}"))
                    .andExpect(status().isOk())
                    // 1.5 points at 80 % (GB/T 27922 scoring: points x percent / 100); A1 (5.1.1.1) no longer counts.
                    .andExpect(jsonPath("$.earned['5.2.2.3']").value(1.2))
                    .andExpect(jsonPath("$.earned['5.1.1.1']").doesNotExist())
                    .andExpect(jsonPath("$.itemsEarned").value(139.64)); // the seed's 140.895, B8 0.255 less, A1's 1 point out
            assertThat(mvc.perform(get("/api/audits/" + AUDIT + "/scorecard").with(basic("reviewer")))
                    .andReturn().getResponse().getContentAsString()).isEqualTo(before);
        }

        @Test
        void anUnknownItemOrAPercentOutOfRangeIsA400NamingTheDraftAndTheRule() throws Exception {
            MockHttpSession session = signIn("auditor");
            preview(session, "{\"items\":[{\"clause\":\"9.9.9\",\"percent\":80}]}")
                    .andExpect(jsonPath("$.errors[0].field").value("items[9.9.9]"))
                    .andExpect(jsonPath("$.errors[0].code").value("reference.unknown-item"))
                    .andExpect(jsonPath("$.errors[0].arguments.item").value("9.9.9"))
                    .andExpect(jsonPath("$.errors[0].arguments.audit").value(AUDIT.value()));
            preview(session, "{\"items\":[{\"clause\":\"5.1.1.1\",\"percent\":101}]}")
                    .andExpect(jsonPath("$.errors[0].field").value("items[5.1.1.1]"))
                    .andExpect(jsonPath("$.errors[0].code").value("field.max"))
                    .andExpect(jsonPath("$.errors[0].arguments.value").value(100));
            preview(session, "{\"items\":[{\"clause\":\"A1\",\"percent\":-0.5}]}")
                    .andExpect(jsonPath("$.errors[0].field").value("items[A1]"))
                    .andExpect(jsonPath("$.errors[0].code").value("field.min"))
                    .andExpect(jsonPath("$.errors[0].arguments.value").value(0));
            preview(session, "{\"items\":[{\"clause\":\"A1\",\"percent\":80.125}]}")
                    .andExpect(jsonPath("$.errors[0].field").value("items[A1]"))
                    .andExpect(jsonPath("$.errors[0].code").value("field.decimals"))
                    .andExpect(jsonPath("$.errors[0].arguments.fraction").value(2));
            // As the command side's @Decimals counts them: zeros after the last digit that counts are no decimals.
            preview(session, "{\"items\":[{\"clause\":\"A1\",\"percent\":99.9950}]}")
                    .andExpect(jsonPath("$.errors[0].code").value("field.decimals"));
            // Out of range whatever its digits: one error, the range's.
            for (String percent : List.of("1000", "1e400")) {
                preview(session, "{\"items\":[{\"clause\":\"A1\",\"percent\":" + percent + "}]}")
                        .andExpect(jsonPath("$.errors.length()").value(1))
                        .andExpect(jsonPath("$.errors[0].code").value("field.max"));
            }
            // A number that would not fit in memory written out is still a 400, quoted in scientific form.
            for (String percent : List.of("1e999999999", "1e-999999999")) {
                preview(session, "{\"items\":[{\"clause\":\"A1\",\"percent\":" + percent + "}]}")
                        .andExpect(jsonPath("$.errors[0].field").value("items[A1]"));
            }
        }

        @Test
        void aPercentWithAnExponentIsScoredAsTheNumberItIs() throws Exception {
            MockHttpSession session = signIn("auditor");
            // 0e3 is 0, as the command side takes it: 5.2.2.3 earns nothing.
            mvc.perform(post("/console/audits/" + AUDIT + "/preview").session(session).with(csrf())
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"items\":[{\"clause\":\"5.2.2.3\",\"percent\":0e3}]}"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.earned['5.2.2.3']").value(0));
        }

        @Test
        void aPercentWhoseDecimalsBeyondTheSecondAreZerosIsScoredAsTheCommandSideTakesIt() throws Exception {
            MockHttpSession session = signIn("auditor");
            // 5.2.2.3 has 1.5 points: 99.990 % is 99.99 %, which earns 1.499850.
            mvc.perform(post("/console/audits/" + AUDIT + "/preview").session(session).with(csrf())
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"items\":[{\"clause\":\"5.2.2.3\",\"percent\":99.990}]}"))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.earned['5.2.2.3']").value(1.49985));
        }

        @Test
        void aDraftThatIsNullOrHasNoClauseIsA400NamingItsPlace() throws Exception {
            MockHttpSession session = signIn("auditor");
            preview(session, "{\"items\":[{\"clause\":\"A1\",\"percent\":80},null]}")
                    .andExpect(jsonPath("$.errors[0].field").value("items[1]"))
                    .andExpect(jsonPath("$.errors[0].code").value("field.required"));
            preview(session, "{\"items\":[{\"percent\":80}]}")
                    .andExpect(jsonPath("$.errors[0].field").value("items[0].clause"))
                    .andExpect(jsonPath("$.errors[0].code").value("field.required"));
        }

        private org.springframework.test.web.servlet.ResultActions preview(MockHttpSession session, String body) throws Exception {
            return mvc.perform(post("/console/audits/" + AUDIT + "/preview").session(session).with(csrf())
                            .contentType(MediaType.APPLICATION_JSON).content(body))
                    .andExpect(status().isBadRequest());
        }
    }

    @Nested
    class CertificateRegister {

        @Test
        void aRegulatorSeesTheRegisterOnADayAndTheDecisionsOfAPeriodWithTheExportsLinks() throws Exception {
            String path = "/console/certificates?asOf=2022-01-01&from=2021-01-01&to=2021-12-31";
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(page("regulator", path)).contains("data-certificate=\"CTS-2021-0916-2021-SE-1\""));
            String page = page("regulator", path);

            assertThat(page).contains("2022-01-01 的证书", "有效", "十星级", "2024-06-30", "id=\"decision-list\"",
                    "批准认证", "符合要求", "/console/audits/" + DECIDED,
                    "/api/decisions?from=2021-01-01&amp;to=2021-12-31&amp;format=xlsx");
            // An expired certificate has no surveillance due any more.
            assertThat(page("regulator", "/console/certificates?asOf=2024-07-01&status=EXPIRED"))
                    .contains("data-certificate=\"CTS-2021-0916-2021-SE-1\"", "已过期").doesNotContain("2022-06-07");
            assertThat(page("regulator", "/console/certificates?asOf=2022-01-01")).contains("2022-06-07");
            assertThat(page("regulator", "/console/certificates?asOf=2024-07-01&from=2024-01-01&to=2024-07-01&lang=en"))
                    .contains("Expired", "last valid day 2024-06-30 passed", "Certificates on 2024-07-01")
                    .doesNotContain("证书过期");
            assertThat(page("regulator", "/console/certificates?asOf=2022-01-01&status=SUSPENDED"))
                    .doesNotContain("data-certificate=").contains("没有符合条件的证书");
        }

        @Test
        void aRegulatorLandsOnTheDecisionsRecordedLastWhateverDayTheyAreDatedAndMayStillChooseAPeriod() throws Exception {
            // Decided on 2022-06-20 and recorded now, years later: this year's decisions alone would leave it out.
            AuditId audit = AuditId.of(new ProjectNumber("0944-2021-SE"), 1);
            List<AuditEvent> events = scoredAsTheSeed(audit, "A");
            recommendedAndAccepted(audit, events);
            LocalDate decidedOn = LocalDate.of(2022, 6, 20);
            events.add(new CertificateGranted(audit, new Decision(DecisionOutcome.GRANT, "decider", decidedOn, events.size(),
                    new BigDecimal("145.75"), Grade.TEN_STAR, "补录的认证决定"),
                    new Certificate("CTS-2022-0944-2021-SE-1", AuditFixtures.organization().name(), "售后服务", "CTS-ISC-JSGF-06",
                            Grade.TEN_STAR, decidedOn, decidedOn, LocalDate.of(2025, 6, 19), LocalDate.of(2023, 6, 20))));
            appendAndAwaitStatus(audit, events, "DECIDED");
            String today = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).toString();

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(decisions(page("regulator", "/console/certificates")))
                    .contains("补录的认证决定"));
            String landing = decisions(page("regulator", "/console/certificates"));
            assertThat(landing).contains("href=\"/console/audits/" + audit + "\"", "id=\"decisions-recent\"",
                            "最近记录的 " + ConsoleController.RECENT_DECISIONS + " 项决定", " 至 " + today + " 的认证决定和证书变更")
                    .doesNotContain("这段时间没有认证决定或证书变更");
            java.util.regex.Matcher period = java.util.regex.Pattern.compile("<h2>(\\d{4}-\\d{2}-\\d{2}) 至 ").matcher(landing);
            assertThat(period.find()).isTrue();
            assertThat(LocalDate.parse(period.group(1))).isBeforeOrEqualTo(decidedOn);
            assertThat(page("regulator", "/console/certificates?lang=en")).contains("decisions recorded last");
            // A period asked for is the period shown, without the note.
            String chosen = decisions(page("regulator", "/console/certificates?from=" + today + "&to=" + today));
            assertThat(chosen).doesNotContain("补录的认证决定", "id=\"decisions-recent\"")
                    .contains(today + " 至 " + today + " 的认证决定和证书变更");
        }

        @Test
        void anEarlyRenewalShowsThePeriodInForceWithTheRenewedOneNextOnTheRegisterTheCheckAndTheLineage() throws Exception {
            ProjectNumber project = new ProjectNumber("0935-2021-SE");
            AuditId initial = AuditId.of(project, 1);
            AuditId recertification = AuditId.of(project, 2);
            String number = "CTS-2021-0935-2021-SE-1";
            ProjectStream.append(eventStore, "decider", AuditFixtures.earlyRenewal(initial, recertification, number,
                    AuditFixtures.organization().name(), "售后服务",
                    AuditFixtures.organization().name(), "售后服务"));
            String row = "data-certificate=\"" + number + "\"";
            String lineage = "/console/projects/" + project.value() + "/lineage";
            // The lineage and the register are two processors: wait for both.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(page("regulator", lineage))
                    .contains("data-kind=\"RENEWED\""));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    page("regulator", "/console/certificates?asOf=2024-06-01")).contains(row));

            String overlap = rowOf(page("regulator", "/console/certificates?asOf=2024-06-01"), row);
            assertThat(overlap).contains("有效", "十星级", "<span>2024-06-30</span>", "已换证，接续有效期 2024-07-01 至 2027-06-30");
            assertThat(rowOf(page("regulator", "/console/certificates?asOf=2024-06-01&lang=en"), row))
                    .contains("renewed, continues from 2024-07-01 to 2027-06-30");
            assertThat(page("regulator", "/console/certificates?asOf=2024-06-01&dueWithinDays=60"))
                    .as("renewed: not due to expire").doesNotContain(row);
            assertThat(rowOf(page("regulator", "/console/certificates?asOf=2024-05-14&dueWithinDays=60"), row))
                    .as("before the renewal").contains("证书到期").doesNotContain("已换证");
            assertThat(rowOf(page("regulator", "/console/certificates?asOf=2024-07-01"), row))
                    .contains("九星级", "2027-06-30").doesNotContain("已换证");

            String check = "/console/verify/certificate?number=" + number + "&asOf=";
            assertThat(publicPage(check + "2024-06-01")).contains("id=\"certificate-found\"", "2021-07-01 至 2024-06-30",
                    "十星级", "id=\"certificate-next\"",
                    "再认证已于 2024-05-15 批准换证，新有效期 2024-07-01 至 2027-06-30（九星级）");
            assertThat(publicPage(check + "2024-06-01&lang=en")).contains(
                    "Re-certification granted on 2024-05-15: the next validity runs from 2024-07-01 to 2027-06-30 (Nine stars)");
            assertThat(publicPage(check + "2024-07-01")).contains("2024-07-01 至 2027-06-30", "九星级")
                    .doesNotContain("id=\"certificate-next\"");

            String renewal = rowOf(page("regulator", lineage), "data-kind=\"RENEWED\"");
            assertThat(renewal).contains("<td class=\"effective-on\">2024-05-15</td>", "<td class=\"valid-from\">2024-07-01</td>",
                    "2027-06-30");
            assertThat(page("regulator", lineage)).doesNotContain("data-kind=\"EXPIRED\"");
            assertThat(page("regulator", "/console/audits/" + recertification)).contains("有效期 2024-07-01 至 2027-06-30");
        }

        @Test
        void aRenewalUnderANewNameAndScopeShowsTheNameOfEachDayOnTheRegisterAndTheNextOnesOnTheCheck() throws Exception {
            ProjectNumber project = new ProjectNumber("0936-2021-SE");
            AuditId initial = AuditId.of(project, 1);
            AuditId recertification = AuditId.of(project, 2);
            String number = "CTS-2021-0936-2021-SE-1";
            ProjectStream.append(eventStore, "decider", AuditFixtures.earlyRenewal(initial, recertification, number,
                    "呼图壁红木家具厂", "红木家具售后服务",
                    "新疆红木家居股份有限公司", "红木及实木家具售后服务"));
            String row = "data-certificate=\"" + number + "\"";
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    page("regulator", "/console/certificates?asOf=2024-06-01")).contains("新疆红木家居股份有限公司"));

            assertThat(rowOf(page("regulator", "/console/certificates?asOf=2022-01-01"), row))
                    .contains("呼图壁红木家具厂").doesNotContain("新疆红木家居股份有限公司");
            assertThat(rowOf(page("regulator", "/console/certificates?asOf=2024-06-01"), row))
                    .contains("<span>呼图壁红木家具厂</span>", "换证后为 新疆红木家居股份有限公司");
            assertThat(rowOf(page("regulator", "/console/certificates?asOf=2024-06-01&lang=en"), row))
                    .contains("renewed for 新疆红木家居股份有限公司");
            assertThat(rowOf(page("regulator", "/console/certificates?asOf=2024-07-01"), row))
                    .contains("新疆红木家居股份有限公司").doesNotContain("呼图壁", "换证后为");
            assertThat(page("regulator", "/console/certificates?asOf=2022-01-01&organization=" + "股份"))
                    .as("not its name on that day").doesNotContain(row);
            assertThat(page("regulator", "/console/certificates?asOf=2022-01-01&organization=" + "呼图壁")).contains(row);

            String check = "/console/verify/certificate?number=" + number + "&asOf=";
            assertThat(publicPage(check + "2022-01-01")).contains("呼图壁红木家具厂", "红木家具售后服务")
                    .doesNotContain("新疆红木家居股份有限公司", "实木", "id=\"certificate-next");
            String overlap = publicPage(check + "2024-06-01");
            assertThat(overlap).contains("<dd>呼图壁红木家具厂</dd>", "<dd>红木家具售后服务</dd>", "换证后的组织名称",
                    "<dd id=\"certificate-next-organization\">新疆红木家居股份有限公司</dd>",
                    "<dd id=\"certificate-next-scope\">红木及实木家具售后服务</dd>")
                    .doesNotContain("id=\"certificate-next-scheme\"");
            assertThat(publicPage(check + "2024-06-01&lang=en")).contains("Organization after renewal", "Scope after renewal");
            assertThat(publicPage(check + "2024-07-01")).contains("<dd>新疆红木家居股份有限公司</dd>",
                    "<dd>红木及实木家具售后服务</dd>").doesNotContain("呼图壁", "id=\"certificate-next");
        }

        @Test
        void afterTheCyclesSecondSurveillanceTheRegisterTheLineageTheAuditAndTheNextAuditAllSayReCertification()
                throws Exception {
            // Both surveillances maintained, the second as the command side recorded it before the rule: its next
            // surveillance due by 2024-05-11, in the certificate's last year (from 2023-07-01), which is the
            // re-certification's (ISO/IEC 17021-1 9.1.3).
            ProjectNumber project = new ProjectNumber("0945-2021-SE");
            AuditId initial = AuditId.of(project, 1);
            AuditId first = AuditId.of(project, 2);
            AuditId second = AuditId.of(project, 3);
            String number = "CTS-2021-0945-2021-SE-1";
            LocalDate grantedOn = LocalDate.of(2021, 7, 1);
            ProjectStream.append(eventStore, "decider", List.of(
                    AuditFixtures.opened(initial, AuditType.INITIAL, null, AuditFixtures.SEED_ON_SITE_FROM,
                            AuditFixtures.SEED_ON_SITE_TO),
                    new CertificateGranted(initial, new Decision(DecisionOutcome.GRANT, "decider", grantedOn, 1,
                            new BigDecimal("145.75"), Grade.TEN_STAR, "符合要求"),
                            new Certificate(number, AuditFixtures.organization().name(), "售后服务", "CTS-ISC-JSGF-06",
                                    Grade.TEN_STAR, grantedOn, grantedOn, LocalDate.of(2024, 6, 30), LocalDate.of(2022, 6, 7))),
                    AuditFixtures.opened(first, AuditType.SURVEILLANCE, initial, LocalDate.of(2022, 5, 10),
                            LocalDate.of(2022, 5, 11)),
                    new org.certaudit.audit.CertificateMaintained(first, new Decision(DecisionOutcome.MAINTAIN, "decider",
                            LocalDate.of(2022, 6, 20), 3, new BigDecimal("145.75"), Grade.TEN_STAR, "监督审查符合要求"),
                            number, LocalDate.of(2023, 5, 11)),
                    AuditFixtures.opened(second, AuditType.SURVEILLANCE, first, LocalDate.of(2023, 5, 10),
                            LocalDate.of(2023, 5, 11)),
                    new org.certaudit.audit.CertificateMaintained(second, new Decision(DecisionOutcome.MAINTAIN, "decider",
                            LocalDate.of(2023, 6, 20), 5, new BigDecimal("145.75"), Grade.TEN_STAR, "监督审查符合要求"),
                            number, LocalDate.of(2024, 5, 11))));
            String row = "data-certificate=\"" + number + "\"";
            String lineage = "/console/projects/" + project.value() + "/lineage";
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(page("regulator", lineage))
                    .contains("监督审查符合要求").containsPattern("data-kind=\"MAINTAINED\"(?s).*data-kind=\"MAINTAINED\""));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    page("regulator", "/console/certificates?asOf=2023-07-01")).contains(row));

            assertThat(rowOf(page("regulator", "/console/certificates?asOf=2023-07-01"), row))
                    .contains("data-next-audit=\"RECERTIFICATION\"", "再认证，应于 2024-06-30 前作出认证决定")
                    .doesNotContain("2024-05-11", "已逾期");
            assertThat(rowOf(page("regulator", "/console/certificates?asOf=2023-07-01&lang=en"), row))
                    .contains("re-certification, decided by 2024-06-30");
            assertThat(rowOf(page("regulator", "/console/certificates?asOf=2024-05-20&dueWithinDays=60"), row))
                    .contains("再认证 / 证书到期").doesNotContain("监督审查", "已逾期");
            // As of a day before the second decision: the first one's surveillance, overdue.
            assertThat(rowOf(page("regulator", "/console/certificates?asOf=2023-06-01"), row))
                    .contains("data-next-audit=\"SURVEILLANCE\"", "监督审查，应于 2023-05-11 前进行", "已逾期");

            String lineagePage = page("regulator", lineage);
            assertThat(lineagePage.substring(lineagePage.lastIndexOf("data-kind=\"MAINTAINED\"")))
                    .contains("<td class=\"next-audit\" data-next-audit=\"RECERTIFICATION\">再认证，应于 2024-06-30 前作出认证决定</td>");
            assertThat(page("regulator", "/console/audits/" + second)).contains("下次审查：再认证，应于 2024-06-30 前作出认证决定")
                    .doesNotContain("2024-05-11");
            assertThat(page("regulator", "/console/audits/" + second + "?lang=en"))
                    .contains("next audit: re-certification, decided by 2024-06-30");

            assertThat(page("admin", "/console/audits/new?predecessor=" + second))
                    .as("no day yet: the form starts with what the latest decision left next")
                    .contains("<option value=\"RECERTIFICATION\" selected=\"selected\">").doesNotContain("data-suggested-type=\"");
            String open = page("admin", "/console/audits/new?predecessor=" + second + "&onSiteFrom=2024-03-01");
            assertThat(open).contains("<option value=\"RECERTIFICATION\" selected=\"selected\">",
                    "data-suggested-type=\"RECERTIFICATION\"",
                    "证书 " + number + " 在 2024-03-01 的状态为有效（有效至 2024-06-30），在其最后一年（再认证年）之前已无到期的监督审查："
                            + "本认证周期的监督审查已完成（ISO/IEC 17021-1 9.1.3），建议再认证，于 2024-06-30 前作出认证决定，"
                            + "在有效期结束前换证（ISO/IEC 17021-1 9.6.3）。");
            assertThat(page("admin", "/console/audits/new?predecessor=" + second + "&onSiteFrom=2024-03-01&lang=en"))
                    .contains("and a re-certification is suggested, decided by 2024-06-30 to renew the certificate");
        }

        /** The table row (up to its end) that holds {@code marker}. */
        static String rowOf(String page, String marker) {
            int at = page.indexOf(marker);
            assertThat(at).as(marker).isNotNegative();
            return page.substring(at, page.indexOf("</tr>", at));
        }

        private String publicPage(String path) throws Exception {
            return mvc.perform(get(path)).andExpect(status().isOk()).andReturn().getResponse()
                    .getContentAsString(StandardCharsets.UTF_8);
        }

        @Test
        void anAuditorSeesTheRegisterButNotTheDecisionsExport() throws Exception {
            String page = page("auditor", "/console/certificates?asOf=2022-05-01&dueWithinDays=60");
            assertThat(page).contains("id=\"certificate-list\"").doesNotContain("id=\"decisions\"", "id=\"r-from\"");
        }

        @Test
        void aBadFilterIsA400PageNamingIt() throws Exception {
            // A reader who is not shown the decisions is told of a malformed period all the same.
            for (String user : List.of("regulator", "reviewer")) {
                MockHttpSession session = signIn(user);
                for (String query : List.of("dueWithinDays=abc", "dueWithinDays=9999", "status=NOPE", "asOf=2022-13-01",
                        "from=2022-02-01&to=2022-01-01", "from=x")) {
                    String body = mvc.perform(get("/console/certificates?" + query).session(session))
                            .andExpect(status().isBadRequest()).andReturn().getResponse()
                            .getContentAsString(StandardCharsets.UTF_8);
                    assertThat(body).as(user + " " + query).containsPattern("data-code=\"(field|period)\\.");
                }
            }
        }
    }

    @Nested
    class AuditPage {

        @Test
        void aReaderSeesTheWholeSheetWithNothingToChange() throws Exception {
            String page = page("reviewer", "/console/audits/" + AUDIT);
            assertThat(count(page, "<tr class=\"item\"")).isEqualTo(94);
            assertThat(page).doesNotContain("class=\"save\"", "id=\"recommend\"", "id=\"assign-member\"", "id=\"sign-pledge\"");
            assertThat(page).contains("id=\"link-as-of\"", "id=\"link-trail\"", "id=\"link-lineage\"");
            assertThat(page).as("no request for /favicon.ico, which would need a sign-in")
                    .contains("<link rel=\"icon\" href=\"data:,\">");
        }

        @Test
        void pagesAnswerTheAcceptHeadersBrowsersSendAndAnything() throws Exception {
            MockHttpSession session = signIn("reviewer");
            for (String path : List.of("/console/audits", "/console/audits/" + AUDIT, "/console/certificates")) {
                for (String accept : List.of("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
                        "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8", "*/*")) {
                    mvc.perform(get(path).session(session).header("Accept", accept))
                            .andExpect(status().isOk()).andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML));
                }
            }
        }

        @Test
        void offersEachDownloadOnceInItsOwnWordsTheEvidenceBundleIncluded() throws Exception {
            String base = "href=\"/api/audits/" + AUDIT;
            String page = page("reviewer", "/console/audits/" + AUDIT);
            assertThat(page).contains(base + "/report.html\"", base + "/report.pdf\"", base + "/scorecard.xlsx\"",
                            base + "/scorecard.csv\"", base + "/evidence\"", "下载报告（PDF）", "下载证据包（供离线验证）")
                    .as("the negotiating report beside its two formats").doesNotContain(base + "/report\"");
            assertThat(page).as("the evidence bundle is saved under the audit's name")
                    .contains(base + "/evidence\" class=\"download\" download=\"" + AUDIT + "-evidence.json\"");
            assertThat(page("reviewer", "/console/audits/" + AUDIT + "?lang=en"))
                    .contains("Report (HTML)", "Scorecard (Excel)", "Evidence bundle (offline verification)");
            for (Download download : links.downloads(AUDIT.toString())) {
                for (java.util.Locale language : List.of(java.util.Locale.CHINESE, java.util.Locale.ENGLISH)) {
                    assertThat(messages.getMessage("download." + download.name(), null, null, language))
                            .as(download.name() + " in " + language).isNotBlank();
                }
            }
        }

        @Test
        void theSignedLeaderScoresAndRecommendsTheUnsignedAuditorSignsFirstTheAdminManagesTheTeam() throws Exception {
            String leader = page("leader", "/console/audits/" + AUDIT);
            assertThat(count(leader, "class=\"save\"")).isEqualTo(94);
            assertThat(leader).contains("id=\"recommend\"").doesNotContain("id=\"sign-pledge\"");
            // The special-item form says what an item costs, before one is recorded.
            assertThat(leader).contains("id=\"special-rule\"", "每项特别扣分项从总分中扣 1 分，有 5 项及以上（未撤销）时不予定级");
            assertThat(leader).as("no findings recorded yet: the recommendation's form says what the report will lack")
                    .contains("id=\"recommend-no-findings\"", "尚未记录优势和改进建议：报告的第（3）、（4）部分将为空。");

            String auditor = page("auditor", "/console/audits/" + AUDIT);
            assertThat(auditor).contains("id=\"sign-pledge\"").doesNotContain("class=\"save\"", "id=\"recommend\"");

            String admin = page("admin", "/console/audits/" + AUDIT);
            assertThat(admin).contains("id=\"assign-member\"").doesNotContain("class=\"save\"");
            // Whoever was on a team before is offered by name, with what the latest team recorded of them.
            assertThat(admin).contains("<datalist id=\"known-members\">", "id=\"known-members-hint\"",
                    "value=\"李雅宁\"", "data-registration=\"DEMO-0001\"", "data-user=\"leader\"");
            assertThat(auditor).doesNotContain("<datalist id=\"known-members\">");
        }

        @Test
        void aMemberRemovedFromTheTeamStaysOnThePageStruckThroughWithWhenByWhomAndWhy() throws Exception {
            String page = page("regulator", "/console/audits/" + DECIDER_TOOK_PART);
            assertThat(page).contains("id=\"former-members\"", "已移出审查组", "<s>C 测试决定人</s>",
                    "（组员，注册证书号 DEMO-0003，登录用户名 decider）", " 由 leader 移出，原因：利益冲突")
                    .containsPattern("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} \\+08:00 由 leader 移出");
            assertThat(page("regulator", "/console/audits/" + DECIDER_TOOK_PART + "?lang=en"))
                    .contains("Removed from the team", "by leader, reason: 利益冲突");
            assertThat(page("regulator", "/console/audits/" + AUDIT)).doesNotContain("id=\"former-members\"");
            // The API keeps them apart from the team as it stands, which every earlier client reads as before.
            mvc.perform(get("/api/audits/" + DECIDER_TOOK_PART).with(httpBasic("regulator", "regulator-pass")))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.team[*].code").value(org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem("C"))))
                    .andExpect(jsonPath("$.formerMembers[0].member.code").value("C"))
                    .andExpect(jsonPath("$.formerMembers[0].member.name").value("测试决定人"))
                    .andExpect(jsonPath("$.formerMembers[0].member.userName").value("decider"))
                    .andExpect(jsonPath("$.formerMembers[0].roleLabel").value("组员"))
                    .andExpect(jsonPath("$.formerMembers[0].removedBy").value("leader"))
                    .andExpect(jsonPath("$.formerMembers[0].reason").value("利益冲突"))
                    .andExpect(jsonPath("$.formerMembers[0].removedAt").isString());
        }

        @Test
        void theSpecialItemFormOffersTheApplicableClausesAndListsTheNotApplicableOnesWithTheirReasonNotToBePicked()
                throws Exception {
            String form = elementOf(page("leader", "/console/audits/" + AUDIT), "id=\"record-special\"");
            // The seed marks four items not applicable (不涉及), which the command side refuses a special item on
            // (409 special.item-not-applicable): listed with the reason, disabled, and the form says why.
            assertThat(count(form, "<option value=\"5.")).isEqualTo(94);
            assertThat(count(form, " disabled")).isEqualTo(4);
            for (String clause : List.of("5.2.5.4", "5.2.5.5", "5.2.6.1", "5.2.6.2")) {
                String quoted = java.util.regex.Pattern.quote(clause);
                assertThat(form).containsPattern("<option value=\"" + quoted + "\"\\s+data-label=\"" + quoted
                        + " [^\"]+\"\\s+disabled=\"disabled\">" + quoted + " [^<]+（不涉及：不涉及）</option>");
            }
            assertThat(form)
                    .containsPattern("<option value=\"5\\.3\\.3\\.2\"\\s+data-label=\"5\\.3\\.3\\.2 [^\"]+\">5\\.3\\.3\\.2 [^<（]+</option>")
                    .contains("<option value=\"\">（不指定条款：仅特别加分项可不指定）</option>",
                            "aria-describedby=\"s-clause-hint\"", "只列出适用的条款：标为不涉及的条款不计分，不能对其记特别项");
            assertThat(elementOf(page("leader", "/console/audits/" + AUDIT + "?lang=en"), "id=\"record-special\""))
                    .contains("Only applicable items are offered", "(not applicable: 不涉及)</option>");
        }

        @Test
        void anItemChangedAndChangedBackDiffersInNoScoreWhileTheTrailTheConflictPanelReadsListsItsChanges()
                throws Exception {
            AuditId audit = AuditId.of(new ProjectNumber("0947-2021-SE"), 1);
            long loaded = ProjectStream.append(eventStore, "leader", scoredAsTheSeed(audit, "A"));
            org.certaudit.scheme.Percent seed = SeedReport.itemResults().get("5.3.1.1").percent();
            org.certaudit.scheme.Percent other = org.certaudit.scheme.Percent.of(70);
            long current = ProjectStream.append(eventStore, "leader", List.of(
                    new org.certaudit.audit.ItemScoreRevised(audit, "5.3.1.1", seed, other, "现场复核", "组长复核"),
                    new org.certaudit.audit.ItemScoreRevised(audit, "5.3.1.1", other, seed, "现场复核", "恢复原评分")));
            String trail = "/api/audits/" + audit + "/events?clause=5.3.1.1";
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> mvc.perform(get(trail).with(basic("reviewer")))
                    .andExpect(jsonPath("$.totalElements").value(3)));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> mvc.perform(get("/api/audits/" + audit
                            + "/scorecard").with(basic("reviewer")))
                    .andExpect(jsonPath("$.version").value((int) current)));
            // The scores between the row's version and now: the same, so no difference names the item.
            mvc.perform(get("/api/audits/" + audit + "/scorecard/diff?from=" + loaded + "&to=" + current)
                            .with(basic("reviewer")))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.items").isEmpty());
            // The trail still has both changes after the row's version, by whom, with the clause: what the panel lists
            // the item by.
            mvc.perform(get(trail).with(basic("reviewer")))
                    .andExpect(jsonPath("$.content[1].type").value("ItemScoreRevised"))
                    .andExpect(jsonPath("$.content[1].sequenceNumber").value((int) loaded + 1))
                    .andExpect(jsonPath("$.content[1].payload.clause").value("5.3.1.1"))
                    .andExpect(jsonPath("$.content[1].payload.percent").value(70))
                    .andExpect(jsonPath("$.content[1].user").value("leader"))
                    .andExpect(jsonPath("$.content[2].sequenceNumber").value((int) current))
                    .andExpect(jsonPath("$.content[2].payload.clause").value("5.3.1.1"))
                    .andExpect(jsonPath("$.content[2].payload.reason").value("恢复原评分"));
            // The panel's words for it, in both bundles.
            assertThat(page("leader", "/console/audits/" + audit + "?lang=en"))
                    .contains("\"js.conflict.item.same\":\"Clause {0}: changed since it was loaded, and now {1} as it was then\"");
            assertThat(messages.getMessage("js.conflict.item.same", new Object[] {"5.3.1.1", "80%"},
                    java.util.Locale.SIMPLIFIED_CHINESE)).isEqualTo("条款 5.3.1.1：载入后有过修改，现为 80%，与载入时相同");
        }

        @Test
        void theSheetFollowsTheAuditWithTheSessionAndHasBothBundlesWordsForSomeoneElsesChange() throws Exception {
            String chinese = page("leader", "/console/audits/" + AUDIT);
            String english = page("leader", "/console/audits/" + AUDIT + "?lang=en");
            // The scripts' texts travel as JSON with Chinese escaped, the button's as HTML.
            assertThat(chinese).contains("id=\"live-change\"", "刷新查看最新版本", "\"js.live.summary\":");
            assertThat(english).contains("id=\"live-change\"", "Reload to see the change",
                    "someone else has changed the audit to version {1}");

            MockHttpSession session = signIn("leader");
            org.springframework.test.web.servlet.MvcResult stream = mvc.perform(get("/api/audits/" + AUDIT + "/scorecard/updates")
                            .session(session).with(sessionCookie(session)).accept(MediaType.TEXT_EVENT_STREAM))
                    .andExpect(org.springframework.test.web.servlet.result.MockMvcResultMatchers.request().asyncStarted())
                    .andReturn();
            assertThat(stream.getResponse().getContentAsString()).contains("event:scorecard", "\"auditId\":\"" + AUDIT + "\"");
            stream.getRequest().getAsyncContext().complete();
        }

        @Test
        void theAuditAndItsLineageShowTheTechnicalReviewAndTheDecisionWithWhoWhenAndWhy() throws Exception {
            String decided = page("regulator", "/console/audits/" + DECIDED);
            assertThat(decided).contains("id=\"certification\"", "2021-06-20，评审人 周文博（reviewer）：通过",
                    "2021-07-01，决定人 吴思远（decider）：批准认证", "总分 145.75，十星级", "决定理由：符合要求");
            assertThat(page("regulator", "/console/audits/" + DECIDED + "?lang=en"))
                    .contains("2021-06-20, reviewer 周文博 (reviewer): Accepted", "2021-07-01, decider 吴思远 (decider): Grant",
                            "Reason: 符合要求");
            assertThat(page("regulator", "/console/projects/" + DECIDED.projectNumber().value() + "/lineage"))
                    .contains("2021-06-20，评审人 周文博（reviewer）：通过", "决定理由：符合要求");
            // The trail names a user who is no team member by the person's name too, where the body lists it.
            AuditId byStaff = AuditId.of(new ProjectNumber("0931-2021-SE"), 1);
            ProjectStream.append(eventStore, "reviewer", List.of(AuditFixtures.seedScoredAs(byStaff).get(0)));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                    page("regulator", "/console/audits/" + byStaff + "/trail")).contains("<small class=\"person\">周文博</small>"));
            assertThat(page("regulator", "/console/audits/" + AUDIT)).contains("尚无技术评审或认证决定。")
                    .doesNotContain("class=\"decision\"");
        }

        @Test
        void aSuspensionPastItsPlannedEndIsFlaggedOnTheLineageAndTheSuspendingAuditUntilARestorationEndsIt()
                throws Exception {
            ProjectNumber project = new ProjectNumber("0932-2021-SE");
            AuditId initial = AuditId.of(project, 1);
            AuditId surveillance = AuditId.of(project, 2);
            String number = "CTS-2021-0932-2021-SE-1";
            // Dates around the console's today, so that the certificate is still within its validity.
            LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
            LocalDate grantedOn = today.minusDays(400);
            LocalDate lastDayOfSuspension = today.minusDays(10);
            ProjectStream.append(eventStore, "decider", List.of(
                    AuditFixtures.opened(initial, AuditType.INITIAL, null, grantedOn.minusDays(30), grantedOn.minusDays(29)),
                    new CertificateGranted(initial, new Decision(DecisionOutcome.GRANT, "decider", grantedOn, 1,
                            new BigDecimal("145.75"), Grade.TEN_STAR, "符合要求"),
                            new Certificate(number, AuditFixtures.organization().name(), "售后服务", "CTS-ISC-JSGF-06",
                                    Grade.TEN_STAR, grantedOn, grantedOn, grantedOn.plusYears(3).minusDays(1),
                                    grantedOn.plusYears(1))),
                    AuditFixtures.opened(surveillance, AuditType.SURVEILLANCE, initial, today.minusDays(120),
                            today.minusDays(119)),
                    new CertificateSuspended(surveillance, new Decision(DecisionOutcome.SUSPEND, "decider",
                            today.minusDays(100), 3, new BigDecimal("120.00"), Grade.NOT_GRADED, "投诉处理制度未有效运行"),
                            number, lastDayOfSuspension, null)));
            String lineage = "/console/projects/" + project.value() + "/lineage";
            String flag = "暂停期已届满，尚待作出恢复或撤销认证的决定";
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(page("regulator", lineage))
                    .contains("id=\"suspension-overdue\"", flag, lastDayOfSuspension.toString()));
            assertThat(page("regulator", lineage + "?lang=en"))
                    .contains("the suspension has ended: awaiting the decision to restore or withdraw the certificate");
            assertThat(page("regulator", "/console/audits/" + surveillance)).contains("id=\"suspension-overdue\"", flag);
            assertThat(page("regulator", "/console/audits/" + initial)).doesNotContain("suspension-overdue");
            assertThat(page("regulator", "/console/projects/" + DECIDED.projectNumber().value() + "/lineage"))
                    .doesNotContain("suspension-overdue");

            ProjectStream.append(eventStore, "decider", List.of(
                    new CertificateRestored(surveillance, number, "decider", today.minusDays(1), "整改验证通过")));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(page("regulator", lineage))
                    .contains("data-kind=\"RESTORED\"").doesNotContain("suspension-overdue", flag));
            assertThat(page("regulator", "/console/audits/" + surveillance)).doesNotContain("suspension-overdue");
            // Each change says who decided it, why, and when it was recorded, on the body's clock.
            String restored = CertificateRegister.rowOf(page("regulator", lineage), "data-kind=\"RESTORED\"");
            assertThat(restored).contains("<span class=\"decider\">吴思远（decider）</span>", "<span class=\"reason\">整改验证通过</span>")
                    .containsPattern("<td class=\"recorded-at\">\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} \\+08:00</td>");
            assertThat(CertificateRegister.rowOf(page("regulator", lineage), "data-kind=\"SUSPENDED\""))
                    .contains("<span class=\"reason\">投诉处理制度未有效运行</span>");
            assertThat(page("regulator", "/console/audits/" + surveillance))
                    .contains("决定人 吴思远（decider），理由：投诉处理制度未有效运行，记录于 ");
            String decisions = page("regulator", "/console/certificates?from=" + today.minusDays(100) + "&to=" + today);
            assertThat(decisions).containsPattern(
                    "<td class=\"recorded-at\">\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} \\+08:00</td>");
        }

        @Test
        void anAddressThatIsNoPageIsTheConsolesNotFoundPageInABrowserAndAProblemForJson() throws Exception {
            MockHttpSession session = signIn("regulator");
            for (String path : List.of("/console/projects/" + PROJECT.value(), "/console/audits/" + AUDIT + "/items/5.2.2.3")) {
                String page = mvc.perform(get(path).session(session)
                                .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"))
                        .andExpect(status().isNotFound()).andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
                        .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
                assertThat(page).as(path).contains("<h1>无法完成</h1>", "data-kind=\"not-found\"", "<strong>未找到</strong>",
                                "控制台没有此页面：" + path, "/console/assets/console.css", "用户 regulator（监管人员）",
                                "<a href=\"/console/audits\">返回审查列表</a>")
                        .doesNotContain("swagger");
                mvc.perform(get(path).session(session).accept(MediaType.APPLICATION_JSON)).andExpect(status().isNotFound())
                        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                        .andExpect(jsonPath("$.title").value("No such endpoint"));
            }
            String english = mvc.perform(get("/console/projects/" + PROJECT.value()).session(session)
                            .cookie(new jakarta.servlet.http.Cookie("certaudit-lang", "en")).accept(MediaType.TEXT_HTML))
                    .andExpect(status().isNotFound()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
            assertThat(english).contains("The console has no page at /console/projects/" + PROJECT.value(), "Back to the audits");
        }

        @Test
        void anAddressThatIsNoPageWithALanguageNoneOfTheConsolesIsStillTheNotFoundPageInABrowser() throws Exception {
            // Found by the break session: a bad lang on such an address was a 400 problem, where a page gives its 400 page.
            MockHttpSession session = signIn("regulator");
            String path = "/console/audits/" + AUDIT + "/items/5.2.2.3";
            var answer = mvc.perform(get(path).param("lang", "xx").session(session).accept(MediaType.TEXT_HTML))
                    .andExpect(status().isNotFound()).andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
                    .andReturn().getResponse();
            assertThat(answer.getContentAsString(StandardCharsets.UTF_8)).contains("控制台没有此页面：" + path);
            assertThat(answer.getCookie("certaudit-lang")).isNull();
            mvc.perform(get("/console/audits/" + AUDIT).param("lang", "xx").session(session).accept(MediaType.TEXT_HTML))
                    .andExpect(status().isBadRequest()).andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML));
        }

        @Test
        void everyTotalIsPrintedWithTwoDecimalsAsGbT27922GivesIt() throws Exception {
            // The seed's scores with 5.1.1.1 at 95 % instead of 100 % total 145.70; the recommendation, the review and
            // the decision carry the total as 145.7, a scale the pages once printed as it came.
            AuditId audit = AuditId.of(new ProjectNumber("0933-2021-SE"), 1);
            Map<String, org.certaudit.scheme.ItemResult> results = new java.util.LinkedHashMap<>(SeedReport.itemResults());
            results.put("5.1.1.1", org.certaudit.scheme.ItemResult.scored(org.certaudit.scheme.Percent.of(95)));
            List<AuditEvent> events = new ArrayList<>(scoredAsTheSeed(audit, "A").subList(0, 4));
            events.addAll(AuditFixtures.itemEvents(audit, results));
            long scored = events.size() - 1;
            BigDecimal total = new BigDecimal("145.7");
            LocalDate decidedOn = LocalDate.of(2021, 7, 1);
            events.add(new GradeRecommended(audit, total, Grade.TEN_STAR, LocalDate.of(2021, 6, 7)));
            events.add(new TechnicalReviewAccepted(audit, "reviewer", LocalDate.of(2021, 6, 20), total, Grade.TEN_STAR, null));
            events.add(new CertificateGranted(audit, new Decision(DecisionOutcome.GRANT, "decider", decidedOn, events.size() - 1,
                    total, Grade.TEN_STAR, "符合要求"),
                    new Certificate("CTS-2021-0933-2021-SE-1", AuditFixtures.organization().name(), "售后服务", "CTS-ISC-JSGF-06",
                            Grade.TEN_STAR, decidedOn, decidedOn, LocalDate.of(2024, 6, 30), LocalDate.of(2022, 6, 7))));
            appendAndAwaitStatus(audit, events, "DECIDED");

            // The status is the audits projection's; the scorecard and the lineage are projections of their own, which
            // may not have the decision yet: each page is read until it has it.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(page("regulator", "/console/audits/" + audit))
                    .contains("<strong id=\"total\">145.70</strong>", "已推荐：总分 145.70，",
                            "<span id=\"computed-total\">145.70</span>", "总分 145.70，十星级")
                    .doesNotContain("145.7<", "145.7，"));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                            page("regulator", "/console/projects/" + audit.projectNumber().value() + "/lineage"))
                    .contains("<strong class=\"lineage-total\">145.70</strong>", "总分 145.70，十星级")
                    .doesNotContain("145.7<", "145.7，"));
            assertThat(page("regulator", "/console/audits/" + audit + "/as-of?version=" + scored + "&compare=" + (scored - 1)))
                    .contains("<strong id=\"total\">145.70</strong>", "总分 145.70（十星级）→ ");
        }

        @Test
        void theSheetAsOfAVersionShowsItsSpecialItemsAndTheComparisonTheOnesRecordedOrWithdrawnSince() throws Exception {
            AuditId audit = AuditId.of(new ProjectNumber("0941-2021-SE"), 1);
            List<AuditEvent> events = scoredAsTheSeed(audit, "A");
            for (int n = 1; n <= 5; n++) {
                events.add(new SpecialItemRecorded(audit, "S" + n, SpecialItemKind.DEDUCTION, "投诉 2021-" + n + " 未答复",
                        "5.3.3.2", "投诉记录第 " + n + " 件"));
            }
            long fiveDeductions = ProjectStream.append(eventStore, "leader", events);
            List<AuditEvent> later = new ArrayList<>();
            for (int n = 1; n <= 5; n++) {
                later.add(new SpecialItemWithdrawn(audit, "S" + n, "复核后确认已在期限内答复"));
            }
            long withdrawn = ProjectStream.append(eventStore, "leader", later);
            String path = "/console/audits/" + audit + "/as-of?version=" + fiveDeductions + "&compare=" + withdrawn;
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(page("regulator", path))
                    .contains("版本 " + fiveDeductions + " 时的特别项"));

            String page = page("regulator", path);
            // At the version: five deductions, ungraded; the comparison lists their withdrawal, not "no difference".
            assertThat(page).contains("扣分项 5 个 · 加分项 0 个", "投诉 2021-1 未答复", "投诉 2021-5 未答复", "投诉记录第 3 件",
                    "其间记录或撤销的特别项", "已撤销：复核后确认已在期限内答复", "评分项没有差异；特别项的变化见下。",
                    "（不予定级）→ 145.75（十星级）")
                    .doesNotContain("没有差异。");
            assertThat(count(page, "data-special=\"S1\"")).as("in the sheet at the version and in the comparison").isEqualTo(2);
            assertThat(page("regulator", path + "&lang=en")).contains("Special items at version " + fiveDeductions,
                    "Special items recorded or withdrawn in between", "withdrawn: 复核后确认已在期限内答复");
            // Compared with itself, nothing differs.
            assertThat(page("regulator", "/console/audits/" + audit + "/as-of?version=" + withdrawn + "&compare=" + withdrawn))
                    .contains("没有差异。", "扣分项 0 个 · 加分项 0 个", "已撤销：复核后确认已在期限内答复");
            mvc.perform(get("/api/audits/" + audit + "/scorecard/diff").param("from", "" + fiveDeductions)
                            .param("to", "" + withdrawn).with(basic("regulator")))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.items").isEmpty())
                    .andExpect(jsonPath("$.specialItems.length()").value(5))
                    .andExpect(jsonPath("$.specialItems[0].id").value("S1"))
                    .andExpect(jsonPath("$.specialItems[0].kind").value("DEDUCTION"))
                    .andExpect(jsonPath("$.specialItems[0].clause").value("5.3.3.2"))
                    .andExpect(jsonPath("$.specialItems[0].before.withdrawn").value(false))
                    .andExpect(jsonPath("$.specialItems[0].after.withdrawn").value(true))
                    .andExpect(jsonPath("$.from.deductions").value(5))
                    .andExpect(jsonPath("$.to.deductions").value(0));
        }

        @Test
        void theVersionsOfAnAuditThatIsNotItsProjectsFirstBeginAtItsOpeningAndOneBeforeIsSaidInVersions() throws Exception {
            // Versions are the project stream's sequence numbers: the first audit takes 0 to 4, the second opens at 5.
            ProjectNumber project = new ProjectNumber("0920-2021-SE");
            AuditId first = AuditId.of(project, 1);
            AuditId second = AuditId.of(project, 2);
            List<AuditEvent> events = new ArrayList<>(AuditFixtures.openedThenScored(first, 0, 5));
            events.add(AuditFixtures.opened(second, AuditType.SURVEILLANCE, first, LocalDate.of(2022, 6, 5), LocalDate.of(2022, 6, 7)));
            events.add(new org.certaudit.audit.ItemScored(second, "5.2.1.1", org.certaudit.scheme.Percent.of(90), "checked"));
            events.add(new org.certaudit.audit.ItemScored(second, "5.2.1.2", org.certaudit.scheme.Percent.of(80), "checked"));
            ProjectStream.append(eventStore, "leader", events);
            String asOf = "/console/audits/" + second + "/as-of";
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(page("reviewer", asOf))
                    .contains("版本（5 至 7）", "min=\"5\"", "max=\"7\""));

            MockHttpSession session = signIn("reviewer");
            String before = mvc.perform(get(asOf).param("version", "3").session(session)).andExpect(status().isNotFound())
                    .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
            assertThat(before).contains("审查 " + second + " 从版本 5 开始", "版本 3 时尚无此审查", "请选择版本 5 或之后的版本",
                    "href=\"" + asOf + "\"").doesNotContain("尚未开启", "记录时间");
            assertThat(page("reviewer", asOf + "?version=6&compare=2")).contains("无法与版本 2 比较：审查从版本 5 开始。");
            assertThat(page("reviewer", asOf + "?version=5")).contains("显示版本 5 时的评分表");
            String english = mvc.perform(get(asOf).param("version", "3").param("lang", "en").session(session))
                    .andExpect(status().isNotFound()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
            assertThat(english).contains("Audit " + second + " begins at version 5", "at version 3 there was no such audit yet",
                    "the project&#39;s stream");
        }

        @Test
        void aMomentBeforeTheAuditWasOpenedSaysWhenItWasOpenedInThePagesWordsAndLeadsBackToTheForm() throws Exception {
            MockHttpSession session = signIn("reviewer");
            String page = mvc.perform(get("/console/audits/" + AUDIT + "/as-of").param("at", "2021-06-20T10:00:00Z")
                            .session(session)).andExpect(status().isNotFound())
                    .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
            assertThat(page).contains("审查 " + AUDIT + " 在 2021-06-20 18:00:00 +08:00 尚未开启",
                            "它于 " + shanghai(openedAt(AUDIT)) + " 开启", "按事件的记录时间计",
                            "href=\"/console/audits/" + AUDIT + "/as-of\"", "用户 reviewer（技术评审人员）")
                    .doesNotContain("was not opened yet", "T10:00:00Z");
        }

        @Test
        void thePickersMomentIsReadOnTheCertificationBodysClockAndShownWithItsOffset() throws Exception {
            Instant opened = openedAt(AUDIT);
            // An hour before the audit was opened on the body's clock: seven hours after it if it were read as UTC.
            String before = picker(opened.minus(Duration.ofHours(1)));
            MockHttpSession session = signIn("reviewer");
            mvc.perform(get("/console/audits/" + AUDIT + "/as-of").param("at", before).session(session))
                    .andExpect(status().isNotFound());

            // A moment after it (now, to the second, which is no later than the server's now).
            Instant later = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            String page = mvc.perform(get("/console/audits/" + AUDIT + "/as-of").param("at", picker(later))
                            .session(session)).andExpect(status().isOk())
                    .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
            assertThat(page).contains("日期时间（中国时间）", "data-value=\"" + picker(later) + "\"",
                    "value=\"" + picker(later) + "\"", shanghai(later));

            // A moment that has not come yet: what it would show could still change.
            mvc.perform(get(java.net.URI.create("/console/audits/" + AUDIT + "/as-of?at="
                            + picker(later.plus(Duration.ofHours(1))).substring(0, 16))).session(session))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().string(org.hamcrest.Matchers.containsString("field.future")))
                    // A way back to the sheet as it is now, and the server's now to the second.
                    .andExpect(content().string(org.hamcrest.Matchers.containsString(
                            "href=\"/console/audits/" + AUDIT + "/as-of\"")))
                    .andExpect(content().string(org.hamcrest.Matchers.matchesPattern(
                            "(?s).*服务器现在是 \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ）.*")));
        }

        @Test
        void aPickersMomentOutsideThePlausibleDatesIsRefusedAsSent() throws Exception {
            assertThat(refusedAsOf("at", "1989-12-31T23:00")).contains("at:", "1989-12-31T23:00").doesNotContain("+08:00");
        }

        @Test
        void aMomentBeyondTheYearsJavaTimeHoldsIsRefusedInThePagesWordsNotAnError() throws Exception {
            assertThat(refusedAsOf("at", "+999999999-12-31T23:59:59Z")).contains("field.instant", "at:")
                    .contains("<html");
            assertThat(refusedAsOf("compare", "+999999999-12-31T23:59:59Z"))
                    .contains("field.instant", "compare:");
        }

        @Test
        void aMomentAndAVersionTogetherAreRefusedAsTheApiRefusesThem() throws Exception {
            assertThat(refusedAsOf("at", "2026-01-01T10:00", "version", "abc")).contains("parameter.at-most-one-of");
        }

        @Test
        void aComparisonWithAVersionTheProjectHasNotReachedIsRefusedNamingCompare() throws Exception {
            assertThat(refusedAsOf("version", "3", "compare", "99999")).contains("compare:");
        }

        @Test
        void aComparisonWithAMomentBeforeTheAuditWasOpenedSaysSoAndASignedVersionIsNoMoment() throws Exception {
            String page = mvc.perform(get("/console/audits/" + AUDIT + "/as-of").param("version", "3")
                            .param("compare", "2020-01-01T10:00").session(signIn("reviewer")))
                    .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
            assertThat(page).contains("id=\"compare-not-opened\"", "无法与 2020-01-01T10:00 比较",
                    "于 " + shanghai(openedAt(AUDIT)) + " 开启").doesNotContain("id=\"diff\"");
            assertThat(page("reviewer", "/console/audits/" + AUDIT + "/as-of?version=3&compare=2"))
                    .contains("id=\"diff\"").doesNotContain("compare-not-opened");
            assertThat(refusedAsOf("version", "3", "compare", "-0")).contains("compare:").doesNotContain("moment");
        }

        /** The as-of page asked with these parameters (name, value, ...): a 400 page, its text. */
        private String refusedAsOf(String... parameters) throws Exception {
            var request = get("/console/audits/" + AUDIT + "/as-of").session(signIn("reviewer"));
            for (int i = 0; i < parameters.length; i += 2) {
                request.param(parameters[i], parameters[i + 1]);
            }
            return mvc.perform(request).andExpect(status().isBadRequest())
                    .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        }

        @Test
        void aReturnedAuditSaysAtTheTopWhoReturnedItAndWhy() throws Exception {
            assertThat(page("leader", "/console/audits/" + RETURNED)).contains("id=\"returned\"",
                    "2021-06-20，周文博（reviewer） 将审查退回审查组：5.2.2.3 的证据记录不全；承诺书日期有误", "href=\"#certification\"");
            assertThat(page("leader", "/console/audits/" + AUDIT)).doesNotContain("id=\"returned\"");
        }

        @Test
        void aSignedMemberIsOfferedToCorrectTheDayOfTheirOwnPledgeAndNobodyElseIs() throws Exception {
            String leader = page("leader", "/console/audits/" + AUDIT);
            assertThat(leader).contains("id=\"correct-pledge-A\"", "data-path=\"/api/audits/" + AUDIT + "/pledges/A\"",
                            "<summary>更正日期</summary>", "更正原因（必填）")
                    .doesNotContain("id=\"correct-pledge-B\"");
            java.util.regex.Matcher form = java.util.regex.Pattern.compile("<form id=\"correct-pledge-A\"[^>]*>")
                    .matcher(leader);
            assertThat(form.find()).isTrue();
            assertThat(form.group()).contains("data-command", "data-method=\"PUT\"");
            assertThat(leader).containsPattern("<input id=\"pc-date-A\" name=\"signedOn\" type=\"date\" required\\s+"
                    + "value=\"2021-06-05\" max=\"\\d{4}-\\d{2}-\\d{2}\">");
            assertThat(page("leader", "/console/audits/" + AUDIT + "?lang=en")).contains("<summary>Correct the date</summary>");
            assertThat(page("auditor", "/console/audits/" + AUDIT)).as("not signed yet: nothing to correct")
                    .doesNotContain("correct-pledge-");
            for (String other : List.of("admin", "reviewer", "regulator")) {
                assertThat(page(other, "/console/audits/" + AUDIT)).as(other).doesNotContain("correct-pledge-");
            }
            assertThat(page("auditor", "/console/audits/" + DECIDED)).as("a decided audit changes no more")
                    .doesNotContain("correct-pledge-");
            assertThat(page("leader", "/console/audits/" + REVIEWED)).as("a recommended audit is reopened first")
                    .doesNotContain("correct-pledge-");
        }

        @Test
        void aReturnedAuditShowsTheCorrectedDayMarkedAsCorrectedAndStillOffersItsMemberTheForm() throws Exception {
            // The correction follows the return the page's audit was awaited for.
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(page("leader", "/console/audits/" + RETURNED))
                    .contains("2021-06-06 已签署", "（已更正）", "id=\"correct-pledge-A\"", "value=\"2021-06-06\""));
            assertThat(page("regulator", "/console/audits/" + RETURNED + "?lang=en")).contains("signed on 2021-06-06",
                    "(corrected)").doesNotContain("correct-pledge-");
            assertThat(page("leader", "/console/audits/" + AUDIT)).doesNotContain("（已更正）");
        }

        @Test
        void theTrailSaysAPledgesCorrectedDayWithTheDayItReplacesInBothLanguages() throws Exception {
            // The last of the audit's 100-odd events: on the trail's second page.
            String last = "/console/audits/" + RETURNED + "/trail?page=1";
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(page("regulator", last))
                    .contains("更正承诺签署日期"));
            String trail = page("regulator", last);
            assertThat(trail).contains("<td class=\"event\">更正承诺签署日期</td>", "<dd>A（" + AuditFixtures.leader().name() + "）</dd>",
                    "<dt>签署日期</dt>", "<dd>2021-06-05 → 2021-06-06</dd>", "<dd>签署时误用了表单默认日期</dd>");
            assertThat(page("regulator", last + "&lang=en"))
                    .contains("<td class=\"event\">Pledge date corrected</td>", "<dt>Signed on</dt>",
                            "<dd>2021-06-05 → 2021-06-06</dd>");
        }

        @Test
        void aDecidedAuditIsReadOnlyForItsTeamAndSaysSo() throws Exception {
            String leader = page("leader", "/console/audits/" + DECIDED);
            assertThat(leader).as("the certificate the decision issued")
                    .contains("id=\"certificate-changes\"", "CTS-2021-0916-2021-SE-1", "有效期 2021-07-01 至 2024-06-30");
            assertThat(page("leader", "/console/audits/" + AUDIT)).doesNotContain("id=\"certificate-changes\"");
            assertThat(leader).contains("id=\"read-only\"", "已作出认证决定，评分不可再修改")
                    .doesNotContain("class=\"save\"", "id=\"record-special\"", "保存审查发现", "id=\"recommend\"",
                            "id=\"reopen\"", "id=\"sign-pledge\"");
            java.util.regex.Matcher inputs = java.util.regex.Pattern
                    .compile("<(?:input|textarea)[^>]* class=\"(?:percent|na|note)\"[^>]*>").matcher(leader);
            int fields = 0;
            while (inputs.find()) {
                assertThat(inputs.group()).contains("disabled");
                fields++;
            }
            assertThat(fields).isEqualTo(3 * 94);
            assertThat(leader).containsPattern("<textarea id=\"f-strengths\"[^>]*disabled");

            assertThat(page("admin", "/console/audits/" + DECIDED)).contains("id=\"read-only\"")
                    .doesNotContain("id=\"assign-member\"", "id=\"remove-A\"");
            assertThat(page("auditor", "/console/audits/" + DECIDED + "?lang=en"))
                    .contains("A certification decision has been made: the scores can no longer change")
                    .doesNotContain("class=\"save\"");
            assertThat(page("leader", "/console/audits/" + AUDIT)).doesNotContain("id=\"read-only\"");
        }

        @Test
        void aCancelledAuditIsReadOnlySayingWhoCancelledItWhenAndWhyAndTheAdminMayOpenTheNext() throws Exception {
            String leader = page("leader", "/console/audits/" + CANCELLED);
            assertThat(leader).contains("id=\"cancelled\"", "本审查已由 ", "取消，理由：现场审查年份录入错误")
                    .doesNotContain("id=\"read-only\"", "class=\"save\"", "id=\"recommend\"", "id=\"cancel-form\"")
                    .containsPattern("于 \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} \\+08:00 取消");
            assertThat(page("auditor", "/console/audits/" + CANCELLED + "?lang=en"))
                    .contains("This audit was cancelled by ", "reason: 现场审查年份录入错误");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(page("admin", "/console/audits/" + CANCELLED))
                    .contains("id=\"link-open-next\"").doesNotContain("id=\"cancel-form\"", "id=\"assign-member\""));
            // The next audit's form takes the cancelled audit's organization, not its place: a project whose only audit
            // was cancelled opens an initial audit.
            assertThat(page("admin", "/console/audits/new?predecessor=" + CANCELLED)).contains("id=\"from-cancelled\"",
                    "已按已取消的审查 " + CANCELLED).doesNotContain("已按上一次审查");
        }

        @Test
        void theAdminIsOfferedTheFoldedRescheduleFormWhileTheTeamMayChangeTheAuditFilledWithThePeriodInForce()
                throws Exception {
            String admin = page("admin", "/console/audits/" + RESCHEDULED);
            assertThat(admin).containsPattern("<details id=\"reschedule\" class=\"reschedule-audit\">\\s*<summary>现场审查改期</summary>")
                    .contains("id=\"reschedule-form\"", "data-method=\"PUT\"",
                            "data-path=\"/api/audits/" + RESCHEDULED + "/on-site\"",
                            "name=\"onSiteFrom\" type=\"date\" required value=\"2021-06-12\"",
                            "name=\"onSiteTo\" type=\"date\" required value=\"2021-06-14\"",
                            "<option value=\"AFTERNOON\" selected=\"selected\">下午</option>",
                            "<input id=\"reschedule-reason\" name=\"reason\" required maxlength=\"2000\">");
            assertThat(page("admin", "/console/audits/" + RECOMMENDED)).doesNotContain("id=\"reschedule-form\"");
            assertThat(page("admin", "/console/audits/" + DECIDED)).doesNotContain("id=\"reschedule-form\"");
            assertThat(page("admin", "/console/audits/" + CANCELLED)).doesNotContain("id=\"reschedule-form\"");
            assertThat(page("leader", "/console/audits/" + RESCHEDULED)).doesNotContain("id=\"reschedule-form\"");
        }

        @Test
        void theAuditPageShowsThePeriodInForceAndEachReschedulingWithWhoWhenAndWhy() throws Exception {
            String leader = page("leader", "/console/audits/" + RESCHEDULED);
            // The days as the event store gave them back: 3.0 or 3.
            assertThat(leader).contains("现场审查 2021-06-12下午 至 2021-06-14，共 2.5 天", "id=\"reschedulings\"")
                    .containsPattern("孙立平（admin） 改期：2021-06-05 至 2021-06-07，共 3(\\.0)? 天 → 2021-06-12下午 至 "
                            + "2021-06-14，共 2.5 天；原因：受审查方申请改期");
            assertThat(page("leader", "/console/audits/" + RESCHEDULED + "?lang=en"))
                    .containsPattern("rescheduled: 2021-06-05 to 2021-06-07, 3(\\.0)? days → 2021-06-12 afternoon to "
                            + "2021-06-14, 2.5 days; reason: 受审查方申请改期");
            assertThat(page("leader", "/console/audits/" + AUDIT)).doesNotContain("id=\"reschedulings\"");
        }

        @Test
        void theAdminIsOfferedTheFoldedCancelFormOnAnAuditNotYetDecidedOnly() throws Exception {
            String admin = page("admin", "/console/audits/" + AUDIT);
            assertThat(admin).containsPattern("<details id=\"cancel\" class=\"cancel-audit\">\\s*<summary>取消本审查</summary>")
                    .contains("id=\"cancel-form\"", "data-path=\"/api/audits/" + AUDIT + "/cancellation\"",
                            "<input id=\"cancel-reason\" name=\"reason\" required maxlength=\"2000\">");
            // A recommended (and accepted) audit goes to its decision: the leader reopens it before it can be cancelled.
            assertThat(page("admin", "/console/audits/" + REVIEWED)).doesNotContain("id=\"cancel-form\"");
            assertThat(page("admin", "/console/audits/" + DECIDED)).doesNotContain("id=\"cancel-form\"");
            assertThat(page("leader", "/console/audits/" + AUDIT)).doesNotContain("id=\"cancel-form\"");
        }

        @Test
        void theLeaderReopensAReviewedAuditAndTheAdminOpensTheNextOnceTheLatestIsDecided() throws Exception {
            assertThat(page("leader", "/console/audits/" + REVIEWED)).contains("id=\"reopen\"", "id=\"read-only\"")
                    .doesNotContain("id=\"recommend\"", "class=\"save\"");
            assertThat(page("auditor", "/console/audits/" + REVIEWED)).doesNotContain("id=\"reopen\"");
            assertThat(page("admin", "/console/audits/" + REVIEWED)).doesNotContain("id=\"link-open-next\"");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(page("admin", "/console/audits/" + DECIDED))
                    .contains("id=\"link-open-next\"", "/console/audits/new?predecessor=" + DECIDED));
            assertThat(page("leader", "/console/audits/" + DECIDED)).doesNotContain("id=\"link-open-next\"", "id=\"reopen\"");
            assertThat(page("admin", "/console/audits/" + AUDIT)).doesNotContain("id=\"link-open-next\"");
        }

        @Test
        void aNewProjectsFormProposesTheSeedsCriteriaAndSaysWhatAProjectNumberLooksLike() throws Exception {
            String form = page("admin", "/console/audits/new");
            assertThat(form).contains("CTS-ISC-JSGF-06《", "受审查方管理体系文件", "适用的国家、行业及地方有关的法律法规及标准",
                    "placeholder=\"如 0455-2021-SE\"",
                    "3 至 40 个字母、数字或连字符", "新项目的字母一律大写");
            // A new project's number is capitalised as typed (the command side refuses lower-case letters in it); a
            // predecessor's is its project's, spelt as stored, and left as it is.
            assertThat(form).containsPattern("<input id=\"o-project\" name=\"projectNumber\"[^>]* data-upper-case=\"true\"");
            assertThat(page("admin", "/console/audits/new?predecessor=" + DECIDED)).contains("id=\"o-project\"")
                    .doesNotContain("data-upper-case");
            assertThat(page("admin", "/console/audits/new?lang=en")).contains("letters in capitals (typed ones are capitalised)");
        }

        @Test
        void theOpenFormLeavesAMissingFieldToTheCommandSidesWordsAndSaysTheDaysFollowTheDates() throws Exception {
            String form = page("admin", "/console/audits/new");
            // No browser tooltip: the form is not validated by the browser; the relayed 400 names each field.
            assertThat(form).containsPattern("<form id=\"open-audit\"[^>]* novalidate")
                    .contains("id=\"o-days-hint\"", "按日期与首末半天算出", "data-problem-for=\"onSiteDays\"");
            assertThat(page("admin", "/console/audits/new?lang=en")).contains("Worked out from the dates and half-days");
        }

        @Test
        void theReviewFormTiesTheNoteToAnAcceptanceAndTheFindingsToAReturn() throws Exception {
            String page = page("reviewer", "/console/audits/" + RECOMMENDED);
            // The command side refuses a note with a RETURN and findings with an ACCEPT (TechnicalReviewReturned has
            // no note): the script shows, and sends, each only with its outcome (ConsoleIT selects RETURN and sees it).
            assertThat(page).contains("id=\"review-form\"")
                    .containsPattern("<div class=\"wide\" data-for-outcome=\"ACCEPT\">\\s*<label for=\"rv-note\"")
                    .containsPattern("<div class=\"wide\" data-for-outcome=\"RETURN\">\\s*<label for=\"rv-findings\"");
        }

        @Test
        void eachDecisionOutcomeIsOfferedTheCertificatesLastValidDayOnceItExpiredAndTheFormSaysWhyForEach()
                throws Exception {
            LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
            String form = elementOf(page("decider", "/console/audits/" + REVIEWED_AFTER_EXPIRY), "id=\"decision-form\"");
            // The script checks the day picked against the register, by what each outcome needs (ISO/IEC 17065 7.11),
            // and against the acceptance by technical review (ISO/IEC 17065 7.5, 7.6).
            assertThat(form).contains("data-certificate-day=\"decidedOn\"", "data-certificate=\"" + EXPIRED_NUMBER + "\"")
                    .containsPattern("value=\"MAINTAIN\"[^>]*data-certificate-statuses=\"VALID SUSPENDED\"")
                    .containsPattern("value=\"SUSPEND\"[^>]*data-certificate-statuses=\"VALID\"")
                    .containsPattern("value=\"WITHDRAW\"[^>]*data-certificate-statuses=\"VALID SUSPENDED\"")
                    .contains("<input id=\"d-date\" name=\"decidedOn\" type=\"date\" required value=\"2024-06-30\" max=\""
                            + today + "\" aria-describedby=\"d-date-hint-MAINTAIN\">");
            assertThat(dayBounds(form)).isEqualTo(bounds(notAfter(today),
                    notBefore(EXPIRED_REVIEWED_ON, "decision.before-review", "audit", REVIEWED_AFTER_EXPIRY.value(),
                            "decidedOn", null, "reviewedOn", EXPIRED_REVIEWED_ON.toString())));
            // Expired today: each outcome is offered the last valid day, on which the certificate was valid, and says so
            // in its own words; the first outcome's sentence shows, the others' once picked (the script's part).
            for (String outcome : List.of("MAINTAIN", "SUSPEND", "WITHDRAW")) {
                assertThat(form).containsPattern("value=\"" + outcome + "\"[^>]*data-default-day=\"2024-06-30\"");
            }
            String validity = "证书 " + EXPIRED_NUMBER + " 今天（" + today + "）的状态为已过期（有效期 2021-07-01 至 2024-06-30）：";
            String filledIn = "的证书，因此决定日期预填为有效期的最后一天 2024-06-30；请填写作出决定的那一天，不早于技术评审通过之日 "
                    + EXPIRED_REVIEWED_ON + "，不晚于 2024-06-30。";
            assertThat(dayHint(form, "MAINTAIN")).isEqualTo("<p class=\"hint\" id=\"d-date-hint-MAINTAIN\" "
                    + "data-day-hint-for=\"MAINTAIN\">" + validity + "保持认证只适用于状态为有效、暂停" + filledIn + "</p>");
            assertThat(dayHint(form, "SUSPEND")).isEqualTo("<p class=\"hint\" id=\"d-date-hint-SUSPEND\" "
                    + "data-day-hint-for=\"SUSPEND\" hidden=\"hidden\">" + validity + "暂停认证只适用于状态为有效" + filledIn + "</p>");
            assertThat(dayHint(form, "WITHDRAW")).isEqualTo("<p class=\"hint\" id=\"d-date-hint-WITHDRAW\" "
                    + "data-day-hint-for=\"WITHDRAW\" hidden=\"hidden\">" + validity + "撤销认证只适用于状态为有效、暂停" + filledIn
                    + "</p>");
            assertThat(elementOf(page("decider", "/console/audits/" + REVIEWED_AFTER_EXPIRY + "?lang=en"), "id=\"decision-form\""))
                    .contains("Certificate " + EXPIRED_NUMBER + " is expired today (" + today + "), valid from 2021-07-01 to "
                            + "2024-06-30: Suspend needs a certificate that is valid, so the decision date is filled in with "
                            + "the last valid day, 2024-06-30; give the day the decision was made, no earlier than the "
                            + "acceptance by technical review on " + EXPIRED_REVIEWED_ON + " and no later than 2024-06-30.");

            // An initial audit's grant issues the certificate: today, nothing to look up in the register, and still no
            // day before its acceptance.
            String initial = elementOf(page("decider", "/console/audits/" + REVIEWED), "id=\"decision-form\"");
            assertThat(dayBounds(initial)).isEqualTo(bounds(notAfter(today), notBefore(REVIEWED_ON, "decision.before-review",
                    "audit", REVIEWED.value(), "decidedOn", null, "reviewedOn", REVIEWED_ON.toString())));
            assertThat(initial).contains("value=\"" + today + "\"")
                    .doesNotContain("data-certificate=", "data-certificate-statuses", "data-day-hint-for", "aria-describedby");
        }

        @Test
        void aSuspensionOfASuspendedCertificateIsOfferedNoDayAndSaysWhyWhileTheOtherOutcomesAreOfferedToday()
                throws Exception {
            LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
            String form = elementOf(page("decider", "/console/audits/" + REVIEWED_WHILE_SUSPENDED), "id=\"decision-form\"");
            // Suspended today, and since before the visit: maintained or withdrawn today, but only a valid certificate is
            // suspended (ISO/IEC 17065 7.11), on no day since the acceptance.
            assertThat(form).contains("data-certificate=\"" + SUSPENDED_NUMBER + "\"")
                    .containsPattern("value=\"MAINTAIN\"[^>]*data-certificate-statuses=\"VALID SUSPENDED\""
                            + "[^>]*data-default-day=\"" + today + "\"")
                    .containsPattern("value=\"SUSPEND\"\\s+data-certificate-statuses=\"VALID\">")
                    .containsPattern("value=\"WITHDRAW\"[^>]*data-default-day=\"" + today + "\"")
                    .contains("<input id=\"d-date\" name=\"decidedOn\" type=\"date\" required value=\"" + today
                            + "\" max=\"" + today + "\">")
                    .doesNotContain("d-date-hint-MAINTAIN", "d-date-hint-WITHDRAW");
            assertThat(dayHint(form, "SUSPEND")).isEqualTo("<p class=\"hint\" id=\"d-date-hint-SUSPEND\" "
                    + "data-day-hint-for=\"SUSPEND\" hidden=\"hidden\">证书 " + SUSPENDED_NUMBER + " 今天（" + today
                    + "）的状态为暂停（有效期 " + today.minusYears(1) + " 至 " + today.minusYears(1).plusYears(3).minusDays(1)
                    + "）：暂停认证只适用于状态为有效的证书，而自技术评审通过之日 " + today.minusDays(7)
                    + " 起证书没有处于该状态的日期，决定日期未预填。</p>");
        }

        @Test
        void aSurveillanceAcceptedAfterItsCertificateExpiredIsOfferedNoDayNamingTheAcceptance() throws Exception {
            LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
            String number = "CTS-2021-0946-2021-SE-1";
            String form = elementOf(page("decider", "/console/audits/" + ACCEPTED_AFTER_EXPIRY), "id=\"decision-form\"");
            // Accepted on 2024-07-05, recorded before the command side refused an acceptance after the last valid day:
            // no decision is dated before the acceptance (decision.before-review), nor after 2024-06-30 by its certificate.
            assertThat(form).contains("<input id=\"d-date\" name=\"decidedOn\" type=\"date\" required value=\"\" max=\""
                            + today + "\" aria-describedby=\"d-date-hint-MAINTAIN\">")
                    .doesNotContain("data-default-day=")
                    .contains("证书 " + number + " 今天（" + today + "）的状态为已过期（有效期 2021-07-01 至 2024-06-30）："
                            + "撤销认证只适用于状态为有效、暂停的证书，而自技术评审通过之日 2024-07-05 起证书没有处于该状态的日期，"
                            + "决定日期未预填。");
            assertThat(dayBounds(form).get(1).path("earliest").asText()).isEqualTo("2024-07-05");
            assertThat(elementOf(page("decider", "/console/audits/" + ACCEPTED_AFTER_EXPIRY + "?lang=en"),
                    "id=\"decision-form\""))
                    .contains("Maintain needs a certificate that is valid, suspended, which it has been on no day since the "
                            + "acceptance by technical review on 2024-07-05, so no day is filled in.");
        }

        @Test
        void theDecisionFormSaysADayBeforeTheAcceptanceInTheCommandSidesRuleInBothLanguages() throws Exception {
            // The script says a day before data-earliest in the words of the rule the command side refuses it by.
            assertThat(page("decider", "/console/audits/" + REVIEWED + "?lang=en")).contains("\"rule.decision.before-review\":"
                    + "\"the decision date {decidedOn} is before audit {audit} was accepted by technical review on "
                    + "{reviewedOn}; a decision is made no earlier than the acceptance\"");
            assertThat(ConsoleMessages.sentence(org.certaudit.web.RuleCode.DECISION_BEFORE_REVIEW.with("audit", REVIEWED,
                    "decidedOn", REVIEWED_ON.minusDays(1), "reviewedOn", REVIEWED_ON), java.util.Locale.SIMPLIFIED_CHINESE))
                    .isEqualTo("决定日期 2021-06-19 早于审查 " + REVIEWED + " 技术评审通过之日 2021-06-20；认证决定不早于技术评审通过之日作出");
        }

        @Test
        void aSurveillancesReportDateIsTheCertificatesLastValidDayOnceItExpiredAndTheFormSaysWhyAndChecksTheDayPicked()
                throws Exception {
            LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
            String number = "CTS-2021-0942-2021-SE-1";
            String form = elementOf(page("leader", "/console/audits/" + OPEN_SURVEILLANCE), "id=\"recommend\"");
            // ISO/IEC 17065 7.11: decided within the certificate's validity and no earlier than the report.
            assertThat(form).contains("data-certificate-day=\"reportDate\"",
                            "data-certificate-rule=\"recommendation.report-after-certificate\"",
                            "data-certificate=\"" + number + "\"", "data-certificate-statuses=\"VALID SUSPENDED\"",
                            "<input id=\"r-date\" name=\"reportDate\" type=\"date\" required value=\"2024-06-30\" max=\""
                                    + today + "\" aria-describedby=\"r-date-hint\">")
                    .contains("证书 " + number + " 今天（" + today + "）的状态为已过期（有效期 2021-07-01 至 2024-06-30）："
                            + "本审查的认证决定须在证书有效期内作出，且不早于编制日期，因此编制日期预填为有效期的最后一天 2024-06-30；"
                            + "请填写报告编制的那一天，不晚于 2024-06-30。");
            assertThat(elementOf(page("leader", "/console/audits/" + OPEN_SURVEILLANCE + "?lang=en"), "id=\"recommend\""))
                    .contains("Certificate " + number + " is expired today (" + today + "), valid from 2021-07-01 to "
                            + "2024-06-30: this audit is decided within the certificate&#39;s validity and no earlier than its "
                            + "report, so the report date is filled in with the last valid day, 2024-06-30");

            // An initial audit is granted or refused on any day: today, and nothing to check the day against.
            String initial = elementOf(page("leader", "/console/audits/" + AUDIT), "id=\"recommend\"");
            assertThat(initial).contains("name=\"reportDate\" type=\"date\" required value=\"" + today + "\"")
                    .doesNotContain("data-certificate=", "data-certificate-statuses", "id=\"r-date-hint\"");
        }

        @Test
        void aSurveillancesReviewDateIsTheCertificatesLastValidDayOnceItExpiredCheckedForAnAcceptanceOnly()
                throws Exception {
            LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
            String number = "CTS-2021-0943-2021-SE-1";
            String form = elementOf(page("reviewer", "/console/audits/" + RECOMMENDED_SURVEILLANCE), "id=\"review-form\"");
            assertThat(form).contains("data-certificate-day=\"reviewedOn\"", "data-certificate-rule=\"review.after-certificate\"",
                            "data-certificate=\"" + number + "\"",
                            "<input id=\"rv-date\" name=\"reviewedOn\" type=\"date\" required value=\"2024-06-30\" max=\""
                                    + today + "\" aria-describedby=\"rv-date-hint\">",
                            "因此评审日期预填为有效期的最后一天 2024-06-30；请填写评审的那一天，评审通过时不晚于 2024-06-30。")
                    // A return leaves the audit with its team: no certificate rule for it.
                    .containsPattern("value=\"ACCEPT\"[^>]*data-certificate-statuses=\"VALID SUSPENDED\"")
                    .doesNotContainPattern("value=\"RETURN\"[^>]*data-certificate-statuses");

            // An initial audit's review: today.
            String initial = elementOf(page("reviewer", "/console/audits/" + RECOMMENDED), "id=\"review-form\"");
            assertThat(initial).contains("name=\"reviewedOn\" type=\"date\" required value=\"" + today + "\"")
                    .doesNotContain("data-certificate=", "data-certificate-statuses", "id=\"rv-date-hint\"");
        }

        @Test
        void theReportFormChecksItsDayAgainstTodayTheVisitAndTheLatestPledgeInTheCommandSidesOrder() throws Exception {
            LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
            // On site 2022-05-10 to 05-11, the leader's pledge signed on 05-11: a report of 05-09 breaks the visit's rule
            // (judged first on the command side), one of 05-10 the pledge's, naming the member as the command side does.
            String form = elementOf(page("leader", "/console/audits/" + OPEN_SURVEILLANCE), "id=\"recommend\"");
            assertThat(dayBounds(form)).isEqualTo(bounds(notAfter(today),
                    notBefore(LocalDate.of(2022, 5, 10), "recommendation.report-before-on-site", "audit",
                            OPEN_SURVEILLANCE.value(), "reportDate", null, "onSiteFrom", "2022-05-10"),
                    notBefore(LocalDate.of(2022, 5, 11), "recommendation.report-before-pledge", "audit",
                            OPEN_SURVEILLANCE.value(), "reportDate", null, "member", "A 李雅宁", "signedOn", "2022-05-11")));
            // The seed's initial audit: on site from 2021-06-05, pledged that day; the report is offered today.
            String initial = elementOf(page("leader", "/console/audits/" + AUDIT), "id=\"recommend\"");
            assertThat(dayBounds(initial)).extracting(bound -> bound.path("code").asText()).containsExactly(
                    "field.not-after-today", "recommendation.report-before-on-site", "recommendation.report-before-pledge");
            assertThat(dayBounds(initial).get(2).path("earliest").asText()).isEqualTo("2021-06-05");
            // Returned by technical review, its leader's pledge corrected to 2021-06-06: the report given again may keep
            // its date (a corrected report), so the return bounds its review, not its report.
            String returned = elementOf(page("leader", "/console/audits/" + RETURNED), "id=\"recommend\"");
            assertThat(dayBounds(returned)).isEqualTo(bounds(notAfter(today),
                    notBefore(LocalDate.of(2021, 6, 5), "recommendation.report-before-on-site", "audit", RETURNED.value(),
                            "reportDate", null, "onSiteFrom", "2021-06-05"),
                    notBefore(LocalDate.of(2021, 6, 6), "recommendation.report-before-pledge", "audit", RETURNED.value(),
                            "reportDate", null, "member", "A 李雅宁", "signedOn", "2021-06-06")));
        }

        @Test
        void theReviewFormChecksItsDayAgainstTodayAndTheReportForAnAcceptanceAndAReturnAlike() throws Exception {
            LocalDate today = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
            // The form's bounds hold whichever outcome is picked: the command side judges a return's day as an acceptance's.
            String form = elementOf(page("reviewer", "/console/audits/" + RECOMMENDED_SURVEILLANCE), "id=\"review-form\"");
            assertThat(dayBounds(form)).isEqualTo(bounds(notAfter(today),
                    notBefore(LocalDate.of(2022, 5, 11), "review.before-report", "audit", RECOMMENDED_SURVEILLANCE.value(),
                            "reviewedOn", null, "reportDate", "2022-05-11")));
            assertThat(dayBounds(elementOf(page("reviewer", "/console/audits/" + RECOMMENDED), "id=\"review-form\"")))
                    .isEqualTo(bounds(notAfter(today), notBefore(LocalDate.of(2021, 6, 7), "review.before-report",
                            "audit", RECOMMENDED.value(), "reviewedOn", null, "reportDate", "2021-06-07")));
            // Returned on 2021-06-20 and recommended again with the report's own date: no review before the return.
            String again = elementOf(page("reviewer", "/console/audits/" + RECOMMENDED_AGAIN), "id=\"review-form\"");
            assertThat(dayBounds(again)).isEqualTo(bounds(notAfter(today),
                    notBefore(LocalDate.of(2021, 6, 7), "review.before-report", "audit", RECOMMENDED_AGAIN.value(),
                            "reviewedOn", null, "reportDate", "2021-06-07"),
                    notBefore(LocalDate.of(2021, 6, 20), "review.before-return", "audit", RECOMMENDED_AGAIN.value(),
                            "reviewedOn", null, "returnedOn", "2021-06-20")));
            assertThat(again).contains("name=\"reviewedOn\" type=\"date\" required value=\"" + today + "\"");
            assertThat(ConsoleMessages.sentence(org.certaudit.web.RuleCode.REVIEW_BEFORE_RETURN.with("audit",
                    RECOMMENDED_AGAIN, "reviewedOn", LocalDate.of(2021, 6, 19), "returnedOn", LocalDate.of(2021, 6, 20)),
                    java.util.Locale.SIMPLIFIED_CHINESE)).isEqualTo("评审日期 2021-06-19 早于技术评审将审查 " + RECOMMENDED_AGAIN
                    + " 退回审查组之日 2021-06-20；对重新出具的报告的评审不早于退回之日");
            assertThat(ConsoleMessages.sentence(org.certaudit.web.RuleCode.REVIEW_BEFORE_RETURN.with("audit",
                    RECOMMENDED_AGAIN, "reviewedOn", LocalDate.of(2021, 6, 19), "returnedOn", LocalDate.of(2021, 6, 20)),
                    java.util.Locale.ENGLISH)).isEqualTo("the review date 2021-06-19 is before the technical review returned "
                    + "audit " + RECOMMENDED_AGAIN + " to its team on 2021-06-20; the review of the report given again comes "
                    + "no earlier");
        }

        @Test
        void theReportAndReviewFormsSayADayTheyRefuseInTheCommandSidesRulesInBothLanguages() throws Exception {
            // The script fills in the day picked and says the rule's sentence from the page's bundle, as for a refusal.
            String english = page("reviewer", "/console/audits/" + RECOMMENDED + "?lang=en");
            assertThat(english).contains(
                    "\"rule.review.before-report\":\"the review date {reviewedOn} is before the report date {reportDate} of "
                            + "audit {audit}\"",
                    "\"rule.field.not-after-today\":\"must be today ({today} on the certification body");
            assertThat(page("leader", "/console/audits/" + OPEN_SURVEILLANCE + "?lang=en")).contains(
                    "\"rule.recommendation.report-before-on-site\":\"the report date {reportDate} is before the on-site audit "
                            + "of {audit} began on {onSiteFrom}\"",
                    "\"rule.recommendation.report-before-pledge\":\"the report date {reportDate} is before {member} signed");
            java.util.Locale chinese = java.util.Locale.SIMPLIFIED_CHINESE;
            assertThat(ConsoleMessages.sentence(org.certaudit.web.RuleCode.RECOMMENDATION_REPORT_DATE.with("audit",
                    OPEN_SURVEILLANCE, "reportDate", LocalDate.of(2022, 5, 9), "onSiteFrom", LocalDate.of(2022, 5, 10)), chinese))
                    .isEqualTo("报告日期 2022-05-09 早于审查 " + OPEN_SURVEILLANCE + " 的现场审查开始日期 2022-05-10");
            assertThat(ConsoleMessages.sentence(org.certaudit.web.RuleCode.REVIEW_BEFORE_REPORT.with("audit", RECOMMENDED,
                    "reviewedOn", LocalDate.of(2021, 6, 6), "reportDate", LocalDate.of(2021, 6, 7)), chinese))
                    .isEqualTo("评审日期 2021-06-06 早于审查 " + RECOMMENDED + " 的报告日期 2021-06-07");
            assertThat(ConsoleMessages.sentence(org.certaudit.web.RuleCode.RECOMMENDATION_BEFORE_PLEDGE.with("audit",
                    OPEN_SURVEILLANCE, "reportDate", LocalDate.of(2022, 5, 10), "member", "A 李雅宁",
                    "signedOn", LocalDate.of(2022, 5, 11)), java.util.Locale.ENGLISH))
                    .startsWith("the report date 2022-05-10 is before A 李雅宁 signed the impartiality and confidentiality "
                            + "pledge of audit " + OPEN_SURVEILLANCE + " on 2022-05-11");
        }

        @Test
        void theNextAuditsTypeFollowsTheCertificatesStateOnTheFirstOnSiteDayGivenSayingWhy() throws Exception {
            // DECIDED's certificate: granted 2021-07-01, valid to 2024-06-30, the first surveillance due by 2022-06-07.
            String number = "CTS-2021-0916-2021-SE-1";
            String path = "/console/audits/new?predecessor=" + DECIDED;
            String noDay = page("admin", path);
            assertThat(noDay).contains("<option value=\"SURVEILLANCE\" selected=\"selected\">",
                    "<select id=\"o-type\" name=\"type\" aria-describedby=\"o-type-hint\">",
                    "审查类型按证书 " + number + " 在现场审查开始日期的状态建议：填写现场审查开始日期后给出。")
                    .doesNotContain("data-suggested-type=\"");
            assertThat(page("admin", path + "&onSiteFrom=2022-05-10"))
                    .contains("<option value=\"SURVEILLANCE\" selected=\"selected\">", "data-suggested-type=\"SURVEILLANCE\"",
                            "name=\"onSiteFrom\" type=\"date\" required value=\"2022-05-10\"",
                            "证书 " + number + " 在 2022-05-10 的状态为有效（有效至 2024-06-30），下一次监督审查应于 2022-06-07 "
                                    + "前进行：建议保持认证审查（ISO/IEC 17021-1 9.6.2）。");
            // Judged by the day given, not by today: expired, and within six months a re-certification restores it.
            assertThat(page("admin", path + "&onSiteFrom=2024-08-01"))
                    .contains("<option value=\"RECERTIFICATION\" selected=\"selected\">",
                            "data-suggested-type=\"RECERTIFICATION\"",
                            "证书 " + number + " 在 2024-08-01 已过期（有效期至 2024-06-30）；现场审查在过期后六个月内（不晚于 "
                                    + "2024-12-30）开始的再认证可恢复认证：建议再认证（ISO/IEC 17021-1 9.6.3）。");
            assertThat(page("admin", path + "&onSiteFrom=2025-01-15&lang=en"))
                    .contains("<option value=\"INITIAL\" selected=\"selected\">", "data-suggested-type=\"INITIAL\"",
                            "Certificate " + number + " has expired on 2025-01-15 (valid until 2024-06-30), later than "
                                    + "2024-12-30, the last day a re-certification restores it (six months after): a new "
                                    + "initial audit is suggested (ISO/IEC 17021-1 9.6.3).");
            // Not after the decision: the command side refuses any type then, in its own words here.
            assertThat(page("admin", path + "&onSiteFrom=2021-07-01"))
                    .contains("<option value=\"SURVEILLANCE\" selected=\"selected\">", "id=\"o-type-hint\"",
                            "须在对上一次审查 " + DECIDED + " 作出认证决定（2021-07-01）之后进行现场审查")
                    .doesNotContain("data-suggested-type=\"");
            // A project whose only audit was cancelled has no certificate: an initial audit, and no hint to give.
            assertThat(page("admin", "/console/audits/new?predecessor=" + CANCELLED))
                    .contains("<option value=\"INITIAL\" selected=\"selected\">").doesNotContain("id=\"o-type-hint\"");
            // A day that is no date is refused naming it, as any parameter.
            mvc.perform(get(path + "&onSiteFrom=2024-13-01").session(signIn("admin"))).andExpect(status().isBadRequest())
                    .andExpect(content().string(org.hamcrest.Matchers.containsString("onSiteFrom")));
        }

        @Test
        void aDecisionsSummarySaysFromWhenItHoldsTheValidityItLeavesTheNextAuditAndLinksTheRegisterEntry()
                throws Exception {
            String changes = elementOf(page("regulator", "/console/audits/" + MAINTAINED), "id=\"certificate-changes\"");
            assertThat(changes).contains("已保持", EXPIRED_NUMBER, "2022-06-20 起生效", "有效期 2021-07-01 至 2024-06-30",
                    "下次审查：监督审查，应于 2023-05-11 前进行", "决定人 吴思远（decider），理由：监督审查符合要求",
                    "href=\"/console/verify/certificate?number=" + EXPIRED_NUMBER + "\">查询此证书的现状</a>")
                    .as("the menu's 证书记录 is the register, not the lineage").doesNotContain("/lineage", "证书记录");
            assertThat(elementOf(page("regulator", "/console/audits/" + MAINTAINED + "?lang=en"), "id=\"certificate-changes\""))
                    .contains("effective 2022-06-20", "valid from 2021-07-01 to 2024-06-30",
                            "next audit: surveillance, due by 2023-05-11",
                            "Check this certificate&#39;s current status");
            assertThat(elementOf(page("regulator", "/console/audits/" + MAINTAINED.projectNumber().value() + ".1"),
                    "id=\"certificate-changes\"")).contains("2021-07-01 起生效", "下次审查：监督审查，应于 2022-06-07 前进行");

            String lineage = page("regulator", "/console/projects/" + MAINTAINED.projectNumber().value() + "/lineage");
            assertThat(lineage).contains("<th scope=\"col\">下次审查</th>");
            assertThat(CertificateRegister.rowOf(lineage, "data-kind=\"MAINTAINED\""))
                    .contains("<td class=\"valid-from\">2021-07-01</td>", "<td class=\"valid-until\">2024-06-30</td>",
                            "<td class=\"next-audit\" data-next-audit=\"SURVEILLANCE\">监督审查，应于 2023-05-11 前进行</td>");
            assertThat(CertificateRegister.rowOf(lineage, "data-kind=\"ISSUED\""))
                    .contains("<td class=\"next-audit\" data-next-audit=\"SURVEILLANCE\">监督审查，应于 2022-06-07 前进行</td>");
            assertThat(page("regulator", "/console/projects/" + MAINTAINED.projectNumber().value() + "/lineage?lang=en"))
                    .contains("<th scope=\"col\">Next audit</th>", "surveillance, due by 2023-05-11");
        }

        /** The form or list whose tag holds {@code marker}, from the marker to its end. */
        /** The decision form's sentence why {@code outcome}'s day is not today, its white space as a browser shows it. */
        private static String dayHint(String form, String outcome) {
            int at = form.indexOf("<p class=\"hint\" id=\"d-date-hint-" + outcome + "\"");
            assertThat(at).as("the hint of " + outcome).isNotNegative();
            return form.substring(at, form.indexOf("</p>", at) + "</p>".length()).replaceAll(">\\s+", ">")
                    .replaceAll("\\s+<", "<");
        }

        /** The command side's date rules a form's script checks a day against (data-day-bounds), as JSON. */
        private static List<com.fasterxml.jackson.databind.JsonNode> dayBounds(String form) throws Exception {
            java.util.regex.Matcher attribute = java.util.regex.Pattern.compile("data-day-bounds=\"([^\"]*)\"").matcher(form);
            assertThat(attribute.find()).as("data-day-bounds").isTrue();
            List<com.fasterxml.jackson.databind.JsonNode> bounds = new ArrayList<>();
            new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(org.springframework.web.util.HtmlUtils.htmlUnescape(attribute.group(1))).forEach(bounds::add);
            return bounds;
        }

        private static List<com.fasterxml.jackson.databind.JsonNode> bounds(Map<?, ?>... bounds) {
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            return java.util.Arrays.stream(bounds).map(bound -> (com.fasterxml.jackson.databind.JsonNode) json.valueToTree(bound))
                    .toList();
        }

        /** No day after today on the certification body's calendar: the command side's 400 field.not-after-today. */
        private static Map<String, Object> notAfter(LocalDate today) {
            Map<String, Object> bound = new java.util.LinkedHashMap<>();
            bound.put("latest", today.toString());
            bound.put("code", "field.not-after-today");
            bound.put("arguments", Map.of("today", today.toString(), "zone", "Asia/Shanghai"));
            bound.put("problem", "invalid-input");
            return bound;
        }

        /** No day before {@code earliest}: the command side's 409 {@code code}, with these arguments (name, value). */
        private static Map<String, Object> notBefore(LocalDate earliest, String code, Object... arguments) {
            Map<String, Object> named = new java.util.LinkedHashMap<>();
            for (int i = 0; i < arguments.length; i += 2) {
                named.put((String) arguments[i], arguments[i + 1]);
            }
            Map<String, Object> bound = new java.util.LinkedHashMap<>();
            bound.put("earliest", earliest.toString());
            bound.put("code", code);
            bound.put("arguments", named);
            bound.put("problem", "broken-rule");
            return bound;
        }

        private static String elementOf(String page, String marker) {
            int at = page.indexOf(marker);
            assertThat(at).as(marker).isNotNegative();
            int end = page.indexOf(page.lastIndexOf("<form", at) > page.lastIndexOf("<ul", at) ? "</form>" : "</ul>", at);
            return page.substring(at, end);
        }

        @Test
        void aReviewerOrDeciderWhoWasOnTheTeamIsToldSoInsteadOfBeingOfferedTheForm() throws Exception {
            String decider = page("decider", "/console/audits/" + DECIDER_TOOK_PART);
            assertThat(decider).doesNotContain("id=\"decision-form\"", "id=\"link-decision\"")
                    .contains("id=\"not-independent\"", "您不能对本审查作出认证决定：用户 decider 是或曾是审查 "
                            + DECIDER_TOOK_PART + " 的审查组成员；认证决定须由未参与该审查的人员作出（ISO/IEC 17065 7.6.1）");
            assertThat(page("decider", "/console/audits/" + DECIDER_TOOK_PART + "?lang=en"))
                    .contains("You cannot make the certification decision on this audit: user decider is or was on the team");
            assertThat(page("decider", "/console/audits/" + REVIEWED)).as("a decider who took no part")
                    .contains("id=\"decision-form\"").doesNotContain("id=\"not-independent\"");

            String reviewer = page("reviewer", "/console/audits/" + REVIEWER_TOOK_PART);
            assertThat(reviewer).doesNotContain("id=\"review-form\"")
                    .contains("id=\"not-independent\"", "您不能对本审查进行技术评审：用户 reviewer 是或曾是审查 "
                            + REVIEWER_TOOK_PART + " 的审查组成员；技术评审须由未参与该审查的人员进行（ISO/IEC 17065 7.5.1）");
            assertThat(page("reviewer", "/console/audits/" + RECOMMENDED)).contains("id=\"review-form\"")
                    .doesNotContain("id=\"not-independent\"");
        }

        @Test
        void fiveSpecialDeductionsSayInTheTotalsWhyThereIsNoGrade() throws Exception {
            assertThat(page("regulator", "/console/audits/" + FIVE_DEDUCTIONS))
                    .containsPattern("<small id=\"grade-why\"[^>]*>特别扣分项达 5 项，GB/T 27922 不予定级</small>");
            assertThat(page("regulator", "/console/audits/" + FIVE_DEDUCTIONS + "?lang=en"))
                    .contains("5 special deductions: not graded under GB/T 27922");
            assertThat(page("regulator", "/console/audits/" + AUDIT)).as("a graded audit says nothing")
                    .containsPattern("<small id=\"grade-why\"[^>]*></small>");
        }

        @Test
        void anUnfinishedSheetShowsItsTotalAndGradeAsProvisionalAndNeverGbT27922sNotGraded() throws Exception {
            // Part 5.3 not scored yet: the seed's 5.1 and 5.2 alone make 107.87 over every applicable point, six stars so far.
            AuditId halfScored = AuditId.of(new ProjectNumber("0942-2021-SE"), 1);
            Map<String, org.certaudit.scheme.ItemResult> results = new java.util.LinkedHashMap<>(SeedReport.itemResults());
            org.certaudit.scheme.Scheme scheme = org.certaudit.scheme.Scheme.ctsIscJsgf06();
            List<String> part53 = scheme.items().stream().filter(item -> item.part().equals("5.3"))
                    .map(org.certaudit.scheme.SchemeItem::clause).toList();
            part53.forEach(results::remove);
            List<AuditEvent> events = new ArrayList<>(scoredAsTheSeed(halfScored, "A").subList(0, 4));
            events.addAll(AuditFixtures.itemEvents(halfScored, results));
            long version = ProjectStream.append(eventStore, "leader", events);
            // Opened and staffed, nothing scored: a total of 0.00 that says nothing yet.
            AuditId unscored = AuditId.of(new ProjectNumber("0943-2021-SE"), 1);
            ProjectStream.append(eventStore, "admin", new ArrayList<>(scoredAsTheSeed(unscored, "A").subList(0, 4)));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                mvc.perform(get("/api/audits/" + halfScored + "/scorecard").with(basic("reviewer")))
                        .andExpect(jsonPath("$.version").value(version)).andExpect(jsonPath("$.complete").value(false));
                for (AuditId audit : List.of(halfScored, unscored)) {
                    mvc.perform(get("/api/audits/" + audit).with(basic("reviewer"))).andExpect(status().isOk());
                    // The unscored audit's page prints its scorecard's totals: a projection of its own, awaited too.
                    mvc.perform(get("/api/audits/" + audit + "/scorecard").with(basic("reviewer"))).andExpect(status().isOk());
                    mvc.perform(get("/api/projects/" + audit.projectNumber().value() + "/lineage").with(basic("reviewer")))
                            .andExpect(status().isOk());
                }
            });

            String half = page("auditor", "/console/audits/" + halfScored);
            assertThat(half).contains("<strong id=\"total\">107.87</strong>", ">暂定六星级</strong>",
                            "尚未评完：" + part53.size() + " 项未评，总分与等级为暂定", "data-unscored=\"" + part53.size() + "\"")
                    .containsPattern("<small id=\"grade-why\"[^>]*></small>")
                    .doesNotContain(">六星级</strong>");
            assertThat(page("auditor", "/console/audits/" + halfScored + "?lang=en"))
                    .contains(">Six stars, provisional</strong>",
                            "Not finished: " + part53.size() + " items still to assess, so total and grade are provisional");
            String asOf = page("regulator", "/console/audits/" + halfScored + "/as-of?version=" + version);
            assertThat(asOf).contains("<strong id=\"total\">107.87</strong>", ">暂定六星级</strong>",
                    "尚未评完：" + part53.size() + " 项未评").doesNotContain(">六星级</strong>");

            String none = page("auditor", "/console/audits/" + unscored);
            assertThat(none).contains("<strong id=\"total\">0.00</strong>", ">待定</strong>",
                            "尚未评完：" + scheme.items().size() + " 项未评，总分与等级为暂定")
                    .containsPattern("<small id=\"grade-why\"[^>]*></small>")
                    .doesNotContain("总分低于 70，GB/T 27922 不予定级", ">不予定级</strong>");
            assertThat(page("auditor", "/console/audits/" + unscored + "?lang=en")).contains(">Not yet determined</strong>")
                    .containsPattern("<small id=\"grade-why\"[^>]*></small>").doesNotContain(">Not graded</strong>");
            String lineage = page("regulator", "/console/projects/" + unscored.projectNumber().value() + "/lineage");
            assertThat(lineage).contains(">待定</strong>", "尚未评完，总分与等级为暂定").doesNotContain(">不予定级</strong>");
            assertThat(page("regulator", "/console/projects/" + unscored.projectNumber().value() + "/lineage?lang=en"))
                    .contains(">Not yet determined</strong>", "Not finished: total and grade are provisional");

            // A finished sheet's grade is its verdict.
            assertThat(page("auditor", "/console/audits/" + AUDIT)).contains(">十星级</strong>", "全部评完")
                    .doesNotContain("暂定十星级", "尚未评完");
        }

        @Test
        void theJumpBarLeadsToEachPartOfThePageThereIs() throws Exception {
            String leader = page("leader", "/console/audits/" + AUDIT);
            assertThat(leader).contains("<nav id=\"jump\"", "href=\"#part-5.1\"", "href=\"#part-5.2\"", "href=\"#part-5.3\"",
                    "id=\"part-5.1\"", "id=\"part-5.3\"", "href=\"#specials\"", "href=\"#findings\"", "href=\"#recommendation\"")
                    .doesNotContain("href=\"#review\"", "href=\"#decision\"");
            assertThat(page("reviewer", "/console/audits/" + RECOMMENDED)).contains("href=\"#review\"", "href=\"#certification\"");
            assertThat(page("decider", "/console/audits/" + REVIEWED)).contains("href=\"#decision\"");
        }

        @Test
        void anItemsEvidenceFollowsItsPercentAndANotApplicableItemsReasonTakesTheEvidencesPlace() throws Exception {
            String leader = page("leader", "/console/audits/" + AUDIT);
            // Tab goes from the percent to the evidence, then to not applicable: the order of the row's fields.
            java.util.regex.Matcher row = java.util.regex.Pattern.compile("<tr class=\"item\" data-clause=\"5.1.1.1\".*?</tr>",
                    java.util.regex.Pattern.DOTALL).matcher(leader);
            assertThat(row.find()).isTrue();
            String fields = row.group();
            assertThat(fields.indexOf("id=\"pct-5.1.1.1\"")).isPositive()
                    .isLessThan(fields.indexOf("id=\"note-5.1.1.1\""));
            assertThat(fields.indexOf("id=\"note-5.1.1.1\"")).isLessThan(fields.indexOf("id=\"nar-5.1.1.1\""));
            assertThat(fields.indexOf("id=\"nar-5.1.1.1\"")).isLessThan(fields.indexOf("id=\"na-5.1.1.1\""));
            assertThat(fields).containsPattern("<textarea class=\"na-reason\" id=\"nar-5.1.1.1\"[^>]*hidden");
            assertThat(leader).contains("Tab 从得分% 移到证据记录，再到不涉及和按钮");
            assertThat(leader).as("a recommendation and a decision are confirmed, naming the grade and the total")
                    .contains("id=\"recommend\" class=\"form grid\" data-command data-confirm-kind=\"recommend\"");
        }

        @Test
        void anOpenAuditOffersTheReviewerAndTheDeciderNothingYet() throws Exception {
            for (String user : List.of("reviewer", "decider")) {
                assertThat(page(user, "/console/audits/" + AUDIT)).doesNotContain("id=\"review-form\"", "id=\"decision-form\"");
            }
        }

        @Test
        void theListIsPagedAndABadPageSizeIsA400PageNamingItAndItsRuleInThePagesLanguage() throws Exception {
            String list = page("reviewer", "/console/audits?size=1&projectNumber=" + PROJECT);
            assertThat(list).contains("data-audit=\"" + AUDIT + "\"", "id=\"page-position\"").doesNotContain("id=\"page-previous\"", "id=\"page-next\"");
            MockHttpSession session = signIn("reviewer");
            String refused = mvc.perform(get("/console/audits?size=0").session(session)).andExpect(status().isBadRequest())
                    .andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(refused).contains("输入有误", "size", "不得小于 1", "data-code=\"field.min\"");
            String inEnglish = mvc.perform(get("/console/audits?size=201&lang=en").session(session))
                    .andExpect(status().isBadRequest())
                    .andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(inEnglish).contains("size", "must be at most 200", "data-code=\"field.max\"");
            String twice = mvc.perform(get("/console/audits?size=1&size=2").session(session))
                    .andExpect(status().isBadRequest())
                    .andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(twice).contains("size", "field.duplicate").doesNotContain("[Ljava.lang.String;");
        }

        @Test
        void aPageRefusesAParameterItDoesNotTakeAndLetsTheLanguageSwitchThrough() throws Exception {
            MockHttpSession session = signIn("reviewer");
            String misspelt = mvc.perform(get("/console/audits?organisation=x").session(session))
                    .andExpect(status().isBadRequest()).andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
                    .andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(misspelt).contains("organisation", "data-code=\"field.unknown\"", "不是此请求的字段");
            String kept = mvc.perform(get("/console/audits?projectNumber=" + PROJECT + "&organisation=x&size=5").session(session))
                    .andExpect(status().isBadRequest())
                    .andReturn().getResponse().getContentAsString(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(kept).as("a link to the page without the parameter at fault")
                    .contains("href=\"/console/audits?projectNumber=" + PROJECT + "&amp;size=5\"", "去掉 organisation 后打开此页");
            mvc.perform(get("/console/audits/" + AUDIT + "/trail?pgae=2").session(session)).andExpect(status().isBadRequest());
            mvc.perform(get("/console/audits/" + AUDIT + "?lang=en").session(session)).andExpect(status().isOk());
            mvc.perform(get("/console/audits?lang=en&organization=x").session(session)).andExpect(status().isOk());
            mvc.perform(get("/console/login?error")).andExpect(status().isOk());
            mvc.perform(get("/console/login?logout")).andExpect(status().isOk());
        }

        @Test
        void aProblemPageSaysItsKindThenASeparatorThenWhatIsWrongInBothLanguages() throws Exception {
            MockHttpSession session = signIn("reviewer");
            for (String[] expected : List.of(new String[] {"zh_CN", "未找到：no audit 0915-2021-SE.9", "输入有误：size: 不得小于 1"},
                    new String[] {"en", "Not found: no audit 0915-2021-SE.9", "Invalid input: size: must be at least 1"})) {
                String missing = mvc.perform(get("/console/audits/0915-2021-SE.9?lang=" + expected[0]).session(session))
                        .andExpect(status().isNotFound()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
                String refused = mvc.perform(get("/console/audits?size=0&lang=" + expected[0]).session(session))
                        .andExpect(status().isBadRequest()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
                assertThat(shown(missing)).as("as a browser shows it").contains(expected[1]);
                assertThat(shown(refused)).contains(expected[2]);
            }
        }

        @Test
        void anUnknownAuditIsA404PageAndABadIdA400Page() throws Exception {
            MockHttpSession session = signIn("reviewer");
            mvc.perform(get("/console/audits/0915-2021-SE.9").session(session)).andExpect(status().isNotFound())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML));
            mvc.perform(get("/console/audits/not an id").session(session)).andExpect(status().isBadRequest());
        }

        @Test
        void theTrailNamesTheTeamMemberEachUserWasAtThatMoment() throws Exception {
            String trail = page("regulator", "/console/audits/" + AUDIT + "/trail");
            String leader = AuditFixtures.leader().code() + " " + AuditFixtures.leader().name();

            assertThat(count(trail, "<tr>")).as("header and the first page's entries").isGreaterThan(90);
            assertThat(count(trail, "class=\"member\"")).as("every entry after the leader joined the team")
                    .isEqualTo(count(trail, "<tr>") - 1 - 2);
            assertThat(trail).contains(leader, "组长", "class=\"event\"");
            assertThat(trail).as("the pledge names its signer by code; the page adds the name")
                    .contains(AuditFixtures.leader().code() + "（" + AuditFixtures.leader().name() + "）");
            assertThat(trail).as("the scheme by its id and title")
                    .contains("CTS-ISC-JSGF-06（商品售后服务成熟度认证技术规范）");
        }

        @Test
        void theTrailSaysEachEventAndItsFieldsInWordsAndKeepsTheStoredJson() throws Exception {
            String trail = page("regulator", "/console/audits/" + AUDIT + "/trail");

            assertThat(trail).doesNotContain("??").contains("<dt>受审查方</dt>", "<dt>得分</dt>", "<dt>证据记录</dt>",
                    "<summary>原始记录（JSON）</summary>", "&quot;clause&quot;:");
            assertThat(trail).as("a scored item's clause leads to its changes")
                    .containsPattern("href=\"/console/audits/" + AUDIT + "/items/\\d+(\\.\\d+)+/history\"");
            assertThat(count(trail, "<dl class=\"fields\">")).isEqualTo(count(trail, "<tr>") - 1);
            assertThat(page("regulator", "/console/audits/" + AUDIT + "/trail?lang=en"))
                    .contains("<dt>Organization</dt>", "<dt>Score</dt>", "Item scored");
        }

        @Test
        void anItemsChangesAreTheAuditPagesDrawerOrAPageOfTheirOwnWhenFollowedAsALink() throws Exception {
            MockHttpSession session = signIn("regulator");
            String drawer = mvc.perform(get("/console/audits/" + AUDIT + "/items/B8/history").session(session)
                            .header(ConsoleController.DRAWER_HEADER, "1")).andExpect(status().isOk())
                    .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
            assertThat(drawer).contains("class=\"drawer-close\"").doesNotContain("<html", "class=\"bar\"");
            String page = page("regulator", "/console/audits/" + AUDIT + "/items/B8/history");
            assertThat(page).contains("<html", "5.2.2.3（B8）的修改记录", "href=\"/console/audits/" + AUDIT + "\"")
                    .doesNotContain("class=\"drawer-close\"");
            assertThat(page("regulator", "/console/audits/" + AUDIT + "/items/5.1.1.3/history"))
                    .as("an item without a code").contains("5.1.1.3 的修改记录").doesNotContain("null");
            String refused = mvc.perform(get("/console/audits/" + AUDIT + "/items/B8/history").session(session)
                            .header(ConsoleController.DRAWER_HEADER, "yes").accept(MediaType.TEXT_HTML))
                    .andExpect(status().isBadRequest())
                    .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
            assertThat(refused).contains(ConsoleController.DRAWER_HEADER, "field.not-one-of");
        }

        @Test
        void theTrailPastItsLastPageSaysSoAndAPageThatIsNoNumberIsA400Page() throws Exception {
            String beyond = page("regulator", "/console/audits/" + AUDIT + "/trail?page=99");
            assertThat(beyond).contains("第 100 页没有记录", "?page=").doesNotContain("class=\"fields\"");
            MockHttpSession session = signIn("regulator");
            for (String bad : List.of("/console/audits/" + AUDIT + "/trail?page=x", "/console/audits?size=abc",
                    "/console/audits?page=%EF%BC%91")) {
                String refused = mvc.perform(get(bad).session(session).accept(MediaType.TEXT_HTML))
                        .andExpect(status().isBadRequest()).andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
                        .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
                assertThat(refused).as(bad).contains("data-code=\"field.not-a-number\"");
            }
        }

        @Test
        void aQueryTheRequestLineRefusesIsAPageForABrowserAndAProblemForAScript() throws Exception {
            String page = mvc.perform(get(java.net.URI.create("/console/audits?=1")).session(signIn("regulator"))
                            .accept(MediaType.TEXT_HTML, MediaType.ALL))
                    .andExpect(status().isBadRequest()).andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
                    .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
            assertThat(page).contains("输入有误", "query:", "data-code=\"request.malformed\"", "=1");
            mvc.perform(get(java.net.URI.create("/%63onsole/audits?=1")).session(signIn("regulator"))
                            .accept(MediaType.TEXT_HTML, MediaType.ALL))
                    .andExpect(status().isBadRequest()).andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML));
            mvc.perform(get(java.net.URI.create("/console/audits?=1")).session(signIn("regulator"))
                            .accept(MediaType.APPLICATION_JSON))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        }

        @Test
        void aLanguageTheConsoleHasNotIsA400PageAndAnUnreadableLanguageCookieIsIgnored() throws Exception {
            for (String lang : List.of("a.b", "%22%3E%3Cscript%3E", "de", "zh-TW")) {
                String refused = mvc.perform(get("/console/audits?lang=" + lang).session(signIn("regulator")))
                        .andExpect(status().isBadRequest()).andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
                        .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
                assertThat(refused).as(lang).contains("lang", "data-code=\"field.not-one-of\"").doesNotContain("<script>");
            }
            mvc.perform(get("/console/login?lang=a.b")).andExpect(status().isBadRequest());
            mvc.perform(get("/console/login").cookie(new jakarta.servlet.http.Cookie("certaudit-lang", "a.b")))
                    .andExpect(status().isOk());
            mvc.perform(get("/console/audits").session(signIn("regulator"))
                    .cookie(new jakarta.servlet.http.Cookie("certaudit-lang", "a.b"))).andExpect(status().isOk());
        }

        @Test
        void theLanguageSwitchKeepsThePagesParameters() throws Exception {
            String list = page("regulator", "/console/audits?projectNumber=" + PROJECT + "&size=5");
            assertThat(list).contains("href=\"/console/audits?projectNumber=" + PROJECT + "&amp;size=5&amp;lang=en\"");
            assertThat(page("regulator", "/console/audits/" + AUDIT + "/as-of?version=3&lang=en"))
                    .contains("href=\"/console/audits/" + AUDIT + "/as-of?version=3&amp;lang=zh_CN\"");
            assertThat(mvc.perform(get(java.net.URI.create("/console/audits?organization=a%3Db=c&lang=en"))
                            .session(signIn("regulator"))).andExpect(status().isOk())
                    .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8))
                    .as("a value holding '=' as sent").contains("href=\"/console/audits?organization=a%3Db=c&amp;lang=zh_CN\"");
        }

        @Test
        void theHistoryDrawerListsTheItemsChanges() throws Exception {
            String drawer = page("regulator", "/console/audits/" + AUDIT + "/items/B8/history");
            assertThat(count(drawer, "class=\"change\"")).isEqualTo(1);
            assertThat(drawer).contains("evidence for 5.2.2.3", "leader");
            String recorded = com.jayway.jsonpath.JsonPath.read(mvc.perform(get("/api/audits/" + AUDIT + "/items/B8/history")
                    .with(basic("regulator"))).andReturn().getResponse().getContentAsString(), "$[0].time");
            assertThat(drawer).as("when, on the certification body's clock with its offset")
                    .contains("leader），" + shanghai(Instant.parse(recorded)) + "，版本 ").doesNotContain(recorded);
            assertThat(drawer).as("the team member the user was, as the trail names them")
                    .contains(AuditFixtures.leader().code() + " " + AuditFixtures.leader().name() + "（leader）");
        }

        @Test
        void theTotalsCountTheSpecialItemsInWords() throws Exception {
            assertThat(page("regulator", "/console/audits/" + AUDIT)).contains("扣分项 0 个 · 加分项 0 个")
                    .doesNotContain("-0 / +0");
            assertThat(page("regulator", "/console/audits/" + AUDIT + "?lang=en")).contains("deductions: 0 · bonuses: 0");
        }
    }

    /**
     * Where the team did not pledge impartiality before it worked (ISO/IEC 17021-1 5.2, ISO/IEC 17065 4.2): beside the
     * form of whoever acts next, as warnings that leave the form offered, and in the audit's JSON.
     */
    @Nested
    class PledgeTimingWarnings {

        private static final String LATE_ZH = "A 李雅宁 的公正性和保密承诺签署于 2021-06-07，晚于现场审查开始的 2021-06-05。";

        @Test
        void theLeaderReadsThemAboveTheRecommendationFormWhichSaysPlainlyThatThePledgeTimingIsQuestioned()
                throws Exception {
            String page = page("leader", "/console/audits/" + PLEDGED_LATE);
            String warnings = warnings(page, "recommend-pledge-timing-warnings");
            assertThat(warnings).contains("data-warning=\"PLEDGE_AFTER_ON_SITE\" data-member=\"A\"", LATE_ZH,
                    "以上只是提示，不阻止推荐、技术评审或认证决定");
            assertThat(count(page, "data-warning=")).as("said once").isEqualTo(1);
            String form = AuditPage.elementOf(page, "id=\"recommend\"");
            assertThat(form).as("the form stays offered and says it in its own words").contains(
                    "id=\"recommend-pledge-timing\"", "审查组公正性承诺的时间有疑问（见上）：推荐前请核实承诺书的签署日期",
                    "推荐不会因此被拒绝", "type=\"submit\"");
            assertThat(page.indexOf("id=\"recommend-pledge-timing-warnings\"")).as("read before the form")
                    .isLessThan(page.indexOf("id=\"recommend\""));

            String english = page("leader", "/console/audits/" + PLEDGED_LATE + "?lang=en");
            assertThat(english).contains(
                    "A 李雅宁 signed the impartiality and confidentiality pledge on 2021-06-07, after the on-site period began on 2021-06-05.",
                    "impartiality pledges is questioned (see above): check the days the pledges were signed on before recommending",
                    "These are warnings only and block neither the recommendation, the technical review nor the decision");
        }

        @Test
        void theReviewerReadsThemInTheReviewPanelOnlyAndIsStillOfferedTheForm() throws Exception {
            String page = page("reviewer", "/console/audits/" + WORKED_BEFORE_PLEDGE);
            String warnings = warnings(page, "review-pledge-timing-warnings");
            assertThat(warnings).contains("data-warning=\"WORK_BEFORE_PLEDGE\" data-member=\"A\"",
                    "A 李雅宁 的公正性和保密承诺签署于 2021-06-06，但其在此日之前已记录 94 条评分、审查发现或特别项，最早一条是 2021-06-05 记录的条款 ",
                    "data-warning=\"PLEDGE_AFTER_ON_SITE\" data-member=\"A\"");
            assertThat(page).as("not said again above the standing recommendation")
                    .doesNotContain("id=\"recommend-pledge-timing-warnings\"");
            assertThat(count(page, "data-warning=")).isEqualTo(2);
            assertThat(AuditPage.elementOf(page, "id=\"review-form\"")).contains("id=\"review-pledge-timing\"",
                    "审查组公正性承诺的时间有疑问（见上）：通过前请核实", "value=\"ACCEPT\"");

            String regulator = page("regulator", "/console/audits/" + WORKED_BEFORE_PLEDGE);
            assertThat(regulator).as("a reader with no form reads them by the recommendation")
                    .contains("id=\"recommend-pledge-timing-warnings\"").doesNotContain("id=\"review-form\"");
        }

        @Test
        void theDeciderReadsThemInTheDecisionPanelAndIsStillOfferedTheForm() throws Exception {
            String page = page("decider", "/console/audits/" + REVIEWED_PLEDGED_LATE);
            assertThat(warnings(page, "decision-pledge-timing-warnings")).contains(LATE_ZH);
            assertThat(AuditPage.elementOf(page, "id=\"decision-form\"")).contains("id=\"decision-pledge-timing\"",
                    "审查组公正性承诺的时间有疑问（见上）：作出认证决定时请一并考虑。", "type=\"submit\"");
            assertThat(page("decider", "/console/audits/" + REVIEWED_PLEDGED_LATE + "?lang=en"))
                    .contains("impartiality pledges is questioned (see above): take it into account in the decision.");
        }

        @Test
        void aTeamThatPledgedOnTheFirstOnSiteDayIsWarnedOfNothing() throws Exception {
            assertThat(page("leader", "/console/audits/" + AUDIT)).contains("id=\"recommend\"")
                    .doesNotContain("pledge-timing", "data-warning=");
            mvc.perform(get("/api/audits/" + AUDIT).with(basic("reviewer"))).andExpect(status().isOk())
                    .andExpect(jsonPath("$.pledgeTimingWarnings.length()").value(0));
        }

        @Test
        void theAuditsJsonListsThemWithTheirKindMemberAndDays() throws Exception {
            mvc.perform(get("/api/audits/" + WORKED_BEFORE_PLEDGE).with(basic("reviewer"))).andExpect(status().isOk())
                    .andExpect(jsonPath("$.pledgeTimingWarnings.length()").value(2))
                    .andExpect(jsonPath("$.pledgeTimingWarnings[0].kind").value("WORK_BEFORE_PLEDGE"))
                    .andExpect(jsonPath("$.pledgeTimingWarnings[0].memberCode").value("A"))
                    .andExpect(jsonPath("$.pledgeTimingWarnings[0].memberName").value("李雅宁"))
                    .andExpect(jsonPath("$.pledgeTimingWarnings[0].signedOn").value("2021-06-06"))
                    .andExpect(jsonPath("$.pledgeTimingWarnings[0].records").value(94))
                    .andExpect(jsonPath("$.pledgeTimingWarnings[0].firstWorkOn").value("2021-06-05"))
                    .andExpect(jsonPath("$.pledgeTimingWarnings[0].firstWork").value("ITEM"))
                    .andExpect(jsonPath("$.pledgeTimingWarnings[0].firstSubject").isString())
                    .andExpect(jsonPath("$.pledgeTimingWarnings[0].onSiteFrom").value(org.hamcrest.Matchers.nullValue()))
                    .andExpect(jsonPath("$.pledgeTimingWarnings[1].kind").value("PLEDGE_AFTER_ON_SITE"))
                    .andExpect(jsonPath("$.pledgeTimingWarnings[1].signedOn").value("2021-06-06"))
                    .andExpect(jsonPath("$.pledgeTimingWarnings[1].onSiteFrom").value("2021-06-05"))
                    .andExpect(jsonPath("$.pledgeTimingWarnings[1].records").value(org.hamcrest.Matchers.nullValue()));
        }

        /** The warnings' box with this id, up to its end (it holds no other box). */
        private static String warnings(String page, String id) {
            int at = page.indexOf("id=\"" + id + "\"");
            assertThat(at).as(id).isNotNegative();
            return page.substring(at, page.indexOf("</div>", at));
        }
    }

    private Instant openedAt(AuditId audit) throws Exception {
        return Instant.parse(com.jayway.jsonpath.JsonPath.read(mvc.perform(get("/api/audits/" + audit).with(basic("regulator")))
                .andReturn().getResponse().getContentAsString(), "$.openedAt"));
    }

    /** As the console prints a moment: Shanghai's clock to the second, with the offset. */
    private static String shanghai(Instant instant) {
        return java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss")
                .format(instant.atZone(java.time.ZoneId.of("Asia/Shanghai"))) + " +08:00";
    }

    /** As a datetime-local picker on Shanghai's clock gives a moment. */
    private static String picker(Instant instant) {
        return java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss")
                .format(instant.atZone(java.time.ZoneId.of("Asia/Shanghai")));
    }

    private MockHttpSession signIn(String user) throws Exception {
        return (MockHttpSession) mvc.perform(formLogin("/console/login").user(user).password(user + "-pass"))
                .andExpect(status().isFound()).andReturn().getRequest().getSession(false);
    }

    private String page(String user, String path) throws Exception {
        return mvc.perform(get(path).session(signIn(user))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    /** The certificate register's decisions section (a regulator's or an admin's). */
    private static String decisions(String page) {
        int start = page.indexOf("id=\"decisions\"");
        assertThat(start).as("the decisions section").isNotNegative();
        return page.substring(start);
    }

    /** The text of a problem page's problem line as a browser shows it: tags dropped, white space collapsed. */
    private static String shown(String page) {
        java.util.regex.Matcher problem = java.util.regex.Pattern.compile("<p class=\"problem\"[^>]*>(.*?)</p>",
                java.util.regex.Pattern.DOTALL).matcher(page);
        assertThat(problem.find()).as("a problem line").isTrue();
        return problem.group(1).replaceAll("<[^>]+>", "").replaceAll("\\s+", " ").strip();
    }

    private static int count(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    /** The forward Spring Security's access-denied handler makes to the refusal page for a page asked at {@code path}. */
    private static org.springframework.test.web.servlet.request.RequestPostProcessor refusedAt(String path, String query) {
        return request -> {
            request.setDispatcherType(jakarta.servlet.DispatcherType.FORWARD);
            request.setAttribute(jakarta.servlet.RequestDispatcher.FORWARD_REQUEST_URI, path);
            request.setAttribute(jakarta.servlet.RequestDispatcher.FORWARD_QUERY_STRING, query);
            request.setAttribute(org.springframework.security.web.WebAttributes.ACCESS_DENIED_403,
                    new org.springframework.security.access.AccessDeniedException("Access Denied"));
            return request;
        };
    }

    /** As a browser sends it: the session's cookie, which the console's chain looks for on API reads. */
    private static org.springframework.test.web.servlet.request.RequestPostProcessor sessionCookie(MockHttpSession session) {
        return request -> {
            request.setRequestedSessionId(session.getId());
            return request;
        };
    }

    private static org.springframework.test.web.servlet.request.RequestPostProcessor basic(String user) {
        return org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors
                .httpBasic(user, user + "-pass");
    }

    /** A command side that records what reaches it and answers what it is told to. */
    static final class StubCommandSide {

        final List<Map<String, String>> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final HttpServer server;
        private volatile int status = 200;
        private volatile String etag = "\"1\"";
        private volatile String body = "{}";

        StubCommandSide() {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/", exchange -> {
                Map<String, String> request = new ConcurrentHashMap<>();
                String query = exchange.getRequestURI().getRawQuery();
                request.put("line", exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath()
                        + (query == null ? "" : "?" + query));
                for (String name : List.of("Authorization", "If-Match", "Idempotency-Key", "Accept")) {
                    String value = exchange.getRequestHeaders().getFirst(name);
                    if (value != null) {
                        request.put(name.toLowerCase(java.util.Locale.ROOT), value);
                    }
                }
                request.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                received.add(request);
                byte[] answer = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type",
                        status >= 400 ? "application/problem+json" : "application/json");
                exchange.getResponseHeaders().add("ETag", etag);
                exchange.sendResponseHeaders(status, answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        void answer(int status, String etag, String body) {
            this.status = status;
            this.etag = etag;
            this.body = body;
        }

        void stop() {
            server.stop(0);
        }
    }
}
