package org.certaudit.command.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import org.certaudit.command.web.IdempotencyFilter;
import org.certaudit.command.web.IdempotencyStore;
import org.certaudit.command.web.Problems;
import org.certaudit.security.AccessProperties;
import org.certaudit.security.PublicEndpoints;
import org.certaudit.security.Refusals;
import org.certaudit.security.SignIn;
import org.certaudit.web.MethodRefusals;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Who may call what. The URL rules decide by role: ADMIN opens (reschedules and cancels) audits and manages teams, an
 * AUDITOR may act on audits, a REVIEWER reviews, a DECIDER decides and restores certificates,
 * REGULATOR changes nothing. Which audit an auditor may act on, and whether as its leader, and
 * whether a reviewer or decider took part in an audit, the project decides from the audit's team
 * (matched by user name, regardless of case and width as {@link org.certaudit.audit.UserNames} compares them: HTTP
 * Basic signs {@code AUDITOR} in as {@code auditor}).
 * How callers sign in is shared with the query side (module web-security).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /**
     * No observations of Spring Security's filters, authentications and authorizations: their wrappers around
     * every filter of every request were most of the Micrometer share of a command's CPU, and nothing reads
     * their timers (benchmark/README.md, "command side, session 4"). HTTP server and command metrics stay.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, AccessProperties access, IdempotencyStore idempotency,
                            ObjectMapper objectMapper, MethodRefusals methods,
                            @Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> handlers)
            throws Exception {
        // Like every problem of this API: the request's path as instance, and its requestId.
        Refusals refusals = new Refusals(objectMapper, (request, problem) -> {
            problem.setInstance(URI.create(request.getRequestURI()));
            Problems.withRequestId(problem);
        });
        AuthenticationEntryPoint unauthorized = refusals.unauthorized(access.mode(), "sign in first: "
                + (access.mode() == AccessProperties.Mode.JWT ? "send a bearer token" : "HTTP Basic"));
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(PublicEndpoints.PATHS).permitAll()
                        .requestMatchers(PublicEndpoints.METRICS).hasAnyRole(PublicEndpoints.METRICS_ROLE, Roles.ADMIN)
                        .requestMatchers(HttpMethod.POST, "/api/audits").hasRole(Roles.ADMIN)
                        .requestMatchers(HttpMethod.POST, "/api/audits/*/team").hasRole(Roles.ADMIN)
                        .requestMatchers(HttpMethod.DELETE, "/api/audits/*/team/*").hasRole(Roles.ADMIN)
                        .requestMatchers(HttpMethod.PUT, "/api/audits/*/on-site").hasRole(Roles.ADMIN)
                        .requestMatchers(HttpMethod.POST, "/api/audits/*/cancellation").hasRole(Roles.ADMIN)
                        .requestMatchers(HttpMethod.POST, "/api/audits/*/review").hasRole(Roles.REVIEWER)
                        .requestMatchers(HttpMethod.POST, "/api/audits/*/decision").hasRole(Roles.DECIDER)
                        .requestMatchers(HttpMethod.POST, "/api/projects/*/certificate/restoration")
                        .hasRole(Roles.DECIDER)
                        // Only the API's own paths: any other is a 404 for everyone signed in, not a refusal of a role.
                        .requestMatchers(new KnownEndpoints(handlers, "/api/")).hasRole(Roles.AUDITOR)
                        .anyRequest().authenticated())
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(refusals.forbiddenUnlessNotTaken(methods, request -> "user '"
                                + (request.getUserPrincipal() == null ? "?" : request.getUserPrincipal().getName())
                                + "' may not " + request.getMethod() + " " + request.getRequestURI()
                                + ": ADMIN opens, reschedules and cancels audits and manages teams, team members (AUDITOR) act on their audits, "
                                + "REVIEWER reviews, DECIDER decides and restores certificates, REGULATOR changes nothing")))
                .addFilterAfter(new IdempotencyFilter(idempotency, objectMapper), AuthorizationFilter.class);
        return SignIn.apply(http, access, unauthorized).build();
    }
}
