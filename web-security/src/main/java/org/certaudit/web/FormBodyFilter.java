package org.certaudit.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads a form body ({@code application/x-www-form-urlencoded} on a {@code POST}) before anything else asks for a
 * parameter, strictly, and refuses one it cannot read; the request goes on with the query's parameters and the form's
 * as read here. Tomcat would read such a body into parameters itself, the first time anything asks for one, and
 * leniently: a body it cannot parse is dropped without a word (every parameter reads as absent; the failure only noted in
 * request attributes that Spring Boot reads nowhere), an escape spelling no UTF-8 ({@code %FF}) becomes U+FFFD, and a
 * control character passes. So the console's sign-in over the limit was refused for its CSRF token, and a handler took
 * its parameters as not sent, or as text no JSON body may hold.
 * <ul>
 * <li>A body over {@link StrictJsonHttpMessageConverter#MAX_BODY_BYTES} bytes, the API's one limit: a
 * {@code sendError(413)}, which the error page ({@link ProblemErrorController}) answers with the problem every body over
 * the limit gets ({@link ProblemFormat#bodyTooLarge(int)}: field {@code body}, rule {@code body.too-large}, argument
 * {@code limit} in bytes). A {@code Content-Length} over the limit is refused without reading the body, a chunked body
 * once the limit is read.</li>
 * <li>A value or name that is not correctly percent-encoded UTF-8 ({@code %zz}, {@code %FF}): 400 naming the parameter
 * with {@link RuleCode#FIELD_PERCENT_ENCODING} (RFC 3986 2.1, 2.5); one holding a character {@link TextRules} refuses
 * (a control character, an unpaired surrogate, a noncharacter): 400 naming it with
 * {@link RuleCode#FIELD_TEXT_CHARACTERS}, the rule of JSON text. As {@link RequestLineFilter} names a query
 * parameter, with the same reading ({@link PercentDecoding}).</li>
 * <li>A pair without a name, more parameters than the connector's {@code maxParameterCount} (the query's and the form's
 * together, as Tomcat counts them), a body that ended before its {@code Content-Length}: 400 naming {@code body} with
 * {@link RuleCode#BODY_MALFORMED_FORM}.</li>
 * </ul>
 * A browser's form posted to a console page (the sign-in form, the sign-out button) is answered with a page instead,
 * with the same status, field, rule and message ({@link ConsoleRefusalPage}), as a console page refused for its query
 * is by {@link RequestLineFilter}.
 *
 * <p>Runs after {@link RequestLineFilter}, which has refused a malformed query and any form body on an API path, and
 * before Spring Security, whose CSRF check reads its token from the parameters. Other requests are left alone: Tomcat
 * reads no other body into parameters (a multipart body is the dispatcher's, with the same limit), nor any body on
 * another method. The form is read as UTF-8 whatever charset its {@code Content-Type} names, as Boot's encoding filter
 * has Tomcat read it.
 */
public class FormBodyFilter extends OncePerRequestFilter {

    private static final String INCOMPLETE = "ended before the Content-Length it declared (or the connection failed"
            + " while it was read)";

    private final ObjectMapper json;
    private final int maxParameters;

    /**
     * @param json          writes the problems
     * @param maxParameters the most parameters a request may hold, the query's and the form's together: the connector's
     *                      {@code maxParameterCount} (no bound when negative, as for Tomcat)
     */
    public FormBodyFilter(ObjectMapper json, int maxParameters) {
        this.json = json;
        this.maxParameters = maxParameters;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !isForm(request.getContentType());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        int limit = StrictJsonHttpMessageConverter.MAX_BODY_BYTES;
        if (request.getContentLengthLong() > limit) {
            tooLarge(request, response);
            return;
        }
        byte[] body;
        try {
            // Read here, Tomcat parses no form body: it only reads one nothing has read yet.
            body = request.getInputStream().readNBytes(limit + 1);
        } catch (IOException cutShort) {
            refuse(request, response, new PercentDecoding.Refused("body", INCOMPLETE, RuleCode.BODY_MALFORMED_FORM.with()));
            return;
        }
        if (body.length > limit) {
            tooLarge(request, response);
            return;
        }
        Map<String, String[]> parameters = new LinkedHashMap<>();
        try {
            // The query has passed RequestLineFilter: read again only to serve its parameters, first as Tomcat does.
            List<PercentDecoding.Pair> query = request.getQueryString() == null ? List.of()
                    : PercentDecoding.pairs(request.getQueryString().getBytes(StandardCharsets.UTF_8),
                            PercentDecoding.Source.QUERY, -1);
            List<PercentDecoding.Pair> form = PercentDecoding.pairs(body, PercentDecoding.Source.BODY,
                    maxParameters < 0 ? -1 : Math.max(0, maxParameters - query.size()));
            for (List<PercentDecoding.Pair> pairs : List.of(query, form)) {
                for (PercentDecoding.Pair pair : pairs) {
                    parameters.merge(pair.name(), new String[] {pair.value()}, FormBodyFilter::concat);
                }
            }
        } catch (PercentDecoding.Refused refused) {
            refuse(request, response, refused);
            return;
        }
        chain.doFilter(new FormRequest(request, body, Collections.unmodifiableMap(parameters)), response);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, PercentDecoding.Refused refused)
            throws IOException {
        if (ConsoleRefusalPage.isFor(request)) {
            ConsoleRefusalPage.write(response, HttpServletResponse.SC_BAD_REQUEST, refused.field(), refused.getMessage(),
                    refused.rule().code());
            return;
        }
        ProblemFormat.write(json, request, response, ProblemFormat.invalid(refused.field(), refused.getMessage(),
                refused.rule()));
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

    private static String[] concat(String[] first, String[] then) {
        String[] both = Arrays.copyOf(first, first.length + then.length);
        System.arraycopy(then, 0, both, first.length, then.length);
        return both;
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

    /** The request with its form read here: its parameters as read, its body served again to whoever reads it. */
    private static final class FormRequest extends BodyInMemoryRequest {

        private final Map<String, String[]> parameters;

        FormRequest(HttpServletRequest request, byte[] body, Map<String, String[]> parameters) {
            super(request, body);
            this.parameters = parameters;
        }

        @Override
        public String getParameter(String name) {
            String[] values = parameters.get(name);
            return values == null ? null : values[0];
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return parameters;
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.enumeration(parameters.keySet());
        }

        @Override
        public String[] getParameterValues(String name) {
            String[] values = parameters.get(name);
            return values == null ? null : values.clone();
        }
    }
}
