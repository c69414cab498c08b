package org.certaudit.query.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.audit.ItemScored;
import org.certaudit.audit.PledgeDateCorrected;
import org.certaudit.audit.PledgeSigned;
import org.certaudit.audit.TeamMember;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.audit.TeamRole;
import org.certaudit.query.AuditFixtures;
import org.certaudit.query.ProjectStream;
import org.certaudit.query.QuerySideTest;
import org.certaudit.query.ledger.TreeHead;
import org.certaudit.query.scorecard.PointInTime;
import org.certaudit.scheme.Percent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * The report check a report's QR code links to: open without signing in, it says whether the printed digest is the
 * record's at the printed version, and says the same for a wrong digest, an unknown audit and a version never reached.
 */
@QuerySideTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportVerificationTest {

    private static final AuditId AUDIT = AuditId.of(new ProjectNumber("0733-2021-SE"), 1);
    private static final String CHECK = "/console/verify/report";

    @Autowired
    TestRestTemplate rest;
    @Autowired
    EventStore eventStore;
    @Autowired
    AuditReports reports;
    @Autowired
    ReportVerification verification;

    private long version;
    private AuditReport report;

    @BeforeAll
    void seed() {
        List<AuditEvent> events = new ArrayList<>(AuditFixtures.seedScoredAs(AUDIT));
        events.add(1, new TeamMemberAssigned(AUDIT, AuditFixtures.leader()));
        version = ProjectStream.append(eventStore, "leader", events);
        report = reports.issue(AUDIT, PointInTime.atVersion(version)).orElseThrow();
    }

    private ResponseEntity<String> check(String query) {
        return rest.getForEntity(CHECK + "?" + query, String.class);
    }

    /** The check with a query already percent-encoded (a pasted text), sent as it is. */
    private ResponseEntity<String> pasted(String query) {
        return rest.exchange(org.springframework.http.RequestEntity.get(URI.create(rest.getRootUri() + CHECK + "?" + query))
                .build(), String.class);
    }

    @Test
    void thePrintedDigestAtThePrintedVersionIsOnRecordWithoutSigningIn() {
        ResponseEntity<String> page = check("audit=" + AUDIT + "&version=" + version + "&sha256=" + report.digest()
                + "&tree=none");

        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(page.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
        assertThat(page.getBody()).contains("id=\"verify-ok\"", "此报告与认证机构的记录一致", AUDIT.value(),
                AuditFixtures.organization().name(), "145.75", "十星级", "尚未作出认证决定")
                .doesNotContain("id=\"verify-no\"", "id=\"verify-tree-altered\"", "id=\"verify-changed\"");
        assertThat(check("audit=" + AUDIT + "&version=" + version + "&sha256=" + report.digest().toUpperCase()).getBody())
                .as("a digest typed in capitals").contains("id=\"verify-ok\"");
    }

    @Test
    void withoutParametersThePageIsTheFormToTypeThePrintedFactsOrPasteTheQrCode() {
        ResponseEntity<String> page = rest.getForEntity(CHECK, String.class);

        assertThat(page.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(page.getBody()).contains("id=\"report-check\"", "name=\"qr\"", "name=\"audit\"", "name=\"version\"",
                        "name=\"sha256\"", "name=\"tree\"", "核验一份报告", "报告核验")
                .doesNotContain("id=\"verify-ok\"", "id=\"verify-no\"", "此项必填", "data-code=");
        assertThat(page.getHeaders().get("Set-Cookie")).as("no session for an anonymous visit").isNull();
        assertThat(rest.getForEntity(CHECK + "?lang=en", String.class).getBody()).contains("Check a report",
                "The QR code&#39;s text or link");
        assertThat(check("audit=&version=&sha256=&tree=&qr=").getBody()).as("the form sent empty")
                .contains("id=\"report-check\"").doesNotContain("此项必填", "id=\"verify-no\"");
    }

    @Test
    void theFactsTypedFromThePaperOrTheQrCodesTextPastedGetTheSameCheck() {
        // Typed as part 7 prints them: the digest in capitals, broken over two lines.
        String digest = report.digest().toUpperCase();
        String typed = "audit=+" + AUDIT + "+&version=" + version + "&sha256=" + digest.substring(0, 32) + "+"
                + digest.substring(32) + "&tree=";
        assertThat(check(typed).getBody()).contains("id=\"verify-ok\"", "此报告与认证机构的记录一致", "核验另一份报告");

        String text = ReportDocuments.verificationText(report);
        String link = ReportDocuments.verificationText(report, URI.create("https://certaudit.example.org" + CHECK));
        for (String pasted : List.of(text, link, "  " + link + "\n")) {
            ResponseEntity<String> page = pasted("qr=" + java.net.URLEncoder.encode(pasted, StandardCharsets.UTF_8));
            assertThat(page.getStatusCode()).as(pasted).isEqualTo(HttpStatus.OK);
            assertThat(page.getBody()).as(pasted).contains("id=\"verify-ok\"", AuditFixtures.organization().name());
        }
        String wrong = text.replace(report.digest(), report.digest().replace(report.digest().charAt(5),
                report.digest().charAt(5) == 'a' ? 'b' : 'a'));
        assertThat(pasted("qr=" + java.net.URLEncoder.encode(wrong, StandardCharsets.UTF_8)).getBody())
                .contains("id=\"verify-no\"").doesNotContain("id=\"verify-ok\"");
    }

    @Test
    void aPastedTextThatIsNoQrCodeOrAFieldLeftOutIsSaidOnTheFormNextToIt() {
        ResponseEntity<String> garbage = pasted("qr=" + java.net.URLEncoder.encode("see the report", StandardCharsets.UTF_8));
        assertThat(garbage.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(garbage.getBody()).contains("id=\"report-check\"", "data-problem-for=\"qr\"", "data-code=\"field.format\"",
                "see the report").doesNotContain("id=\"verify-ok\"", "id=\"verify-no\"");
        ResponseEntity<String> missing = check("audit=" + AUDIT + "&version=" + version + "&sha256=");
        assertThat(missing.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(missing.getBody()).contains("id=\"report-check\"", "data-problem-for=\"sha256\"", "输入有误：此项必填",
                "value=\"" + AUDIT + "\"");
        ResponseEntity<String> both = pasted("audit=" + AUDIT + "&qr=" + java.net.URLEncoder.encode(
                ReportDocuments.verificationText(report), StandardCharsets.UTF_8));
        assertThat(both.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(both.getBody()).contains("data-code=\"parameter.at-most-one-of\"");
        ResponseEntity<String> fromQr = pasted("qr=" + java.net.URLEncoder.encode("certaudit:report?audit=" + AUDIT
                + "&version=" + version + "&sha256=12", StandardCharsets.UTF_8));
        assertThat(fromQr.getBody()).as("what is wrong in the pasted text is named")
                .contains("data-problem-for=\"qr\"", "输入有误：内容摘要（SHA-256）：格式不正确");
    }

    @Test
    void anEarlierVersionIsOnRecordAsProvisionalAndChangedSince() {
        AuditReport earlier = reports.issue(AUDIT, PointInTime.atVersion(10)).orElseThrow();

        String page = check("audit=" + AUDIT + "&version=" + earlier.point().version() + "&sha256=" + earlier.digest()).getBody();

        assertThat(page).contains("id=\"verify-ok\"", "id=\"verify-provisional\"", "id=\"verify-changed\"",
                "当前版本 " + version);
    }

    @Test
    void aTreeHeadThatIsNotTheRecordsIsSaidToBeAlteredAndAnEarlierOnePrintedAsNotCoveringIsNot() {
        // The transparency log signs a head covering the seeded events within its interval (10 s).
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> {
            TreeHead head = reports.issue(AUDIT, PointInTime.atVersion(version)).orElseThrow().treeHead();
            return head != null && head.covers();
        });
        String printed = "7:" + "0".repeat(64);
        java.util.Optional<ReportVerification.Verified> altered = verification.verify(AUDIT, version, report.digest(),
                printed, false);
        java.util.Optional<ReportVerification.Verified> uncovered = verification.verify(AUDIT, version, report.digest(),
                printed, true);
        java.util.Optional<ReportVerification.Verified> none = verification.verify(AUDIT, version, report.digest(),
                "none", false);

        assertThat(altered.orElseThrow().treeHeadCheck()).isEqualTo(ReportVerification.TreeHeadCheck.NOT_AS_PRINTED);
        assertThat(uncovered.orElseThrow().treeHeadCheck()).isEqualTo(
                altered.get().treeHead().treeSize() > 7 ? ReportVerification.TreeHeadCheck.SIGNED_LATER
                        : ReportVerification.TreeHeadCheck.NOT_AS_PRINTED);
        assertThat(none.orElseThrow().treeHeadCheck()).isEqualTo(ReportVerification.TreeHeadCheck.SIGNED_LATER);
        String head = altered.get().treeHead().treeSize() + ":" + altered.get().treeHead().rootHash();
        assertThat(verification.verify(AUDIT, version, report.digest(), head, false).orElseThrow().treeHeadCheck())
                .isEqualTo(ReportVerification.TreeHeadCheck.AS_PRINTED);
        assertThat(check("audit=" + AUDIT + "&version=" + version + "&sha256=" + report.digest() + "&tree=" + printed)
                .getBody()).contains("id=\"verify-tree-altered\"", printed);
        // Typed as the report prints it, size and root hash apart: a space or a full-width colon is the colon.
        for (String typed : List.of("7 " + "0".repeat(64), "7：" + "0".repeat(64), " 7 : " + "0".repeat(32) + "\n" + "0".repeat(32))) {
            assertThat(pasted("audit=" + AUDIT + "&version=" + version + "&sha256=" + report.digest() + "&tree="
                    + java.net.URLEncoder.encode(typed, java.nio.charset.StandardCharsets.UTF_8)).getBody())
                    .as(typed).contains("id=\"verify-tree-altered\"", printed);
        }
    }

    @Test
    void aWrongDigestAnUnknownAuditAndAVersionNeverReachedAllSayTheSame() {
        String other = report.digest().replace(report.digest().charAt(0), report.digest().charAt(0) == 'a' ? 'b' : 'a');
        List<String> queries = List.of(
                "audit=" + AUDIT + "&version=" + version + "&sha256=" + other,
                "audit=" + AuditId.of(new ProjectNumber("0734-2021-SE"), 1) + "&version=" + version + "&sha256=" + report.digest(),
                "audit=" + AUDIT + "&version=" + (version - 1) + "&sha256=" + report.digest());
        for (String query : queries) {
            ResponseEntity<String> page = check(query);
            assertThat(page.getStatusCode()).as(query).isEqualTo(HttpStatus.OK);
            assertThat(page.getBody()).as(query).contains("id=\"verify-no\"", "此报告与认证机构的任何记录都不一致")
                    .doesNotContain("id=\"verify-ok\"", AuditFixtures.organization().name());
        }
    }

    @Test
    void whatNoReportPrintsIsA400PageNamingIt() {
        assertThat(check("audit=" + AUDIT + "&version=" + version + "&sha256=" + report.digest().substring(1) + "g").getBody())
                .contains("sha256", "data-code=\"field.format\"").doesNotContain("id=\"without-parameter\"");
        assertThat(check("audit=" + AUDIT + "&version=" + version + "&sha256=" + report.digest() + "&tree=12").getBody())
                .contains("tree", "data-code=\"field.format\"");
        assertThat(check("audit=" + AUDIT + "&version=x&sha256=" + report.digest()).getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(check("audit=" + AUDIT + "&version=" + version + "&sha256=" + report.digest() + "&x=1").getStatusCode())
                .isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(check("audit=" + AUDIT + "&version=" + version).getBody()).contains("sha256", "data-code=\"field.required\"");
    }

    @Test
    void aDecidedAuditsCheckShowsTheDecisionAndTheCertificatesValidityWithIsoDates() {
        AuditId decided = AuditId.of(new ProjectNumber("0735-2021-SE"), 1);
        java.time.LocalDate on = java.time.LocalDate.of(2021, 7, 1);
        List<AuditEvent> events = new ArrayList<>(AuditFixtures.seedScoredAs(decided));
        events.add(new org.certaudit.audit.CertificateGranted(decided, new org.certaudit.audit.Decision(
                org.certaudit.audit.DecisionOutcome.GRANT, "decider", on, 0, new java.math.BigDecimal("145.75"),
                org.certaudit.scheme.Grade.TEN_STAR, "符合要求"),
                new org.certaudit.audit.Certificate("CTS-2021-0735-2021-SE-1", AuditFixtures.organization().name(), "售后服务",
                        "CTS-ISC-JSGF-06", org.certaudit.scheme.Grade.TEN_STAR, on, on, java.time.LocalDate.of(2024, 6, 30),
                        java.time.LocalDate.of(2022, 6, 7))));
        long at = ProjectStream.append(eventStore, "decider", events);
        AuditReport granted = reports.issue(decided, PointInTime.atVersion(at)).orElseThrow();

        // Once the register has the grant, the page says what the certificate is today besides what the report shows.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> check("audit=" + decided
                + "&version=" + at + "&sha256=" + granted.digest()).getBody().contains("id=\"verify-certificate-today\""));
        String page = check("audit=" + decided + "&version=" + at + "&sha256=" + granted.digest()).getBody();

        assertThat(page).contains("id=\"verify-ok\"", "批准认证，2021-07-01，吴思远（decider）",
                "证书编号 CTS-2021-0735-2021-SE-1，有效期 2021-07-01 至 2024-06-30",
                "今日（" + java.time.LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")) + "）证书状态：已过期。");
        assertThat(granted.canonicalText()).contains("\ndecision\tdecider\t2021-07-01\t", "\ncertificate\tCTS-2021-0735-2021-SE-1\t");
        // In English the outcome is said in English, as the report's record has it in its own words.
        assertThat(check("audit=" + decided + "&version=" + at + "&sha256=" + granted.digest() + "&lang=en").getBody())
                .contains("Grant，2021-07-01").doesNotContain("批准认证");
    }

    @Test
    void aReportOfACancelledAuditSaysSoAndOnePrintedBeforeTheCancellationSaysItCameAfter() {
        AuditId cancelled = AuditId.of(new ProjectNumber("0736-2021-SE"), 1);
        List<AuditEvent> events = new ArrayList<>(AuditFixtures.seedScoredAs(cancelled));
        long scored = ProjectStream.append(eventStore, "leader", events);
        AuditReport before = reports.issue(cancelled, PointInTime.atVersion(scored)).orElseThrow();
        long at = ProjectStream.append(eventStore, "admin",
                List.of(new org.certaudit.audit.AuditCancelled(cancelled, "admin", "受审查方申请撤回")));
        AuditReport after = reports.issue(cancelled, PointInTime.atVersion(at)).orElseThrow();

        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> check("audit=" + cancelled
                + "&version=" + scored + "&sha256=" + before.digest()).getBody().contains("id=\"verify-cancelled-since\""));
        assertThat(check("audit=" + cancelled + "&version=" + scored + "&sha256=" + before.digest()).getBody())
                .contains("id=\"verify-ok\"", "此报告出具之后，审查已于", "受审查方申请撤回");
        assertThat(check("audit=" + cancelled + "&version=" + at + "&sha256=" + after.digest()).getBody())
                .contains("id=\"verify-ok\"", "id=\"verify-cancelled\"", "不作认证推荐；原因：受审查方申请撤回")
                .doesNotContain("id=\"verify-cancelled-since\"");
        // No format-1 report of a cancelled audit was ever printed.
        assertThat(check("audit=" + cancelled + "&version=" + at + "&sha256=" + after.digest(1)).getBody())
                .contains("id=\"verify-no\"");
    }

    /**
     * ISO/IEC 17021-1 5.2, ISO/IEC 17065 4.2: a member who scored on the first on-site day and then corrected their
     * pledge's day to the day after is said to have worked before their pledge, and to have pledged after the on-site
     * period began; the report is still on record, in both languages.
     */
    @Test
    void aMemberWhoWorkedBeforeTheDayOfTheirPledgeIsAWarningOnAReportStillOnRecord() {
        AuditId audit = AuditId.of(new ProjectNumber("0737-2021-SE"), 1);
        TeamMember member = new TeamMember("B", "魏子航", TeamRole.MEMBER, "DEMO-0102", "02.01.01", "010-5550-0202",
                "auditor");
        ProjectStream.appendAt(eventStore, "admin", onDay(2021, 6, 1), List.of(
                AuditFixtures.opened(audit, AuditType.INITIAL, null, AuditFixtures.SEED_ON_SITE_FROM,
                        AuditFixtures.SEED_ON_SITE_TO),
                new TeamMemberAssigned(audit, AuditFixtures.leader()), new TeamMemberAssigned(audit, member)));
        ProjectStream.appendAt(eventStore, "leader", onDay(2021, 6, 4),
                List.of(new PledgeSigned(audit, "A", LocalDate.of(2021, 6, 4))));
        ProjectStream.appendAt(eventStore, "auditor", onDay(2021, 6, 5), List.of(
                new PledgeSigned(audit, "B", LocalDate.of(2021, 6, 5)),
                new ItemScored(audit, "5.2.1.1", Percent.of(95), "包装信息完整")));
        long at = ProjectStream.appendAt(eventStore, "auditor", onDay(2021, 6, 7), List.of(new PledgeDateCorrected(audit,
                "B", LocalDate.of(2021, 6, 5), LocalDate.of(2021, 6, 6), "纸质承诺书落款为 6 日")));
        AuditReport issued = reports.issue(audit, PointInTime.atVersion(at)).orElseThrow();
        String query = "audit=" + audit + "&version=" + at + "&sha256=" + issued.digest();

        String page = check(query).getBody();
        String english = check(query + "&lang=en").getBody();

        assertThat(page).contains("id=\"verify-ok\"", "class=\"panel verdict ok warn\"", "id=\"verify-pledge-timing\"",
                "B 魏子航 的公正性和保密承诺签署于 2021-06-06，但其在此日之前已记录 1 条评分、审查发现或特别项，"
                        + "最早一条是 2021-06-05 记录的条款 5.2.1.1 的评价。",
                "B 魏子航 的公正性和保密承诺签署于 2021-06-06，晚于现场审查开始的 2021-06-05。",
                "ISO/IEC 17021-1 5.2、ISO/IEC 17065 4.2")
                .doesNotContain("A 李雅宁 的公正性");
        assertThat(english).contains("id=\"verify-ok\"", "B 魏子航 signed the impartiality and confidentiality pledge on "
                        + "2021-06-06, but recorded 1 score(s), finding(s) or special item(s) before that day, the first on "
                        + "2021-06-05: the assessment of item 5.2.1.1.",
                "B 魏子航 signed the impartiality and confidentiality pledge on 2021-06-06, after the on-site period began "
                        + "on 2021-06-05.");
        assertThat(check("audit=" + AUDIT + "&version=" + version + "&sha256=" + report.digest()).getBody())
                .as("a team without pledges has no timing to warn of").doesNotContain("id=\"verify-pledge-timing\"");
    }

    /** 10:00 on that day on the certification body's calendar. */
    private static java.time.Instant onDay(int year, int month, int day) {
        return LocalDate.of(year, month, day).atTime(10, 0).atZone(java.time.ZoneId.of("Asia/Shanghai")).toInstant();
    }

    @Test
    void aReportPrintedInTheEarlierFormatIsOnRecordAndSaidToBeSo() {
        String page = check("audit=" + AUDIT + "&version=" + version + "&sha256=" + report.digest(1)).getBody();

        assertThat(report.digest(1)).isNotEqualTo(report.digest());
        assertThat(report.canonicalText(1)).startsWith("certaudit-report/1\n").doesNotContain("\ndecision\t");
        // An audit opened without half-days has no such line: reports printed before them keep their digest.
        assertThat(report.canonicalText()).contains("\non-site\t").doesNotContain("on-site-half-days");
        assertThat(page).contains("id=\"verify-ok\"", "id=\"verify-earlier-format\"");
        assertThat(check("audit=" + AUDIT + "&version=" + version + "&sha256=" + report.digest()).getBody())
                .doesNotContain("id=\"verify-earlier-format\"");
    }

    @Test
    void aCheckAddressWithAQueryOfItsOwnIsRefusedAtStart() {
        ReportProperties properties = new ReportProperties(ReportFixtures.PROPERTIES.body(), null,
                URI.create("https://certaudit.example.org" + CHECK + "?from=qr"));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ReportDocuments(new ReportHtml(), new ReportPdf(null),
                        java.time.ZoneId.of("Asia/Shanghai"), properties, null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("certaudit.report.verify-url");
    }

    @Test
    void withACheckAddressTheQrCodeIsThatLinkWithTheReportsFacts() {
        String link = ReportDocuments.verificationText(report, URI.create("https://certaudit.example.org" + CHECK));

        String text = ReportDocuments.verificationText(report);
        assertThat(text).startsWith("certaudit:report?audit=" + AUDIT + "&version=" + version + "&sha256=" + report.digest()
                + "&tree=");
        assertThat(link).isEqualTo("https://certaudit.example.org" + CHECK + "?" + text.substring("certaudit:report?".length()));
        ResponseEntity<String> followed = check(link.substring(link.indexOf('?') + 1));
        assertThat(followed.getBody()).contains("id=\"verify-ok\"");
    }
}
