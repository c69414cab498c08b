package org.certaudit.query;

import static org.assertj.core.api.Assertions.assertThat;

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
        java.util.List<org.certaudit.audit.TeamMember> team = java.util.List.of(new org.certaudit.audit.TeamMember("A", "李雅宁",
                org.certaudit.audit.TeamRole.LEADER, "DEMO-0001", "02.01.01", "010-5550-0101", "leader"));
        assertThat(people.describe("leader", team)).isEqualTo("A 李雅宁（leader）");
        assertThat(people.describe("reviewer", team)).isEqualTo("周文博（reviewer）");
        assertThat(people.describe("leader", new org.certaudit.query.actor.ActingMember("A", "李雅宁",
                org.certaudit.audit.TeamRole.LEADER))).isEqualTo("A 李雅宁（leader）");
        assertThat(people.describe("reviewer", (org.certaudit.query.actor.ActingMember) null)).isEqualTo("周文博（reviewer）");
    }
}
