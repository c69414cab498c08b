package org.certaudit.command.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.certaudit.security.AccessProperties;
import org.certaudit.security.BasicUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** HTTP Basic users come from configuration; plain-text demo passwords are loudly local-only. */
@ExtendWith(OutputCaptureExtension.class)
class DemoUsersTest {

    @Test
    void warnsThatPlainTextDemoUsersAreForLocalUseOnly(CapturedOutput output) {
        var users = BasicUsers.from(properties(new AccessProperties.User("leader", "{noop}leader-pass", List.of("auditor"))));
        assertThat(users.loadUserByUsername("leader").getAuthorities()).extracting(Object::toString)
                .containsExactly("ROLE_AUDITOR");
        assertThat(output).contains("WARN").contains("HTTP Basic users [leader] have plain-text demo passwords: for local use only");
    }

    @Test
    void staysQuietAboutEncodedPasswords(CapturedOutput output) {
        BasicUsers.from(properties(new AccessProperties.User("admin",
                "{bcrypt}$2a$10$7EqJtq98hPqEX7fNZaFWoOhi5BWX4Z3ZyNf6EJ8Tjq8uCHfWF1xGS", List.of("ADMIN"))));
        assertThat(output).doesNotContain("plain-text demo passwords");
    }

    @Test
    void refusesAPasswordThatDoesNotNameItsEncoding() {
        assertThatThrownBy(() -> BasicUsers.from(properties(new AccessProperties.User("admin", "secret", List.of("ADMIN")))))
                .hasMessageContaining("the password of 'admin' must name its encoding");
    }

    private static AccessProperties properties(AccessProperties.User... users) {
        return new AccessProperties(AccessProperties.Mode.BASIC, List.of(users), new AccessProperties.Jwt("preferred_username", "roles"));
    }
}
