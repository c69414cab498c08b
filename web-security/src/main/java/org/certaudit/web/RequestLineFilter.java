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
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the path and the query string strictly before anything else does ({@link PercentDecoding}, as
 * {@link FormBodyFilter} reads a form body): every {@code %} must start a two-digit hex escape, the escapes must spell
 * UTF-8, and the text must pass {@link TextRules}. The servlet container would otherwise drop a badly encoded query
 * parameter without a word ({@code reason=%zz} arrives as no reason at all) and read one that spells no UTF-8
 * ({@code %FF}) as U+FFFD. Refused with 400 naming the parameter ({@link RuleCode#FIELD_PERCENT_ENCODING},
 * {@link RuleCode#FIELD_TEXT_CHARACTERS}), or {@code path}; a browser opening a console page, or posting one's form, is
 * shown the refusal as a page ({@link ConsoleRefusalPage}). So is a query of more parameters than the container reads
 * ({@code maxParameters}, its {@code maxParameterCount}): it would keep the first ones and drop the rest, a repeated
 * parameter or one the rules refuse included, and a handler would answer as if they had not been sent. Refused
 * naming {@code query} with {@link RuleCode#QUERY_TOO_MANY_PARAMETERS}. A {@code Content-Type} sent twice is a 400
 * naming it with {@link RuleCode#FIELD_DUPLICATE}: the container reads the first, and the body was written as either.
 * A body in a content coding ({@code Content-Encoding: gzip}) is a 415 naming {@code Content-Encoding} with
 * {@link RuleCode#BODY_CONTENT_ENCODING}: nothing here decodes one, so its bytes would be read as the JSON or form they
 * are not (gzip's as "not well-formed UTF-8"), or a body labelled with a coding it is not in would be taken as it came.
 */
public class RequestLineFilter extends OncePerRequestFilter {

    private final ObjectMapper json;
    private final int maxParameters;

    /**
     * @param json          writes the problems
     * @param maxParameters the most query parameters a request may hold: the connector's {@code maxParameterCount}
     *                      (no bound when negative, as for Tomcat)
     */
    public RequestLineFilter(ObjectMapper json, int maxParameters) {
        this.json = json;
        this.maxParameters = maxParameters;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String refusal = pathViolation(request.getRequestURI());
        String field = "path";
        RuleViolation rule = RuleCode.REQUEST_MALFORMED.with();
        if (refusal == null && request.getQueryString() != null) {
            try {
                PercentDecoding.pairs(request.getQueryString().getBytes(StandardCharsets.UTF_8),
                        PercentDecoding.Source.QUERY, maxParameters);
            } catch (PercentDecoding.Refused refused) {
                field = refused.field();
                refusal = refused.getMessage();
                rule = refused.rule();
            }
        }
        if (refusal != null) {
            if (ConsoleRefusalPage.isFor(request)) {
                ConsoleRefusalPage.write(response, HttpServletResponse.SC_BAD_REQUEST, field, refusal, rule.code());
                return;
            }
            ProblemFormat.write(json, request, response, ProblemFormat.invalid(field, refusal, rule));
            return;
        }
        int contentTypes = Collections.list(request.getHeaders(HttpHeaders.CONTENT_TYPE)).size();
        if (contentTypes > 1) {
            // The container reads the first and Spring the first too: a body sent as two types is read as one of them.
            // Content-Type is not a list (RFC 9110 5.3, 8.3): sent twice, it says nothing for sure.
            ProblemFormat.write(json, request, response, ProblemFormat.invalid(HttpHeaders.CONTENT_TYPE,
                    "is given " + contentTypes + " times; send it once", RuleCode.FIELD_DUPLICATE.with()));
            return;
        }
        String contentType = request.getContentType();
        boolean body = request.getContentLengthLong() > 0
                || (request.getContentLengthLong() < 0 && request.getHeader("Transfer-Encoding") != null);
        String coding = contentCoding(request);
        if (coding != null && body) {
            // RFC 9110 12.5.3: a 415 for a content coding says in Accept-Encoding which codings a request may use.
            response.setHeader(HttpHeaders.ACCEPT_ENCODING, "identity");
            ProblemFormat.write(json, request, response, ProblemResponses.unsupportedContentEncoding(coding));
            return;
        }
        // The decoded path, as the dispatcher routes it (/%61pi/... is /api/...).
        String path = request.getServletPath();
        if (contentType != null && body && isForm(contentType)
                && (path.startsWith("/api/") || path.startsWith("/console/command/"))) {
            // The API takes JSON bodies and query parameters only. The container and Spring's form filter would read a
            // form body's fields as parameters (a DELETE's reason), where the Idempotency-Key's record of the request,
            // which holds its query and JSON body, never sees them. The console's relay to the command side's API
            // likewise: the form filter would read the body into parameters and the relay forward none of it.
            ProblemFormat.write(json, request, response, ProblemResponses.unsupportedMediaType(
                    "send the body as application/json (UTF-8) and parameters in the query, not a form body ("
                            + contentType + ")", contentType));
            return;
        }
        chain.doFilter(request, response);
    }

    /**
     * The {@code Content-Encoding} sent, every line of it, when it names a coding other than {@code identity} (RFC 9110
     * 8.4.1: the codings applied, in order); null when none does.
     */
    private static String contentCoding(HttpServletRequest request) {
        List<String> lines = Collections.list(request.getHeaders(HttpHeaders.CONTENT_ENCODING));
        boolean coded = lines.stream().flatMap(line -> Arrays.stream(line.split(",")))
                .map(String::strip).anyMatch(coding -> !coding.isEmpty() && !coding.equalsIgnoreCase("identity"));
        return coded ? String.join(", ", lines) : null;
    }

    private static boolean isForm(String contentType) {
        String type = contentType.toLowerCase(java.util.Locale.ROOT).strip();
        return type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/");
    }

    private static String pathViolation(String rawPath) {
        if (rawPath == null) {
            return null;
        }
        try {
            String path = PercentDecoding.decode(rawPath, false);
            String problem = TextRules.violation(path);
            return problem == null ? null : problem;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
