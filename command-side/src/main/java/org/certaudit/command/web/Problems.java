package org.certaudit.command.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.certaudit.command.messaging.RequestMetaDataInterceptor;
import org.slf4j.MDC;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;

/**
 * RFC 9457 problem documents as this API writes them: a {@code type} per kind of problem, the
 * rule or field in {@code detail}, the offending fields in {@code errors}, and the
 * {@code requestId} to find the request in the logs.
 */
public final class Problems {

    public static final String INVALID_INPUT = "invalid-input";
    public static final String BROKEN_RULE = "broken-rule";
    public static final String NOT_FOUND = "not-found";
    public static final String FORBIDDEN = "forbidden";
    public static final String STALE_VERSION = "stale-version";
    public static final String IDEMPOTENCY_KEY_REUSED = "idempotency-key-reused";
    public static final String CONCURRENT_CHANGE = "concurrent-change";
    public static final String STORE_UNAVAILABLE = "store-unavailable";
    public static final String INTERNAL_ERROR = "internal-error";

    private static final String TYPE_PREFIX = "urn:certaudit:problem:";

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + type));
        return withRequestId(problem);
    }

    /** A 400 naming the offending fields: {@code errors} is a list of {field, message}. */
    public static ProblemDetail invalid(List<Map<String, String>> errors) {
        String detail = errors.stream()
                .map(e -> e.get("field") + ": " + e.get("message"))
                .reduce((a, b) -> a + "; " + b)
                .orElse("the request is malformed");
        ProblemDetail problem = of(HttpStatus.BAD_REQUEST, INVALID_INPUT, detail);
        problem.setTitle("Invalid input");
        problem.setProperty("errors", errors);
        return problem;
    }

    public static ProblemDetail invalid(String field, String message) {
        return invalid(List.of(fieldError(field, message)));
    }

    /** One entry of {@code errors}: the field first, then what is wrong with it. */
    public static Map<String, String> fieldError(String field, String message) {
        Map<String, String> error = new LinkedHashMap<>();
        error.put("field", field);
        error.put("message", message);
        return error;
    }

    public static ProblemDetail withRequestId(ProblemDetail problem) {
        String requestId = MDC.get(RequestMetaDataInterceptor.MDC_REQUEST_ID);
        if (requestId != null) {
            problem.setProperty("requestId", requestId);
        }
        return problem;
    }

    /** For filters and security handlers, which answer before any controller advice can. */
    public static void write(ObjectMapper json, HttpServletRequest request, HttpServletResponse response,
                             ProblemDetail problem) throws IOException {
        if (problem.getInstance() == null) {
            problem.setInstance(URI.create(request.getRequestURI()));
        }
        response.setStatus(problem.getStatus());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), problem);
    }
}
