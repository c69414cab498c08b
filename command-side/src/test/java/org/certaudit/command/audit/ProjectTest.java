package org.certaudit.command.audit;

import static org.certaudit.command.audit.AuditFixtures.AUDITOR;
import static org.certaudit.command.audit.AuditFixtures.FIRST;
import static org.certaudit.command.audit.AuditFixtures.LEADER;
import static org.certaudit.command.audit.AuditFixtures.ON_SITE_FROM;
import static org.certaudit.command.audit.AuditFixtures.ON_SITE_TO;
import static org.certaudit.command.audit.AuditFixtures.ORGANIZATION;
import static org.certaudit.command.audit.AuditFixtures.PROJECT;
import static org.certaudit.command.audit.AuditFixtures.REPORT_DATE;
import static org.certaudit.command.audit.AuditFixtures.REVIEWED_ON;
import static org.certaudit.command.audit.AuditFixtures.SCHEME;
import static org.certaudit.command.audit.AuditFixtures.SECOND;
import static org.certaudit.command.audit.AuditFixtures.SEED_TOTAL;
import static org.certaudit.command.audit.AuditFixtures.THIRD;
import static org.certaudit.command.audit.AuditFixtures.as;
import static org.certaudit.command.audit.AuditFixtures.concat;
import static org.certaudit.command.audit.AuditFixtures.finished;
import static org.certaudit.command.audit.AuditFixtures.fullyScored;
import static org.certaudit.command.audit.AuditFixtures.granted;
import static org.certaudit.command.audit.AuditFixtures.open;
import static org.certaudit.command.audit.AuditFixtures.opened;
import static org.certaudit.command.audit.AuditFixtures.openedFirst;
import static org.certaudit.command.audit.AuditFixtures.readyToScore;
import static org.certaudit.command.audit.AuditFixtures.refusal;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.messaging.MetaData;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.certaudit.audit.AuditCancelled;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditOpened;
import org.certaudit.audit.AuditReopened;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.FindingsRecorded;
import org.certaudit.audit.GradeRecommended;
import org.certaudit.audit.ItemApplicabilityRestored;
import org.certaudit.audit.ItemMarkedNotApplicable;
import org.certaudit.audit.ItemNotApplicableReasonRevised;
import org.certaudit.audit.ItemScoreRevised;
import org.certaudit.audit.ItemScored;
import org.certaudit.audit.PledgeDateCorrected;
import org.certaudit.audit.PledgeSigned;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.audit.SpecialItemKind;
import org.certaudit.audit.SpecialItemRecorded;
import org.certaudit.audit.SpecialItemWithdrawn;
import org.certaudit.audit.TeamMember;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.audit.TeamMemberRemoved;
import org.certaudit.audit.TeamRole;
import org.certaudit.audit.TechnicalReviewReturned;
import org.certaudit.command.web.InvalidFieldException;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.Percent;
import org.certaudit.scheme.SchemeCatalog;
import org.certaudit.web.RuleCode;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ProjectTest {

    private FixtureConfiguration<Project> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Project.class);
        fixture.registerInjectableResource(SchemeCatalog.shipped());
    }

    private static ScoreItem score(String item, String percent) {
        return new ScoreItem(FIRST, item, Percent.of(percent), "现场审查记录", null);
    }

    @Nested
    class Lineage {

        @Test
        void opensTheFirstAuditOfAProjectAsInitialWithoutPredecessor() {
            fixture.givenNoPriorActivity()
                    .when(open(AuditType.INITIAL), as("admin"))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(openedFirst())
                    .expectResultMessagePayload(AuditChange.of(FIRST, 0));
        }

        @Test
        void refusesANewProjectWhoseNumberHasLowerCaseLettersNamingIt() {
            ProjectNumber lower = new ProjectNumber("race-1");
            fixture.givenNoPriorActivity()
                    .when(new OpenAudit(lower, AuditType.INITIAL, SCHEME, ORGANIZATION, null, "售后服务", List.of(),
                            ON_SITE_FROM, ON_SITE_TO, new BigDecimal("3.0")), as("admin"))
                    .expectNoEvents()
                    .expectException(InvalidFieldException.class)
                    .expectExceptionMessage(containsString("must have no lower-case letters for a new project"))
                    .expectException(org.axonframework.test.matchers.Matchers.<Object>matches(
                            e -> e instanceof InvalidFieldException refusal && refusal.field().equals("projectNumber")
                                    && refusal.rule().equals(RuleCode.OPEN_PROJECT_NUMBER_UPPER_CASE.with("value", "race-1"))));
        }

        @Test
        void aProjectStoredWithLowerCaseLettersKeepsItsNumberAndOpensItsNextAudit() {
            // Stored before new projects were held to capitals: its number stays as it is, and its next audit opens.
            ProjectNumber lower = new ProjectNumber("legacy-7");
            AuditId first = AuditId.of(lower, 1);
            OpenAudit again = new OpenAudit(lower, AuditType.INITIAL, SCHEME, ORGANIZATION, null, "售后服务", List.of(),
                    ON_SITE_FROM, ON_SITE_TO, new BigDecimal("3.0"));
            fixture.given(new AuditOpened(first, lower, AuditType.INITIAL, null, SCHEME, "1", ORGANIZATION, null, "售后服务",
                            List.of(), ON_SITE_FROM, ON_SITE_TO, new BigDecimal("3.0")),
                            new AuditCancelled(first, "admin", "申请撤回"))
                    .when(again, as("admin"))
                    .expectSuccessfulHandlerExecution()
                    .expectResultMessagePayload(AuditChange.of(AuditId.of(lower, 2), 2));
        }

        @Test
        void refusesASurveillanceAsTheFirstAudit() {
            fixture.givenNoPriorActivity()
                    .when(open(AuditType.SURVEILLANCE))
                    .expectNoEvents()
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("the first audit of project 0455-2021-SE is an initial audit"));
        }

        @Test
        void refusesARecertificationAsTheFirstAudit() {
            fixture.givenNoPriorActivity()
                    .when(open(AuditType.RECERTIFICATION))
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("is an initial audit"));
        }

        @Test
        void refusesAnUnknownScheme() {
            OpenAudit command = open(AuditType.INITIAL);
            fixture.givenNoPriorActivity()
                    .when(new OpenAudit(PROJECT, AuditType.INITIAL, "ISO-9001", command.organization(), null,
                            command.scope(), command.criteria(), command.onSiteFrom(), command.onSiteTo(),
                            command.onSiteDays()))
                    .expectNoEvents()
                    .expectException(UnknownReferenceException.class)
                    .expectExceptionMessage(containsString("scheme 'ISO-9001' is not known"));
        }
    }

    @Nested
    class Team {

        @Test
        void assignsAMember() {
            fixture.given(openedFirst())
                    .when(new AssignTeamMember(FIRST, LEADER))
                    .expectEvents(new TeamMemberAssigned(FIRST, LEADER))
                    .expectResultMessagePayload(AuditChange.of(FIRST, 1));
        }

        @Test
        void refusesASecondLeader() {
            TeamMember another = new TeamMember("C", "张三", TeamRole.LEADER, null, null, null, "zhang");
            fixture.given(openedFirst(), new TeamMemberAssigned(FIRST, LEADER))
                    .when(new AssignTeamMember(FIRST, another))
                    .expectNoEvents()
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("already has its leader, A 李雅宁; an audit team has exactly one leader"));
        }

        @Test
        void refusesACodeAlreadyTaken() {
            TeamMember sameCode = new TeamMember("A", "张三", TeamRole.MEMBER, null, null, null, "zhang");
            fixture.given(openedFirst(), new TeamMemberAssigned(FIRST, LEADER))
                    .when(new AssignTeamMember(FIRST, sameCode))
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("team member code A is already taken by A 李雅宁"));
        }

        @Test
        void refusesTheSameUserTwice() {
            TeamMember sameUser = new TeamMember("C", "李雅宁", TeamRole.MEMBER, null, null, null, "leader");
            fixture.given(openedFirst(), new TeamMemberAssigned(FIRST, LEADER))
                    .when(new AssignTeamMember(FIRST, sameUser))
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("user 'leader' is already on the team"));
        }

        /** A user name names one person however it is cased or written (UserNames): sign-in does not tell them apart. */
        @Test
        void refusesTheSameUserTwiceInAnotherCaseOrInFullwidthLetters() {
            for (String sameUser : List.of("AUDITOR", "Auditor", "ａｕｄｉｔｏｒ", "ＡＵＤＩＴＯＲ")) {
                TeamMember member = new TeamMember("D", "李明", TeamRole.MEMBER, null, null, null, sameUser);
                fixture.given(openedFirst(), new TeamMemberAssigned(FIRST, LEADER), new TeamMemberAssigned(FIRST, AUDITOR))
                        .when(new AssignTeamMember(FIRST, member))
                        .expectNoEvents()
                        .expectException(refusal(RuleCode.TEAM_USER_TAKEN, "audit", FIRST, "user", sameUser,
                                "member", "B 李明"));
            }
        }

        @Test
        void aRemovedMembersUserMayJoinAgainInAnotherCase() {
            TeamMember again = new TeamMember("D", "李明", TeamRole.MEMBER, null, null, null, "Auditor");
            fixture.given(openedFirst(), new TeamMemberAssigned(FIRST, LEADER), new TeamMemberAssigned(FIRST, AUDITOR),
                            new TeamMemberRemoved(FIRST, "B", "调整审查组"))
                    .when(new AssignTeamMember(FIRST, again))
                    .expectEvents(new TeamMemberAssigned(FIRST, again));
        }

        @Test
        void removesAMemberWithTheirPledge() {
            fixture.given(readyToScore())
                    .when(new RemoveTeamMember(FIRST, "B", "调整审查组"))
                    .expectEvents(new TeamMemberRemoved(FIRST, "B", "调整审查组"));
        }

        @Test
        void aRemovedMemberNoLongerScores() {
            fixture.given(concat(readyToScore(), new TeamMemberRemoved(FIRST, "B", null)))
                    .when(score("B8", "97"), as("auditor"))
                    .expectException(NotPermittedException.class);
        }

        @Test
        void refusesRemovingAnUnknownMember() {
            fixture.given(readyToScore())
                    .when(new RemoveTeamMember(FIRST, "Z", null))
                    .expectException(UnknownReferenceException.class)
                    .expectExceptionMessage(containsString("audit 0455-2021-SE.1 has no team member Z"));
        }

        @Test
        void refusesTeamChangesOnAClosedAudit() {
            fixture.given(finished(Grade.TEN_STAR))
                    .when(new AssignTeamMember(FIRST, new TeamMember("C", "张三", TeamRole.MEMBER, null, null, null, "zhang")))
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("is closed since its leader recommended TEN_STAR on 2021-06-07"));
        }

        @Test
        void refusesAnAuditTheProjectDoesNotHave() {
            fixture.given(openedFirst())
                    .when(new AssignTeamMember(SECOND, LEADER))
                    .expectException(UnknownReferenceException.class)
                    .expectExceptionMessage(containsString("project 0455-2021-SE has no audit 0455-2021-SE.2"));
        }
    }

    @Nested
    class Pledge {

        private final List<?> team = List.of(openedFirst(),
                new TeamMemberAssigned(FIRST, LEADER), new TeamMemberAssigned(FIRST, AUDITOR));

        @Test
        void aMemberSignsTheirOwnPledgeWithTheDate() {
            fixture.given(team)
                    .when(new SignPledge(FIRST, null, REPORT_DATE), as("leader"))
                    .expectEvents(new PledgeSigned(FIRST, "A", REPORT_DATE));
        }

        @Test
        void aMemberMayNameTheirOwnCode() {
            fixture.given(team)
                    .when(new SignPledge(FIRST, "B", REPORT_DATE), as("auditor"))
                    .expectEvents(new PledgeSigned(FIRST, "B", REPORT_DATE));
        }

        @Test
        void refusesSigningForAnotherMember() {
            fixture.given(team)
                    .when(new SignPledge(FIRST, "A", REPORT_DATE), as("auditor"))
                    .expectNoEvents()
                    .expectException(NotPermittedException.class)
                    .expectExceptionMessage(containsString("each member signs the pledge for themselves"));
        }

        @Test
        void refusesAUserNotOnTheTeam() {
            fixture.given(team)
                    .when(new SignPledge(FIRST, null, REPORT_DATE), as("reviewer"))
                    .expectException(NotPermittedException.class)
                    .expectExceptionMessage(containsString("user 'reviewer' is not on the team of audit 0455-2021-SE.1"));
        }

        /** Sign-in finds a user whatever the case typed, and a token's claim is the identity provider's spelling. */
        @Test
        void aMemberIsFoundWhateverTheCaseOfTheNameTheySignedInWith() {
            TeamMember upper = new TeamMember("D", "王芳", TeamRole.MEMBER, null, null, null, "Wang.Fang");
            fixture.given(concat((List) team, new TeamMemberAssigned(FIRST, upper)))
                    .when(new SignPledge(FIRST, "D", REPORT_DATE), as("wang.fang"))
                    .expectEvents(new PledgeSigned(FIRST, "D", REPORT_DATE));
            fixture.given(team)
                    .when(new SignPledge(FIRST, "B", REPORT_DATE), as("ＡＵＤＩＴＯＲ"))
                    .expectEvents(new PledgeSigned(FIRST, "B", REPORT_DATE));
        }

        @Test
        void refusesSigningTwice() {
            fixture.given(concat((List) team, new PledgeSigned(FIRST, "A", REPORT_DATE)))
                    .when(new SignPledge(FIRST, null, REPORT_DATE.plusDays(1)), as("leader"))
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("A 李雅宁 already signed the impartiality and confidentiality pledge"));
        }

        @Test
        void noMemberScoresBeforeSigning() {
            fixture.given(concat((List) team, new PledgeSigned(FIRST, "A", REPORT_DATE)))
                    .when(score("5.1.1.1", "100"), as("auditor"))
                    .expectNoEvents()
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("B 李明 has not signed the impartiality and confidentiality pledge"));
        }
    }

    /** Both signed on {@link AuditFixtures#REPORT_DATE} (2021-06-07), after the on-site days; the leader means the first day. */
    @Nested
    class PledgeCorrection {

        private static final String REASON = "签署时误用了表单默认日期";

        @Test
        void aMemberCorrectsTheDateOfTheirOwnSignedPledgeWithAReason() {
            fixture.given(readyToScore())
                    .when(new CorrectPledgeDate(FIRST, "A", ON_SITE_FROM, REASON), as("leader"))
                    .expectEvents(new PledgeDateCorrected(FIRST, "A", REPORT_DATE, ON_SITE_FROM, REASON))
                    .expectResultMessagePayload(AuditChange.of(FIRST, 5));
        }

        @Test
        void theCorrectedDayIsTheRecordedOneFromThenOn() {
            fixture.given(concat(readyToScore(), new PledgeDateCorrected(FIRST, "A", REPORT_DATE, ON_SITE_FROM, REASON)))
                    .when(new CorrectPledgeDate(FIRST, "A", ON_SITE_FROM, "再次更正"), as("leader"))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.PLEDGE_CORRECTION_SAME_DATE, "audit", FIRST, "member", "A 李雅宁",
                            "signedOn", ON_SITE_FROM));
        }

        @Test
        void aCorrectionMayBeCorrectedInTurnBackToTheFirstDay() {
            fixture.given(concat(readyToScore(), new PledgeDateCorrected(FIRST, "A", REPORT_DATE, ON_SITE_FROM, REASON)))
                    .when(new CorrectPledgeDate(FIRST, "A", REPORT_DATE, "原日期无误"), as("leader"))
                    .expectEvents(new PledgeDateCorrected(FIRST, "A", ON_SITE_FROM, REPORT_DATE, "原日期无误"));
        }

        @Test
        void refusesCorrectingAnotherMembersPledge() {
            fixture.given(readyToScore())
                    .when(new CorrectPledgeDate(FIRST, "A", ON_SITE_FROM, REASON), as("auditor"))
                    .expectNoEvents()
                    .expectException(NotPermittedException.class)
                    .expectExceptionMessage(containsString("each member corrects the date of their own pledge; "
                            + "user 'auditor' is B on audit 0455-2021-SE.1, not A"))
                    .expectException(refusal(RuleCode.PERMISSION_OWN_PLEDGE_CORRECTION, "user", "auditor", "audit", FIRST,
                            "ownCode", "B", "memberCode", "A"));
        }

        @Test
        void refusesAUserNotOnTheTeam() {
            fixture.given(readyToScore())
                    .when(new CorrectPledgeDate(FIRST, "A", ON_SITE_FROM, REASON), as("reviewer"))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.PERMISSION_NOT_ON_TEAM, "user", "reviewer", "audit", FIRST));
        }

        @Test
        void refusesAMemberCodeTheTeamDoesNotHave() {
            fixture.given(readyToScore())
                    .when(new CorrectPledgeDate(FIRST, "Z", ON_SITE_FROM, REASON), as("leader"))
                    .expectNoEvents()
                    .expectException(UnknownReferenceException.class)
                    .expectExceptionMessage(containsString("audit 0455-2021-SE.1 has no team member Z"))
                    .expectException(refusal(RuleCode.REFERENCE_MEMBER, "audit", FIRST, "member", "Z"));
        }

        @Test
        void refusesAPledgeNotSignedYet() {
            fixture.given(openedFirst(), new TeamMemberAssigned(FIRST, LEADER), new TeamMemberAssigned(FIRST, AUDITOR),
                            new PledgeSigned(FIRST, "A", REPORT_DATE))
                    .when(new CorrectPledgeDate(FIRST, "B", ON_SITE_FROM, REASON), as("auditor"))
                    .expectNoEvents()
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("B 李明 has not signed the impartiality and confidentiality "
                            + "pledge of audit 0455-2021-SE.1; only the date of a signed pledge is corrected"))
                    .expectException(refusal(RuleCode.PLEDGE_NOT_SIGNED, "audit", FIRST, "member", "B 李明"));
        }

        @Test
        void aMemberAssignedAgainAfterRemovalHasNoPledgeToCorrect() {
            fixture.given(concat(readyToScore(), new TeamMemberRemoved(FIRST, "B", "回避"),
                            new TeamMemberAssigned(FIRST, AUDITOR)))
                    .when(new CorrectPledgeDate(FIRST, "B", ON_SITE_FROM, REASON), as("auditor"))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.PLEDGE_NOT_SIGNED, "audit", FIRST, "member", "B 李明"));
        }

        @Test
        void refusesACorrectionThatChangesNothing() {
            fixture.given(readyToScore())
                    .when(new CorrectPledgeDate(FIRST, "A", REPORT_DATE, REASON), as("leader"))
                    .expectNoEvents()
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("the pledge of A 李雅宁 on audit 0455-2021-SE.1 is already "
                            + "recorded as signed on 2021-06-07; a correction gives another day"));
        }

        @Test
        void refusesACorrectionOfARecommendedAudit() {
            fixture.given(finished(Grade.TEN_STAR))
                    .when(new CorrectPledgeDate(FIRST, "A", ON_SITE_FROM, REASON), as("leader"))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.AUDIT_CLOSED, "audit", FIRST, "grade", Grade.TEN_STAR,
                            "reportDate", REPORT_DATE));
        }

        @Test
        void aReopenedAuditTakesACorrection() {
            fixture.given(concat(finished(Grade.TEN_STAR), new AuditReopened(FIRST, "更正承诺日期")))
                    .when(new CorrectPledgeDate(FIRST, "A", ON_SITE_FROM, REASON), as("leader"))
                    .expectEvents(new PledgeDateCorrected(FIRST, "A", REPORT_DATE, ON_SITE_FROM, REASON));
        }

        @Test
        void refusesACorrectionOfADecidedAudit() {
            fixture.given(granted())
                    .when(new CorrectPledgeDate(FIRST, "A", ON_SITE_FROM, REASON), as("leader"))
                    .expectNoEvents()
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("nothing of a decided audit changes"));
        }

        @Test
        void noPledgeIsSignedOrCorrectedOnARecommendedAudit() {
            // Its report date stands; a pledge dated after it would follow the report it precedes. The leader reopens
            // the audit first, and the next recommendation is dated on or after every pledge.
            fixture.given(finished(Grade.TEN_STAR))
                    .when(new SignPledge(FIRST, null, REPORT_DATE.plusDays(1)), as("leader"))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.AUDIT_CLOSED, "audit", FIRST, "grade", Grade.TEN_STAR,
                            "reportDate", REPORT_DATE));
        }

        @Test
        void aReturnedAuditTakesAPledgeDatedAfterTheReportItsReviewerReturned() {
            // The returned report no longer stands: its team reports again, on or after every pledge.
            fixture.given(concat(finished(Grade.TEN_STAR), new TechnicalReviewReturned(FIRST, "reviewer",
                            REVIEWED_ON, List.of("组长承诺书签署日期有误"))))
                    .when(new CorrectPledgeDate(FIRST, "A", REVIEWED_ON, REASON), as("leader"))
                    .expectEvents(new PledgeDateCorrected(FIRST, "A", REPORT_DATE, REVIEWED_ON, REASON));
        }

        @Test
        void theTeamOfAReturnedAuditCorrectsTheDateTheReviewerFoundWrong() {
            fixture.given(concat(finished(Grade.TEN_STAR), new TechnicalReviewReturned(FIRST, "reviewer",
                            LocalDate.of(2021, 6, 20), List.of("组长承诺书签署日期晚于现场审查"))))
                    .when(new CorrectPledgeDate(FIRST, "A", ON_SITE_FROM, REASON), as("leader"))
                    .expectEvents(new PledgeDateCorrected(FIRST, "A", REPORT_DATE, ON_SITE_FROM, REASON));
        }

        @Test
        void theLeaderRecommendsAgainOnceTheDateIsCorrected() {
            fixture.given(concat(finished(Grade.TEN_STAR), new TechnicalReviewReturned(FIRST, "reviewer",
                            LocalDate.of(2021, 6, 20), List.of("组长承诺书签署日期晚于现场审查")),
                            new PledgeDateCorrected(FIRST, "A", REPORT_DATE, ON_SITE_FROM, REASON)))
                    .when(new RecommendGrade(FIRST, Grade.TEN_STAR, REPORT_DATE), as("leader"))
                    .expectEvents(new GradeRecommended(FIRST, SEED_TOTAL, Grade.TEN_STAR, REPORT_DATE));
        }

        @Test
        void anItemChangeMadeOnAnEarlierVersionIsNoConflictWithACorrection() {
            Assertions.assertFalse(Project.conflicts(new PledgeDateCorrected(FIRST, "A", REPORT_DATE, ON_SITE_FROM, REASON), FIRST,
                    "5.1.1.1"));
            Assertions.assertTrue(Project.conflicts(new TeamMemberRemoved(FIRST, "B", "回避"), FIRST, "5.1.1.1"));
        }

        @Test
        void theCommandNeedsAReasonAndADay() {
            Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new CorrectPledgeDate(FIRST, "A", ON_SITE_FROM, " "));
            Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new CorrectPledgeDate(FIRST, "A", null, REASON));
            Assertions.assertThrows(IllegalArgumentException.class,
                    () -> new CorrectPledgeDate(FIRST, "", ON_SITE_FROM, REASON));
        }
    }

    @Nested
    class Scoring {

        @Test
        void scoresAnItemByClause() {
            fixture.given(readyToScore())
                    .when(score("5.2.2.3", "97"), as("auditor"))
                    .expectEvents(new ItemScored(FIRST, "5.2.2.3", Percent.of("97"), "现场审查记录"))
                    .expectResultMessagePayload(AuditChange.of(FIRST, 5));
        }

        @Test
        void scoresAnItemByDimensionCodeRecordingItsClause() {
            fixture.given(readyToScore())
                    .when(score("B8", "97.5"), as("leader"))
                    .expectEvents(new ItemScored(FIRST, "5.2.2.3", Percent.of("97.5"), "现场审查记录"));
        }

        @Test
        void refusesAnItemTheSchemeDoesNotHave() {
            fixture.given(readyToScore())
                    .when(score("9.9.9", "97"), as("auditor"))
                    .expectNoEvents()
                    .expectException(UnknownReferenceException.class)
                    .expectExceptionMessage(containsString("has no item '9.9.9'"))
                    .expectException(refusal(RuleCode.REFERENCE_ITEM, "audit", FIRST, "scheme", "CTS-ISC-JSGF-06",
                            "item", "9.9.9"));
        }

        @Test
        void refusesAUserNotOnTheTeam() {
            fixture.given(readyToScore())
                    .when(score("5.1.1.1", "100"), as("regulator"))
                    .expectException(NotPermittedException.class)
                    .expectExceptionMessage(containsString("only a team member scores its items"));
        }

        @Test
        void refusesACommandWithoutAUser() {
            fixture.given(readyToScore())
                    .when(score("5.1.1.1", "100"))
                    .expectException(NotPermittedException.class);
        }

        @Test
        void scoringStartsOnlyOnceTheTeamHasItsLeader() {
            fixture.given(openedFirst(), new TeamMemberAssigned(FIRST, AUDITOR), new PledgeSigned(FIRST, "B", REPORT_DATE))
                    .when(score("5.1.1.1", "100"), as("auditor"))
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("scoring starts once the team has its leader"));
        }

        @Test
        void changingAScoreNeedsAReason() {
            fixture.given(concat(readyToScore(), new ItemScored(FIRST, "5.2.2.3", Percent.of("97"), "现场审查记录")))
                    .when(score("B8", "95"), as("auditor"))
                    .expectNoEvents()
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("item 5.2.2.3 already has a score of 97% on audit 0455-2021-SE.1; changing a score needs a reason"));
        }

        @Test
        void revisesAScoreWithAReasonRecordingThePreviousOne() {
            fixture.given(concat(readyToScore(), new ItemScored(FIRST, "5.2.2.3", Percent.of("97"), "现场审查记录")))
                    .when(new ScoreItem(FIRST, "5.2.2.3", Percent.of("95"), "补充抽样", "复核记录"), as("auditor"))
                    .expectEvents(new ItemScoreRevised(FIRST, "5.2.2.3", Percent.of("97"), Percent.of("95"), "补充抽样", "复核记录"))
                    .expectResultMessagePayload(AuditChange.of(FIRST, 6));
        }

        @Test
        void scoringTheSameValueAgainIsADeliberateNoOpAnsweringTheUnchangedVersion() {
            fixture.given(concat(readyToScore(), new ItemScored(FIRST, "5.2.2.3", Percent.of("97"), "现场审查记录")))
                    .when(score("5.2.2.3", "97.00"), as("leader"))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(AuditChange.of(FIRST, 5));
        }

        @Test
        void aNewEvidenceNoteWithTheSamePercentIsARevision() {
            fixture.given(concat(readyToScore(), new ItemScored(FIRST, "5.2.2.3", Percent.of("97"), "现场审查记录")))
                    .when(new ScoreItem(FIRST, "5.2.2.3", Percent.of("97"), "另一证据", null), as("leader"))
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("changing a score needs a reason"));
        }

        @Test
        void refusesScoringANotApplicableItem() {
            fixture.given(concat(readyToScore(), new ItemMarkedNotApplicable(FIRST, "5.2.5.4", null, "不涉及")))
                    .when(score("B25", "90"), as("auditor"))
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("item 5.2.5.4 is not applicable on audit 0455-2021-SE.1; score it only after restoring it"))
                    .expectException(refusal(RuleCode.ITEM_NOT_APPLICABLE, "audit", FIRST, "item", "5.2.5.4"));
        }

        @Test
        void refusesScoringAClosedAudit() {
            fixture.given(finished(Grade.TEN_STAR))
                    .when(new ScoreItem(FIRST, "5.2.2.3", Percent.of("50"), "x", "y"), as("auditor"))
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("the leader reopens it before anything changes"));
        }
    }

    @Nested
    class Applicability {

        @Test
        void marksAnItemNotApplicableRecordingItsPreviousScore() {
            fixture.given(concat(readyToScore(), new ItemScored(FIRST, "5.2.5.4", Percent.of("80"), "x")))
                    .when(new MarkItemNotApplicable(FIRST, "B25", "无召回情形"), as("auditor"))
                    .expectEvents(new ItemMarkedNotApplicable(FIRST, "5.2.5.4", Percent.of("80"), "无召回情形"));
        }

        @Test
        void marksAnUnscoredItemNotApplicable() {
            fixture.given(readyToScore())
                    .when(new MarkItemNotApplicable(FIRST, "5.2.6.1", "不涉及"), as("auditor"))
                    .expectEvents(new ItemMarkedNotApplicable(FIRST, "5.2.6.1", null, "不涉及"));
        }

        @Test
        void marksAnItemAgainWithAnotherReasonRevisingTheReason() {
            fixture.given(concat(readyToScore(), new ItemMarkedNotApplicable(FIRST, "5.2.6.1", null, "不涉及")))
                    .when(new MarkItemNotApplicable(FIRST, "B27", "企业无以旧换新业务，经查营业执照与合同"), as("leader"))
                    .expectEvents(new ItemNotApplicableReasonRevised(FIRST, "5.2.6.1", "不涉及",
                            "企业无以旧换新业务，经查营业执照与合同"));
        }

        @Test
        void aRevisedReasonIsTheOneTheNextRevisionReplaces() {
            fixture.given(concat(readyToScore(), new ItemMarkedNotApplicable(FIRST, "5.2.6.1", null, "不涉及"),
                            new ItemNotApplicableReasonRevised(FIRST, "5.2.6.1", "不涉及", "无此业务")))
                    .when(new MarkItemNotApplicable(FIRST, "5.2.6.1", "无此业务，见合同"), as("auditor"))
                    .expectEvents(new ItemNotApplicableReasonRevised(FIRST, "5.2.6.1", "无此业务", "无此业务，见合同"));
        }

        @Test
        void marksAnItemAgainWithTheSameReasonChangingNothing() {
            fixture.given(concat(readyToScore(), new ItemMarkedNotApplicable(FIRST, "5.2.6.1", null, "不涉及")))
                    .when(new MarkItemNotApplicable(FIRST, "B27", "不涉及"), as("auditor"))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void aReasonIsRevisedOnlyWhileTheTeamMayScore() {
            fixture.given(concat(fullyScored(), new GradeRecommended(FIRST, SEED_TOTAL, Grade.TEN_STAR, REPORT_DATE)))
                    .when(new MarkItemNotApplicable(FIRST, "5.2.6.1", "另一理由"), as("auditor"))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.AUDIT_CLOSED, "audit", FIRST, "grade", Grade.TEN_STAR,
                            "reportDate", REPORT_DATE));
        }

        /** GB/T 27922: an item the organization does not do holds no finding that deducts from it, nor a bonus. */
        @Test
        void refusesMarkingAnItemNotApplicableWhileASpecialItemNamesIt() {
            fixture.given(concat(readyToScore(),
                            new SpecialItemRecorded(FIRST, "S1", SpecialItemKind.DEDUCTION, "投诉超时", "5.3.3.2", "抽查3起超时"),
                            new SpecialItemRecorded(FIRST, "S2", SpecialItemKind.BONUS, null, "5.3.3.2", "投诉处理标杆")))
                    .when(new MarkItemNotApplicable(FIRST, "C13", "不涉及"), as("auditor"))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.ITEM_HAS_SPECIAL_ITEMS, "audit", FIRST, "item", "5.3.3.2",
                            "specialItems", List.of("S1", "S2")))
                    .expectExceptionMessage(containsString("special items S1, S2 of audit 0455-2021-SE.1 name item 5.3.3.2"));
        }

        @Test
        void marksAnItemNotApplicableOnceTheSpecialItemsNamingItAreWithdrawn() {
            fixture.given(concat(readyToScore(),
                            new SpecialItemRecorded(FIRST, "S1", SpecialItemKind.DEDUCTION, "投诉超时", "5.3.3.2", "抽查3起超时"),
                            new SpecialItemWithdrawn(FIRST, "S1", "误记"),
                            new SpecialItemRecorded(FIRST, "S2", SpecialItemKind.DEDUCTION, "x", "5.3.3.1", "y")))
                    .when(new MarkItemNotApplicable(FIRST, "5.3.3.2", "不涉及"), as("auditor"))
                    .expectEvents(new ItemMarkedNotApplicable(FIRST, "5.3.3.2", null, "不涉及"));
        }

        @Test
        void restoresANotApplicableItem() {
            fixture.given(concat(readyToScore(), new ItemMarkedNotApplicable(FIRST, "5.2.6.1", null, "不涉及")))
                    .when(new RestoreItemApplicability(FIRST, "5.2.6.1", "有回收业务"), as("auditor"))
                    .expectEvents(new ItemApplicabilityRestored(FIRST, "5.2.6.1", "有回收业务"));
        }

        @Test
        void refusesRestoringAnApplicableItem() {
            fixture.given(readyToScore())
                    .when(new RestoreItemApplicability(FIRST, "5.2.6.1", null), as("auditor"))
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("only a not-applicable item can be restored"));
        }

        @Test
        void aRestoredItemNeedsAScoreAgainBeforeTheRecommendation() {
            fixture.given(concat(fullyScored(), new ItemApplicabilityRestored(FIRST, "5.2.6.1", null)))
                    .when(new RecommendGrade(FIRST, Grade.TEN_STAR, REPORT_DATE), as("leader"))
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("1 of 94 items of audit 0455-2021-SE.1 are neither: 5.2.6.1"));
        }
    }

    @Nested
    class SpecialItems {

        @Test
        void recordsADeductionWithTheFindingAndTheClauseItBreaks() {
            fixture.given(readyToScore())
                    .when(new RecordSpecialItem(FIRST, SpecialItemKind.DEDUCTION, "投诉未在时限内处理", "C13", "抽查3起超时"),
                            as("auditor"))
                    .expectEvents(new SpecialItemRecorded(FIRST, "S1", SpecialItemKind.DEDUCTION, "投诉未在时限内处理",
                            "5.3.3.2", "抽查3起超时"))
                    .expectResultMessagePayload(new AuditChange(FIRST, 5, "S1", null, null));
        }

        @Test
        void refusesADeductionAgainstAClauseTheSchemeDoesNotHave() {
            fixture.given(readyToScore())
                    .when(new RecordSpecialItem(FIRST, SpecialItemKind.DEDUCTION, "x", "7.7", "y"), as("auditor"))
                    .expectException(UnknownReferenceException.class);
        }

        /** GB/T 27922: an item the organization does not do (不涉及) is left out of the scoring; no finding deducts from it. */
        @Test
        void refusesADeductionAgainstANotApplicableItemNamingTheClause() {
            fixture.given(concat(readyToScore(), new ItemMarkedNotApplicable(FIRST, "5.1.1.4", null, "不涉及")))
                    .when(new RecordSpecialItem(FIRST, SpecialItemKind.DEDUCTION, "f", "5.1.1.4", "r"), as("auditor"))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.SPECIAL_ITEM_NOT_APPLICABLE, "audit", FIRST, "clause", "5.1.1.4"))
                    .expectExceptionMessage(containsString("item 5.1.1.4 is not applicable on audit 0455-2021-SE.1"));
        }

        @Test
        void refusesABonusNamingANotApplicableItemByItsDimensionCode() {
            fixture.given(concat(readyToScore(), new ItemMarkedNotApplicable(FIRST, "5.2.5.4", null, "不涉及")))
                    .when(new RecordSpecialItem(FIRST, SpecialItemKind.BONUS, null, "B25", "召回标杆"), as("leader"))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.SPECIAL_ITEM_NOT_APPLICABLE, "audit", FIRST, "clause", "5.2.5.4"));
        }

        @Test
        void recordsADeductionAgainstAnItemRestoredToApplicable() {
            fixture.given(concat(readyToScore(), new ItemMarkedNotApplicable(FIRST, "5.1.1.4", null, "不涉及"),
                            new ItemApplicabilityRestored(FIRST, "5.1.1.4", "有此业务")))
                    .when(new RecordSpecialItem(FIRST, SpecialItemKind.DEDUCTION, "f", "5.1.1.4", "r"), as("auditor"))
                    .expectEvents(new SpecialItemRecorded(FIRST, "S1", SpecialItemKind.DEDUCTION, "f", "5.1.1.4", "r"));
        }

        @Test
        void recordsABonus() {
            fixture.given(readyToScore())
                    .when(new RecordSpecialItem(FIRST, SpecialItemKind.BONUS, null, null, "获省级服务标杆"), as("leader"))
                    .expectEvents(new SpecialItemRecorded(FIRST, "S1", SpecialItemKind.BONUS, null, null, "获省级服务标杆"));
        }

        @Test
        void refusesASecondBonus() {
            fixture.given(concat(readyToScore(),
                            new SpecialItemRecorded(FIRST, "S1", SpecialItemKind.BONUS, null, null, "a")))
                    .when(new RecordSpecialItem(FIRST, SpecialItemKind.BONUS, null, null, "b"), as("leader"))
                    .expectNoEvents()
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("already has its bonus item S1; at most one bonus item counts (GB/T 27922)"));
        }

        @Test
        void aWithdrawnBonusMakesRoomForAnotherWithAFreshId() {
            fixture.given(concat(readyToScore(),
                            new SpecialItemRecorded(FIRST, "S1", SpecialItemKind.BONUS, null, null, "a"),
                            new SpecialItemWithdrawn(FIRST, "S1", "依据不足")))
                    .when(new RecordSpecialItem(FIRST, SpecialItemKind.BONUS, null, null, "b"), as("leader"))
                    .expectEvents(new SpecialItemRecorded(FIRST, "S2", SpecialItemKind.BONUS, null, null, "b"));
        }

        @Test
        void withdrawsASpecialItemWithAReason() {
            fixture.given(concat(readyToScore(),
                            new SpecialItemRecorded(FIRST, "S1", SpecialItemKind.BONUS, null, null, "a")))
                    .when(new WithdrawSpecialItem(FIRST, "S1", "依据不足"), as("auditor"))
                    .expectEvents(new SpecialItemWithdrawn(FIRST, "S1", "依据不足"));
        }

        @Test
        void refusesWithdrawingASpecialItemTwice() {
            fixture.given(concat(readyToScore(),
                            new SpecialItemRecorded(FIRST, "S1", SpecialItemKind.BONUS, null, null, "a"),
                            new SpecialItemWithdrawn(FIRST, "S1", "依据不足")))
                    .when(new WithdrawSpecialItem(FIRST, "S1", "again"), as("auditor"))
                    .expectException(UnknownReferenceException.class)
                    .expectExceptionMessage(containsString("has no special item S1"));
        }
    }

    @Nested
    class Findings {

        private final FindingsRecorded findings = new FindingsRecorded(FIRST, List.of("企业长期的规范运作"), List.of("完善企业的网站建设"));

        @Test
        void recordsTheFindings() {
            fixture.given(readyToScore())
                    .when(new RecordFindings(FIRST, findings.strengths(), findings.improvements()), as("leader"))
                    .expectEvents(findings);
        }

        @Test
        void theSameFindingsAgainChangeNothing() {
            fixture.given(concat(readyToScore(), findings))
                    .when(new RecordFindings(FIRST, findings.strengths(), findings.improvements()), as("auditor"))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents()
                    .expectResultMessagePayload(AuditChange.of(FIRST, 5));
        }

        @Test
        void refusesFindingsFromAUserNotOnTheTeam() {
            fixture.given(readyToScore())
                    .when(new RecordFindings(FIRST, List.of("x"), List.of()), as("admin"))
                    .expectException(NotPermittedException.class);
        }
    }

    @Nested
    class Recommendation {

        @Test
        void theLeaderRecommendsTheGradeTheScoringRulesGiveWithTotalAndReportDate() {
            fixture.given(fullyScored())
                    .when(new RecommendGrade(FIRST, Grade.TEN_STAR, REPORT_DATE), as("leader"))
                    .expectEvents(new GradeRecommended(FIRST, SEED_TOTAL, Grade.TEN_STAR, REPORT_DATE))
                    .expectResultMessagePayload(new AuditChange(FIRST, 99, null, SEED_TOTAL, Grade.TEN_STAR));
        }

        @Test
        void refusesAGradeOtherThanTheComputedOne() {
            fixture.given(fullyScored())
                    .when(new RecommendGrade(FIRST, Grade.NINE_STAR, REPORT_DATE), as("leader"))
                    .expectNoEvents()
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString(
                            "the scoring rules give TEN_STAR (十星级) for a total of 145.75 with 0 deduction(s) on audit 0455-2021-SE.1; recommend TEN_STAR or NOT_GRADED, not NINE_STAR"));
        }

        @Test
        void theLeaderMayRecommendNoGrade() {
            fixture.given(fullyScored())
                    .when(new RecommendGrade(FIRST, Grade.NOT_GRADED, REPORT_DATE), as("leader"))
                    .expectEvents(new GradeRecommended(FIRST, SEED_TOTAL, Grade.NOT_GRADED, REPORT_DATE));
        }

        @Test
        void deductionsCountInTheComputedGrade() {
            fixture.given(concat(fullyScored(),
                            new SpecialItemRecorded(FIRST, "S1", SpecialItemKind.DEDUCTION, "f", "5.3.3.2", "r"),
                            new SpecialItemRecorded(FIRST, "S2", SpecialItemKind.DEDUCTION, "f", "5.3.3.2", "r"),
                            new SpecialItemRecorded(FIRST, "S3", SpecialItemKind.DEDUCTION, "f", "5.3.3.2", "r"),
                            new SpecialItemRecorded(FIRST, "S4", SpecialItemKind.DEDUCTION, "f", "5.3.3.2", "r"),
                            new SpecialItemRecorded(FIRST, "S5", SpecialItemKind.DEDUCTION, "f", "5.3.3.2", "r"),
                            new SpecialItemRecorded(FIRST, "S6", SpecialItemKind.DEDUCTION, "f", "5.3.3.2", "r"),
                            new SpecialItemWithdrawn(FIRST, "S6", "重复")))
                    .when(new RecommendGrade(FIRST, Grade.NINE_STAR, REPORT_DATE), as("leader"))
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("the scoring rules give NOT_GRADED"));
        }

        @Test
        void theLeaderRecommendsWhateverTheCaseOfTheNameTheySignedInWith() {
            fixture.given(fullyScored())
                    .when(new RecommendGrade(FIRST, Grade.TEN_STAR, REPORT_DATE), as("LEADER"))
                    .expectEvents(new GradeRecommended(FIRST, SEED_TOTAL, Grade.TEN_STAR, REPORT_DATE));
        }

        @Test
        void onlyTheLeaderRecommends() {
            fixture.given(fullyScored())
                    .when(new RecommendGrade(FIRST, Grade.TEN_STAR, REPORT_DATE), as("auditor"))
                    .expectNoEvents()
                    .expectException(NotPermittedException.class)
                    .expectExceptionMessage(containsString("only the leader of audit 0455-2021-SE.1 recommends a grade; B 李明 is MEMBER, the leader is A 李雅宁"));
        }

        @Test
        void refusesWhileAMemberHasNotSigned() {
            var history = concat(fullyScored(), new TeamMemberAssigned(FIRST,
                    new TeamMember("C", "张三", TeamRole.TECHNICAL_EXPERT, null, null, null, "zhang")));
            fixture.given(history)
                    .when(new RecommendGrade(FIRST, Grade.TEN_STAR, REPORT_DATE), as("leader"))
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("every team member signs the impartiality and confidentiality pledge before the recommendation; not signed on audit 0455-2021-SE.1: C 张三"));
        }

        @Test
        void refusesWhileItemsAreNeitherScoredNorNotApplicable() {
            fixture.given(concat(readyToScore(), new ItemScored(FIRST, "5.1.1.1", Percent.of("100"), "x")))
                    .when(new RecommendGrade(FIRST, Grade.TEN_STAR, REPORT_DATE), as("leader"))
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("93 of 94 items of audit 0455-2021-SE.1 are neither: 5.1.1.2, 5.1.1.3, 5.1.1.4, 5.1.1.5, 5.1.1.6 and 88 more"));
        }

        @Test
        void refusesAReportDateBeforeTheOnSiteAudit() {
            fixture.given(fullyScored())
                    .when(new RecommendGrade(FIRST, Grade.TEN_STAR, ON_SITE_FROM.minusDays(1)), as("leader"))
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("the report date 2021-06-04 is before the on-site audit began on 2021-06-05"));
        }

        @Test
        void aPledgeSignedOnTheReportDateItselfIsInTime() {
            // The seed report: every pledge and the report dated on the last on-site day.
            fixture.given(concat(fullyScored(), new PledgeDateCorrected(FIRST, "B", REPORT_DATE, ON_SITE_FROM, "按签到表")))
                    .when(new RecommendGrade(FIRST, Grade.TEN_STAR, REPORT_DATE), as("leader"))
                    .expectEvents(new GradeRecommended(FIRST, SEED_TOTAL, Grade.TEN_STAR, REPORT_DATE));
        }

        @Test
        void refusesAReportDateBeforeAPledgeTheTeamSigned() {
            LocalDate later = LocalDate.of(2026, 1, 1);
            fixture.given(concat(fullyScored(), new PledgeDateCorrected(FIRST, "A", REPORT_DATE, later, "笔误")))
                    .when(new RecommendGrade(FIRST, Grade.TEN_STAR, REPORT_DATE), as("leader"))
                    .expectNoEvents()
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("the report date 2021-06-07 is before A 李雅宁 signed the "
                            + "impartiality and confidentiality pledge of audit 0455-2021-SE.1 on 2026-01-01; the team "
                            + "signs its pledge before it reports, on the report date at the latest"))
                    .expectException(refusal(RuleCode.RECOMMENDATION_BEFORE_PLEDGE, "audit", FIRST,
                            "reportDate", REPORT_DATE, "member", "A 李雅宁", "signedOn", later));
        }

        @Test
        void theRefusalNamesTheLatestPledge() {
            fixture.given(concat(fullyScored(),
                            new PledgeDateCorrected(FIRST, "A", REPORT_DATE, REPORT_DATE.plusDays(1), "笔误"),
                            new PledgeDateCorrected(FIRST, "B", REPORT_DATE, REPORT_DATE.plusDays(3), "笔误")))
                    .when(new RecommendGrade(FIRST, Grade.TEN_STAR, REPORT_DATE.plusDays(2)), as("leader"))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.RECOMMENDATION_BEFORE_PLEDGE, "audit", FIRST,
                            "reportDate", REPORT_DATE.plusDays(2), "member", "B 李明", "signedOn", REPORT_DATE.plusDays(3)));
        }

        @Test
        void aRemovedMembersPledgeNoLongerCounts() {
            TeamMember expert = new TeamMember("C", "张三", TeamRole.TECHNICAL_EXPERT, null, null, null, "zhang");
            fixture.given(concat(fullyScored(), new TeamMemberAssigned(FIRST, expert),
                            new PledgeSigned(FIRST, "C", REPORT_DATE.plusDays(10)), new TeamMemberRemoved(FIRST, "C", "回避")))
                    .when(new RecommendGrade(FIRST, Grade.TEN_STAR, REPORT_DATE), as("leader"))
                    .expectEvents(new GradeRecommended(FIRST, SEED_TOTAL, Grade.TEN_STAR, REPORT_DATE));
        }

        @Test
        void aReturnedAuditIsRecommendedAgainNotBeforeAPledgeCorrectedSinceTheReturn() {
            LocalDate corrected = LocalDate.of(2021, 6, 21);
            var returned = concat(finished(Grade.TEN_STAR),
                    new TechnicalReviewReturned(FIRST, "reviewer", REVIEWED_ON, List.of("组长承诺书日期有误")),
                    new PledgeDateCorrected(FIRST, "A", REPORT_DATE, corrected, "按承诺书原件"));
            fixture.given(returned)
                    .when(new RecommendGrade(FIRST, Grade.TEN_STAR, REPORT_DATE), as("leader"))
                    .expectNoEvents()
                    .expectException(refusal(RuleCode.RECOMMENDATION_BEFORE_PLEDGE, "audit", FIRST,
                            "reportDate", REPORT_DATE, "member", "A 李雅宁", "signedOn", corrected));
            fixture.given(returned)
                    .when(new RecommendGrade(FIRST, Grade.TEN_STAR, corrected), as("leader"))
                    .expectEvents(new GradeRecommended(FIRST, SEED_TOTAL, Grade.TEN_STAR, corrected));
        }

        @Test
        void refusesASecondRecommendation() {
            fixture.given(finished(Grade.TEN_STAR))
                    .when(new RecommendGrade(FIRST, Grade.TEN_STAR, REPORT_DATE), as("leader"))
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("is closed since its leader recommended TEN_STAR"));
        }
    }

    @Nested
    class Reopening {

        @Test
        void theLeaderReopensARecommendedAuditWithAReason() {
            fixture.given(finished(Grade.TEN_STAR))
                    .when(new ReopenAudit(FIRST, "评审退回补充证据"), as("leader"))
                    .expectEvents(new AuditReopened(FIRST, "评审退回补充证据"));
        }

        @Test
        void aReopenedAuditTakesChangesAgain() {
            fixture.given(concat(finished(Grade.TEN_STAR), new AuditReopened(FIRST, "补充证据")))
                    .when(new ScoreItem(FIRST, "5.2.2.3", Percent.of("96"), "补充证据", "评审意见"), as("auditor"))
                    .expectEvents(new ItemScoreRevised(FIRST, "5.2.2.3", Percent.of("97"), Percent.of("96"), "补充证据", "评审意见"));
        }

        @Test
        void onlyTheLeaderReopens() {
            fixture.given(finished(Grade.TEN_STAR))
                    .when(new ReopenAudit(FIRST, "x"), as("auditor"))
                    .expectException(NotPermittedException.class)
                    .expectExceptionMessage(containsString("only the leader of audit 0455-2021-SE.1 reopens it"));
        }

        @Test
        void refusesReopeningAnOpenAudit() {
            fixture.given(readyToScore())
                    .when(new ReopenAudit(FIRST, "x"), as("leader"))
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("audit 0455-2021-SE.1 is open; only a recommended audit can be reopened"));
        }

        @Test
        void refusesReopeningAnAuditThatALaterOneFollows() {
            fixture.given(concat(finished(Grade.TEN_STAR), opened(SECOND, AuditType.SURVEILLANCE, FIRST)))
                    .when(new ReopenAudit(FIRST, "x"), as("leader"))
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("only the latest audit of project 0455-2021-SE can be reopened; 0455-2021-SE.2 follows 0455-2021-SE.1"));
        }

        @Test
        void aReopenedAuditBlocksTheNextAudit() {
            fixture.given(concat(finished(Grade.TEN_STAR), new AuditReopened(FIRST, "x")))
                    .when(open(AuditType.SURVEILLANCE))
                    .expectException(BrokenRuleException.class)
                    .expectExceptionMessage(containsString("already has an audit in progress, 0455-2021-SE.1 (open)"));
        }
    }

    @Nested
    class ExpectedVersion {

        private MetaData expecting(String user, long version) {
            return as(user).and(AuditMetaData.EXPECTED_VERSION, version);
        }

        @Test
        void acceptsACommandBasedOnTheCurrentVersion() {
            fixture.given(readyToScore())
                    .when(score("5.1.1.1", "100"), expecting("auditor", 4))
                    .expectEvents(new ItemScored(FIRST, "5.1.1.1", Percent.of("100"), "现场审查记录"));
        }

        @Test
        void refusesACommandBasedOnAnOlderVersionBeforeAnyRule() {
            fixture.given(readyToScore())
                    .when(new RecommendGrade(FIRST, Grade.TEN_STAR, REPORT_DATE), expecting("leader", 3))
                    .expectNoEvents()
                    .expectException(StaleVersionException.class)
                    .expectExceptionMessage(allOf(containsString("expected version 3"), containsString("at version 4")));
        }

        @Test
        void refusesAUserWhoMayNotActBeforeTellingTheVersion() {
            fixture.given(readyToScore())
                    .when(new RecommendGrade(FIRST, Grade.TEN_STAR, REPORT_DATE), expecting("auditor", 3))
                    .expectNoEvents()
                    .expectException(NotPermittedException.class)
                    .expectExceptionMessage(not(containsString("version")));
        }

        @Test
        void refusesAVersionFromTheFuture() {
            fixture.given(readyToScore())
                    .when(score("5.1.1.1", "100"), expecting("auditor", 9))
                    .expectException(StaleVersionException.class);
        }

        @Test
        void refusesAnExpectedVersionForAProjectThatDoesNotExistYet() {
            fixture.givenNoPriorActivity()
                    .when(open(AuditType.INITIAL), expecting("admin", 0))
                    .expectException(StaleVersionException.class)
                    .expectExceptionMessage(containsString("does not exist yet"));
        }
    }

    @Test
    void pledgesAreDatedByTheCommandNotTheClock() {
        LocalDate signedOn = LocalDate.of(2021, 6, 5);
        fixture.given(openedFirst(), new TeamMemberAssigned(FIRST, LEADER))
                .when(new SignPledge(FIRST, null, signedOn), as("leader"))
                .expectEvents(new PledgeSigned(FIRST, "A", signedOn));
    }
}
