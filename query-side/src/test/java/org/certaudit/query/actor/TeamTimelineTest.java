package org.certaudit.query.actor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certaudit.query.AuditFixtures.SEED_AUDIT;

import java.time.LocalDate;
import org.certaudit.audit.PledgeDateCorrected;
import org.certaudit.audit.PledgeSigned;
import org.certaudit.audit.TeamMember;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.audit.TeamMemberRemoved;
import org.certaudit.audit.TeamRole;
import org.junit.jupiter.api.Test;

class TeamTimelineTest {

    private static final TeamMember CHEN = new TeamMember("B", "陈晓红", TeamRole.MEMBER, "DEMO-0002", "02.01.01",
            "010-5550-0102", "auditor");
    private static final TeamMember CHEN_AS_EXPERT = new TeamMember("D", "陈晓红", TeamRole.TECHNICAL_EXPERT, "DEMO-0002",
            "02.01.01", "010-5550-0102", "auditor");

    /** B assigned at 3, removed at 7, the same user back as D at 9. */
    private static TeamTimeline timeline() {
        return TeamTimeline.EMPTY
                .after(new TeamMemberAssigned(SEED_AUDIT, CHEN), 3)
                .after(new PledgeSigned(SEED_AUDIT, "B", LocalDate.of(2021, 6, 5)), 4)
                .after(new TeamMemberRemoved(SEED_AUDIT, "B", "conflict of interest"), 7)
                .after(new TeamMemberAssigned(SEED_AUDIT, CHEN_AS_EXPERT), 9);
    }

    @Test
    void namesTheMemberAUserWasWhenTheEventHappened() {
        TeamTimeline team = timeline();

        assertThat(team.member("auditor", 5)).contains(new ActingMember("B", "陈晓红", TeamRole.MEMBER));
        assertThat(team.member("auditor", 10)).contains(new ActingMember("D", "陈晓红", TeamRole.TECHNICAL_EXPERT));
    }

    @Test
    void isTheTeamJustBeforeTheEventItsOwnAssignmentNotYetItsRemovalStill() {
        TeamTimeline team = timeline();

        assertThat(team.member("auditor", 3)).as("at the assignment").isEmpty();
        assertThat(team.member("auditor", 7)).as("at the removal").contains(new ActingMember("B", "陈晓红", TeamRole.MEMBER));
        assertThat(team.member("auditor", 8)).as("between stints").isEmpty();
        assertThat(team.member("auditor", 9)).as("at the re-assignment").isEmpty();
    }

    /** As the command side matched the signed-in user to the member (UserNames). */
    @Test
    void namesTheMemberWhateverTheCaseOrWidthOfTheUserNameTheySignedInWith() {
        TeamTimeline team = timeline();

        assertThat(team.member("AUDITOR", 5)).contains(new ActingMember("B", "陈晓红", TeamRole.MEMBER));
        assertThat(team.member("ａｕｄｉｔｏｒ", 10)).contains(new ActingMember("D", "陈晓红", TeamRole.TECHNICAL_EXPERT));
    }

    @Test
    void knowsNobodyElse() {
        assertThat(timeline().member("admin", 5)).isEmpty();
        assertThat(timeline().member(null, 5)).isEmpty();
    }

    @Test
    void takesAnEventItHasSeenOnlyOnce() {
        TeamTimeline team = timeline();

        assertThat(team.after(new TeamMemberAssigned(SEED_AUDIT, CHEN), 3)).isEqualTo(team);
        assertThat(team.after(new TeamMemberRemoved(SEED_AUDIT, "B", "again"), 7)).isEqualTo(team);
        assertThat(team.stints()).hasSize(2);
    }

    @Test
    void aPledgesCorrectedDayLeavesTheTeamAsItWasAndNamesItsMemberByCode() {
        TeamTimeline team = timeline();

        assertThat(team.after(new PledgeDateCorrected(SEED_AUDIT, "B", LocalDate.of(2021, 6, 8), LocalDate.of(2021, 6, 4), "误用默认日期"), 6))
                .isEqualTo(team);
        assertThat(TeamTimeline.changesTeam(new PledgeDateCorrected(SEED_AUDIT, "B", LocalDate.of(2021, 6, 8), LocalDate.of(2021, 6, 4), "r")))
                .isFalse();
        assertThat(team.memberCoded("B", 6)).contains(new ActingMember("B", "陈晓红", TeamRole.MEMBER));
        assertThat(team.memberCoded("B", 8)).as("B had left by then").isEmpty();
    }

    @Test
    void survivesTheRoundTripThroughTheReadModel() {
        TeamTimeline team = timeline();

        assertThat(TeamTimeline.fromDocuments(team.toDocuments())).isEqualTo(team);
        assertThat(TeamTimeline.fromDocument(TeamTimeline.toDocument(team.member("auditor", 5))))
                .isEqualTo(new ActingMember("B", "陈晓红", TeamRole.MEMBER));
        assertThat(TeamTimeline.toDocument(team.member("admin", 5))).isNull();
    }
}
