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
}
