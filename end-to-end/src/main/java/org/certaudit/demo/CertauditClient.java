package org.certaudit.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A JSON-over-HTTP client for one certaudit application (command or query side), signing in with
 * the local run's demo users. Decimals are read exactly: a total of 145.75 stays 145.75.
 */
public final class CertauditClient {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();

    private final URI baseUri;
    private final HttpClient http;
    private final Duration requestTimeout;

    public CertauditClient(URI baseUri, Duration requestTimeout) {
        this.baseUri = Objects.requireNonNull(baseUri, "base URI is required");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "request timeout is required");
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public static CertauditClient of(String baseUri) {
        return new CertauditClient(URI.create(baseUri.endsWith("/") ? baseUri.substring(0, baseUri.length() - 1) : baseUri),
                Duration.ofSeconds(30));
    }

    public static ObjectMapper json() {
        return JSON;
    }

    /** The local run's demo password convention: {@code <user>-pass}. */
    public static String demoPassword(String user) {
        return user + "-pass";
    }

    public static String encode(String pathSegmentOrQueryValue) {
        return URLEncoder.encode(pathSegmentOrQueryValue, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public URI baseUri() {
        return baseUri;
    }

    public Response get(String path, String user) {
        return send("GET", path, user, null, Map.of());
    }

    public Response send(String method, String path, String user, Object body) {
        return send(method, path, user, body, Map.of());
    }

    /**
     * Sends one request; answers any status (callers decide what they accept), fails only when nothing answered.
     * A fresh {@code X-Request-Id} goes with it unless {@code headers} has one.
     */
    public Response send(String method, String path, String user, Object body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUri.resolve(path))
                .timeout(requestTimeout)
                .header("Accept", "application/json, application/problem+json");
        if (headers.keySet().stream().noneMatch("X-Request-Id"::equalsIgnoreCase)) {
            request.header("X-Request-Id", UUID.randomUUID().toString());
        }
        if (user != null) {
            String credentials = user + ":" + demoPassword(user);
            request.header("Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        headers.forEach(request::header);
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(write(body), StandardCharsets.UTF_8));
        }
        String what = method + " " + baseUri.resolve(path) + (user == null ? "" : " as " + user);
        try {
            HttpResponse<String> response = http.send(request.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(what, response.statusCode(), read(response.body()), response.headers().map());
        } catch (IOException e) {
            throw new ApiException(0, what + ": no answer (" + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(0, what + ": interrupted");
        }
    }

    private static String write(Object body) {
        try {
            return body instanceof String text ? text : JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("request body cannot be written as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode read(String body) {
        if (body == null || body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return JSON.getNodeFactory().textNode(body);
        }
    }

    /** One answer: the request it answers (for messages), its status, its JSON body (missing if none) and headers. */
    public record Response(String request, int status, JsonNode body, Map<String, List<String>> headers) {

        /** The body when the status is one of {@code expected}; otherwise an {@link ApiException} naming both. */
        public JsonNode expect(int... expected) {
            if (Arrays.stream(expected).noneMatch(s -> s == status)) {
                throw new ApiException(status, request + ": expected HTTP " + Arrays.toString(expected)
                        + " but got " + status + describeProblem());
            }
            return body;
        }

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }

        private String describeProblem() {
            if (body.isMissingNode()) {
                return "";
            }
            String detail = body.path("detail").asText(body.path("title").asText(""));
            return detail.isEmpty() ? ": " + abbreviate(body.toString()) : ": " + detail;
        }

        private static String abbreviate(String text) {
            return text.length() <= 300 ? text : text.substring(0, 300) + "...";
        }
    }
}
