package org.certaudit.query.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.certaudit.query.AuditFixtures.SEED_AUDIT;
import static org.certaudit.query.AuditFixtures.SEED_PROJECT;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.apache.pdfbox.util.Matrix;
import org.apache.pdfbox.util.Vector;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditReopened;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.Certificate;
import org.certaudit.audit.CertificateGranted;
import org.certaudit.audit.Decision;
import org.certaudit.audit.DecisionOutcome;
import org.certaudit.audit.GradeRecommended;
import org.certaudit.audit.HalfDay;
import org.certaudit.audit.ItemScoreRevised;
import org.certaudit.audit.OnSiteAuditRescheduled;
import org.certaudit.audit.OnSitePeriod;
import org.certaudit.audit.PledgeDateCorrected;
import org.certaudit.audit.PledgeSigned;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.audit.TeamMember;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.audit.TeamMemberRemoved;
import org.certaudit.audit.TeamRole;
import org.certaudit.audit.TechnicalReviewAccepted;
import org.certaudit.ledger.treehead.SignedTreeHead;
import org.certaudit.query.AuditFixtures;
import org.certaudit.query.ProjectionHarness;
import org.certaudit.query.SeedReportEarned;
import org.certaudit.query.ledger.TreeHead;
import org.certaudit.query.scorecard.PointInTime;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.Percent;
import org.certaudit.scheme.Scheme;
import org.certaudit.scheme.SchemeItem;
import org.certaudit.scheme.Section;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.certaudit.report.CertificationRecord;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuditReportPdfTest {

    /** Where the rendered pages are kept for a person to look at. */
    static final Path ARTIFACTS = Path.of("target", "report-artifacts");

    private final ProjectionHarness harness = new ProjectionHarness();
    private AuditReports reports;
    private final ReportDocuments documents = ReportFixtures.documents();
    private long finishedVersion;
    private Instant finishedAt;
    private byte[] seedPdf;
    private String seedText;

    @BeforeAll
    void seedAuditRenderedOnce() throws IOException {
        harness.given(ReportFixtures.seedAuditWithFindings());
        finishedVersion = harness.version(SEED_PROJECT.value());
        finishedAt = harness.clock().minusSeconds(30);
        reports = ReportFixtures.reports(harness);
        seedPdf = documents.pdf(report(PointInTime.atVersion(finishedVersion)));
        seedText = text(seedPdf);
        Files.createDirectories(ARTIFACTS);
        Files.write(ARTIFACTS.resolve("seed-report.pdf"), seedPdf);
        Files.writeString(ARTIFACTS.resolve("seed-report.txt"), seedText);
    }

    @AfterAll
    void close() {
        harness.close();
    }

    private AuditReport report(PointInTime point) {
        return reports.issue(SEED_AUDIT, point).orElseThrow();
    }

    @Test
    void printsEveryItemRowOfTheSeedToTheLastDigit() {
        List<String> lines = seedText.lines().map(line -> line.replaceAll("\\s+", " ").strip()).toList();
        Scheme scheme = Scheme.ctsIscJsgf06();
        Map<String, String[]> seed = SeedReportEarned.rows();
        assertThat(seed).hasSize(94);
        List<String> missing = new ArrayList<>();
        seed.forEach((clause, printed) -> {
            SchemeItem item = scheme.find(clause).orElseThrow();
            String code = item.dimensionCode() == null ? "" : " " + item.dimensionCode();
            String row = ReportView.plain(item.points()) + code + " " + printed[0] + " " + printed[1];
            Pattern expected = Pattern.compile("(^|\\s)" + Pattern.quote(clause) + " .*\\s" + Pattern.quote(row) + "$");
            if (lines.stream().noneMatch(line -> expected.matcher(line).find())) {
                missing.add(clause + " [" + row + "]");
            }
        });
        assertThat(missing).as("item rows not found as clause ... points code percent earned").isEmpty();
    }

    @Test
    void printsThePartTotalsTheTotalAndTheGradeOfTheSeed() {
        String flat = seedText.replaceAll("\\s+", "");
        assertThat(flat).contains("本部分满分73分,实际得分71.24分");
        assertThat(flat).contains("本部分满分39分,实际得分33.035分");
        assertThat(flat).contains("本部分满分38分,实际得分36.62分");
        assertThat(flat).contains("总分:145.75分");
        assertThat(flat).contains("现场审查通过，推荐注册十星级售后服务成熟度认证证书");
        assertThat(flat).contains("4)特别项：无特别扣分项，也没有特别加分项。");
        assertThat(flat).contains("4、报告编制人：李雅宁编制日期：2021年06月07日");
    }

    @Test
    void printsTheCoverPledgeAndBasicInformationFromTheEventsAndTheConfiguredBody() {
        String flat = seedText.replaceAll("\\s+", "");
        assertThat(flat).contains("华夏示范认证有限公司", "服务认证审查报告", "组织名称:新疆隆威家具有限责任公司",
                "项目编号:0455-2021-SE", "地址:北京市示范区样例路1号1号楼16层", "邮编:100000",
                "维护华夏示范认证有限公司的公正性", "承诺人签名：李雅宁", "组长：李雅宁", "2021年06月07日",
                "1.3工商注册地址/邮编：新疆昌吉州昌吉市六工镇下六工村一片区18号/831100",
                "1.10现场审查时间：2021年06月05日上午至2021年06月07日下午共3.0天",
                "企业长期的规范运作在商品售后服务方面积累了大量的经验", "注重环保问题，是企业的发展之根本。");
        assertThat(flat).doesNotContain("北京国标联合认证有限公司");
    }

    @Test
    void printsTheCriteriaWithTheSeedsOtherLineAfterTheSchemesOwn() {
        // The seed's 1.8: "- 1) <the scheme>", then "其他：" (another scheme's line, empty there), then "- 2)", "- 3)".
        String flat = seedText.replaceAll("\\s+", "");
        assertThat(flat).contains("1.8审查准则：-1)CTSISC-JSGF-06《商品售后服务成熟度认证技术规范》其他：-2)受审查方管理体系文件");
    }

    @Test
    void keepsEachSectionsPointsOnOneLineOfItsTitleCell() {
        // The title cell is narrow: "维修 (10+0分)" printed "(10+0" on one line and "分)" on the next.
        List<String> lines = seedText.lines().toList();
        List<String> broken = new ArrayList<>();
        for (Section section : Scheme.ctsIscJsgf06().sections()) {
            String points = section.basePoints().signum() == 0 ? "+" + ReportView.plain(section.extendedPoints()) + "分"
                    : "(" + ReportView.plain(section.basePoints()) + "+" + ReportView.plain(section.extendedPoints()) + "分)";
            if (lines.stream().noneMatch(line -> line.contains(points))) {
                broken.add(section.number() + " " + section.title() + " " + points);
            }
        }
        assertThat(broken).as("sections whose points are not on one line").isEmpty();
    }

    @Test
    void startsEachPartsTableOnThePageOfItsHeadingAndEndsNoPageWithAHeading() throws IOException {
        // "3) 顾客服务:" and its sentence were printed at the foot of a page, their table on the next.
        Map<String, String> firstItems = Map.of("1) 售后服务体系:", "5.1.1.1 ", "2) 商品服务:", "5.2.1.1 ",
                "3) 顾客服务:", "5.3.1.1 ");
        List<String> headings = List.of("审查组公正性和保密承诺", "1.基本信息", "2. 服务认证审查结果:", "(1) 现场审查总体得分情况",
                "(2) 统计分析", "各部分得分情况", "(3) 服务系统的优势：", "(4) 服务系统改进方向", "3、审查结果：",
                "6、技术评审与认证决定", "7、报告核验");
        Map<String, Integer> found = new java.util.HashMap<>();
        try (PDDocument document = Loader.loadPDF(seedPdf)) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            for (int page = 1; page <= document.getNumberOfPages(); page++) {
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                String text = stripper.getText(document);
                List<String> lines = text.lines().map(String::strip).filter(line -> !line.isEmpty())
                        .filter(line -> !line.matches("第 \\d+ 页 / 共 \\d+ 页")).toList();
                for (Map.Entry<String, String> part : firstItems.entrySet()) {
                    int heading = text.indexOf(part.getKey());
                    if (heading >= 0) {
                        found.put(part.getKey(), page);
                        String after = text.substring(heading);
                        assertThat(after).as("page " + page + " after " + part.getKey())
                                .contains("分项实际得分").contains(part.getValue());
                    }
                }
                String last = lines.get(lines.size() - 1);
                assertThat(last).as("the last line of page " + page).isNotIn(headings)
                        .doesNotStartWith("本部分满分").isNotIn(firstItems.keySet());
            }
        }
        assertThat(found).as("pages of the part headings").containsOnlyKeys(firstItems.keySet());
    }

    @Test
    void saysThatNoReviewDecisionOrTreeHeadExistsYet() {
        String flat = seedText.replaceAll("\\s+", "");
        assertThat(flat).contains("尚未技术评审", "尚未作出认证决定", "尚未颁发证书", "账本树头：无树头");
    }

    @Test
    void isA4AndNumbersItsPages() throws IOException {
        try (PDDocument document = Loader.loadPDF(seedPdf)) {
            int pages = document.getNumberOfPages();
            assertThat(pages).isGreaterThan(5);
            for (PDPage page : document.getPages()) {
                assertThat(page.getMediaBox().getWidth()).isCloseTo(PDRectangle.A4.getWidth(), org.assertj.core.data.Offset.offset(1f));
                assertThat(page.getMediaBox().getHeight()).isCloseTo(PDRectangle.A4.getHeight(), org.assertj.core.data.Offset.offset(1f));
            }
            String flat = seedText.replaceAll("\\s+", "");
            assertThat(flat).contains("第1页/共" + pages + "页", "第" + pages + "页/共" + pages + "页");
        }
    }

    @Test
    void repeatsTheItemTableHeaderOnEveryPageTheTableContinuesOn() throws IOException {
        try (PDDocument document = Loader.loadPDF(seedPdf)) {
            PDFTextStripper stripper = new PDFTextStripper();
            int pagesWithItems = 0;
            for (int page = 1; page <= document.getNumberOfPages(); page++) {
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                String text = stripper.getText(document).replaceAll("\\s+", "");
                if (Pattern.compile("5\\.[123]\\.\\d\\.\\d+").matcher(text).find() && text.contains("分项实际得分")) {
                    pagesWithItems++;
                }
                if (Pattern.compile("\\d5\\.[123]\\.\\d\\.\\d+[^\\d]").matcher(text).find()) {
                    assertThat(text).as("page " + page + " lists items").contains("序号标题检查内容小类分值代码(维度)分项得分%分项实际得分");
                }
            }
            assertThat(pagesWithItems).isGreaterThan(3);
        }
    }

    @Test
    void embedsEveryFontItUses() throws IOException {
        try (PDDocument document = Loader.loadPDF(seedPdf)) {
            List<String> fonts = new ArrayList<>();
            for (PDPage page : document.getPages()) {
                collectFonts(page.getResources(), fonts, document);
            }
            assertThat(fonts).isNotEmpty();
            assertThat(fonts).allSatisfy(font -> assertThat(font).endsWith("embedded"));
            assertThat(String.join(" ", fonts)).contains("DejaVuSans", "DroidSansFallback");
        }
    }

    private static void collectFonts(PDResources resources, List<String> fonts, PDDocument document) throws IOException {
        if (resources == null) {
            return;
        }
        for (COSName name : resources.getFontNames()) {
            PDFont font = resources.getFont(name);
            boolean embedded = font instanceof PDType0Font type0 ? type0.getDescendantFont().isEmbedded() : font.isEmbedded();
            fonts.add(font.getName() + (embedded ? " embedded" : " NOT embedded"));
        }
        for (COSName name : resources.getXObjectNames()) {
            PDXObject object = resources.getXObject(name);
            if (object instanceof PDFormXObject form) {
                collectFonts(form.getResources(), fonts, document);
            }
        }
    }

    @Test
    void showsNoNotdefGlyph() throws IOException {
        try (PDDocument document = Loader.loadPDF(seedPdf)) {
            List<String> notdef = new ArrayList<>();
            int[] glyphs = {0};
            PDFTextStripper stripper = new PDFTextStripper() {
                @Override
                protected void showGlyph(Matrix textRenderingMatrix, PDFont font, int code, Vector displacement) throws IOException {
                    glyphs[0]++;
                    int gid = font instanceof PDType0Font type0 ? type0.codeToGID(code) : code;
                    if (gid == 0) {
                        notdef.add(font.getName() + " code " + code + " on page " + getCurrentPageNo());
                    }
                    super.showGlyph(textRenderingMatrix, font, code, displacement);
                }
            };
            stripper.getText(document);
            assertThat(glyphs[0]).isGreaterThan(5000);
            assertThat(notdef).isEmpty();
        }
        assertThat(seedText).doesNotContain("\uFFFD").doesNotContain("#");
    }

    @Test
    void drawsTheRadarOfTheSixteenSectionsWithTheirValues() {
        String html = documents.html(report(PointInTime.atVersion(finishedVersion)));
        Matcher axes = Pattern.compile("<line class=\"axis\" data-section=\"(5\\.\\d\\.\\d)\"").matcher(html);
        List<String> sections = new ArrayList<>();
        while (axes.find()) {
            sections.add(axes.group(1));
        }
        assertThat(sections).hasSize(16).startsWith("5.1.1", "5.1.2").endsWith("5.3.3");
        Map<String, String> values = new java.util.LinkedHashMap<>();
        Matcher points = Pattern.compile("<circle class=\"value\" data-section=\"([\\d.]+)\" data-percent=\"([\\d.]*)\"").matcher(html);
        while (points.find()) {
            values.put(points.group(1), points.group(2));
        }
        assertThat(values).as("a point on every axis but 5.2.6's").hasSize(15).doesNotContainKey("5.2.6");
        assertThat(html).as("5.2.6's axis is dashed, the others are not")
                .contains("<line class=\"axis\" data-section=\"5.2.6\" stroke-dasharray=\"4 3\"")
                .doesNotContain("<line class=\"axis\" data-section=\"5.2.5\" stroke-dasharray");
        Matcher outline = Pattern.compile("<polygon class=\"values\"[^>]* points=\"([^\"]*)\"").matcher(html);
        assertThat(outline.find()).isTrue();
        assertThat(outline.group(1).split(" ")).as("the outline passes 5.2.6 by").hasSize(15)
                .doesNotContain("220.00,220.00");
        // 5.1.1: (1 + 2.97 + 0 + 0.99 + 0.97 + 1 + 0.97 + 0.95 + 0.99 + 0.98 + 0.96) / 12 = 98.17 %.
        assertThat(values.get("5.1.1")).isEqualTo("98.17");
        // 5.2.3: (0.97 + 2.88) / 4 = 96.25 %.
        assertThat(values.get("5.2.3")).isEqualTo("96.25");
        String flat = seedText.replaceAll("\\s+", "");
        // The legend under the chart: maximum, applicable maximum, earned, percent.
        assertThat(flat).contains("5.1.1组织架构121211.7898.17", "5.2.6废弃商品回收200不涉及", "5.2.3配送443.8596.25");
        assertThat(flat).contains("98.17%", "96.25%", "96.40%");
    }

    @Test
    void keepsRenderedPagesAsArtifactsAndItsQrCodeCarriesTheVersionDigestAndTreeHead() throws Exception {
        try (PDDocument document = Loader.loadPDF(seedPdf)) {
            PDFRenderer renderer = new PDFRenderer(document);
            int last = document.getNumberOfPages() - 1;
            for (int page = 0; page <= last; page++) {
                BufferedImage image = renderer.renderImageWithDPI(page, 110);
                ImageIO.write(image, "png", ARTIFACTS.resolve("seed-report-page-" + (page + 1) + ".png").toFile());
            }
            String qr = qrCodeOnLastPage(document);
            assertThat(ARTIFACTS.resolve("seed-report-page-1.png")).exists();
            AuditReport report = report(PointInTime.atVersion(finishedVersion));
            assertThat(qr).isEqualTo("certaudit:report?audit=0455-2021-SE.1&version=" + finishedVersion + "&sha256="
                    + report.digest() + "&tree=none");
        }
    }

    @Test
    void givesTheSameBytesForTheSamePoint() {
        byte[] again = documents.pdf(report(PointInTime.atVersion(finishedVersion)));
        assertThat(again).isEqualTo(seedPdf);
        byte[] asOf = documents.pdf(report(PointInTime.asOf(finishedAt)));
        assertThat(documents.pdf(report(PointInTime.asOf(finishedAt)))).isEqualTo(asOf);
    }

    @Nested
    class WithCertificationAndLedger {

        @Test
        void printsTheDecisionsTotalWithTwoDecimalsAsTheTotalLineIsPrinted() throws IOException {
            // A total carried as 145.9 (its trailing zero lost on the way) is GB/T 27922's 145.90 all the same.
            CertificationRecords certified = (point, events) -> new CertificationRecord(
                    new CertificationRecord.Review("赵复核", LocalDate.of(2021, 6, 20), "同意推荐"),
                    new CertificationRecord.Decision("钱决定", LocalDate.of(2021, 6, 25), "保持认证", "符合要求",
                            new BigDecimal("145.9"), "十星级", finishedVersion), null);
            AuditReport report = ReportFixtures.reports(harness, certified, point -> Optional.empty())
                    .issue(SEED_AUDIT, PointInTime.atVersion(finishedVersion)).orElseThrow();

            assertThat(documents.html(report)).contains("保持认证（十星级，总分 145.90 分，依据版本 " + finishedVersion + "）",
                    "总分: 145.75分").doesNotContain("145.9 分");
        }

        @Test
        void aValidCertificateWhoseLastDayHadPassedAtTheReportsPointIsPrintedExpiredFromTheDayAfter() throws IOException {
            CertificationRecords certified = (point, events) -> new CertificationRecord(null, null, new CertificationRecord.Certificate(
                    "DEMO-SE-2018-0001", LocalDate.of(2018, 6, 1), LocalDate.of(2021, 5, 31), "有效"));
            CertificationRecords current = (point, events) -> new CertificationRecord(null, null, new CertificationRecord.Certificate(
                    "DEMO-SE-2021-0001", LocalDate.of(2021, 6, 1), LocalDate.of(2024, 5, 31), "有效"));

            String expired = text(documents.pdf(ReportFixtures.reports(harness, certified, point -> Optional.empty())
                    .issue(SEED_AUDIT, PointInTime.atVersion(finishedVersion)).orElseThrow())).replaceAll("\\s+", "");
            String valid = text(documents.pdf(ReportFixtures.reports(harness, current, point -> Optional.empty())
                    .issue(SEED_AUDIT, PointInTime.atVersion(finishedVersion)).orElseThrow())).replaceAll("\\s+", "");

            // The point's last event was recorded in June 2021 (the harness's clock).
            assertThat(expired).contains("至2021年05月31日，状态：已过期（2021年06月01日起）").doesNotContain("状态：有效");
            assertThat(valid).contains("至2024年05月31日，状态：有效");
        }

        @Test
        void printsTheReviewDecisionCertificateAndTreeHeadTheSeamsProvide() throws IOException {
            TreeHead head = new TreeHead(4211, "9f2c4e7a1b3d5f60718293a4b5c6d7e8f9011223344556677889900aabbccddee", finishedAt);
            CertificationRecords certified = (point, events) -> new CertificationRecord(
                    new CertificationRecord.Review("赵复核", LocalDate.of(2021, 6, 20), "同意推荐"),
                    new CertificationRecord.Decision("钱决定", LocalDate.of(2021, 6, 25), "批准注册十星级"),
                    new CertificationRecord.Certificate("DEMO-SE-2021-0001", LocalDate.of(2021, 6, 25), LocalDate.of(2024, 6, 24)));
            AuditReport report = ReportFixtures.reports(harness, certified, point -> Optional.of(head))
                    .issue(SEED_AUDIT, PointInTime.atVersion(finishedVersion)).orElseThrow();
            String flat = text(documents.pdf(report)).replaceAll("\\s+", "");

            assertThat(flat).contains("赵复核，2021年06月20日，同意推荐", "钱决定，2021年06月25日，批准注册十星级",
                    "证书编号DEMO-SE-2021-0001，有效期2021年06月25日至2024年06月24日", "树大小4211，签署于", "根哈希见下" + head.rootHash());
            assertThat(ReportDocuments.verificationText(report)).endsWith("&tree=4211:" + head.rootHash());
            // Where the body names its staff (certaudit.people), the report prints the person with the user name.
            ReportView named = ReportView.of(report, true, "qr", "data:", java.time.ZoneId.of("Asia/Shanghai"),
                    (user, recordedName) -> user.equals("钱决定") ? "钱多多（" + user + "）" : user);
            assertThat(named.decision()).startsWith("钱多多（钱决定），2021 年 06 月 25 日");
            assertThat(named.review()).startsWith("赵复核，");
            // The digest covers the review, decision and certificate the report prints (a forged decision must not keep
            // it), not the ledger's tree head.
            assertThat(report.digest()).isNotEqualTo(report(PointInTime.atVersion(finishedVersion)).digest());
            assertThat(ReportFixtures.reports(harness, certified, point -> Optional.empty())
                    .issue(SEED_AUDIT, PointInTime.atVersion(finishedVersion)).orElseThrow().digest()).isEqualTo(report.digest());
            assertThat(report.canonicalText()).startsWith("certaudit-report/2\n")
                    .contains("\ndecision\t钱决定\t2021-06-25\t批准注册十星级\t", "\ncertificate\tDEMO-SE-2021-0001\t2021-06-25\t2024-06-24\t")
                    .contains("\non-site\t2021-06-05\t2021-06-07\t3\non-site-half-days\tMORNING\tAFTERNOON\n");
        }
    }

    /** 3、审查结果 recommends in the words of the audit's purpose (1.7: 初次认证注册, 保持认证注册, 再认证注册). */
    @Nested
    class TheResultInTheWordsOfTheAuditsType {

        private static final AuditId SURVEILLANCE = AuditId.of(SEED_PROJECT, 2);
        private static final AuditId RECERTIFICATION = AuditId.of(SEED_PROJECT, 3);
        private static final String INITIAL_WORDS = "现场审查通过，推荐注册十星级售后服务成熟度认证证书";
        private static final String SURVEILLANCE_WORDS = "现场审查通过，推荐保持认证注册十星级售后服务成熟度认证证书";
        private static final String RECERTIFICATION_WORDS = "现场审查通过，推荐再认证注册十星级售后服务成熟度认证证书";

        @Test
        void anInitialAuditRecommendsRegisteringASurveillanceMaintainingAndAReCertificationRegisteringAgain()
                throws IOException {
            ProjectionHarness cycle = new ProjectionHarness();
            try (cycle) {
                cycle.given(ReportFixtures.seedAuditWithFindings());
                long initialDigested = cycle.version(SEED_PROJECT.value());
                String initialDigest = ReportFixtures.reports(cycle).issue(SEED_AUDIT, PointInTime.atVersion(initialDigested))
                        .orElseThrow().digest();
                cycle.given(scored(SURVEILLANCE, AuditType.SURVEILLANCE, SEED_AUDIT, LocalDate.of(2022, 6, 5)));
                long surveillanceScored = cycle.version(SEED_PROJECT.value());
                cycle.given(new GradeRecommended(SURVEILLANCE, new BigDecimal("145.75"), Grade.TEN_STAR, LocalDate.of(2022, 6, 7)));
                cycle.given(scored(RECERTIFICATION, AuditType.RECERTIFICATION, SURVEILLANCE, LocalDate.of(2024, 5, 20)));
                cycle.given(new GradeRecommended(RECERTIFICATION, new BigDecimal("145.75"), Grade.TEN_STAR,
                        LocalDate.of(2024, 5, 22)));
                AuditReports cycleReports = ReportFixtures.reports(cycle);
                PointInTime last = PointInTime.atVersion(cycle.version(SEED_PROJECT.value()));

                AuditReport initial = cycleReports.issue(SEED_AUDIT, last).orElseThrow();
                assertThat(documents.html(initial)).contains(INITIAL_WORDS)
                        .doesNotContain(SURVEILLANCE_WORDS, RECERTIFICATION_WORDS);
                assertThat(initial.digest()).as("the sentence is layout, not a digested fact").isEqualTo(initialDigest);
                assertThat(documents.html(cycleReports.issue(SURVEILLANCE, last).orElseThrow())).contains(SURVEILLANCE_WORDS)
                        .doesNotContain(INITIAL_WORDS, RECERTIFICATION_WORDS);
                // Before their decisions, the surveillance and the re-certification have ruled on no certificate, though
                // the project has one: neither says it was never issued.
                for (AuditId audit : List.of(SURVEILLANCE, RECERTIFICATION)) {
                    assertThat(documents.html(cycleReports.issue(audit, last).orElseThrow())).as(audit.value())
                            .contains("本审查尚未对证书作出决定").doesNotContain("尚未颁发证书");
                }
                assertThat(documents.html(initial)).contains("尚未颁发证书");
                assertThat(text(documents.pdf(cycleReports.issue(RECERTIFICATION, last).orElseThrow())).replaceAll("\\s+", ""))
                        .contains(RECERTIFICATION_WORDS).doesNotContain(INITIAL_WORDS, SURVEILLANCE_WORDS);
                assertThat(documents.html(cycleReports.issue(SURVEILLANCE, PointInTime.atVersion(surveillanceScored))
                        .orElseThrow())).as("not recommended yet: the box is empty, the words are the type's")
                        .contains("现场审查通过，推荐保持认证注册____售后服务成熟度认证证书");
            }
        }

        /** An audit of the cycle opened, staffed, pledged and scored as the seed was, not yet recommended. */
        private static List<org.certaudit.audit.AuditEvent> scored(AuditId audit, AuditType type, AuditId predecessor,
                                                                   LocalDate onSite) {
            List<org.certaudit.audit.AuditEvent> events = new ArrayList<>();
            events.add(AuditFixtures.opened(audit, type, predecessor, onSite, onSite.plusDays(2)));
            events.add(new TeamMemberAssigned(audit, AuditFixtures.leader()));
            events.add(new PledgeSigned(audit, "A", onSite));
            events.addAll(AuditFixtures.itemEvents(audit, org.certaudit.scheme.SeedReport.itemResults()));
            return events;
        }
    }

    /** A body's own font (certaudit.report.font-file): a TrueType file, or a collection (.ttc) whose first font it takes. */
    @Nested
    class WithTheBodysOwnFont {

        @TempDir
        java.nio.file.Path dir;

        @Test
        void aTrueTypeFileOrACollectionIsEmbeddedAndANonFontIsRefusedAtStart() throws IOException {
            byte[] dejaVu;
            try (java.io.InputStream in = ReportPdf.class.getResourceAsStream("/org/certaudit/query/report/fonts/DejaVuSans.ttf")) {
                dejaVu = in.readAllBytes();
            }
            java.nio.file.Path single = java.nio.file.Files.write(dir.resolve("house.ttf"), dejaVu);
            java.nio.file.Path collection = java.nio.file.Files.write(dir.resolve("house.ttc"), collectionOf(dejaVu));
            AuditReport report = reports.issue(SEED_AUDIT, PointInTime.atVersion(finishedVersion)).orElseThrow();

            for (java.nio.file.Path font : List.of(single, collection)) {
                ReportDocuments withFont = new ReportDocuments(new ReportHtml(), new ReportPdf(font.toString()),
                        java.time.ZoneId.of("Asia/Shanghai"), ReportFixtures.PROPERTIES, null);
                byte[] pdf = withFont.pdf(report);
                try (PDDocument document = Loader.loadPDF(pdf)) {
                    List<String> fonts = new ArrayList<>();
                    for (COSName name : document.getPage(0).getResources().getFontNames()) {
                        fonts.add(document.getPage(0).getResources().getFont(name).getName());
                    }
                    assertThat(fonts).as(font.getFileName().toString()).anyMatch(name -> name.endsWith("DejaVuSans"));
                }
                assertThat(text(pdf)).as(font.getFileName().toString()).contains("总分: 145.75分");
            }

            java.nio.file.Path notAFont = java.nio.file.Files.writeString(dir.resolve("house.ttc"), "not a font");
            assertThatThrownBy(() -> new ReportPdf(notAFont.toString())).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("certaudit.report.font-file").hasMessageContaining("collection");
        }

        /** A TrueType collection (OpenType 1.9, "ttcf" version 1.0) of the one font: its table offsets moved by the header. */
        private static byte[] collectionOf(byte[] font) {
            int header = 16;
            java.nio.ByteBuffer ttc = java.nio.ByteBuffer.allocate(header + font.length);
            ttc.put("ttcf".getBytes(java.nio.charset.StandardCharsets.US_ASCII)).putInt(0x00010000).putInt(1).putInt(header);
            ttc.put(font);
            int tables = ttc.getShort(header + 4) & 0xFFFF;
            for (int table = 0; table < tables; table++) {
                int offset = header + 12 + 16 * table + 8;
                ttc.putInt(offset, ttc.getInt(offset) + header);
            }
            return ttc.array();
        }
    }

    @Nested
    class CopiedFromTheTextLayer {

        /** A root hash full of "ff", which the font's ligatures once turned into one character (U+FB00) each. */
        private static final String ROOT_HASH = "ffeeff00ff11ff22ff33ff44ff55ff66ff77ff88ff99ffaaffbbffccffddff0f";
        private static final java.net.URI VERIFY_URL = java.net.URI.create("https://certaudit.example.org/console/verify/report");

        @Test
        void theDigestTheRootHashAndTheLinkComeOutExactlyAsPrintedWithoutLigatures() throws IOException {
            TreeHead head = new TreeHead(4211, ROOT_HASH, finishedAt);
            AuditReport report = ReportFixtures.reports(harness, (point, events) -> CertificationRecord.NONE, point -> Optional.of(head))
                    .issue(SEED_AUDIT, PointInTime.atVersion(finishedVersion)).orElseThrow();
            ReportDocuments linked = new ReportDocuments(new ReportHtml(), new ReportPdf(null), java.time.ZoneId.of("Asia/Shanghai"),
                    new ReportProperties(ReportFixtures.PROPERTIES.body(), null, VERIFY_URL), null);
            String text = copiedText(linked.pdf(report));

            assertThat(text).as("no ligature (U+FB00 to U+FB06) anywhere in the text layer")
                    .doesNotContainPattern("[\uFB00-\uFB06]");
            List<String> lines = text.lines().map(String::strip).toList();
            assertThat(lines).as("the digest and the root hash each on a line of their own").contains(report.digest(), ROOT_HASH);
            assertThat(text.replaceAll("\\s+", "")).as("the link, broken over lines")
                    .contains(VERIFY_URL + "?audit=0455-2021-SE.1&version=" + finishedVersion + "&sha256=" + report.digest()
                            + "&tree=4211:" + ROOT_HASH);
        }
    }

    /** The real seams: the certification record from the stored events, the tree head from the transparency log. */
    @Nested
    class WithTheRealCertificationRecordsAndTreeHeads {

        private static final LocalDate REVIEWED_ON = LocalDate.of(2021, 6, 20);
        private static final LocalDate DECIDED_ON = LocalDate.of(2021, 6, 25);

        @Test
        void printsTheReviewerDeciderCertificateAndTheEarliestLedgerHeadCoveringThePoint(@TempDir Path keys) throws Exception {
            try (LedgeredStore store = new LedgeredStore(keys)) {
                long recommended = store.append(ReportFixtures.seedAuditWithFindings());
                assertThat(store.log.catchUp()).isEqualTo((int) recommended + 1);
                SignedTreeHead first = store.log.store().latestHead().orElseThrow();
                assertThat(first.treeSize()).isEqualTo(recommended + 1);
                long reviewed = store.append(new TechnicalReviewAccepted(SEED_AUDIT, "reviewer.zhao", REVIEWED_ON,
                        new BigDecimal("145.75"), Grade.TEN_STAR, "材料齐全"));
                var opened = AuditFixtures.seedOpened();
                long decided = store.append(new CertificateGranted(SEED_AUDIT,
                        new Decision(DecisionOutcome.GRANT, "decider.qian", DECIDED_ON, reviewed, new BigDecimal("145.75"),
                                Grade.TEN_STAR, "符合认证要求"),
                        new Certificate("DEMO-SE-2021-0001", opened.organization().name(), opened.scope(), opened.schemeId(),
                                Grade.TEN_STAR, DECIDED_ON, DECIDED_ON, LocalDate.of(2024, 6, 24), LocalDate.of(2022, 6, 24))));
                store.log.catchUp();
                AuditReports reports = store.reports();

                // Logged but not yet under a signed head: the latest head, and the report says it does not cover it.
                AuditReport uncovered = reports.issue(SEED_AUDIT, PointInTime.atVersion(decided)).orElseThrow();
                assertThat(uncovered.treeHead().treeSize()).isEqualTo(first.treeSize());
                assertThat(uncovered.treeHead().covers()).isFalse();
                assertThat(ReportDocuments.verificationText(uncovered)).endsWith("&covered=no");
                assertThat(text(documents.pdf(uncovered)).replaceAll("\\s+", "")).contains("尚未覆盖本报告的最后事件");

                SignedTreeHead covering = store.log.signIfDue(true);
                assertThat(covering.treeSize()).isGreaterThan(first.treeSize());
                AuditReport report = reports.issue(SEED_AUDIT, PointInTime.atVersion(decided)).orElseThrow();
                byte[] pdf = documents.pdf(report);
                String flat = text(pdf).replaceAll("\\s+", "");
                assertThat(flat).contains("reviewer.zhao，2021年06月20日，同意推荐：材料齐全",
                        "decider.qian，2021年06月25日，批准认证（十星级，总分145.75分，依据版本" + reviewed + "）；理由：符合认证要求",
                        "证书编号DEMO-SE-2021-0001，有效期2021年06月25日至2024年06月24日，状态：有效",
                        "树大小" + covering.treeSize() + "，签署于", "根哈希见下" + covering.rootHash(),
                        // Moments on the certification body's clock, with the offset.
                        "签署于" + java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-ddHH:mm:ss.SSS'+08:00'")
                                .format(Instant.ofEpochMilli(covering.timestamp()).atZone(java.time.ZoneId.of("Asia/Shanghai"))),
                        "所含最后事件的记录时间：" + java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-ddHH:mm:ss.SSS'+08:00'")
                                .format(report.point().lastEventAt().atZone(java.time.ZoneId.of("Asia/Shanghai"))));
                assertThat(flat).doesNotContain("尚未覆盖本报告的最后事件");
                try (PDDocument document = Loader.loadPDF(pdf)) {
                    String qr = qrCodeOnLastPage(document);
                    assertThat(qr).isEqualTo("certaudit:report?audit=0455-2021-SE.1&version=" + decided + "&sha256="
                            + report.digest() + "&tree=" + covering.treeSize() + ":" + covering.rootHash());
                }

                // As of the recommendation: no review yet, and the first head already covered it.
                AuditReport before = reports.issue(SEED_AUDIT, PointInTime.atVersion(recommended)).orElseThrow();
                assertThat(before.certification()).isEqualTo(CertificationRecord.NONE);
                assertThat(before.treeHead()).isEqualTo(new TreeHead(first.treeSize(), first.rootHash(),
                        Instant.ofEpochMilli(first.timestamp()), true));
                // As of the review: reviewed, not decided, no certificate.
                CertificationRecord inReview = reports.issue(SEED_AUDIT, PointInTime.atVersion(reviewed)).orElseThrow().certification();
                assertThat(inReview.review().reviewer()).isEqualTo("reviewer.zhao");
                assertThat(inReview.decision()).isNull();
                assertThat(inReview.certificate()).isNull();

                // The log goes on with another project and signs again: the decided report keeps its head and its bytes.
                store.append(AuditFixtures.opened(AuditId.of(new ProjectNumber("0456-2021-SE"), 1), AuditType.INITIAL, null,
                        AuditFixtures.SEED_ON_SITE_FROM, AuditFixtures.SEED_ON_SITE_TO));
                store.log.catchUp();
                SignedTreeHead later = store.log.signIfDue(true);
                assertThat(later.treeSize()).isGreaterThan(covering.treeSize());
                assertThat(documents.pdf(reports.issue(SEED_AUDIT, PointInTime.atVersion(decided)).orElseThrow())).isEqualTo(pdf);
            }
        }
    }

    @Nested
    class BeforeAndAfterARevision {

        @Test
        void reIssuesTheOldReportAsOfBeforeTheRevisionAndADifferentOneAfter() throws IOException {
            ProjectionHarness revised = new ProjectionHarness();
            try (revised) {
                revised.given(ReportFixtures.seedAuditWithFindings());
                Instant before = revised.clock().minusSeconds(30);
                revised.given(new AuditReopened(SEED_AUDIT, "B8 evidence re-checked"),
                        new ItemScoreRevised(SEED_AUDIT, "5.2.2.3", Percent.of(97), Percent.of(80), "maintenance records incomplete",
                                "records for 2020 missing"));
                AuditReports revisedReports = ReportFixtures.reports(revised);
                byte[] then = documents.pdf(revisedReports.issue(SEED_AUDIT, PointInTime.asOf(before)).orElseThrow());
                byte[] now = documents.pdf(revisedReports.issue(SEED_AUDIT, PointInTime.asOf(revised.clock())).orElseThrow());

                assertThat(then).isNotEqualTo(now);
                assertThat(documents.pdf(revisedReports.issue(SEED_AUDIT, PointInTime.asOf(before)).orElseThrow())).isEqualTo(then);
                assertThat(revisedReports.issue(SEED_AUDIT, PointInTime.asOf(before)).orElseThrow().digest())
                        .as("as of before the revision, the content is the finished seed audit's")
                        .isEqualTo(revisedReports.issue(SEED_AUDIT, PointInTime.atVersion(finishedVersion)).orElseThrow().digest());
                String thenText = text(then).replaceAll("\\s+", " ");
                String nowText = text(now).replaceAll("\\s+", " ");
                assertThat(thenText).containsPattern("5\\.2\\.2\\.3 .* 1\\.5 B8 97 1\\.455").contains("总分: 145.75分");
                assertThat(nowText).containsPattern("5\\.2\\.2\\.3 .* 1\\.5 B8 80 1\\.2").contains("总分: 145.49分")
                        .contains("审查尚未结束，组长尚未推荐");
            }
        }
    }

    @Nested
    class AfterTheAuditIsCancelled {

        @Test
        void printsWhoCancelledItWhenAndWhyInPlaceOfTheRecommendation() throws IOException {
            ProjectionHarness cancelled = new ProjectionHarness();
            try (cancelled) {
                cancelled.given(ReportFixtures.seedAuditWithFindings());
                cancelled.as("admin").given(new org.certaudit.audit.AuditCancelled(SEED_AUDIT, "admin", "受审查方申请撤回"));
                AuditReport report = ReportFixtures.reports(cancelled).issue(SEED_AUDIT,
                        PointInTime.atVersion(cancelled.version(SEED_PROJECT.value()))).orElseThrow();

                String flat = text(documents.pdf(report)).replaceAll("\\s+", "");
                assertThat(flat).containsPattern("本审查已于\\d{4}-\\d\\d-\\d\\d.*由admin取消，不作认证推荐；原因：受审查方申请撤回。");
                // Neither box of the result is ticked: the recommendation made before the cancellation stands no more.
                assertThat(documents.html(report)).contains("不作认证推荐", "<span class=\"box\"></span><span>现场审查通过")
                        .doesNotContain("<span class=\"box checked\"></span><span>现场审查通过",
                                "<span class=\"box checked\"></span>不通过");
            }
        }
    }

    @Nested
    class AfterTheOnSitePeriodIsRescheduled {

        @Test
        void printsAndDigestsThePeriodInForceAndThePeriodItReplacedAtTheReportsVersion() throws IOException {
            ProjectionHarness rescheduled = new ProjectionHarness();
            try (rescheduled) {
                rescheduled.given(ReportFixtures.seedAuditWithFindings());
                long before = rescheduled.version(SEED_PROJECT.value());
                OnSitePeriod opened = new OnSitePeriod(LocalDate.of(2021, 6, 5), LocalDate.of(2021, 6, 7),
                        new BigDecimal("3.0"), HalfDay.MORNING, HalfDay.AFTERNOON);
                OnSitePeriod corrected = new OnSitePeriod(LocalDate.of(2021, 6, 4), LocalDate.of(2021, 6, 7),
                        new BigDecimal("3.5"), HalfDay.AFTERNOON, HalfDay.AFTERNOON);
                rescheduled.given(new AuditReopened(SEED_AUDIT, "现场审查时间有误"));
                rescheduled.as("admin").given(new OnSiteAuditRescheduled(SEED_AUDIT, opened, corrected, "admin",
                        "现场审查实际自 6 月 4 日下午开始"));
                rescheduled.given(new GradeRecommended(SEED_AUDIT, new BigDecimal("145.75"), Grade.TEN_STAR,
                        LocalDate.of(2021, 6, 7)));
                AuditReports reports = ReportFixtures.reports(rescheduled);
                AuditReport then = reports.issue(SEED_AUDIT, PointInTime.atVersion(before)).orElseThrow();
                AuditReport now = reports.issue(SEED_AUDIT,
                        PointInTime.atVersion(rescheduled.version(SEED_PROJECT.value()))).orElseThrow();

                assertThat(text(documents.pdf(now)).replaceAll("\\s+", ""))
                        .contains("1.10现场审查时间：2021年06月04日下午至2021年06月07日下午共3.5天");
                assertThat(text(documents.pdf(then)).replaceAll("\\s+", ""))
                        .contains("1.10现场审查时间：2021年06月05日上午至2021年06月07日下午共3.0天")
                        .doesNotContain("原定");
                // Under the period in force, the one it replaced, when and why: the rescheduled line of the digest.
                assertThat(text(documents.pdf(now)).replaceAll("\\s+", "")).containsPattern(
                        "1\\.10现场审查时间：2021年06月04日下午至2021年06月07日下午共3\\.5天原定2021年06月05日上午至2021年"
                                + "06月07日下午共3\\.0天，\\d{4}年\\d\\d月\\d\\d日改期（原因：现场审查实际自6月4日下午开始）");
                assertThat(documents.html(now)).containsPattern("<p>原定 2021 年 06 月 05 日上午 至 2021 年 06 月 07 日下午 共 "
                        + "3\\.0 天，\\d{4} 年 \\d\\d 月 \\d\\d 日 改期（原因：现场审查实际自 6 月 4 日下午开始）</p>");
                assertThat(documents.html(then)).doesNotContain("原定");
                assertThat(now.canonicalText()).contains("\non-site\t2021-06-04\t2021-06-07\t3.5\n",
                        "\non-site-half-days\tAFTERNOON\tAFTERNOON\n", "\nrescheduled\t2021-06-05\t2021-06-07\t3\tMORNING"
                                + "\tAFTERNOON\t2021-06-04\t2021-06-07\t3.5\tAFTERNOON\tAFTERNOON\tadmin\t现场审查实际自 6 月 4 日下午开始\n");
                assertThat(then.canonicalText()).doesNotContain("\nrescheduled\t");
                assertThat(now.digest()).isNotEqualTo(then.digest());
            }
        }
    }

    @Nested
    class AfterAPledgesDayIsCorrected {

        @Test
        void printsAndDigestsTheCorrectedDayWhereTheSignedOneWas() throws IOException {
            ProjectionHarness corrected = new ProjectionHarness();
            try (corrected) {
                corrected.given(ReportFixtures.seedAuditWithFindings());
                long signed = corrected.version(SEED_PROJECT.value());
                corrected.given(new AuditReopened(SEED_AUDIT, "承诺书日期有误"),
                        new PledgeDateCorrected(SEED_AUDIT, "A", LocalDate.of(2021, 6, 7), LocalDate.of(2021, 6, 5), "签署时误用了表单默认日期"),
                        new GradeRecommended(SEED_AUDIT, new BigDecimal("145.75"), Grade.TEN_STAR, LocalDate.of(2021, 6, 7)));
                AuditReports correctedReports = ReportFixtures.reports(corrected);
                AuditReport then = correctedReports.issue(SEED_AUDIT, PointInTime.atVersion(signed)).orElseThrow();
                AuditReport now = correctedReports.issue(SEED_AUDIT,
                        PointInTime.atVersion(corrected.version(SEED_PROJECT.value()))).orElseThrow();

                List<String> thenFacts = then.canonicalText().lines().filter(line -> !line.startsWith("version\t")).toList();
                List<String> nowFacts = now.canonicalText().lines().filter(line -> !line.startsWith("version\t")).toList();
                assertThat(nowFacts).as("the same facts but the pledge's day")
                        .hasSameSizeAs(thenFacts).contains("pledge\tA\t2021-06-05").doesNotContain("pledge\tA\t2021-06-07");
                assertThat(new ArrayList<>(thenFacts)).contains("pledge\tA\t2021-06-07");
                List<String> changed = new ArrayList<>(nowFacts);
                changed.removeAll(thenFacts);
                assertThat(changed).containsExactly("pledge\tA\t2021-06-05");
                assertThat(now.digest()).isNotEqualTo(then.digest());

                // The print marks the corrected day with the one it replaced, as the console marks it 已更正; the canonical
                // text above, and so the digest, has the day alone.
                String pledge = pledgeSection(documents.html(now));
                assertThat(pledge).contains("<td>2021 年 06 月 05 日（更正，原 2021 年 06 月 07 日）</td>")
                        .contains("<p>2021 年 06 月 05 日（更正，原 2021 年 06 月 07 日）</p>");
                assertThat(now.canonicalText()).doesNotContain("更正").doesNotContain("2021-06-07\n");
                String thenPledge = pledgeSection(documents.html(then));
                assertThat(thenPledge).contains("<td>2021 年 06 月 07 日</td>").doesNotContain("更正");
                assertThat(text(documents.pdf(now)).replaceAll("\\s+", ""))
                        .contains("李雅宁组长2021年06月05日（更正，原2021年06月07日）");
            }
        }

        @Test
        void aMemberGivenTheCodeOfARemovedSignerIsPrintedAsNotSignedWhileTheDigestKeepsWhatItCounted() throws IOException {
            ProjectionHarness team = new ProjectionHarness();
            try (team) {
                TeamMember first = new TeamMember("C", "韩书航", TeamRole.MEMBER, "DEMO-0031", "02.01.01", "010-5550-0131",
                        "auditor2");
                TeamMember second = new TeamMember("C", "程语桐", TeamRole.MEMBER, "DEMO-0032", "02.01.01", "010-5550-0132",
                        "auditor3");
                team.given(ReportFixtures.seedAuditWithFindings());
                team.given(new AuditReopened(SEED_AUDIT, "调整审查组"), new TeamMemberAssigned(SEED_AUDIT, first),
                        new PledgeSigned(SEED_AUDIT, "C", LocalDate.of(2021, 6, 3)));
                long signed = team.version(SEED_PROJECT.value());
                team.given(new TeamMemberRemoved(SEED_AUDIT, "C", "回避"), new TeamMemberAssigned(SEED_AUDIT, second));
                AuditReports teamReports = ReportFixtures.reports(team);
                AuditReport then = teamReports.issue(SEED_AUDIT, PointInTime.atVersion(signed)).orElseThrow();
                AuditReport now = teamReports.issue(SEED_AUDIT,
                        PointInTime.atVersion(team.version(SEED_PROJECT.value()))).orElseThrow();

                String pledge = pledgeSection(documents.html(now));
                assertThat(pledge).contains("程语桐", "尚未签署").doesNotContain("韩书航").doesNotContain("2021 年 06 月 03 日");
                assertThat(pledgeSection(documents.html(then))).contains("韩书航", "2021 年 06 月 03 日");
                assertThat(now.canonicalText()).as("the digest counts the signature as every report printed before did")
                        .contains("pledge\tC\t2021-06-03");
            }
        }

        /** The report's pledge (审查组公正性和保密承诺) as HTML: its signers' table and its day. */
        private static String pledgeSection(String html) {
            int start = html.indexOf("<div class=\"pledge\">");
            assertThat(start).as("the pledge section").isNotNegative();
            return html.substring(start, html.indexOf("</div>", start));
        }
    }

    @Test
    void saysOfASheetStillBeingScoredHowManyItemsAreLeftAndGivesNoVerdictOnItsTotal() throws IOException {
        // Version 2: opened, staffed and pledged, nothing scored yet.
        AuditReport unscored = report(PointInTime.atVersion(2));
        int items = unscored.scorecard().items().size();
        String html = documents.html(unscored);
        assertThat(html).contains("尚有 " + items + " 项条款未评分：总分与级别为暂定值。",
                        "按目前评分：0.00 分，等级待定，尚有 " + items + " 项条款未评分")
                .doesNotContain("不予定级，");
        assertThat(text(documents.pdf(unscored)).replaceAll("\\s+", ""))
                .contains("尚有" + items + "项条款未评分：总分与级别为暂定值。");
        assertThat(documents.html(report(PointInTime.atVersion(finishedVersion))))
                .doesNotContain("项条款未评分", "暂定", "待定");
    }

    @Test
    void theSpreadsheetsShowTheTotalWithTwoDecimals() throws IOException {
        // Nothing scored yet: a total of 0.00, which a cell in the General format shows as 0.
        AuditReport unscored = report(PointInTime.atVersion(2));
        try (org.apache.poi.xssf.usermodel.XSSFWorkbook book = new org.apache.poi.xssf.usermodel.XSSFWorkbook(
                new java.io.ByteArrayInputStream(ScorecardSheets.xlsx(unscored, java.time.ZoneId.of("Asia/Shanghai"))))) {
            var sheet = book.getSheetAt(0);
            org.apache.poi.ss.usermodel.Cell total = null;
            for (var row : sheet) {
                if (row.getCell(0) != null && "总分".equals(row.getCell(0).getStringCellValue())) {
                    total = row.getCell(1);
                }
            }
            assertThat(total).as("the summary's 总分 row").isNotNull();
            assertThat(total.getCellType()).isEqualTo(org.apache.poi.ss.usermodel.CellType.NUMERIC);
            assertThat(new org.apache.poi.ss.usermodel.DataFormatter().formatCellValue(total)).isEqualTo("0.00");
        }
        assertThat(new String(ScorecardSheets.csv(unscored), java.nio.charset.StandardCharsets.UTF_8))
                .containsPattern("\r\n总分,[^\r]*,0\\.00,,,\r\n$");
    }

    @Test
    void isNotIssuedBeforeTheAuditWasOpened() {
        assertThat(reports.issue(SEED_AUDIT, PointInTime.asOf(ProjectionHarness.START.minusSeconds(60)))).isEmpty();
    }

    static String text(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            return stripper.getText(document);
        }
    }

    /**
     * The text layer as a reader copies it: each glyph's own Unicode, as the PDF maps it. {@link #text} would not do here:
     * PDFTextStripper splits a ligature (U+FB00 for "ff") back into its letters, which a viewer's copy does not.
     */
    static String copiedText(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDFTextStripper stripper = new PDFTextStripper() {
                @Override
                protected void writeString(String normalized, List<TextPosition> glyphs) throws IOException {
                    StringBuilder copied = new StringBuilder();
                    glyphs.forEach(glyph -> copied.append(glyph.getUnicode()));
                    writeString(copied.toString());
                }
            };
            stripper.setSortByPosition(true);
            return stripper.getText(document);
        }
    }

    /**
     * The text of the QR code on the document's last page, as a scanner would read it off the rendered page. The
     * code's content (hashes of this run's events and tree head) changes from run to run, and zxing's finder, looking
     * at a whole page, misses some codes at one resolution that it reads at another: so a few resolutions are tried.
     */
    static String qrCodeOnLastPage(PDDocument document) throws Exception {
        // First the image as embedded (the code's own pixels, quiet zone included): what the page shows, without the
        // renderer's resampling, which made a whole-page search miss some codes.
        Optional<String> embedded = qrImageIn(document.getPage(document.getNumberOfPages() - 1).getResources(), 0);
        if (embedded.isPresent()) {
            return embedded.get();
        }
        PDFRenderer renderer = new PDFRenderer(document);
        Exception missed = null;
        for (int dpi : new int[] {200, 300, 150, 250}) {
            BufferedImage page = renderer.renderImageWithDPI(document.getNumberOfPages() - 1, dpi);
            try {
                return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(page))),
                        Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
            } catch (com.google.zxing.ReaderException e) {
                missed = e;
            }
        }
        throw missed;
    }

    /** The text of the first image in {@code resources} (or its forms, to a small depth) that decodes as a QR code. */
    private static Optional<String> qrImageIn(PDResources resources, int depth) throws IOException {
        if (resources == null || depth > 3) {
            return Optional.empty();
        }
        for (COSName name : resources.getXObjectNames()) {
            PDXObject object = resources.getXObject(name);
            if (object instanceof org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject image) {
                // The embedded image is the code alone with its quiet zone: read as such first (PURE_BARCODE), which
                // skips the finder-pattern search that once read one of these crisp codes with a checksum error.
                for (Map<DecodeHintType, Object> hints : List.<Map<DecodeHintType, Object>>of(
                        Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE), Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE))) {
                    try {
                        return Optional.of(new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                                new BufferedImageLuminanceSource(image.getImage()))), hints).getText());
                    } catch (com.google.zxing.ReaderException notAQrCode) {
                        // another image (none today), or one the reader misses: the rendered page is tried next
                    }
                }
            } else if (object instanceof PDFormXObject form) {
                Optional<String> inner = qrImageIn(form.getResources(), depth + 1);
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        return Optional.empty();
    }
}
