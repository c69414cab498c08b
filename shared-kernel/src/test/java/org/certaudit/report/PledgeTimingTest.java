package org.certaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditOpened;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.FindingsRecorded;
import org.certaudit.audit.ItemMarkedNotApplicable;
import org.certaudit.audit.ItemScored;
import org.certaudit.audit.OnSiteAuditRescheduled;
import org.certaudit.audit.OnSitePeriod;
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
import org.certaudit.report.PledgeTiming.PledgeAfterOnSite;
import org.certaudit.report.PledgeTiming.Work;
import org.certaudit.report.PledgeTiming.WorkBeforePledge;
import org.certaudit.scheme.Percent;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Whether the team pledged before it worked (ISO/IEC 17021-1 5.2, ISO/IEC 17065 4.2), folded by {@link AuditFold}
 * from an audit on site from 5 to 7 June 2021 whose fictional team records its work on the days given, on the
 * certification body's calendar (Asia/Shanghai, eight hours ahead of UTC).
 */
class PledgeTimingTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final AuditId AUDIT = AuditId.of(new ProjectNumber("0921-2021-SE"), 1);
    private static final LocalDate JUNE_4 = LocalDate.of(2021, 6, 4);
    private static final LocalDate JUNE_5 = LocalDate.of(2021, 6, 5);
    private static final LocalDate JUNE_6 = LocalDate.of(2021, 6, 6);
    private static final LocalDate JUNE_7 = LocalDate.of(2021, 6, 7);
    private static final TeamMember LEADER = new TeamMember("A", "周岚", TeamRole.LEADER, "DEMO-0101", "02.01.01",
            "010-5550-0201", "zhou.lan");
    private static final TeamMember MEMBER = new TeamMember("B", "魏子航", TeamRole.MEMBER, "DEMO-0102", "02.01.01",
            "010-5550-0202", "wei.zihang");
    private static final TeamMember LATER_MEMBER = new TeamMember("B", "严思远", TeamRole.MEMBER, "DEMO-0103", "02.01.01",
            "010-5550-0203", "yan.siyuan");

    /** The audit's events, each recorded by a user at a moment, in stream order. */
    private static final class History {
        private final AuditFold fold = new AuditFold(AUDIT);
        private long sequence;

        History() {
            by("admin", JUNE_4, opened());
        }

        /** Recorded by {@code user} at 10:00 on {@code day} in Shanghai. */
        History by(String user, LocalDate day, AuditEvent... events) {
            return at(user, day.atTime(10, 0).atZone(SHANGHAI).toInstant(), events);
        }

        History at(String user, Instant when, AuditEvent... events) {
            for (AuditEvent event : events) {
                fold.apply(new RecordedEvent(sequence++, event, user, when));
            }
            return this;
        }

        PledgeTiming.Warnings warnings() {
            return fold.pledgeTiming(SHANGHAI);
        }
    }

    private static AuditOpened opened() {
        return new AuditOpened(AUDIT, AUDIT.projectNumber(), AuditType.INITIAL, null, "CTS-ISC-JSGF-06", "1",
                new Organization("示范家电服务有限公司", "示范市样例路 9 号", "100000", "示范市样例路 9 号", "100000", "孙可为",
                        "经理", "010-5550-0300", "service@example.com"),
                "无", "家用电器的销售所涉及的售后服务成熟度", List.of("CTS ISC-JSGF-06《商品售后服务成熟度认证技术规范》"), JUNE_5,
                JUNE_7, new BigDecimal("3.0"));
    }

    private static ItemScored scored(String clause) {
        return new ItemScored(AUDIT, clause, Percent.of(95), "抽查记录 3 份");
    }

    /** The leader signs on 4 June, before the period, and scores from 5 June: in time. */
    private static History leaderInTime() {
        return new History().by("admin", JUNE_4, new TeamMemberAssigned(AUDIT, LEADER))
                .by("zhou.lan", JUNE_4, new PledgeSigned(AUDIT, "A", JUNE_4))
                .by("zhou.lan", JUNE_5, scored("5.1.1.1"));
    }

    @Test
    void aTeamThatPledgedBeforeTheOnSitePeriodAndWorkedAfterIsInTime() {
        History history = leaderInTime().by("admin", JUNE_4, new TeamMemberAssigned(AUDIT, MEMBER))
                .by("wei.zihang", JUNE_5, new PledgeSigned(AUDIT, "B", JUNE_5))
                .by("wei.zihang", JUNE_5, scored("5.2.1.1"), new FindingsRecorded(AUDIT, List.of("流程清晰"), List.of()));

        assertThat(history.warnings().isEmpty()).as("signed on the first on-site day is in time").isTrue();
    }

    @Nested
    class WorkBeforeThePledgesDay {

        @Test
        void aPledgeCorrectedToADayAfterWorkAlreadyRecordedWarnsOfThatWorkCountingEveryRecordBeforeTheDay() {
            History history = leaderInTime().by("admin", JUNE_4, new TeamMemberAssigned(AUDIT, MEMBER))
                    .by("wei.zihang", JUNE_5, new PledgeSigned(AUDIT, "B", JUNE_5), scored("5.2.1.1"))
                    .by("wei.zihang", JUNE_6, new SpecialItemRecorded(AUDIT, "S1", SpecialItemKind.DEDUCTION, "投诉超时",
                            "5.3.3.2", "抽查 2 起"))
                    .by("wei.zihang", JUNE_7, new ItemMarkedNotApplicable(AUDIT, "5.2.6.1", null, "不回收"),
                            new PledgeDateCorrected(AUDIT, "B", JUNE_5, JUNE_7, "纸质承诺书落款为 7 日"));

            assertThat(history.warnings().workBeforePledge()).containsExactly(
                    new WorkBeforePledge("B", "魏子航", JUNE_7, 2, JUNE_5, Work.ITEM, "5.2.1.1"));
        }

        @Test
        void namesTheFindingsOrASpecialItemWhenThatCameFirst() {
            History history = new History().by("admin", JUNE_4, new TeamMemberAssigned(AUDIT, LEADER))
                    .by("zhou.lan", JUNE_4, new PledgeSigned(AUDIT, "A", JUNE_4))
                    .by("zhou.lan", JUNE_5, new FindingsRecorded(AUDIT, List.of("流程清晰"), List.of("回访不足")))
                    .by("zhou.lan", JUNE_6, new SpecialItemRecorded(AUDIT, "S1", SpecialItemKind.BONUS, "服务创新", null,
                            "上门服务预约系统"))
                    .by("zhou.lan", JUNE_6, new PledgeDateCorrected(AUDIT, "A", JUNE_4, JUNE_7, "落款日期有误"));

            assertThat(history.warnings().workBeforePledge()).containsExactly(
                    new WorkBeforePledge("A", "周岚", JUNE_7, 2, JUNE_5, Work.FINDINGS, null));
        }

        @Test
        void readsARecordsDayOnTheCertificationBodysCalendar() {
            // 01:00 on 5 June in Shanghai is still 4 June in UTC.
            History history = new History().by("admin", JUNE_4, new TeamMemberAssigned(AUDIT, LEADER))
                    .by("zhou.lan", JUNE_4, new PledgeSigned(AUDIT, "A", JUNE_4))
                    .at("zhou.lan", Instant.parse("2021-06-04T17:00:00Z"), scored("5.1.1.1"))
                    .by("zhou.lan", JUNE_5, new PledgeDateCorrected(AUDIT, "A", JUNE_4, JUNE_5, "以签字页为准"));

            assertThat(history.warnings().workBeforePledge()).isEmpty();
            assertThat(history.fold.pledgeTiming(ZoneOffset.UTC).workBeforePledge()).containsExactly(
                    new WorkBeforePledge("A", "周岚", JUNE_5, 1, JUNE_4, Work.ITEM, "5.1.1.1"));
        }

        @Test
        void findsTheMemberByTheirUserNameInAnyCaseAndLeavesOthersWorkToThem() {
            History history = leaderInTime().by("admin", JUNE_4, new TeamMemberAssigned(AUDIT, MEMBER))
                    .by("wei.zihang", JUNE_5, new PledgeSigned(AUDIT, "B", JUNE_5))
                    .by("WEI.ZIHANG", JUNE_5, scored("5.2.1.1"))
                    .by("wei.zihang", JUNE_5, new PledgeDateCorrected(AUDIT, "B", JUNE_5, JUNE_6, "补签"));

            assertThat(history.warnings().workBeforePledge()).as("the leader's score of 5.1.1.1 is the leader's")
                    .containsExactly(new WorkBeforePledge("B", "魏子航", JUNE_6, 1, JUNE_5, Work.ITEM, "5.2.1.1"));
        }

        @Test
        void judgesARemovedMembersWorkByTheirOwnPledgeAndNotByTheNextHolderOfTheirCode() {
            History history = leaderInTime().by("admin", JUNE_4, new TeamMemberAssigned(AUDIT, MEMBER))
                    .by("wei.zihang", JUNE_5, new PledgeSigned(AUDIT, "B", JUNE_5), scored("5.2.1.1"))
                    .by("wei.zihang", JUNE_5, new PledgeDateCorrected(AUDIT, "B", JUNE_5, JUNE_6, "落款为 6 日"))
                    .by("admin", JUNE_6, new TeamMemberRemoved(AUDIT, "B", "回避"),
                            new TeamMemberAssigned(AUDIT, LATER_MEMBER))
                    .by("yan.siyuan", JUNE_6, new PledgeSigned(AUDIT, "B", JUNE_6), scored("5.2.1.2"))
                    // Recorded by the removed member after their removal (whatever its clock): nobody's work here.
                    .by("wei.zihang", JUNE_4, scored("5.2.1.3"));

            PledgeTiming.Warnings warnings = history.warnings();

            assertThat(warnings.workBeforePledge()).containsExactly(
                    new WorkBeforePledge("B", "魏子航", JUNE_6, 1, JUNE_5, Work.ITEM, "5.2.1.1"));
            assertThat(warnings.pledgesAfterOnSite()).as("only the team's pledges count, as the report prints them")
                    .containsExactly(new PledgeAfterOnSite("B", "严思远", JUNE_6, JUNE_5));
        }
    }

    @Nested
    class APledgeSignedAfterTheOnSitePeriodBegan {

        @Test
        void isSaidWithThePeriodsFirstDay() {
            History history = new History().by("admin", JUNE_4, new TeamMemberAssigned(AUDIT, LEADER))
                    .by("zhou.lan", JUNE_7, new PledgeSigned(AUDIT, "A", JUNE_7), scored("5.1.1.1"));

            assertThat(history.warnings().pledgesAfterOnSite()).containsExactly(
                    new PledgeAfterOnSite("A", "周岚", JUNE_7, JUNE_5));
            assertThat(history.warnings().workBeforePledge()).isEmpty();
        }

        @Test
        void isJudgedByThePeriodInForceAfterARescheduling() {
            OnSitePeriod opened = OnSitePeriod.of(opened());
            OnSitePeriod moved = new OnSitePeriod(LocalDate.of(2021, 6, 8), LocalDate.of(2021, 6, 9),
                    new BigDecimal("2"), null, null);
            History history = new History().by("admin", JUNE_4, new TeamMemberAssigned(AUDIT, LEADER))
                    .by("admin", JUNE_4, new OnSiteAuditRescheduled(AUDIT, opened, moved, "admin", "受审查方申请改期"))
                    .by("zhou.lan", JUNE_7, new PledgeSigned(AUDIT, "A", JUNE_7));

            assertThat(history.warnings().isEmpty()).as("signed before the period in force began").isTrue();
        }

        @Test
        void isNotSaidOfAMemberWhoHasNotSignedYet() {
            History history = new History().by("admin", JUNE_4, new TeamMemberAssigned(AUDIT, LEADER));

            assertThat(history.warnings()).isEqualTo(PledgeTiming.Warnings.NONE);
        }
    }

    @Test
    void theSeedHistoryAsStoredIsWarnedOfOnBothCounts() {
        // The seed's pledge is dated 7 June, the last on-site day; its history was stored from 5 June on.
        AuditFold fold = new AuditFold(ProjectHistory.SEED);
        ProjectHistory.events().stream().filter(recorded -> recorded.sequence() <= ProjectHistory.GRANTED)
                .forEach(fold::apply);

        PledgeTiming.Warnings warnings = fold.pledgeTiming(SHANGHAI);

        assertThat(warnings.pledgesAfterOnSite()).containsExactly(new PledgeAfterOnSite("A", "李雅宁", JUNE_7, JUNE_5));
        assertThat(warnings.workBeforePledge()).singleElement().satisfies(early -> {
            assertThat(early.memberCode()).isEqualTo("A");
            assertThat(early.signedOn()).isEqualTo(JUNE_7);
            assertThat(early.firstOn()).isEqualTo(JUNE_5);
            assertThat(early.firstWork()).isEqualTo(Work.ITEM);
            assertThat(early.records()).as("the 94 items and the findings").isEqualTo(95);
        });
    }
}
