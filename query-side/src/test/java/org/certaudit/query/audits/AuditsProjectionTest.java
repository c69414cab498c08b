package org.certaudit.query.audits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certaudit.query.AuditFixtures.SEED_AUDIT;
import static org.certaudit.query.AuditFixtures.SEED_PROJECT;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.bson.Document;
import org.certaudit.audit.AuditCancelled;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditOpened;
import org.certaudit.audit.AuditReopened;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.FindingsRecorded;
import org.certaudit.audit.GradeRecommended;
import org.certaudit.audit.HalfDay;
import org.certaudit.audit.OnSiteAuditRescheduled;
import org.certaudit.audit.OnSitePeriod;
import org.certaudit.audit.Organization;
import org.certaudit.audit.PledgeDateCorrected;
import org.certaudit.audit.PledgeSigned;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.audit.TeamMember;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.audit.TeamMemberRemoved;
import org.certaudit.audit.TeamRole;
import org.certaudit.query.AuditFixtures;
import org.certaudit.query.ProjectionHarness;
import org.certaudit.scheme.Grade;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuditsProjectionTest {

    private final ProjectionHarness harness = new ProjectionHarness();

    AuditsProjectionTest() {
        harness.with(new AuditsProjection(harness.readModels()));
    }

    @AfterEach
    void close() {
        harness.close();
    }

    private AuditDetail detail(AuditId auditId) {
        return harness.query(new GetAudit(auditId), ResponseTypes.optionalInstanceOf(AuditDetail.class)).orElseThrow();
    }

    private AuditList find(String projectNumber, AuditStatus status, AuditType type, int page, int size) {
        return harness.query(new FindAudits(projectNumber, status, type, page, size), ResponseTypes.instanceOf(AuditList.class));
    }

    @Test
    void aFinishedSeedAuditShowsHeaderTeamPledgeRecommendationAndVersion() {
        harness.given(AuditFixtures.seedAudit());

        AuditDetail audit = detail(SEED_AUDIT);

        assertThat(audit.projectNumber()).isEqualTo("0455-2021-SE");
        assertThat(audit.type()).isEqualTo(AuditType.INITIAL);
        assertThat(audit.organization()).isEqualTo(AuditFixtures.organization());
        assertThat(audit.onSiteFrom()).isEqualTo(LocalDate.of(2021, 6, 5));
        assertThat(audit.onSiteDays()).isEqualTo(new BigDecimal("3.0"));
        assertThat(audit.team()).containsExactly(AuditFixtures.leader());
        assertThat(audit.pledges()).singleElement().satisfies(pledge -> {
            assertThat(pledge.memberCode()).isEqualTo("A");
            assertThat(pledge.memberName()).isEqualTo("李雅宁");
            assertThat(pledge.signedOn()).isEqualTo(LocalDate.of(2021, 6, 7));
            assertThat(pledge.user()).isEqualTo("leader");
        });
        assertThat(audit.status()).isEqualTo(AuditStatus.FINISHED);
        assertThat(audit.recommendation().total()).isEqualTo(new BigDecimal("145.75"));
        assertThat(audit.recommendation().grade()).isEqualTo(Grade.TEN_STAR);
        assertThat(audit.version()).isEqualTo(harness.version(SEED_PROJECT.value()));
    }

    @Test
    void theLatestFindingsReplaceTheEarlierOnes() {
        harness.given(AuditFixtures.seedOpened(),
                new FindingsRecorded(SEED_AUDIT, List.of("规范运作"), List.of("完善网站")),
                new FindingsRecorded(SEED_AUDIT, List.of("规范运作", "口碑良好"), List.of()));

        AuditDetail audit = detail(SEED_AUDIT);

        assertThat(audit.strengths()).containsExactly("规范运作", "口碑良好");
        assertThat(audit.improvements()).isEmpty();
        assertThat(audit.version()).isEqualTo(2);
    }

    @Test
    void aReopenedAuditIsOpenAgainWithoutItsRecommendation() {
        harness.given(AuditFixtures.seedAudit());
        harness.given(new AuditReopened(SEED_AUDIT, "typo in the findings"));

        AuditDetail audit = detail(SEED_AUDIT);

        assertThat(audit.status()).isEqualTo(AuditStatus.REOPENED);
        assertThat(audit.recommendation()).isNull();
        assertThat(audit.reopenReason()).isEqualTo("typo in the findings");
        assertThat(audit.version()).isEqualTo(harness.version(SEED_PROJECT.value()));

        harness.given(new GradeRecommended(SEED_AUDIT, new BigDecimal("145.75"), Grade.TEN_STAR, LocalDate.of(2021, 6, 8)));
        assertThat(detail(SEED_AUDIT).status()).isEqualTo(AuditStatus.FINISHED);
        assertThat(detail(SEED_AUDIT).reopenReason()).isNull();
    }

    @Test
    void aCancelledAuditSaysWhoCancelledItWhenAndWhyAndKeepsWhatItCameTo() {
        harness.given(AuditFixtures.seedAudit());
        harness.given(new AuditCancelled(SEED_AUDIT, "admin", "客户撤回认证申请"));

        AuditDetail audit = detail(SEED_AUDIT);

        assertThat(audit.status()).isEqualTo(AuditStatus.CANCELLED);
        assertThat(audit.statusLabel()).isEqualTo("已取消");
        assertThat(audit.status().openForChanges()).isFalse();
        assertThat(audit.cancellation().cancelledBy()).isEqualTo("admin");
        assertThat(audit.cancellation().reason()).isEqualTo("客户撤回认证申请");
        assertThat(audit.cancellation().cancelledAt()).isNotNull();
        assertThat(audit.recommendation().grade()).isEqualTo(Grade.TEN_STAR);
        assertThat(audit.version()).isEqualTo(harness.version(SEED_PROJECT.value()));
        assertThat(find(null, AuditStatus.CANCELLED, null, 0, 20).content()).extracting(AuditSummary::id)
                .containsExactly(SEED_AUDIT.value());
    }

    @Test
    void aReplayWithACancellationGivesTheSameAnswers() {
        harness.given(AuditFixtures.seedOpened(), new AuditCancelled(SEED_AUDIT, "admin", "现场日期录入错误"));
        AuditDetail live = detail(SEED_AUDIT);
        AuditList list = find(null, null, null, 0, 20);

        harness.replayAll();

        assertThat(detail(SEED_AUDIT)).isEqualTo(live);
        assertThat(find(null, null, null, 0, 20)).isEqualTo(list);
    }

    @Test
    void aRescheduledAuditShowsThePeriodInForceListsAndFiltersByItAndKeepsEveryReschedulingWithItsReason() {
        OnSitePeriod opened = OnSitePeriod.of(AuditFixtures.seedOpened());
        OnSitePeriod moved = new OnSitePeriod(LocalDate.of(2021, 6, 12), LocalDate.of(2021, 6, 14), new BigDecimal("2.5"),
                HalfDay.AFTERNOON, null);
        OnSitePeriod again = new OnSitePeriod(LocalDate.of(2021, 6, 19), LocalDate.of(2021, 6, 20), new BigDecimal("2.0"),
                null, HalfDay.AFTERNOON);
        harness.given(AuditFixtures.seedOpened(),
                new OnSiteAuditRescheduled(SEED_AUDIT, opened, moved, "admin", "受审查方申请改期"),
                new OnSiteAuditRescheduled(SEED_AUDIT, moved, again, "admin", "审查组成员因病调整"));

        AuditDetail audit = detail(SEED_AUDIT);

        assertThat(audit.onSiteFrom()).isEqualTo(again.from());
        assertThat(audit.onSiteTo()).isEqualTo(again.to());
        assertThat(audit.onSiteDays()).isEqualByComparingTo("2.0");
        assertThat(audit.onSiteFromHalfDay()).isNull();
        assertThat(audit.onSiteToHalfDay()).isEqualTo(HalfDay.AFTERNOON);
        assertThat(audit.reschedulings()).extracting(AuditDetail.Rescheduling::reason)
                .containsExactly("受审查方申请改期", "审查组成员因病调整");
        AuditDetail.Rescheduling first = audit.reschedulings().get(0);
        assertThat(first.previous().samePeriod(opened)).as(first.toString()).isTrue();
        assertThat(first.period().samePeriod(moved)).as(first.toString()).isTrue();
        assertThat(first.rescheduledBy()).isEqualTo("admin");
        assertThat(first.rescheduledAt()).isNotNull();
        assertThat(audit.status()).isEqualTo(AuditStatus.OPEN);
        assertThat(find(null, null, null, 0, 20).content()).singleElement()
                .satisfies(summary -> assertThat(summary.onSiteFrom()).isEqualTo(again.from()));
        assertThat(harness.query(new FindAudits(null, null, null, null, LocalDate.of(2021, 6, 5), LocalDate.of(2021, 6, 7),
                null, 0, 20), ResponseTypes.instanceOf(AuditList.class)).content()).as("no longer on site then").isEmpty();
        assertThat(harness.query(new FindAudits(null, null, null, null, LocalDate.of(2021, 6, 20), LocalDate.of(2021, 6, 20),
                null, 0, 20), ResponseTypes.instanceOf(AuditList.class)).content()).hasSize(1);

        harness.replayAll();

        assertThat(detail(SEED_AUDIT)).isEqualTo(audit);
    }

    @Test
    void theKnownMembersAreEveryTeamsPeopleEachOnceAsTheLatestAuditRecordedThem() {
        AuditId later = AuditId.of(new ProjectNumber("0612-2025-SE"), 1);
        TeamMember leaderWithANewPhone = new TeamMember("A", "李雅宁", TeamRole.LEADER, "DEMO-0001", "02.01.01",
                "010-5550-0199", "leader");
        TeamMember expert = new TeamMember("C", "王技术", TeamRole.TECHNICAL_EXPERT, null, "02.01.01", null, "expert");
        harness.given(AuditFixtures.seedOpened(),
                new TeamMemberAssigned(SEED_AUDIT, AuditFixtures.leader()),
                new TeamMemberAssigned(SEED_AUDIT, AuditFixtures.auditor()),
                AuditFixtures.opened(later, AuditType.INITIAL, null, LocalDate.of(2026, 11, 24), LocalDate.of(2026, 11, 26)),
                new TeamMemberAssigned(later, leaderWithANewPhone),
                new TeamMemberAssigned(later, expert));

        List<TeamMember> known = harness.query(new FindKnownMembers(), ResponseTypes.multipleInstancesOf(TeamMember.class));

        assertThat(known).extracting(TeamMember::name).containsExactlyInAnyOrder("李雅宁", "李审查", "王技术");
        assertThat(known).filteredOn(member -> "leader".equals(member.userName())).singleElement()
                .extracting(TeamMember::phone).as("the later audit's").isEqualTo("010-5550-0199");
        assertThat(known).filteredOn(member -> "expert".equals(member.userName())).singleElement()
                .extracting(TeamMember::registrationNumber).isNull();
    }

    @Test
    void aRemovedMemberLeavesTheTeamButTheirSignatureStays() {
        harness.given(AuditFixtures.seedOpened(),
                new TeamMemberAssigned(SEED_AUDIT, AuditFixtures.leader()),
                new TeamMemberAssigned(SEED_AUDIT, AuditFixtures.auditor()),
                new PledgeSigned(SEED_AUDIT, "B", LocalDate.of(2021, 6, 5)),
                new TeamMemberRemoved(SEED_AUDIT, "B", "conflict of interest found"));

        AuditDetail audit = detail(SEED_AUDIT);

        assertThat(audit.team()).extracting(m -> m.code()).containsExactly("A");
        assertThat(audit.pledges()).extracting(AuditDetail.PledgeSignature::memberName).containsExactly("李审查");
        assertThat(audit.pledges().get(0).memberRemovedAt()).as("when the member was removed").isNotNull();
        assertThat(audit.pledges().get(0).standing()).isFalse();
        assertThat(audit.status()).isEqualTo(AuditStatus.OPEN);

        // The same code given to someone else: not signed until they sign themselves.
        harness.given(new TeamMemberAssigned(SEED_AUDIT, AuditFixtures.auditor()));
        assertThat(detail(SEED_AUDIT).pledges()).noneMatch(AuditDetail.PledgeSignature::standing);
        harness.given(new PledgeSigned(SEED_AUDIT, "B", LocalDate.of(2021, 6, 6)));
        assertThat(detail(SEED_AUDIT).pledges()).filteredOn(AuditDetail.PledgeSignature::standing)
                .extracting(AuditDetail.PledgeSignature::signedOn).containsExactly(LocalDate.of(2021, 6, 6));
    }

    @Test
    void aRemovedMemberStaysOnTheRecordAsAFormerMemberWithWhenByWhomAndWhy() {
        harness.given(AuditFixtures.seedOpened(),
                new TeamMemberAssigned(SEED_AUDIT, AuditFixtures.leader()),
                new TeamMemberAssigned(SEED_AUDIT, AuditFixtures.auditor()),
                new PledgeSigned(SEED_AUDIT, "B", LocalDate.of(2021, 6, 5)));
        java.time.Instant removedAt = harness.clock();
        harness.as("admin", "孙立平").given(new TeamMemberRemoved(SEED_AUDIT, "B", "conflict of interest found"));
        // The code given to someone else, who is removed in turn by an admin recorded without a name.
        TeamMember other = new TeamMember("B", "赵新", TeamRole.MEMBER, "DEMO-0009", "02.01.01", null, "auditor2");
        harness.as("admin").given(new TeamMemberAssigned(SEED_AUDIT, other),
                new TeamMemberRemoved(SEED_AUDIT, "B", "调往其他项目"));

        AuditDetail audit = detail(SEED_AUDIT);

        assertThat(audit.team()).extracting(TeamMember::code).containsExactly("A");
        assertThat(audit.formerMembers()).extracting(AuditDetail.FormerMember::member)
                .containsExactly(AuditFixtures.auditor(), other);
        assertThat(audit.formerMembers().get(0)).satisfies(former -> {
            assertThat(former.removedAt()).isEqualTo(removedAt);
            assertThat(former.removedBy()).isEqualTo("admin");
            assertThat(former.removedByName()).isEqualTo("孙立平");
            assertThat(former.reason()).isEqualTo("conflict of interest found");
            assertThat(former.roleLabel()).isEqualTo("组员");
        });
        assertThat(audit.formerMembers().get(1).removedByName()).isNull();
        assertThat(audit.formerMembers().get(1).reason()).isEqualTo("调往其他项目");

        harness.replayAll();
        assertThat(detail(SEED_AUDIT)).isEqualTo(audit);
    }

    @Test
    void anAuditWhoseTeamLostNoMemberHasNoFormerMembers() {
        harness.given(AuditFixtures.seedAudit());
        assertThat(detail(SEED_AUDIT).formerMembers()).isEmpty();
    }

    @Test
    void dropsTheCollectionsOfTheLayoutsWithoutFormerMembersOrRecordedNamesSoThatAStoreIsRebuilt() {
        assertThat(new AuditsProjection(harness.readModels()).retiredCollections())
                .contains("query_audit_summaries_v3", "query_audit_summary_projects_v3", "query_audit_summaries_v4",
                        "query_audit_summary_projects_v4", "query_audit_summaries_v5", "query_audit_summary_projects_v5", "query_audit_summaries_v6",
                        "query_audit_summary_projects_v6")
                .doesNotContain(AuditsProjection.AUDITS, AuditsProjection.PROJECTS, KnownMembers.COLLECTION);
    }

    @Test
    void aCorrectedPledgeShowsTheCorrectedDayAndWhenItWasCorrectedKeepingWhoSignedAndWhen() {
        harness.given(AuditFixtures.seedAudit());
        java.time.Instant signedAt = detail(SEED_AUDIT).pledges().get(0).recordedAt();
        harness.given(new AuditReopened(SEED_AUDIT, "承诺书日期有误"));
        java.time.Instant correctedAt = harness.clock();
        harness.given(new PledgeDateCorrected(SEED_AUDIT, "A", LocalDate.of(2021, 6, 7), LocalDate.of(2021, 6, 5), "签署时误用了表单默认日期"));

        AuditDetail audit = detail(SEED_AUDIT);

        assertThat(audit.pledges()).singleElement().satisfies(pledge -> {
            assertThat(pledge.memberCode()).isEqualTo("A");
            assertThat(pledge.signedOn()).isEqualTo(LocalDate.of(2021, 6, 5));
            assertThat(pledge.correctedAt()).isEqualTo(correctedAt);
            assertThat(pledge.user()).isEqualTo("leader");
            assertThat(pledge.recordedAt()).isEqualTo(signedAt);
        });
        assertThat(audit.version()).isEqualTo(harness.version(SEED_PROJECT.value()));
        assertThat(detail(SEED_AUDIT).status()).isEqualTo(AuditStatus.REOPENED);
    }

    @Test
    void aCorrectionTakesTheMembersStandingSignatureNotTheOneOfTheMemberWhoLeftUnderTheSameCode() {
        harness.given(AuditFixtures.seedOpened(),
                new TeamMemberAssigned(SEED_AUDIT, AuditFixtures.auditor()),
                new PledgeSigned(SEED_AUDIT, "B", LocalDate.of(2021, 6, 5)),
                new TeamMemberRemoved(SEED_AUDIT, "B", "conflict of interest found"),
                new TeamMemberAssigned(SEED_AUDIT, AuditFixtures.auditor()),
                new PledgeSigned(SEED_AUDIT, "B", LocalDate.of(2021, 6, 8)),
                new PledgeDateCorrected(SEED_AUDIT, "B", LocalDate.of(2021, 6, 8), LocalDate.of(2021, 6, 6), "签到表为 6 日"));

        assertThat(detail(SEED_AUDIT).pledges()).extracting(AuditDetail.PledgeSignature::signedOn)
                .containsExactly(LocalDate.of(2021, 6, 5), LocalDate.of(2021, 6, 6));
        assertThat(detail(SEED_AUDIT).pledges().get(0).correctedAt()).isNull();
    }

    @Test
    void theListFiltersByProjectStatusAndTypeInAuditOrderAndPages() {
        ProjectNumber other = new ProjectNumber("0001-2020-SE");
        AuditId second = AuditId.of(SEED_PROJECT, 2);
        harness.given(AuditFixtures.seedAudit());
        harness.given(AuditFixtures.opened(second, AuditType.SURVEILLANCE, SEED_AUDIT, LocalDate.of(2022, 6, 1),
                LocalDate.of(2022, 6, 2)));
        harness.given(AuditFixtures.opened(AuditId.of(other, 1), AuditType.INITIAL, null, LocalDate.of(2020, 1, 1),
                LocalDate.of(2020, 1, 2)));

        assertThat(find("0455-2021-SE", null, null, 0, 20).content()).extracting(AuditSummary::id)
                .containsExactly("0455-2021-SE.1", "0455-2021-SE.2");
        assertThat(find(null, null, null, 0, 20).content()).extracting(AuditSummary::id)
                .containsExactly("0001-2020-SE.1", "0455-2021-SE.1", "0455-2021-SE.2");
        assertThat(find(null, AuditStatus.OPEN, null, 0, 20).content()).extracting(AuditSummary::id)
                .containsExactly("0001-2020-SE.1", "0455-2021-SE.2");
        assertThat(find("0455-2021-SE", null, AuditType.SURVEILLANCE, 0, 20).content()).extracting(AuditSummary::id)
                .containsExactly("0455-2021-SE.2");
        AuditList secondPage = find(null, null, null, 1, 2);
        assertThat(secondPage.content()).extracting(AuditSummary::id).containsExactly("0455-2021-SE.2");
        assertThat(secondPage.totalElements()).isEqualTo(3);
        assertThat(secondPage.totalPages()).isEqualTo(2);
        assertThat(find("9999-2099-XX", null, null, 0, 20).content()).isEmpty();
    }

    @Test
    void theAuditsAUserMayReviewOrDecideLeaveOutThoseTheyWereEverOnTheTeamOfOrReviewed() {
        harness.given(AuditFixtures.seedAudit());
        harness.given(new TeamMemberAssigned(AuditFixtures.SEED_AUDIT, new org.certaudit.audit.TeamMember(
                "C", "赵专家", org.certaudit.audit.TeamRole.TECHNICAL_EXPERT, null, null, null, "expert")));
        harness.given(new TeamMemberRemoved(AuditFixtures.SEED_AUDIT, "C", "回避"));
        harness.given(new org.certaudit.audit.TechnicalReviewAccepted(AuditFixtures.SEED_AUDIT, "reviewer",
                LocalDate.of(2021, 6, 20), new java.math.BigDecimal("145.75"), Grade.TEN_STAR, null));

        for (String project : java.util.Arrays.asList(null, AuditFixtures.SEED_AUDIT.projectNumber().value())) {
            for (String involved : List.of("leader", "expert", "reviewer")) {
                assertThat(harness.query(new FindAudits(project, AuditStatus.REVIEWED, null, null, null, null, null, involved,
                        0, 20), ResponseTypes.instanceOf(AuditList.class)).content()).as(involved + " in " + project).isEmpty();
            }
            assertThat(harness.query(new FindAudits(project, AuditStatus.REVIEWED, null, null, null, null, null, "decider",
                    0, 20), ResponseTypes.instanceOf(AuditList.class)).content()).extracting(AuditSummary::id)
                    .containsExactly(AuditFixtures.SEED_AUDIT.value());
        }
    }

    @Test
    void anAuditAwaitingItsDecisionIsNotForAnyoneWhoEverReviewedItButOneAwaitingReviewAgainIsForWhoReturnedIt() {
        harness.given(AuditFixtures.seedAudit());
        harness.given(new org.certaudit.audit.TechnicalReviewReturned(AuditFixtures.SEED_AUDIT, "Returner",
                LocalDate.of(2021, 6, 20), List.of("5.2.2.3 证据不足")));
        harness.given(new org.certaudit.audit.GradeRecommended(AuditFixtures.SEED_AUDIT,
                new java.math.BigDecimal("145.75"), Grade.TEN_STAR, LocalDate.of(2021, 6, 7)));

        for (String project : java.util.Arrays.asList(null, AuditFixtures.SEED_AUDIT.projectNumber().value())) {
            assertThat(harness.query(new FindAudits(project, AuditStatus.FINISHED, null, null, null, null, null,
                    "returner", 0, 20), ResponseTypes.instanceOf(AuditList.class)).content()).as("to review again, in " + project)
                    .extracting(AuditSummary::id).containsExactly(AuditFixtures.SEED_AUDIT.value());
        }
        harness.given(new org.certaudit.audit.TechnicalReviewAccepted(AuditFixtures.SEED_AUDIT, "reviewer",
                LocalDate.of(2021, 6, 21), new java.math.BigDecimal("145.75"), Grade.TEN_STAR, null));
        for (String project : java.util.Arrays.asList(null, AuditFixtures.SEED_AUDIT.projectNumber().value())) {
            for (String involved : List.of("returner", "ＲＥＴＵＲＮＥＲ", "reviewer")) {
                assertThat(harness.query(new FindAudits(project, AuditStatus.REVIEWED, null, null, null, null, null,
                        involved, 0, 20), ResponseTypes.instanceOf(AuditList.class)).content())
                        .as("to decide, " + involved + " in " + project).isEmpty();
            }
            assertThat(harness.query(new FindAudits(project, AuditStatus.REVIEWED, null, null, null, null, null,
                    "decider", 0, 20), ResponseTypes.instanceOf(AuditList.class)).content()).extracting(AuditSummary::id)
                    .containsExactly(AuditFixtures.SEED_AUDIT.value());
        }
    }

    @Test
    void theAuditsWhoseTeamAUserIsOnNowAndThoseStillOpenForChanges() {
        harness.given(AuditFixtures.seedAudit());
        AuditId second = AuditId.of(AuditFixtures.SEED_PROJECT, 2);
        harness.given(AuditFixtures.opened(second, org.certaudit.audit.AuditType.SURVEILLANCE, AuditFixtures.SEED_AUDIT,
                AuditFixtures.SEED_ON_SITE_FROM.plusYears(1), AuditFixtures.SEED_ON_SITE_TO.plusYears(1)),
                new TeamMemberAssigned(second, AuditFixtures.leader()),
                new TeamMemberAssigned(second, new org.certaudit.audit.TeamMember("C", "赵专家",
                        org.certaudit.audit.TeamRole.TECHNICAL_EXPERT, null, null, null, "expert")),
                new TeamMemberRemoved(second, "C", "回避"));

        for (String project : java.util.Arrays.asList(null, AuditFixtures.SEED_PROJECT.value())) {
            assertThat(onTeam(project, "leader", false)).as("in " + project)
                    .containsExactly(AuditFixtures.SEED_AUDIT.value(), second.value());
            assertThat(onTeam(project, "leader", true)).as("open, in " + project).containsExactly(second.value());
            assertThat(onTeam(project, "expert", false)).as("removed, in " + project).isEmpty();
            assertThat(onTeam(project, "reviewer", false)).as("never on it, in " + project).isEmpty();
        }
    }

    /** The command side's rules compare user names regardless of case and width (UserNames); the lists do too. */
    @Test
    void aUserIsFoundOnTheTeamAndAmongThoseWhoTookPartWhateverTheCaseOrWidthOfTheirName() {
        harness.given(AuditFixtures.seedAudit());
        harness.given(new TeamMemberAssigned(AuditFixtures.SEED_AUDIT, new org.certaudit.audit.TeamMember(
                "C", "赵专家", org.certaudit.audit.TeamRole.TECHNICAL_EXPERT, null, null, null, "Expert")));
        harness.given(new TeamMemberRemoved(AuditFixtures.SEED_AUDIT, "C", "回避"));
        harness.given(new org.certaudit.audit.TechnicalReviewAccepted(AuditFixtures.SEED_AUDIT, "reviewer",
                LocalDate.of(2021, 6, 20), new java.math.BigDecimal("145.75"), Grade.TEN_STAR, null));

        for (String project : java.util.Arrays.asList(null, AuditFixtures.SEED_AUDIT.projectNumber().value())) {
            assertThat(onTeam(project, "LEADER", false)).as("in " + project).containsExactly(AuditFixtures.SEED_AUDIT.value());
            assertThat(onTeam(project, "ｌｅａｄｅｒ", false)).as("fullwidth, in " + project)
                    .containsExactly(AuditFixtures.SEED_AUDIT.value());
            for (String involved : List.of("Leader", "EXPERT", "expert", "ＲＥＶＩＥＷＥＲ")) {
                assertThat(harness.query(new FindAudits(project, AuditStatus.REVIEWED, null, null, null, null, null, involved,
                        0, 20), ResponseTypes.instanceOf(AuditList.class)).content()).as(involved + " in " + project).isEmpty();
            }
        }
    }

    @Test
    void theKnownMembersHoldAUserNameOnceWhateverItsCase() {
        AuditId later = AuditId.of(new ProjectNumber("0612-2025-SE"), 1);
        TeamMember leaderCapitalised = new TeamMember("A", "李雅宁", TeamRole.LEADER, "DEMO-0001", "02.01.01",
                "010-5550-0199", "Leader");
        harness.given(AuditFixtures.seedOpened(),
                new TeamMemberAssigned(SEED_AUDIT, AuditFixtures.leader()),
                AuditFixtures.opened(later, AuditType.INITIAL, null, LocalDate.of(2026, 11, 24), LocalDate.of(2026, 11, 26)),
                new TeamMemberAssigned(later, leaderCapitalised));

        List<TeamMember> known = harness.query(new FindKnownMembers(), ResponseTypes.multipleInstancesOf(TeamMember.class));

        assertThat(known).singleElement().extracting(TeamMember::phone).as("the later audit's").isEqualTo("010-5550-0199");
    }

    private List<String> onTeam(String project, String user, boolean openOnly) {
        return harness.query(new FindAudits(project, null, null, null, null, null, null, null, user, openOnly, 0, 20),
                ResponseTypes.instanceOf(AuditList.class)).content().stream().map(AuditSummary::id).toList();
    }

    @Test
    void organizationGradeAndDatesAreFilteredByTheStoreAndThePageIsCutAfterFiltering() {
        harness.given(AuditFixtures.seedAudit());
        for (int number = 1; number <= 3; number++) {
            AuditOpened other = AuditFixtures.opened(AuditId.of(new ProjectNumber("000" + number + "-2020-SE"), 1),
                    AuditType.INITIAL, null, LocalDate.of(2020, number, 1), LocalDate.of(2020, number, 2));
            harness.given(new AuditOpened(other.auditId(), other.projectNumber(), other.type(), null, other.schemeId(),
                    other.schemeVersion(), new Organization("Acme Service " + number + " Ltd", null, null, null, null,
                    null, null, null, null), other.otherSites(), other.scope(), other.criteria(), other.onSiteFrom(),
                    other.onSiteTo(), other.onSiteDays()));
        }

        AuditList acme = harness.query(new FindAudits(null, null, null, "acme SERVICE", null, null, null, 1, 2),
                ResponseTypes.instanceOf(AuditList.class));
        assertThat(acme.content()).extracting(AuditSummary::id).containsExactly("0003-2020-SE.1");
        assertThat(acme.totalElements()).isEqualTo(3);
        assertThat(acme.totalPages()).isEqualTo(2);
        assertThat(harness.query(new FindAudits(null, null, null, "隆威", null, null, Grade.TEN_STAR, 0, 20),
                ResponseTypes.instanceOf(AuditList.class)).content()).extracting(AuditSummary::id)
                .containsExactly("0455-2021-SE.1");
        assertThat(harness.query(new FindAudits(null, null, null, null, null, null, Grade.NINE_STAR, 0, 20),
                ResponseTypes.instanceOf(AuditList.class)).content()).isEmpty();
        // A name part is matched as text, not as a pattern.
        assertThat(harness.query(new FindAudits(null, null, null, "Acme.*(", null, null, null, 0, 20),
                ResponseTypes.instanceOf(AuditList.class)).content()).isEmpty();
        assertThat(harness.query(new FindAudits(null, null, null, null, LocalDate.of(2020, 2, 2),
                        LocalDate.of(2020, 3, 1), null, 0, 20), ResponseTypes.instanceOf(AuditList.class)).content())
                .extracting(AuditSummary::id).containsExactly("0002-2020-SE.1", "0003-2020-SE.1");
    }

    @Test
    void replayingAnEventTwiceLeavesTheSameReadModel() {
        harness.given(AuditFixtures.seedOpened(),
                new TeamMemberAssigned(SEED_AUDIT, AuditFixtures.leader()),
                new PledgeSigned(SEED_AUDIT, "A", LocalDate.of(2021, 6, 7)));
        List<Document> before = documents();

        harness.delivered().forEach(harness::redeliver);

        assertThat(documents()).isEqualTo(before);
        assertThat(detail(SEED_AUDIT).pledges()).hasSize(1);
    }

    @Test
    void aReplayFromScratchGivesTheSameAnswers() {
        harness.given(AuditFixtures.seedAudit());
        harness.given(new AuditReopened(SEED_AUDIT, "typo"),
                new PledgeDateCorrected(SEED_AUDIT, "A", LocalDate.of(2021, 6, 7), LocalDate.of(2021, 6, 5), "签署时误用了表单默认日期"));
        AuditDetail live = detail(SEED_AUDIT);
        AuditList list = find(null, null, null, 0, 20);

        harness.replayAll();

        assertThat(live.pledges().get(0).signedOn()).isEqualTo(LocalDate.of(2021, 6, 5));
        assertThat(detail(SEED_AUDIT)).isEqualTo(live);
        assertThat(find(null, null, null, 0, 20)).isEqualTo(list);
    }

    private List<Document> documents() {
        List<Document> all = new ArrayList<>();
        harness.readModels().collection(AuditsProjection.AUDITS).find().into(all);
        harness.readModels().collection(AuditsProjection.PROJECTS).find().into(all);
        harness.readModels().collection(KnownMembers.COLLECTION).find().into(all);
        return all;
    }

    /** A batch holds events of several audits: their documents are fetched together, and what is stored is the same. */
    @Test
    void storesInterleavedAuditsInTrackingBatchesOfAnySizeExactlyWhatEventByEventWritingStores() throws Exception {
        harness.given(AuditFixtures.interleavedAudits());

        List<List<String>> eventByEvent = harness.assertBatchesStoreWhatEventByEventStores(AuditsProjection::new,
                List.of(AuditsProjection.AUDITS, AuditsProjection.PROJECTS, KnownMembers.COLLECTION), 1, 7, 100);

        assertThat(eventByEvent.get(0)).hasSizeGreaterThanOrEqualTo(3);
    }
}
