package org.certaudit.command.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;
import org.certaudit.command.messaging.RequestMetaDataInterceptor;
import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} or a new UUID. It is echoed in
 * the response, put in the log context, and stamped on every event the request causes.
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
        String requestId = given == null || given.isBlank() ? UUID.randomUUID().toString() : given.strip();
        MDC.put(RequestMetaDataInterceptor.MDC_REQUEST_ID, requestId);
        try {
            if (!VALID.matcher(requestId).matches()) {
                MDC.remove(RequestMetaDataInterceptor.MDC_REQUEST_ID);
                Problems.write(json, request, response, Problems.invalid(HEADER,
                        "must be 1 to 128 letters, digits or . _ : @ / + = -"));
                return;
            }
            response.setHeader(HEADER, requestId);
            chain.doFilter(request, response);
        } finally {
            MDC.remove(RequestMetaDataInterceptor.MDC_REQUEST_ID);
        }
    }
}
