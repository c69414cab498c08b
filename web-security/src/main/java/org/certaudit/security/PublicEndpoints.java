package org.certaudit.security;

/**
 * What either side serves without sign-in, on purpose: the index at {@code /}, health (for
 * probes; no details), info, the API documentation and the error page. The Prometheus metrics
 * name the database server, database, collections and install path, so they need the
 * {@value #METRICS_ROLE} role (or ADMIN): give the scraper its own user.
 */
public final class PublicEndpoints {

    public static final String[] PATHS = {"/", "/actuator/health", "/actuator/health/**", "/actuator/info",
            "/swagger-ui.html", "/swagger-ui/**", "/v3/api-docs", "/v3/api-docs/**", "/error"};
    public static final String METRICS = "/actuator/prometheus";
    public static final String METRICS_ROLE = "METRICS";

    private PublicEndpoints() {
    }
}
