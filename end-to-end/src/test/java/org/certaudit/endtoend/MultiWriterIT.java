package org.certaudit.endtoend;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.certaudit.demo.CertauditClient;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.certaudit.demo.SeedAuditDriver;
import org.certaudit.demo.SeedFixture;
import org.certaudit.demo.SeededProject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two command-side processes on one store (the first hosts the embedded store, the second connects to it)
 * and one query side. The seed audit goes in with every request sent to the other instance than the one
 * before; then both instances race on one audit and on creating one project. Every acknowledged change must
 * be in the trail exactly once and in order, and the live scorecard must equal time travel at its version.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiWriterIT {

    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final String LOCAL_PROFILE = "--spring.profiles.active=local";

    @TempDir
    static Path dataDir;

    private final List<AppProcess> started = new ArrayList<>();
    private CertauditClient first;
    private CertauditClient second;
    private CertauditClient query;
    private SeedAuditDriver driver;
    private SeededProject project;
    private int storePort;
    private String queryUrl;

    @BeforeAll
    void startTwoCommandSidesAndOneQuerySide() {
        storePort = AppProcess.freePort();
        AppProcess hosting = track(AppProcess.start("multi-command-side-1", EndToEndIT.jar("command-side"), logDir(),
                AppProcess.freePort(), List.of(LOCAL_PROFILE, "--certaudit.embedded.enabled=true",
                        "--certaudit.embedded.port=" + storePort, "--certaudit.embedded.data-dir=" + dataDir)));
        hosting.awaitHealthy(STARTUP);
        String store = "--certaudit.mongodb.uri=mongodb://127.0.0.1:" + storePort;
        AppProcess other = track(AppProcess.start("multi-command-side-2", EndToEndIT.jar("command-side"), logDir(),
                AppProcess.freePort(), List.of(LOCAL_PROFILE, "--certaudit.embedded.enabled=false", store)));
        AppProcess querySide = track(AppProcess.start("multi-query-side", EndToEndIT.jar("query-side"), logDir(),
                AppProcess.freePort(), List.of(LOCAL_PROFILE, "--certaudit.embedded.enabled=false", store)));
        other.awaitHealthy(STARTUP);
        querySide.awaitHealthy(STARTUP);
        first = CertauditClient.of(hosting.baseUrl());
        second = CertauditClient.of(other.baseUrl());
        query = CertauditClient.of(querySide.baseUrl());
        queryUrl = querySide.baseUrl();
        driver = new SeedAuditDriver(List.of(first, second), query, line -> { });
        project = driver.load();
    }

    @AfterAll
    void stopSystem() {
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    @Test
    @Order(1)
    void theSeedAuditSentAlternatelyToTwoInstancesIsWholeInOrderAndEqualsItsTimeTravel() {
        JsonNode live = scorecard(project.initialAuditId(), "");
        assertThat(live.path("total").decimalValue()).isEqualByComparingTo("145.75");
        assertThat(live.path("grade").asText()).isEqualTo("TEN_STAR");
        assertThat(live.path("version").asLong()).isEqualTo(project.initialVersion());

        assertTrailIsWholeAndInOrder(project.initialAuditId(), project.initialVersion());
        assertThat(withoutPointInTime(scorecard(project.initialAuditId(), "?atVersion=" + project.initialVersion())))
                .isEqualTo(withoutPointInTime(live));
    }

    @Test
    @Order(2)
    void bothInstancesScoringOneAuditAtOnceLoseNoAcknowledgedChange() throws Exception {
        String audit = project.surveillanceAuditId();
        List<String> clauses = List.of("5.1.1.1", "5.1.1.3", "5.1.2.1", "5.1.2.2", "5.1.3.1", "5.2.1.1", "5.2.1.2",
                "5.2.2.1", "5.3.1.1", "5.3.1.2", "5.3.2.1", "5.3.2.2");
        ExecutorService pool = Executors.newFixedThreadPool(6);
        AtomicInteger conflicts = new AtomicInteger();
        List<CompletableFuture<Long>> answers = new ArrayList<>();
        for (int i = 0; i < clauses.size(); i++) {
            CertauditClient instance = i % 2 == 0 ? first : second;
            String clause = clauses.get(i);
            answers.add(CompletableFuture.supplyAsync(() -> scoreUntilAccepted(instance, audit, clause, conflicts), pool));
        }
        List<Long> acknowledged = answers.stream().map(CompletableFuture::join).toList();
        pool.shutdown();
        System.out.printf("two instances scoring one audit: %d changes, %d refused as concurrent and retried%n",
                clauses.size(), conflicts.get());

        long version = acknowledged.stream().mapToLong(Long::longValue).max().orElseThrow();
        driver.awaitProjected(audit, version, Duration.ofSeconds(60));
        List<Long> trail = assertTrailIsWholeAndInOrder(audit, version);
        assertThat(trail).as("every acknowledged change, once").containsAll(acknowledged);
        assertThat(acknowledged).doesNotHaveDuplicates();
        for (String clause : clauses) {
            JsonNode history = query.get("/api/audits/" + audit + "/items/" + clause + "/history", "reviewer").expect(200);
            assertThat(history.get(history.size() - 1).path("newPercent").decimalValue())
                    .as("last change of " + clause).isEqualByComparingTo("88");
        }
        JsonNode live = scorecard(audit, "");
        assertThat(live.path("version").asLong()).isEqualTo(version);
        assertThat(withoutPointInTime(scorecard(audit, "?atVersion=" + version))).isEqualTo(withoutPointInTime(live));
    }

    @Test
    @Order(3)
    void creatingOneProjectOnBothInstancesAtOnceOpensItOnceAndRefusesTheRestWith409() {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<CompletableFuture<CertauditClient.Response>> answers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            CertauditClient instance = i % 2 == 0 ? first : second;
            answers.add(CompletableFuture.supplyAsync(() -> instance.send("POST", "/api/audits", "admin",
                    opening("9001-2026-SE")), pool));
        }
        List<CertauditClient.Response> responses = answers.stream().map(CompletableFuture::join).toList();
        pool.shutdown();

        assertThat(responses).extracting(CertauditClient.Response::status).containsOnly(201, 409);
        assertThat(responses).filteredOn(response -> response.status() == 201).hasSize(1);
        responses.stream().filter(response -> response.status() == 409).forEach(response -> {
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(response.body().path("type").asText())
                    .isIn("urn:certaudit:problem:concurrent-change", "urn:certaudit:problem:broken-rule");
        });
        driver.awaitProjected("9001-2026-SE.1", 0, Duration.ofSeconds(60));
        assertThat(assertTrailIsWholeAndInOrder("9001-2026-SE.1", 0)).containsExactly(0L);
    }

    /**
     * Issue #13: after both instances raced, the verifier's {@code --store} mode, run as a regulator runs it, finds every
     * stream one unbroken chain, every leaf of the transparency log the event it names and every signed head the tree
     * rebuilt from the events; and the log holds each stored event once, each stream in sequence order, in position
     * order but for an event whose write landed after a later position's (a gap filled late, ledger/README.md).
     */
    @Test
    @Order(4)
    void afterTheRaceTheStoreIsOneChainPerStreamAndTheLogHoldsEachEventOnceInPositionOrder() throws Exception {
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + storePort)) {
            MongoDatabase database = client.getDatabase("certaudit");
            List<Document> events = database.getCollection("events").find(Filters.exists("abandoned", false))
                    .sort(Sorts.ascending("_id")).into(new ArrayList<>());
            await().atMost(Duration.ofSeconds(60)).until(() ->
                    database.getCollection("ledger_leaves").countDocuments() >= events.size());
            List<Document> leaves = database.getCollection("ledger_leaves").find().sort(Sorts.ascending("_id"))
                    .into(new ArrayList<>());
            Map<Long, Document> byPosition = new HashMap<>();
            events.forEach(event -> byPosition.put(((Number) event.get("_id")).longValue(), event));
            assertThat(leaves).extracting(leaf -> ((Number) leaf.get("position")).longValue())
                    .as("each stored event once").doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(byPosition.keySet());
            Map<String, Long> lastSeq = new HashMap<>();
            long highest = -1;
            int lateGaps = 0;
            for (Document leaf : leaves) {
                Document event = byPosition.get(((Number) leaf.get("position")).longValue());
                assertThat(leaf.getString("eventHash")).isEqualTo(event.getString("hash"));
                long seq = ((Number) event.get("seq")).longValue();
                Long before = lastSeq.put(event.getString("aggregateId"), seq);
                assertThat(seq).as("stream %s in sequence order", event.getString("aggregateId"))
                        .isEqualTo(before == null ? 0 : before + 1);
                long position = ((Number) event.get("_id")).longValue();
                if (position < highest) {
                    lateGaps++;
                    assertThat(appendedAt(event)).as("logged after position %d: its write landed later", highest)
                            .isGreaterThan(appendedAt(byPosition.get(highest)));
                } else {
                    highest = position;
                }
            }
            Path key = Files.writeString(dataDir.resolve("public.pem"), publicKey());
            Process verifier = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                    EndToEndIT.verifierJar().toString(), "--store", "mongodb://127.0.0.1:" + storePort, "--key", key.toString())
                    .redirectErrorStream(true).start();
            String output = new String(verifier.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(verifier.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(verifier.exitValue()).as(output).isZero();
            assertThat(output).startsWith("OK");
            System.out.printf("MultiWriterIT: %d events in the log once each, %d logged after a later position; verifier: %s%n",
                    leaves.size(), lateGaps, output.lines().findFirst().orElse(""));
        }
    }

    private static long appendedAt(Document event) {
        Object value = event.get("appendedAt");
        return value instanceof java.util.Date date ? date.getTime() : ((Number) value).longValue();
    }

    private String publicKey() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(queryUrl + "/api/ledger/public-key")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    /** Sends the change until it is taken, counting the concurrent-change refusals; the version it got. */
    private static long scoreUntilAccepted(CertauditClient instance, String audit, String clause, AtomicInteger conflicts) {
        while (true) {
            CertauditClient.Response response = instance.send("PUT", "/api/audits/" + audit + "/items/" + clause,
                    "auditor", Map.of("percent", 88, "note", "两实例同时评分", "reason", "复核后调整"));
            if (response.status() != 409) {
                return response.expect(200).path("version").asLong();
            }
            assertThat(response.body().path("type").asText()).isEqualTo("urn:certaudit:problem:concurrent-change");
            conflicts.incrementAndGet();
        }
    }

    private static ObjectNode opening(String projectNumber) {
        ObjectNode body = SeedFixture.load().opening().deepCopy();
        body.put("projectNumber", projectNumber);
        return body;
    }

    /** The audit's trail ends at {@code version}, each sequence number once, positions growing with them. */
    private List<Long> assertTrailIsWholeAndInOrder(String audit, long version) {
        List<Long> sequences = new ArrayList<>();
        List<Long> positions = new ArrayList<>();
        int page = 0;
        JsonNode trail;
        do {
            trail = query.get("/api/audits/" + audit + "/events?size=200&page=" + page++, "regulator").expect(200);
            trail.path("content").forEach(entry -> {
                sequences.add(entry.path("sequenceNumber").asLong());
                positions.add(entry.path("position").asLong());
            });
        } while (page < trail.path("totalPages").asInt());
        assertThat(sequences).as("the audit's events in the trail").doesNotHaveDuplicates().isSorted();
        assertThat(sequences.get(sequences.size() - 1)).isEqualTo(version);
        assertThat(positions).as("positions in sequence order").isSorted().doesNotHaveDuplicates();
        return sequences;
    }

    private JsonNode scorecard(String audit, String query) {
        return this.query.get("/api/audits/" + audit + "/scorecard" + query, "reviewer").expect(200);
    }

    private static JsonNode withoutPointInTime(JsonNode scorecard) {
        ObjectNode copy = scorecard.deepCopy();
        copy.remove("asOf");
        copy.remove("atVersion");
        // The tree head: a head signed between the two answers may cover one and not the other (AnswerTreeHeadTest).
        copy.remove("ledger");
        return copy;
    }

    private AppProcess track(AppProcess process) {
        started.add(process);
        return process;
    }

    private static Path logDir() {
        return Path.of(System.getProperty("certaudit.e2e.log-dir", "target/e2e-logs"));
    }
}
