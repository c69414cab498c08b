package org.certaudit.query;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code certaudit.security.*}, as on the command side: the HTTP Basic users with passwords in
 * Spring's {@code {id}} form ({@code {bcrypt}...}, or {@code {noop}...} for local demo users only)
 * and their roles (ADMIN, AUDITOR, REVIEWER, REGULATOR). Every user may read; ADMIN also rebuilds.
 */
@ConfigurationProperties("certaudit.security")
public record AccessProperties(@DefaultValue List<User> users) {

    /** One HTTP Basic user. */
    public record User(String name, String password, @DefaultValue List<String> roles) {
    }
}
