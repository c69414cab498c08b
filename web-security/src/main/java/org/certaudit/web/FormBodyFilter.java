package org.certaudit.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.catalina.Globals;
import org.apache.tomcat.util.http.Parameters.FailReason;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Has Tomcat parse a form body ({@code application/x-www-form-urlencoded} on a {@code POST}, read into parameters
 * with the query's the first time anything asks for one) before anything else asks, and refuses one it could not
 * parse. Tomcat drops such a body without a word: every parameter reads as absent, and the failure is only noted in the
 * request attributes {@code org.apache.catalina.parameter_parse_failed} and {@code ..._reason} (a {@link FailReason};
 * {@link Globals}), which Tomcat's own {@code FailedRequestFilter} reads and Spring Boot does not install. So the
 * console's sign-in over the limit was refused for its CSRF token, and a handler took its parameters as not sent.
 * <ul>
 * <li>{@link FailReason#POST_TOO_LARGE}, a body over the connector's {@code maxPostSize}, set to the API's limit of
 * {@link StrictJsonHttpMessageConverter#MAX_BODY_BYTES} bytes ({@link WebProblemsAutoConfiguration}): a
 * {@code sendError(413)}, which the error page ({@link ProblemErrorController}) answers with the problem every body over
 * the limit gets ({@link ProblemFormat#bodyTooLarge(int)}: field {@code body}, rule {@code body.too-large}, argument
 * {@code limit} in bytes). A {@code Content-Length} over the limit is refused without reading the body (here: Tomcat
 * reads a length of 2 GiB or more as none, and would neither parse nor refuse the body), a chunked body once Tomcat has
 * read the limit.</li>
 * <li>{@link FailReason#URL_DECODING}, a {@code %} not followed by two hex digits: 400 naming {@code body} with
 * {@link RuleCode#FIELD_PERCENT_ENCODING} (RFC 3986 2.1), as {@link RequestLineFilter} names a query parameter.</li>
 * <li>Any other reason (a pair without a name, more parameters than the connector's {@code maxParameterCount}, a body
 * that ended before its {@code Content-Length}): 400 naming {@code body} with {@link RuleCode#BODY_MALFORMED_FORM}.</li>
 * </ul>
 * A browser's form posted to a console page (the sign-in form, the sign-out button) is answered with a page instead,
 * with the same status, field, rule and message ({@link ConsoleRefusalPage}), as a console page refused for its query
 * is by {@link RequestLineFilter}.
 *
 * <p>Runs after {@link RequestLineFilter}, which has refused a malformed query and any form body on an API path, and
 * before Spring Security, whose CSRF check reads its token from the parameters. Other requests are left alone: Tomcat
 * reads no other body into parameters (a multipart body is the dispatcher's, with the same limit), nor any body on
 * another method. Escapes that spell no UTF-8 are not refused: Tomcat decodes them as U+FFFD, and the raw body is gone
 * once it has parsed it.
 */
public class FormBodyFilter extends OncePerRequestFilter {

    private static final String NO_FORM = "could not be read as a form: name=value pairs separated by '&',"
            + " percent-encoded as UTF-8";

    private final ObjectMapper json;

    public FormBodyFilter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !isForm(request.getContentType());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // Tomcat compares its limit with the length as an int: one of 2 GiB or more it neither parses nor notes as a
        // failure, so the filter holds the announced length to the limit itself.
        if (request.getContentLengthLong() > StrictJsonHttpMessageConverter.MAX_BODY_BYTES) {
            tooLarge(request, response);
            return;
        }
        // Tomcat parses the query and the body once, on this first asking, in the request's charset (UTF-8: Boot's
        // encoding filter has set it).
        request.getParameterNames();
        if (request.getAttribute(Globals.PARAMETER_PARSE_FAILED_ATTR) == null) {
            chain.doFilter(request, response);
            return;
        }
        Object reason = request.getAttribute(Globals.PARAMETER_PARSE_FAILED_REASON_ATTR);
        if (reason == FailReason.POST_TOO_LARGE) {
            tooLarge(request, response);
            return;
        }
        RuleViolation rule = reason == FailReason.URL_DECODING ? RuleCode.FIELD_PERCENT_ENCODING.with()
                : RuleCode.BODY_MALFORMED_FORM.with();
        if (ConsoleRefusalPage.isFor(request)) {
            ConsoleRefusalPage.write(response, HttpServletResponse.SC_BAD_REQUEST, "body", message(reason), rule.code());
            return;
        }
        ProblemFormat.write(json, request, response, ProblemFormat.invalid("body", message(reason), rule));
    }

    private static void tooLarge(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (ConsoleRefusalPage.isFor(request)) {
            // The words of ProblemFormat.bodyTooLarge, which the error page answers with.
            ConsoleRefusalPage.write(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "body",
                    ProblemFormat.bodyTooLargeMessage(StrictJsonHttpMessageConverter.MAX_BODY_BYTES),
                    RuleCode.BODY_TOO_LARGE.code());
            return;
        }
        response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE);
    }

    private static String message(Object reason) {
        if (!(reason instanceof FailReason known)) {
            return NO_FORM;
        }
        return switch (known) {
            case URL_DECODING -> "is not correctly percent-encoded: every '%' starts two hex digits (send a literal %"
                    + " as %25)";
            case NO_NAME -> "has a pair without a name ('=value'); a form is name=value pairs separated by '&'";
            case TOO_MANY_PARAMETERS -> "holds more parameters than the server takes (the query's and the form's"
                    + " together)";
            case REQUEST_BODY_INCOMPLETE, CLIENT_DISCONNECT -> "ended before the Content-Length it declared (or the"
                    + " connection failed while it was read)";
            default -> NO_FORM;
        };
    }

    private static boolean isForm(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            return MediaType.APPLICATION_FORM_URLENCODED.equalsTypeAndSubtype(MediaType.parseMediaType(contentType));
        } catch (InvalidMediaTypeException unreadable) {
            // Tomcat reads no parameters from a body it cannot tell the type of either.
            return false;
        }
    }
}
