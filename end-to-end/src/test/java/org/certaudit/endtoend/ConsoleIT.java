package org.certaudit.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.certaudit.demo.CertauditClient;
import org.certaudit.demo.SeedAuditDriver;
import org.certaudit.demo.SeedFixture;
import org.certaudit.demo.SeededProject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (Debian's headless chromium through chromium-driver) against the real
 * command-side and query-side processes, at 1024 px wide: sign-in, the audit list, an auditor scoring a
 * whole audit, not applicable and restore, a revision's reason, a conflict between two sessions, the
 * leader's recommendation, the history drawer, the as-of view and the lineage. A screenshot of each
 * page goes to {@code target/console-screenshots}. Skipped where no chromium is installed, unless
 * {@code CERTAUDIT_BROWSER_TESTS=required} (as {@code .ci/run} sets it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

    private static final Duration STARTUP = Duration.ofSeconds(180);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String PROJECT = "9015-2026-SE";
    private static final int WIDTH = 1024;

    @TempDir
    static Path dataDir;

    private final List<AppProcess> started = new ArrayList<>();
    private final List<WebDriver> browsers = new ArrayList<>();
    private CertauditClient command;
    private CertauditClient query;
    private SeededProject seed;
    private String fresh;
    private String consoleUrl;
    private Path screenshots;

    @BeforeAll
    void startSystem() throws IOException {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed && "required".equals(System.getenv("CERTAUDIT_BROWSER_TESTS"))) {
            throw new IllegalStateException("CERTAUDIT_BROWSER_TESTS=required but " + CHROMIUM + " or " + CHROMEDRIVER
                    + " is missing: apt-get install chromium chromium-driver fonts-noto-cjk");
        }
        Assumptions.assumeTrue(installed, "no " + CHROMIUM + " / " + CHROMEDRIVER + ": the console's browser tests are skipped");
        screenshots = Files.createDirectories(Path.of(System.getProperty("certaudit.e2e.screenshot-dir",
                "target/console-screenshots")));
        int storePort = AppProcess.freePort();
        AppProcess commandSide = track(AppProcess.start("console-command-side", jar("command-side"), logDir(),
                AppProcess.freePort(), List.of("--spring.profiles.active=local", "--certaudit.embedded.enabled=true",
                        "--certaudit.embedded.port=" + storePort, "--certaudit.embedded.data-dir=" + dataDir)));
        commandSide.awaitHealthy(STARTUP);
        AppProcess querySide = track(AppProcess.start("console-query-side", jar("query-side"), logDir(),
                AppProcess.freePort(), List.of("--spring.profiles.active=local",
                        "--certaudit.mongodb.uri=mongodb://127.0.0.1:" + storePort,
                        "--certaudit.console.command-side-url=" + commandSide.baseUrl())));
        querySide.awaitHealthy(STARTUP);
        command = CertauditClient.of(commandSide.baseUrl());
        query = CertauditClient.of(querySide.baseUrl());
        consoleUrl = querySide.baseUrl();
        seed = new SeedAuditDriver(command, query, line -> { }).load();
        fresh = openFreshAudit();
    }

    @AfterAll
    void stopSystem() {
        browsers.forEach(WebDriver::quit);
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    @AfterEach
    void closeBrowsers() {
        browsers.forEach(WebDriver::quit);
        browsers.clear();
    }

    @Test
    @Order(1)
    void signInOnceThenTheAuditListFiltersByProjectOrganizationAndGradeInChineseOrEnglish() {
        WebDriver browser = browser();
        browser.get(consoleUrl + "/console/audits");
        assertThat(browser.getCurrentUrl()).contains("/console/login");
        // Chinese by default, whatever language the browser asks for (this one asks for English).
        assertThat(browser.findElement(By.cssSelector("label[for=username]")).getText()).isEqualTo("用户名");
        screenshot(browser, "01-login");
        signIn(browser, "reviewer");

        assertThat(browser.getCurrentUrl()).contains("/console/audits");
        assertThat(auditIds(browser)).contains(seed.initialAuditId(), seed.surveillanceAuditId(), fresh);
        screenshot(browser, "02-audit-list");

        browser.get(consoleUrl + "/console/audits?grade=TEN_STAR");
        assertThat(auditIds(browser)).containsExactly(seed.initialAuditId());
        browser.get(consoleUrl + "/console/audits?organization=" + CertauditClient.encode("隆威") + "&status=OPEN");
        assertThat(auditIds(browser)).containsExactly(seed.surveillanceAuditId());
        browser.get(consoleUrl + "/console/audits?projectNumber=" + PROJECT);
        assertThat(auditIds(browser)).containsExactly(fresh);

        browser.get(consoleUrl + "/console/audits?lang=en");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Audits");
        browser.get(consoleUrl + "/console/audits?lang=zh_CN");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("审查列表");
        assertThat(browser.manage().getCookieNamed("CERTAUDIT_SESSION").isHttpOnly()).isTrue();
        assertThat((String) js(browser, "return document.cookie")).doesNotContain("CERTAUDIT_SESSION");
        assertThat((Long) js(browser, "return window.localStorage.length")).isZero();
    }

    @Test
    @Order(2)
    void anAuditorSignsThePledgeAndScoresAWholeAuditAndTheTotalsOnScreenEqualTheApisScorecard() {
        WebDriver browser = browser();
        signIn(browser, "auditor");
        browser.get(consoleUrl + "/console/audits/" + fresh);
        WebElement sign = browser.findElement(By.cssSelector("#sign-pledge button[type=submit]"));
        screenshot(browser, "03-pledge");
        sign.click();
        wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#sheet .save")));
        assertEveryInputHasALabel(browser);
        assertNoHorizontalScrolling(browser);

        Map<String, JsonNode> seedItems = items(scorecard(seed.initialAuditId()));
        List<WebElement> rows = browser.findElements(By.cssSelector("#sheet tr.item"));
        assertThat(rows).hasSize(94);
        int index = 0;
        for (WebElement row : rows) {
            JsonNode item = seedItems.get(row.getAttribute("data-clause"));
            if (item.path("notApplicable").asBoolean()) {
                row.findElement(By.cssSelector(".na")).click();
                row.findElement(By.cssSelector(".na-reason")).sendKeys("本次审查范围不涉及", Keys.ENTER);
            } else {
                row.findElement(By.cssSelector(".note")).sendKeys("现场核查记录 " + (++index));
                row.findElement(By.cssSelector(".percent")).sendKeys(item.path("percent").asText(), Keys.ENTER);
            }
        }
        wait(browser, Duration.ofSeconds(120)).until(ExpectedConditions.attributeToBe(By.id("sync-state"), "data-state", "saved"));
        screenshot(browser, "04-scoring-sheet");

        JsonNode api = scorecard(fresh);
        assertThat(api.path("complete").asBoolean()).isTrue();
        assertThat(browser.findElement(By.id("total")).getText()).isEqualTo(api.path("total").decimalValue().toPlainString());
        assertThat(browser.findElement(By.id("grade")).getAttribute("data-grade")).isEqualTo(api.path("grade").asText());
        for (JsonNode part : api.path("parts")) {
            assertThat(browser.findElement(By.cssSelector(".totals .part-earned[data-part='" + part.path("number").asText() + "']"))
                    .getText()).isEqualTo(part.path("earned").decimalValue().toPlainString());
        }
        assertThat(browser.findElements(By.cssSelector("#sheet tr.item[data-state=saved]"))).hasSize(94);
        assertThat(api.path("items").findValues("notApplicable").stream().filter(JsonNode::asBoolean)).hasSize(4);

        // How long one item takes to show in the totals: typed (preview), and saved as the query side has it.
        WebElement row = row(browser, "5.1.1.1");
        WebElement percent = row.findElement(By.cssSelector(".percent"));
        String before = browser.findElement(By.id("total")).getText();
        long typed = System.nanoTime();
        percent.clear();
        percent.sendKeys("50");
        wait(browser).pollingEvery(Duration.ofMillis(10))
                .until(d -> !d.findElement(By.id("total")).getText().equals(before));
        long previewMillis = (System.nanoTime() - typed) / 1_000_000;
        String previewTotal = browser.findElement(By.id("total")).getText();
        percent.sendKeys(Keys.ENTER);
        long entered = System.nanoTime();
        WebElement dialog = wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("reason-dialog")));
        dialog.findElement(By.id("revise-reason")).sendKeys("计时：修改得分");
        long reasoned = System.nanoTime();
        dialog.findElement(By.id("revise-ok")).click();
        wait(browser).pollingEvery(Duration.ofMillis(10))
                .until(d -> "saved".equals(row(d, "5.1.1.1").getAttribute("data-state")));
        long savedMillis = (System.nanoTime() - reasoned) / 1_000_000;
        assertThat(browser.findElement(By.id("total")).getText()).isEqualTo(previewTotal)
                .isEqualTo(scorecard(fresh).path("total").decimalValue().toPlainString());
        System.out.printf("console timing: an item's score showed in the totals %d ms after typing (preview) and "
                + "%d ms after saving (command accepted and the query side's scorecard at that version); "
                + "the reason dialog took %d ms to answer%n", previewMillis, savedMillis, (reasoned - entered) / 1_000_000);
    }

    @Test
    @Order(3)
    void anItemMarkedNotApplicableAndRestoredCountsAgainWithItsNewScore() {
        WebDriver browser = browser();
        signIn(browser, "auditor");
        browser.get(consoleUrl + "/console/audits/" + fresh);
        WebElement row = row(browser, "5.2.1.1");
        row.findElement(By.cssSelector(".na")).click();
        assertThat(row.findElement(By.cssSelector(".percent")).isEnabled()).isFalse();
        row.findElement(By.cssSelector(".na-reason")).sendKeys(Keys.ENTER);
        // No reason: the API's problem shows next to the reason field.
        wait(browser).until(d -> "failed".equals(row(d, "5.2.1.1").getAttribute("data-state")));
        assertThat(row(browser, "5.2.1.1").findElement(By.cssSelector("[data-problem-for=reason]")).getText()).isNotBlank();
        screenshot(browser, "05-problem-next-to-field");

        row(browser, "5.2.1.1").findElement(By.cssSelector(".na-reason")).sendKeys("该组织不提供此项服务", Keys.ENTER);
        wait(browser).until(d -> "saved".equals(row(d, "5.2.1.1").getAttribute("data-state")));
        assertThat(item(scorecard(fresh), "5.2.1.1").path("notApplicable").asBoolean()).isTrue();
        assertThat(row(browser, "5.2.1.1").findElement(By.cssSelector(".earned")).getText()).isEqualTo("—");

        row(browser, "5.2.1.1").findElement(By.cssSelector(".na")).click();
        WebElement percent = row(browser, "5.2.1.1").findElement(By.cssSelector(".percent"));
        assertThat(percent.isEnabled()).isTrue();
        percent.clear();
        percent.sendKeys("88", Keys.ENTER);
        wait(browser).until(d -> "saved".equals(row(d, "5.2.1.1").getAttribute("data-state")));
        JsonNode restored = item(scorecard(fresh), "5.2.1.1");
        assertThat(restored.path("notApplicable").asBoolean()).isFalse();
        assertThat(restored.path("percent").decimalValue()).isEqualByComparingTo("88");
        assertThat(row(browser, "5.2.1.1").findElement(By.cssSelector(".earned")).getText())
                .isEqualTo(restored.path("earned").decimalValue().toPlainString());
    }

    @Test
    @Order(4)
    void changingAnExistingScoreAsksForTheReasonAndCancellingSavesNothing() {
        WebDriver browser = browser();
        signIn(browser, "auditor");
        browser.get(consoleUrl + "/console/audits/" + fresh);
        String was = item(scorecard(fresh), "5.1.2.1").path("percent").decimalValue().toPlainString();
        WebElement percent = row(browser, "5.1.2.1").findElement(By.cssSelector(".percent"));
        percent.clear();
        percent.sendKeys("61", Keys.ENTER);
        WebElement dialog = wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("reason-dialog")));
        assertThat(dialog.findElement(By.cssSelector(".revise-what")).getText()).contains("5.1.2.1", was, "61");
        screenshot(browser, "06-revision-reason");
        dialog.findElement(By.id("revise-cancel")).click();
        assertThat(row(browser, "5.1.2.1").getAttribute("data-state")).isEqualTo("draft");
        assertThat(item(scorecard(fresh), "5.1.2.1").path("percent").decimalValue()).isEqualByComparingTo(was);

        row(browser, "5.1.2.1").findElement(By.cssSelector(".save")).click();
        dialog = wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("reason-dialog")));
        dialog.findElement(By.id("revise-reason")).sendKeys("复核后下调");
        dialog.findElement(By.id("revise-ok")).click();
        wait(browser).until(d -> "saved".equals(row(d, "5.1.2.1").getAttribute("data-state")));
        JsonNode history = query.get("/api/audits/" + fresh + "/items/5.1.2.1/history", "reviewer").expect(200);
        JsonNode last = history.get(history.size() - 1);
        assertThat(last.path("kind").asText()).isEqualTo("REVISED");
        assertThat(last.path("reason").asText()).isEqualTo("复核后下调");
        assertThat(last.path("newPercent").decimalValue()).isEqualByComparingTo("61");
        assertThat(last.path("user").asText()).isEqualTo("auditor");
    }

    @Test
    @Order(5)
    void aChangeFromASecondSessionIsShownToTheFirstAsAConflictWhichReappliesOnTheLatestVersion() {
        WebDriver first = browser();
        signIn(first, "auditor");
        first.get(consoleUrl + "/console/audits/" + fresh);
        WebDriver second = browser();
        signIn(second, "leader");
        second.get(consoleUrl + "/console/audits/" + fresh);

        WebElement theirs = row(second, "5.3.1.1").findElement(By.cssSelector(".percent"));
        theirs.clear();
        theirs.sendKeys("77", Keys.ENTER);
        WebElement dialog = wait(second).until(ExpectedConditions.visibilityOfElementLocated(By.id("reason-dialog")));
        dialog.findElement(By.id("revise-reason")).sendKeys("组长复核");
        dialog.findElement(By.id("revise-ok")).click();
        wait(second).until(d -> "saved".equals(row(d, "5.3.1.1").getAttribute("data-state")));

        WebElement mine = row(first, "5.1.3.1").findElement(By.cssSelector(".note"));
        mine.clear();
        mine.sendKeys("补充：查阅了服务网点清单", Keys.ENTER);
        WebElement reason = wait(first).until(ExpectedConditions.visibilityOfElementLocated(By.id("reason-dialog")));
        reason.findElement(By.id("revise-reason")).sendKeys("补充证据");
        reason.findElement(By.id("revise-ok")).click();
        WebElement conflict = wait(first).until(ExpectedConditions.visibilityOfElementLocated(By.id("conflict")));
        wait(first).until(d -> !d.findElements(By.cssSelector("#conflict .conflict-items li[data-clause='5.3.1.1']")).isEmpty());
        assertThat(conflict.findElement(By.cssSelector(".conflict-items")).getText()).contains("5.3.1.1", "77");
        assertThat(conflict.findElement(By.cssSelector(".conflict-events")).getText()).contains("leader");
        assertThat(item(scorecard(fresh), "5.1.3.1").path("note").asText()).doesNotContain("服务网点清单");
        screenshot(first, "07-conflict");

        // Re-applied with the reason already given: 5.1.3.1 itself was not changed by the other session.
        first.findElement(By.id("conflict-reapply")).click();
        wait(first).until(d -> "saved".equals(row(d, "5.1.3.1").getAttribute("data-state")));
        assertThat(first.findElement(By.id("reason-dialog")).isDisplayed()).isFalse();
        JsonNode card = scorecard(fresh);
        assertThat(item(card, "5.1.3.1").path("note").asText()).isEqualTo("补充：查阅了服务网点清单");
        assertThat(item(card, "5.3.1.1").path("percent").decimalValue()).isEqualByComparingTo("77");
        assertThat(row(first, "5.3.1.1").findElement(By.cssSelector(".percent")).getAttribute("value")).isEqualTo("77");
        assertThat(first.findElement(By.id("total")).getText()).isEqualTo(card.path("total").decimalValue().toPlainString());
    }

    @Test
    @Order(6)
    void theLeaderRecommendsTheComputedGrade() {
        WebDriver browser = browser();
        signIn(browser, "leader");
        browser.get(consoleUrl + "/console/audits/" + fresh);
        JsonNode card = scorecard(fresh);
        WebElement grade = browser.findElement(By.id("r-grade"));
        assertThat(grade.getAttribute("value")).isEqualTo(card.path("grade").asText());
        assertThat(browser.findElement(By.id("computed-total")).getText()).isEqualTo(card.path("total").decimalValue().toPlainString());
        screenshot(browser, "08-recommendation");
        browser.findElement(By.cssSelector("#recommend button[type=submit]")).click();
        wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("recommended")));
        JsonNode audit = query.get("/api/audits/" + fresh, "reviewer").expect(200);
        assertThat(audit.path("status").asText()).isEqualTo("FINISHED");
        assertThat(audit.path("recommendation").path("grade").asText()).isEqualTo(card.path("grade").asText());
        assertThat(browser.findElement(By.id("audit-status")).getText()).isEqualTo("已推荐");
        assertThat(browser.findElements(By.cssSelector("#sheet .save"))).isEmpty();
        assertThat(browser.findElement(By.id("reopen"))).isNotNull();
    }

    @Test
    @Order(7)
    void theHistoryDrawerAndTheAsOfViewShowTheDraftScoreBeforeItsRevision() {
        WebDriver browser = browser();
        signIn(browser, "regulator");
        browser.get(consoleUrl + "/console/audits/" + seed.initialAuditId());
        screenshot(browser, "09-seed-audit");
        row(browser, seed.revisedClause()).findElement(By.cssSelector(".history")).click();
        WebElement drawer = wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("drawer")));
        List<WebElement> changes = drawer.findElements(By.cssSelector(".change"));
        assertThat(changes).hasSize(2);
        String draft = seed.draftPercent().value().toPlainString();
        assertThat(changes.get(0).findElement(By.cssSelector(".new")).getText()).isEqualTo(draft);
        assertThat(changes.get(1).getAttribute("data-kind")).isEqualTo("REVISED");
        assertThat(changes.get(1).findElement(By.cssSelector(".old")).getText()).isEqualTo(draft);
        assertThat(changes.get(1).getText()).contains(SeedAuditDriver.REVISION_REASON, "leader");
        screenshot(browser, "10-history-drawer");

        changes.get(1).findElement(By.tagName("a")).click();
        wait(browser).until(ExpectedConditions.urlContains("/as-of"));
        assertThat(browser.findElement(By.cssSelector("tr.item[data-clause='" + seed.revisedClause() + "'] .percent-value"))
                .getText()).isEqualTo(draft);
        assertThat(browser.findElement(By.cssSelector("#diff tr[data-clause='" + seed.revisedClause() + "']")).getText())
                .contains(draft);
        assertThat(browser.findElement(By.id("version-slider"))).isNotNull();
        screenshot(browser, "11-as-of");

        browser.get(consoleUrl + "/console/audits/" + seed.initialAuditId() + "/trail");
        assertThat(browser.findElements(By.cssSelector("#trail tbody tr"))).hasSizeGreaterThan(90);
        screenshot(browser, "12-trail");
    }

    @Test
    @Order(8)
    void theLineagePageListsBothAuditsWithTheItemsChangedBetweenThem() {
        WebDriver browser = browser();
        signIn(browser, "reviewer");
        browser.get(consoleUrl + "/console/projects/" + seed.projectNumber() + "/lineage");
        List<WebElement> audits = browser.findElements(By.cssSelector("#lineage > li"));
        assertThat(audits).extracting(a -> a.getAttribute("data-audit"))
                .containsExactly(seed.initialAuditId(), seed.surveillanceAuditId());
        assertThat(audits.get(0).findElement(By.cssSelector(".lineage-total")).getText()).isEqualTo("145.75");
        assertThat(audits.get(1).findElements(By.cssSelector("tr[data-clause]"))).extracting(r -> r.getAttribute("data-clause"))
                .containsExactlyInAnyOrderElementsOf(seed.surveillanceChanges().keySet());
        screenshot(browser, "13-lineage");
    }

    @Test
    @Order(9)
    void theAdminOpensTheNextAuditWithThePredecessorsDetailsFilledIn() {
        // A surveillance needs a valid certificate (ISO/IEC 17065 lineage rules): the recommended audit is
        // reviewed and granted by people who were not on its team, over the API.
        java.time.LocalDate reported = java.time.LocalDate.parse(query.get("/api/audits/" + fresh, "reviewer").expect(200)
                .path("recommendation").path("reportDate").asText());
        ObjectNode review = CertauditClient.json().createObjectNode().put("outcome", "ACCEPT")
                .put("reviewedOn", reported.plusDays(1).toString()).put("note", "审查记录完整");
        long reviewed = command.send("POST", "/api/audits/" + fresh + "/review", "reviewer", review).expect(200)
                .path("version").asLong();
        ObjectNode grant = CertauditClient.json().createObjectNode().put("outcome", "GRANT")
                .put("decidedOn", reported.plusDays(2).toString()).put("reason", "批准认证");
        command.send("POST", "/api/audits/" + fresh + "/decision", "decider", grant,
                java.util.Map.of("If-Match", "\"" + reviewed + "\"")).expect(200);
        String visit = reported.plusDays(300).toString();

        WebDriver browser = browser();
        signIn(browser, "admin");
        browser.get(consoleUrl + "/console/audits/new?predecessor=" + fresh);
        assertThat(browser.findElement(By.id("o-project")).getAttribute("value")).isEqualTo(PROJECT);
        assertThat(browser.findElement(By.id("o-type")).getAttribute("value")).isEqualTo("SURVEILLANCE");
        assertThat(browser.findElement(By.id("o-name")).getAttribute("value")).isEqualTo("控制台测试家具有限公司");
        browser.findElement(By.id("o-days")).sendKeys("2.0");
        js(browser, "document.getElementById('o-from').value='" + visit + "'; document.getElementById('o-to').value='" + visit + "';");
        browser.findElement(By.cssSelector("#open-audit button[type=submit]")).click();
        // 2 days on a 1-day visit: the API's problem shows next to the days field.
        WebElement problem = wait(browser).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#open-audit [data-problem-for=onSiteDays]")));
        assertThat(problem.getText()).contains("calendar days");
        screenshot(browser, "14-open-audit");
        browser.findElement(By.id("o-days")).clear();
        browser.findElement(By.id("o-days")).sendKeys("1.0");
        browser.findElement(By.cssSelector("#open-audit button[type=submit]")).click();
        wait(browser).until(ExpectedConditions.urlContains("/console/audits/" + PROJECT + ".2"));
        assertThat(query.get("/api/audits/" + PROJECT + ".2", "reviewer").expect(200).path("type").asText())
                .isEqualTo("SURVEILLANCE");
    }

    // --- helpers -------------------------------------------------------------------------------------

    private String openFreshAudit() {
        ObjectNode opening = SeedFixture.load().opening().deepCopy();
        opening.put("projectNumber", PROJECT);
        ((ObjectNode) opening.path("organization")).put("name", "控制台测试家具有限公司");
        String auditId = command.send("POST", "/api/audits", "admin", opening).expect(201).path("auditId").asText();
        command.send("POST", "/api/audits/" + auditId + "/team", "admin", member("A", "测试组长", "LEADER", "leader")).expect(201);
        command.send("POST", "/api/audits/" + auditId + "/team", "admin", member("B", "测试组员", "MEMBER", "auditor")).expect(201);
        ObjectNode pledge = CertauditClient.json().createObjectNode().put("signedOn", "2021-06-05").put("memberCode", "A");
        long version = command.send("POST", "/api/audits/" + auditId + "/pledges", "leader", pledge).expect(200)
                .path("version").asLong();
        new SeedAuditDriver(command, query, line -> { }).awaitProjected(auditId, version, WAIT);
        return auditId;
    }

    private static ObjectNode member(String code, String name, String role, String user) {
        return CertauditClient.json().createObjectNode().put("code", code).put("name", name).put("role", role)
                .put("registrationNumber", "DEMO-90" + code).put("specialtyCode", "02.01.01").put("userName", user);
    }

    private WebDriver browser() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + WIDTH + ",900", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        ChromeDriver driver = new ChromeDriver(service, options);
        browsers.add(driver);
        return driver;
    }

    private void signIn(WebDriver browser, String user) {
        browser.get(consoleUrl + "/console/login");
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(CertauditClient.demoPassword(user), Keys.ENTER);
        wait(browser).until(d -> !d.getCurrentUrl().contains("/console/login"));
    }

    private static List<String> auditIds(WebDriver browser) {
        return browser.findElements(By.cssSelector("#audit-list tbody tr[data-audit]")).stream()
                .map(row -> row.getAttribute("data-audit")).toList();
    }

    private static WebElement row(WebDriver browser, String clause) {
        return browser.findElement(By.cssSelector("#sheet tr.item[data-clause='" + clause + "']"));
    }

    private JsonNode scorecard(String auditId) {
        return query.get("/api/audits/" + auditId + "/scorecard", "reviewer").expect(200);
    }

    private static Map<String, JsonNode> items(JsonNode scorecard) {
        Map<String, JsonNode> items = new java.util.LinkedHashMap<>();
        scorecard.path("items").forEach(item -> items.put(item.path("clause").asText(), item));
        return items;
    }

    private static JsonNode item(JsonNode scorecard, String clause) {
        return items(scorecard).get(clause);
    }

    private static void assertEveryInputHasALabel(WebDriver browser) {
        Object unlabelled = js(browser, """
                return Array.from(document.querySelectorAll('input, select, textarea'))
                    .filter(e => e.type !== 'hidden' && e.labels.length === 0 && !e.getAttribute('aria-label'))
                    .map(e => e.outerHTML.slice(0, 120));""");
        assertThat((List<?>) unlabelled).isEmpty();
    }

    private static void assertNoHorizontalScrolling(WebDriver browser) {
        assertThat((Long) js(browser, "return document.documentElement.scrollWidth"))
                .isLessThanOrEqualTo((Long) js(browser, "return window.innerWidth"));
    }

    private static Object js(WebDriver browser, String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    private static WebDriverWait wait(WebDriver browser) {
        return wait(browser, WAIT);
    }

    private static WebDriverWait wait(WebDriver browser, Duration timeout) {
        WebDriverWait wait = new WebDriverWait(browser, timeout);
        wait.pollingEvery(Duration.ofMillis(100));
        return wait;
    }

    private void screenshot(WebDriver browser, String name) {
        try {
            Files.write(screenshots.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save screenshot " + name, e);
        }
    }

    private AppProcess track(AppProcess process) {
        started.add(process);
        return process;
    }

    private static Path jar(String module) {
        return Path.of(System.getProperty("certaudit.e2e." + module + "-jar"));
    }

    private static Path logDir() {
        return Path.of(System.getProperty("certaudit.e2e.log-dir", "target/e2e-logs"));
    }
}
