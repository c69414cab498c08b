package org.certaudit.command.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.certaudit.command.web.IdempotencyFilter;
import org.certaudit.command.web.IdempotencyStore;
import org.certaudit.command.web.Problems;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.core.convert.converter.Converter;

/**
 * Who may call what. The URL rules decide by role: ADMIN opens audits and manages teams, an
 * AUDITOR may act on audits, REVIEWER and REGULATOR change nothing. Which audit an auditor may
 * act on, and whether as its leader, the audit decides from its team (matched by user name).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccessProperties.class)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    SecurityFilterChain api(HttpSecurity http, AccessProperties access, IdempotencyStore idempotency,
                            ObjectMapper objectMapper) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health/**", "/actuator/info", "/actuator/prometheus").permitAll()
                        .requestMatchers("/swagger-ui.html", "/swagger-ui/**", "/v3/api-docs/**").permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/audits").hasRole(Roles.ADMIN)
                        .requestMatchers(HttpMethod.POST, "/api/audits/*/team").hasRole(Roles.ADMIN)
                        .requestMatchers(HttpMethod.DELETE, "/api/audits/*/team/*").hasRole(Roles.ADMIN)
                        .requestMatchers("/api/**").hasRole(Roles.AUDITOR)
                        .anyRequest().authenticated())
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(unauthorized(access.mode(), objectMapper))
                        .accessDeniedHandler(forbidden(objectMapper)))
                .addFilterAfter(new IdempotencyFilter(idempotency, objectMapper), AuthorizationFilter.class);
        if (access.mode() == AccessProperties.Mode.JWT) {
            http.oauth2ResourceServer(server -> server
                    .jwt(jwt -> jwt.jwtAuthenticationConverter(new ClaimsConverter(access.jwt())))
                    .authenticationEntryPoint(unauthorized(access.mode(), objectMapper)));
        } else {
            http.httpBasic(basic -> basic.authenticationEntryPoint(unauthorized(access.mode(), objectMapper)));
        }
        return http.build();
    }

    @Bean
    @ConditionalOnProperty(name = "certaudit.security.mode", havingValue = "basic", matchIfMissing = true)
    UserDetailsService users(AccessProperties access) {
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
                    .passwordEncoder(p -> p)
                    .roles(user.roles().stream().map(r -> r.toUpperCase(Locale.ROOT)).toArray(String[]::new))
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
            log.warn("no certaudit.security.users configured: every API call will be refused with 401");
        }
        // Only the lookup, not the manager itself: a UserDetailsPasswordService would have Spring
        // "upgrade" each {noop} password to bcrypt at first sign-in, and then every HTTP Basic
        // request pays a bcrypt check. Stored passwords stay exactly as configured.
        return manager::loadUserByUsername;
    }

    private static AuthenticationEntryPoint unauthorized(AccessProperties.Mode mode, ObjectMapper json) {
        return (request, response, e) -> {
            response.setHeader("WWW-Authenticate",
                    mode == AccessProperties.Mode.JWT ? "Bearer" : "Basic realm=\"certaudit\"");
            Problems.write(json, request, response, Problems.of(HttpStatus.UNAUTHORIZED, Problems.UNAUTHORIZED,
                    "sign in first: " + (mode == AccessProperties.Mode.JWT ? "send a bearer token" : "HTTP Basic")));
        };
    }

    private static AccessDeniedHandler forbidden(ObjectMapper json) {
        return (request, response, e) -> Problems.write(json, request, response, Problems.of(HttpStatus.FORBIDDEN,
                Problems.FORBIDDEN, "user '" + (request.getUserPrincipal() == null ? "?" : request.getUserPrincipal().getName())
                        + "' may not " + request.getMethod() + " " + request.getRequestURI()
                        + ": ADMIN opens audits and manages teams, team members (AUDITOR) act on their audits, "
                        + "REVIEWER and REGULATOR change nothing"));
    }

    /** Reads the user name and roles from the configured claims. */
    static final class ClaimsConverter implements Converter<Jwt, AbstractAuthenticationToken> {

        private final AccessProperties.Jwt claims;

        ClaimsConverter(AccessProperties.Jwt claims) {
            this.claims = claims;
        }

        @Override
        public AbstractAuthenticationToken convert(Jwt jwt) {
            Object roles = jwt.getClaims().get(claims.rolesClaim());
            List<GrantedAuthority> authorities = roles instanceof Collection<?> list
                    ? list.stream().map(r -> (GrantedAuthority) new SimpleGrantedAuthority(
                            "ROLE_" + String.valueOf(r).toUpperCase(Locale.ROOT))).toList()
                    : List.of();
            String user = jwt.getClaimAsString(claims.userClaim());
            return new JwtAuthenticationToken(jwt, authorities, user != null ? user : jwt.getSubject());
        }
    }
}
