package org.certaudit.benchmark;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

/** JSON over HTTP to one side, as a demo user of the local run ({@code <user>-pass}). */
final class Http {

    static final ObjectMapper JSON = JsonMapper.builder().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    private final String baseUrl;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    Http(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** One answer: status, JSON body (missing if none), and the request id it was sent with. */
    record Answer(int status, JsonNode body, String requestId) {

        JsonNode expect(int... statuses) {
            for (int status : statuses) {
                if (status == this.status) {
                    return body;
                }
            }
            throw new IllegalStateException("HTTP " + status + ": " + body);
        }
    }

    Answer get(String path, String user) {
        return send("GET", path, user, null);
    }

    Answer send(String method, String path, String user, Object body) {
        String requestId = UUID.randomUUID().toString();
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json, application/problem+json")
                .header("X-Request-Id", requestId)
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + user + "-pass").getBytes(StandardCharsets.UTF_8)));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            try {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(e);
            }
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body() == null || response.body().isBlank() ? MissingNode.getInstance()
                    : JSON.readTree(response.body());
            return new Answer(response.statusCode(), json, requestId);
        } catch (JsonProcessingException e) {
            return new Answer(-1, MissingNode.getInstance(), requestId);
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + ": no answer (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /**
     * Opens a {@code text/event-stream} ({@code Accept: text/event-stream}) and answers its lines as they arrive;
     * closing the stream closes the connection.
     */
    java.util.stream.Stream<String> eventStream(String path, String user) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + user + "-pass").getBytes(StandardCharsets.UTF_8))).build();
        try {
            HttpResponse<java.util.stream.Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
            if (response.statusCode() != 200) {
                String problem = String.join("\n", response.body().toList());
                throw new IllegalStateException("GET " + path + ": HTTP " + response.statusCode() + ": " + problem);
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + ": no answer (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    String text(String path, String user) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((user + ":" + user + "-pass").getBytes(StandardCharsets.UTF_8))).build();
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + ": no answer (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
