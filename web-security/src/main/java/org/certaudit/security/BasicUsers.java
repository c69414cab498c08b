package org.certaudit.security;

import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/** The HTTP Basic users of {@code certaudit.security.users}, checked when the application starts. */
public final class BasicUsers {

    private static final Logger log = LoggerFactory.getLogger(BasicUsers.class);

    private BasicUsers() {
    }

    /**
     * The users as configured; refuses a user without a name or password and a password that does not
     * name its encoding, and warns about {@code {noop}} passwords and about having no users at all.
     */
    public static UserDetailsService from(AccessProperties access) {
        InMemoryUserDetailsManager manager = new InMemoryUserDetailsManager();
        for (AccessProperties.User user : access.users()) {
            if (user.name() == null || user.name().isBlank() || user.password() == null || user.password().isBlank()) {
                throw new IllegalStateException("certaudit.security.users: every user needs a name and a password");
            }
            if (!user.password().startsWith("{")) {
                throw new IllegalStateException("certaudit.security.users: the password of '" + user.name()
                        + "' must name its encoding, e.g. {bcrypt}$2a$10$... (or {noop}secret for local use)");
            }
            manager.createUser(User.withUsername(user.name())
                    .password(user.password())
                    .passwordEncoder(password -> password)
                    .roles(user.roles().stream().map(role -> role.toUpperCase(Locale.ROOT)).toArray(String[]::new))
                    .build());
        }
        List<String> plain = access.users().stream()
                .filter(u -> u.password().startsWith("{noop}"))
                .map(AccessProperties.User::name)
                .toList();
        if (!plain.isEmpty()) {
            log.warn("HTTP Basic users {} have plain-text demo passwords: for local use only. In production give "
                    + "{bcrypt} passwords or set certaudit.security.mode=jwt.", plain);
        }
        if (access.users().isEmpty()) {
            log.warn("no certaudit.security.users configured: every API call will be refused with 401 "
                    + "(run with --spring.profiles.active=local for the demo users)");
        }
        // Only the lookup, not the manager itself: a UserDetailsPasswordService would have Spring
        // "upgrade" each {noop} password to bcrypt at first sign-in, and then every HTTP Basic
        // request pays a bcrypt check. Stored passwords stay exactly as configured.
        return manager::loadUserByUsername;
    }
}
