package org.certaudit.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

/** {@code certaudit.security.jwt.user-claim} and {@code roles-claim}: which claims name the user and carry the roles. */
class ClaimsConverterTest {

    private static final AccessProperties.Jwt DEFAULTS = new AccessProperties.Jwt("preferred_username", "roles");

    private static Jwt.Builder token() {
        return Jwt.withTokenValue("t").header("alg", "RS256").subject("id-7").issuedAt(Instant.now());
    }

    private static List<String> authorities(AbstractAuthenticationToken authentication) {
        return authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList();
    }

    @Test
    void namesTheUserFromTheUserClaimAndPrefixesUpperCasedRoles() {
        AbstractAuthenticationToken authentication = new ClaimsConverter(DEFAULTS)
                .convert(token().claim("preferred_username", "alice").claim("roles", List.of("admin", "Reviewer")).build());

        assertThat(authentication.getName()).isEqualTo("alice");
        assertThat(authorities(authentication)).containsExactly("ROLE_ADMIN", "ROLE_REVIEWER");
    }

    @Test
    void fallsBackToTheSubjectAndNoRolesWhenTheClaimsAreMissing() {
        AbstractAuthenticationToken authentication = new ClaimsConverter(DEFAULTS)
                .convert(token().claim("roles", "ADMIN").build());

        assertThat(authentication.getName()).isEqualTo("id-7");
        assertThat(authorities(authentication)).isEmpty();
    }

    @Test
    void readsConfiguredClaimNames() {
        AbstractAuthenticationToken authentication = new ClaimsConverter(new AccessProperties.Jwt("upn", "groups"))
                .convert(token().claim("upn", "bob@example.com").claim("groups", List.of("ADMIN"))
                        .claim("roles", List.of("REVIEWER")).claim("preferred_username", "ignored").build());

        assertThat(authentication.getName()).isEqualTo("bob@example.com");
        assertThat(authorities(authentication)).containsExactly("ROLE_ADMIN");
    }
}
