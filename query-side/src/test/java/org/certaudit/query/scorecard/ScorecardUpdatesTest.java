package org.certaudit.query.scorecard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.query.AuditFixtures;
import org.certaudit.query.ProjectStream;
import org.certaudit.query.QuerySideTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code GET /api/audits/{id}/scorecard/updates} over real HTTP (Java's client, as the benchmark and any non-browser
 * client reads it): the current version first, later versions only once the scorecard shows them, problems instead of
 * streams for bad ids, the stream limit, and streams forgotten when their client goes away or their time is up. A
 * context of its own: three streams at most, a heartbeat every 200 ms (a closed client is noticed on the next write)
 * and streams that end after 15 s.
 */
@QuerySideTest
@TestPropertySource(properties = {
        "certaudit.query.scorecard-updates.max-streams=3",
        "certaudit.query.scorecard-updates.heartbeat=PT0.2S",
        "certaudit.query.scorecard-updates.timeout=PT15S"})
class ScorecardUpdatesTest {

    static final ProjectNumber PROJECT = new ProjectNumber("7341-2026-SE");
    static final AuditId AUDIT = AuditId.of(PROJECT, 1);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;
    @Autowired
    EventStore eventStore;
    @Autowired
    ScorecardUpdates updates;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Subscriber> subscribers = new ArrayList<>();

    @AfterEach
    void closeClients() {
        subscribers.forEach(Subscriber::close);
        await().atMost(PATIENCE).until(() -> updates.openStreams() == 0);
    }

    @Test
    void sendsTheCurrentVersionFirstThenEachLaterVersionOnlyOnceTheScorecardShowsIt() throws Exception {
        long opened = openedAndProjected();
        Subscriber subscriber = subscribe(AUDIT, null);
        assertThat(subscriber.nextVersion()).as("the current version, at once").isEqualTo(opened);

        for (int i = 1; i <= 5; i++) {
            long version = ProjectStream.append(eventStore, "auditor",
                    AuditFixtures.openedThenScored(AUDIT, (int) opened + i, 1));
            long pushed = subscriber.nextVersion();
            // Read at once: the push comes only after the batch's read-model writes are stored.
            long shown = scorecardVersion(AUDIT);
            assertThat(shown).as("the scorecard right after version " + pushed + " was pushed").isGreaterThanOrEqualTo(pushed);
            while (pushed < version) {
                long later = subscriber.nextVersion();
                assertThat(later).as("versions only go forward").isGreaterThan(pushed);
                pushed = later;
            }
            assertThat(pushed).isEqualTo(version);
        }
    }

    @Test
    void aReconnectingClientGetsTheCurrentVersionWhateverItsLastEventId() throws Exception {
        long current = openedAndProjected();

        Subscriber reconnected = subscribe(AUDIT, "0");

        assertThat(reconnected.nextVersion()).isEqualTo(current);
    }

    @Test
    void aMalformedOrUnknownIdIsTheScorecardsProblemAndNoStream() throws Exception {
        HttpResponse<String> malformed = get("/api/audits/not-an-audit/scorecard/updates", "auditor:auditor-pass");
        HttpResponse<String> unknown = get("/api/audits/" + AuditId.of(PROJECT, 9) + "/scorecard/updates", "auditor:auditor-pass");
        HttpResponse<String> unknownScorecard = get("/api/audits/" + AuditId.of(PROJECT, 9) + "/scorecard", "auditor:auditor-pass");

        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(malformed.body()).path("errors").get(0).path("field").asText()).isEqualTo("id");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(unknown.body()).path("detail"))
                .isEqualTo(JSON.readTree(unknownScorecard.body()).path("detail"));
        assertThat(updates.openStreams()).isZero();
    }

    @Test
    void asksForTheSameSignInAsTheScorecard() throws Exception {
        openedAndProjected();

        HttpResponse<String> anonymous = get("/api/audits/" + AUDIT + "/scorecard/updates", null);

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
        assertThat(updates.openStreams()).isZero();
    }

    @Test
    void refusesAStreamAboveTheLimitWith503AndRetryAfter() throws Exception {
        long current = openedAndProjected();
        for (int i = 0; i < 3; i++) {
            assertThat(subscribe(AUDIT, null).nextVersion()).isEqualTo(current);
        }

        HttpResponse<String> refused = get("/api/audits/" + AUDIT + "/scorecard/updates", "auditor:auditor-pass");

        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue(Integer.toString(ScorecardController.RETRY_AFTER_SECONDS));
        JsonNode problem = JSON.readTree(refused.body());
        assertThat(problem.path("type").asText()).isEqualTo("urn:certaudit:problem:unavailable");
        assertThat(problem.path("detail").asText()).contains("certaudit.query.scorecard-updates.max-streams");
        assertThat(updates.openStreams()).isEqualTo(3);
    }

    @Test
    void forgetsTheStreamOfAClientThatWentAway() throws Exception {
        openedAndProjected();
        Subscriber subscriber = subscribe(AUDIT, null);
        subscriber.nextVersion();
        assertThat(updates.openStreams()).isEqualTo(1);

        subscriber.close();

        await().atMost(PATIENCE).until(() -> updates.openStreams() == 0);
    }

    @Test
    @ExtendWith(OutputCaptureExtension.class)
    void endsAStreamWhenItsTimeIsUpAndForgetsIt(CapturedOutput output) throws Exception {
        openedAndProjected();
        Subscriber subscriber = subscribe(AUDIT, null);
        subscriber.nextVersion();

        await().atMost(PATIENCE).until(subscriber::ended);

        assertThat(subscriber.lines).as("comments meanwhile").contains(":heartbeat");
        await().atMost(PATIENCE).until(() -> updates.openStreams() == 0);
        assertThat(output.getAll()).as("a stream's end is no failure").doesNotContain("AsyncRequestTimeoutException");
    }

    /** Opens the audit (once for the class) and waits until its scorecard shows the stream's last version. */
    private long openedAndProjected() throws Exception {
        long version = eventStore.lastSequenceNumberFor(PROJECT.value()).orElse(-1L);
        if (version < 0) {
            version = ProjectStream.append(eventStore, "leader", AuditFixtures.openedThenScored(AUDIT, 0, 1));
        }
        long expected = version;
        await().atMost(PATIENCE).until(() -> scorecardVersion(AUDIT) == expected);
        return expected;
    }

    private long scorecardVersion(AuditId audit) throws Exception {
        HttpResponse<String> answer = get("/api/audits/" + audit + "/scorecard", "auditor:auditor-pass");
        return answer.statusCode() == 200 ? JSON.readTree(answer.body()).path("version").asLong() : -1;
    }

    /** A GET as EventSource sends it for the updates ({@code Accept: text/event-stream}), else asking for JSON. */
    private HttpResponse<String> get(String path, String user) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Accept", path.endsWith("/updates") ? "text/event-stream" : "application/json")
                .timeout(Duration.ofSeconds(30));
        if (user != null) {
            request.header("Authorization", basic(user));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private Subscriber subscribe(AuditId audit, String lastEventId) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/audits/" + audit
                + "/scorecard/updates")).header("Accept", "text/event-stream").header("Authorization", basic("auditor:auditor-pass"));
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = http.send(request.build(), HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/event-stream"));
        Subscriber subscriber = new Subscriber(response.body());
        subscribers.add(subscriber);
        return subscriber;
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8));
    }

    /** Reads a stream's lines on a thread of its own; the versions of its {@code scorecard} events in a queue. */
    private static final class Subscriber {

        final BlockingQueue<Long> versions = new LinkedBlockingQueue<>();
        final List<String> lines = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final Stream<String> body;
        private final Thread reader;
        private volatile boolean ended;

        Subscriber(Stream<String> body) {
            this.body = body;
            this.reader = new Thread(() -> {
                String event = null;
                try {
                    for (String line : (Iterable<String>) body::iterator) {
                        lines.add(line);
                        if (line.startsWith("event:")) {
                            event = line.substring(6).strip();
                        } else if (line.startsWith("data:") && ScorecardUpdates.EVENT.equals(event)) {
                            JsonNode data = JSON.readTree(line.substring(5));
                            assertThat(data.path("auditId").asText()).isEqualTo(AUDIT.value());
                            versions.add(data.path("version").asLong());
                        } else if (line.isEmpty()) {
                            event = null;
                        }
                    }
                } catch (Exception e) {
                    // closed by the test
                } finally {
                    ended = true;
                }
            }, "sse-subscriber");
            reader.setDaemon(true);
            reader.start();
        }

        long nextVersion() throws InterruptedException {
            Long version = versions.poll(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertThat(version).as("a version pushed within " + PATIENCE).isNotNull();
            return version;
        }

        boolean ended() {
            return ended;
        }

        void close() {
            body.close();
        }
    }
}
