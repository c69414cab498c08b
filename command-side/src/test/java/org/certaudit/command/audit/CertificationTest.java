package org.certaudit.command.audit;

import static org.certaudit.command.audit.AuditFixtures.AUDITOR;
import static org.certaudit.command.audit.AuditFixtures.CERTIFICATE_NUMBER;
import static org.certaudit.command.audit.AuditFixtures.DECIDED_ON;
import static org.certaudit.command.audit.AuditFixtures.DECIDER;
import static org.certaudit.command.audit.AuditFixtures.FIRST;
import static org.certaudit.command.audit.AuditFixtures.LEADER;
import static org.certaudit.command.audit.AuditFixtures.ORGANIZATION;
import static org.certaudit.command.audit.AuditFixtures.PROJECT;
import static org.certaudit.command.audit.AuditFixtures.REPORT_DATE;
import static org.certaudit.command.audit.AuditFixtures.REVIEWED_ON;
import static org.certaudit.command.audit.AuditFixtures.REVIEWER;
import static org.certaudit.command.audit.AuditFixtures.SCHEME;
import static org.certaudit.command.audit.AuditFixtures.SECOND;
import static org.certaudit.command.audit.AuditFixtures.SEED_TOTAL;
import static org.certaudit.command.audit.AuditFixtures.SURVEILLANCE_DUE;
import static org.certaudit.command.audit.AuditFixtures.SURVEILLANCE_TO;
import static org.certaudit.command.audit.AuditFixtures.THIRD;
import static org.certaudit.command.audit.AuditFixtures.VALID_UNTIL;
import static org.certaudit.command.audit.AuditFixtures.as;
import static org.certaudit.command.audit.AuditFixtures.certificate;
import static org.certaudit.command.audit.AuditFixtures.concat;
import static org.certaudit.command.audit.AuditFixtures.decision;
import static org.certaudit.command.audit.AuditFixtures.finished;
import static org.certaudit.command.audit.AuditFixtures.granted;
import static org.certaudit.command.audit.AuditFixtures.open;
import static org.certaudit.command.audit.AuditFixtures.openSurveillance;
import static org.certaudit.command.audit.AuditFixtures.opened;
import static org.certaudit.command.audit.AuditFixtures.readyToScore;
import static org.certaudit.command.audit.AuditFixtures.refusal;
import static org.certaudit.command.audit.AuditFixtures.reviewed;
import static org.certaudit.command.audit.AuditFixtures.surveillanceOpened;
import static org.certaudit.command.audit.AuditFixtures.surveillanceReviewed;
import static org.certaudit.command.audit.AuditFixtures.versionAfter;
import static org.hamcrest.Matchers.containsString;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.certaudit.audit.AuditCancelled;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditOpened;
import org.certaudit.audit.AuditReopened;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.Certificate;
import org.certaudit.audit.CertificateGranted;
import org.certaudit.audit.CertificateMaintained;
import org.certaudit.audit.CertificateRenewed;
import org.certaudit.audit.CertificateRestored;
import org.certaudit.audit.CertificateSuspended;
import org.certaudit.audit.CertificateWithdrawn;
import org.certaudit.audit.CertificationRefused;
import org.certaudit.audit.DecisionOutcome;
import org.certaudit.audit.GradeRecommended;
import org.certaudit.audit.HalfDay;
import org.certaudit.audit.ItemMarkedNotApplicable;
import org.certaudit.audit.OnSiteAuditRescheduled;
import org.certaudit.audit.OnSitePeriod;
import org.certaudit.audit.PledgeSigned;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.audit.TechnicalReviewAccepted;
import org.certaudit.audit.TechnicalReviewReturned;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.SchemeCatalog;
import org.certaudit.web.RuleCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The project's rules after the audit: technical review, the certification decision, the
 * certificate's life, and the lineage they govern (ISO/IEC 17065 7.5-7.6, ISO/IEC 17021-1 9.5-9.6).
 */
class CertificationTest {

    /**
     * A broken rule about the value of the body's {@code field}, which its problem names; with null, a rule about the
     * request as a whole, naming none.
     */
    private static org.hamcrest.Matcher<Object> naming(String field) {
        return new org.hamcrest.TypeSafeDiagnosingMatcher<>(Object.class) {
            @Override
            protected boolean matchesSafely(Object item, org.hamcrest.Description mismatch) {
                mismatch.appendText("was ").appendValue(item instanceof BrokenRuleException broken ? broken.field() : item);
                return item instanceof BrokenRuleException broken && java.util.Objects.equals(field, broken.field());
            }

            @Override
            public void describeTo(org.hamcrest.Description description) {
                if (field == null) {
                    description.appendText("a broken rule naming no field");
                } else {
                    description.appendText("a broken rule naming the field ").appendValue(field);
                }
            }
        };
    }

    private static final LocalDate SURVEILLANCE_REVIEWED_ON = SURVEILLANCE_TO.plusDays(5);
    private static final LocalDate SURVEILLANCE_DECIDED_ON = LocalDate.of(2022, 6, 1);

    private FixtureConfiguration<Project> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Project.class);
        fixture.registerInjectableResource(SchemeCatalog.shipped());
        fixture.registerInjectableResource(CertificatePolicy.defaults());
    }

    private static OpenAudit open(AuditType type, LocalDate from) {
        OpenAudit initial = AuditFixtures.open(AuditType.INITIAL);
        return new OpenAudit(PROJECT, type, SCHEME, type == AuditType.INITIAL ? ORGANIZATION : null, null,
                type == AuditType.INITIAL ? initial.scope() : null, null, from, from.plusDays(1),
                new BigDecimal("2.0"), null, null, false);
    }

    private static AuditOpened openedOn(org.certaudit.audit.AuditId id, AuditType type,
                                        org.certaudit.audit.AuditId predecessor, LocalDate from) {
        OpenAudit initial = AuditFixtures.open(AuditType.INITIAL);
        return new AuditOpened(id, PROJECT, type, predecessor, SCHEME, "1", ORGANIZATION, null, initial.scope(),
                type == AuditType.INITIAL ? List.of() : initial.criteria(), from, from.plusDays(1),
                new BigDecimal("2.0"));
    }

    private static List<AuditEvent> refused() {
        List<AuditEvent> reviewed = reviewed(Grade.NOT_GRADED);
        return concat(reviewed, new CertificationRefused(FIRST,
                decision(DecisionOutcome.REFUSE, DECIDED_ON, versionAfter(reviewed), Grade.NOT_GRADED, "未达标")));
    }

    private static List<AuditEvent> suspended(LocalDate until) {
        List<AuditEvent> reviewed = surveillanceReviewed(Grade.NOT_GRADED);
        return concat(reviewed, new CertificateSuspended(SECOND, decision(DecisionOutcome.SUSPEND,
                SURVEILLANCE_DECIDED_ON, versionAfter(reviewed), Grade.NOT_GRADED, "整改期"), CERTIFICATE_NUMBER, until,
                SURVEILLANCE_TO.plusMonths(12)));
    }

    private static List<AuditEvent> withdrawn() {
        List<AuditEvent> reviewed = surveillanceReviewed(Grade.NOT_GRADED);
        return concat(reviewed, new CertificateWithdrawn(SECOND, decision(DecisionOutcome.WITHDRAW,
                SURVEILLANCE_DECIDED_ON, versionAfter(reviewed), Grade.NOT_GRADED, "严重不符合"), CERTIFICATE_NUMBER));
    }

    private static final LocalDate EARLY_RECERTIFICATION_FROM = LocalDate.of(2024, 4, 1);
    private static final LocalDate EARLY_RENEWAL_DECIDED_ON = LocalDate.of(2024, 5, 15);
    /** The first day of the period an early renewal decided on {@link #EARLY_RENEWAL_DECIDED_ON} opens. */
    private static final LocalDate RENEWED_FROM = LocalDate.of(2024, 7, 1);

    /** The granted certificate's re-certification, on site three months before its last valid day, reviewed. */
    private static List<AuditEvent> earlyRecertificationReviewed() {
        LocalDate from = EARLY_RECERTIFICATION_FROM;
        return concat(granted(),
                openedOn(SECOND, AuditType.RECERTIFICATION, FIRST, from),
                new TeamMemberAssigned(SECOND, LEADER),
                new PledgeSigned(SECOND, "A", from),
                new GradeRecommended(SECOND, SEED_TOTAL, Grade.NINE_STAR, from.plusDays(1)),
                new TechnicalReviewAccepted(SECOND, REVIEWER, from.plusDays(10), SEED_TOTAL, Grade.NINE_STAR, null));
    }

    /** The renewal decided on the reviewed early re-certification: its period continues from the old last valid day. */
    private static CertificateRenewed earlyRenewal(List<AuditEvent> reviewed) {
        return new CertificateRenewed(SECOND, decision(DecisionOutcome.GRANT, EARLY_RENEWAL_DECIDED_ON,
                versionAfter(reviewed), Grade.NINE_STAR, "再认证通过"), new Certificate(CERTIFICATE_NUMBER,
                ORGANIZATION.name(), AuditFixtures.open(AuditType.INITIAL).scope(), SCHEME, Grade.NINE_STAR,
                EARLY_RENEWAL_DECIDED_ON, RENEWED_FROM, LocalDate.of(2027, 6, 30),
                EARLY_RECERTIFICATION_FROM.plusDays(1).plusMonths(12)));
    }

    private static List<AuditEvent> renewedEarly() {
        List<AuditEvent> reviewed = earlyRecertificationReviewed();
        return concat(reviewed, earlyRenewal(reviewed));
    }

    @Nested
    class Lineage {

        @Test
        void refusesTheNextAuditWhileOneIsOpen() {
            fixture.given(readyToScore())
                    .when(openSurveillance())
                    .expectNoEvents()
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("already has an audit in progress, 0455-2021-SE.1 (open); "
                            + "one audit at a time, the next opens after the certification decision on it"))
                    .expectException(naming(null));
        }

        @Test
        void refusesTheNextAuditBeforeTheDecision() {
            fixture.given(reviewed(Grade.TEN_STAR))
                    .when(openSurveillance())
                    .expectNoEvents()
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("0455-2021-SE.1 (awaiting the certification decision)"));
        }

        @Test
        void refusesANextAuditOnSiteOnOrBeforeTheDecisionEvenAnInitialOneThatWouldFindNoCertificateYet() {
            // On the decision day the certificate is issued; on the audit's own days it was not issued yet, which
            // would have let a second initial audit through.
            fixture.given(granted())
                    .when(open(AuditType.INITIAL, AuditFixtures.ON_SITE_FROM))
                    .expectNoEvents()
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("is on site after the certification decision on "
                            + "0455-2021-SE.1 (2021-07-01), not from 2021-06-05"))
                    .expectException(naming("onSiteFrom"));
            fixture.given(granted())
                    .when(open(AuditType.SURVEILLANCE, DECIDED_ON))
                    .expectNoEvents()
                    .expectException(BrokenRuleException.class)
                    .expectException(naming("onSiteFrom"));
            fixture.given(granted())
                    .when(open(AuditType.INITIAL, DECIDED_ON.plusDays(1)))
                    .expectNoEvents()
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("is allowed only without a certificate"))
                    .expectException(naming("onSiteFrom"));
        }

        @Test
        void opensASurveillanceWithAValidCertificateTakingWhatItOmitsFromItsPredecessor() {
            fixture.given(granted())
                    .when(openSurveillance())
                    .expectEvents(surveillanceOpened(SECOND, FIRST));
        }

        @Test
        void copiesThePredecessorsTeamOnRequestWithoutTheirPledges() {
            OpenAudit command = openSurveillance();
            fixture.given(granted())
                    .when(new OpenAudit(PROJECT, AuditType.SURVEILLANCE, SCHEME, null, null, null, null,
                            command.onSiteFrom(), command.onSiteTo(), command.onSiteDays(), null, null, true))
                    .expectEvents(surveillanceOpened(SECOND, FIRST), new TeamMemberAssigned(SECOND, LEADER),
                            new TeamMemberAssigned(SECOND, AUDITOR));
        }

        @Test
        void refusesToCopyATeamWithoutAPreviousAudit() {
            OpenAudit command = AuditFixtures.open(AuditType.INITIAL);
            fixture.givenNoPriorActivity()
                    .when(new OpenAudit(PROJECT, AuditType.INITIAL, SCHEME, command.organization(), null,
                            command.scope(), command.criteria(), command.onSiteFrom(), command.onSiteTo(),
                            command.onSiteDays(), null, null, true))
                    .expectNoEvents()
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("has no previous audit to copy the team from"))
                    .expectException(naming("copyTeam"));
        }

        @Test
        void refusesASurveillanceWithoutACertificate() {
            fixture.given(refused())
                    .when(openSurveillance())
                    .expectNoEvents()
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("needs a valid or suspended certificate on its first "
                            + "on-site day; project 0455-2021-SE has no certificate"))
                    // No first day would give the project a certificate: the refusal is about the project as a whole.
                    .expectException(naming(null));
        }

        @Test
        void refusesASurveillanceAfterTheCertificateExpired() {
            fixture.given(granted())
                    .when(open(AuditType.SURVEILLANCE, VALID_UNTIL.plusDays(1)))
                    .expectNoEvents()
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("certificate CTS-2021-0455-2021-SE-1 is EXPIRED (已过期) on 2024-07-01"))
                    .expectException(naming("onSiteFrom"));
        }

        @Test
        void refusesASurveillanceAfterTheCertificateWasWithdrawn() {
            fixture.given(withdrawn())
                    .when(open(AuditType.SURVEILLANCE, LocalDate.of(2022, 9, 1)))
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("is WITHDRAWN (已撤销) on 2022-09-01"))
                    .expectException(naming("onSiteFrom"));
        }

        @Test
        void opensASurveillanceOfASuspendedCertificate() {
            fixture.given(suspended(LocalDate.of(2022, 11, 30)))
                    .when(open(AuditType.SURVEILLANCE, LocalDate.of(2022, 9, 1)))
                    .expectEvents(openedOn(THIRD, AuditType.SURVEILLANCE, SECOND, LocalDate.of(2022, 9, 1)));
        }

        @Test
        void refusesASecondInitialWhileTheCertificateIsValid() {
            fixture.given(granted())
                    .when(open(AuditType.INITIAL, LocalDate.of(2022, 5, 10)))
                    .expectNoEvents()
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("a new initial audit of project 0455-2021-SE is allowed only "
                            + "without a certificate, or after it was withdrawn, expired or refused; certificate "
                            + "CTS-2021-0455-2021-SE-1 is VALID (有效) on 2022-05-10"))
                    .expectException(naming("onSiteFrom"));
        }

        @Test
        void opensANewInitialAfterARefusal() {
            fixture.given(refused())
                    .when(open(AuditType.INITIAL, LocalDate.of(2022, 1, 10)))
                    .expectEvents(openedOn(SECOND, AuditType.INITIAL, FIRST, LocalDate.of(2022, 1, 10)));
        }

        @Test
        void opensANewInitialAfterTheCertificateExpired() {
            fixture.given(granted())
                    .when(open(AuditType.INITIAL, VALID_UNTIL.plusDays(1)))
                    .expectEvents(openedOn(SECOND, AuditType.INITIAL, FIRST, VALID_UNTIL.plusDays(1)));
        }

        @Test
        void opensANewInitialAfterAWithdrawal() {
            fixture.given(withdrawn())
                    .when(open(AuditType.INITIAL, LocalDate.of(2022, 9, 1)))
                    .expectEvents(openedOn(THIRD, AuditType.INITIAL, SECOND, LocalDate.of(2022, 9, 1)));
        }

        @Test
        void opensARecertificationWithAValidCertificate() {
            fixture.given(granted())
                    .when(open(AuditType.RECERTIFICATION, LocalDate.of(2024, 4, 1)))
                    .expectEvents(openedOn(SECOND, AuditType.RECERTIFICATION, FIRST, LocalDate.of(2024, 4, 1)));
        }

        @Test
        void opensARecertificationAfterTheCertificateExpired() {
            fixture.given(granted())
                    .when(open(AuditType.RECERTIFICATION, LocalDate.of(2024, 8, 1)))
                    .expectEvents(openedOn(SECOND, AuditType.RECERTIFICATION, FIRST, LocalDate.of(2024, 8, 1)));
        }

        @Test
        void opensARecertificationOnTheLastDayThatStillRestoresTheExpiredCertificate() {
            LocalDate lastDay = VALID_UNTIL.plusMonths(6);
            fixture.given(granted())
                    .when(open(AuditType.RECERTIFICATION, lastDay))
                    .expectEvents(openedOn(SECOND, AuditType.RECERTIFICATION, FIRST, lastDay));
        }

        @Test
        void refusesARecertificationMoreThanSixMonthsAfterTheCertificateExpiredNamingTheInitialThatComesNext() {
            fixture.given(granted())
                    .when(open(AuditType.RECERTIFICATION, VALID_UNTIL.plusMonths(6).plusDays(1)))
                    .expectNoEvents()
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("certificate CTS-2021-0455-2021-SE-1 expired after "
                            + VALID_UNTIL + "; a re-certification (再认证) restores it only when on site by "
                            + VALID_UNTIL.plusMonths(6) + ", six months later, so from "
                            + VALID_UNTIL.plusMonths(6).plusDays(1) + " a new initial audit (初次认证) comes next"))
                    .expectException(naming("onSiteFrom"));
        }

        @Test
        void refusesARecertificationAfterAWithdrawal() {
            fixture.given(withdrawn())
                    .when(open(AuditType.RECERTIFICATION, LocalDate.of(2022, 9, 1)))
                    .expectNoEvents()
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("a re-certification (再认证) needs a certificate that was not "
                            + "withdrawn; certificate CTS-2021-0455-2021-SE-1 is WITHDRAWN"))
                    .expectException(naming("onSiteFrom"));
        }

        @Test
        void refusesASecondRecertificationBeforeTheRenewedPeriodBegins() {
            fixture.given(renewedEarly())
                    .when(open(AuditType.RECERTIFICATION, RENEWED_FROM.minusDays(1)))
                    .expectNoEvents()
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("certificate CTS-2021-0455-2021-SE-1 was already renewed by "
                            + "audit 0455-2021-SE.2 on 2024-05-15 for the period from 2024-07-01; the next "
                            + "re-certification (再认证) is on site in that period, not from 2024-06-30"))
                    .expectException(naming("onSiteFrom"));
        }

        @Test
        void opensARecertificationOnceTheRenewedPeriodBegan() {
            fixture.given(renewedEarly())
                    .when(open(AuditType.RECERTIFICATION, RENEWED_FROM))
                    .expectEvents(openedOn(THIRD, AuditType.RECERTIFICATION, SECOND, RENEWED_FROM));
        }

        @Test
        void opensASurveillanceBeforeTheRenewedPeriodBegins() {
            fixture.given(renewedEarly())
                    .when(open(AuditType.SURVEILLANCE, RENEWED_FROM.minusDays(1)))
                    .expectEvents(openedOn(THIRD, AuditType.SURVEILLANCE, SECOND, RENEWED_FROM.minusDays(1)));
        }

        @Test
        void refusesARecertificationWithoutACertificate() {
            fixture.given(refused())
                    .when(open(AuditType.RECERTIFICATION, LocalDate.of(2022, 1, 10)))
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("project 0455-2021-SE has no certificate"))
                    .expectException(naming(null));
        }
    }

    @Nested
    class TechnicalReview {

        @Test
        void acceptsARecommendedAuditRecordingTheRecommendationItRestsOn() {
            fixture.given(finished(Grade.TEN_STAR))
                    .when(new AcceptReview(FIRST, REVIEWED_ON, "资料齐全"), as(REVIEWER))
                    .expectEvents(new TechnicalReviewAccepted(FIRST, REVIEWER, REVIEWED_ON, SEED_TOTAL, Grade.TEN_STAR,
                            "资料齐全"));
        }

        @Test
        void refusesAReviewerWhoIsOnTheTeam() {
            fixture.given(finished(Grade.TEN_STAR))
                    .when(new AcceptReview(FIRST, REVIEWED_ON, null), as("auditor"))
                    .expectNoEvents()
                    .expectException(NotPermittedException.class)
                    .expectExceptionMessage(containsString("user 'auditor' is or was on the team of audit 0455-2021-SE.1; "
                            + "the technical review is made by a person not involved in the audit"));
        }

        @Test
        void refusesAReviewerWhoLeftTheTeam() {
            fixture.given(concat(readyToScore(), new org.certaudit.audit.TeamMemberRemoved(FIRST, "B", "调岗")))
                    .andGiven(AuditFixtures.seedResults(FIRST))
                    .andGiven(new GradeRecommended(FIRST, SEED_TOTAL, Grade.TEN_STAR, REPORT_DATE))
                    .when(new AcceptReview(FIRST, REVIEWED_ON, null), as("auditor"))
                    .expectException(NotPermittedException.class)
                    .expectExceptionMessage(containsString("is or was on the team"));
        }

        @Test
        void refusesAReviewerWhoWasOnTheTeamUnderTheirNameInAnotherCase() {
            fixture.given(concat(readyToScore(), new org.certaudit.audit.TeamMemberRemoved(FIRST, "B", "调岗")))
                    .andGiven(AuditFixtures.seedResults(FIRST))
                    .andGiven(new GradeRecommended(FIRST, SEED_TOTAL, Grade.TEN_STAR, REPORT_DATE))
                    .when(new AcceptReview(FIRST, REVIEWED_ON, null), as("Auditor"))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.INDEPENDENCE_REVIEWER_ON_TEAM, "user", "Auditor", "audit", FIRST));
        }

        @Test
        void refusesToReviewAnAuditStillWithItsTeam() {
            fixture.given(readyToScore())
                    .when(new AcceptReview(FIRST, REVIEWED_ON, null), as(REVIEWER))
                    .expectNoEvents()
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("audit 0455-2021-SE.1 is still with its team; only a "
                            + "recommended audit can be reviewed"));
        }

        @Test
        void refusesASecondReview() {
            fixture.given(reviewed(Grade.TEN_STAR))
                    .when(new AcceptReview(FIRST, REVIEWED_ON, null), as("another-reviewer"))
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("was already accepted by technical review (reviewer, 2021-06-20)"));
        }

        @Test
        void refusesAReviewDatedBeforeTheReport() {
            fixture.given(finished(Grade.TEN_STAR))
                    .when(new AcceptReview(FIRST, REPORT_DATE.minusDays(1), null), as(REVIEWER))
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("the review date 2021-06-06 is before the report date 2021-06-07"));
        }

        @Test
        void returnsTheAuditToItsTeamWhichCanScoreAndRecommendAgain() {
            fixture.given(finished(Grade.TEN_STAR))
                    .andGiven(new TechnicalReviewReturned(FIRST, REVIEWER, REVIEWED_ON, List.of("5.2.2.3 证据不足")))
                    .when(new ScoreItem(FIRST, "5.2.2.3", org.certaudit.scheme.Percent.of("90"), "补充证据", "复核"),
                            as("leader"))
                    .expectSuccessfulHandlerExecution();
        }

        @Test
        void refusesAReturnDatedBeforeTheReportNamingTheReviewDate() {
            fixture.given(finished(Grade.TEN_STAR))
                    .when(new ReturnToTeam(FIRST, REPORT_DATE.minusDays(1), List.of("5.2.2.3 证据不足")), as(REVIEWER))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.REVIEW_BEFORE_REPORT, "audit", FIRST,
                            "reviewedOn", REPORT_DATE.minusDays(1), "reportDate", REPORT_DATE));
        }

        @Test
        void refusesAReviewOfTheReportGivenAgainDatedBeforeTheReturnWhetherItAcceptsOrReturns() {
            // The leader corrected a pledge and recommended again with the report's own date, as a corrected report may.
            List<AuditEvent> givenAgain = concat(finished(Grade.TEN_STAR),
                    new TechnicalReviewReturned(FIRST, REVIEWER, REVIEWED_ON, List.of("承诺书日期有误")),
                    new GradeRecommended(FIRST, SEED_TOTAL, Grade.TEN_STAR, REPORT_DATE));
            fixture.given(givenAgain)
                    .when(new AcceptReview(FIRST, REVIEWED_ON.minusDays(1), null), as(REVIEWER))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.REVIEW_BEFORE_RETURN, "audit", FIRST,
                            "reviewedOn", REVIEWED_ON.minusDays(1), "returnedOn", REVIEWED_ON));
            fixture.given(givenAgain)
                    .when(new ReturnToTeam(FIRST, REPORT_DATE, List.of("仍缺证据")), as(REVIEWER))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.REVIEW_BEFORE_RETURN, "audit", FIRST,
                            "reviewedOn", REPORT_DATE, "returnedOn", REVIEWED_ON));
        }

        @Test
        void acceptsTheReportGivenAgainWithItsOwnDateOnTheDayOfTheReturn() {
            fixture.given(concat(finished(Grade.TEN_STAR),
                            new TechnicalReviewReturned(FIRST, REVIEWER, REVIEWED_ON, List.of("承诺书日期有误")),
                            new GradeRecommended(FIRST, SEED_TOTAL, Grade.TEN_STAR, REPORT_DATE)))
                    .when(new AcceptReview(FIRST, REVIEWED_ON, null), as(REVIEWER))
                    .expectEvents(new TechnicalReviewAccepted(FIRST, REVIEWER, REVIEWED_ON, SEED_TOTAL, Grade.TEN_STAR,
                            null));
        }

        @Test
        void theReturnStillBoundsTheReviewAfterTheLeaderReopensAndRecommendsAgain() {
            fixture.given(concat(finished(Grade.TEN_STAR),
                            new TechnicalReviewReturned(FIRST, REVIEWER, REVIEWED_ON, List.of("承诺书日期有误")),
                            new GradeRecommended(FIRST, SEED_TOTAL, Grade.TEN_STAR, REPORT_DATE),
                            new AuditReopened(FIRST, "补充证据"),
                            new GradeRecommended(FIRST, SEED_TOTAL, Grade.TEN_STAR, REPORT_DATE)))
                    .when(new AcceptReview(FIRST, REVIEWED_ON.minusDays(1), null), as(REVIEWER))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.REVIEW_BEFORE_RETURN, "audit", FIRST,
                            "reviewedOn", REVIEWED_ON.minusDays(1), "returnedOn", REVIEWED_ON));
        }

        @Test
        void returningRecordsTheFindings() {
            fixture.given(finished(Grade.TEN_STAR))
                    .when(new ReturnToTeam(FIRST, REVIEWED_ON, List.of("5.2.2.3 证据不足")), as(REVIEWER))
                    .expectEvents(new TechnicalReviewReturned(FIRST, REVIEWER, REVIEWED_ON, List.of("5.2.2.3 证据不足")));
        }

        @Test
        void reopeningAfterTheReviewWithdrawsIt() {
            fixture.given(reviewed(Grade.TEN_STAR))
                    .andGiven(new AuditReopened(FIRST, "补充证据"),
                            new GradeRecommended(FIRST, SEED_TOTAL, Grade.TEN_STAR, REPORT_DATE))
                    .when(new DecideCertification(FIRST, DecisionOutcome.GRANT, DECIDED_ON, "x", null,
                            versionAfter(reviewed(Grade.TEN_STAR)) + 2), as(DECIDER))
                    .expectNoEvents()
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("audit 0455-2021-SE.1 awaits its technical review; only an "
                            + "audit accepted by technical review is decided"));
        }

        @Test
        void refusesToReopenADecidedAudit() {
            fixture.given(granted())
                    .when(new ReopenAudit(FIRST, "补充"), as("leader"))
                    .expectNoEvents()
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("audit 0455-2021-SE.1 was decided GRANT on 2021-07-01; a decided "
                            + "audit is never reopened"));
        }
    }

    /** After {@link AuditFixtures#granted()}: the surveillance SECOND, its leader signed and every item assessed. */
    private static List<AuditEvent> surveillanceScored() {
        List<AuditEvent> events = concat(granted(), surveillanceOpened(SECOND, FIRST),
                new TeamMemberAssigned(SECOND, LEADER), new PledgeSigned(SECOND, "A", SURVEILLANCE_TO));
        events.addAll(AuditFixtures.seedResults(SECOND));
        return events;
    }

    /** {@link #surveillanceScored()}, recommended on its last on-site day. */
    private static List<AuditEvent> surveillanceRecommended() {
        return concat(surveillanceScored(), new GradeRecommended(SECOND, SEED_TOTAL, Grade.TEN_STAR, SURVEILLANCE_TO));
    }

    /**
     * A surveillance is decided only on a day its certificate is valid or suspended, and no earlier than its report and
     * its acceptance (ISO/IEC 17065 7.11, ISO/IEC 17021-1 9.6): a report or an acceptance dated after the certificate's
     * last valid day would leave it undecidable for good.
     */
    @Nested
    class DecidableDates {

        private final LocalDate expired = VALID_UNTIL.plusDays(1);

        @Test
        void refusesASurveillancesReportDatedAfterTheCertificatesLastValidDayNamingTheReportDate() {
            fixture.given(surveillanceScored())
                    .when(new RecommendGrade(SECOND, Grade.TEN_STAR, expired), as("leader"))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.RECOMMENDATION_AFTER_CERTIFICATE, "audit", SECOND,
                            "reportDate", expired, "certificate", CERTIFICATE_NUMBER, "status", "EXPIRED",
                            "allowed", List.of("VALID", "SUSPENDED"), "validFrom", DECIDED_ON, "validUntil", VALID_UNTIL))
                    .expectException(naming("reportDate"))
                    .expectExceptionMessage(containsString("on the report date 2024-07-01 of audit 0455-2021-SE.2 "
                            + "certificate CTS-2021-0455-2021-SE-1 is EXPIRED (已过期) (valid from 2021-07-01 to "
                            + "2024-06-30); a SURVEILLANCE audit (保持认证) is decided only on a day its certificate is "
                            + "[VALID, SUSPENDED] (ISO/IEC 17065 7.11, ISO/IEC 17021-1 9.6) and no earlier than its "
                            + "report, so a report dated then leaves an audit that can never be decided"));
        }

        @Test
        void recommendsASurveillanceOnTheCertificatesLastValidDay() {
            fixture.given(surveillanceScored())
                    .when(new RecommendGrade(SECOND, Grade.TEN_STAR, VALID_UNTIL), as("leader"))
                    .expectEvents(new GradeRecommended(SECOND, SEED_TOTAL, Grade.TEN_STAR, VALID_UNTIL));
        }

        @Test
        void theAuditsOwnRulesAnswerFirst() {
            // A grade the scoring rules do not give, on a day after the certificate: the audit's rules are judged first,
            // then the project's certificate.
            fixture.given(surveillanceScored())
                    .when(new RecommendGrade(SECOND, Grade.NINE_STAR, expired), as("leader"))
                    .expectNoEvents()
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("recommend TEN_STAR or NOT_GRADED, not NINE_STAR"));
        }

        @Test
        void refusesAcceptingASurveillanceOnADayItsCertificateHasExpiredNamingTheReviewDate() {
            fixture.given(surveillanceRecommended())
                    .when(new AcceptReview(SECOND, expired, "资料齐全"), as(REVIEWER))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.REVIEW_AFTER_CERTIFICATE, "audit", SECOND,
                            "reviewedOn", expired, "certificate", CERTIFICATE_NUMBER, "status", "EXPIRED",
                            "allowed", List.of("VALID", "SUSPENDED"), "validFrom", DECIDED_ON, "validUntil", VALID_UNTIL))
                    .expectException(naming("reviewedOn"))
                    .expectExceptionMessage(containsString("no earlier than its acceptance by technical review, so an "
                            + "acceptance dated then leaves an audit that can never be decided"));
        }

        @Test
        void acceptsASurveillanceOnTheCertificatesLastValidDay() {
            fixture.given(surveillanceRecommended())
                    .when(new AcceptReview(SECOND, VALID_UNTIL, null), as(REVIEWER))
                    .expectEvents(new TechnicalReviewAccepted(SECOND, REVIEWER, VALID_UNTIL, SEED_TOTAL, Grade.TEN_STAR,
                            null));
        }

        @Test
        void acceptsASurveillanceWhileItsCertificateIsSuspended() {
            // The first surveillance suspended the certificate; the next one is reviewed while it is still suspended.
            LocalDate from = SURVEILLANCE_DECIDED_ON.plusDays(10);
            List<AuditEvent> history = concat(suspended(SURVEILLANCE_DECIDED_ON.plusMonths(6)),
                    openedOn(THIRD, AuditType.SURVEILLANCE, SECOND, from),
                    new TeamMemberAssigned(THIRD, LEADER), new PledgeSigned(THIRD, "A", from),
                    new GradeRecommended(THIRD, SEED_TOTAL, Grade.TEN_STAR, from.plusDays(1)));
            fixture.given(history)
                    .when(new AcceptReview(THIRD, from.plusDays(5), null), as(REVIEWER))
                    .expectEvents(new TechnicalReviewAccepted(THIRD, REVIEWER, from.plusDays(5), SEED_TOTAL,
                            Grade.TEN_STAR, null));
        }

        @Test
        void acceptsASurveillanceAfterTheEarlierPeriodEndedWhenARenewalContinuesIt() {
            // Renewed early (decided 2024-05-15, valid from 2024-07-01): a surveillance held meanwhile is decided in the
            // renewed period.
            LocalDate from = LocalDate.of(2024, 6, 3);
            List<AuditEvent> history = concat(renewedEarly(), openedOn(THIRD, AuditType.SURVEILLANCE, SECOND, from),
                    new TeamMemberAssigned(THIRD, LEADER), new PledgeSigned(THIRD, "A", from),
                    new GradeRecommended(THIRD, SEED_TOTAL, Grade.TEN_STAR, from.plusDays(1)));
            fixture.given(history)
                    .when(new AcceptReview(THIRD, RENEWED_FROM.plusDays(4), null), as(REVIEWER))
                    .expectEvents(new TechnicalReviewAccepted(THIRD, REVIEWER, RENEWED_FROM.plusDays(4), SEED_TOTAL,
                            Grade.TEN_STAR, null));
        }

        @Test
        void returnsASurveillanceToItsTeamAfterTheCertificateExpired() {
            // A return leaves the audit with its team: the leader's next report is judged when it comes.
            fixture.given(surveillanceRecommended())
                    .when(new ReturnToTeam(SECOND, expired, List.of("5.2.2.3 证据不足")), as(REVIEWER))
                    .expectEvents(new TechnicalReviewReturned(SECOND, REVIEWER, expired, List.of("5.2.2.3 证据不足")));
        }

        @Test
        void acceptsAReCertificationAfterTheCertificateExpiredSinceARefusalNeedsNoCertificate() {
            LocalDate from = VALID_UNTIL.plusMonths(2);
            fixture.given(concat(granted(), openedOn(SECOND, AuditType.RECERTIFICATION, FIRST, from),
                            new TeamMemberAssigned(SECOND, LEADER), new PledgeSigned(SECOND, "A", from),
                            new GradeRecommended(SECOND, SEED_TOTAL, Grade.TEN_STAR, from.plusDays(1))))
                    .when(new AcceptReview(SECOND, from.plusDays(3), null), as(REVIEWER))
                    .expectEvents(new TechnicalReviewAccepted(SECOND, REVIEWER, from.plusDays(3), SEED_TOTAL,
                            Grade.TEN_STAR, null));
        }
    }

    @Nested
    class Decision {

        @Test
        void grantsAnInitialAuditIssuingACertificateValidThreeYears() {
            List<AuditEvent> history = reviewed(Grade.TEN_STAR);
            fixture.given(history)
                    .when(new DecideCertification(FIRST, DecisionOutcome.GRANT, DECIDED_ON, "符合要求", null,
                            versionAfter(history)), as(DECIDER))
                    .expectEvents(new CertificateGranted(FIRST, decision(DecisionOutcome.GRANT, DECIDED_ON,
                            versionAfter(history), Grade.TEN_STAR, "符合要求"), certificate()));
        }

        @Test
        void refusesAnInitialAudit() {
            List<AuditEvent> history = reviewed(Grade.NOT_GRADED);
            fixture.given(history)
                    .when(new DecideCertification(FIRST, DecisionOutcome.REFUSE, DECIDED_ON, "未达标", null,
                            versionAfter(history)), as(DECIDER))
                    .expectEvents(new CertificationRefused(FIRST, decision(DecisionOutcome.REFUSE, DECIDED_ON,
                            versionAfter(history), Grade.NOT_GRADED, "未达标")));
        }

        @Test
        void refusesToGrantANotGradedAudit() {
            List<AuditEvent> history = reviewed(Grade.NOT_GRADED);
            fixture.given(history)
                    .when(new DecideCertification(FIRST, DecisionOutcome.GRANT, DECIDED_ON, "x", null,
                            versionAfter(history)), as(DECIDER))
                    .expectNoEvents()
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("audit 0455-2021-SE.1 was recommended NOT_GRADED (不予定级); "
                            + "a certificate is granted only on a passing grade; refuse it"));
        }

        @Test
        void refusesADeciderWhoWasOnTheTeam() {
            List<AuditEvent> history = reviewed(Grade.TEN_STAR);
            fixture.given(history)
                    .when(new DecideCertification(FIRST, DecisionOutcome.GRANT, DECIDED_ON, "x", null,
                            versionAfter(history)), as("leader"))
                    .expectNoEvents()
                    .expectException(NotPermittedException.class)
                    .expectExceptionMessage(containsString("user 'leader' is or was on the team of audit 0455-2021-SE.1; "
                            + "the certification decision is made by a person not involved in the audit"))
                    .expectException(refusal(RuleCode.INDEPENDENCE_DECIDER_ON_TEAM, "user", "leader", "audit", FIRST));
        }

        @Test
        void refusesADeciderWhoWasOnTheTeamUnderTheirNameInFullwidthLetters() {
            List<AuditEvent> history = reviewed(Grade.TEN_STAR);
            fixture.given(history)
                    .when(new DecideCertification(FIRST, DecisionOutcome.GRANT, DECIDED_ON, "x", null,
                            versionAfter(history)), as("ＬＥＡＤＥＲ"))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.INDEPENDENCE_DECIDER_ON_TEAM, "user", "ＬＥＡＤＥＲ", "audit", FIRST));
        }

        @Test
        void refusesADeciderWhoReviewedTheAuditUnderTheirNameInAnotherCase() {
            List<AuditEvent> history = reviewed(Grade.TEN_STAR);
            fixture.given(history)
                    .when(new DecideCertification(FIRST, DecisionOutcome.GRANT, DECIDED_ON, "x", null,
                            versionAfter(history)), as("REVIEWER"))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.INDEPENDENCE_DECIDER_REVIEWED, "user", "REVIEWER", "audit", FIRST));
        }

        @Test
        void refusesADeciderWhoReviewedTheAudit() {
            List<AuditEvent> history = reviewed(Grade.TEN_STAR);
            fixture.given(history)
                    .when(new DecideCertification(FIRST, DecisionOutcome.GRANT, DECIDED_ON, "x", null,
                            versionAfter(history)), as(REVIEWER))
                    .expectNoEvents()
                    .expectException(NotPermittedException.class)
                    .expectExceptionMessage(containsString("user 'reviewer' reviewed audit 0455-2021-SE.1; the decision "
                            + "is made by another person than the technical reviewer"));
        }

        @Test
        void refusesADeciderWhoReturnedTheAuditBeforeAnotherReviewerAcceptedIt() {
            List<AuditEvent> history = concat(finished(Grade.TEN_STAR),
                    new TechnicalReviewReturned(FIRST, "Decider", REVIEWED_ON, List.of("5.2.2.3 证据不足")),
                    new GradeRecommended(FIRST, SEED_TOTAL, Grade.TEN_STAR, REPORT_DATE),
                    new TechnicalReviewAccepted(FIRST, REVIEWER, REVIEWED_ON, SEED_TOTAL, Grade.TEN_STAR, null));
            fixture.given(history)
                    .when(new DecideCertification(FIRST, DecisionOutcome.GRANT, DECIDED_ON, "x", null,
                            versionAfter(history)), as(DECIDER))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.INDEPENDENCE_DECIDER_REVIEWED, "user", DECIDER, "audit", FIRST))
                    .expectExceptionMessage(containsString("reviewed audit 0455-2021-SE.1 before (an acceptance set "
                            + "aside or a return)"));
        }

        @Test
        void refusesADeciderWhoseAcceptanceAReopeningSetAside() {
            List<AuditEvent> history = concat(finished(Grade.TEN_STAR),
                    new TechnicalReviewAccepted(FIRST, DECIDER, REVIEWED_ON, SEED_TOTAL, Grade.TEN_STAR, null),
                    new AuditReopened(FIRST, "补充证据"),
                    new GradeRecommended(FIRST, SEED_TOTAL, Grade.TEN_STAR, REPORT_DATE),
                    new TechnicalReviewAccepted(FIRST, REVIEWER, REVIEWED_ON, SEED_TOTAL, Grade.TEN_STAR, null));
            fixture.given(history)
                    .when(new DecideCertification(FIRST, DecisionOutcome.GRANT, DECIDED_ON, "x", null,
                            versionAfter(history)), as(DECIDER.toUpperCase(java.util.Locale.ROOT)))
                    .expectNoEvents()
                    .expectException(NotPermittedException.class);
        }

        @Test
        void refusesAnUnreviewedAudit() {
            List<AuditEvent> history = finished(Grade.TEN_STAR);
            fixture.given(history)
                    .when(new DecideCertification(FIRST, DecisionOutcome.GRANT, DECIDED_ON, "x", null,
                            versionAfter(history)), as(DECIDER))
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("awaits its technical review"));
        }

        @Test
        void refusesADecisionOnAStaleView() {
            List<AuditEvent> history = reviewed(Grade.TEN_STAR);
            fixture.given(history)
                    .when(new DecideCertification(FIRST, DecisionOutcome.GRANT, DECIDED_ON, "x", null,
                            versionAfter(history) - 1), as(DECIDER))
                    .expectNoEvents()
                    .expectException(StaleVersionException.class)
                    .expectExceptionMessage(containsString("expected version " + (versionAfter(history) - 1)));
        }

        @Test
        void refusesASecondDecision() {
            List<AuditEvent> history = granted();
            fixture.given(history)
                    .when(new DecideCertification(FIRST, DecisionOutcome.REFUSE, DECIDED_ON, "x", null,
                            versionAfter(history)), as(DECIDER))
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("audit 0455-2021-SE.1 was already decided GRANT by decider on "
                            + "2021-07-01; a decision stands"));
        }

        @Test
        void refusesASurveillanceOutcomeForAnInitialAudit() {
            List<AuditEvent> history = reviewed(Grade.TEN_STAR);
            fixture.given(history)
                    .when(new DecideCertification(FIRST, DecisionOutcome.MAINTAIN, DECIDED_ON, "x", null,
                            versionAfter(history)), as(DECIDER))
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("an initial audit is decided GRANT or REFUSE, not MAINTAIN"));
        }

        @Test
        void refusesAGrantForASurveillance() {
            List<AuditEvent> history = surveillanceReviewed(Grade.TEN_STAR);
            fixture.given(history)
                    .when(new DecideCertification(SECOND, DecisionOutcome.GRANT, SURVEILLANCE_DECIDED_ON, "x", null,
                            versionAfter(history)), as(DECIDER))
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("a surveillance audit is decided MAINTAIN, SUSPEND or WITHDRAW, not GRANT"));
        }

        @Test
        void refusesADecisionDatedBeforeTheReview() {
            List<AuditEvent> history = reviewed(Grade.TEN_STAR);
            fixture.given(history)
                    .when(new DecideCertification(FIRST, DecisionOutcome.GRANT, REVIEWED_ON.minusDays(1), "x", null,
                            versionAfter(history)), as(DECIDER))
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("the decision date 2021-06-19 is before the technical review"))
                    .expectException(naming("decidedOn"));
        }

        @Test
        void refusesMaintainingOnADayTheCertificateHasExpiredNamingTheDateAndTheValidity() {
            List<AuditEvent> history = surveillanceReviewed(Grade.TEN_STAR);
            LocalDate expired = LocalDate.of(2026, 12, 5);
            fixture.given(history)
                    .when(new DecideCertification(SECOND, DecisionOutcome.MAINTAIN, expired, "x", null,
                            versionAfter(history)), as(DECIDER))
                    .expectNoEvents()
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("certificate CTS-2021-0455-2021-SE-1 is EXPIRED (已过期) on "
                            + "2026-12-05 (valid from 2021-07-01 to 2024-06-30); only a certificate [VALID, SUSPENDED] "
                            + "is maintained"))
                    .expectException(refusal(RuleCode.CERTIFICATE_STATUS, "certificate", CERTIFICATE_NUMBER,
                            "status", "EXPIRED", "day", expired, "allowed", List.of("VALID", "SUSPENDED"),
                            "validFrom", DECIDED_ON, "validUntil", VALID_UNTIL))
                    .expectException(naming("decidedOn"));
        }
    }

    @Nested
    class CertificateLife {

        @Test
        void maintainsTheCertificateWithTheDecidedGradeAndTheNextDueDate() {
            List<AuditEvent> history = surveillanceReviewed(Grade.NINE_STAR);
            fixture.given(history)
                    .when(new DecideCertification(SECOND, DecisionOutcome.MAINTAIN, SURVEILLANCE_DECIDED_ON, "保持",
                            null, versionAfter(history)), as(DECIDER))
                    .expectEvents(new CertificateMaintained(SECOND, decision(DecisionOutcome.MAINTAIN,
                            SURVEILLANCE_DECIDED_ON, versionAfter(history), Grade.NINE_STAR, "保持"), CERTIFICATE_NUMBER,
                            SURVEILLANCE_TO.plusMonths(12)));
        }

        @Test
        void refusesToMaintainOnANotGradedSurveillance() {
            List<AuditEvent> history = surveillanceReviewed(Grade.NOT_GRADED);
            fixture.given(history)
                    .when(new DecideCertification(SECOND, DecisionOutcome.MAINTAIN, SURVEILLANCE_DECIDED_ON, "x", null,
                            versionAfter(history)), as(DECIDER))
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("a certificate is maintained only on a passing grade; suspend or withdraw it"));
        }

        @Test
        void suspendsUntilADateAtMostSixMonthsAhead() {
            List<AuditEvent> history = surveillanceReviewed(Grade.NOT_GRADED);
            LocalDate until = SURVEILLANCE_DECIDED_ON.plusMonths(6);
            fixture.given(history)
                    .when(new DecideCertification(SECOND, DecisionOutcome.SUSPEND, SURVEILLANCE_DECIDED_ON, "整改期",
                            until, versionAfter(history)), as(DECIDER))
                    .expectEvents(new CertificateSuspended(SECOND, decision(DecisionOutcome.SUSPEND,
                            SURVEILLANCE_DECIDED_ON, versionAfter(history), Grade.NOT_GRADED, "整改期"),
                            CERTIFICATE_NUMBER, until, SURVEILLANCE_TO.plusMonths(12)));
        }

        @Test
        void refusesASuspensionLongerThanSixMonths() {
            List<AuditEvent> history = surveillanceReviewed(Grade.NOT_GRADED);
            fixture.given(history)
                    .when(new DecideCertification(SECOND, DecisionOutcome.SUSPEND, SURVEILLANCE_DECIDED_ON, "x",
                            SURVEILLANCE_DECIDED_ON.plusMonths(6).plusDays(1), versionAfter(history)), as(DECIDER))
                    .expectNoEvents()
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("a suspension decided on 2022-06-01 ends after it and at most 6 "
                            + "months later, by 2022-12-01; was 2022-12-02"));
        }

        @Test
        void refusesASuspensionWithoutAnEndDate() {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new DecideCertification(SECOND, DecisionOutcome.SUSPEND, SURVEILLANCE_DECIDED_ON, "x", null, 3));
        }

        @Test
        void withdrawsASuspendedCertificate() {
            List<AuditEvent> suspended = suspended(LocalDate.of(2022, 11, 30));
            List<AuditEvent> history = concat(suspended,
                    openedOn(THIRD, AuditType.SURVEILLANCE, SECOND, LocalDate.of(2022, 9, 1)),
                    new TeamMemberAssigned(THIRD, LEADER),
                    new GradeRecommended(THIRD, SEED_TOTAL, Grade.NOT_GRADED, LocalDate.of(2022, 9, 2)),
                    new TechnicalReviewAccepted(THIRD, REVIEWER, LocalDate.of(2022, 9, 5), SEED_TOTAL, Grade.NOT_GRADED, null));
            LocalDate on = LocalDate.of(2022, 9, 10);
            fixture.given(history)
                    .when(new DecideCertification(THIRD, DecisionOutcome.WITHDRAW, on, "整改未完成", null,
                            versionAfter(history)), as(DECIDER))
                    .expectEvents(new CertificateWithdrawn(THIRD, decision(DecisionOutcome.WITHDRAW, on,
                            versionAfter(history), Grade.NOT_GRADED, "整改未完成"), CERTIFICATE_NUMBER));
        }

        /** A suspended certificate's surveillance, reviewed on 2022-07-05, and its restoration recorded for 2022-08-01. */
        private List<AuditEvent> restoredWhileASurveillanceAwaitsItsDecision() {
            return concat(suspended(LocalDate.of(2022, 11, 30)),
                    openedOn(THIRD, AuditType.SURVEILLANCE, SECOND, LocalDate.of(2022, 7, 1)),
                    new TeamMemberAssigned(THIRD, LEADER),
                    new GradeRecommended(THIRD, SEED_TOTAL, Grade.NINE_STAR, LocalDate.of(2022, 7, 2)),
                    new TechnicalReviewAccepted(THIRD, REVIEWER, LocalDate.of(2022, 7, 5), SEED_TOTAL, Grade.NINE_STAR,
                            null),
                    new CertificateRestored(SECOND, CERTIFICATE_NUMBER, DECIDER, LocalDate.of(2022, 8, 1), "整改验证通过"));
        }

        @Test
        void refusesADecisionDatedBeforeTheRestorationAlreadyRecordedNamingTheDecisionDate() {
            List<AuditEvent> history = restoredWhileASurveillanceAwaitsItsDecision();
            LocalDate on = LocalDate.of(2022, 7, 10);
            fixture.given(history)
                    .when(new DecideCertification(THIRD, DecisionOutcome.WITHDRAW, on, "严重不符合", null,
                            versionAfter(history)), as(DECIDER))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.DECISION_BEFORE_CERTIFICATE_CHANGE, "audit", THIRD,
                            "decidedOn", on, "certificate", CERTIFICATE_NUMBER, "changedOn", LocalDate.of(2022, 8, 1)))
                    .expectException(naming("decidedOn"));
        }

        @Test
        void decidesOnTheDayOfTheRestorationAlreadyRecorded() {
            List<AuditEvent> history = restoredWhileASurveillanceAwaitsItsDecision();
            LocalDate on = LocalDate.of(2022, 8, 1);
            fixture.given(history)
                    .when(new DecideCertification(THIRD, DecisionOutcome.MAINTAIN, on, "持续符合", null,
                            versionAfter(history)), as(DECIDER))
                    .expectEvents(new CertificateMaintained(THIRD, decision(DecisionOutcome.MAINTAIN, on,
                            versionAfter(history), Grade.NINE_STAR, "持续符合"), CERTIFICATE_NUMBER, null));
        }

        @Test
        void restoresASuspendedCertificate() {
            LocalDate on = LocalDate.of(2022, 8, 1);
            fixture.given(suspended(LocalDate.of(2022, 11, 30)))
                    .when(new RestoreCertificate(PROJECT, on, "整改验证通过"), as(DECIDER))
                    .expectEvents(new CertificateRestored(SECOND, CERTIFICATE_NUMBER, DECIDER, on, "整改验证通过"));
        }

        @Test
        void refusesARestorationOnTheDayOfTheSuspension() {
            fixture.given(suspended(LocalDate.of(2022, 11, 30)))
                    .when(new RestoreCertificate(PROJECT, SURVEILLANCE_DECIDED_ON, "整改验证通过"), as(DECIDER))
                    .expectNoEvents()
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("was suspended on " + SURVEILLANCE_DECIDED_ON
                            + "; it is restored after that day"));
        }

        @Test
        void refusesToRestoreAValidCertificate() {
            fixture.given(granted())
                    .when(new RestoreCertificate(PROJECT, LocalDate.of(2022, 8, 1), "x"), as(DECIDER))
                    .expectNoEvents()
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("certificate CTS-2021-0455-2021-SE-1 is VALID on 2022-08-01 "
                            + "(valid from 2021-07-01 to 2024-06-30); only a suspended certificate is restored"))
                    .expectException(naming("restoredOn"));
        }

        @Test
        void refusesARestorationOnADayTheSuspendedCertificateHasExpired() {
            LocalDate expired = VALID_UNTIL.plusDays(1);
            fixture.given(suspended(LocalDate.of(2022, 11, 30)))
                    .when(new RestoreCertificate(PROJECT, expired, "整改完成"), as(DECIDER))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.RESTORATION_NOT_SUSPENDED, "certificate", CERTIFICATE_NUMBER,
                            "status", "EXPIRED", "day", expired, "validFrom", DECIDED_ON, "validUntil", VALID_UNTIL))
                    .expectException(naming("restoredOn"));
        }

        @Test
        void refusesARestorationByAMemberOfTheSuspendingAuditsTeam() {
            fixture.given(suspended(LocalDate.of(2022, 11, 30)))
                    .when(new RestoreCertificate(PROJECT, LocalDate.of(2022, 8, 1), "x"), as("leader"))
                    .expectException(NotPermittedException.class)
                    .expectExceptionMessage(containsString("user 'leader' was on the team of audit 0455-2021-SE.2"));
        }

        @Test
        void refusesARestorationByAMemberOfTheSuspendingAuditsTeamSignedInUnderAnotherCase() {
            fixture.given(suspended(LocalDate.of(2022, 11, 30)))
                    .when(new RestoreCertificate(PROJECT, LocalDate.of(2022, 8, 1), "x"), as("Leader"))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.INDEPENDENCE_RESTORER_ON_TEAM, "user", "Leader", "audit", SECOND));
        }

        @Test
        void renewsBeforeExpiryContinuingFromTheOldLastValidDay() {
            List<AuditEvent> history = earlyRecertificationReviewed();
            fixture.given(history)
                    .when(new DecideCertification(SECOND, DecisionOutcome.GRANT, EARLY_RENEWAL_DECIDED_ON, "再认证通过",
                            null, versionAfter(history)), as(DECIDER))
                    .expectEvents(earlyRenewal(history));
        }

        @Test
        void renewsAfterExpiryFromTheDecisionDate() {
            LocalDate from = LocalDate.of(2024, 8, 1);
            LocalDate decided = LocalDate.of(2024, 9, 2);
            List<AuditEvent> history = concat(granted(),
                    openedOn(SECOND, AuditType.RECERTIFICATION, FIRST, from),
                    new TeamMemberAssigned(SECOND, LEADER),
                    new GradeRecommended(SECOND, SEED_TOTAL, Grade.TEN_STAR, from.plusDays(1)),
                    new TechnicalReviewAccepted(SECOND, REVIEWER, from.plusDays(10), SEED_TOTAL, Grade.TEN_STAR, null));
            fixture.given(history)
                    .when(new DecideCertification(SECOND, DecisionOutcome.GRANT, decided, "再认证通过", null,
                            versionAfter(history)), as(DECIDER))
                    .expectEvents(new CertificateRenewed(SECOND, decision(DecisionOutcome.GRANT, decided,
                            versionAfter(history), Grade.TEN_STAR, "再认证通过"), new Certificate(CERTIFICATE_NUMBER,
                            ORGANIZATION.name(), AuditFixtures.open(AuditType.INITIAL).scope(), SCHEME, Grade.TEN_STAR,
                            decided, decided, LocalDate.of(2027, 9, 1), from.plusDays(1).plusMonths(12))));
        }

        @Test
        void issuesANewNumberForANewInitialAfterWithdrawal() {
            List<AuditEvent> withdrawn = withdrawn();
            LocalDate from = LocalDate.of(2023, 3, 1);
            LocalDate decided = LocalDate.of(2023, 4, 3);
            List<AuditEvent> history = concat(withdrawn,
                    openedOn(THIRD, AuditType.INITIAL, SECOND, from),
                    new TeamMemberAssigned(THIRD, LEADER),
                    new GradeRecommended(THIRD, SEED_TOTAL, Grade.TEN_STAR, from.plusDays(1)),
                    new TechnicalReviewAccepted(THIRD, REVIEWER, from.plusDays(10), SEED_TOTAL, Grade.TEN_STAR, null));
            fixture.given(history)
                    .when(new DecideCertification(THIRD, DecisionOutcome.GRANT, decided, "符合要求", null,
                            versionAfter(history)), as(DECIDER))
                    .expectEvents(new CertificateGranted(THIRD, decision(DecisionOutcome.GRANT, decided,
                            versionAfter(history), Grade.TEN_STAR, "符合要求"), new Certificate("CTS-2023-0455-2021-SE-2",
                            ORGANIZATION.name(), AuditFixtures.open(AuditType.INITIAL).scope(), SCHEME, Grade.TEN_STAR,
                            decided, decided, LocalDate.of(2026, 4, 2), from.plusDays(1).plusMonths(12))));
        }

        /** After {@code before}: the surveillance {@code id} on site from {@code from} for two days, reviewed. */
        private List<AuditEvent> surveillanceReviewedAfter(List<AuditEvent> before, org.certaudit.audit.AuditId id,
                                                           org.certaudit.audit.AuditId predecessor, LocalDate from) {
            return concat(before,
                    openedOn(id, AuditType.SURVEILLANCE, predecessor, from),
                    new TeamMemberAssigned(id, LEADER),
                    new PledgeSigned(id, "A", from),
                    new GradeRecommended(id, SEED_TOTAL, Grade.TEN_STAR, from.plusDays(1)),
                    new TechnicalReviewAccepted(id, REVIEWER, from.plusDays(10), SEED_TOTAL, Grade.TEN_STAR, null));
        }

        private CertificateMaintained maintenance(org.certaudit.audit.AuditId id, LocalDate decidedOn,
                                                  List<AuditEvent> history, LocalDate surveillanceDue) {
            return new CertificateMaintained(id, decision(DecisionOutcome.MAINTAIN, decidedOn, versionAfter(history),
                    Grade.TEN_STAR, "保持"), CERTIFICATE_NUMBER, surveillanceDue);
        }

        @Test
        void maintainingTheCyclesSecondSurveillanceRecordsNoSurveillanceDueTheReCertificationComingNext() {
            // ISO/IEC 17021-1 9.1.3: twelve months after 2023-05-11 falls in the certificate's last year, which begins
            // on 2023-07-01; the re-certification is decided by 2024-06-30 instead.
            List<AuditEvent> first = surveillanceReviewed(Grade.TEN_STAR);
            first.add(maintenance(SECOND, SURVEILLANCE_DECIDED_ON, first, SURVEILLANCE_TO.plusMonths(12)));
            LocalDate decided = LocalDate.of(2023, 6, 1);
            List<AuditEvent> history = surveillanceReviewedAfter(first, THIRD, SECOND, LocalDate.of(2023, 5, 10));
            fixture.given(history)
                    .when(new DecideCertification(THIRD, DecisionOutcome.MAINTAIN, decided, "保持", null,
                            versionAfter(history)), as(DECIDER))
                    .expectEvents(maintenance(THIRD, decided, history, null));
        }

        @Test
        void maintainingASurveillanceRecordsItsNextOneDueTheDayBeforeTheCertificatesLastYear() {
            // On site until 2022-06-30: due by 2023-06-30, the last day of the certificate's second year.
            List<AuditEvent> history = surveillanceReviewedAfter(granted(), SECOND, FIRST, LocalDate.of(2022, 6, 29));
            LocalDate decided = LocalDate.of(2022, 7, 20);
            fixture.given(history)
                    .when(new DecideCertification(SECOND, DecisionOutcome.MAINTAIN, decided, "保持", null,
                            versionAfter(history)), as(DECIDER))
                    .expectEvents(maintenance(SECOND, decided, history, LocalDate.of(2023, 6, 30)));
        }

        @Test
        void maintainingASurveillanceWhoseNextOneWouldBeDueOnTheCertificatesLastYearsFirstDayRecordsNone() {
            List<AuditEvent> history = surveillanceReviewedAfter(granted(), SECOND, FIRST, LocalDate.of(2022, 6, 30));
            LocalDate decided = LocalDate.of(2022, 7, 20);
            fixture.given(history)
                    .when(new DecideCertification(SECOND, DecisionOutcome.MAINTAIN, decided, "保持", null,
                            versionAfter(history)), as(DECIDER))
                    .expectEvents(maintenance(SECOND, decided, history, null));
        }

        @Test
        void suspendingOnTheCyclesLastSurveillanceStillRecordsTheDayANullWouldReadAsAnOlderEvent() {
            List<AuditEvent> history = surveillanceReviewedAfter(granted(), SECOND, FIRST, LocalDate.of(2023, 5, 10));
            LocalDate decided = LocalDate.of(2023, 6, 1);
            LocalDate until = LocalDate.of(2023, 9, 1);
            fixture.given(history)
                    .when(new DecideCertification(SECOND, DecisionOutcome.SUSPEND, decided, "整改期", until,
                            versionAfter(history)), as(DECIDER))
                    .expectEvents(new CertificateSuspended(SECOND, decision(DecisionOutcome.SUSPEND, decided,
                            versionAfter(history), Grade.TEN_STAR, "整改期"), CERTIFICATE_NUMBER, until,
                            LocalDate.of(2024, 5, 11)));
        }

        @Test
        void grantingACertificateValidOneYearRecordsNoSurveillanceDue() {
            // A period of one year is all re-certification year: the grant's next activity is the re-certification.
            FixtureConfiguration<Project> oneYear = new AggregateTestFixture<>(Project.class);
            oneYear.registerInjectableResource(SchemeCatalog.shipped());
            oneYear.registerInjectableResource(new CertificatePolicy("CTS-{year}-{project}-{n}", 1, 12, 6));
            List<AuditEvent> history = reviewed(Grade.TEN_STAR);
            Certificate issued = certificate();
            oneYear.given(history)
                    .when(new DecideCertification(FIRST, DecisionOutcome.GRANT, DECIDED_ON, "符合要求", null,
                            versionAfter(history)), as(DECIDER))
                    .expectEvents(new CertificateGranted(FIRST, decision(DecisionOutcome.GRANT, DECIDED_ON,
                            versionAfter(history), Grade.TEN_STAR, "符合要求"), new Certificate(issued.number(),
                            issued.organization(), issued.scope(), issued.schemeId(), issued.grade(), DECIDED_ON,
                            DECIDED_ON, LocalDate.of(2022, 6, 30), null)));
        }

        @Test
        void theFirstSurveillanceIsDueTwelveMonthsAfterTheLastOnSiteDay() {
            org.assertj.core.api.Assertions.assertThat(certificate().surveillanceDue()).isEqualTo(SURVEILLANCE_DUE);
            org.assertj.core.api.Assertions.assertThat(CertificatePolicy.defaults().surveillanceDue(
                    AuditFixtures.ON_SITE_TO)).isEqualTo(LocalDate.of(2022, 6, 7));
        }
    }

    /** Cancelling an audit not yet decided (ADMIN, with a reason), and the lineage going on from the audit before it. */
    @Nested
    class Cancellation {

        private static final String REASON = "现场审查日期录入错误（2099 年）";

        @Test
        void theAdminCancelsAnOpenAuditWithTheReasonRecordingWhoCancelledIt() {
            fixture.given(readyToScore())
                    .when(new CancelAudit(FIRST, REASON), as("admin"))
                    .expectEvents(new AuditCancelled(FIRST, "admin", REASON))
                    .expectResultMessagePayload(AuditChange.of(FIRST, versionAfter(readyToScore()) + 1));
        }

        @Test
        void aRecommendedOrReviewedAuditGoesToItsDecisionAndIsNotCancelledUntilTheLeaderReopensIt() {
            fixture.given(finished(Grade.TEN_STAR))
                    .when(new CancelAudit(FIRST, REASON), as("admin"))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.CANCEL_RECOMMENDED, "audit", FIRST, "grade", Grade.TEN_STAR,
                            "reportDate", REPORT_DATE));
            setUp();
            fixture.given(reviewed(Grade.TEN_STAR))
                    .when(new CancelAudit(FIRST, REASON), as("admin"))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.CANCEL_RECOMMENDED, "audit", FIRST, "grade", Grade.TEN_STAR,
                            "reportDate", REPORT_DATE));
            setUp();
            fixture.given(concat(finished(Grade.TEN_STAR), new AuditReopened(FIRST, "受审查方申请撤回")))
                    .when(new CancelAudit(FIRST, REASON), as("admin"))
                    .expectEvents(new AuditCancelled(FIRST, "admin", REASON));
            setUp();
            fixture.given(concat(finished(Grade.TEN_STAR),
                            new TechnicalReviewReturned(FIRST, REVIEWER, REVIEWED_ON, List.of("5.2.2.3 证据不足"))))
                    .when(new CancelAudit(FIRST, REASON), as("admin"))
                    .expectEvents(new AuditCancelled(FIRST, "admin", REASON));
        }

        @Test
        void refusesACancellationByNoNamedUser() {
            fixture.given(readyToScore())
                    .when(new CancelAudit(FIRST, REASON))
                    .expectNoEvents()
                    .expectException(NotPermittedException.class);
        }

        @Test
        void refusesCancellingADecidedAuditWhoseRecordStands() {
            fixture.given(granted())
                    .when(new CancelAudit(FIRST, REASON), as("admin"))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.CANCEL_DECIDED, "audit", FIRST, "outcome", DecisionOutcome.GRANT,
                            "decidedOn", DECIDED_ON));
        }

        @Test
        void refusesCancellingTwice() {
            fixture.given(concat(readyToScore(), new AuditCancelled(FIRST, "admin", REASON)))
                    .when(new CancelAudit(FIRST, "再次取消"), as("admin"))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.AUDIT_CANCELLED, "audit", FIRST, "cancelledBy", "admin"));
        }

        @Test
        void aCancelledAuditTakesNoChangeReviewReopeningOrDecision() {
            fixture.given(concat(readyToScore(), new AuditCancelled(FIRST, "admin", REASON)))
                    .when(new ScoreItem(FIRST, "5.1.1.1", org.certaudit.scheme.Percent.of("90"), "记录", null), as("auditor"))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.AUDIT_CANCELLED, "audit", FIRST, "cancelledBy", "admin"));
            setUp();
            fixture.given(concat(finished(Grade.TEN_STAR), new AuditCancelled(FIRST, "admin", REASON)))
                    .when(new AcceptReview(FIRST, REVIEWED_ON, null), as(REVIEWER))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.AUDIT_CANCELLED, "audit", FIRST, "cancelledBy", "admin"));
            setUp();
            fixture.given(concat(finished(Grade.TEN_STAR), new AuditCancelled(FIRST, "admin", REASON)))
                    .when(new ReopenAudit(FIRST, "补充"), as("leader"))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.AUDIT_CANCELLED, "audit", FIRST, "cancelledBy", "admin"));
            List<AuditEvent> reviewedThenCancelled = concat(reviewed(Grade.TEN_STAR),
                    new AuditCancelled(FIRST, "admin", REASON));
            setUp();
            fixture.given(reviewedThenCancelled)
                    .when(new DecideCertification(FIRST, DecisionOutcome.GRANT, DECIDED_ON, "符合要求", null,
                            versionAfter(reviewedThenCancelled)), as(DECIDER))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.AUDIT_CANCELLED, "audit", FIRST, "cancelledBy", "admin"));
        }

        @Test
        void afterTheFirstAuditIsCancelledTheProjectOpensAnotherInitialAuditWithoutPredecessor() {
            fixture.given(AuditFixtures.openedFirst(), new AuditCancelled(FIRST, "admin", REASON))
                    .when(open(AuditType.INITIAL, AuditFixtures.ON_SITE_FROM), as("admin"))
                    .expectEvents(openedOn(SECOND, AuditType.INITIAL, null, AuditFixtures.ON_SITE_FROM))
                    .expectResultMessagePayload(AuditChange.of(SECOND, 2));
            setUp();
            fixture.given(AuditFixtures.openedFirst(), new AuditCancelled(FIRST, "admin", REASON))
                    .when(open(AuditType.SURVEILLANCE, AuditFixtures.ON_SITE_FROM), as("admin"))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.LINEAGE_FIRST_INITIAL, "project", PROJECT,
                            "type", AuditType.SURVEILLANCE))
                    .expectException(naming("type"));
        }

        @Test
        void aSurveillanceOpenedAfterACancelledOneFollowsTheDecidedAuditBeforeItWithItsTeam() {
            List<AuditEvent> cancelled = concat(granted(), surveillanceOpened(SECOND, FIRST),
                    new TeamMemberAssigned(SECOND, AuditFixtures.AUDITOR),
                    new AuditCancelled(SECOND, "admin", REASON));
            OpenAudit again = new OpenAudit(PROJECT, AuditType.SURVEILLANCE, SCHEME, null, null, null, null,
                    AuditFixtures.SURVEILLANCE_FROM, SURVEILLANCE_TO, new BigDecimal("2.0"), null, null, true);
            fixture.given(cancelled)
                    .when(again, as("admin"))
                    .expectEvents(surveillanceOpened(THIRD, FIRST),
                            new TeamMemberAssigned(THIRD, AuditFixtures.LEADER),
                            new TeamMemberAssigned(THIRD, AuditFixtures.AUDITOR));
        }

        @Test
        void theOneAuditAtATimeRuleStillHoldsForAnAuditNotCancelled() {
            fixture.given(concat(granted(), surveillanceOpened(SECOND, FIRST), new AuditCancelled(SECOND, "admin", REASON),
                            surveillanceOpened(THIRD, FIRST)))
                    .when(openSurveillance(), as("admin"))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.LINEAGE_ONE_AT_A_TIME, "project", PROJECT, "audit", THIRD));
        }

        @Test
        void theCommandNeedsAReason() {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new CancelAudit(FIRST, " "));
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new CancelAudit(FIRST, null));
        }
    }

    /**
     * Rescheduling the on-site audit (ADMIN, with a reason): the opening's rules on the new period, only while the
     * evaluation is open, and the record kept consistent with it.
     */
    @Nested
    class Rescheduling {

        private static final String REASON = "受审查方申请改期：原定日期与其年度盘点冲突";
        /** The day the requests are made on, the certification body's. */
        private static final LocalDate TODAY = LocalDate.of(2021, 6, 10);
        private static final OnSitePeriod OPENED = new OnSitePeriod(AuditFixtures.ON_SITE_FROM, AuditFixtures.ON_SITE_TO,
                new BigDecimal("3.0"), null, null);
        private static final OnSitePeriod LATER = new OnSitePeriod(LocalDate.of(2021, 6, 12), LocalDate.of(2021, 6, 14),
                new BigDecimal("2.5"), HalfDay.AFTERNOON, null);

        private static RescheduleOnSiteAudit reschedule(org.certaudit.audit.AuditId audit, OnSitePeriod period) {
            return new RescheduleOnSiteAudit(audit, period, REASON, TODAY);
        }

        @Test
        void theAdminMovesTheOnSitePeriodRecordingThePeriodItReplacesWhoAndWhy() {
            fixture.given(readyToScore())
                    .when(reschedule(FIRST, LATER), as("admin"))
                    .expectEvents(new OnSiteAuditRescheduled(FIRST, OPENED, LATER, "admin", REASON))
                    .expectResultMessagePayload(AuditChange.of(FIRST, versionAfter(readyToScore()) + 1));
        }

        @Test
        void aSecondReschedulingReplacesThePeriodTheFirstSet() {
            OnSitePeriod again = new OnSitePeriod(LocalDate.of(2021, 6, 19), LocalDate.of(2021, 6, 19),
                    new BigDecimal("0.5"), HalfDay.MORNING, HalfDay.MORNING);
            fixture.given(concat(readyToScore(), new OnSiteAuditRescheduled(FIRST, OPENED, LATER, "admin", REASON)))
                    .when(reschedule(FIRST, again), as("admin"))
                    .expectEvents(new OnSiteAuditRescheduled(FIRST, LATER, again, "admin", REASON));
        }

        @Test
        void refusesThePeriodInForceAgainItsDaysComparedByValue() {
            fixture.given(readyToScore())
                    .when(reschedule(FIRST, new OnSitePeriod(AuditFixtures.ON_SITE_FROM, AuditFixtures.ON_SITE_TO,
                            new BigDecimal("3"), null, null)), as("admin"))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.RESCHEDULE_SAME_PERIOD, "audit", FIRST,
                            "onSiteFrom", AuditFixtures.ON_SITE_FROM, "onSiteTo", AuditFixtures.ON_SITE_TO))
                    .expectException(naming("onSiteFrom"));
        }

        @Test
        void refusesOnceTheTeamRecommendedAGradeWhichRestsOnTheVisit() {
            fixture.given(finished(Grade.TEN_STAR))
                    .when(reschedule(FIRST, LATER), as("admin"))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.AUDIT_CLOSED, "audit", FIRST, "grade", Grade.TEN_STAR,
                            "reportDate", REPORT_DATE));
        }

        @Test
        void refusesADecidedAudit() {
            fixture.given(granted())
                    .when(reschedule(FIRST, LATER), as("admin"))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.AUDIT_DECIDED, "audit", FIRST, "outcome", DecisionOutcome.GRANT,
                            "decidedOn", DECIDED_ON));
        }

        @Test
        void refusesACancelledAudit() {
            fixture.given(concat(readyToScore(), new AuditCancelled(FIRST, "admin", "录入错误")))
                    .when(reschedule(FIRST, LATER), as("admin"))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.AUDIT_CANCELLED, "audit", FIRST, "cancelledBy", "admin"));
        }

        @Test
        void refusesARequestByNoNamedUser() {
            fixture.given(readyToScore())
                    .when(reschedule(FIRST, LATER))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.PERMISSION_NO_USER, "audit", FIRST));
        }

        @Test
        void refusesMovingABegunVisitWithScoredItemsToADayAfterToday() {
            fixture.given(AuditFixtures.fullyScored())
                    .when(reschedule(FIRST, LATER), as("admin"))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.RESCHEDULE_VISIT_BEGAN, "audit", FIRST, "scored", 94L,
                            "begunOn", AuditFixtures.ON_SITE_FROM, "onSiteFrom", LATER.from(), "today", TODAY))
                    .expectException(naming("onSiteFrom"));
        }

        @Test
        void refusesMovingABegunVisitWithOnlyANotApplicableItemToADayAfterToday() {
            fixture.given(concat(readyToScore(), new ItemMarkedNotApplicable(FIRST, "5.2.5.4", null, "不涉及")))
                    .when(reschedule(FIRST, LATER), as("admin"))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.RESCHEDULE_VISIT_BEGAN, "audit", FIRST, "scored", 1L,
                            "begunOn", AuditFixtures.ON_SITE_FROM, "onSiteFrom", LATER.from(), "today", TODAY))
                    .expectException(naming("onSiteFrom"));
        }

        @Test
        void movesAVisitStillToComeWithinTheFutureAfterItemsWereScored() {
            // 1 June: the audit was opened for 5 to 7 June and its items scored ahead of the visit; it moves a day on.
            LocalDate firstOfJune = LocalDate.of(2021, 6, 1);
            OnSitePeriod aDayLater = new OnSitePeriod(LocalDate.of(2021, 6, 6), LocalDate.of(2021, 6, 8),
                    new BigDecimal("3.0"), null, null);
            fixture.given(AuditFixtures.fullyScored())
                    .when(new RescheduleOnSiteAudit(FIRST, aDayLater, REASON, firstOfJune), as("admin"))
                    .expectEvents(new OnSiteAuditRescheduled(FIRST, OPENED, aDayLater, "admin", REASON));
        }

        @Test
        void movesABegunVisitWithoutResultsToADayAfterToday() {
            fixture.given(readyToScore())
                    .when(reschedule(FIRST, LATER), as("admin"))
                    .expectEvents(new OnSiteAuditRescheduled(FIRST, OPENED, LATER, "admin", REASON));
        }

        @Test
        void movesABegunVisitWithScoredItemsToStartToday() {
            OnSitePeriod fromToday = new OnSitePeriod(TODAY, TODAY.plusDays(1), new BigDecimal("2.0"), null, null);
            fixture.given(AuditFixtures.fullyScored())
                    .when(reschedule(FIRST, fromToday), as("admin"))
                    .expectEvents(new OnSiteAuditRescheduled(FIRST, OPENED, fromToday, "admin", REASON));
        }

        @Test
        void correctsThePeriodOfAnAuditWithScoredItemsWhenItBeganByToday() {
            OnSitePeriod corrected = new OnSitePeriod(AuditFixtures.ON_SITE_FROM, LocalDate.of(2021, 6, 8),
                    new BigDecimal("4.0"), null, null);
            fixture.given(AuditFixtures.fullyScored())
                    .when(reschedule(FIRST, corrected), as("admin"))
                    .expectEvents(new OnSiteAuditRescheduled(FIRST, OPENED, corrected, "admin", REASON));
        }

        @Test
        void judgesTheLineageAgainOnTheNewFirstDayAfterTheDecisionOnTheAuditBefore() {
            List<AuditEvent> surveillance = concat(granted(), surveillanceOpened(SECOND, FIRST));
            OnSitePeriod beforeTheDecision = new OnSitePeriod(DECIDED_ON, DECIDED_ON, BigDecimal.ONE, null, null);
            fixture.given(surveillance)
                    .when(reschedule(SECOND, beforeTheDecision), as("admin"))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.LINEAGE_ON_SITE_AFTER_DECISION, "project", PROJECT,
                            "audit", FIRST, "decidedOn", DECIDED_ON))
                    .expectException(naming("onSiteFrom"));
        }

        @Test
        void refusesMovingASurveillanceToADayItsCertificateHasExpiredOn() {
            LocalDate expired = VALID_UNTIL.plusDays(1);
            fixture.given(concat(granted(), surveillanceOpened(SECOND, FIRST)))
                    .when(reschedule(SECOND, new OnSitePeriod(expired, expired, BigDecimal.ONE, null, null)), as("admin"))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.LINEAGE_SURVEILLANCE_CERTIFICATE, "project", PROJECT,
                            "certificate", CERTIFICATE_NUMBER, "status", "EXPIRED", "day", expired))
                    .expectException(naming("onSiteFrom"));
        }

        @Test
        void refusesMovingAReCertificationIntoTheGapBeforeAnEarlyRenewalsPeriodBegins() {
            LocalDate gap = RENEWED_FROM.minusDays(1);
            fixture.given(concat(renewedEarly(), openedOn(THIRD, AuditType.RECERTIFICATION, SECOND, RENEWED_FROM)))
                    .when(new RescheduleOnSiteAudit(THIRD, new OnSitePeriod(gap, gap, BigDecimal.ONE, null, null), REASON,
                            RENEWED_FROM.minusMonths(1)), as("admin"))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.LINEAGE_RECERTIFICATION_RENEWED, "project", PROJECT,
                            "certificate", CERTIFICATE_NUMBER, "audit", SECOND, "renewedOn", EARLY_RENEWAL_DECIDED_ON,
                            "validFrom", RENEWED_FROM, "day", gap))
                    .expectException(naming("onSiteFrom"));
        }

        @Test
        void aCancelledAuditBeforeDoesNotCountInTheLineage() {
            OnSitePeriod june = new OnSitePeriod(LocalDate.of(2022, 6, 1), LocalDate.of(2022, 6, 2), new BigDecimal("2.0"),
                    null, null);
            fixture.given(concat(granted(), surveillanceOpened(SECOND, FIRST), new AuditCancelled(SECOND, "admin", "录入错误"),
                            surveillanceOpened(THIRD, FIRST)))
                    .when(reschedule(THIRD, june), as("admin"))
                    .expectEvents(new OnSiteAuditRescheduled(THIRD, new OnSitePeriod(AuditFixtures.SURVEILLANCE_FROM,
                            SURVEILLANCE_TO, new BigDecimal("2.0"), null, null), june, "admin", REASON));
        }

        @Test
        void theRecommendationsReportDateIsJudgedOnThePeriodInForce() {
            OnSitePeriod corrected = new OnSitePeriod(LocalDate.of(2021, 6, 8), LocalDate.of(2021, 6, 9),
                    new BigDecimal("2.0"), null, null);
            fixture.given(concat(AuditFixtures.fullyScored(),
                            new OnSiteAuditRescheduled(FIRST, OPENED, corrected, "admin", REASON)))
                    .when(new RecommendGrade(FIRST, Grade.TEN_STAR, REPORT_DATE), as("leader"))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.RECOMMENDATION_REPORT_DATE, "audit", FIRST,
                            "reportDate", REPORT_DATE, "onSiteFrom", corrected.from()));
        }

        @Test
        void theCertificatesSurveillanceIsDueAYearAfterTheLastDayOfThePeriodInForce() {
            OnSitePeriod corrected = new OnSitePeriod(AuditFixtures.ON_SITE_FROM, LocalDate.of(2021, 6, 9),
                    new BigDecimal("5.0"), null, null);
            List<AuditEvent> reviewed = concat(reviewed(Grade.TEN_STAR));
            reviewed.add(5, new OnSiteAuditRescheduled(FIRST, OPENED, corrected, "admin", REASON));
            Certificate issued = certificate();
            fixture.given(reviewed)
                    .when(new DecideCertification(FIRST, DecisionOutcome.GRANT, DECIDED_ON, "符合要求", null,
                            versionAfter(reviewed)), as(DECIDER))
                    .expectEvents(new CertificateGranted(FIRST, decision(DecisionOutcome.GRANT, DECIDED_ON,
                            versionAfter(reviewed), Grade.TEN_STAR, "符合要求"), new Certificate(issued.number(),
                            issued.organization(), issued.scope(), issued.schemeId(), issued.grade(), issued.issuedOn(),
                            issued.validFrom(), issued.validUntil(), LocalDate.of(2022, 6, 9))));
        }

        @Test
        void theCommandNeedsAReasonAndAPeriodOfTheOpeningsShape() {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new RescheduleOnSiteAudit(FIRST, LATER, " ", TODAY));
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new RescheduleOnSiteAudit(FIRST, new OnSitePeriod(LATER.to(), LATER.from(), BigDecimal.ONE,
                            null, null), REASON, TODAY));
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new RescheduleOnSiteAudit(FIRST, new OnSitePeriod(LATER.from(), LATER.to(), new BigDecimal("3.0"),
                            HalfDay.AFTERNOON, null), REASON, TODAY));
        }
    }
}
