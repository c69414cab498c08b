package org.certaudit.command.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.MongoException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.certaudit.command.messaging.RequestMetaDataInterceptor;
import org.certaudit.web.BodyInMemoryRequest;
import org.certaudit.web.ProblemFormat;
import org.certaudit.web.RuleCode;
import org.certaudit.web.StrictJsonHttpMessageConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on a change request: the first request with a key runs and, if it
 * succeeds, its response is stored; a retry with the same key and the same request gets that
 * response again ({@code Idempotent-Replayed: true}) and causes no second event. The same key
 * with a different request (method, path, {@code If-Match} or body) is refused with 422, as the
 * IETF idempotency-key draft advises; a JSON body counts as the same when it means the same, however a client library
 * re-serialised it ({@link RequestFingerprint}); a retry while the first is still running gets 409. A
 * failed request releases its key: it wrote nothing, so running it again is safe.
 * <p>
 * The record in {@code idempotency_keys} answers retries; it does not guarantee the change is made
 * once. That is the event store's unique {@code idempotency} field: the command carries the key (as
 * {@code idempotencyKey} metadata, copied onto its events), and a second change under the same user
 * and key is refused whole with a 409 {@code idempotency-key-used}. This covers the gaps the record
 * leaves: the server dying after the change was stored but before the answer was kept (the record
 * stays {@code PENDING} and expires after the pending timeout), a request slower than that timeout,
 * and a failure while keeping the answer (which releases the record).
 */
public class IdempotencyFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    private static final Set<String> CHANGES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final int MAX_BODY = StrictJsonHttpMessageConverter.MAX_BODY_BYTES;

    private final IdempotencyStore store;
    private final ObjectMapper json;

    public IdempotencyFilter(IdempotencyStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getHeader(HEADER) == null
                || !CHANGES.contains(request.getMethod())
                || !request.getRequestURI().startsWith("/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER).strip();
        int times = Collections.list(request.getHeaders(HEADER)).size();
        if (times > 1) {
            Problems.write(json, request, response, ProblemFormat.invalid(HEADER,
                    "is given " + times + " times; send it once", RuleCode.FIELD_DUPLICATE.with()));
            return;
        }
        if (!VALID_KEY.matcher(key).matches()) {
            Problems.write(json, request, response, ProblemFormat.invalid(HEADER,
                    "must be 1 to 255 visible ASCII characters", RuleCode.FIELD_FORMAT.with()));
            return;
        }
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null) {
            chain.doFilter(request, response);
            return;
        }
        String user = authentication.getName();
        byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            // The same 413 the JSON reader gives a body over its limit, which it would have met next.
            Problems.write(json, request, response, ProblemFormat.bodyTooLarge(MAX_BODY));
            return;
        }
        String requestLine = request.getMethod() + " " + request.getRequestURI()
                + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        RequestFingerprint fingerprint = RequestFingerprint.of(requestLine, request.getHeader(Versions.IF_MATCH), body);

        IdempotencyStore.Claim claim;
        try {
            claim = store.claim(user, key, fingerprint, requestLine);
        } catch (MongoException e) {
            // The store holding the keys is out of reach: nothing was claimed, and nothing will be saved.
            log.warn("idempotency key store unavailable: {}", e.toString());
            response.setHeader(HttpHeaders.RETRY_AFTER, "1");
            ProblemDetail problem = Problems.of(HttpStatus.SERVICE_UNAVAILABLE, Problems.STORE_UNAVAILABLE,
                    "the store that keeps Idempotency-Keys could not be reached, so nothing of this request was saved; "
                            + "send it again");
            problem.setTitle("Store unavailable");
            Problems.write(json, request, response, problem);
            return;
        }
        if (claim instanceof IdempotencyStore.Claim.Replay replay) {
            replay(response, replay.response());
        } else if (claim instanceof IdempotencyStore.Claim.Conflict conflict) {
            String message = "was already used for another request (" + conflict.firstRequest()
                    + "); send a new key with a new request";
            ProblemDetail problem = Problems.of(HttpStatus.UNPROCESSABLE_ENTITY, Problems.IDEMPOTENCY_KEY_REUSED,
                    "Idempotency-Key '" + key + "' " + message);
            problem.setTitle("Idempotency key reused");
            problem.setProperty("errors", List.of(ProblemFormat.fieldError(HEADER, message,
                    RuleCode.IDEMPOTENCY_KEY_REUSED.with("key", key, "firstRequest", conflict.firstRequest()))));
            Problems.write(json, request, response, problem);
        } else if (claim instanceof IdempotencyStore.Claim.InProgress inProgress) {
            // Held by a request still running, or by one a crash cut short (kill -9): nothing tells them apart, so the
            // answer says when the claim expires (RFC 9110 10.2.3 Retry-After, in seconds) instead of "shortly".
            long seconds = Math.max(1, (inProgress.heldFor().toMillis() + 999) / 1000);
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            String message = "is still being handled in another request, or in one a restart cut short; retry it in "
                    + seconds + " s (Retry-After), when it is free again if that request never finished";
            ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, Problems.CONCURRENT_CHANGE,
                    "a request with Idempotency-Key '" + key + "' " + message);
            problem.setTitle("Concurrent change");
            problem.setProperty("errors", List.of(ProblemFormat.fieldError(HEADER, message,
                    RuleCode.IDEMPOTENCY_KEY_IN_PROGRESS.with("key", key))));
            Problems.write(json, request, response, problem);
        } else {
            runAndRemember(request, response, chain, user, key, body);
        }
    }

    private void runAndRemember(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
                                String user, String key, byte[] body) throws ServletException, IOException {
        ContentCachingResponseWrapper recorded = new ContentCachingResponseWrapper(response);
        boolean stored = false;
        // The command this request sends carries the key, and so does the first event it causes: the event
        // store refuses a second change under the same user and key, even after this key record is lost.
        request.setAttribute(RequestMetaDataInterceptor.IDEMPOTENCY_KEY_ATTRIBUTE, key);
        try {
            chain.doFilter(new BodyInMemoryRequest(request, body), recorded);
            int status = recorded.getStatus();
            if (status >= 200 && status < 300) {
                try {
                    store.complete(user, key, new IdempotencyStore.StoredResponse(status, recorded.getContentType(),
                            new String(recorded.getContentAsByteArray(), StandardCharsets.UTF_8),
                            recorded.getHeader(HttpHeaders.ETAG), recorded.getHeader(HttpHeaders.LOCATION)));
                } catch (MongoException e) {
                    // The change is stored and its event carries the key: a retry is refused as used, not made
                    // again. The answer stands; only its replay is lost.
                    log.warn("the answer under idempotency key {} was not kept: {}", key, e.toString());
                }
                stored = true;
            }
        } finally {
            if (!stored) {
                try {
                    store.release(user, key);
                } catch (MongoException e) {
                    // The claim stays until its pending timeout; a retry meanwhile is told to wait.
                    log.warn("idempotency key {} was not released: {}", key, e.toString());
                }
            }
            recorded.copyBodyToResponse();
        }
    }

    private static void replay(HttpServletResponse response, IdempotencyStore.StoredResponse stored) throws IOException {
        response.setStatus(stored.status());
        response.setHeader(REPLAYED, "true");
        if (stored.etag() != null) {
            response.setHeader(HttpHeaders.ETAG, stored.etag());
        }
        if (stored.location() != null) {
            response.setHeader(HttpHeaders.LOCATION, stored.location());
        }
        if (stored.contentType() != null) {
            response.setContentType(stored.contentType());
        }
        byte[] body = stored.body() == null ? new byte[0] : stored.body().getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
