package org.certaudit.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} or a new UUID. It is echoed in
 * the response, put in the log context (MDC key {@value ProblemFormat#REQUEST_ID}) and a request
 * attribute (for error pages), written into every problem, and stamped on every event the
 * request causes.
 */
public class RequestIdFilter extends OncePerRequestFilter {

    public static final String HEADER = "X-Request-Id";
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:@/+=-]{1,128}");

    private final ObjectMapper json;

    public RequestIdFilter(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String given = request.getHeader(HEADER);
        int times = Collections.list(request.getHeaders(HEADER)).size();
        boolean valid = times <= 1 && (given == null || given.isBlank() || VALID.matcher(given.strip()).matches());
        String requestId = valid && given != null && !given.isBlank() ? given.strip() : UUID.randomUUID().toString();
        request.setAttribute(ProblemFormat.REQUEST_ID_ATTRIBUTE, requestId);
        response.setHeader(HEADER, requestId);
        MDC.put(ProblemFormat.REQUEST_ID, requestId);
        try {
            if (times > 1) {
                ProblemFormat.write(json, request, response, ProblemFormat.invalid(HEADER,
                        "is given " + times + " times; send it once", RuleCode.FIELD_DUPLICATE.with()));
                return;
            }
            if (!valid) {
                ProblemFormat.write(json, request, response, ProblemFormat.invalid(HEADER,
                        "must be 1 to 128 letters, digits or . _ : @ / + = -", RuleCode.FIELD_FORMAT.with()));
                return;
            }
            chain.doFilter(request, response);
        } finally {
            MDC.remove(ProblemFormat.REQUEST_ID);
        }
    }
}
