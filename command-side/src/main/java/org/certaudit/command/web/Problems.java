package org.certaudit.command.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.certaudit.web.ProblemFormat;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The command side's kinds of problem, written in the format both sides share
 * ({@link ProblemFormat}): a {@code type} per kind, the rule or field in {@code detail}, the
 * offending fields in {@code errors}, and the {@code requestId}.
 */
public final class Problems {

    public static final String INVALID_INPUT = ProblemFormat.INVALID_INPUT;
    public static final String BROKEN_RULE = "broken-rule";
    public static final String NOT_FOUND = ProblemFormat.NOT_FOUND;
    public static final String FORBIDDEN = ProblemFormat.FORBIDDEN;
    public static final String STALE_VERSION = "stale-version";
    public static final String IDEMPOTENCY_KEY_REUSED = "idempotency-key-reused";
    public static final String IDEMPOTENCY_KEY_USED = "idempotency-key-used";
    public static final String CONCURRENT_CHANGE = "concurrent-change";
    public static final String STORE_UNAVAILABLE = "store-unavailable";
    public static final String INTERNAL_ERROR = ProblemFormat.INTERNAL_ERROR;

    private Problems() {
    }

    public static ProblemDetail of(HttpStatus status, String type, String detail) {
        return ProblemFormat.of(status, type, detail);
    }

    /** A 400 naming the offending fields: {@code errors} is a list of {field, message[, code, arguments]}. */
    public static ProblemDetail invalid(List<Map<String, Object>> errors) {
        return ProblemFormat.invalid(errors);
    }

    public static ProblemDetail withRequestId(ProblemDetail problem) {
        return ProblemFormat.withRequestId(problem);
    }

    /** For filters and security handlers, which answer before any controller advice can. */
    public static void write(ObjectMapper json, HttpServletRequest request, HttpServletResponse response,
                             ProblemDetail problem) throws IOException {
        ProblemFormat.write(json, request, response, problem);
    }
}
