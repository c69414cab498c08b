package org.certaudit.query.console;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.certaudit.query.BadParameterException;
import org.certaudit.web.ProblemFormat;
import org.certaudit.web.RuleCode;
import org.certaudit.web.StrictJsonHttpMessageConverter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizedClientRepository;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * The console's backend for changes: {@code POST|PUT|DELETE /console/command/api/audits/...} goes to
 * the command side's {@code /api/audits/...} as the signed-in user (HTTP Basic with the password kept
 * in the session, or the OpenID Connect access token as bearer), with the browser's {@code Accept}, {@code If-Match},
 * {@code Idempotency-Key} and body unchanged, and the request's id ({@code X-Request-Id}, the browser's or
 * the one this side gave it): the command side weighs the {@code Accept} before its handler runs, so a
 * change it would refuse with 406 (or 400, for a header that is no list of media types) is refused, and not made, when
 * relayed too. Every line of a forwarded header goes on, so that a repeated {@code Idempotency-Key}, {@code If-Match}
 * or {@code Content-Type} is judged there as when sent straight (400). The command side's answer (status, problem,
 * {@code ETag}) comes back as it is, so that its rules, team checks and idempotency stay the only ones. Only the
 * audit endpoints and a certificate's restoration ({@code POST /api/projects/{projectNumber}/certificate/restoration})
 * are relayed; CSRF protection is the console chain's. A body over 1 MiB (the command side's limit) is refused
 * here with 413 without being read whole.
 * <p>
 * When the command side gives no answer, the problem says whether the change may have been made: 502
 * {@code command-side-unavailable} when no connection could be made (nothing was sent, so nothing was changed); 504
 * {@code command-side-outcome-unknown} when it did not answer within {@code certaudit.console.command-side-timeout},
 * and 502 of the same type when the connection was lost before the answer, since the change may have been made then
 * (the command side answers the same {@code Idempotency-Key} sent again with its first answer).
 */
@RestController
class CommandRelay {

    private static final Logger log = LoggerFactory.getLogger(CommandRelay.class);

    static final String PREFIX = "/console/command";
    private static final int MAX_BODY_BYTES = StrictJsonHttpMessageConverter.MAX_BODY_BYTES;
    private static final Pattern RELAYED = Pattern.compile(
            "/api/audits(/[A-Za-z0-9._~%-]+)*|/api/projects/[A-Za-z0-9._~%-]+/certificate/restoration");
    private static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final String OUTCOME_UNKNOWN = "Outcome unknown";
    private static final List<String> REQUEST_HEADERS = List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.IF_MATCH,
            IDEMPOTENCY_KEY, HttpHeaders.ACCEPT_LANGUAGE);
    private static final String REQUEST_ID = "X-Request-Id";
    private static final List<String> RESPONSE_HEADERS = List.of(HttpHeaders.ETAG, HttpHeaders.LOCATION,
            "Idempotent-Replayed", "X-Request-Id");

    private final ConsoleProperties properties;
    private final ObjectProvider<OAuth2AuthorizedClientRepository> authorizedClients;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Whether the request is for the relay ({@code /console/command/api/**}, relayed or not): an API behind the console,
     * answered with problems like the API, never with a page.
     */
    static boolean isRelayed(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length()).startsWith(PREFIX + "/api/");
    }

    CommandRelay(ConsoleProperties properties, ObjectProvider<OAuth2AuthorizedClientRepository> authorizedClients) {
        this.properties = properties;
        this.authorizedClients = authorizedClients;
    }

    @RequestMapping(path = {PREFIX + "/api/audits/**", PREFIX + "/api/projects/*/certificate/restoration"},
            method = {RequestMethod.POST, RequestMethod.PUT, RequestMethod.DELETE})
    ResponseEntity<?> relay(HttpServletRequest request, Authentication user) throws InterruptedException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length() + PREFIX.length());
        if (!RELAYED.matcher(path).matches()) {
            throw new BadParameterException("path", RuleCode.REQUEST_MALFORMED.with(),
                    "the console relays only the audit endpoints and a certificate's restoration, not " + path);
        }
        // The command side takes at most 1 MiB; reading more here would hold it all in memory only to be refused there.
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            return tooLarge();
        }
        byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            return tooLarge();
        }
        Optional<String> authorization = authorization(user, request);
        if (authorization.isEmpty()) {
            return problem(HttpStatus.UNAUTHORIZED, "unauthorized",
                    "this session holds no credentials for the command side; sign in to the console again");
        }
        String query = request.getQueryString() == null ? "" : "?" + request.getQueryString();
        HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(properties.commandSideUrl() + path + query))
                .timeout(properties.commandSideTimeout())
                .header(HttpHeaders.AUTHORIZATION, authorization.get())
                .header(HttpHeaders.ACCEPT, accept(request))
                .method(request.getMethod(), body.length == 0
                        ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        // Every line of each, as sent: the command side refuses a repeated Idempotency-Key or If-Match sent straight,
        // and would not see the repeat if only the first went on.
        for (String header : REQUEST_HEADERS) {
            for (String value : Collections.list(request.getHeaders(header))) {
                forward.header(header, value);
            }
        }
        // The request's id on this side, the browser's own or the one given here when it sent none, so that both sides'
        // logs and problems carry the same id.
        Object requestId = request.getAttribute(ProblemFormat.REQUEST_ID_ATTRIBUTE);
        if (requestId != null) {
            forward.header(REQUEST_ID, requestId.toString());
        }
        boolean keyed = request.getHeader(IDEMPOTENCY_KEY) != null;
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            // No connection, so nothing was sent: the one failure after which the change is known not to be made. (The
            // JDK reports the request's timeout as a connect timeout too when it fires before the connection is made.)
            log.warn("the command side at {} cannot be reached: {}", properties.commandSideUrl(), e.toString());
            return problem(HttpStatus.BAD_GATEWAY, "command-side-unavailable",
                    "the command side at " + properties.commandSideUrl() + " cannot be reached; nothing was changed, "
                            + "try again");
        } catch (HttpTimeoutException e) {
            // Sent and not answered in time: the command side may be slow or stopped and still make the change later.
            log.warn("the command side at {} did not answer {} {} within {}", properties.commandSideUrl(),
                    request.getMethod(), path, properties.commandSideTimeout());
            return problem(HttpStatus.GATEWAY_TIMEOUT, "command-side-outcome-unknown", OUTCOME_UNKNOWN,
                    unknownOutcome("the command side at " + properties.commandSideUrl() + " did not answer within "
                            + seconds(properties.commandSideTimeout()), keyed));
        } catch (IOException e) {
            // The connection was made, so the change may have been sent before it was lost.
            log.warn("the connection to the command side at {} was lost during {} {}: {}", properties.commandSideUrl(),
                    request.getMethod(), path, e.toString());
            return problem(HttpStatus.BAD_GATEWAY, "command-side-outcome-unknown", OUTCOME_UNKNOWN,
                    unknownOutcome("the connection to the command side at " + properties.commandSideUrl()
                            + " was lost before it answered", keyed));
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.status(answer.statusCode());
        answer.headers().firstValue(HttpHeaders.CONTENT_TYPE).ifPresent(type -> response.header(HttpHeaders.CONTENT_TYPE, type));
        for (String header : RESPONSE_HEADERS) {
            answer.headers().firstValue(header).ifPresent(value -> response.header(header, value));
        }
        return response.body(answer.body());
    }

    /**
     * The browser's {@code Accept}, every line of it read as one list (RFC 9110 5.3), for the command side to weigh; the
     * console's own types when the browser sent none, which takes anything there too.
     */
    private static String accept(HttpServletRequest request) {
        String lines = String.join(", ", Collections.list(request.getHeaders(HttpHeaders.ACCEPT)));
        return lines.isBlank() ? MediaType.APPLICATION_JSON_VALUE + ", " + MediaType.APPLICATION_PROBLEM_JSON_VALUE
                : lines;
    }

    private Optional<String> authorization(Authentication user, HttpServletRequest request) {
        if (user instanceof UsernamePasswordAuthenticationToken password && password.getCredentials() instanceof String secret) {
            String pair = user.getName() + ":" + secret;
            return Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        OAuth2AuthorizedClientRepository repository = authorizedClients.getIfAvailable();
        if (user instanceof OAuth2AuthenticationToken oidc && repository != null) {
            OAuth2AuthorizedClient client = repository.loadAuthorizedClient(
                    oidc.getAuthorizedClientRegistrationId(), user, request);
            if (client != null && client.getAccessToken() != null) {
                return Optional.of("Bearer " + client.getAccessToken().getTokenValue());
            }
        }
        return Optional.empty();
    }

    private static ResponseEntity<ProblemDetail> tooLarge() {
        ProblemDetail problem = ProblemFormat.bodyTooLarge(MAX_BODY_BYTES);
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /**
     * The detail of a {@code command-side-outcome-unknown} problem (504 after the timeout, 502 for a connection lost):
     * what happened, then, since the change may have been made, how to find out instead of "try again", which without
     * the same key could make it twice.
     */
    private static String unknownOutcome(String what, boolean keyed) {
        return what + "; the change may have been made or not: " + (keyed
                ? "reload to see whether it was, or send it again with the same Idempotency-Key: the command side "
                        + "answers a key it has seen with its first answer instead of making the change twice"
                : "reload to see whether it was before sending it again, since a change sent again without an "
                        + "Idempotency-Key may be made twice");
    }

    /** A timeout in seconds as the details say it ("30 s", "0.3 s"). */
    private static String seconds(Duration timeout) {
        return BigDecimal.valueOf(timeout.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString() + " s";
    }

    /** A problem of the relay's own, with the request id like every other. */
    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String kind, String detail) {
        return problem(status, kind, null, detail);
    }

    /** As {@link #problem(HttpStatus, String, String)}, with a title (the status's reason phrase when null). */
    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String kind, String title, String detail) {
        ProblemDetail problem = ProblemFormat.of(status, kind, detail);
        problem.setTitle(title);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
