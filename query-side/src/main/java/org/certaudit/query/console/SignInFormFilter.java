package org.certaudit.query.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.certaudit.web.ConsoleRefusalPage;
import org.certaudit.web.ProblemFormat;
import org.certaudit.web.RuleCode;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The sign-in form's fields each once: a {@code POST /console/login} that gives {@code username} or {@code password}
 * more than once (in the body, the query or both) is answered 400 {@code field.duplicate} naming the field, and signs
 * nobody in. Spring Security reads the first of each ({@code getParameter}), which is not what was meant, as a
 * repeated parameter is refused everywhere else (RFC 3986 3.4 leaves its meaning to the application; certaudit refuses
 * it). It looks at the path as Spring's sign-in filter does, decoded ({@code /console/%6Cogin} is the sign-in too, and
 * the firewall lets an encoded letter through). It runs ahead of Spring's sign-in filter and after the CSRF check, so
 * a post without the session's token is still answered as such. A browser sees the console's refusal page, a program
 * the problem.
 */
final class SignInFormFilter extends OncePerRequestFilter {

    /** The form's fields, as Spring Security's form login reads them. */
    static final List<String> FIELDS = List.of("username", "password");

    private final ObjectMapper json;

    SignInFormFilter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        // The decoded path, as Spring's sign-in filter matches it: a POST to /console/%6Cogin signs in too.
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        return !"POST".equals(request.getMethod()) || !path.equals(ConsoleSecurityConfiguration.LOGIN_PAGE);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        for (String field : FIELDS) {
            String[] values = request.getParameterValues(field);
            if (values != null && values.length > 1) {
                String message = "is given " + values.length + " times; send it once";
                if (ConsoleRefusalPage.isFor(request)) {
                    ConsoleRefusalPage.write(response, HttpServletResponse.SC_BAD_REQUEST, field, message,
                            RuleCode.FIELD_DUPLICATE.code());
                } else {
                    ProblemFormat.write(json, request, response,
                            ProblemFormat.invalid(field, message, RuleCode.FIELD_DUPLICATE.with()));
                }
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
