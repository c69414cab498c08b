package org.certaudit.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

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

    @BeforeAll
    void startTwoCommandSidesAndOneQuerySide() {
        int storePort = AppProcess.freePort();
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
