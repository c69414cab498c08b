package org.certaudit.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.certaudit.eventstore.embedded.EmbeddedMongoStore;
import org.certaudit.web.StallingProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A change whose reads the store stops answering (its process paused: connections stay open, new ones are accepted,
 * nothing comes back) is a 503 {@code store-unavailable} with {@code Retry-After} within the configured timeouts,
 * where it hung until the store came back; the store sits behind a {@link StallingProxy}. Here the change is the
 * cancellation of an audit of a project the store does not hold: the read of the project's events is what waits.
 */
@ActiveProfiles("local")
@DirtiesContext
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "certaudit.embedded.enabled=false",
        "certaudit.mongodb.read-timeout=1s",
        "certaudit.mongodb.connect-timeout=2s",
        "certaudit.mongodb.server-selection-timeout=2s",
        "axoniq.update-checker.disabled=true"})
class StoreStallTest {

    /** The read timeout and the server selection timeout after it, with room for a loaded machine. */
    private static final Duration ANSWERED_WITHIN = Duration.ofSeconds(8);
    private static final String CANCELLATION = "/api/audits/7392-2031-SE.1/cancellation";

    // Neither is closed: the context, closed after this class, still talks to the store as it stops, and both end
    // with the test JVM (an in-memory store, daemon threads).
    private static final EmbeddedMongoStore STORE = EmbeddedMongoStore.inMemory(0);
    private static final StallingProxy PROXY = StallingProxy.to(STORE.port());

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void store(DynamicPropertyRegistry registry) {
        registry.add("certaudit.mongodb.uri", () -> "mongodb://127.0.0.1:" + PROXY.port());
    }

    @AfterEach
    void storeAnswersAgain() {
        PROXY.resume();
    }

    @Test
    void aChangeWhoseReadTheStoreStopsAnsweringIsA503WithinTheTimeouts() throws Exception {
        assertThat(cancel().statusCode()).as("the change while the store answers").isEqualTo(404);

        PROXY.stall();
        long started = System.nanoTime();
        HttpResponse<String> stalled = cancel();
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(stalled.statusCode()).isEqualTo(503);
        assertThat(stalled.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(stalled.body()).contains("\"type\":\"urn:certaudit:problem:store-unavailable\"");
        assertThat(took).as("time to the 503").isLessThan(ANSWERED_WITHIN);

        PROXY.resume();
        // The driver finds the server up again at its monitor's next heartbeat, at most 500 ms apart while asked for.
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int status;
        while ((status = cancel().statusCode()) == 503 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(status).as("the change once the store answers again").isEqualTo(404);
    }

    /** The cancellation as the demo admin; a request that hangs fails the test after 30 s instead of holding the build. */
    private HttpResponse<String> cancel() throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString("admin:admin-pass".getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + CANCELLATION))
                                    .header("Authorization", "Basic " + basic)
                                    .header("Content-Type", "application/json")
                                    .header("Accept", "application/json")
                                    .timeout(Duration.ofSeconds(30))
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"reason\":\"误开\"}"))
                                    .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
