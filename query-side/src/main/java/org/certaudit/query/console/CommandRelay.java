package org.certaudit.query.console;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * {@code Idempotency-Key} and body unchanged: the command side weighs the {@code Accept} before its handler runs, so a
 * change it would refuse with 406 (or 400, for a header that is no list of media types) is refused, and not made, when
 * relayed too. The command side's answer (status, problem, {@code ETag})
 * comes back as it is, so that its rules, team checks and idempotency stay the only ones. Only the
 * audit endpoints and a certificate's restoration ({@code POST /api/projects/{projectNumber}/certificate/restoration})
 * are relayed; CSRF protection is the console chain's. A body over 1 MiB (the command side's limit) is refused
 * here with 413 without being read whole.
 */
@RestController
class CommandRelay {

    static final String PREFIX = "/console/command";
    private static final int MAX_BODY_BYTES = StrictJsonHttpMessageConverter.MAX_BODY_BYTES;
    private static final Pattern RELAYED = Pattern.compile(
            "/api/audits(/[A-Za-z0-9._~%-]+)*|/api/projects/[A-Za-z0-9._~%-]+/certificate/restoration");
    private static final List<String> REQUEST_HEADERS = List.of(HttpHeaders.CONTENT_TYPE, HttpHeaders.IF_MATCH,
            "Idempotency-Key", "X-Request-Id", HttpHeaders.ACCEPT_LANGUAGE);
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
        for (String header : REQUEST_HEADERS) {
            String value = request.getHeader(header);
            if (value != null) {
                forward.header(header, value);
            }
        }
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return problem(HttpStatus.BAD_GATEWAY, "command-side-unavailable",
                    "the command side at " + properties.commandSideUrl() + " cannot be reached (" + e
                            + "); nothing was changed, try again");
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

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:certaudit:problem:" + type));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
