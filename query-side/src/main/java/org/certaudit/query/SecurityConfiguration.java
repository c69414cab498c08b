package org.certaudit.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * HTTP Basic with the users of {@code certaudit.security.users} (the demo users in the {@code local}
 * profile), or with {@code certaudit.security.mode=jwt} an OAuth2 resource server, as on the command
 * side and with the same properties. Every signed-in user may read; only ADMIN may use the admin
 * endpoints (processor status, rebuilds). Health, info, metrics and the API docs are open so that
 * probes and scrapers need no password.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AccessProperties.class)
class SecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    SecurityFilterChain api(HttpSecurity http, AccessProperties access, ObjectMapper objectMapper) throws Exception {
        boolean jwt = access.mode() == AccessProperties.Mode.JWT;
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, jwt ? "Bearer" : "Basic realm=\"certaudit\"");
            problem(objectMapper, response, HttpStatus.UNAUTHORIZED,
                    jwt ? "send a valid bearer token to read audits" : "sign in with HTTP Basic to read audits");
        };
        AccessDeniedHandler forbidden = (request, response, e) -> problem(objectMapper, response, HttpStatus.FORBIDDEN,
                (request.getUserPrincipal() == null ? "this user" : request.getUserPrincipal().getName()) + " may not "
                        + request.getMethod() + " " + request.getRequestURI()
                        + " (the admin endpoints need ADMIN; the API only reads)");
        http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health/**", "/actuator/info", "/actuator/prometheus").permitAll()
                        .requestMatchers("/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html").permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/api/admin/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/**").authenticated()
                        .anyRequest().denyAll())
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                // Stateless authentication on every request: no session cookie, so nothing for CSRF to ride on.
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        if (jwt) {
            http.oauth2ResourceServer(server -> server
                    .jwt(token -> token.jwtAuthenticationConverter(new ClaimsConverter(access.jwt())))
                    .authenticationEntryPoint(unauthorized));
        } else {
            http.httpBasic(basic -> basic.authenticationEntryPoint(unauthorized));
        }
        return http.build();
    }

    @Bean
    @ConditionalOnProperty(name = "certaudit.security.mode", havingValue = "basic", matchIfMissing = true)
    UserDetailsService users(AccessProperties access) {
        InMemoryUserDetailsManager manager = new InMemoryUserDetailsManager();
        for (AccessProperties.User user : access.users()) {
            if (user.name() == null || user.name().isBlank() || user.password() == null || !user.password().startsWith("{")) {
                throw new IllegalStateException("certaudit.security.users: every user needs a name and a password that names "
                        + "its encoding, e.g. {bcrypt}$2a$10$... (or {noop}secret for local use)");
            }
            manager.createUser(User.withUsername(user.name())
                    .password(user.password())
                    .passwordEncoder(password -> password)
                    .roles(user.roles().stream().map(role -> role.toUpperCase(Locale.ROOT)).toArray(String[]::new))
                    .build());
        }
        List<String> plain = access.users().stream().filter(u -> u.password().startsWith("{noop}"))
                .map(AccessProperties.User::name).toList();
        if (!plain.isEmpty()) {
            log.warn("HTTP Basic users {} have plain-text demo passwords: for local use only", plain);
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

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    /** Security's refusals as RFC 9457 problems, like every other refusal of the API. */
    private static void problem(ObjectMapper objectMapper, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:certaudit:problem:" + (status == HttpStatus.UNAUTHORIZED ? "unauthorized" : "forbidden")));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        objectMapper.writeValue(response.getOutputStream(), problem);
    }

    /** Reads the user name and roles from the configured claims, exactly as the command side does. */
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
