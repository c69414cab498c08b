package org.certaudit.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditOpened;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.Certificate;
import org.certaudit.audit.CertificateGranted;
import org.certaudit.audit.CertificateSuspended;
import org.certaudit.audit.Decision;
import org.certaudit.audit.DecisionOutcome;
import org.certaudit.audit.FindingsRecorded;
import org.certaudit.audit.GradeRecommended;
import org.certaudit.audit.HalfDay;
import org.certaudit.audit.ItemMarkedNotApplicable;
import org.certaudit.audit.ItemScoreRevised;
import org.certaudit.audit.ItemScored;
import org.certaudit.audit.Organization;
import org.certaudit.audit.PledgeDateCorrected;
import org.certaudit.audit.PledgeSigned;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.audit.SpecialItemKind;
import org.certaudit.audit.SpecialItemRecorded;
import org.certaudit.audit.TeamMember;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.audit.TeamMemberRemoved;
import org.certaudit.audit.TeamRole;
import org.certaudit.audit.TechnicalReviewAccepted;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.Percent;
import org.certaudit.scheme.SeedReport;

/**
 * The fixed history of project 0455-2021-SE whose report digests query-side's {@code ReportDigestTest} pinned: the seed
 * audit (half-days, leader, pledge, the seed's 94 results, its findings, 十星级 at 145.75) reviewed and granted, then a
 * surveillance audit with a corrected pledge, a revision, a deduction and a removed member, reviewed and suspended. Each
 * event with the user it was recorded for, a minute apart from 2021-06-05T01:00:00Z, as the query side's harness
 * stores them.
 */
final class ProjectHistory {

    static final ProjectNumber PROJECT = new ProjectNumber("0455-2021-SE");
    static final AuditId SEED = AuditId.of(PROJECT, 1);
    static final AuditId SURVEILLANCE = AuditId.of(PROJECT, 2);
    static final String NUMBER = "CTS-2021-0455-2021-SE-1";
    /** The seed audit's last event: the grant. */
    static final long GRANTED = 100;
    /** The project's last event: the suspension, the surveillance audit's last event. */
    static final long SUSPENDED = 207;

    private static final Instant START = Instant.parse("2021-06-05T01:00:00Z");

    private final List<RecordedEvent> events = new ArrayList<>();
    private String user = "leader";

    private ProjectHistory() {
    }

    /** The whole history, sequences 0 to {@link #SUSPENDED}. */
    static List<RecordedEvent> events() {
        ProjectHistory history = new ProjectHistory();
        AuditOpened seed = opened(SEED, AuditType.INITIAL, null, LocalDate.of(2021, 6, 5), LocalDate.of(2021, 6, 7),
                HalfDay.MORNING, HalfDay.AFTERNOON);
        history.given(seed, new TeamMemberAssigned(SEED, leader()), new PledgeSigned(SEED, "A", LocalDate.of(2021, 6, 7)));
        history.givenSeedItems(SEED);
        history.given(new FindingsRecorded(SEED, List.of(seedFinding("strengths")), List.of(seedFinding("improvements"))),
                new GradeRecommended(SEED, new BigDecimal("145.75"), Grade.TEN_STAR, LocalDate.of(2021, 6, 7)));
        history.as("reviewer").given(new TechnicalReviewAccepted(SEED, "reviewer", LocalDate.of(2021, 6, 10),
                new BigDecimal("145.75"), Grade.TEN_STAR, "同意推荐"));
        long reviewed = history.events.size() - 1;
        history.as("decider").given(new CertificateGranted(SEED,
                new Decision(DecisionOutcome.GRANT, "decider", LocalDate.of(2021, 7, 1), reviewed,
                        new BigDecimal("145.75"), Grade.TEN_STAR, "符合要求"),
                new Certificate(NUMBER, seed.organization().name(), seed.scope(), seed.schemeId(), Grade.TEN_STAR,
                        LocalDate.of(2021, 7, 1), LocalDate.of(2021, 7, 1), LocalDate.of(2024, 6, 30),
                        LocalDate.of(2022, 6, 30))));

        history.as("admin").given(opened(SURVEILLANCE, AuditType.SURVEILLANCE, SEED, LocalDate.of(2022, 6, 6),
                        LocalDate.of(2022, 6, 7), null, null),
                new TeamMemberAssigned(SURVEILLANCE, leader()), new TeamMemberAssigned(SURVEILLANCE, auditor()));
        history.as("leader").given(new PledgeSigned(SURVEILLANCE, "A", LocalDate.of(2022, 6, 6)));
        history.as("auditor").given(new PledgeSigned(SURVEILLANCE, "B", LocalDate.of(2022, 6, 6)),
                new PledgeDateCorrected(SURVEILLANCE, "B", LocalDate.of(2022, 6, 6), LocalDate.of(2022, 6, 5), "笔误"));
        history.as("leader").givenSeedItems(SURVEILLANCE);
        history.given(new ItemScoreRevised(SURVEILLANCE, "5.2.2.3", Percent.of(80), Percent.of(60), "回访记录缺失", "复核证据"),
                new SpecialItemRecorded(SURVEILLANCE, "S1", SpecialItemKind.DEDUCTION, "投诉处理超时", "5.2.2.3", null));
        history.as("admin").given(new TeamMemberRemoved(SURVEILLANCE, "B", "调岗"));
        history.as("leader").given(new FindingsRecorded(SURVEILLANCE, List.of("规范运作"), List.of("网站建设\t与\n回访")),
                new GradeRecommended(SURVEILLANCE, new BigDecimal("144.18"), Grade.TEN_STAR, LocalDate.of(2022, 6, 7)));
        history.as("reviewer").given(new TechnicalReviewAccepted(SURVEILLANCE, "reviewer", LocalDate.of(2022, 6, 10),
                new BigDecimal("144.18"), Grade.TEN_STAR, null));
        long surveillanceReviewed = history.events.size() - 1;
        history.as("decider").given(new CertificateSuspended(SURVEILLANCE,
                new Decision(DecisionOutcome.SUSPEND, "decider", LocalDate.of(2022, 6, 20), surveillanceReviewed,
                        new BigDecimal("144.18"), Grade.TEN_STAR, "投诉处理需整改"),
                NUMBER, LocalDate.of(2022, 9, 30), LocalDate.of(2023, 6, 30)));
        return List.copyOf(history.events);
    }

    private ProjectHistory as(String userName) {
        this.user = userName;
        return this;
    }

    private ProjectHistory given(AuditEvent... given) {
        for (AuditEvent event : given) {
            long sequence = events.size();
            events.add(new RecordedEvent(sequence, event, user, START.plus(Duration.ofMinutes(sequence))));
        }
        return this;
    }

    /** One event per item, as the seed report has it: scored with its percent, or not applicable (不涉及). */
    private void givenSeedItems(AuditId auditId) {
        SeedReport.itemResults().forEach((clause, result) -> given(result.notApplicable()
                ? new ItemMarkedNotApplicable(auditId, clause, null, "不涉及")
                : new ItemScored(auditId, clause, result.percent(), "evidence for " + clause)));
    }

    private static AuditOpened opened(AuditId auditId, AuditType type, AuditId predecessor, LocalDate from, LocalDate to,
                                      HalfDay fromHalf, HalfDay toHalf) {
        return new AuditOpened(auditId, PROJECT, type, predecessor, "CTS-ISC-JSGF-06", "1",
                new Organization("新疆隆威家具有限责任公司", "新疆昌吉州昌吉市六工镇下六工村一片区 18 号", "831100",
                        "新疆昌吉州昌吉市六工镇下六工村一片区 18 号", "831100", "赵明远", "经理", "010-5550-0100",
                        "contact@example.com"),
                "无", "金属教学家具、金属办公家具、金属公寓家具的生产和销售所涉及的售后服务成熟度",
                List.of("CTS ISC-JSGF-06《商品售后服务成熟度认证技术规范》", "受审查方管理体系文件"), from, to,
                new BigDecimal("3.0"), fromHalf, toHalf);
    }

    private static TeamMember leader() {
        return new TeamMember("A", "李雅宁", TeamRole.LEADER, "DEMO-0001", "02.01.01", "010-5550-0101", "leader");
    }

    private static TeamMember auditor() {
        return new TeamMember("B", "李审查", TeamRole.MEMBER, "2020-S1SC-0000001", "02.01.01", "010-5550-0102", "auditor");
    }

    /**
     * The seed's one strength or improvement direction, from the seed audit's JSON. Plain Java has no JSON reader; the
     * seed's texts hold no quote or escape, so the first string of the array is all there is to read.
     */
    private static String seedFinding(String array) {
        String json;
        try (InputStream in = ProjectHistory.class.getResourceAsStream("/org/certaudit/seed/0455-2021-SE-audit.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Matcher matcher = Pattern.compile("\"" + array + "\"\\s*:\\s*\\[\\s*\"([^\"\\\\]*)\"\\s*]").matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("the seed audit has no single " + array);
        }
        return matcher.group(1);
    }
}
