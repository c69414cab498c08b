package org.certaudit.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
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
 * and checks what a leader, reviewer and regulator would see, also after the query side was killed; then runs
 * ledger-verifier.jar as its own process on an evidence bundle exported over HTTP, before and after a change
 * made directly in the store.
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
        // An answer names the latest tree head (covers=false) until one is signed over its last event, at most
        // sign-interval (10 s) later; from then on it names the earliest covering head, which a restart must keep.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(scorecard(project.initialAuditId()).path("ledger").path("covers").asBoolean())
                        .as("a signed tree head covers the initial audit's scorecard").isTrue());
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
        // awaitProjected followed the audit summary; the scorecard and the histories are other processors, each
        // at its own pace after the restart. A skipped event never reaches the total, a doubled one never leaves
        // a history: both fail the wait.
        long lastLateVersion = lastVersion;
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode surveillance = scorecard(project.surveillanceAuditId());
            assertThat(surveillance.path("version").asLong()).isGreaterThanOrEqualTo(lastLateVersion);
            assertThat(surveillance.path("total").decimalValue()).isEqualByComparingTo(expectedTotal(allChanges));
            for (String clause : lateChanges.keySet()) {
                assertThat(history(project.surveillanceAuditId(), clause)).extracting(change -> change.path("kind").asText())
                        .as("history of " + clause + ": each event taken once").containsExactly("SCORED", "REVISED");
            }
        });
    }

    @Test
    @Order(6)
    void theVerifierAsItsOwnProcessAcceptsABundleExportedOverHttp() throws Exception {
        Path key = ledgerFile("public.pem", raw("/api/ledger/public-key", null));
        Path head = ledgerFile("head.json", raw("/api/ledger/tree-heads/latest", null));
        keptTreeSize = CertauditClient.json().readTree(head.toFile()).path("treeSize").asLong();
        // The log grows after the regulator kept its tree head: the bundle must prove it extends that head.
        command.send("PUT", "/api/audits/" + project.surveillanceAuditId() + "/items/" + lateChanges().keySet().iterator().next(),
                "auditor", Map.of("percent", 85, "note", "复核", "reason", "再次复核")).expect(200);
        Path bundle = ledgerFile("bundle.json", raw("/api/projects/" + project.projectNumber()
                + "/evidence?consistencyFrom=" + keptTreeSize, "regulator"));

        VerifierRun run = verify(bundle.toString(), "--key", key.toString(), "--tree-head", head.toString());

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).startsWith("OK").contains("proven in tree head").contains("extends the kept");
        assertThat(CertauditClient.json().readTree(bundle.toFile()).path("treeHead").path("treeSize").asLong())
                .isGreaterThan(keptTreeSize);
    }

    @Test
    @Order(7)
    void theVerifierNamesTheEventChangedInTheStoreAfterwards() throws Exception {
        String stream = project.projectNumber() + "/" + String.format("%019d", 10);
        long position;
        Object id;
        String storedMetaData;
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + storePort)) {
            MongoCollection<Document> events = client.getDatabase("certaudit").getCollection("events");
            Document event = events.find(Filters.eq("stream", stream)).first();
            assertThat(event).as("sequence 10 of the seed project").isNotNull();
            id = event.get("_id");
            position = ((Number) id).longValue();
            storedMetaData = event.getString("metaData");
            events.updateOne(Filters.eq("_id", event.get("_id")),
                    Updates.set("metaData", storedMetaData.replaceFirst("\\{", "{\"edited\":\"by hand\",")));
        }
        Path key = ledgerDir().resolve("public.pem");
        Path head = ledgerDir().resolve("head.json");
        Path bundle = ledgerFile("bundle-after-change.json", raw("/api/projects/" + project.projectNumber()
                + "/evidence?consistencyFrom=" + keptTreeSize, "regulator"));

        VerifierRun ofBundle = verify(bundle.toString(), "--key", key.toString(), "--tree-head", head.toString());
        VerifierRun ofStore = verify("--store", "mongodb://127.0.0.1:" + storePort, "--key", key.toString(),
                "--tree-head", head.toString());

        String named = "project " + project.projectNumber() + ", sequence 10, position " + position + ":";
        assertThat(ofBundle.exitCode()).as(ofBundle.output()).isEqualTo(1);
        assertThat(ofBundle.output()).startsWith("FAILED: " + named);
        assertThat(ofStore.exitCode()).as(ofStore.output()).isEqualTo(1);
        assertThat(ofStore.output()).startsWith("FAILED: " + named);

        // The store as it was, so that the project's later bundles verify again (a printed report is checked on one).
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + storePort)) {
            client.getDatabase("certaudit").getCollection("events")
                    .updateOne(Filters.eq("_id", id), Updates.set("metaData", storedMetaData));
        }
        VerifierRun restored = verify(ledgerFile("bundle-restored.json", raw("/api/projects/" + project.projectNumber()
                + "/evidence", "regulator")).toString(), "--key", key.toString());
        assertThat(restored.exitCode()).as(restored.output()).isZero();
    }

    private long keptTreeSize;

    private record VerifierRun(int exitCode, String output) {
    }

    /**
     * {@code java -jar ledger-verifier.jar --lang en arguments...} as its own process, as a regulator runs it; in English
     * whatever the machine's locale, as the assertions read it.
     */
    private static VerifierRun verify(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", verifierJar().toString(), "--lang", "en"));
        command.addAll(List.of(arguments));
        Path errors = Files.createTempFile(ledgerDir(), "verifier", ".err");
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return new VerifierRun(process.exitValue(), output + Files.readString(errors));
    }

    static Path verifierJar() {
        Path jar = Path.of(System.getProperty("certaudit.e2e.ledger-verifier-jar", "../ledger/target/ledger-verifier.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("ledger-verifier.jar " + jar.toAbsolutePath() + " is missing: run ./mvnw -B verify");
        }
        return jar;
    }

    /** A GET's body as text, signed in as {@code user} (null: anonymous). */
    private String raw(String path, String user) throws Exception {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(querySide.baseUrl() + path));
        if (user != null) {
            request.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
                    (user + ":" + CertauditClient.demoPassword(user)).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient()
                .send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    private static Path ledgerDir() throws java.io.IOException {
        return Files.createDirectories(dataDir.resolve("regulator"));
    }

    private static Path ledgerFile(String name, String content) throws java.io.IOException {
        return Files.writeString(ledgerDir().resolve(name), content);
    }

    /**
     * The certificate's life over HTTP, on the seed project: the demo granted the initial audit; the
     * surveillance is recommended, reviewed and MAINTAINed; a second surveillance SUSPENDs; the status
     * on dates before and after; restoration; a re-certification renews the certificate. The
     * reviewer and the decider are the demo users who were never on the team.
     */
    @Test
    @Order(8)
    void aCertificateLivesThroughSurveillanceSuspensionRestorationAndRenewal() throws Exception {
        String number = project.certificateNumber();
        assertThat(certificate(number, "2021-07-01").path("status").asText()).isEqualTo("VALID");
        assertThat(certificate(number, "2021-07-01").path("gradeLabel").asText()).isEqualTo("十星级");
        assertThat(query.get("/api/certificates/" + number + "?asOf=2021-06-30", null).status()).isEqualTo(404);
        assertThat(query.get("/api/certificates", null).status()).isEqualTo(401);

        String surveillance = project.surveillanceAuditId();
        decide(surveillance, recommendAndReview(surveillance, LocalDate.of(2022, 6, 7)), "MAINTAIN",
                LocalDate.of(2022, 6, 20), null);

        String second = openWithCopiedTeam("SURVEILLANCE", LocalDate.of(2023, 5, 10));
        scoreAsTheSeed(second, LocalDate.of(2023, 5, 10));
        decide(second, recommendAndReview(second, LocalDate.of(2023, 5, 11)), "SUSPEND", LocalDate.of(2023, 5, 20),
                LocalDate.of(2023, 8, 31));
        awaitDecided(second);
        assertThat(certificate(number, "2023-05-19").path("status").asText()).isEqualTo("VALID");
        JsonNode suspended = certificate(number, "2023-05-20");
        assertThat(suspended.path("status").asText()).isEqualTo("SUSPENDED");
        assertThat(suspended.path("statusLabel").asText()).isEqualTo("暂停");
        assertThat(suspended.path("suspendedUntil").asText()).isEqualTo("2023-08-31");
        // ISO/IEC 17021-1 9.1.3: the first surveillance's next one is due by 2023-06-07, before the certificate's last
        // year (from 2023-07-01); the second's would be due by 2024-05-11, in it: the re-certification comes instead.
        JsonNode beforeSecond = registerEntry(number, "2023-05-19");
        assertThat(beforeSecond.path("nextAudit").asText()).isEqualTo("SURVEILLANCE");
        assertThat(beforeSecond.path("nextAuditDue").asText()).isEqualTo("2023-06-07");
        JsonNode afterSecond = registerEntry(number, "2023-05-20");
        assertThat(afterSecond.path("nextAudit").asText()).isEqualTo("RECERTIFICATION");
        assertThat(afterSecond.path("nextAuditDue").asText()).isEqualTo("2024-06-30");
        assertThat(afterSecond.path("surveillanceDue").isNull()).as(afterSecond.toString()).isTrue();

        command.send("POST", "/api/projects/" + project.projectNumber() + "/certificate/restoration", "decider",
                Map.of("restoredOn", "2023-07-01", "reason", "整改验证通过")).expect(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(certificate(number, "2023-07-01").path("status").asText()).isEqualTo("VALID"));
        assertThat(certificate(number, "2023-06-30").path("status").asText()).isEqualTo("SUSPENDED");

        String recertification = openWithCopiedTeam("RECERTIFICATION", LocalDate.of(2024, 4, 10));
        scoreAsTheSeed(recertification, LocalDate.of(2024, 4, 10));
        decide(recertification, recommendAndReview(recertification, LocalDate.of(2024, 4, 11)), "GRANT",
                LocalDate.of(2024, 5, 15), null);
        awaitDecided(recertification);
        JsonNode renewed = certificate(number, "2024-07-01");
        assertThat(renewed.path("status").asText()).isEqualTo("VALID");
        assertThat(renewed.path("validUntil").asText()).isEqualTo("2027-06-30");
        assertThat(certificate(number, "2024-06-30").path("status").asText()).isEqualTo("VALID");

        JsonNode lineage = lineage();
        assertThat(lineage.path("certificateChanges")).extracting(change -> change.path("kind").asText())
                .containsExactly("ISSUED", "MAINTAINED", "SUSPENDED", "RESTORED", "RENEWED");
        assertThat(lineage.path("audits").get(0).path("decision").path("decider").asText()).isEqualTo("decider");
        assertThat(lineage.path("audits").get(0).path("reviews").get(0).path("reviewer").asText()).isEqualTo("reviewer");

        recertificationAuditId = recertification;

        // Asked for as a browser's download link asks (no Accept naming JSON only: the API client's would be a 406).
        String export = raw("/api/decisions?from=2021-01-01&to=2024-12-31&format=csv", "regulator");
        assertThat(export).contains("GRANTED", "MAINTAINED", "SUSPENDED", "RESTORED", "RENEWED");
        assertThat(query.get("/api/decisions?from=2021-01-01&to=2024-12-31", "leader").status()).isEqualTo(403);
    }

    /** Set by the certificate's life: the re-certification audit whose decision renewed the certificate. */
    private String recertificationAuditId;

    /**
     * The re-certification's printed report checked offline: its QR code's text, as the HTML report prints it beside the
     * code, given to the verifier jar with the project's bundle. The jar folds the bundle's events with the shared-kernel
     * report fold (the renewal rules on the certificate the initial audit was granted, maintained, suspended and
     * restored) and must find the printed digest, and the printed tree head in the bundle's.
     */
    @Test
    @Order(9)
    void aPrintedReportIsProvenOfflineFromTheProjectsBundle() throws Exception {
        assertThat(recertificationAuditId).as("set by the certificate's life").isNotNull();
        String reportPath = "/api/audits/" + recertificationAuditId + "/report.html";
        // A signed head covers the report's last event within seconds (every 10 s while events come in).
        String[] qr = new String[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            qr[0] = qrText(raw(reportPath, READER));
            assertThat(qr[0]).contains("&tree=").doesNotContain("tree=none").doesNotContain("covered=no");
        });
        String qrText = qr[0];
        String digest = qrText.replaceFirst(".*[?&]sha256=([0-9a-f]{64}).*", "$1");
        String version = qrText.replaceFirst(".*[?&]version=([0-9]+).*", "$1");
        String printedSize = qrText.replaceFirst(".*[?&]tree=([0-9]+):.*", "$1");
        Path key = ledgerDir().resolve("public.pem");
        Path bundle = ledgerFile("bundle-for-report.json", raw("/api/projects/" + project.projectNumber()
                + "/evidence?consistencyFrom=" + printedSize, "regulator"));

        VerifierRun run = verify(bundle.toString(), "--key", key.toString(), "--report", qrText);
        VerifierRun forged = verify(bundle.toString(), "--key", key.toString(), "--report",
                qrText.replace(digest, digest.substring(1) + (digest.charAt(0) == 'a' ? 'b' : 'a')));

        assertThat(qrText).startsWith("certaudit:report?audit=" + recertificationAuditId + "&version=" + version);
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).startsWith("OK")
                .contains("report of audit " + recertificationAuditId + " at version " + version + ": digest " + digest
                        + " is its certaudit-report/2 content folded from the bundle's events")
                // As the report prints it on the day its last event was recorded (today): valid to 2027-06-30.
                .contains("decision 批准认证 2024-05-15, certificate " + project.certificateNumber() + " "
                        + (LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).isAfter(LocalDate.of(2027, 6, 30))
                                ? "已过期（2027 年 07 月 01 日 起）" : "有效"))
                .contains("the printed tree head (size " + printedSize + ") covers the report's last event");
        assertThat(forged.exitCode()).as(forged.output()).isEqualTo(1);
        assertThat(forged.output()).startsWith("FAILED: the report's digest differs: audit " + recertificationAuditId);
    }

    /** The QR code's text as the HTML report prints it beside the code. */
    private static String qrText(String html) {
        java.util.regex.Matcher text = java.util.regex.Pattern.compile("<p class=\"mono\">(certaudit:report\\?[^<]*)</p>")
                .matcher(html);
        assertThat(text.find()).as("the report's QR text").isTrue();
        return text.group(1).replace("&amp;", "&");
    }

    private JsonNode certificate(String number, String asOf) {
        return query.get("/api/certificates/" + number + "?asOf=" + asOf, null).expect(200);
    }

    /** The certificate's entry in the register on {@code asOf}, as a regulator reads it. */
    private JsonNode registerEntry(String number, String asOf) {
        for (JsonNode entry : query.get("/api/certificates?asOf=" + asOf, "regulator").expect(200)) {
            if (entry.path("number").asText().equals(number)) {
                return entry;
            }
        }
        throw new AssertionError("the register on " + asOf + " has no certificate " + number);
    }

    private String openWithCopiedTeam(String type, LocalDate from) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("projectNumber", project.projectNumber());
        body.put("type", type);
        body.put("onSiteFrom", from.toString());
        body.put("onSiteTo", from.plusDays(1).toString());
        body.put("onSiteDays", 2.0);
        body.put("copyTeam", true);
        return command.send("POST", "/api/audits", "admin", body).expect(201).path("auditId").asText();
    }

    private void scoreAsTheSeed(String auditId, LocalDate signedOn) {
        for (String user : List.of("leader", "auditor")) {
            command.send("POST", "/api/audits/" + auditId + "/pledges", user, Map.of("signedOn", signedOn.toString()))
                    .expect(200);
        }
        SeedReport.itemResults().forEach((clause, result) -> {
            String path = "/api/audits/" + auditId + "/items/" + CertauditClient.encode(clause);
            if (result.notApplicable()) {
                command.send("PUT", path + "/not-applicable", "leader", Map.of("reason", "不涉及")).expect(200);
            } else {
                command.send("PUT", path, "leader", Map.of("percent", result.percent().value(), "note", "现场审查记录"))
                        .expect(200);
            }
        });
    }

    /** The leader recommends the grade the scorecard shows, the reviewer accepts; answers the version then. */
    private long recommendAndReview(String auditId, LocalDate reportDate) {
        long version = command.send("PUT", "/api/audits/" + auditId + "/findings", "leader",
                Map.of("strengths", List.of("规范运作"), "improvements", List.of("网站建设"))).expect(200).path("version").asLong();
        driver.awaitProjected(auditId, version, Duration.ofSeconds(60));
        String grade = scorecard(auditId).path("grade").asText();
        command.send("POST", "/api/audits/" + auditId + "/recommendation", "leader",
                Map.of("grade", grade, "reportDate", reportDate.toString())).expect(200);
        return command.send("POST", "/api/audits/" + auditId + "/review", "reviewer",
                Map.of("outcome", "ACCEPT", "reviewedOn", reportDate.plusDays(3).toString())).expect(200)
                .path("version").asLong();
    }

    private void decide(String auditId, long seenVersion, String outcome, LocalDate on, LocalDate suspendedUntil) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("outcome", outcome);
        body.put("decidedOn", on.toString());
        body.put("reason", "依据审查结论与技术评审意见");
        if (suspendedUntil != null) {
            body.put("suspendedUntil", suspendedUntil.toString());
        }
        // A view older than the current version is refused, and the decision then made on the right one.
        command.send("POST", "/api/audits/" + auditId + "/decision", "decider", body,
                Map.of("If-Match", "\"" + (seenVersion - 1) + "\"")).expect(412);
        command.send("POST", "/api/audits/" + auditId + "/decision", "decider", body,
                Map.of("If-Match", "\"" + seenVersion + "\"")).expect(200);
    }

    private void awaitDecided(String auditId) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300)).untilAsserted(() ->
                assertThat(query.get("/api/audits/" + auditId, "reviewer").expect(200).path("status").asText())
                        .isEqualTo("DECIDED"));
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
                "--certaudit.mongodb.uri=mongodb://127.0.0.1:" + storePort,
                "--certaudit.ledger.key-dir=" + dataDir))).awaitHealthy(STARTUP);
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
