package org.certaudit.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * HTTP Basic with the demo users of the local run ({@code <name>-pass}). Every signed-in user may
 * read; only ADMIN may rebuild read models. Health, info, metrics and the API docs are open so
 * that probes and scrapers need no password.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain api(HttpSecurity http, ObjectMapper objectMapper) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"certaudit\"");
            problem(objectMapper, response, HttpStatus.UNAUTHORIZED, "sign in with HTTP Basic to read audits");
        };
        AccessDeniedHandler forbidden = (request, response, e) -> problem(objectMapper, response, HttpStatus.FORBIDDEN,
                (request.getUserPrincipal() == null ? "this user" : request.getUserPrincipal().getName()) + " may not "
                        + request.getMethod() + " " + request.getRequestURI() + " (rebuilds need ADMIN; the API only reads)");
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health/**", "/actuator/info", "/actuator/prometheus").permitAll()
                        .requestMatchers("/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html").permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/api/admin/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/**").authenticated()
                        .anyRequest().denyAll())
                .httpBasic(basic -> basic.authenticationEntryPoint(unauthorized))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                // Stateless Basic authentication: no session cookie, so nothing for CSRF to ride on.
                .csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .build();
    }

    /**
     * BCrypt at the lowest cost: Basic authentication checks the password on every request, and at
     * the default cost that alone takes a tenth of a second on a small machine. These are demo
     * passwords of the local run, known to everyone; a real deployment puts users elsewhere.
     */
    @Bean
    PasswordEncoder passwordEncoder() {
        return new BCryptPasswordEncoder(4);
    }

    @Bean
    UserDetailsService demoUsers(PasswordEncoder encoder) {
        return new InMemoryUserDetailsManager(
                user(encoder, "leader", "AUDITOR"),
                user(encoder, "auditor", "AUDITOR"),
                user(encoder, "reviewer", "REVIEWER"),
                user(encoder, "regulator", "REGULATOR"),
                user(encoder, "admin", "ADMIN"));
    }

    /** Security's refusals as RFC 9457 problems, like every other refusal of the API. */
    private static void problem(ObjectMapper objectMapper, HttpServletResponse response, HttpStatus status, String detail)
            throws IOException {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        objectMapper.writeValue(response.getOutputStream(), problem);
    }

    private static UserDetails user(PasswordEncoder encoder, String name,
                                                                                   String role) {
        return User.withUsername(name).password(encoder.encode(name + "-pass")).roles(role).build();
    }
}
