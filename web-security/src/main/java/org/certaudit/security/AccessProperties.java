package org.certaudit.security;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code certaudit.security.*}: how callers prove who they are. One definition for both applications,
 * so that one configuration file serves both.
 *
 * @param mode  {@code basic} (default): HTTP Basic against {@code users}; {@code jwt}: an OAuth2
 *              resource server validating bearer tokens per {@code spring.security.oauth2.resourceserver.jwt.*}
 * @param users the HTTP Basic users; passwords in Spring's {@code {id}} form ({@code {bcrypt}...},
 *              or {@code {noop}...} for local demo users only)
 * @param jwt   which token claims name the user and carry the roles
 */
@ConfigurationProperties("certaudit.security")
public record AccessProperties(
        @DefaultValue("basic") Mode mode,
        @DefaultValue List<User> users,
        @DefaultValue Jwt jwt) {

    public enum Mode { BASIC, JWT }

    /** One HTTP Basic user: name, password and roles (ADMIN, AUDITOR, REVIEWER, REGULATOR). */
    public record User(String name, String password, @DefaultValue List<String> roles) {
    }

    /**
     * @param userClaim  the claim holding the user name (the subject when the claim is absent)
     * @param rolesClaim the claim holding the list of roles
     */
    public record Jwt(@DefaultValue("preferred_username") String userClaim, @DefaultValue("roles") String rolesClaim) {
    }
}
