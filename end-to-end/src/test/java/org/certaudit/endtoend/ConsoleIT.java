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
import java.util.Objects;
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
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.WindowType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser (Debian's headless chromium through chromium-driver) against the real
 * command-side and query-side processes, at 1024 px wide: sign-in, the audit list (filtered and paged by
 * the store), an auditor scoring a whole audit, not applicable and restore, a revision's reason, a conflict
 * between two sessions, special items and findings, the leader's recommendation and reopening, the
 * technical review and the certification decision from the reviewer's and decider's waiting lists (and the
 * independence rule broken, shown next to the decider), the team, the history drawer, the as-of view and
 * the lineage with the certificate's states and a decider restoring a suspended certificate there, and a decided
 * audit shown read only (also on a page opened before the decision, once its save is refused). Problems show in
 * the bundle's words for their kind. A screenshot of each page goes to {@code target/console-screenshots}. One
 * system and one browser serve the whole class (a second browser only for the conflict and for the auditor's
 * page kept open through the decision). Ports come from
 * {@code -Dcertaudit.e2e.port-base=N} (N, N+1, N+2) when given, else free ones. Skipped where no chromium
 * is installed, unless {@code CERTAUDIT_BROWSER_TESTS=required} (as {@code .ci/run} sets it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

    private static final Duration STARTUP = Duration.ofSeconds(180);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String PROJECT = "9015-2026-SE";
    /** A moment as the console prints it: the certification body's clock (Asia/Shanghai) with its offset. */
    private static final String ON_THE_BODYS_CLOCK = "\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2} \\+08:00";
    private static final int WIDTH = 1024;
    /**
     * The local profile's users and a second decider, {@code decider2}: the independence rule (ISO/IEC 17065
     * 7.6) is broken by one decider while the other decides. Given on the command line, the list replaces
     * the profile's on both sides.
     */
    private static final List<String> USERS = users("admin:ADMIN", "leader:AUDITOR", "auditor:AUDITOR",
            "reviewer:REVIEWER", "decider:DECIDER", "decider2:DECIDER", "regulator:REGULATOR", "metrics:METRICS");

    @TempDir
    static Path dataDir;

    private final List<AppProcess> started = new ArrayList<>();
    /** One browser for the whole class (each test signs in afresh); a second one only while a test needs two pages. */
    private WebDriver shared;
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
        int storePort = port(0);
        List<String> commandArguments = new ArrayList<>(List.of("--spring.profiles.active=local",
                "--certaudit.embedded.enabled=true", "--certaudit.embedded.port=" + storePort,
                "--certaudit.embedded.data-dir=" + dataDir));
        commandArguments.addAll(USERS);
        AppProcess commandSide = track(AppProcess.start("console-command-side", jar("command-side"), logDir(),
                port(1), commandArguments));
        commandSide.awaitHealthy(STARTUP);
        List<String> queryArguments = new ArrayList<>(List.of("--spring.profiles.active=local",
                "--certaudit.mongodb.uri=mongodb://127.0.0.1:" + storePort,
                "--certaudit.console.command-side-url=" + commandSide.baseUrl()));
        queryArguments.addAll(USERS);
        AppProcess querySide = track(AppProcess.start("console-query-side", jar("query-side"), logDir(),
                port(2), queryArguments));
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
        if (shared != null) {
            shared.quit();
        }
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
        // More audits than a page: the store cuts the pages, and the filters travel with next and previous.
        browser.get(consoleUrl + "/console/audits?size=2&organization=" + CertauditClient.encode("家具"));
        assertThat(auditIds(browser)).containsExactly(seed.initialAuditId(), seed.surveillanceAuditId());
        assertThat(browser.findElements(By.id("page-previous"))).isEmpty();
        screenshot(browser, "02b-audit-list-paged");
        browser.findElement(By.id("page-next")).click();
        wait(browser).until(ExpectedConditions.urlContains("page=1"));
        assertThat(auditIds(browser)).containsExactly(fresh);
        assertThat(browser.getCurrentUrl()).contains("size=2", "organization=");
        assertThat(browser.findElements(By.id("page-next"))).isEmpty();
        browser.findElement(By.id("page-previous")).click();
        wait(browser).until(ExpectedConditions.urlContains("page=0"));
        assertThat(auditIds(browser)).containsExactly(seed.initialAuditId(), seed.surveillanceAuditId());
        browser.get(consoleUrl + "/console/audits?size=1&status=OPEN&page=1");
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
        assertThat(browser.findElement(By.id("p-date")).getAttribute("value"))
                .as("the on-site period's first day offered, a day before any work").isEqualTo("2021-06-05");
        // The auditor's paper pledge is dated the last on-site day, as the seed's are: after the period began, which
        // the leader, the reviewer and the decider are told below.
        pickDate(browser, "p-date", java.time.LocalDate.of(2021, 6, 7));
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
        assertThat(browser.findElement(By.id("total")).getText()).isEqualTo(shownTotal(api));
        assertThat(browser.findElement(By.id("grade")).getAttribute("data-grade")).isEqualTo(api.path("grade").asText());
        for (JsonNode part : api.path("parts")) {
            assertThat(browser.findElement(By.cssSelector(".totals .part-earned[data-part='" + part.path("number").asText() + "']"))
                    .getText()).isEqualTo(part.path("earned").decimalValue().toPlainString());
        }
        assertThat(browser.findElements(By.cssSelector("#sheet tr.item[data-state=saved]"))).hasSize(94);
        assertThat(api.path("items").findValues("notApplicable").stream().filter(JsonNode::asBoolean)).hasSize(4);

        // How long one item takes to show in the totals: typed (preview, beside the saved total, which stays until the
        // change is saved), and saved as the query side has it.
        WebElement row = row(browser, "5.1.1.1");
        WebElement percent = row.findElement(By.cssSelector(".percent"));
        String before = browser.findElement(By.id("total")).getText();
        long typed = System.nanoTime();
        percent.clear();
        percent.sendKeys("50");
        wait(browser).pollingEvery(Duration.ofMillis(10))
                .until(d -> d.findElement(By.id("draft-totals")).getAttribute("data-total") != null);
        long previewMillis = (System.nanoTime() - typed) / 1_000_000;
        String previewTotal = browser.findElement(By.id("draft-totals")).getAttribute("data-total");
        assertThat(previewTotal).as("the script says the draft total with two decimals, as the page prints it")
                .matches("\\d+\\.\\d{2}").isNotEqualTo(before);
        assertThat(browser.findElement(By.id("draft-totals")).getText()).startsWith("含未保存的修改：总分 " + previewTotal);
        assertThat(browser.findElement(By.id("total")).getText()).as("the bar's total is the saved one").isEqualTo(before);
        percent.sendKeys(Keys.ENTER);
        long entered = System.nanoTime();
        WebElement dialog = wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("reason-dialog")));
        dialog.findElement(By.id("revise-reason")).sendKeys("计时：修改得分");
        long reasoned = System.nanoTime();
        dialog.findElement(By.id("revise-ok")).click();
        wait(browser).pollingEvery(Duration.ofMillis(10))
                .until(d -> "saved".equals(row(d, "5.1.1.1").getAttribute("data-state")));
        long savedMillis = (System.nanoTime() - reasoned) / 1_000_000;
        wait(browser).until(d -> d.findElement(By.id("total")).getText().equals(previewTotal));
        assertThat(browser.findElement(By.id("total")).getText()).isEqualTo(shownTotal(scorecard(fresh)));
        assertThat(browser.findElement(By.id("draft-totals")).isDisplayed()).isFalse();
        System.out.printf("console timing: an item's score showed in the totals %d ms after typing (preview) and "
                + "%d ms after saving (command accepted and the query side's scorecard at that version); "
                + "the reason dialog took %d ms to answer%n", previewMillis, savedMillis, (reasoned - entered) / 1_000_000);
    }

    @Test
    @Order(3)
    void anItemMarkedNotApplicableAndRestoredCountsAgainWithItsNewScoreAndTakesASpecialItemOnlyWhileApplicable() {
        WebDriver browser = browser();
        signIn(browser, "auditor");
        browser.get(consoleUrl + "/console/audits/" + fresh);
        // The special-item form offers the item while it is scored; picked there, it is marked not applicable below.
        new Select(browser.findElement(By.id("s-clause"))).selectByValue("5.2.1.1");
        js(browser, "document.getElementById('na-5.2.1.1').scrollIntoView({ block: 'center' })");
        WebElement row = row(browser, "5.2.1.1");
        row.findElement(By.cssSelector(".na")).click();
        assertThat(row.findElement(By.cssSelector(".percent")).isEnabled()).isFalse();
        row.findElement(By.cssSelector(".na-reason")).sendKeys(Keys.ENTER);
        // No reason: the API's problem shows next to the reason field.
        wait(browser).until(d -> "failed".equals(row(d, "5.2.1.1").getAttribute("data-state")));
        assertThat(row(browser, "5.2.1.1").findElement(By.cssSelector("[data-problem-for=reason]")).getText())
                .isEqualTo("输入有误：此项必填");
        screenshot(browser, "05-problem-next-to-field");
        // Unticked, what was said about the reason goes with it; ticked again, the reason box has the focus and the
        // evidence's width (at 1024 px), not a sliver.
        row(browser, "5.2.1.1").findElement(By.cssSelector(".na")).click();
        assertThat(row(browser, "5.2.1.1").findElement(By.cssSelector("[data-problem-for=reason]")).getText()).isEmpty();
        assertThat(row(browser, "5.2.1.1").getAttribute("data-state")).isNotEqualTo("failed");
        assertThat(browser.findElement(By.id("sync-state")).getAttribute("data-state")).isEqualTo("saved");
        row(browser, "5.2.1.1").findElement(By.cssSelector(".na")).click();
        WebElement reasonBox = row(browser, "5.2.1.1").findElement(By.cssSelector(".na-reason"));
        assertThat(js(browser, "return document.activeElement.id")).isEqualTo("nar-5.2.1.1");
        assertThat(reasonBox.getSize().getWidth()).isGreaterThan(200);
        assertThat(row(browser, "5.2.1.1").findElement(By.cssSelector(".note")).isDisplayed()).isFalse();

        reasonBox.sendKeys("该组织不提供此项服务", Keys.ENTER);
        wait(browser).until(d -> "saved".equals(row(d, "5.2.1.1").getAttribute("data-state")));
        assertThat(item(scorecard(fresh), "5.2.1.1").path("notApplicable").asBoolean()).isTrue();
        assertThat(row(browser, "5.2.1.1").findElement(By.cssSelector(".earned")).getText()).isEqualTo("—");
        // Not applicable, the item takes no special item (GB/T 27922; the command side's 409
        // special.item-not-applicable): the form lists it with its reason, not to be picked, and the clause picked is
        // taken back, saying why.
        WebElement option = browser.findElement(By.cssSelector("#s-clause option[value='5.2.1.1']"));
        assertThat(option.isEnabled()).isFalse();
        assertThat(option.getText()).startsWith("5.2.1.1 ").endsWith("（不涉及：该组织不提供此项服务）");
        assertThat(browser.findElement(By.id("s-clause")).getAttribute("value")).isEmpty();
        assertThat(browser.findElement(By.cssSelector("#record-special [data-problem-for=clause]")).getText())
                .isEqualTo("违反审查规则：条款 5.2.1.1 在审查 " + fresh + " 中为不涉及；不涉及的条款不计分，不能对其记特别项，须先恢复适用（GB/T 27922）");

        row(browser, "5.2.1.1").findElement(By.cssSelector(".na")).click();
        WebElement percent = row(browser, "5.2.1.1").findElement(By.cssSelector(".percent"));
        assertThat(percent.isEnabled()).isTrue();
        percent.clear();
        percent.sendKeys("88", Keys.ENTER);
        // Restoring changes a recorded result: its reason is asked first.
        WebElement dialog = wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("reason-dialog")));
        assertThat(dialog.findElement(By.cssSelector(".revise-what")).getText()).contains("5.2.1.1", "不涉及", "88");
        dialog.findElement(By.id("revise-reason")).sendKeys("复核后发现该组织提供此项服务");
        dialog.findElement(By.id("revise-ok")).click();
        wait(browser).until(d -> "saved".equals(row(d, "5.2.1.1").getAttribute("data-state")));
        JsonNode history = query.get("/api/audits/" + fresh + "/items/5.2.1.1/history", "reviewer").expect(200);
        assertThat(history.toString()).contains("复核后发现该组织提供此项服务");
        JsonNode restored = item(scorecard(fresh), "5.2.1.1");
        assertThat(restored.path("notApplicable").asBoolean()).isFalse();
        assertThat(restored.path("percent").decimalValue()).isEqualByComparingTo("88");
        assertThat(row(browser, "5.2.1.1").findElement(By.cssSelector(".earned")).getText())
                .isEqualTo(restored.path("earned").decimalValue().toPlainString());
        // Restored, it is offered again.
        assertThat(option.isEnabled()).isTrue();
        assertThat(option.getText()).startsWith("5.2.1.1 ").doesNotContain("不涉及");
    }

    @Test
    @Order(4)
    void aValueIsCheckedBeforeAnyReasonIsAskedAndAReasonBelongsToTheOneChangeItWasGivenFor() {
        WebDriver browser = browser();
        signIn(browser, "auditor");
        browser.get(consoleUrl + "/console/audits/" + fresh);
        // The jump bar brings a part of the 10,000 px page just below the sticky totals bar.
        browser.findElement(By.cssSelector("#jump a[href='#part-5.2']")).click();
        wait(browser).until(d -> (Boolean) js(d, "const top = document.getElementById('part-5.2').getBoundingClientRect().top;"
                + " const bar = document.getElementById('totals').getBoundingClientRect().bottom; return top >= bar - 1 && top < bar + 80;"));
        assertNoHorizontalScrolling(browser);
        screenshot(browser, "05a-jump");

        WebElement percent = row(browser, "5.1.5.1").findElement(By.cssSelector(".percent"));
        String was = item(scorecard(fresh), "5.1.5.1").path("percent").decimalValue().toPlainString();
        // Tab goes from the percent to the evidence (not to 不涉及, where a space would tick it).
        js(browser, "const p = document.getElementById('pct-5.1.5.1'); p.scrollIntoView({ block: 'center' }); p.focus();");
        percent.sendKeys(Keys.TAB);
        assertThat(js(browser, "return document.activeElement.id")).isEqualTo("note-5.1.5.1");

        // Out of range: said on the row at once, no reason asked, and Enter leaves the focus on the value.
        percent.clear();
        percent.sendKeys("150", Keys.ENTER);
        wait(browser).until(d -> "failed".equals(row(d, "5.1.5.1").getAttribute("data-state")));
        assertThat(browser.findElement(By.id("reason-dialog")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("pp-5.1.5.1")).getText()).isEqualTo("输入有误：不得大于 100");
        assertThat(js(browser, "return document.activeElement.id")).isEqualTo("pct-5.1.5.1");
        screenshot(browser, "05b-refused-before-reason");
        // Emptied: the same, never a reason for "96% → %".
        percent.clear();
        percent.sendKeys(Keys.ENTER);
        wait(browser).until(d -> "输入有误：此项必填".equals(d.findElement(By.id("pp-5.1.5.1")).getText()));
        assertThat(browser.findElement(By.id("reason-dialog")).isDisplayed()).isFalse();
        assertThat(js(browser, "return document.activeElement.id")).isEqualTo("pct-5.1.5.1");

        // A Chinese input method's full-width digits are read as the number they are. The reason goes with 97.5 and
        // this evidence, which the command side refuses (over 4,000 characters).
        WebElement note = row(browser, "5.1.5.1").findElement(By.cssSelector(".note"));
        js(browser, "const n = document.getElementById('note-5.1.5.1'); n.value = 'x'.repeat(4001);"
                + " n.dispatchEvent(new Event('input', { bubbles: true }));");
        percent.sendKeys("９７．５", Keys.ENTER);
        WebElement dialog = wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("reason-dialog")));
        assertThat(dialog.findElement(By.cssSelector(".revise-what")).getText()).isEqualTo("条款 5.1.5.1：" + was + "% → 97.5%");
        assertThat(percent.getAttribute("value")).isEqualTo("97.5");
        assertThat(browser.findElement(By.id("pp-5.1.5.1")).getText()).isEmpty();
        dialog.findElement(By.id("revise-reason")).sendKeys("复核后上调");
        dialog.findElement(By.id("revise-ok")).click();
        wait(browser).until(d -> "failed".equals(row(d, "5.1.5.1").getAttribute("data-state")));
        assertThat(row(browser, "5.1.5.1").findElement(By.cssSelector("[data-problem-for=note]")).getText()).isNotEmpty();
        assertThat(item(scorecard(fresh), "5.1.5.1").path("percent").decimalValue()).isEqualByComparingTo(was);
        // Another change (90, with other evidence) is another reason: asked again, not the one given for 97.5.
        note.clear();
        note.sendKeys("现场核查记录（复核）");
        percent.clear();
        percent.sendKeys("90", Keys.ENTER);
        dialog = wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("reason-dialog")));
        assertThat(dialog.findElement(By.cssSelector(".revise-what")).getText()).isEqualTo("条款 5.1.5.1：" + was + "% → 90%");
        dialog.findElement(By.id("revise-reason")).sendKeys("复核后下调为 90");
        dialog.findElement(By.id("revise-ok")).click();
        wait(browser).until(d -> "saved".equals(row(d, "5.1.5.1").getAttribute("data-state")));
        JsonNode history = query.get("/api/audits/" + fresh + "/items/5.1.5.1/history", "reviewer").expect(200);
        JsonNode last = history.get(history.size() - 1);
        assertThat(last.path("reason").asText()).isEqualTo("复核后下调为 90");
        assertThat(last.path("newPercent").decimalValue()).isEqualByComparingTo("90");
        assertThat(history.toString()).doesNotContain("复核后上调");
        // A decimal comma is a decimal point, and a percent sign after the number is left off, as the hint says.
        reviseAndSave(browser, "5.1.5.1", "97,5", "复核后上调为 97.5");
        assertThat(item(scorecard(fresh), "5.1.5.1").path("percent").decimalValue()).isEqualByComparingTo("97.5");
        reviseAndSave(browser, "5.1.5.1", "９６％", "复核后调为 96");
        assertThat(item(scorecard(fresh), "5.1.5.1").path("percent").decimalValue()).isEqualByComparingTo("96");
        assertThat(browser.findElement(By.id("sync-state")).getAttribute("data-state")).isEqualTo("saved");
    }

    /** Needs the command side's revision of a not applicable item's reason (PUT .../not-applicable on such an item). */
    @Test
    @Order(5)
    void theReasonOfAnItemAlreadyNotApplicableIsRevisedOnSavingAndNeverDroppedSilently() {
        WebDriver browser = browser();
        signIn(browser, "auditor");
        browser.get(consoleUrl + "/console/audits/" + fresh);
        String was = item(scorecard(fresh), "5.2.6.1").path("reason").asText();
        WebElement reason = row(browser, "5.2.6.1").findElement(By.cssSelector(".na-reason"));
        assertThat(reason.getAttribute("value")).isEqualTo(was);
        // Emptied: said on the row, nothing sent.
        reason.clear();
        reason.sendKeys(Keys.ENTER);
        wait(browser).until(d -> "failed".equals(row(d, "5.2.6.1").getAttribute("data-state")));
        assertThat(row(browser, "5.2.6.1").findElement(By.cssSelector("[data-problem-for=reason]")).getText())
                .isEqualTo("输入有误：此项必填");

        reason.sendKeys("该组织不回收废弃商品，由生产厂家统一回收", Keys.ENTER);
        wait(browser).until(d -> List.of("saved", "failed").contains(row(d, "5.2.6.1").getAttribute("data-state")));
        assertThat(row(browser, "5.2.6.1").getAttribute("data-state"))
                .as("the revised reason was saved; the page said: %s", js(browser, "return document.getElementById('prob-5.2.6.1').textContent"
                        + " + ' ' + document.querySelector('tr.item[data-clause=\"5.2.6.1\"] [data-problem-for=reason]').textContent"))
                .isEqualTo("saved");
        JsonNode revised = item(scorecard(fresh), "5.2.6.1");
        assertThat(revised.path("notApplicable").asBoolean()).isTrue();
        assertThat(revised.path("reason").asText()).isEqualTo("该组织不回收废弃商品，由生产厂家统一回收");
        assertThat(browser.findElement(By.id("sync-state")).getAttribute("data-state")).isEqualTo("saved");
        browser.navigate().refresh();
        assertThat(row(browser, "5.2.6.1").findElement(By.cssSelector(".na-reason")).getAttribute("value"))
                .isEqualTo("该组织不回收废弃商品，由生产厂家统一回收");
    }

    @Test
    @Order(6)
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
    @Order(7)
    void signedOutInAnotherTabTheRowKeepsWhatWasTypedAndSavesOnceSignedInAgain() {
        WebDriver browser = browser();
        signIn(browser, "auditor");
        browser.get(consoleUrl + "/console/audits/" + fresh);
        String page = browser.getWindowHandle();
        browser.switchTo().newWindow(WindowType.TAB);
        browser.get(consoleUrl + "/console/audits");
        browser.findElement(By.cssSelector("form.logout button")).click();
        wait(browser).until(d -> d.getCurrentUrl().contains("/console/login"));
        String other = browser.getWindowHandle();

        browser.switchTo().window(page);
        WebElement note = row(browser, "5.1.4.2").findElement(By.cssSelector(".note"));
        note.clear();
        note.sendKeys("补充：抽查了两份服务规范", Keys.ENTER);
        WebElement dialog = wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("reason-dialog")));
        dialog.findElement(By.id("revise-reason")).sendKeys("补充证据");
        dialog.findElement(By.id("revise-ok")).click();
        wait(browser).until(d -> d.findElement(By.tagName("body")).getText().contains("已填写的内容仍在此页"));
        assertThat(note.getAttribute("value")).isEqualTo("补充：抽查了两份服务规范");
        assertThat(item(scorecard(fresh), "5.1.4.2").path("note").asText()).doesNotContain("服务规范");

        browser.switchTo().window(other);
        browser.findElement(By.id("username")).sendKeys("auditor");
        browser.findElement(By.id("password")).sendKeys(CertauditClient.demoPassword("auditor"), Keys.ENTER);
        wait(browser).until(d -> !d.getCurrentUrl().contains("/console/login"));
        browser.switchTo().window(page);
        // Saved again: the reason given stands (the note it replaces did not change), the session's token is fetched.
        row(browser, "5.1.4.2").findElement(By.cssSelector(".save")).click();
        wait(browser).until(d -> "saved".equals(row(d, "5.1.4.2").getAttribute("data-state")));
        assertThat(browser.findElement(By.id("reason-dialog")).isDisplayed()).isFalse();
        assertThat(item(scorecard(fresh), "5.1.4.2").path("note").asText()).isEqualTo("补充：抽查了两份服务规范");
        browser.switchTo().window(other);
        browser.close();
        browser.switchTo().window(page);
    }

    /**
     * A gateway or proxy in front of the console answers 502, 503 or 504 in words of its own when it loses the relay's
     * answer, and cannot know whether the change went through behind it: the page sends it again under the same
     * Idempotency-Key, which the command side answers with its first answer instead of making the change twice. The
     * relay's own 502 command-side-unavailable says nothing was sent: said as it is, and a new save is a new change.
     */
    @Test
    @Order(8)
    void aGatewaysOwn502Or503LeavesTheOutcomeUnknownAndTheChangeGoesAgainUnderItsKeyUnlikeTheRelaysNothingChanged() {
        WebDriver browser = browser();
        signIn(browser, "auditor");
        browser.get(consoleUrl + "/console/audits/" + fresh);
        int scored = history("5.1.6.1").size();

        // The change reached the command side and the gateway lost its answer: sent again under its key, answered with
        // the first answer, and made once.
        gateway(browser, "{ status: 502, type: 'text/html', body: '<html><body><h1>502 Bad Gateway</h1></body></html>',"
                + " forward: true }");
        reviseAndSave(browser, "5.1.6.1", "98", "网关故障后复核");
        List<Map<String, Object>> sent = gatewaySent(browser);
        assertThat(sent).hasSize(2).extracting(r -> r.get("key")).doesNotContainNull()
                .containsOnly(sent.get(0).get("key"));
        assertThat(history("5.1.6.1")).hasSize(scored + 1);
        assertThat(item(scorecard(fresh), "5.1.6.1").path("percent").decimalValue()).isEqualByComparingTo("98");

        // The gateway answers for the console twice, with nothing behind it: the page says the outcome is not known
        // (not the gateway's page), and saving again goes under the same key, made once.
        gateway(browser, "{ status: 503, type: 'text/plain', body: 'Service Unavailable' },"
                + " { status: 503, type: 'text/plain', body: 'Service Unavailable' }");
        WebElement percent = row(browser, "5.1.6.2").findElement(By.cssSelector(".percent"));
        percent.clear();
        percent.sendKeys("96", Keys.ENTER);
        WebElement dialog = wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("reason-dialog")));
        dialog.findElement(By.id("revise-reason")).sendKeys("网关故障后复核");
        dialog.findElement(By.id("revise-ok")).click();
        wait(browser).until(d -> "failed".equals(row(d, "5.1.6.2").getAttribute("data-state")));
        assertThat(browser.findElement(By.id("prob-5.1.6.2")).getText())
                .startsWith("控制台前的网关代为答复（HTTP 503），未转来命令服务的答复，尚不确定修改是否已生效")
                .doesNotContain("Service Unavailable");
        assertThat(history("5.1.6.2")).hasSize(scored);
        row(browser, "5.1.6.2").findElement(By.cssSelector(".save")).click();
        wait(browser).until(d -> "saved".equals(row(d, "5.1.6.2").getAttribute("data-state")));
        sent = gatewaySent(browser);
        assertThat(sent).hasSize(3).extracting(r -> r.get("key")).containsOnly(sent.get(0).get("key"));
        assertThat(history("5.1.6.2")).hasSize(scored + 1);

        // The relay's own problem: no connection was made, nothing was changed. Not sent again by itself; saved again,
        // it is a new change under a new key.
        gateway(browser, "{ status: 502, type: 'application/problem+json', body: JSON.stringify({"
                + " type: 'urn:certaudit:problem:command-side-unavailable', title: 'Bad Gateway', status: 502,"
                + " detail: 'the command side cannot be reached; nothing was changed, try again' }) }");
        percent = row(browser, "5.1.6.3").findElement(By.cssSelector(".percent"));
        percent.clear();
        percent.sendKeys("97", Keys.ENTER);
        dialog = wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("reason-dialog")));
        dialog.findElement(By.id("revise-reason")).sendKeys("复核现场记录");
        dialog.findElement(By.id("revise-ok")).click();
        wait(browser).until(d -> "failed".equals(row(d, "5.1.6.3").getAttribute("data-state")));
        assertThat(browser.findElement(By.id("prob-5.1.6.3")).getText())
                .isEqualTo("命令服务无法连接：the command side cannot be reached; nothing was changed, try again");
        assertThat(gatewaySent(browser)).hasSize(1);
        row(browser, "5.1.6.3").findElement(By.cssSelector(".save")).click();
        wait(browser).until(d -> "saved".equals(row(d, "5.1.6.3").getAttribute("data-state")));
        sent = gatewaySent(browser);
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).get("key")).isNotEqualTo(sent.get(0).get("key"));
        assertThat(history("5.1.6.3")).hasSize(scored + 1);
        assertThat(browser.findElement(By.id("sync-state")).getAttribute("data-state")).isEqualTo("saved");
    }

    @Test
    @Order(9)
    void aChangeFromASecondSessionConflictsOnlyWithTheSameItemAndReappliesOnTheLatestVersion() {
        WebDriver first = browser();
        signIn(first, "auditor");
        first.get(consoleUrl + "/console/audits/" + fresh);
        WebDriver second = newBrowser();
        signIn(second, "leader");
        second.get(consoleUrl + "/console/audits/" + fresh);

        reviseAndSave(second, "5.3.1.1", "77", "组长复核");

        // Before the first page tries anything, the query side's push tells it someone else changed the audit.
        long theirVersion = scorecard(fresh).path("version").asLong();
        WebElement live = wait(first).until(ExpectedConditions.visibilityOfElementLocated(By.id("live-change")));
        wait(first).until(d -> live.findElement(By.cssSelector(".live-summary")).getText()
                                   .contains(String.valueOf(theirVersion)));
        screenshot(first, "07a-live-change");
        // The same push has reached the second page, which judged it (a second's sleep passed also before it came).
        wait(second).until(d -> Long.parseLong(Objects.requireNonNullElse(
                d.findElement(By.id("live-change")).getAttribute("data-pushed-version"), "-1")) >= theirVersion);
        assertThat(second.findElement(By.id("live-change")).isDisplayed())
                .as("the second page made that change itself").isFalse();

        // Another item than the one the other session changed: saved on top of that change, no conflict; the sheet
        // then shows the other session's change too.
        WebElement mine = row(first, "5.1.3.1").findElement(By.cssSelector(".note"));
        mine.clear();
        mine.sendKeys("补充：查阅了服务网点清单", Keys.ENTER);
        WebElement reason = wait(first).until(ExpectedConditions.visibilityOfElementLocated(By.id("reason-dialog")));
        reason.findElement(By.id("revise-reason")).sendKeys("补充证据");
        reason.findElement(By.id("revise-ok")).click();
        wait(first).until(d -> "saved".equals(row(d, "5.1.3.1").getAttribute("data-state")));
        assertThat(first.findElement(By.id("conflict")).isDisplayed()).isFalse();
        assertThat(item(scorecard(fresh), "5.1.3.1").path("note").asText()).isEqualTo("补充：查阅了服务网点清单");
        wait(first).until(d -> "77".equals(row(d, "5.3.1.1").findElement(By.cssSelector(".percent")).getAttribute("value")));

        // The other session changes 5.3.1.1 again; this page, not knowing it, revises the same item: a conflict,
        // showing what it was changed to, by whom and when.
        long beforeTheirs = scorecard(fresh).path("version").asLong();
        reviseAndSave(second, "5.3.1.1", "75", "组长再次复核");
        // The trail, a projection of its own, may not have the leader's 75 yet when the command side refuses this
        // page's change: for two seconds this page's reads of it answer as it stood before. The panel waits until the
        // trail has the version that refused the change (read once, it listed no item and was not drawn again).
        trailBehind(first, beforeTheirs, 2_000);

        WebElement same = row(first, "5.3.1.1").findElement(By.cssSelector(".percent"));
        same.clear();
        same.sendKeys("80", Keys.ENTER);
        WebElement again = wait(first).until(ExpectedConditions.visibilityOfElementLocated(By.id("reason-dialog")));
        again.findElement(By.id("revise-reason")).sendKeys("复核现场记录");
        again.findElement(By.id("revise-ok")).click();
        WebElement conflict = wait(first).until(ExpectedConditions.visibilityOfElementLocated(By.id("conflict")));
        wait(first).until(d -> !d.findElements(By.cssSelector("#conflict .conflict-items li[data-clause='5.3.1.1']")).isEmpty());
        assertThat(conflict.findElement(By.cssSelector(".conflict-items")).getText()).contains("5.3.1.1", "75");
        assertThat(conflict.findElement(By.cssSelector(".conflict-events")).getText()).contains("leader")
                .as("when, on the certification body's clock").containsPattern(ON_THE_BODYS_CLOCK)
                .doesNotContainPattern("T\\d{2}:\\d{2}");
        // Per item, what there is to decide on: the leader's change since the row's 77 was loaded (75; not the 77 the
        // row showed when edited, though it came after the page's version) by name (as recorded, with the user name)
        // with its reason, and this page's own unsaved 80 with the reason it was given for 77 → 80. This page's own
        // save of 5.1.3.1 since the page's version is no conflict: not listed.
        assertThat(conflict.findElement(By.cssSelector(".conflict-summary")).getText())
                .startsWith("您的修改基于版本 " + (theirVersion + 1) + "，");
        List<WebElement> theirs = conflict.findElements(By.cssSelector("li[data-clause='5.3.1.1'] .conflict-theirs"));
        assertThat(theirs).hasSize(1);
        assertThat(theirs.get(0).findElement(By.cssSelector(".conflict-who")).getText())
                .containsPattern("\\S+（leader） 于 ").doesNotStartWith("leader").contains("75%").doesNotContain("77%");
        assertThat(theirs.get(0).findElement(By.cssSelector(".conflict-reason")).getText()).isEqualTo("理由：组长再次复核");
        assertThat(conflict.findElements(By.cssSelector(".conflict-items > li")))
                .extracting(li -> li.getAttribute("data-clause")).containsExactly("5.3.1.1");
        assertThat(conflict.findElement(By.cssSelector(".conflict-events")).getText()).doesNotContain("auditor", "您");
        WebElement ours = conflict.findElement(By.cssSelector("li[data-clause='5.3.1.1'] .conflict-mine"));
        assertThat(ours.findElement(By.cssSelector(".conflict-value")).getText()).isEqualTo("您尚未保存的修改：80%");
        assertThat(ours.findElement(By.cssSelector(".conflict-reason")).getText()).contains("77% → 80%", "复核现场记录");
        assertThat(item(scorecard(fresh), "5.3.1.1").path("percent").decimalValue()).isEqualByComparingTo("75");
        screenshot(first, "07-conflict");

        // Re-applied on the latest: the score it replaces is now the leader's 75, so its reason is asked again. Cancelled,
        // nothing is sent and the panel stays, with its way to discard the change.
        first.findElement(By.id("conflict-reapply")).click();
        wait(first).until(ExpectedConditions.visibilityOfElementLocated(By.id("reason-dialog")))
                .findElement(By.id("revise-cancel")).click();
        assertThat(first.findElement(By.id("conflict")).isDisplayed()).isTrue();
        assertThat(first.findElement(By.id("conflict-discard")).isDisplayed()).isTrue();
        assertThat(item(scorecard(fresh), "5.3.1.1").path("percent").decimalValue()).isEqualByComparingTo("75");
        first.findElement(By.id("conflict-reapply")).click();
        WebElement third = wait(first).until(ExpectedConditions.visibilityOfElementLocated(By.id("reason-dialog")));
        assertThat(third.findElement(By.cssSelector(".revise-what")).getText()).contains("75% → 80%");
        // The reason given for 77 → 80 is offered, said to be written for 77, to be confirmed or edited against 75.
        assertThat(third.findElement(By.cssSelector(".revise-again")).getText()).contains("75%", "77% → 80%");
        assertThat(third.findElement(By.id("revise-reason")).getAttribute("value")).isEqualTo("复核现场记录");
        third.findElement(By.id("revise-reason")).clear();
        third.findElement(By.id("revise-reason")).sendKeys("复核现场记录，维持 80");
        third.findElement(By.id("revise-ok")).click();
        wait(first).until(d -> "saved".equals(row(d, "5.3.1.1").getAttribute("data-state")));
        JsonNode card = scorecard(fresh);
        assertThat(item(card, "5.1.3.1").path("note").asText()).isEqualTo("补充：查阅了服务网点清单");
        assertThat(item(card, "5.3.1.1").path("percent").decimalValue()).isEqualByComparingTo("80");
        assertThat(first.findElement(By.id("total")).getText()).isEqualTo(shownTotal(card));
        assertThat(live.findElement(By.tagName("h2")).getAttribute("textContent")).isEqualTo("其他人已修改此审查");

        // The leader, on the page loaded again, changes 5.3.1.1 and changes it back; this page, not knowing it, revises
        // the item: a conflict. The item's value is as its row was loaded, and the panel lists it all the same, said to
        // be as loaded, with both of the leader's changes: someone else touched the item the auditor is scoring.
        second.navigate().refresh();
        reviseAndSave(second, "5.3.1.1", "76", "组长第三次复核");
        reviseAndSave(second, "5.3.1.1", "80", "恢复审核员的评分");
        WebElement raised = row(first, "5.3.1.1").findElement(By.cssSelector(".percent"));
        raised.clear();
        raised.sendKeys("82", Keys.ENTER);
        WebElement whyRaised = wait(first).until(ExpectedConditions.visibilityOfElementLocated(By.id("reason-dialog")));
        whyRaised.findElement(By.id("revise-reason")).sendKeys("复核现场记录，上调");
        whyRaised.findElement(By.id("revise-ok")).click();
        // The panel still holds the earlier conflict's list, hidden: this one's shows once it is complete.
        WebElement changedBack = wait(first).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#conflict .conflict-items li[data-clause='5.3.1.1'][data-same='true']")));
        assertThat(first.findElements(By.cssSelector("#conflict .conflict-items > li")))
                .extracting(li -> li.getAttribute("data-clause")).containsExactly("5.3.1.1");
        assertThat(changedBack.findElement(By.cssSelector(".conflict-item")).getText())
                .isEqualTo("条款 5.3.1.1：载入后有过修改，现为 80%，与载入时相同");
        List<WebElement> both = changedBack.findElements(By.cssSelector(".conflict-theirs"));
        assertThat(both).hasSize(2);
        assertThat(both.get(0).findElement(By.cssSelector(".conflict-who")).getText()).contains("（leader） 于 ", "76%");
        assertThat(both.get(0).findElement(By.cssSelector(".conflict-reason")).getText()).isEqualTo("理由：组长第三次复核");
        assertThat(both.get(1).findElement(By.cssSelector(".conflict-who")).getText()).contains("（leader） 于 ", "80%");
        assertThat(both.get(1).findElement(By.cssSelector(".conflict-reason")).getText()).isEqualTo("理由：恢复审核员的评分");
        assertThat(changedBack.findElement(By.cssSelector(".conflict-mine .conflict-value")).getText())
                .isEqualTo("您尚未保存的修改：82%");
        screenshot(first, "07c-conflict-changed-back");
        first.findElement(By.id("conflict-discard")).click();
        wait(first).until(ExpectedConditions.stalenessOf(changedBack));
        assertThat(item(scorecard(fresh), "5.3.1.1").path("percent").decimalValue()).isEqualByComparingTo("80");

        // The same user in another tab of the same session: the page says the change was theirs, not someone else's.
        first.navigate().refresh();
        String page = first.getWindowHandle();
        first.switchTo().newWindow(WindowType.TAB);
        first.get(consoleUrl + "/console/audits/" + fresh);
        reviseAndSave(first, "5.3.1.1", "78", "同一审核员在另一个标签页修订");
        first.close();
        first.switchTo().window(page);
        WebElement elsewhere = wait(first).until(ExpectedConditions.visibilityOfElementLocated(By.id("live-change")));
        wait(first).until(d -> elsewhere.findElement(By.tagName("h2")).getText().contains("您在另一个窗口或设备上"));
        assertThat(elsewhere.findElement(By.cssSelector(".live-summary")).getText()).contains("您在另一个窗口或设备上已将审查改到版本")
                .doesNotContain("其他人");

        // This page saves another item on top of that change (its own version stays), then a special item on the page's
        // version: refused. The panel names the change from the other tab as the user's from elsewhere and this page's
        // own save as saved on this page; neither is an item to decide on, and nothing is recorded.
        WebElement note = row(first, "5.1.6.4").findElement(By.cssSelector(".note"));
        note.clear();
        note.sendKeys("补充：查阅了服务改进记录", Keys.ENTER);
        WebElement why = wait(first).until(ExpectedConditions.visibilityOfElementLocated(By.id("reason-dialog")));
        why.findElement(By.id("revise-reason")).sendKeys("补充证据");
        why.findElement(By.id("revise-ok")).click();
        wait(first).until(d -> "saved".equals(row(d, "5.1.6.4").getAttribute("data-state")));
        new Select(first.findElement(By.id("s-kind"))).selectByValue("BONUS");
        first.findElement(By.id("s-reason")).sendKeys("建立了服务改进月度例会制度");
        first.findElement(By.cssSelector("#record-special button[type=submit]")).click();
        WebElement refused = wait(first).until(ExpectedConditions.visibilityOfElementLocated(By.id("conflict")));
        wait(first).until(d -> refused.findElements(By.cssSelector(".conflict-events li")).size() == 2);
        List<WebElement> events = refused.findElements(By.cssSelector(".conflict-events li"));
        assertThat(events.get(0).getText()).contains("auditor（您，在另一个窗口或设备上）");
        assertThat(events.get(1).getText()).contains("auditor（您，在此页面保存）");
        assertThat(refused.findElement(By.tagName("h2")).getText()).isEqualTo("您在另一个窗口或设备上修改了此审查");
        assertThat(refused.findElements(By.cssSelector(".conflict-items > li"))).isEmpty();
        screenshot(first, "07b-conflict-own-saves");
        first.findElement(By.id("conflict-discard")).click();
        wait(first).until(ExpectedConditions.stalenessOf(refused));
        assertThat(scorecard(fresh).path("specialItems")).isEmpty();
        assertThat(item(scorecard(fresh), "5.1.6.4").path("note").asText()).isEqualTo("补充：查阅了服务改进记录");
    }

    @Test
    @Order(11)
    void theLeaderRecommendsTheComputedGrade() {
        WebDriver browser = browser();
        signIn(browser, "leader");
        browser.get(consoleUrl + "/console/audits/" + fresh);
        JsonNode card = scorecard(fresh);
        WebElement grade = browser.findElement(By.id("r-grade"));
        assertThat(grade.getAttribute("value")).isEqualTo(card.path("grade").asText());
        assertThat(browser.findElement(By.id("computed-total")).getText()).isEqualTo(shownTotal(card));
        screenshot(browser, "08-recommendation");
        String gradeName = new Select(grade).getFirstSelectedOption().getText();
        String questioned = browser.findElement(By.id("recommend-pledge-timing")).getText();
        browser.findElement(By.cssSelector("#recommend button[type=submit]")).click();
        // Recommending closes the audit for the team: asked first, naming the grade and the total, after saying that
        // the pledge timing is questioned (the auditor's pledge is dated after the on-site period began).
        Alert ask = wait(browser).until(ExpectedConditions.alertIsPresent());
        assertThat(ask.getText()).isEqualTo(questioned + "\n\n推荐“" + gradeName + "”（总分 "
                + shownTotal(card) + "）？推荐后审查关闭，审查组不能再修改评分。");
        ask.accept();
        wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("recommended")));
        JsonNode audit = query.get("/api/audits/" + fresh, "reviewer").expect(200);
        assertThat(audit.path("status").asText()).isEqualTo("FINISHED");
        assertThat(audit.path("recommendation").path("grade").asText()).isEqualTo(card.path("grade").asText());
        assertThat(browser.findElement(By.id("audit-status")).getText()).isEqualTo("已推荐");
        assertThat(browser.findElements(By.cssSelector("#sheet .save"))).isEmpty();
        assertThat(browser.findElement(By.id("reopen"))).isNotNull();
    }

    @Test
    @Order(14)
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
        assertThat(changes.get(1).getText()).contains(SeedAuditDriver.REVISION_REASON, "leader")
                .containsPattern(ON_THE_BODYS_CLOCK);
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

        // A regulator's question of one item, typed into the filter form, newest first: the rows are that item's alone.
        browser.findElement(By.id("f-clause")).sendKeys(seed.revisedClause());
        new Select(browser.findElement(By.id("f-order"))).selectByValue("newest");
        browser.findElement(By.cssSelector("#trail-filters button[type=submit]")).click();
        wait(browser).until(ExpectedConditions.urlContains("clause="));
        List<WebElement> itemRows = browser.findElements(By.cssSelector("#trail tbody tr"));
        assertThat(itemRows).hasSizeGreaterThanOrEqualTo(2)
                .allSatisfy(row -> assertThat(row.getText()).contains(seed.revisedClause()));
        assertThat(browser.findElement(By.id("trail-count")).getText()).contains(String.valueOf(itemRows.size()));
        assertThat(browser.findElement(By.id("f-clause")).getAttribute("value")).isEqualTo(seed.revisedClause());
        assertNoHorizontalScrolling(browser);
        screenshot(browser, "12-trail-item");

        // At a tablet's 1024 px the request id is left out, and the values keep a readable width in English too (its
        // long labels and event names once squeezed them to a letter a line).
        browser.get(consoleUrl + "/console/audits/" + seed.initialAuditId() + "/trail?lang=en");
        assertThat(browser.findElement(By.cssSelector("#trail thead th.request")).isDisplayed()).isFalse();
        assertThat(((Number) js(browser, "return Math.min(...[...document.querySelectorAll('#trail dd')]"
                + ".map(dd => dd.getBoundingClientRect().width))")).doubleValue()).isGreaterThan(150);
        assertNoHorizontalScrolling(browser);
        screenshot(browser, "12-trail-en");
    }

    @Test
    @Order(15)
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
    @Order(18)
    void theAdminOpensTheNextAuditWithThePredecessorsDetailsFilledIn() {
        // A surveillance needs a valid certificate: the audit was reviewed and granted in the console (order 13).
        java.time.LocalDate reported = java.time.LocalDate.parse(query.get("/api/audits/" + fresh, "reviewer").expect(200)
                .path("recommendation").path("reportDate").asText());
        String visit = reported.plusDays(300).toString();

        WebDriver browser = browser();
        signIn(browser, "admin");
        // Offered on the decided audit's page, the latest of its project.
        browser.get(consoleUrl + "/console/audits/" + fresh);
        browser.findElement(By.id("link-open-next")).click();
        wait(browser).until(ExpectedConditions.urlContains("/console/audits/new?predecessor=" + fresh));
        assertThat(browser.findElement(By.id("o-project")).getAttribute("value")).isEqualTo(PROJECT);
        assertThat(browser.findElement(By.id("o-type")).getAttribute("value")).isEqualTo("SURVEILLANCE");
        assertThat(browser.findElement(By.id("o-name")).getAttribute("value")).isEqualTo("控制台测试家具有限公司");
        // Sent without dates or days: the command side's rule next to each field, in the page's words, not the
        // browser's tooltip.
        browser.findElement(By.cssSelector("#open-audit button[type=submit]")).click();
        assertThat(wait(browser).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#open-audit [data-problem-for=onSiteDays]"))).getText()).isEqualTo("输入有误：此项必填");
        assertThat(browser.findElement(By.cssSelector("#open-audit [data-problem-for=onSiteFrom]")).getText())
                .isEqualTo("输入有误：此项必填");
        // The days follow the dates and half-days until another number is typed.
        js(browser, "for (const [id, day] of [['o-from', '" + visit + "'], ['o-to', '" + visit + "']]) {"
                + " const input = document.getElementById(id); input.value = day;"
                + " input.dispatchEvent(new Event('change', { bubbles: true })); }");
        assertThat(browser.findElement(By.id("o-days")).getAttribute("value")).isEqualTo("1");
        assertThat(browser.findElement(By.id("o-days-hint")).getText()).contains("1 天");
        new Select(browser.findElement(By.id("o-from-half"))).selectByValue("AFTERNOON");
        assertThat(browser.findElement(By.id("o-days")).getAttribute("value")).isEqualTo("0.5");
        new Select(browser.findElement(By.id("o-from-half"))).selectByValue("");
        assertThat(browser.findElement(By.id("o-days")).getAttribute("value")).isEqualTo("1");
        browser.findElement(By.id("o-days")).clear();
        browser.findElement(By.id("o-days")).sendKeys("2.0");
        browser.findElement(By.cssSelector("#open-audit button[type=submit]")).click();
        // 2 days on a 1-day visit: the API's problem shows next to the days field.
        WebElement problem = wait(browser).until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("#open-audit [data-problem-for=onSiteDays]")));
        assertThat(problem.getText()).isEqualTo("输入有误：不得多于现场审查起止日期之间的 1 个日历日");
        screenshot(browser, "14-open-audit");
        browser.findElement(By.id("o-days")).clear();
        browser.findElement(By.id("o-days")).sendKeys("1.0");
        browser.findElement(By.cssSelector("#open-audit button[type=submit]")).click();
        wait(browser).until(ExpectedConditions.urlContains("/console/audits/" + PROJECT + ".2"));
        assertThat(query.get("/api/audits/" + PROJECT + ".2", "reviewer").expect(200).path("type").asText())
                .isEqualTo("SURVEILLANCE");
    }

    @Test
    @Order(10)
    void theLeaderIsWarnedOfEmptyFindingsThenAnAuditorRecordsSpecialItemsAndWithdrawsOneAndRecordsTheFindings() {
        WebDriver browser = browser();
        // The auditor signed on the form's day, the last on-site day, after the period began (ISO/IEC 17021-1 5.2): the
        // leader reads it above the recommendation, whose form says it too, and may still recommend.
        signIn(browser, "leader");
        browser.get(consoleUrl + "/console/audits/" + fresh);
        WebElement late = browser.findElement(By.cssSelector(
                "#recommend-pledge-timing-warnings li[data-warning='PLEDGE_AFTER_ON_SITE'][data-member='B']"));
        assertThat(late.isDisplayed()).isTrue();
        assertThat(late.getText()).isEqualTo("B 测试组员 的公正性和保密承诺签署于 2021-06-07，晚于现场审查开始的 2021-06-05。");
        assertThat(browser.findElement(By.id("recommend-pledge-timing")).isDisplayed()).isTrue();
        js(browser, "document.getElementById('recommendation').scrollIntoView()");
        screenshot(browser, "14a-pledge-timing-before-recommending");
        // No findings yet: recommending asks first, saying the pledge timing is questioned and what the report will
        // lack, with the grade and the total.
        String grade = new Select(browser.findElement(By.id("r-grade"))).getFirstSelectedOption().getText();
        browser.findElement(By.cssSelector("#recommend button[type=submit]")).click();
        Alert empty = wait(browser).until(ExpectedConditions.alertIsPresent());
        assertThat(empty.getText()).startsWith("审查组公正性承诺的时间有疑问（见上）")
                .contains("\n\n尚未记录优势和改进建议：报告的第（3）、（4）部分将为空。\n\n")
                .contains("推荐“" + grade + "”（总分 " + shownTotal(scorecard(fresh)) + "）？");
        empty.dismiss();
        assertThat(query.get("/api/audits/" + fresh, "reviewer").expect(200).path("status").asText()).isEqualTo("OPEN");

        signIn(browser, "auditor");
        browser.get(consoleUrl + "/console/audits/" + fresh);
        // Only the items that are scored are offered; the four the auditor marked not applicable are listed with the
        // reason, not to be picked, and the form says why.
        Select clause = new Select(browser.findElement(By.id("s-clause")));
        assertThat(clause.getOptions()).filteredOn(o -> !o.isEnabled()).extracting(o -> o.getAttribute("value"))
                .containsExactly("5.2.5.4", "5.2.5.5", "5.2.6.1", "5.2.6.2");
        assertThat(browser.findElement(By.cssSelector("#s-clause option[value='5.2.6.1']")).getText())
                .endsWith("（不涉及：该组织不回收废弃商品，由生产厂家统一回收）");
        assertThat(browser.findElement(By.id("s-clause-hint")).getText()).startsWith("只列出适用的条款");
        // A deduction without the clause it breaks: the API's problem, in the bundle's words, next to the clause.
        new Select(browser.findElement(By.id("s-kind"))).selectByValue("DEDUCTION");
        browser.findElement(By.id("s-finding")).sendKeys("投诉处理记录缺少回访结果");
        browser.findElement(By.id("s-reason")).sendKeys("现场抽查 3 份投诉记录均未回访");
        browser.findElement(By.cssSelector("#record-special button[type=submit]")).click();
        WebElement clauseProblem = wait(browser).until(d -> visibleText(d, "#record-special [data-problem-for=clause]"));
        assertThat(clauseProblem.getText()).isEqualTo("输入有误：扣分项必须写明所违反的条款");
        screenshot(browser, "15-special-item-problem");
        clause.selectByValue("5.3.3.2");
        submitAndReload(browser, "#record-special");
        new Select(browser.findElement(By.id("s-kind"))).selectByValue("BONUS");
        browser.findElement(By.id("s-reason")).sendKeys("建立了客户服务满意度月度回访制度");
        submitAndReload(browser, "#record-special");
        List<WebElement> specials = browser.findElements(By.cssSelector("#specials li[data-special]"));
        assertThat(specials).extracting(li -> li.getAttribute("data-kind")).containsExactly("DEDUCTION", "BONUS");
        String bonus = specials.get(1).getAttribute("data-special");
        browser.findElement(By.id("wd-" + bonus)).sendKeys("组长复核：该制度尚未运行满一年");
        submitAndReload(browser, "#specials li[data-special='" + bonus + "'] form");
        assertThat(browser.findElement(By.cssSelector("#specials li[data-special='" + bonus + "']"))
                .getAttribute("data-withdrawn")).isEqualTo("true");

        browser.findElement(By.id("f-strengths")).sendKeys("服务网点覆盖全部销售区域\n投诉处理有记录可查");
        browser.findElement(By.id("f-improvements")).sendKeys("完善回访制度");
        submitAndReload(browser, "#record-findings");
        js(browser, "document.getElementById('specials').scrollIntoView()");
        screenshot(browser, "16-special-items-and-findings");

        JsonNode card = scorecard(fresh);
        assertThat(card.path("deductions").asInt()).isEqualTo(1);
        assertThat(card.path("bonuses").asInt()).isZero();
        JsonNode deduction = card.path("specialItems").get(0);
        assertThat(deduction.path("clause").asText()).isEqualTo("5.3.3.2");
        assertThat(deduction.path("finding").asText()).isEqualTo("投诉处理记录缺少回访结果");
        assertThat(card.path("specialItems").get(1).path("withdrawalReason").asText()).isEqualTo("组长复核：该制度尚未运行满一年");
        JsonNode audit = query.get("/api/audits/" + fresh, "reviewer").expect(200);
        assertThat(audit.path("strengths")).extracting(JsonNode::asText)
                .containsExactly("服务网点覆盖全部销售区域", "投诉处理有记录可查");
        assertThat(audit.path("improvements")).extracting(JsonNode::asText).containsExactly("完善回访制度");
        assertThat(browser.findElement(By.id("total")).getText()).isEqualTo(shownTotal(card));
    }

    @Test
    @Order(12)
    void theLeaderReopensWithAReasonAndRecommendsAgain() {
        WebDriver browser = browser();
        signIn(browser, "leader");
        browser.get(consoleUrl + "/console/audits/" + fresh);
        browser.findElement(By.id("ro-reason")).sendKeys("补充现场证据照片");
        submitAndReload(browser, "#reopen");
        assertThat(browser.findElement(By.id("audit-status")).getText()).isEqualTo("已重新开启");
        JsonNode audit = query.get("/api/audits/" + fresh, "reviewer").expect(200);
        assertThat(audit.path("status").asText()).isEqualTo("REOPENED");
        assertThat(audit.path("reopenReason").asText()).isEqualTo("补充现场证据照片");
        screenshot(browser, "17-reopened");
        submitAndReload(browser, "#recommend", true);
        assertThat(query.get("/api/audits/" + fresh, "reviewer").expect(200).path("status").asText()).isEqualTo("FINISHED");
    }

    @Test
    @Order(13)
    void theReviewerReturnsThenAcceptsAndTheDeciderGrantsFromTheirWaitingListsWhileAnAuditorsPageTurnsReadOnly() {
        WebDriver browser = browser();
        signIn(browser, "reviewer");
        assertThat(waiting(browser, "awaiting-review")).contains(fresh);
        assertThat(browser.findElements(By.id("awaiting-decision"))).isEmpty();
        browser.findElement(By.cssSelector("#awaiting-review li[data-audit='" + fresh + "'] a")).click();
        wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("review-form")));
        browser.findElement(By.id("link-review")).click();
        assertThat(browser.findElement(By.cssSelector("#review-pledge-timing-warnings li[data-member='B']")).isDisplayed())
                .as("the pledge timing, read in the review's panel").isTrue();
        screenshot(browser, "18-review");
        // Returning needs the findings: the API names the field, the console shows it there in words.
        // A note belongs to an acceptance (the command side refuses one with a RETURN): the field goes with it.
        assertThat(browser.findElement(By.id("rv-note")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("rv-findings")).isDisplayed()).isFalse();
        new Select(browser.findElement(By.id("rv-outcome"))).selectByValue("RETURN");
        assertThat(browser.findElement(By.id("rv-note")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("rv-note")).isEnabled()).isFalse();
        assertThat(browser.findElement(By.id("rv-findings")).isDisplayed()).isTrue();
        browser.findElement(By.cssSelector("#review-form button[type=submit]")).click();
        WebElement problem = wait(browser).until(d -> visibleText(d, "#review-form [data-problem-for=findings]"));
        assertThat(problem.getText()).isEqualTo("输入有误：退回审查组时必须列出评审发现");
        assertThat(browser.findElement(By.id("rv-findings")).getAttribute("aria-invalid")).isEqualTo("true");
        browser.findElement(By.id("rv-findings")).sendKeys("扣分项 5.3.3.2 缺少回访记录的证据编号");
        submitAndReload(browser, "#review-form");
        assertThat(browser.findElement(By.id("audit-status")).getText()).isEqualTo("技术评审退回");
        // An auditor opens the audit while it is back with the team and keeps the page open through the decision.
        WebDriver auditor = newBrowser();
        signIn(auditor, "auditor");
        auditor.get(consoleUrl + "/console/audits/" + fresh);
        assertThat(auditor.findElements(By.id("read-only"))).isEmpty();

        signIn(browser, "leader");
        browser.get(consoleUrl + "/console/audits/" + fresh);
        // A returned audit is with its team: a member corrects the day of their own pledge, with the reason (the day
        // already recorded is refused in the rule's words next to the day), before the leader recommends again.
        browser.findElement(By.cssSelector("#team tr[data-member='A'] details.correct-pledge summary")).click();
        browser.findElement(By.id("pc-reason-A")).sendKeys("签署时误用了表单默认日期");
        browser.findElement(By.cssSelector("#correct-pledge-A button[type=submit]")).click();
        WebElement sameDay = wait(browser).until(d -> visibleText(d, "#correct-pledge-A [data-problem-for='signedOn']"));
        assertThat(sameDay.getText()).isEqualTo("违反审查规则：A 测试组长 在审查 " + fresh
                + " 中的承诺书签署日期已记录为 2021-06-05；更正须给出另一日期");
        pickDate(browser, "pc-date-A", java.time.LocalDate.of(2021, 6, 6));
        submitAndReload(browser, "#correct-pledge-A");
        assertThat(browser.findElement(By.cssSelector("#team tr[data-member='A'] td.pledge")).getText())
                .startsWith("2021-06-06 已签署").contains("（已更正）");
        assertThat(browser.findElements(By.cssSelector("#team tr[data-member='B'] .correct-pledge"))).isEmpty();
        screenshot(browser, "18a-pledge-corrected");
        // The report given again is dated by the command side's rules, in its order, each said next to the date in its
        // words before anything is asked or sent: not before the visit began, nor before the team's latest pledge (the
        // auditor's, on the last on-site day the pledge form offered), nor after today.
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai"));
        JsonNode returnedAudit = query.get("/api/audits/" + fresh, "reviewer").expect(200);
        long returnedVersion = returnedAudit.path("version").asLong();
        String reportDateSlot = "#recommend [data-problem-for=reportDate]";
        assertThat(browser.findElement(By.id("r-date")).getAttribute("value")).isEqualTo(today.toString());
        pickDate(browser, "r-date", java.time.LocalDate.of(2021, 6, 4));
        assertThat(wait(browser).until(d -> visibleText(d, reportDateSlot)).getText()).isEqualTo("违反审查规则：报告日期 "
                + "2021-06-04 早于审查 " + fresh + " 的现场审查开始日期 " + returnedAudit.path("onSiteFrom").asText());
        JsonNode latestPledge = null;
        for (JsonNode pledge : returnedAudit.path("pledges")) {
            if (!pledge.hasNonNull("memberRemovedAt") && (latestPledge == null
                    || pledge.path("signedOn").asText().compareTo(latestPledge.path("signedOn").asText()) > 0)) {
                latestPledge = pledge;
            }
        }
        assertThat(latestPledge.path("signedOn").asText()).isEqualTo(returnedAudit.path("onSiteTo").asText());
        pickDate(browser, "r-date", java.time.LocalDate.parse(returnedAudit.path("onSiteFrom").asText()));
        wait(browser).until(d -> d.findElement(By.cssSelector(reportDateSlot)).getText().contains("承诺书"));
        assertThat(browser.findElement(By.cssSelector(reportDateSlot)).getText()).isEqualTo("违反审查规则：报告日期 "
                + returnedAudit.path("onSiteFrom").asText() + " 早于 B 测试组员 签署审查 " + fresh + " 公正性和保密承诺书的日期 "
                + latestPledge.path("signedOn").asText() + "；审查组须先签署承诺书再出具报告，最迟在报告日期当天签署");
        assertThat(latestPledge.path("memberCode").asText()).isEqualTo("B");
        assertThat(browser.findElement(By.id("r-date")).getAttribute("aria-invalid")).isEqualTo("true");
        browser.findElement(By.cssSelector("#recommend button[type=submit]")).click();
        assertNothingAsked(browser);
        assertThat(query.get("/api/audits/" + fresh, "reviewer").expect(200).path("version").asLong())
                .isEqualTo(returnedVersion);
        screenshot(browser, "18b-report-before-pledge");
        pickDate(browser, "r-date", today.plusDays(1));
        assertThat(wait(browser).until(d -> visibleText(d, reportDateSlot)).getText())
                .isEqualTo("输入有误：须为今天（" + today + "，认证机构所在地 Asia/Shanghai 的日历）或更早的日期");
        pickDate(browser, "r-date", today);
        wait(browser).until(d -> visibleText(d, reportDateSlot) == null);
        assertThat(browser.findElement(By.id("r-date")).getAttribute("aria-invalid")).isNull();
        submitAndReload(browser, "#recommend", true);

        signIn(browser, "reviewer");
        browser.get(consoleUrl + "/console/audits/" + fresh);
        // A review is dated no earlier than the report (today's), whichever outcome: said next to the date, nothing sent.
        long recommendedVersion = query.get("/api/audits/" + fresh, "reviewer").expect(200).path("version").asLong();
        pickDate(browser, "rv-date", today.minusDays(1));
        WebElement beforeReport = wait(browser).until(d -> visibleText(d, "#review-form [data-problem-for=reviewedOn]"));
        assertThat(beforeReport.getText()).isEqualTo("违反审查规则：评审日期 " + today.minusDays(1) + " 早于审查 " + fresh
                + " 的报告日期 " + today);
        new Select(browser.findElement(By.id("rv-outcome"))).selectByValue("RETURN");
        assertThat(browser.findElement(By.cssSelector("#review-form [data-problem-for=reviewedOn]")).getText())
                .as("a return is dated by the same rule").isEqualTo(beforeReport.getText());
        new Select(browser.findElement(By.id("rv-outcome"))).selectByValue("ACCEPT");
        browser.findElement(By.id("rv-note")).sendKeys("证据编号已补充，评分与证据一致");
        browser.findElement(By.cssSelector("#review-form button[type=submit]")).click();
        sleepQuietly(1_000);
        assertThat(query.get("/api/audits/" + fresh, "reviewer").expect(200).path("version").asLong())
                .isEqualTo(recommendedVersion);
        screenshot(browser, "18c-review-before-report");
        pickDate(browser, "rv-date", today);
        wait(browser).until(d -> visibleText(d, "#review-form [data-problem-for=reviewedOn]") == null);
        submitAndReload(browser, "#review-form");
        assertThat(browser.findElement(By.id("audit-status")).getText()).isEqualTo("技术评审通过");
        assertThat(browser.findElement(By.id("read-only")).getText()).startsWith("组长已推荐等级，审查已关闭");

        signIn(browser, "decider");
        assertThat(waiting(browser, "awaiting-decision")).contains(fresh);
        browser.findElement(By.cssSelector("#awaiting-decision li[data-audit='" + fresh + "'] a")).click();
        wait(browser).until(ExpectedConditions.presenceOfElementLocated(By.id("decision-form")));
        assertThat(new Select(browser.findElement(By.id("d-outcome"))).getOptions())
                .extracting(o -> o.getAttribute("value")).containsExactly("GRANT", "REFUSE");
        browser.findElement(By.id("link-decision")).click();
        browser.findElement(By.id("d-reason")).sendKeys("审查结论与技术评审意见一致，批准认证");
        screenshot(browser, "19-decision");
        // A decision puts a certificate on record: asked first, naming the outcome, the total and the grade.
        browser.findElement(By.cssSelector("#decision-form button[type=submit]")).click();
        Alert decide = wait(browser).until(ExpectedConditions.alertIsPresent());
        assertThat(decide.getText()).startsWith("审查组公正性承诺的时间有疑问（见上）：作出认证决定时请一并考虑。\n\n")
                .contains("作出认证决定“批准认证”（总分 " + shownTotal(scorecard(fresh)) + "，");
        decide.dismiss();
        assertThat(query.get("/api/audits/" + fresh, "reviewer").expect(200).path("status").asText()).isEqualTo("REVIEWED");
        submitAndReload(browser, "#decision-form", true);
        assertThat(browser.findElement(By.id("audit-status")).getText()).isEqualTo("已决定");
        JsonNode lineage = query.get("/api/projects/" + PROJECT + "/lineage", "reviewer").expect(200);
        JsonNode decided = lineage.path("audits").get(0);
        assertThat(decided.path("reviews")).extracting(r -> r.path("outcome").asText()).containsExactly("RETURNED", "ACCEPTED");
        assertThat(decided.path("decision").path("outcome").asText()).isEqualTo("GRANT");
        assertThat(decided.path("decision").path("decider").asText()).isEqualTo("decider");

        // The auditor's save, on the version the page was loaded at, is refused as decided (409 audit.decided, whatever
        // If-Match says): the page says so in the rule's words and shows the audit again, read only.
        String note = item(scorecard(fresh), "5.1.3.1").path("note").asText();
        row(auditor, "5.1.3.1").findElement(By.cssSelector(".note")).sendKeys("（决定后补充）");
        row(auditor, "5.1.3.1").findElement(By.cssSelector(".save")).click();
        WebElement reason = wait(auditor).until(ExpectedConditions.visibilityOfElementLocated(By.id("reason-dialog")));
        reason.findElement(By.id("revise-reason")).sendKeys("补充证据");
        reason.findElement(By.id("revise-ok")).click();
        WebElement readOnly = wait(auditor).until(ExpectedConditions.presenceOfElementLocated(By.id("read-only")));
        assertThat(readOnly.getText()).isEqualTo("已作出认证决定，评分不可再修改；本审查只供查阅。");
        assertThat(auditor.findElement(By.id("page-message")).getText()).startsWith("违反审查规则：审查 " + fresh + " 已于 ")
                .endsWith("作出认证决定（批准认证）；已决定的审查不再更改");
        assertThat(auditor.findElements(By.cssSelector("#sheet button.save"))).isEmpty();
        assertThat(row(auditor, "5.1.3.1").findElement(By.cssSelector(".note")).isEnabled()).isFalse();
        assertThat(item(scorecard(fresh), "5.1.3.1").path("note").asText()).isEqualTo(note);
        screenshot(auditor, "19a-decided-meanwhile");
    }

    /**
     * Auditors, reviewers, deciders and regulators include people who use a screen reader, the keyboard alone or a
     * magnified screen; a public body's software is expected to meet WCAG 2.1 level AA (GB/T 37668-2019 follows it).
     * Deque's axe-core checks each page as its user sees it, with its scripts run, against the rules of WCAG 2.0 and 2.1
     * A and AA that can be checked automatically (names of controls and fields, contrast, structure, language, ...):
     * none may be broken. It cannot judge everything (whether a label says the right thing, a focus order that makes
     * sense), which the other tests here do for what they drive.
     */
    @Test
    @Order(20)
    void everyKindOfPageMeetsTheAutomaticallyCheckedRulesOfWcag21LevelAa() {
        WebDriver browser = browser();
        Map<String, List<String>> pagesByUser = new java.util.LinkedHashMap<>();
        pagesByUser.put("", List.of("/console/login", "/console/verify/report",
                "/console/verify/certificate?number=" + seed.certificateNumber()));
        pagesByUser.put("auditor", List.of("/console/audits", "/console/audits/" + seed.surveillanceAuditId(),
                "/console/audits/" + seed.surveillanceAuditId() + "?lang=en"));
        pagesByUser.put("admin", List.of("/console/audits/" + seed.surveillanceAuditId(),
                "/console/projects/" + seed.projectNumber() + "/lineage",
                "/console/audits/new?predecessor=" + seed.surveillanceAuditId() + "&onSiteFrom=2024-08-01"));
        pagesByUser.put("regulator", List.of("/console/certificates", "/console/audits/" + seed.initialAuditId(),
                "/console/audits/" + seed.initialAuditId() + "/trail",
                "/console/audits/" + seed.initialAuditId() + "/as-of?version=" + seed.initialVersion(),
                "/console/audits/" + seed.initialAuditId() + "/items/" + seed.revisedClause()));
        pagesByUser.put("decider", List.of("/console/audits", "/console/audits/" + fresh));
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, List<String>> entry : pagesByUser.entrySet()) {
            if (entry.getKey().isEmpty()) {
                browser.manage().deleteAllCookies();
            } else {
                signIn(browser, entry.getKey());
            }
            for (String page : entry.getValue()) {
                browser.get(consoleUrl + page);
                wait(browser).until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
                com.deque.html.axecore.results.Results results = new com.deque.html.axecore.selenium.AxeBuilder()
                        .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze(browser);
                assertThat(results.isErrored()).as("axe-core ran on %s", page).isFalse();
                assertThat(results.getPasses()).as("rules axe-core found met on %s", page).isNotEmpty();
                checked++;
                for (com.deque.html.axecore.results.Rule rule : results.getViolations()) {
                    broken.add((entry.getKey().isEmpty() ? "anyone" : entry.getKey()) + " " + page + ": [" + rule.getImpact()
                            + "] " + rule.getId() + " (" + rule.getHelp() + ") at " + rule.getNodes().stream()
                            .map(node -> String.valueOf(node.getTarget())).limit(5).toList());
                }
            }
        }
        assertThat(checked).isEqualTo(16);
        assertThat(broken).as("WCAG 2.1 A/AA rules broken").isEmpty();
    }

    @Test
    @Order(19)
    void aDecidedAuditIsShownToItsTeamReadOnlyWithANoteSayingWhy() {
        WebDriver browser = browser();
        for (String user : List.of("auditor", "leader")) {
            signIn(browser, user);
            browser.get(consoleUrl + "/console/audits/" + fresh);
            assertThat(browser.findElement(By.id("audit-status")).getText()).isEqualTo("已决定");
            assertThat(browser.findElement(By.id("read-only")).getText()).isEqualTo("已作出认证决定，评分不可再修改；本审查只供查阅。");
            assertThat(browser.findElements(By.cssSelector("#sheet button.save"))).isEmpty();
            assertThat(browser.findElements(By.cssSelector("#sheet input, #sheet textarea, #findings textarea")))
                    .hasSizeGreaterThan(3 * 94).noneMatch(WebElement::isEnabled);
            assertThat(browser.findElements(By.cssSelector(
                    "#record-special, #specials form, #record-findings button, #recommend, #reopen, #sign-pledge")))
                    .isEmpty();
            assertThat(browser.findElements(By.cssSelector("#sheet button.history"))).hasSize(94);
        }
        screenshot(browser, "24-decided-read-only");
    }

    @Test
    @Order(16)
    void theAdminStaffsTheTeamAndADeciderWhoWasOnItIsToldUpFrontThatTheyCannotDecideIt() {
        String surveillance = seed.surveillanceAuditId();
        WebDriver browser = browser();
        signIn(browser, "admin");
        browser.get(consoleUrl + "/console/audits/" + surveillance);
        // Someone who was on a team before: their name, once left, fills in what the latest team recorded of them. The
        // user auditor was 林晓 on the seed's surveillance and 测试组员 on the audit this test opened later: the later.
        assertThat(browser.findElements(By.cssSelector("#known-members option"))).extracting(o -> o.getAttribute("value"))
                .contains("测试组员", "测试组长").doesNotContain("林晓");
        browser.findElement(By.id("t-name")).sendKeys("测试组员");
        browser.findElement(By.id("t-code")).click();
        assertThat(browser.findElement(By.id("t-user")).getAttribute("value")).isEqualTo("auditor");
        assertThat(browser.findElement(By.id("t-reg")).getAttribute("value")).isEqualTo("DEMO-90B");
        assertThat(browser.findElement(By.id("t-spec")).getAttribute("value")).isEqualTo("02.01.01");
        for (String id : List.of("t-name", "t-user", "t-reg", "t-spec", "t-phone")) {
            browser.findElement(By.id(id)).clear();
        }
        // A leader or member named without a registration number, which the report's team table prints: a warning.
        assertThat(browser.findElement(By.id("registration-warning")).getText()).isEmpty();
        browser.findElement(By.id("t-name")).sendKeys("测试决定人");
        new Select(browser.findElement(By.id("t-role"))).selectByValue("MEMBER");
        assertThat(browser.findElement(By.id("registration-warning")).getText()).startsWith("组长和组员的注册证书号印在报告的");
        new Select(browser.findElement(By.id("t-role"))).selectByValue("TECHNICAL_EXPERT");
        assertThat(browser.findElement(By.id("registration-warning")).getText()).as("an expert may have none").isEmpty();
        new Select(browser.findElement(By.id("t-role"))).selectByValue("LEADER");
        browser.findElement(By.id("t-reg")).sendKeys("DEMO-09D");
        assertThat(browser.findElement(By.id("registration-warning")).getText()).isEmpty();
        fillMember(browser, "D", "测试决定人", "decider2");
        submitAndReload(browser, "#assign-member");
        assertThat(browser.findElements(By.cssSelector("#team tr[data-member]"))).extracting(r -> r.getAttribute("data-member"))
                .contains("D");
        // The same code again breaks a team rule: the problem names no field and shows on the form, in words.
        fillMember(browser, "D", "另一人", "regulator");
        browser.findElement(By.cssSelector("#assign-member button[type=submit]")).click();
        WebElement problem = wait(browser).until(d -> visibleText(d, "#assign-member .form-problem"));
        assertThat(problem.getText()).startsWith("违反审查规则：代号 D 在审查 " + surveillance + " 中已由 D 测试决定人 使用")
                .doesNotContain("already taken");
        screenshot(browser, "20-team");
        browser.findElement(By.id("remove-D")).sendKeys("利益冲突：曾为该组织提供咨询");
        // Removing asks first; dismissed, nothing happens.
        browser.findElement(By.cssSelector("#team tr[data-member='D'] form button[type=submit]")).click();
        Alert ask = wait(browser).until(ExpectedConditions.alertIsPresent());
        assertThat(ask.getText()).isEqualTo("将 D 测试决定人 移出审查组？");
        ask.dismiss();
        assertThat(browser.findElements(By.cssSelector("#team tr[data-member='D']"))).hasSize(1);
        submitAndReload(browser, "#team tr[data-member='D'] form", true);
        assertThat(browser.findElements(By.cssSelector("#team tr[data-member='D']"))).isEmpty();
        assertThat(query.get("/api/audits/" + surveillance, "reviewer").expect(200).path("team"))
                .extracting(m -> m.path("code").asText()).doesNotContain("D");

        // The leader recommends and the reviewer accepts in the console, on the surveillance's own dates of 2022. Its
        // certificate has expired today, and no decision could follow a report or an acceptance dated after its last
        // valid day (ISO/IEC 17065 7.11): the forms offer that day, say why, and refuse a later one next to the date,
        // asking nothing and sending nothing.
        JsonNode opened = query.get("/api/audits/" + surveillance, "reviewer").expect(200);
        java.time.LocalDate lastDay = java.time.LocalDate.parse(opened.path("onSiteTo").asText());
        JsonNode granted = query.get("/api/projects/" + seed.projectNumber() + "/lineage", "reviewer").expect(200)
                .path("certificateChanges").get(0);
        java.time.LocalDate validUntil = java.time.LocalDate.parse(granted.path("validUntil").asText());
        String validity = "（有效期 " + granted.path("validFrom").asText() + " 至 " + validUntil + "）";
        java.time.LocalDate tooLate = validUntil.plusDays(1);
        signIn(browser, SeedFixture.load().userOf("LEADER"));
        browser.get(consoleUrl + "/console/audits/" + surveillance);
        assertThat(browser.findElement(By.id("r-date")).getAttribute("value")).isEqualTo(validUntil.toString());
        assertThat(browser.findElement(By.id("r-date-hint")).getText())
                .startsWith("证书 " + seed.certificateNumber() + " 今天（")
                .contains("的状态为已过期" + validity, "编制日期预填为有效期的最后一天 " + validUntil);
        long recommendable = query.get("/api/audits/" + surveillance, "reviewer").expect(200).path("version").asLong();
        pickDate(browser, "r-date", tooLate);
        WebElement reportRefused = wait(browser).until(d -> visibleText(d, "#recommend [data-problem-for=reportDate]"));
        assertThat(reportRefused.getText()).isEqualTo("违反审查规则：证书 " + seed.certificateNumber() + " 在报告日期 "
                + tooLate + " 的状态为已过期" + validity + "；审查 " + surveillance + " 的认证决定不早于报告日期，且只在证书"
                + "状态为有效、暂停之日作出：报告日期须在证书有效期内，否则该审查永远无法作出认证决定");
        browser.findElement(By.cssSelector("#recommend button[type=submit]")).click();
        assertNothingAsked(browser);
        assertThat(query.get("/api/audits/" + surveillance, "reviewer").expect(200).path("version").asLong())
                .isEqualTo(recommendable);
        screenshot(browser, "20a-report-after-certificate");
        pickDate(browser, "r-date", lastDay.plusDays(1));
        wait(browser).until(d -> visibleText(d, "#recommend [data-problem-for=reportDate]") == null);
        submitAndReload(browser, "#recommend", true);
        assertThat(query.get("/api/audits/" + surveillance, "reviewer").expect(200).path("recommendation")
                .path("reportDate").asText()).isEqualTo(lastDay.plusDays(1).toString());

        signIn(browser, "reviewer");
        browser.get(consoleUrl + "/console/audits/" + surveillance);
        assertThat(browser.findElement(By.id("rv-date")).getAttribute("value")).isEqualTo(validUntil.toString());
        assertThat(browser.findElement(By.id("rv-date-hint")).getText())
                .contains("的状态为已过期" + validity, "评审日期预填为有效期的最后一天 " + validUntil);
        long reviewable = query.get("/api/audits/" + surveillance, "reviewer").expect(200).path("version").asLong();
        pickDate(browser, "rv-date", tooLate);
        WebElement reviewRefused = wait(browser).until(d -> visibleText(d, "#review-form [data-problem-for=reviewedOn]"));
        assertThat(reviewRefused.getText()).startsWith("违反审查规则：证书 " + seed.certificateNumber() + " 在评审日期 "
                + tooLate + " 的状态为已过期" + validity);
        // A return leaves the audit with its team, and no certificate rule goes with it.
        new Select(browser.findElement(By.id("rv-outcome"))).selectByValue("RETURN");
        wait(browser).until(d -> visibleText(d, "#review-form [data-problem-for=reviewedOn]") == null);
        new Select(browser.findElement(By.id("rv-outcome"))).selectByValue("ACCEPT");
        wait(browser).until(d -> visibleText(d, "#review-form [data-problem-for=reviewedOn]"));
        browser.findElement(By.cssSelector("#review-form button[type=submit]")).click();
        sleepQuietly(1_000);
        assertThat(query.get("/api/audits/" + surveillance, "reviewer").expect(200).path("version").asLong())
                .isEqualTo(reviewable);
        pickDate(browser, "rv-date", lastDay.plusDays(2));
        browser.findElement(By.id("rv-note")).sendKeys("监督审查记录完整");
        submitAndReload(browser, "#review-form");
        JsonNode accepted = query.get("/api/audits/" + surveillance, "reviewer").expect(200);
        assertThat(accepted.path("status").asText()).isEqualTo("REVIEWED");
        long reviewed = accepted.path("version").asLong();

        signIn(browser, "decider2");
        // decider2 was on the team: the waiting list leaves the audit out, and the page reached by its address says
        // up front that this decider cannot decide it, in the command side's rule, instead of offering the form.
        assertThat(waiting(browser, "awaiting-decision")).doesNotContain(surveillance);
        browser.get(consoleUrl + "/console/audits/" + surveillance);
        assertThat(browser.findElements(By.id("decision-form"))).isEmpty();
        WebElement tookPart = browser.findElement(By.cssSelector("#not-independent .notice"));
        assertThat(tookPart.getText()).isEqualTo("您不能对本审查作出认证决定：用户 decider2 是或曾是审查 " + surveillance
                + " 的审查组成员；认证决定须由未参与该审查的人员作出（ISO/IEC 17065 7.6.1）");
        screenshot(browser, "21-decider-rule");
        browser.get(consoleUrl + "/console/audits/" + surveillance + "?lang=en");
        assertThat(browser.findElement(By.cssSelector("#not-independent .notice")).getText())
                .isEqualTo("You cannot make the certification decision on this audit: user decider2 is or was on the team of audit "
                        + surveillance + "; the certification decision is made by a person not involved in the audit (ISO/IEC 17065 7.6.1)");
        screenshot(browser, "21-decider-rule-en");
        browser.get(consoleUrl + "/console/audits?lang=zh_CN");

        signIn(browser, "decider");
        browser.get(consoleUrl + "/console/audits/" + surveillance);
        assertThat(new Select(browser.findElement(By.id("d-outcome"))).getOptions())
                .extracting(o -> o.getAttribute("value")).containsExactly("MAINTAIN", "SUSPEND", "WITHDRAW");
        assertThat(browser.findElement(By.id("d-until")).isDisplayed()).as("a suspension's end, for SUSPEND only").isFalse();
        // The certificate expired in 2024: no outcome is decided today, so each is offered the certificate's last valid
        // day, on which it was valid, and the sentence of the outcome picked says why in that outcome's rule.
        WebElement day = browser.findElement(By.id("d-date"));
        assertThat(day.getAttribute("value")).isEqualTo(validUntil.toString());
        assertThat(day.getAttribute("aria-describedby")).isEqualTo("d-date-hint-MAINTAIN");
        WebElement maintainHint = browser.findElement(By.id("d-date-hint-MAINTAIN"));
        assertThat(maintainHint.getText()).isEqualTo("证书 " + seed.certificateNumber() + " 今天（"
                + java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")) + "）的状态为已过期" + validity
                + "：保持认证只适用于状态为有效、暂停的证书，因此决定日期预填为有效期的最后一天 " + validUntil
                + "；请填写作出决定的那一天，不早于技术评审通过之日 " + lastDay.plusDays(2) + "，不晚于 " + validUntil + "。");
        new Select(browser.findElement(By.id("d-outcome"))).selectByValue("SUSPEND");
        WebElement suspendHint = browser.findElement(By.id("d-date-hint-SUSPEND"));
        assertThat(suspendHint.isDisplayed()).isTrue();
        assertThat(maintainHint.isDisplayed()).isFalse();
        assertThat(suspendHint.getText()).contains("：暂停认证只适用于状态为有效的证书，因此决定日期预填为有效期的最后一天 "
                + validUntil);
        assertThat(day.getAttribute("aria-describedby")).isEqualTo("d-date-hint-SUSPEND");
        new Select(browser.findElement(By.id("d-outcome"))).selectByValue("WITHDRAW");
        assertThat(day.getAttribute("value")).isEqualTo(validUntil.toString());
        assertThat(browser.findElement(By.id("d-date-hint-WITHDRAW")).isDisplayed()).isTrue();
        assertThat(suspendHint.isDisplayed()).isFalse();
        assertThat(day.getAttribute("aria-describedby")).isEqualTo("d-date-hint-WITHDRAW");
        screenshot(browser, "21b-decision-day-offered");
        // A day the register rules out (the day after the certificate's last valid one) is said next to the date in the
        // command side's rule, and the form neither asks to confirm nor sends.
        JsonNode firstChange = query.get("/api/projects/" + seed.projectNumber() + "/lineage", "reviewer").expect(200)
                .path("certificateChanges").get(0);
        java.time.LocalDate expired = java.time.LocalDate.parse(firstChange.path("validUntil").asText()).plusDays(1);
        pickDate(browser, "d-date", expired);
        WebElement ruledOut = wait(browser).until(d -> visibleText(d, "#decision-form [data-problem-for=decidedOn]"));
        assertThat(ruledOut.getText()).isEqualTo("违反审查规则：证书 " + seed.certificateNumber() + " 在 " + expired
                + " 的状态为已过期（有效期 " + firstChange.path("validFrom").asText() + " 至 " + firstChange.path("validUntil").asText()
                + "）；此决定只适用于状态为有效、暂停的证书");
        assertThat(day.getAttribute("aria-invalid")).isEqualTo("true");
        browser.findElement(By.id("d-reason")).sendKeys("证书已过期，撤销认证");
        gateway(browser, "");
        js(browser, "window.asked = 0; window.realConfirm = window.confirm;"
                + " window.confirm = () => { window.asked++; return false; };");
        browser.findElement(By.cssSelector("#decision-form button[type=submit]")).click();
        wait(browser).until(d -> "d-date".equals(js(d, "return document.activeElement.id")));
        assertThat((Long) js(browser, "return window.asked")).as("asked to confirm").isZero();
        assertThat(gatewaySent(browser)).as("changes sent").isEmpty();
        assertThat(query.get("/api/audits/" + surveillance, "reviewer").expect(200).path("version").asLong())
                .isEqualTo(reviewed);
        screenshot(browser, "21a-decision-day-ruled-out");
        // A day the certificate was valid on, but before the acceptance by technical review (ISO/IEC 17065 7.5, 7.6):
        // said next to the date in the command side's rule, naming the acceptance's day, and still nothing asked or sent.
        java.time.LocalDate beforeReview = lastDay.plusDays(1);
        pickDate(browser, "d-date", beforeReview);
        wait(browser).until(d -> d.findElement(By.cssSelector("#decision-form [data-problem-for=decidedOn]")).getText()
                .contains(beforeReview.toString()));
        assertThat(browser.findElement(By.cssSelector("#decision-form [data-problem-for=decidedOn]")).getText())
                .isEqualTo("违反审查规则：决定日期 " + beforeReview + " 早于审查 " + surveillance + " 技术评审通过之日 "
                        + lastDay.plusDays(2) + "；认证决定不早于技术评审通过之日作出");
        assertThat(day.getAttribute("aria-invalid")).isEqualTo("true");
        browser.findElement(By.cssSelector("#decision-form button[type=submit]")).click();
        assertNothingAsked(browser);
        assertThat((Long) js(browser, "return window.asked")).as("asked to confirm").isZero();
        assertThat(gatewaySent(browser)).as("changes sent").isEmpty();
        screenshot(browser, "21c-decision-before-review");
        js(browser, "window.confirm = window.realConfirm;");
        browser.findElement(By.id("d-reason")).clear();
        // A day the certificate was valid on: what was said goes.
        pickDate(browser, "d-date", lastDay.plusDays(3));
        wait(browser).until(d -> d.findElement(By.cssSelector("#decision-form [data-problem-for=decidedOn]")).getText()
                .isEmpty());
        assertThat(day.getAttribute("aria-invalid")).isNull();
        browser.findElement(By.id("d-reason")).sendKeys("投诉处理制度未有效运行，暂停认证");
        new Select(browser.findElement(By.id("d-outcome"))).selectByValue("SUSPEND");
        assertThat(browser.findElement(By.id("d-until")).isDisplayed()).isTrue();
        browser.findElement(By.cssSelector("#decision-form button[type=submit]")).click();
        // The seed's surveillance pledges are dated its last on-site day, after the period began: said first.
        assertThat(wait(browser).until(ExpectedConditions.alertIsPresent()).getText())
                .startsWith("审查组公正性承诺的时间有疑问（见上）：作出认证决定时请一并考虑。\n\n作出认证决定“暂停认证”");
        browser.switchTo().alert().accept();
        WebElement until = wait(browser).until(d -> visibleText(d, "#decision-form [data-problem-for=suspendedUntil]"));
        assertThat(until.getText()).isEqualTo("输入有误：暂停认证必须写明暂停截止日期");
        assertThat(query.get("/api/audits/" + surveillance, "reviewer").expect(200).path("version").asLong())
                .isEqualTo(reviewed);
        pickDate(browser, "d-until", lastDay.plusDays(33));
        submitAndReload(browser, "#decision-form", true);
        assertThat(browser.findElement(By.id("audit-status")).getText()).isEqualTo("已决定");
    }

    @Test
    @Order(17)
    void theLineagePageShowsTheCertificatesStatesWithTheirDates() {
        WebDriver browser = browser();
        signIn(browser, "regulator");
        browser.get(consoleUrl + "/console/projects/" + seed.projectNumber() + "/lineage");
        JsonNode lineage = query.get("/api/projects/" + seed.projectNumber() + "/lineage", "reviewer").expect(200);
        List<WebElement> states = browser.findElements(By.cssSelector("#certificate tr.certificate-change"));
        // Granted 2021, suspended 2022, and (a matter of the date, not an event) expired three years after the grant.
        assertThat(states).extracting(r -> r.getAttribute("data-kind")).containsExactly("ISSUED", "SUSPENDED", "EXPIRED");
        assertThat(states).extracting(r -> r.findElement(By.tagName("th")).getText()).containsExactly("已颁发", "已暂停", "已过期");
        for (int i = 0; i < 2; i++) {
            assertThat(states.get(i).findElement(By.cssSelector(".effective-on")).getText())
                    .isEqualTo(lineage.path("certificateChanges").get(i).path("effectiveOn").asText());
        }
        assertThat(states.get(2).findElement(By.cssSelector(".effective-on")).getText()).isEqualTo(
                java.time.LocalDate.parse(lineage.path("certificateChanges").get(0).path("validUntil").asText()).plusDays(1).toString());
        screenshot(browser, "22-lineage-certificate");
        assertThat(browser.findElements(By.id("restoration-form"))).as("only a decider restores").isEmpty();

        // A decider who was not on the suspending audit's team lifts the suspension on the lineage page.
        signIn(browser, "decider");
        browser.get(consoleUrl + "/console/projects/" + seed.projectNumber() + "/lineage");
        // A day on which the certificate has expired is refused next to the date, saying until when it was valid.
        String validUntil = lineage.path("certificateChanges").get(0).path("validUntil").asText();
        String validFrom = lineage.path("certificateChanges").get(0).path("validFrom").asText();
        java.time.LocalDate expired = java.time.LocalDate.parse(validUntil).plusDays(1);
        pickDate(browser, "r-date", expired);
        browser.findElement(By.id("r-reason")).sendKeys("投诉处理制度已整改并有效运行");
        browser.findElement(By.cssSelector("#restoration-form button[type=submit]")).click();
        WebElement onDate = wait(browser).until(d -> visibleText(d, "#restoration-form [data-problem-for=restoredOn]"));
        assertThat(onDate.getText()).isEqualTo("违反审查规则：证书 " + seed.certificateNumber() + " 在 " + expired
                + " 的状态为已过期（有效期 " + validFrom + " 至 " + validUntil + "）；只有暂停的证书可以恢复");
        assertThat(browser.findElement(By.cssSelector("#restoration-form [data-problem-for=decider]")).getText()).isEmpty();
        browser.findElement(By.id("r-reason")).clear();
        java.time.LocalDate restoredOn = java.time.LocalDate.parse(
                lineage.path("certificateChanges").get(1).path("effectiveOn").asText()).plusDays(7);
        pickDate(browser, "r-date", restoredOn);
        browser.findElement(By.id("r-reason")).sendKeys("投诉处理制度已整改并有效运行");
        submitAndReload(browser, "#restoration-form");
        JsonNode restored = query.get("/api/projects/" + seed.projectNumber() + "/lineage", "reviewer").expect(200);
        assertThat(restored.path("certificateChanges").get(2).path("kind").asText()).isEqualTo("RESTORED");
        assertThat(restored.path("certificateChanges").get(2).path("effectiveOn").asText()).isEqualTo(restoredOn.toString());
        List<WebElement> afterRestoring = browser.findElements(By.cssSelector("#certificate tr.certificate-change"));
        assertThat(afterRestoring).extracting(r -> r.getAttribute("data-kind"))
                .containsExactly("ISSUED", "SUSPENDED", "RESTORED", "EXPIRED");
        assertThat(afterRestoring.get(2).findElement(By.tagName("th")).getText()).isEqualTo("已恢复");
        // Who restored it and why, beside the day it takes effect.
        assertThat(afterRestoring.get(2).findElement(By.cssSelector(".decider")).getText()).endsWith("（decider）");
        assertThat(afterRestoring.get(2).findElement(By.cssSelector(".reason")).getText()).isEqualTo("投诉处理制度已整改并有效运行");
        assertThat(browser.findElements(By.id("restoration-form"))).as("nothing left to restore").isEmpty();
        screenshot(browser, "23-lineage-restored");

        browser.get(consoleUrl + "/console/projects/" + PROJECT + "/lineage?lang=en");
        List<WebElement> granted = browser.findElements(By.cssSelector("#certificate tr.certificate-change"));
        assertThat(granted).extracting(r -> r.findElement(By.tagName("th")).getText()).containsExactly("Granted");
        browser.get(consoleUrl + "/console/audits?lang=zh_CN");
    }

    @Test
    @Order(22)
    void aNewProjectsNumberIsCapitalisedAsItIsTyped() {
        WebDriver browser = browser();
        signIn(browser, "admin");
        browser.get(consoleUrl + "/console/audits/new");
        // The command side refuses lower-case letters in a new project's number: typed ones become capitals.
        browser.findElement(By.id("o-project")).sendKeys("race-1");
        assertThat(browser.findElement(By.id("o-project")).getAttribute("value")).isEqualTo("RACE-1");
    }

    @Test
    @Order(21)
    void theNextAuditsTypeFollowsTheCertificatesStateOnTheFirstOnSiteDayEnteredNotToday() {
        // The seed's certificate: valid 2021-07-01 to 2024-06-30, its surveillance of 2022 decided (order 15).
        JsonNode lineage = query.get("/api/projects/" + seed.projectNumber() + "/lineage", "reviewer").expect(200);
        java.time.LocalDate validUntil = java.time.LocalDate.parse(lineage.path("certificateChanges").get(0)
                .path("validUntil").asText());
        java.time.LocalDate decidedOn = java.time.LocalDate.parse(lineage.path("audits").get(1).path("decision")
                .path("decidedOn").asText());
        WebDriver browser = browser();
        signIn(browser, "admin");
        browser.get(consoleUrl + "/console/audits/" + seed.surveillanceAuditId());
        browser.findElement(By.id("link-open-next")).click();
        wait(browser).until(ExpectedConditions.urlContains("/console/audits/new?predecessor=" + seed.surveillanceAuditId()));
        WebElement type = browser.findElement(By.id("o-type"));
        WebElement hint = browser.findElement(By.id("o-type-hint"));
        assertThat(type.getAttribute("value")).isEqualTo("SURVEILLANCE");
        assertThat(hint.getText()).isEqualTo("审查类型按证书 " + seed.certificateNumber()
                + " 在现场审查开始日期的状态建议：填写现场审查开始日期后给出。");

        // In force on the day, a surveillance due: a surveillance.
        java.time.LocalDate inForce = decidedOn.plusMonths(9);
        pickDate(browser, "o-from", inForce);
        wait(browser).until(d -> hint.getText().contains(inForce.toString()));
        assertThat(hint.getText()).startsWith("证书 " + seed.certificateNumber() + " 在 " + inForce + " 的状态为")
                .endsWith("建议保持认证审查（ISO/IEC 17021-1 9.6.2）。");
        assertThat(type.getAttribute("value")).isEqualTo("SURVEILLANCE");
        // Expired on the day, within six months: a re-certification restores it (ISO/IEC 17021-1 9.6.3).
        java.time.LocalDate restoring = validUntil.plusMonths(2);
        pickDate(browser, "o-from", restoring);
        wait(browser).until(d -> "RECERTIFICATION".equals(type.getAttribute("value")));
        assertThat(hint.getText()).isEqualTo("证书 " + seed.certificateNumber() + " 在 " + restoring + " 已过期（有效期至 "
                + validUntil + "）；现场审查在过期后六个月内（不晚于 " + validUntil.plusMonths(6) + "）开始的再认证可恢复认证："
                + "建议再认证（ISO/IEC 17021-1 9.6.3）。");
        screenshot(browser, "25-open-next-recertification");
        // Later: a new initial audit.
        java.time.LocalDate lapsed = validUntil.plusMonths(7);
        pickDate(browser, "o-from", lapsed);
        wait(browser).until(d -> "INITIAL".equals(type.getAttribute("value")));
        assertThat(hint.getText()).contains(lapsed + " 已过期", "建议新的初次认证");
        // A type the admin picks stays while the day changes; the sentence still says what the day calls for.
        new Select(type).selectByValue("SURVEILLANCE");
        pickDate(browser, "o-from", restoring);
        wait(browser).until(d -> hint.getText().contains(restoring + " 已过期"));
        assertThat(type.getAttribute("value")).isEqualTo("SURVEILLANCE");

        // The command side, the judge, takes the re-certification on that day.
        new Select(type).selectByValue("RECERTIFICATION");
        js(browser, "const to = document.getElementById('o-to'); to.value = '" + restoring.plusDays(1) + "';"
                + " to.dispatchEvent(new Event('change', { bubbles: true }));");
        browser.findElement(By.cssSelector("#open-audit button[type=submit]")).click();
        String next = seed.projectNumber() + ".3";
        wait(browser).until(ExpectedConditions.urlContains("/console/audits/" + next));
        JsonNode opened = query.get("/api/audits/" + next, "reviewer").expect(200);
        assertThat(opened.path("type").asText()).isEqualTo("RECERTIFICATION");
        assertThat(opened.path("onSiteFrom").asText()).isEqualTo(restoring.toString());
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
        if (shared == null) {
            shared = chromium();
        } else {
            shared.manage().deleteAllCookies();
        }
        return shared;
    }

    private WebDriver newBrowser() {
        WebDriver driver = chromium();
        browsers.add(driver);
        return driver;
    }

    private static WebDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + WIDTH + ",900", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
        return new ChromeDriver(service, options);
    }

    /** Revises an item's score on the page: types it, gives the reason the dialog asks for, waits until saved. */
    private static void reviseAndSave(WebDriver browser, String clause, String percent, String reason) {
        WebElement box = row(browser, clause).findElement(By.cssSelector(".percent"));
        box.clear();
        box.sendKeys(percent, Keys.ENTER);
        WebElement dialog = wait(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("reason-dialog")));
        dialog.findElement(By.id("revise-reason")).sendKeys(reason);
        dialog.findElement(By.id("revise-ok")).click();
        wait(browser).until(d -> "saved".equals(row(d, clause).getAttribute("data-state")));
    }

    private void signIn(WebDriver browser, String user) {
        // A new sign-in in the same browser starts a new session (and the default language).
        browser.get(consoleUrl + "/console/login");
        browser.manage().deleteAllCookies();
        browser.get(consoleUrl + "/console/login");
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(CertauditClient.demoPassword(user), Keys.ENTER);
        wait(browser).until(d -> !d.getCurrentUrl().contains("/console/login"));
    }

    private static WebElement visibleText(WebDriver browser, String css) {
        List<WebElement> found = browser.findElements(By.cssSelector(css));
        return !found.isEmpty() && !found.get(0).getText().isBlank() ? found.get(0) : null;
    }

    /** Submits a form whose success reloads the page, and waits for the reloaded page. */
    private static void submitAndReload(WebDriver browser, String formCss) {
        submitAndReload(browser, formCss, false);
    }

    /** @param confirm the form asks before it sends (window.confirm), and the answer is yes */
    private static void submitAndReload(WebDriver browser, String formCss, boolean confirm) {
        WebElement button = browser.findElement(By.cssSelector(formCss + " button[type=submit]"));
        button.click();
        if (confirm) {
            wait(browser).until(ExpectedConditions.alertIsPresent()).accept();
        }
        try {
            wait(browser).until(ExpectedConditions.stalenessOf(button));
        } catch (org.openqa.selenium.TimeoutException e) {
            List<WebElement> problems = browser.findElements(By.cssSelector(formCss + " .problem"));
            throw new AssertionError("the form " + formCss + " was not accepted: "
                    + problems.stream().map(WebElement::getText).filter(t -> !t.isBlank()).toList(), e);
        }
        wait(browser).until(d -> "complete".equals(js(d, "return document.readyState")));
    }

    /**
     * Puts a gateway in front of the page's changes (its fetch of /console/command): each answer given, in turn, is
     * what the next change gets instead of the relay's ({@code status}, {@code type}, {@code body}), sent on to the
     * relay first when {@code forward} (the gateway lost the answer, not the request); later changes go through. The
     * changes sent from here on are recorded for {@link #gatewaySent}.
     */
    private static void gateway(WebDriver browser, String answers) {
        js(browser, "if (!window.gateway) {"
                + " const relay = window.fetch.bind(window);"
                + " window.gateway = { answers: [], sent: [] };"
                + " window.fetch = async (url, init = {}) => {"
                + "   if (!String(url).startsWith('/console/command')) return relay(url, init);"
                + "   window.gateway.sent.push({ method: init.method, url: String(url),"
                + "     key: (init.headers || {})['Idempotency-Key'] || null });"
                + "   const answer = window.gateway.answers.shift();"
                + "   if (!answer) return relay(url, init);"
                + "   if (answer.forward) await relay(url, init);"
                + "   return new Response(answer.body,"
                + "     { status: answer.status, headers: { 'Content-Type': answer.type } });"
                + " };"
                + "}"
                + " window.gateway.sent = []; window.gateway.answers = [" + answers + "];");
    }

    /**
     * For {@code millis} from now, the page's reads of the audit's trail (GET .../events) answer without the events
     * after {@code version}, as a trail projection behind the rest of the query side would.
     */
    private static void trailBehind(WebDriver browser, long version, long millis) {
        js(browser, "const relay = window.fetch.bind(window);"
                + " const until = Date.now() + " + millis + ";"
                + " window.fetch = async (url, init) => {"
                + "   const answer = await relay(url, init);"
                + "   if (Date.now() > until || !/\\/events\\?/.test(String(url)) || !answer.ok) return answer;"
                + "   const trail = await answer.json();"
                + "   trail.content = trail.content.filter(e => e.sequenceNumber <= " + version + ");"
                + "   return new Response(JSON.stringify(trail), { status: 200, headers: { 'Content-Type': 'application/json' } });"
                + " };");
    }

    /** The changes the page sent since {@link #gateway} last gave answers: method, url and Idempotency-Key each. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> gatewaySent(WebDriver browser) {
        return (List<Map<String, Object>>) js(browser, "return window.gateway.sent");
    }

    private JsonNode history(String clause) {
        return query.get("/api/audits/" + fresh + "/items/" + clause + "/history", "reviewer").expect(200);
    }

    private List<String> waiting(WebDriver browser, String listId) {
        browser.get(consoleUrl + "/console/audits");
        return browser.findElements(By.cssSelector("#" + listId + " li[data-audit]")).stream()
                .map(li -> li.getAttribute("data-audit")).toList();
    }

    private static void fillMember(WebDriver browser, String code, String name, String user) {
        for (String id : List.of("t-code", "t-name", "t-user", "t-reg", "t-spec")) {
            browser.findElement(By.id(id)).clear();
        }
        browser.findElement(By.id("t-code")).sendKeys(code);
        browser.findElement(By.id("t-name")).sendKeys(name);
        new Select(browser.findElement(By.id("t-role"))).selectByValue("MEMBER");
        browser.findElement(By.id("t-reg")).sendKeys("DEMO-09" + code);
        browser.findElement(By.id("t-spec")).sendKeys("02.01.01");
        browser.findElement(By.id("t-user")).sendKeys(user);
    }

    /** Picks a day as a person does: the value, then the events the form's script checks a day on. */
    private static void pickDate(WebDriver browser, String id, java.time.LocalDate day) {
        js(browser, "const input = document.getElementById('" + id + "'); input.value = '" + day + "';"
                + " input.dispatchEvent(new Event('input', { bubbles: true }));"
                + " input.dispatchEvent(new Event('change', { bubbles: true }));");
    }

    /** A click on a form's button that asked no confirmation: none came up within a second. */
    private static void assertNothingAsked(WebDriver browser) {
        sleepQuietly(1_000);
        assertThat(ExpectedConditions.alertIsPresent().apply(browser)).as("a confirmation asked").isNull();
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

    /** A scorecard's total as the console prints it: two decimals, as GB/T 27922 gives totals (145.30, not 145.3). */
    private static String shownTotal(JsonNode scorecard) {
        return scorecard.path("total").decimalValue().setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
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

    private static List<String> users(String... nameAndRole) {
        List<String> arguments = new ArrayList<>();
        for (int i = 0; i < nameAndRole.length; i++) {
            String[] user = nameAndRole[i].split(":");
            String prefix = "--certaudit.security.users[" + i + "].";
            arguments.add(prefix + "name=" + user[0]);
            arguments.add(prefix + "password={noop}" + CertauditClient.demoPassword(user[0]));
            arguments.add(prefix + "roles=" + user[1]);
        }
        return arguments;
    }

    /** The n-th port from {@code certaudit.e2e.port-base} when it is set (a range kept for this run), else a free one. */
    private static int port(int n) {
        String base = System.getProperty("certaudit.e2e.port-base", System.getenv().getOrDefault("CERTAUDIT_E2E_PORT_BASE", ""));
        return base.isBlank() ? AppProcess.freePort() : Integer.parseInt(base.strip()) + n;
    }

    private static Path jar(String module) {
        return Path.of(System.getProperty("certaudit.e2e." + module + "-jar"));
    }

    private static Path logDir() {
        return Path.of(System.getProperty("certaudit.e2e.log-dir", "target/e2e-logs"));
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
