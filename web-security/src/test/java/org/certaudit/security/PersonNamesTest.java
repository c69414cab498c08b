package org.certaudit.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;

/** Who a signed-in user is by name: a token's {@code name} claim, else {@code certaudit.people}. */
class PersonNamesTest {

    private final PersonNames names = PersonNames.from(new MockEnvironment()
            .withProperty("certaudit.people.reviewer", "周文博")
            .withProperty("certaudit.people.blank", " "));

    private static Jwt.Builder token(String user) {
        return Jwt.withTokenValue("t").header("alg", "RS256").subject("id-7").issuedAt(Instant.now())
                .claim("preferred_username", user).claim("roles", List.of("REVIEWER"));
    }

    @Test
    void aUserSignedInWithAPasswordIsNamedByTheConfiguration() {
        assertThat(names.of(UsernamePasswordAuthenticationToken.authenticated("reviewer", null, List.of())))
                .isEqualTo("周文博");
        assertThat(names.of(UsernamePasswordAuthenticationToken.authenticated("decider", null, List.of()))).isNull();
        assertThat(names.of(UsernamePasswordAuthenticationToken.authenticated("blank", null, List.of())))
                .as("a blank entry names nobody").isNull();
        assertThat(names.of(null)).isNull();
    }

    @Test
    void aTokensNameClaimWinsOverTheConfiguration() {
        ClaimsConverter converter = new ClaimsConverter(new AccessProperties.Jwt("preferred_username", "roles"));

        assertThat(names.of(converter.convert(token("reviewer").claim("name", "周文博士").build()))).isEqualTo("周文博士");
        assertThat(names.of(converter.convert(token("reviewer").build()))).as("no claim: the configuration")
                .isEqualTo("周文博");
        assertThat(names.of(converter.convert(token("reviewer").claim("name", "  ").build()))).as("a blank claim: the configuration")
                .isEqualTo("周文博");
        assertThat(names.of(converter.convert(token("stranger").build()))).isNull();
    }

    @Test
    void configuredAnswersByUserName() {
        assertThat(names.configured("reviewer")).isEqualTo("周文博");
        assertThat(names.configured("blank")).isNull();
        assertThat(names.configured(null)).isNull();
    }
}
