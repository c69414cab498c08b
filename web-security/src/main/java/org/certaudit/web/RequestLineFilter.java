package org.certaudit.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Reads the path and the query string strictly before anything else does: every {@code %} must
 * start a two-digit hex escape, the escapes must spell UTF-8, and the text must pass
 * {@link TextRules}. The servlet container would otherwise drop a badly encoded query
 * parameter without a word ({@code reason=%zz} arrives as no reason at all). Refused with 400
 * naming the parameter, or {@code path}. So is a query of more parameters than the container reads
 * ({@code maxParameters}, its {@code maxParameterCount}): it would keep the first ones and drop the rest, a repeated
 * parameter or one the rules refuse included, and a handler would answer as if they had not been sent. Refused
 * naming {@code query} with {@link RuleCode#QUERY_TOO_MANY_PARAMETERS}. A {@code Content-Type} sent twice is a 400
 * naming it with {@link RuleCode#FIELD_DUPLICATE}: the container reads the first, and the body was written as either.
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
        RuleCode rule = RuleCode.REQUEST_MALFORMED;
        RuleViolation violation = null;
        if (refusal == null && request.getQueryString() != null) {
            int parameters = 0;
            for (String pair : request.getQueryString().split("&", -1)) {
                if (pair.isEmpty()) {
                    continue;
                }
                if (maxParameters >= 0 && ++parameters > maxParameters) {
                    field = "query";
                    refusal = "holds more than " + maxParameters + " parameters, the most the server reads";
                    violation = RuleCode.QUERY_TOO_MANY_PARAMETERS.with("limit", maxParameters);
                    break;
                }
                int eq = pair.indexOf('=');
                String rawName = eq < 0 ? pair : pair.substring(0, eq);
                String rawValue = eq < 0 ? "" : pair.substring(eq + 1);
                String name;
                try {
                    name = decode(rawName, true);
                } catch (IllegalArgumentException e) {
                    field = rawName;
                    refusal = "the parameter name " + e.getMessage();
                    rule = RuleCode.FIELD_PERCENT_ENCODING;
                    break;
                }
                if (name.isEmpty()) {
                    field = "query";
                    refusal = "has a parameter without a name ('" + pair + "')";
                    break;
                }
                String nameProblem = TextRules.violation(name);
                if (nameProblem != null) {
                    field = "query";
                    refusal = "a parameter name " + nameProblem;
                    rule = RuleCode.FIELD_TEXT_CHARACTERS;
                    break;
                }
                try {
                    String value = decode(rawValue, true);
                    String valueProblem = TextRules.violation(value);
                    if (valueProblem != null) {
                        field = name;
                        refusal = valueProblem;
                        rule = RuleCode.FIELD_TEXT_CHARACTERS;
                        break;
                    }
                } catch (IllegalArgumentException e) {
                    field = name;
                    refusal = e.getMessage();
                    rule = RuleCode.FIELD_PERCENT_ENCODING;
                    break;
                }
            }
        }
        if (refusal != null) {
            if (isPageNavigation(request)) {
                ConsoleRefusalPage.write(response, HttpServletResponse.SC_BAD_REQUEST, field, refusal,
                        violation != null ? violation.code() : rule.code());
                return;
            }
            ProblemFormat.write(json, request, response, ProblemFormat.invalid(field, refusal,
                    violation != null ? violation : rule.with()));
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

    /** A browser opening a console page: answered with a page ({@link ConsoleRefusalPage}), as its own refusals are. */
    private static boolean isPageNavigation(HttpServletRequest request) {
        return (request.getMethod().equals("GET") || request.getMethod().equals("HEAD"))
                && ConsoleRefusalPage.isFor(request);
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
            String path = decode(rawPath, false);
            String problem = TextRules.violation(path);
            return problem == null ? null : problem;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * Strict percent-decoding: {@code %} must be followed by two hex digits and the bytes must be
     * UTF-8; {@code +} is a space in a query (as browsers and the container read it).
     *
     * @throws IllegalArgumentException saying what is wrong, in words for the caller
     */
    static String decode(String raw, boolean query) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                        || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    String escape = raw.substring(i, Math.min(raw.length(), i + 3));
                    throw new IllegalArgumentException("is not correctly percent-encoded: '" + escape
                            + "' is not % followed by two hex digits (send a literal % as %25)");
                }
                bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else if (c == '+' && query) {
                bytes.write(' ');
            } else if (c > 0x7F) {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            } else {
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("is not UTF-8 once percent-decoded; percent-encode the UTF-8 bytes of the text");
        }
    }
}
