package org.certaudit.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.certaudit.security.AccessProperties;
import org.certaudit.security.PublicEndpoints;
import org.certaudit.security.Refusals;
import org.certaudit.security.SignIn;
import org.certaudit.web.MethodRefusals;
import org.certaudit.web.ProblemFormat;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may read what. Callers sign in as on the command side and with the same properties (module
 * web-security). Every signed-in user may read; only ADMIN may use the admin endpoints (processor
 * status, rebuilds); the regulator's export of decisions is for REGULATOR and ADMIN; one certificate
 * (as printed) is readable without signing in. What else is open without sign-in, and why the metrics
 * are not, is {@link PublicEndpoints}.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    /**
     * The roles that read audits, projects and the ledger's evidence (the API's {@code GET}s and the console):
     * everyone of the audit's world, not the metrics scraper ({@value PublicEndpoints#METRICS_ROLE}), which sees
     * the metrics only. The console's chain applies the same rules to a signed-in browser's reads.
     */
    public static final String[] READERS = {"ADMIN", "AUDITOR", "REVIEWER", "DECIDER", "REGULATOR"};
    /** The roles that may export the certification decisions ({@code GET /api/decisions}). */
    public static final String[] DECISION_EXPORTERS = {"REGULATOR", "ADMIN"};

    /**
     * No observations of Spring Security's filters, authentications and authorizations, as on the command side:
     * their wrappers run around every filter of every request (each scorecard poll included) and nothing reads
     * their timers (benchmark/README.md, "query side, session 5"). HTTP server metrics stay.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, AccessProperties access, ObjectMapper objectMapper, MethodRefusals methods)
            throws Exception {
        Refusals refusals = new Refusals(objectMapper, (request, problem) -> ProblemFormat.normalize(problem));
        AuthenticationEntryPoint unauthorized = refusals.unauthorized(access.mode(),
                access.mode() == AccessProperties.Mode.JWT
                        ? "send a valid bearer token to read audits" : "sign in with HTTP Basic to read audits");
        http
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers(PublicEndpoints.PATHS).permitAll()
                            .requestMatchers(PublicEndpoints.METRICS).hasAnyRole(PublicEndpoints.METRICS_ROLE, "ADMIN")
                            .requestMatchers("/api/admin/**").hasRole("ADMIN");
                    // HEAD is let through wherever GET is, by the same rules (RFC 9110 9.3.2); the scorecard's stream
                    // answers it 405 (ScorecardController).
                    for (HttpMethod read : List.of(HttpMethod.GET, HttpMethod.HEAD)) {
                        // The log's key and tree heads are public, as a transparency log's are: anyone may check a signature.
                        requests.requestMatchers(read, "/api/ledger/public-key", "/api/ledger/tree-heads",
                                        "/api/ledger/tree-heads/latest").permitAll()
                                // A certificate is public: its holder's customers check it by number.
                                .requestMatchers(read, "/api/certificates/*").permitAll()
                                .requestMatchers(read, "/api/decisions").hasAnyRole(DECISION_EXPORTERS)
                                .requestMatchers(read, "/api/**").hasAnyRole(READERS);
                    }
                    requests.anyRequest().denyAll();
                })
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(unauthorized)
                        .accessDeniedHandler(refusals.forbiddenUnlessNotTaken(methods, request -> (request.getUserPrincipal() == null
                                ? "this user" : request.getUserPrincipal().getName()) + " may not "
                                + request.getMethod() + " " + request.getRequestURI()
                                + " (the admin endpoints need ADMIN, the decisions export REGULATOR or ADMIN, reads a role other than"
                                + " METRICS; the API only reads)")))
                // Stateless authentication on every request: no session cookie, so nothing for CSRF to ride on.
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        return SignIn.apply(http, access, unauthorized).build();
    }
}
