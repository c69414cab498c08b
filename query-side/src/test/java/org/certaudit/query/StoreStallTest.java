package org.certaudit.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
 * A store that stops answering on connections already open and accepts new ones without answering them either (as the
 * embedded store does while the command side hosting it is stopped with {@code SIGSTOP}): a read of the query side
 * answers 503 {@code store-unavailable} with {@code Retry-After} within the configured timeouts, where it hung until
 * the store came back. A read waiting on an open connection ends after {@code certaudit.mongodb.read-timeout}; once the
 * driver has taken the server for down (a new connection's handshake timed out, or the monitor's heartbeat after
 * {@code connect-timeout}), a read waits {@code server-selection-timeout} for it. The store sits behind a
 * {@link StallingProxy}.
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
    private static final String AUDIT = "/api/audits/7391-2031-SE.1";

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
    void aReadOnAConnectionTheStoreStoppedAnsweringIsA503WithinTheReadTimeout() throws Exception {
        assertThat(read(AUDIT).statusCode()).as("the audit read while the store answers").isEqualTo(404);

        PROXY.stall();
        long started = System.nanoTime();
        HttpResponse<String> stalled = read(AUDIT);
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(stalled.statusCode()).isEqualTo(503);
        assertThat(stalled.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(stalled.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(stalled.body()).contains("\"type\":\"urn:certaudit:problem:store-unavailable\"");
        assertThat(took).as("time to the 503").isLessThan(ANSWERED_WITHIN);
    }

    @Test
    void theSameReadAnswersOnceTheStoreAnswersAgain() throws Exception {
        PROXY.stall();
        assertThat(read(AUDIT).statusCode()).isEqualTo(503);

        PROXY.resume();
        // The driver finds the server up again at its monitor's next heartbeat, at most 500 ms apart while asked for.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(read(AUDIT).statusCode()).isEqualTo(404));
    }

    /** GET as the demo reviewer; a request that hangs fails the test after 30 s instead of holding the build. */
    private HttpResponse<String> read(String path) throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString("reviewer:reviewer-pass".getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                    .header("Authorization", "Basic " + basic)
                                    .header("Accept", "application/json")
                                    .timeout(Duration.ofSeconds(30))
                                    .build(), HttpResponse.BodyHandlers.ofString());
    }
}
