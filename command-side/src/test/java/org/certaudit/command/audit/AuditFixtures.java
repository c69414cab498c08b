package org.certaudit.command.audit;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.axonframework.messaging.MetaData;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditOpened;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.Certificate;
import org.certaudit.audit.CertificateGranted;
import org.certaudit.audit.Decision;
import org.certaudit.audit.DecisionOutcome;
import org.certaudit.audit.GradeRecommended;
import org.certaudit.audit.ItemMarkedNotApplicable;
import org.certaudit.audit.ItemScored;
import org.certaudit.audit.Organization;
import org.certaudit.audit.PledgeSigned;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.audit.TeamMember;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.audit.TeamRole;
import org.certaudit.audit.TechnicalReviewAccepted;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.ItemResult;
import org.certaudit.scheme.SeedReport;

/** The seed project 0455-2021-SE and its team, as events and commands (fictional contact data). */
public final class AuditFixtures {

    public static final ProjectNumber PROJECT = new ProjectNumber("0455-2021-SE");
    public static final AuditId FIRST = AuditId.of(PROJECT, 1);
    public static final AuditId SECOND = AuditId.of(PROJECT, 2);
    public static final AuditId THIRD = AuditId.of(PROJECT, 3);
    public static final LocalDate ON_SITE_FROM = LocalDate.of(2021, 6, 5);
    public static final LocalDate ON_SITE_TO = LocalDate.of(2021, 6, 7);
    public static final LocalDate REPORT_DATE = LocalDate.of(2021, 6, 7);
    public static final BigDecimal SEED_TOTAL = new BigDecimal("145.75");
    public static final String SCHEME = "CTS-ISC-JSGF-06";
    public static final String REVIEWER = "reviewer";
    public static final String DECIDER = "decider";
    public static final LocalDate REVIEWED_ON = LocalDate.of(2021, 6, 20);
    public static final LocalDate DECIDED_ON = LocalDate.of(2021, 7, 1);
    public static final String CERTIFICATE_NUMBER = "CTS-2021-0455-2021-SE-1";
    /** The day before the third anniversary of the decision. */
    public static final LocalDate VALID_UNTIL = LocalDate.of(2024, 6, 30);
    /** Twelve months after the last on-site day of the initial audit. */
    public static final LocalDate SURVEILLANCE_DUE = LocalDate.of(2022, 6, 7);
    public static final LocalDate SURVEILLANCE_FROM = LocalDate.of(2022, 5, 10);
    public static final LocalDate SURVEILLANCE_TO = LocalDate.of(2022, 5, 11);

    public static final Organization ORGANIZATION = new Organization(
            "新疆隆威家具有限责任公司",
            "新疆昌吉州昌吉市六工镇下六工村一片区 18 号", "831100",
            "新疆昌吉州昌吉市六工镇下六工村一片区 18 号", "831100",
            "赵明远", "联系人", "010-5550-0100", "contact@example.com");

    public static final TeamMember LEADER = new TeamMember(
            "A", "李雅宁", TeamRole.LEADER, "DEMO-0001", "02.01.01", "010-5550-0101", "leader");
    public static final TeamMember AUDITOR = new TeamMember(
            "B", "李明", TeamRole.MEMBER, "2020-S1SC-0000002", "02.01.01", "010-5550-0102", "auditor");

    /**
     * A refusal of {@code rule} with exactly these arguments (name, value, ...): what the problem's
     * {@code errors[0].code} and {@code arguments} will say.
     */
    static org.hamcrest.Matcher<Object> refusal(org.certaudit.web.RuleCode rule, Object... arguments) {
        org.certaudit.web.RuleViolation expected = rule.with(arguments);
        return new org.hamcrest.TypeSafeDiagnosingMatcher<>(Object.class) {
            @Override
            protected boolean matchesSafely(Object item, org.hamcrest.Description mismatch) {
                if (!(item instanceof AuditRefusalException refusal)) {
                    mismatch.appendText("was ").appendValue(item);
                    return false;
                }
                mismatch.appendText("was ").appendValue(refusal.rule());
                return refusal.rule().equals(expected);
            }

            @Override
            public void describeTo(org.hamcrest.Description description) {
                description.appendText("a refusal of ").appendValue(expected);
            }
        };
    }

    private AuditFixtures() {
    }

    public static MetaData as(String user) {
        return MetaData.with(AuditMetaData.USER, user);
    }

    public static OpenAudit open(AuditType type) {
        return new OpenAudit(PROJECT, type, SCHEME, ORGANIZATION, null,
                "金属教学家具、金属办公家具、金属公寓家具的生产和销售所涉及的售后服务成熟度",
                List.of("CTS ISC-JSGF-06《商品售后服务成熟度认证技术规范》", "受审查方管理体系文件"),
                ON_SITE_FROM, ON_SITE_TO, new BigDecimal("3.0"));
    }

    public static AuditOpened opened(AuditId id, AuditType type, AuditId predecessor) {
        OpenAudit command = open(type);
        return new AuditOpened(id, PROJECT, type, predecessor, SCHEME, "1", command.organization(),
                command.otherSites(), command.scope(), command.criteria(), command.onSiteFrom(),
                command.onSiteTo(), command.onSiteDays());
    }

    public static AuditOpened openedFirst() {
        return opened(FIRST, AuditType.INITIAL, null);
    }

    /** The first audit with its leader and member on the team, both signed. */
    public static List<AuditEvent> readyToScore() {
        return List.of(openedFirst(),
                new TeamMemberAssigned(FIRST, LEADER),
                new TeamMemberAssigned(FIRST, AUDITOR),
                new PledgeSigned(FIRST, "A", REPORT_DATE),
                new PledgeSigned(FIRST, "B", REPORT_DATE));
    }

    /** The seed report's 94 results: 90 scores and 4 not applicable. */
    public static List<AuditEvent> seedResults(AuditId id) {
        List<AuditEvent> events = new ArrayList<>();
        for (Map.Entry<String, ItemResult> entry : SeedReport.itemResults().entrySet()) {
            ItemResult result = entry.getValue();
            events.add(result.notApplicable()
                    ? new ItemMarkedNotApplicable(id, entry.getKey(), null, "不涉及")
                    : new ItemScored(id, entry.getKey(), result.percent(), "现场审查记录"));
        }
        return events;
    }

    /** Ready to score, and every item of the seed report scored or marked. */
    public static List<AuditEvent> fullyScored() {
        List<AuditEvent> events = new ArrayList<>(readyToScore());
        events.addAll(seedResults(FIRST));
        return events;
    }

    /** The first audit finished with the given grade. */
    public static List<AuditEvent> finished(Grade grade) {
        List<AuditEvent> events = new ArrayList<>(fullyScored());
        events.add(new GradeRecommended(FIRST, SEED_TOTAL, grade, REPORT_DATE));
        return events;
    }

    /** The first audit finished with the grade and accepted by the technical reviewer. */
    public static List<AuditEvent> reviewed(Grade grade) {
        return concat(finished(grade), new TechnicalReviewAccepted(FIRST, REVIEWER, REVIEWED_ON, SEED_TOTAL, grade, null));
    }

    /** The stream version after these events: the number of the last one. */
    public static long versionAfter(List<AuditEvent> events) {
        return events.size() - 1;
    }

    public static Decision decision(DecisionOutcome outcome, LocalDate on, long version, Grade grade, String reason) {
        return new Decision(outcome, DECIDER, on, version, SEED_TOTAL, grade, reason);
    }

    public static Certificate certificate() {
        return new Certificate(CERTIFICATE_NUMBER, ORGANIZATION.name(), open(AuditType.INITIAL).scope(), SCHEME,
                Grade.TEN_STAR, DECIDED_ON, DECIDED_ON, VALID_UNTIL, SURVEILLANCE_DUE);
    }

    /** The initial audit reviewed and granted TEN_STAR on {@link #DECIDED_ON}: certificate 1 is valid. */
    public static List<AuditEvent> granted() {
        List<AuditEvent> reviewed = reviewed(Grade.TEN_STAR);
        return concat(reviewed, new CertificateGranted(FIRST,
                decision(DecisionOutcome.GRANT, DECIDED_ON, versionAfter(reviewed), Grade.TEN_STAR, "符合要求"),
                certificate()));
    }

    public static OpenAudit openSurveillance() {
        return new OpenAudit(PROJECT, AuditType.SURVEILLANCE, SCHEME, null, null, null, null,
                SURVEILLANCE_FROM, SURVEILLANCE_TO, new BigDecimal("2.0"), null, null, false);
    }

    /** What the project records when a surveillance opens after {@link #granted()}, taking the predecessor's data. */
    public static AuditOpened surveillanceOpened(AuditId id, AuditId predecessor) {
        OpenAudit initial = open(AuditType.INITIAL);
        return new AuditOpened(id, PROJECT, AuditType.SURVEILLANCE, predecessor, SCHEME, "1", ORGANIZATION, null,
                initial.scope(), initial.criteria(), SURVEILLANCE_FROM, SURVEILLANCE_TO, new BigDecimal("2.0"));
    }

    /** After {@link #granted()}: the surveillance SECOND recommended with the grade and accepted by review. */
    public static List<AuditEvent> surveillanceReviewed(Grade grade) {
        return concat(granted(),
                surveillanceOpened(SECOND, FIRST),
                new TeamMemberAssigned(SECOND, LEADER),
                new PledgeSigned(SECOND, "A", SURVEILLANCE_TO),
                new GradeRecommended(SECOND, SEED_TOTAL, grade, SURVEILLANCE_TO),
                new TechnicalReviewAccepted(SECOND, REVIEWER, SURVEILLANCE_TO.plusDays(5), SEED_TOTAL, grade, null));
    }

    public static List<AuditEvent> concat(List<? extends AuditEvent> first, AuditEvent... more) {
        List<AuditEvent> events = new ArrayList<>(first);
        events.addAll(List.of(more));
        return events;
    }
}
