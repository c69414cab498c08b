package org.certaudit.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.certaudit.audit.TeamMember;
import org.certaudit.audit.TeamRole;
import org.certaudit.query.actor.ActingMember;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class PeopleTest {

    private final People people = new People(new MockEnvironment()
            .withProperty("certaudit.people.reviewer", "周文博")
            .withProperty("certaudit.people.blank", " "));

    @Test
    void aConfiguredUserIsNamedWithTheUserNameAndAnotherByTheUserNameAlone() {
        assertThat(people.describe("reviewer")).isEqualTo("周文博（reviewer）");
        assertThat(people.name("reviewer")).isEqualTo("周文博");
        assertThat(people.describe("decider")).isEqualTo("decider");
        assertThat(people.name("decider")).isNull();
        assertThat(people.describe("blank")).isEqualTo("blank");
        assertThat(people.describe(null)).isNull();
    }

    @Test
    void aTeamMemberIsNamedByCodeAndNameAsTheReportNamesThem() {
        List<TeamMember> team = List.of(new TeamMember("A", "李雅宁",
                TeamRole.LEADER, "DEMO-0001", "02.01.01", "010-5550-0101", "leader"));
        assertThat(people.describe("leader", team)).isEqualTo("A 李雅宁（leader）");
        assertThat(people.describe("LEADER", team)).as("the user name as signed in").isEqualTo("A 李雅宁（LEADER）");
        assertThat(people.describe("reviewer", team)).isEqualTo("周文博（reviewer）");
        assertThat(people.describe("leader", new ActingMember("A", "李雅宁",
                TeamRole.LEADER))).isEqualTo("A 李雅宁（leader）");
        assertThat(people.describe("reviewer", (ActingMember) null)).isEqualTo("周文博（reviewer）");
    }

    @Test
    void anEnglishPageBracketsTheUserNameInAsciiAndAChineseOneFullWidth() {
        People english = people.in(Locale.ENGLISH);
        assertThat(english.describe("reviewer")).isEqualTo("周文博 (reviewer)");
        assertThat(english.describe("decider", "吴思远")).isEqualTo("吴思远 (decider)");
        assertThat(english.describe("leader", new ActingMember("A", "李雅宁", TeamRole.LEADER))).isEqualTo("A 李雅宁 (leader)");
        assertThat(english.describe("decider")).isEqualTo("decider");
        assertThat(people.in(Locale.SIMPLIFIED_CHINESE).describe("reviewer")).isEqualTo("周文博（reviewer）");
    }
}
