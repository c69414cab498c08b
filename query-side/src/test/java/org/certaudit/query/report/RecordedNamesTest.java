package org.certaudit.query.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.certaudit.audit.AuditCancelled;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.Certificate;
import org.certaudit.audit.CertificateGranted;
import org.certaudit.audit.Decision;
import org.certaudit.audit.DecisionOutcome;
import org.certaudit.audit.GradeRecommended;
import org.certaudit.audit.OnSiteAuditRescheduled;
import org.certaudit.audit.OnSitePeriod;
import org.certaudit.audit.AuditOpened;
import org.certaudit.audit.PledgeSigned;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.audit.TechnicalReviewAccepted;
import org.certaudit.query.AuditFixtures;
import org.certaudit.query.ProjectStream;
import org.certaudit.query.QuerySideTest;
import org.certaudit.query.scorecard.PointInTime;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.SeedReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Pages and reports name a reviewer, a decider and the admin by the name recorded with the event that made them so,
 * (and the admin who rescheduled or cancelled an audit)
 * whatever {@code certaudit.people} says now: the local profile names them 周文博, 吴思远 and 孙立平, the events below
 * were recorded when they were named 周文, 吴思源 and 孙立 (ISO/IEC 17065 7.5, 7.6). Events recorded before names were
 * kept, with none, are named by the configuration.
 */
@QuerySideTest
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecordedNamesTest {

    /** Reviewed and decided by people named in their events. */
    private static final AuditId NAMED = AuditId.of(new ProjectNumber("0951-2021-SE"), 1);
    private static final String NAMED_CERTIFICATE = "CTS-2021-0951-2021-SE-1";
    /** Reviewed and decided with no names recorded, as before names were kept. */
    private static final AuditId UNNAMED = AuditId.of(new ProjectNumber("0952-2021-SE"), 1);
    /** Cancelled by the admin, named in the event. */
    private static final AuditId CANCELLED = AuditId.of(new ProjectNumber("0953-2021-SE"), 1);
    /** Its on-site period moved by the admin, named in the event. */
    private static final AuditId RESCHEDULED = AuditId.of(new ProjectNumber("0954-2021-SE"), 1);

    @Autowired
    MockMvc mvc;
    @Autowired
    EventStore eventStore;
    @Autowired
    AuditReports reports;

    @BeforeAll
    void auditsReviewedDecidedAndCancelledWithAndWithoutNames() {
        decided(NAMED, NAMED_CERTIFICATE, "周文", "吴思源");
        decided(UNNAMED, "CTS-2021-0952-2021-SE-1", null, null);
        ProjectStream.append(eventStore, "leader", scored(CANCELLED));
        ProjectStream.append(eventStore, "admin", "孙立", List.of(new AuditCancelled(CANCELLED, "admin", "年份录入错误")));
        AuditOpened opened = AuditFixtures.opened(RESCHEDULED, AuditType.INITIAL, null, AuditFixtures.SEED_ON_SITE_FROM,
                AuditFixtures.SEED_ON_SITE_TO);
        ProjectStream.append(eventStore, "admin", opened);
        ProjectStream.append(eventStore, "admin", "孙立", List.of(new OnSiteAuditRescheduled(RESCHEDULED,
                OnSitePeriod.of(opened), new OnSitePeriod(LocalDate.of(2021, 6, 12), LocalDate.of(2021, 6, 14),
                        new BigDecimal("3"), null, null), "admin", "受审查方申请改期")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> mvc.perform(get("/api/audits/" + RESCHEDULED)
                        .with(httpBasic("regulator", "regulator-pass")))
                .andExpect(jsonPath("$.reschedulings[0].reason").value("受审查方申请改期")));
        for (AuditId audit : List.of(NAMED, UNNAMED, CANCELLED)) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                mvc.perform(get("/api/audits/" + audit).with(httpBasic("regulator", "regulator-pass")))
                        .andExpect(jsonPath("$.status").value(audit == CANCELLED ? "CANCELLED" : "DECIDED"));
                mvc.perform(get("/api/projects/" + audit.projectNumber() + "/lineage")
                                .with(httpBasic("regulator", "regulator-pass")))
                        .andExpect(jsonPath("$.audits[0].status").value(audit == CANCELLED ? "CANCELLED" : "DECIDED"));
            });
        }
    }

    @Test
    void theAuditPageAndTheLineageNameTheReviewerAndDeciderAsRecordedNotAsConfiguredNow() throws Exception {
        assertThat(page("/console/audits/" + NAMED)).contains("评审人 周文（reviewer）", "决定人 吴思源（decider）")
                .doesNotContain("周文博", "吴思远");
        assertThat(page("/console/projects/" + NAMED.projectNumber() + "/lineage"))
                .contains("评审人 周文（reviewer）", "决定人 吴思源（decider）").doesNotContain("周文博", "吴思远");
        mvc.perform(get("/api/projects/" + NAMED.projectNumber() + "/lineage").with(httpBasic("regulator", "regulator-pass")))
                .andExpect(jsonPath("$.audits[0].reviews[0].reviewer").value("reviewer"))
                .andExpect(jsonPath("$.audits[0].reviews[0].reviewerName").value("周文"))
                .andExpect(jsonPath("$.audits[0].decision.decider").value("decider"))
                .andExpect(jsonPath("$.audits[0].decision.deciderName").value("吴思源"));
    }

    @Test
    void eventsRecordedWithoutANameFallBackToTheConfiguration() throws Exception {
        assertThat(page("/console/audits/" + UNNAMED)).contains("评审人 周文博（reviewer）", "决定人 吴思远（decider）");
        mvc.perform(get("/api/projects/" + UNNAMED.projectNumber() + "/lineage").with(httpBasic("regulator", "regulator-pass")))
                .andExpect(jsonPath("$.audits[0].reviews[0].reviewerName").doesNotExist())
                .andExpect(jsonPath("$.audits[0].decision.deciderName").doesNotExist());
        String report = report(UNNAMED);
        assertThat(report).contains("周文博（reviewer）", "吴思远（decider）");
    }

    @Test
    void theReportNamesThemAsRecordedAndItsDigestIsTheOneWithoutNames() throws Exception {
        String named = report(NAMED);
        String unnamed = report(UNNAMED);

        assertThat(named).contains("周文（reviewer）", "吴思源（decider）").doesNotContain("周文博", "吴思远");
        // The two audits' events differ only in their project and the names recorded: the digests differ by the project
        // alone, so the canonical text (what is digested) holds no name; ReportDigestTest pins the digests themselves.
        assertThat(canonicalText(NAMED)).doesNotContain("周文", "吴思源")
                .isEqualTo(canonicalText(UNNAMED).replace("0952", "0951"));
    }

    @Test
    void theTrailTheDecisionsExportAndTheCancellationNameWhoActedAsRecorded() throws Exception {
        assertThat(page("/console/audits/" + NAMED + "/trail?page=1")).contains("<small class=\"person\">周文</small>",
                "<small class=\"person\">吴思源</small>");
        String trail = mvc.perform(get("/api/audits/" + NAMED + "/events?page=1&size=100")
                        .with(httpBasic("regulator", "regulator-pass")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(trail).contains("\"user\":\"reviewer\",\"personName\":\"周文\"",
                "\"user\":\"decider\",\"personName\":\"吴思源\"");
        String decisions = mvc.perform(get("/api/decisions?from=2021-01-01&to=2021-12-31")
                        .with(httpBasic("regulator", "regulator-pass")).accept(MediaType.APPLICATION_JSON))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(decisions).contains("\"certificateNumber\":\"" + NAMED_CERTIFICATE + "\"")
                .contains("\"deciderName\":\"吴思源\"", "\"deciderName\":\"吴思远\"")
                // The reviewer whose acceptance the decision rests on, as recorded, else as configured.
                .contains("\"reviewer\":\"reviewer\",\"reviewerName\":\"周文\"",
                        "\"reviewer\":\"reviewer\",\"reviewerName\":\"周文博\"");
        mvc.perform(get("/api/projects/" + NAMED.projectNumber() + "/lineage").with(httpBasic("regulator", "regulator-pass")))
                .andExpect(jsonPath("$.certificateChanges[0].decider").value("decider"))
                .andExpect(jsonPath("$.certificateChanges[0].deciderName").value("吴思源"))
                .andExpect(jsonPath("$.certificateChanges[0].reason").value("符合要求"))
                .andExpect(jsonPath("$.certificateChanges[0].recordedAt").isString());
        assertThat(page("/console/audits/" + CANCELLED)).contains("孙立（admin）").doesNotContain("孙立平");
    }

    @Test
    void aReschedulingNamesWhoMovedThePeriodAsRecorded() throws Exception {
        assertThat(page("/console/audits/" + RESCHEDULED)).contains("孙立（admin）").doesNotContain("孙立平");
        mvc.perform(get("/api/audits/" + RESCHEDULED).with(httpBasic("regulator", "regulator-pass")))
                .andExpect(jsonPath("$.reschedulings[0].rescheduledBy").value("admin"))
                .andExpect(jsonPath("$.reschedulings[0].rescheduledByName").value("孙立"));
        assertThat(reports.issue(RESCHEDULED, PointInTime.NOW).orElseThrow().facts().reschedulings())
                .singleElement().satisfies(r -> assertThat(r.rescheduledByName()).isEqualTo("孙立"));
    }

    private void decided(AuditId audit, String number, String reviewerName, String deciderName) {
        long recommended = ProjectStream.append(eventStore, "leader", scored(audit));
        ProjectStream.append(eventStore, "reviewer", reviewerName, List.of(new TechnicalReviewAccepted(audit, "reviewer",
                LocalDate.of(2021, 6, 20), new BigDecimal("145.75"), Grade.TEN_STAR, null)));
        LocalDate decidedOn = LocalDate.of(2021, 7, 1);
        ProjectStream.append(eventStore, "decider", deciderName, List.of(new CertificateGranted(audit,
                new Decision(DecisionOutcome.GRANT, "decider", decidedOn, recommended + 1, new BigDecimal("145.75"),
                        Grade.TEN_STAR, "符合要求"),
                new Certificate(number, AuditFixtures.organization().name(), "售后服务", "CTS-ISC-JSGF-06", Grade.TEN_STAR,
                        decidedOn, decidedOn, LocalDate.of(2024, 6, 30), LocalDate.of(2022, 6, 7)))));
    }

    /** Opened with the seed's team, both pledged, every item scored as the seed, the seed's grade recommended. */
    private static List<AuditEvent> scored(AuditId audit) {
        List<AuditEvent> events = new ArrayList<>();
        events.add(AuditFixtures.opened(audit, AuditType.INITIAL, null, AuditFixtures.SEED_ON_SITE_FROM,
                AuditFixtures.SEED_ON_SITE_TO));
        events.add(new TeamMemberAssigned(audit, AuditFixtures.leader()));
        events.add(new TeamMemberAssigned(audit, AuditFixtures.auditor()));
        events.add(new PledgeSigned(audit, "A", LocalDate.of(2021, 6, 5)));
        events.add(new PledgeSigned(audit, "B", LocalDate.of(2021, 6, 5)));
        events.addAll(AuditFixtures.itemEvents(audit, SeedReport.itemResults()));
        events.add(new GradeRecommended(audit, new BigDecimal("145.75"), Grade.TEN_STAR, LocalDate.of(2021, 6, 7)));
        return events;
    }

    private String report(AuditId audit) throws Exception {
        return mvc.perform(get("/api/audits/" + audit + "/report.html").with(httpBasic("regulator", "regulator-pass")))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private String canonicalText(AuditId audit) {
        return reports.issue(audit, PointInTime.NOW).orElseThrow().canonicalText();
    }

    private String page(String path) throws Exception {
        MockHttpSession session = (MockHttpSession) mvc.perform(formLogin("/console/login").user("regulator")
                        .password("regulator-pass"))
                .andExpect(status().isFound()).andReturn().getRequest().getSession(false);
        return mvc.perform(get(path).session(session)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }
}
