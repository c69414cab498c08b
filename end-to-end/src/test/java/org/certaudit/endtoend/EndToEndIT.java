package org.certaudit.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.certaudit.demo.CertauditClient;
import org.certaudit.demo.SeedAuditDriver;
import org.certaudit.demo.SeededProject;
import org.certaudit.scheme.ItemResult;
import org.certaudit.scheme.Percent;
import org.certaudit.scheme.Scheme;
import org.certaudit.scheme.Scorecard;
import org.certaudit.scheme.SeedReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the packaged command-side jar (embedded store on a free port, data in a temporary directory)
 * and the query-side jar pointed at it, loads the seed audit through the HTTP API with the demo users,
 * and checks what a leader, reviewer and regulator would see, also after the query side was killed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EndToEndIT {

    private static final Duration STARTUP = Duration.ofSeconds(120);
    private static final String READER = "reviewer";
    /** The demo users live in the local profile. */
    private static final String LOCAL_PROFILE = "--spring.profiles.active=local";

    @TempDir
    static Path dataDir;

    private final List<AppProcess> started = new ArrayList<>();
    private int storePort;
    private AppProcess querySide;
    private CertauditClient command;
    private CertauditClient query;
    private SeedAuditDriver driver;
    private SeededProject project;

    @BeforeAll
    void startSystemAndLoadTheSeedAudit() {
        storePort = AppProcess.freePort();
        AppProcess commandSide = track(AppProcess.start("command-side", jar("command-side"), logDir(),
                AppProcess.freePort(), List.of(
                        LOCAL_PROFILE,
                        // The seed audit comes through the HTTP API here, not from the command side's own loader.
                        "--certaudit.embedded.enabled=true",
                        "--certaudit.embedded.port=" + storePort,
                        "--certaudit.embedded.data-dir=" + dataDir)));
        commandSide.awaitHealthy(STARTUP);
        querySide = startQuerySide("query-side");
        query = CertauditClient.of(querySide.baseUrl());
        command = CertauditClient.of(commandSide.baseUrl());
        driver = new SeedAuditDriver(command, query, line -> { });
        project = driver.load();
    }

    @AfterAll
    void stopSystem() {
        // Query side first: the command side hosts the store it reads.
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    @Test
    @Order(1)
    void seedAuditScoresTenStarWithTheReportsTotals() {
        JsonNode scorecard = scorecard(project.initialAuditId());

        assertThat(scorecard.path("total").decimalValue()).isEqualByComparingTo("145.75");
        assertThat(scorecard.path("grade").asText()).isEqualTo("TEN_STAR");
        assertThat(partEarned(scorecard, "5.1")).isEqualByComparingTo("71.24");
        assertThat(partEarned(scorecard, "5.2")).isEqualByComparingTo("33.035");
        assertThat(partEarned(scorecard, "5.3")).isEqualByComparingTo("36.62");
        assertThat(scorecard.path("items")).hasSize(94);
        assertThat(scorecard.path("items")).filteredOn(item -> item.path("notApplicable").asBoolean()).hasSize(4);
        assertThat(item(scorecard, "5.2.2.3").path("earned").decimalValue()).isEqualByComparingTo("1.455");
        assertThat(scorecard.path("complete").asBoolean()).isTrue();
    }

    @Test
    @Order(2)
    void revisedItemShowsItsDraftScoreThenTheRevisionWithReasonAndUser() {
        JsonNode changes = history(project.initialAuditId(), project.revisedClause());

        assertThat(changes).hasSize(2);
        JsonNode draft = changes.get(0);
        JsonNode revision = changes.get(1);
        assertThat(draft.path("kind").asText()).isEqualTo("SCORED");
        assertThat(draft.path("newPercent").decimalValue()).isEqualByComparingTo(project.draftPercent().value());
        assertThat(revision.path("kind").asText()).isEqualTo("REVISED");
        assertThat(revision.path("oldPercent").decimalValue()).isEqualByComparingTo("95");
        assertThat(revision.path("newPercent").decimalValue()).isEqualByComparingTo("97");
        assertThat(revision.path("reason").asText()).isEqualTo(SeedAuditDriver.REVISION_REASON);
        assertThat(revision.path("user").asText()).isEqualTo("leader");
        assertThat(revision.path("member").path("code").asText()).as("the leader as the team then stood").isEqualTo("A");
        assertThat(revision.path("member").path("role").asText()).isEqualTo("LEADER");
        assertThat(revision.path("position").asLong()).isGreaterThan(draft.path("position").asLong());
    }

    @Test
    @Order(3)
    void lineageShowsTheSurveillanceAuditAfterTheInitialOneWithItsChangedItems() {
        JsonNode audits = lineageAudits();

        assertThat(audits).hasSize(2);
        JsonNode initial = audits.get(0);
        JsonNode surveillance = audits.get(1);
        assertThat(initial.path("auditId").asText()).isEqualTo(project.initialAuditId());
        assertThat(initial.path("type").asText()).isEqualTo("INITIAL");
        assertThat(initial.path("total").decimalValue()).isEqualByComparingTo("145.75");
        assertThat(initial.path("grade").asText()).isEqualTo("TEN_STAR");
        assertThat(initial.path("recommendedGrade").asText()).isEqualTo("TEN_STAR");
        assertThat(surveillance.path("auditId").asText()).isEqualTo(project.surveillanceAuditId());
        assertThat(surveillance.path("type").asText()).isEqualTo("SURVEILLANCE");
        assertThat(surveillance.path("total").decimalValue()).isEqualByComparingTo(expectedTotal(project.surveillanceChanges()));
        assertThat(changedClauses(surveillance)).containsExactlyInAnyOrderElementsOf(project.surveillanceChanges().keySet());
        JsonNode firstChange = surveillance.path("changes").get(0);
        assertThat(firstChange.path("clause").asText()).isEqualTo("5.1.1.2");
        assertThat(firstChange.path("before").path("percent").decimalValue()).isEqualByComparingTo("99");
        assertThat(firstChange.path("after").path("percent").decimalValue()).isEqualByComparingTo("100");
        assertThat(surveillance.path("cycle").asInt()).isEqualTo(initial.path("cycle").asInt());
    }

    @Test
    @Order(4)
    void demoLoaderLeavesAProjectThatAlreadyHasAuditsAlone() {
        assertThat(driver.loadIfAbsent()).isEmpty();
        assertThat(lineageAudits()).hasSize(2);
    }

    @Test
    @Order(5)
    void querySideKilledWithSigkillMidwayAnswersTheSameAfterARestartAndTakesEveryLaterEventOnce() {
        JsonNode scorecardBefore = scorecard(project.initialAuditId());
        JsonNode historyBefore = history(project.initialAuditId(), project.revisedClause());
        JsonNode lineageBefore = lineage();
        Map<String, Percent> lateChanges = lateChanges();
        long lastVersion = 0;
        for (Map.Entry<String, Percent> change : lateChanges.entrySet()) {
            lastVersion = command.send("PUT", "/api/audits/" + project.surveillanceAuditId() + "/items/" + change.getKey(),
                    "auditor", Map.of("percent", change.getValue().value(), "note", "复核", "reason", "复核后调整"))
                    .expect(200).path("version").asLong();
        }

        querySide.kill();
        started.remove(querySide);
        querySide = startQuerySide("query-side-restarted");
        query = CertauditClient.of(querySide.baseUrl());
        driver = new SeedAuditDriver(command, query, line -> { });
        driver.awaitProjected(project.surveillanceAuditId(), lastVersion, Duration.ofSeconds(60));

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            assertThat(scorecard(project.initialAuditId())).isEqualTo(scorecardBefore);
            assertThat(history(project.initialAuditId(), project.revisedClause())).isEqualTo(historyBefore);
        });
        JsonNode lineageAfter = lineage();
        assertThat(lineageAfter.path("audits").get(0)).isEqualTo(lineageBefore.path("audits").get(0));
        Map<String, Percent> allChanges = new LinkedHashMap<>(project.surveillanceChanges());
        allChanges.putAll(lateChanges);
        assertThat(scorecard(project.surveillanceAuditId()).path("total").decimalValue())
                .isEqualByComparingTo(expectedTotal(allChanges));
        for (String clause : lateChanges.keySet()) {
            assertThat(history(project.surveillanceAuditId(), clause)).extracting(change -> change.path("kind").asText())
                    .as("history of " + clause + ": each event taken once").containsExactly("SCORED", "REVISED");
        }
    }

    /** Scored items of the seed, not among the surveillance changes, each lowered to 90 %. */
    private Map<String, Percent> lateChanges() {
        Map<String, Percent> changes = new LinkedHashMap<>();
        SeedReport.itemResults().forEach((clause, result) -> {
            if (!result.notApplicable() && !project.surveillanceChanges().containsKey(clause) && changes.size() < 8) {
                changes.put(clause, Percent.of(90));
            }
        });
        return changes;
    }

    private AppProcess startQuerySide(String name) {
        return track(AppProcess.start(name, jar("query-side"), logDir(), AppProcess.freePort(), List.of(
                LOCAL_PROFILE,
                "--certaudit.embedded.enabled=false",
                "--certaudit.mongodb.uri=mongodb://127.0.0.1:" + storePort))).awaitHealthy(STARTUP);
    }

    private AppProcess track(AppProcess process) {
        started.add(process);
        return process;
    }

    private JsonNode scorecard(String auditId) {
        return query.get("/api/audits/" + auditId + "/scorecard", READER).expect(200);
    }

    private JsonNode history(String auditId, String clause) {
        return query.get("/api/audits/" + auditId + "/items/" + clause + "/history", READER).expect(200);
    }

    private JsonNode lineage() {
        return query.get("/api/projects/" + project.projectNumber() + "/lineage", "regulator").expect(200);
    }

    private JsonNode lineageAudits() {
        return lineage().path("audits");
    }

    private static BigDecimal partEarned(JsonNode scorecard, String part) {
        return StreamSupport.stream(scorecard.path("parts").spliterator(), false)
                .filter(subtotal -> part.equals(subtotal.path("number").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("scorecard has no part " + part + ": " + scorecard.path("parts")))
                .path("earned").decimalValue();
    }

    private static JsonNode item(JsonNode scorecard, String clause) {
        return StreamSupport.stream(scorecard.path("items").spliterator(), false)
                .filter(item -> clause.equals(item.path("clause").asText()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("scorecard has no item " + clause));
    }

    private static List<String> changedClauses(JsonNode lineageEntry) {
        return StreamSupport.stream(lineageEntry.path("changes").spliterator(), false)
                .map(change -> change.path("clause").asText())
                .toList();
    }

    /** The surveillance audit's total by the shared-kernel scoring rules: the seed with the given changes. */
    private static BigDecimal expectedTotal(Map<String, Percent> changes) {
        Map<String, ItemResult> results = new LinkedHashMap<>(SeedReport.itemResults());
        changes.forEach((clause, percent) -> results.put(clause, ItemResult.scored(percent)));
        return Scorecard.of(Scheme.ctsIscJsgf06(), results, 0, 0).total();
    }

    static Path jar(String module) {
        Path jar = Path.of(System.getProperty("certaudit.e2e." + module + "-jar",
                "../" + module + "/target/" + module + "-0.1.0-SNAPSHOT.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(module + " jar " + jar.toAbsolutePath() + " is missing: run ./mvnw -B verify");
        }
        return jar;
    }

    private static Path logDir() {
        return Path.of(System.getProperty("certaudit.e2e.log-dir", "target/e2e-logs"));
    }
}
