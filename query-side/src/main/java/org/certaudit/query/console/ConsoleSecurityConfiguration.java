package org.certaudit.query.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.certaudit.query.SecurityConfiguration;
import org.certaudit.security.AccessProperties;
import org.certaudit.security.Refusals;
import org.certaudit.web.ConsoleRefusalPage;
import org.certaudit.web.ProblemFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.oauth2.core.user.OAuth2UserAuthority;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.savedrequest.HttpSessionRequestCache;
import org.springframework.security.web.savedrequest.SavedRequest;

/**
 * How people sign in to the console: once, with a session. The session cookie is HttpOnly and
 * SameSite=Lax, every change carries the session's CSRF token, and no credential ever reaches the
 * browser's storage. In mode {@code basic} a sign-in form checks the configured users; in mode
 * {@code jwt} the console signs users in through the OpenID Connect provider registered under
 * {@code spring.security.oauth2.client.registration.*} (roles from the claim
 * {@code certaudit.security.jwt.roles-claim}). The API's own chain stays stateless for API clients.
 *
 * <p>The session keeps, on the server only, what the {@link CommandRelay} needs to act on the
 * command side as this user: the password given at sign-in (basic) or the provider's access token
 * (jwt). Reads of {@code GET /api/**} from a signed-in browser go through this chain too, so that the
 * console's scripts read the same API as every other client.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConsoleProperties.class)
class ConsoleSecurityConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ConsoleSecurityConfiguration.class);

    static final String LOGIN_PAGE = "/console/login";
    static final String LOGOUT = "/console/logout";
    static final String VERIFY_REPORT = "/console/verify/report";
    static final String VERIFY_CERTIFICATE = "/console/verify/certificate";
    /** Where a browser is forwarded for a console page its user's roles do not open ({@link #refused}). */
    static final String REFUSED = "/console/refused";

    @Bean
    @Order(1)
    SecurityFilterChain console(HttpSecurity http, AccessProperties access,
                                ObjectProvider<UserDetailsService> users,
                                ObjectProvider<ClientRegistrationRepository> registrations, ObjectMapper objectMapper)
            throws Exception {
        Refusals refusals = new Refusals(objectMapper, (request, problem) -> ProblemFormat.normalize(problem));
        http.securityMatcher(ConsoleSecurityConfiguration::isConsoleRequest)
                .authorizeHttpRequests(requests -> requests
                        // The page saying why a page was refused, reached only by the refusal's own forward.
                        .requestMatchers(request -> request.getDispatcherType() == DispatcherType.FORWARD
                                && request.getRequestURI().equals(REFUSED)).permitAll()
                        .requestMatchers(request -> request.getRequestURI().startsWith("/console/assets/")
                                || request.getRequestURI().equals(LOGIN_PAGE)).permitAll()
                        // A report's QR code leads here: whoever holds the report may check it, signed in or not.
                        // So does a certificate's number: the register's status of a certificate is public.
                        .requestMatchers(request -> (request.getRequestURI().equals(VERIFY_REPORT)
                                || request.getRequestURI().equals(VERIFY_CERTIFICATE))
                                && ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))).permitAll()
                        .requestMatchers(request -> request.getRequestURI().startsWith("/api/admin/")).hasRole("ADMIN")
                        // The API chain's rules for the same reads, made with the session instead of credentials.
                        .requestMatchers(request -> request.getRequestURI().equals("/api/decisions"))
                        .hasAnyRole(SecurityConfiguration.DECISION_EXPORTERS)
                        .anyRequest().hasAnyRole(SecurityConfiguration.READERS))
                // A change without the session's CSRF token is a problem the page can say in its words, and on the
                // relay (an API behind the console) whatever Accept says; a browser's sign-in or sign-out from a page
                // whose session ended goes back to the sign-in page; a role the request is not for is the console's page
                // saying so for a browser, else the API's problem (permission.role).
                .exceptionHandling(exceptions -> exceptions.accessDeniedHandler(
                        refusals.csrfOr(CommandRelay::isRelayed, (request, response, e) ->
                                staleForm(request, response, e, refused(refusals)))))
                .logout(logout -> logout.logoutUrl(LOGOUT).logoutSuccessUrl(LOGIN_PAGE + "?logout"));
        ClientRegistrationRepository oidc = registrations.getIfAvailable();
        if (access.mode() == AccessProperties.Mode.JWT && oidc != null) {
            http.oauth2Login(login -> login.successHandler(relativeSavedRequest())
                    .userInfoEndpoint(info -> info.userAuthoritiesMapper(rolesFromClaim(access.jwt().rolesClaim()))));
            if (oidc instanceof Iterable<?> all) {
                List<ClientRegistration> providers = new ArrayList<>();
                all.forEach(registration -> providers.add((ClientRegistration) registration));
                if (providers.size() == 1) {
                    // Spring's own entry point for the one provider, as a path rather than built from the Host header.
                    LoginUrlAuthenticationEntryPoint signIn = new LoginUrlAuthenticationEntryPoint(
                            "/oauth2/authorization/" + providers.get(0).getRegistrationId());
                    signIn.setFavorRelativeUris(true);
                    http.exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(signIn));
                }
            }
        } else {
            if (access.mode() == AccessProperties.Mode.JWT) {
                log.warn("certaudit.security.mode=jwt without spring.security.oauth2.client.registration.*: nobody can "
                        + "sign in to the console (/console); register the query side with the OpenID Connect provider");
            }
            UserDetailsService userDetails = users.getIfAvailable();
            if (userDetails != null) {
                DaoAuthenticationProvider provider = new DaoAuthenticationProvider(userDetails);
                provider.setPasswordEncoder(PasswordEncoderFactories.createDelegatingPasswordEncoder());
                ProviderManager manager = new ProviderManager(provider);
                // The relay signs in to the command side as this user; the session (server memory only) keeps it.
                manager.setEraseCredentialsAfterAuthentication(false);
                http.authenticationManager(manager);
            }
            // The sign-in page as a path: Spring's entry point otherwise builds an absolute URL from the Host header.
            LoginUrlAuthenticationEntryPoint signIn = new LoginUrlAuthenticationEntryPoint(LOGIN_PAGE);
            signIn.setFavorRelativeUris(true);
            http.formLogin(form -> form.loginPage(LOGIN_PAGE).defaultSuccessUrl("/console", false)
                            .successHandler(relativeSavedRequest()).permitAll())
                    .addFilterBefore(new SignInFormFilter(objectMapper), UsernamePasswordAuthenticationFilter.class)
                    .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(signIn));
        }
        return http.build();
    }

    /**
     * The console's pages, its assets and sign-in, and API reads made by a browser that holds a console
     * session and sends no credentials of its own (an API client sending HTTP Basic or a bearer token
     * keeps the stateless chain and its 401 problems).
     */
    static boolean isConsoleRequest(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (path.equals("/") || path.equals("/console") || path.startsWith("/console/")
                || path.startsWith("/oauth2/") || path.startsWith("/login/oauth2/")) {
            return true;
        }
        return path.startsWith("/api/") && ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))
                && request.getHeader(HttpHeaders.AUTHORIZATION) == null
                && request.getRequestedSessionId() != null;
    }

    /**
     * A browser's form post refused for its CSRF token: the sign-in or sign-out form of a page loaded in a session that
     * has ended since (the server restarted, the session timed out, another tab signed in). The sign-in form goes back
     * to the sign-in page saying the page had expired ({@code ?expired}); the sign-out form signs out whatever session
     * the request still has and goes to the sign-in page as signed out: a person who pressed sign-out on a shared
     * terminal must not walk away signed in. (A cross-site post cannot do this to someone: the session cookie is
     * SameSite=Lax, so such a post comes without the session.) Any other refusal goes to {@code otherwise}.
     */
    private static void staleForm(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e,
                                  AccessDeniedHandler otherwise) throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (e instanceof CsrfException && "POST".equals(request.getMethod())
                && (path.equals(LOGIN_PAGE) || path.equals(LOGOUT))) {
            if (path.equals(LOGOUT)) {
                new SecurityContextLogoutHandler().logout(request, response,
                        SecurityContextHolder.getContext().getAuthentication());
            }
            response.sendRedirect(request.getContextPath() + LOGIN_PAGE + (path.equals(LOGOUT) ? "?logout" : "?expired"));
            return;
        }
        otherwise.handle(request, response, e);
    }

    /**
     * A signed-in user whose roles the request is not for: the metrics scraper's user (role METRICS), or a provider's
     * token without a role of the console, signs in but reads nothing. A browser asking for a console page is forwarded
     * with a 403 to {@link #REFUSED}, the console's page saying the rule in the page's language with the bar's
     * sign-out ({@code ConsoleController.refused}), where Spring's error page answered JSON without a rule; any other
     * request (a page's script reading the API with the session, the relay) gets the API's 403 problem, rule
     * {@code permission.role} with the user, their roles, the method and the path.
     */
    private static AccessDeniedHandler refused(Refusals refusals) {
        AccessDeniedHandlerImpl page = new AccessDeniedHandlerImpl();
        page.setErrorPage(REFUSED);
        AccessDeniedHandler problem = refusals.forbidden(request -> (request.getUserPrincipal() == null
                ? "this user" : request.getUserPrincipal().getName()) + " may not " + request.getMethod() + " "
                + request.getRequestURI() + " (the console and its reads need a role other than METRICS, the admin"
                + " endpoints ADMIN, the decisions export REGULATOR or ADMIN)");
        return (request, response, e) -> {
            if (e instanceof CsrfException) {
                // A browser's form without its token, other than sign-in and sign-out: no role is at fault.
                new AccessDeniedHandlerImpl().handle(request, response, e);
            } else if (ConsoleRefusalPage.isFor(request)) {
                page.handle(request, response, e);
            } else {
                problem.handle(request, response, e);
            }
        };
    }

    /**
     * After sign-in, back to the page asked for, by its path: the saved request's own URL is absolute, built from the
     * Host header of the request that was sent to sign in.
     */
    private static AuthenticationSuccessHandler relativeSavedRequest() {
        HttpSessionRequestCache cache = new HttpSessionRequestCache();
        SimpleUrlAuthenticationSuccessHandler toConsole = new SimpleUrlAuthenticationSuccessHandler("/console");
        return (request, response, authentication) -> {
            SavedRequest saved = cache.getRequest(request, response);
            if (saved != null) {
                // Spring's own target (with its ?continue marker), less the scheme and the host.
                java.net.URI target = java.net.URI.create(saved.getRedirectUrl());
                response.sendRedirect(target.getRawPath() + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()));
                return;
            }
            toConsole.onAuthenticationSuccess(request, response, authentication);
        };
    }

    /** The provider's roles claim as {@code ROLE_<ROLE>}, as the API's bearer tokens are read. */
    private static GrantedAuthoritiesMapper rolesFromClaim(String rolesClaim) {
        return authorities -> {
            List<GrantedAuthority> mapped = new ArrayList<>(authorities);
            for (GrantedAuthority authority : authorities) {
                Object roles = authority instanceof OidcUserAuthority oidc
                        ? oidc.getIdToken().getClaims().getOrDefault(rolesClaim, oidc.getAttributes().get(rolesClaim))
                        : authority instanceof OAuth2UserAuthority user ? user.getAttributes().get(rolesClaim) : null;
                if (roles instanceof Collection<?> list) {
                    list.forEach(role -> mapped.add(new SimpleGrantedAuthority(
                            "ROLE_" + String.valueOf(role).toUpperCase(Locale.ROOT))));
                }
            }
            return mapped;
        };
    }
}
