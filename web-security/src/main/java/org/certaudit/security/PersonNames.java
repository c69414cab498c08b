package org.certaudit.security;

import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.oidc.StandardClaimNames;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * The display names of the certification body's people by user name, as both applications read them: a bearer token's
 * OIDC {@code name} claim when it has one, else {@code certaudit.people.<user name>=<name>}. The command side records the
 * name of whoever acts with each event (ISO/IEC 17065 7.5 and 7.6 have a review's and a decision's records identify the
 * person), so a later change to the configuration renames nobody in the record; the query side falls back to the
 * configuration only for events recorded before names were kept. A blank name counts as none.
 */
public final class PersonNames {

    /** The configuration prefix of the names by user name. */
    public static final String PROPERTY = "certaudit.people";

    private final Map<String, String> configured;

    public PersonNames(Map<String, String> configured) {
        this.configured = Map.copyOf(configured);
    }

    /** The names {@code certaudit.people} configures in {@code environment} (none when it has none). */
    public static PersonNames from(Environment environment) {
        return new PersonNames(Binder.get(environment)
                .bind(PROPERTY, Bindable.mapOf(String.class, String.class)).orElse(Map.of()));
    }

    /** The name configured for {@code user}; null for none, a blank one or a null user. */
    public String configured(String user) {
        return user == null ? null : nonBlank(configured.get(user));
    }

    /**
     * The name of who signed in: a JWT's {@code name} claim when present and not blank, else the configured name of the
     * authenticated user name; null when neither gives one.
     */
    public String of(Authentication authentication) {
        if (authentication == null) {
            return null;
        }
        if (authentication instanceof JwtAuthenticationToken jwt) {
            String claimed = nonBlank(jwt.getToken().getClaimAsString(StandardClaimNames.NAME));
            if (claimed != null) {
                return claimed;
            }
        }
        return configured(authentication.getName());
    }

    private static String nonBlank(String name) {
        return name == null || name.isBlank() ? null : name.strip();
    }
}
