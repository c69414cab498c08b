package org.certaudit.query;

import static org.springframework.security.config.Customizer.withDefaults;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * HTTP Basic with the demo users of the local run ({@code <name>-pass}). Every signed-in user may
 * read; only ADMIN may rebuild read models. Health, info, metrics and the API docs are open so
 * that probes and scrapers need no password.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health/**", "/actuator/info", "/actuator/prometheus").permitAll()
                        .requestMatchers("/v3/api-docs/**", "/swagger-ui/**", "/swagger-ui.html").permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers("/api/admin/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/**").authenticated()
                        .anyRequest().denyAll())
                .httpBasic(withDefaults())
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

    private static org.springframework.security.core.userdetails.UserDetails user(PasswordEncoder encoder, String name,
                                                                                   String role) {
        return User.withUsername(name).password(encoder.encode(name + "-pass")).roles(role).build();
    }
}
