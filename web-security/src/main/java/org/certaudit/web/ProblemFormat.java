package org.certaudit.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * RFC 9457 problem documents as both sides write them: a {@code type} of the
 * {@code urn:certaudit:problem:} scheme per kind of problem, a title, a {@code detail} that says
 * what to do, the offending fields or broken rules in {@code errors} ({@code [{field, message, code,
 * arguments}]}: {@code code} from the {@link RuleCode} catalogue with its named {@code arguments}, so
 * that a client can say it in its own language), and the {@code requestId} to find the request in the
 * logs. The one place the urn prefix is written.
 */
public final class ProblemFormat {

    public static final String TYPE_PREFIX = "urn:certaudit:problem:";

    public static final String INVALID_INPUT = "invalid-input";
    public static final String NOT_FOUND = "not-found";
    public static final String METHOD_NOT_ALLOWED = "method-not-allowed";
    public static final String NOT_ACCEPTABLE = "not-acceptable";
    public static final String UNSUPPORTED_MEDIA_TYPE = "unsupported-media-type";
    public static final String PAYLOAD_TOO_LARGE = "payload-too-large";
    public static final String UNAUTHORIZED = "unauthorized";
    public static final String FORBIDDEN = "forbidden";
    public static final String INTERNAL_ERROR = "internal-error";
    public static final String UNAVAILABLE = "unavailable";

    /** Where the request id travels: the MDC while the request runs, a request attribute for error dispatches. */
    public static final String REQUEST_ID = "requestId";
    public static final String REQUEST_ID_ATTRIBUTE = ProblemFormat.class.getName() + ".requestId";

    private ProblemFormat() {
    }

    public static URI type(String kind) {
        return URI.create(TYPE_PREFIX + kind);
    }

    public static ProblemDetail of(HttpStatusCode status, String kind, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type(kind));
        return withRequestId(problem);
    }

    /**
     * The 413 for a request body over {@code limit} bytes, wherever it is noticed: the JSON reader, a filter, the error
     * page for a {@code sendError(413)} (a form body over the limit, {@link FormBodyFilter}).
     */
    public static ProblemDetail bodyTooLarge(int limit) {
        String message = bodyTooLargeMessage(limit);
        ProblemDetail problem = of(HttpStatus.PAYLOAD_TOO_LARGE, PAYLOAD_TOO_LARGE, "the body " + message);
        problem.setTitle("Body too large");
        problem.setProperty("errors", List.of(fieldError("body", message, RuleCode.BODY_TOO_LARGE.with("limit", limit))));
        return problem;
    }

    /** The {@code errors[]} message of {@link #bodyTooLarge(int)}, for refusals written without it (a page, the valve). */
    static String bodyTooLargeMessage(int limit) {
        return "must be at most " + limit + " bytes";
    }

    /**
     * The 405 for {@code method} on {@code path}, which takes {@code allowed} (as the {@code Allow} header the caller
     * sets says): one {@code errors} entry naming {@code method} with {@link RuleCode#REQUEST_METHOD}. Spring's 405, the
     * firewall's refusal of a method no endpoint has and the container's of {@code TRACE} and {@code CONNECT} answer it.
     */
    public static ProblemDetail methodNotAllowed(String method, String path, Collection<String> allowed) {
        String methods = allowed.isEmpty() ? "none" : String.join(", ", allowed);
        String message = method + " is not allowed on " + path + "; allowed: " + methods;
        ProblemDetail problem = of(HttpStatus.METHOD_NOT_ALLOWED, METHOD_NOT_ALLOWED,
                message + " (the API is documented at /swagger-ui.html)");
        problem.setTitle("Method not allowed");
        problem.setProperty("errors", List.of(fieldError("method", message,
                RuleCode.REQUEST_METHOD.with("value", method, "allowed", methods))));
        return problem;
    }

    /** The kind a status has when nothing more specific is known. */
    public static String kindOf(int status) {
        return switch (status) {
            case 400 -> INVALID_INPUT;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413, 414, 431 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 503 -> UNAVAILABLE;
            default -> status >= 500 ? INTERNAL_ERROR : INVALID_INPUT;
        };
    }

    /** Gives a problem made elsewhere (Spring's defaults: {@code about:blank}) our type, a title and the request id. */
    public static ProblemDetail normalize(ProblemDetail problem) {
        if (problem.getType() == null || !problem.getType().toString().startsWith(TYPE_PREFIX)) {
            problem.setType(type(kindOf(problem.getStatus())));
        }
        if (problem.getTitle() == null) {
            HttpStatus status = HttpStatus.resolve(problem.getStatus());
            problem.setTitle(status == null ? "Error " + problem.getStatus() : status.getReasonPhrase());
        }
        return withRequestId(problem);
    }

    /** A 400 naming the offending fields: {@code errors} is a list of {field, message[, code, arguments]}. */
    public static ProblemDetail invalid(List<Map<String, Object>> errors) {
        String detail = errors.stream()
                .map(e -> (e.get("field") == null ? "" : e.get("field") + ": ") + e.get("message"))
                .reduce((a, b) -> a + "; " + b)
                .orElse("the request is malformed");
        ProblemDetail problem = of(HttpStatus.BAD_REQUEST, INVALID_INPUT, detail);
        problem.setTitle("Invalid input");
        problem.setProperty("errors", errors);
        return problem;
    }

    /** A 400 naming one field and the rule of the catalogue it breaks. */
    public static ProblemDetail invalid(String field, String message, RuleViolation rule) {
        return invalid(List.of(fieldError(field, message, rule)));
    }

    /**
     * A refusal of a rule about the request as a whole (the acting user, the audit's state): {@code detail}
     * is the rule's English sentence, and the one {@code errors} entry carries it with its code and
     * arguments but no field.
     */
    public static ProblemDetail refusal(HttpStatusCode status, String kind, String message, RuleViolation rule) {
        return refusal(status, kind, message, rule, null);
    }

    /**
     * A refusal of a rule about the value of one field judged against the record (a decision's date on which the
     * certificate has expired): as {@link #refusal(HttpStatusCode, String, String, RuleViolation)}, with the one
     * {@code errors} entry naming {@code field} (none when null), so that a client shows it next to that field.
     */
    public static ProblemDetail refusal(HttpStatusCode status, String kind, String message, RuleViolation rule,
                                        String field) {
        ProblemDetail problem = of(status, kind, message);
        problem.setProperty("errors", List.of(fieldError(field, message, rule)));
        return problem;
    }

    /** One entry of {@code errors}: the field (or parameter, or header) first, then what is wrong with it. */
    public static Map<String, Object> fieldError(String field, String message) {
        return fieldError(field, message, null);
    }

    /**
     * One entry of {@code errors}: the field (left out when the rule concerns no single field), the
     * English message, and, when the rule is in the catalogue, its {@code code} and {@code arguments}.
     */
    public static Map<String, Object> fieldError(String field, String message, RuleViolation rule) {
        Map<String, Object> error = new LinkedHashMap<>();
        if (field != null) {
            error.put("field", field);
        }
        error.put("message", message);
        if (rule != null) {
            error.put("code", rule.code());
            error.put("arguments", rule.arguments());
        }
        return error;
    }

    public static ProblemDetail withRequestId(ProblemDetail problem) {
        if (problem.getProperties() == null || !problem.getProperties().containsKey(REQUEST_ID)) {
            String requestId = MDC.get(REQUEST_ID);
            if (requestId != null) {
                problem.setProperty(REQUEST_ID, requestId);
            }
        }
        return problem;
    }

    /** For filters, security handlers and error pages, which answer outside any controller advice. */
    public static void write(ObjectMapper json, HttpServletRequest request, HttpServletResponse response,
                             ProblemDetail problem) throws IOException {
        normalize(problem);
        Object requestId = request.getAttribute(REQUEST_ID_ATTRIBUTE);
        if (requestId == null && (problem.getProperties() == null || !problem.getProperties().containsKey(REQUEST_ID))) {
            // An error dispatch of a request the container refused before the filters ran (TRACE): it gets its id here.
            requestId = UUID.randomUUID().toString();
            request.setAttribute(REQUEST_ID_ATTRIBUTE, requestId);
            response.setHeader(RequestIdFilter.HEADER, requestId.toString());
        }
        if (requestId != null && (problem.getProperties() == null || !problem.getProperties().containsKey(REQUEST_ID))) {
            problem.setProperty(REQUEST_ID, requestId);
        }
        if (problem.getInstance() == null) {
            problem.setInstance(instance(request.getRequestURI()));
        }
        response.resetBuffer();
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), problem);
    }

    /** The request path as {@code instance}, or none when the path itself is not a valid URI reference. */
    public static URI instance(String path) {
        try {
            return path == null ? null : URI.create(path);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
