package org.certaudit.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.certaudit.web.AcceptHeader;
import org.certaudit.web.MethodRefusals;
import org.certaudit.web.ProblemFormat;
import org.certaudit.web.RuleCode;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.csrf.CsrfToken;

/**
 * Security's refusals as RFC 9457 problems, like every other refusal of the API: security answers
 * in a filter, before any controller advice can. Each application words the {@code detail} itself.
 */
public final class Refusals {

    public static final URI UNAUTHORIZED = ProblemFormat.type(ProblemFormat.UNAUTHORIZED);
    public static final URI FORBIDDEN = ProblemFormat.type(ProblemFormat.FORBIDDEN);

    private final ObjectMapper json;
    private final BiConsumer<HttpServletRequest, ProblemDetail> finish;

    /** Refusals with type, status and detail only. */
    public Refusals(ObjectMapper json) {
        this(json, (request, problem) -> { });
    }

    /** @param finish adds what the application puts in all its problems (an {@code instance}, a request id) */
    public Refusals(ObjectMapper json, BiConsumer<HttpServletRequest, ProblemDetail> finish) {
        this.json = json;
        this.finish = finish;
    }

    /** 401 with the {@code WWW-Authenticate} challenge of the mode: Basic with realm "certaudit", or Bearer. */
    public AuthenticationEntryPoint unauthorized(AccessProperties.Mode mode, String detail) {
        String challenge = mode == AccessProperties.Mode.JWT ? "Bearer" : "Basic realm=\"certaudit\"";
        return (request, response, e) -> {
            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, challenge);
            write(request, response, HttpStatus.UNAUTHORIZED, UNAUTHORIZED, detail);
        };
    }

    /**
     * 403 for a role that may not make the request, with a detail that may name the user and the request, and the rule
     * {@code permission.role} with the user, their roles, the method and the path as its arguments.
     */
    public AccessDeniedHandler forbidden(Function<HttpServletRequest, String> detail) {
        return (request, response, e) -> {
            String message = detail.apply(request);
            Authentication user = SecurityContextHolder.getContext().getAuthentication();
            List<String> roles = user == null ? List.of() : user.getAuthorities().stream()
                    .map(GrantedAuthority::getAuthority).filter(authority -> authority.startsWith("ROLE_"))
                    .map(authority -> authority.substring("ROLE_".length())).sorted().toList();
            ProblemDetail problem = problem(request, HttpStatus.FORBIDDEN, FORBIDDEN, message);
            problem.setProperty("errors", List.of(ProblemFormat.fieldError(null, message, RuleCode.PERMISSION_ROLE.with(
                    "user", user == null ? null : user.getName(), "roles", roles, "method", request.getMethod(),
                    "path", request.getRequestURI()))));
            ProblemFormat.write(json, request, response, problem);
        };
    }

    /**
     * {@link #forbidden}, except for a method the path does not take at all, which is the 405 the dispatcher would give
     * ({@link MethodRefusals}) whatever the user's roles: a role that may not {@code PATCH} a score was told so, where no
     * role may, and another user got the 405.
     */
    public AccessDeniedHandler forbiddenUnlessNotTaken(MethodRefusals methods, Function<HttpServletRequest, String> detail) {
        AccessDeniedHandler forbidden = forbidden(detail);
        return (request, response, e) -> {
            if (methods.notTaken(request)) {
                methods.write(request, response);
                return;
            }
            forbidden.handle(request, response, e);
        };
    }

    /**
     * A change a script sends with a session without the session's CSRF token, or with another one, as a 403 problem
     * naming the token's header ({@code X-CSRF-TOKEN} unless configured otherwise) and the rule
     * {@code request.csrf-token}. A script's change is one to an API path ({@code api}: the problem whatever
     * {@code Accept} says, as every API refusal is one) or one whose {@code Accept} does not name HTML
     * ({@link AcceptHeader#namesHtml}: curl's {@code *}{@code /*}, a JSON client's); every other refusal, and a
     * browser's form post to a page, goes to {@code otherwise}. Spring's {@code CsrfFilter} does not tell a missing
     * token from a wrong one, so neither does the problem.
     */
    public AccessDeniedHandler csrfOr(Predicate<HttpServletRequest> api, AccessDeniedHandler otherwise) {
        return (request, response, e) -> {
            boolean script = api.test(request) || !AcceptHeader.namesHtml(request);
            if (!(e instanceof CsrfException) || !script) {
                otherwise.handle(request, response, e);
                return;
            }
            String header = request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token
                    ? token.getHeaderName() : "X-CSRF-TOKEN";
            String detail = "a change made with a session needs the session's CSRF token in " + header
                    + ", and this request sent none or one that is not this session's (a page loaded before the session"
                    + " was renewed?): load the page again";
            ProblemDetail problem = problem(request, HttpStatus.FORBIDDEN, FORBIDDEN, detail);
            problem.setProperty("errors", List.of(ProblemFormat.fieldError(header, detail, RuleCode.REQUEST_CSRF_TOKEN.with())));
            ProblemFormat.write(json, request, response, problem);
        };
    }

    private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, URI type,
                       String detail) throws IOException {
        ProblemFormat.write(json, request, response, problem(request, status, type, detail));
    }

    private ProblemDetail problem(HttpServletRequest request, HttpStatus status, URI type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(status == HttpStatus.UNAUTHORIZED ? "Not signed in" : "Not allowed");
        finish.accept(request, problem);
        return problem;
    }
}
