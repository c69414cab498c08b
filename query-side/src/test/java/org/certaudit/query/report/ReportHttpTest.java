package org.certaudit.query.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.PledgeSigned;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.query.AuditFixtures;
import org.certaudit.query.ProjectStream;
import org.certaudit.query.QuerySideTest;
import org.certaudit.scheme.Scheme;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** The report endpoints over HTTP: formats, content negotiation, points in time, and the problems for bad requests. */
@QuerySideTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReportHttpTest {

    static final AuditId AUDIT = AuditId.of(new ProjectNumber("0714-2021-SE"), 1);
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    @Autowired
    TestRestTemplate rest;
    @Autowired
    EventStore eventStore;

    long version;

    @BeforeAll
    void seedScoredAuditWithTeam() {
        List<AuditEvent> events = new ArrayList<>(AuditFixtures.seedScoredAs(AUDIT));
        events.add(1, new TeamMemberAssigned(AUDIT, AuditFixtures.leader()));
        events.add(2, new PledgeSigned(AUDIT, "A", LocalDate.of(2021, 6, 7)));
        // A deduction and a bonus: one point off and one on, so the seed's total stands.
        events.add(new org.certaudit.audit.SpecialItemRecorded(AUDIT, "S1", org.certaudit.audit.SpecialItemKind.DEDUCTION,
                "投诉处理超时", "5.3.3.2", "抽查 3 起超时"));
        events.add(new org.certaudit.audit.SpecialItemRecorded(AUDIT, "S2", org.certaudit.audit.SpecialItemKind.BONUS,
                "服务创新", null, "=HYPERLINK(\"http://x.example\")"));
        version = ProjectStream.append(eventStore, "leader", events);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(JSON.readTree(get("/api/audits/" + AUDIT, "application/json", String.class).getBody())
                        .path("version").asLong()).isEqualTo(version));
    }

    private <T> ResponseEntity<T> get(String path, String accept, Class<T> type) {
        HttpHeaders headers = new HttpHeaders();
        if (accept != null) {
            headers.set(HttpHeaders.ACCEPT, accept);
        }
        return rest.withBasicAuth("regulator", "regulator-pass").exchange(path, HttpMethod.GET, new HttpEntity<>(headers), type);
    }

    @Test
    void theAuditAndItsScorecardCarryTheirVersionAsETagForIfMatch() {
        ResponseEntity<String> audit = get("/api/audits/" + AUDIT, "application/json", String.class);
        ResponseEntity<String> scorecard = get("/api/audits/" + AUDIT + "/scorecard", "application/json", String.class);
        ResponseEntity<String> earlier = get("/api/audits/" + AUDIT + "/scorecard?atVersion=3", "application/json", String.class);

        assertThat(audit.getHeaders().getETag()).isEqualTo("\"" + version + "\"");
        assertThat(scorecard.getHeaders().getETag()).isEqualTo("\"" + version + "\"");
        assertThat(earlier.getHeaders().getETag()).isEqualTo("\"3\"");
    }

    @Test
    void negotiatesPdfAndGivesTheSameBytesAsTheExtension() {
        ResponseEntity<byte[]> negotiated = get("/api/audits/" + AUDIT + "/report", "application/pdf", byte[].class);
        ResponseEntity<byte[]> byExtension = get("/api/audits/" + AUDIT + "/report.pdf", null, byte[].class);
        // The QR code carries the ledger's latest signed tree head, which the ledger may sign anew between two
        // requests (a CI run saw it once); with no new head between them, the extension's bytes equal one of these.
        ResponseEntity<byte[]> negotiatedAfter = get("/api/audits/" + AUDIT + "/report", "application/pdf", byte[].class);

        assertThat(negotiated.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(negotiated.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PDF);
        assertThat(new String(negotiated.getBody(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        assertThat(byExtension.getBody()).satisfiesAnyOf(
                bytes -> assertThat(bytes).isEqualTo(negotiated.getBody()),
                bytes -> assertThat(bytes).isEqualTo(negotiatedAfter.getBody()));
        assertThat(negotiated.getHeaders().getFirst("X-Audit-Version")).isEqualTo(Long.toString(version));
        assertThat(negotiated.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
                .startsWith("inline").contains("0714-2021-SE.1-report-v" + version + ".pdf");
    }

    @Test
    void namesEveryDownloadWithThePlainFileNameThatCurlAndBrowsersSave() {
        // RFC 6266: filename="..." as it is (an ASCII name needs no filename*), not an RFC 2047 word such as
        // "=?UTF-8?Q?0714-2021-SE.1-report-v9.pdf?=", which curl -OJ saved as the file's name.
        Map<String, String> expected = Map.of(
                "/report.pdf", "inline; filename=\"0714-2021-SE.1-report-v" + version + ".pdf\"",
                "/report.html", "inline; filename=\"0714-2021-SE.1-report-v" + version + ".html\"",
                "/scorecard.xlsx", "attachment; filename=\"0714-2021-SE.1-scorecard-v" + version + ".xlsx\"",
                "/scorecard.csv", "attachment; filename=\"0714-2021-SE.1-scorecard-v" + version + ".csv\"",
                "/report.pdf?atVersion=10", "inline; filename=\"0714-2021-SE.1-report-v10.pdf\"");
        expected.forEach((path, header) -> assertThat(get("/api/audits/" + AUDIT + path, null, byte[].class).getHeaders()
                .getFirst(HttpHeaders.CONTENT_DISPOSITION)).as(path).isEqualTo(header));
    }

    @Test
    void weighsTheAcceptHeadersQualitiesAndTakesQZeroAsNotAcceptable() {
        String report = "/api/audits/" + AUDIT + "/report";
        // RFC 9110 12.5.1: the most specific range that matches a type gives its quality; q=0 refuses it.
        assertThat(get(report, "application/pdf;q=0, */*", byte[].class).getHeaders().getContentType()
                .isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
        assertThat(get(report, "text/html;q=0, */*", byte[].class).getHeaders().getContentType())
                .isEqualTo(MediaType.APPLICATION_PDF);
        assertThat(get(report, "text/html;q=0.5, application/pdf;q=0.6", byte[].class).getHeaders().getContentType())
                .isEqualTo(MediaType.APPLICATION_PDF);
        assertThat(get(report, "application/*;q=0.9, text/html", byte[].class).getHeaders().getContentType()
                .isCompatibleWith(MediaType.TEXT_HTML)).isTrue();

        ResponseEntity<String> neither = get(report, "text/html;q=0, application/pdf;q=0", String.class);
        assertThat(neither.getStatusCode()).isEqualTo(HttpStatus.NOT_ACCEPTABLE);
        assertThat(neither.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void takesARangeWithParametersOnlyForARepresentationCarryingThem() throws Exception {
        String report = "/api/audits/" + AUDIT + "/report";
        // RFC 9110 12.5.1: text/html;level=1 does not take the text/html;charset=UTF-8 sent; the plain range does.
        ResponseEntity<String> html = get(report, "text/html;level=1;q=0, text/html", String.class);
        assertThat(html.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(html.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
        assertThat(get(report, "text/html;charset=utf-8", String.class).getStatusCode()).isEqualTo(HttpStatus.OK);

        for (String path : List.of(report, report + ".html")) {
            ResponseEntity<String> refused = get(path, "text/html;level=1", String.class);
            assertThat(refused.getStatusCode()).as(path).isEqualTo(HttpStatus.NOT_ACCEPTABLE);
            assertThat(JSON.readTree(refused.getBody()).path("errors").path(0).path("code").asText())
                    .isEqualTo("request.not-acceptable");
        }
    }

    @Test
    void refusesWithAProblemWithoutFileNameAnAcceptTakingNoneOfTheDownloadsTypes() throws Exception {
        String[][] refusals = {
                {"/report.pdf", "application/pdf;q=0"}, {"/scorecard.csv", "text/csv;q=0"},
                {"/scorecard.xlsx", "*/*;q=0"}, {"/report.html", "*/*, text/html;q=0"},
                {"/report", "text/html;q=0, application/pdf;q=0"},
                {"/report.pdf", "text/html"}, {"/report.html", "application/pdf"}, {"/scorecard.xlsx", "application/json"}};
        for (String[] refusal : refusals) {
            String what = refusal[0] + " with Accept: " + refusal[1];
            ResponseEntity<String> refused = get("/api/audits/" + AUDIT + refusal[0], refusal[1], String.class);
            assertThat(refused.getStatusCode()).as(what).isEqualTo(HttpStatus.NOT_ACCEPTABLE);
            assertThat(refused.getHeaders().getContentType()).as(what).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            // Spring's guard against reflected downloads named the problem f.txt, which curl -OJ saved.
            assertThat(refused.getHeaders().get(HttpHeaders.CONTENT_DISPOSITION)).as(what).isNull();
            JsonNode error = JSON.readTree(refused.getBody()).path("errors").path(0);
            assertThat(error.path("field").asText()).as(what).isEqualTo("Accept");
            assertThat(error.path("code").asText()).as(what).isEqualTo("request.not-acceptable");
            assertThat(error.path("arguments").path("value").asText()).as(what).isEqualTo(refusal[1]);
        }
    }

    @Test
    void answersABrowserWithHtml() {
        ResponseEntity<String> page = get("/api/audits/" + AUDIT + "/report",
                "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", String.class);
        ResponseEntity<String> anything = get("/api/audits/" + AUDIT + "/report", "*/*", String.class);

        assertThat(page.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
        assertThat(page.getBody()).contains("服务认证审查报告", "华夏示范认证有限公司", "总分: 145.75分", "<svg");
        assertThat(anything.getHeaders().getContentType().isCompatibleWith(MediaType.TEXT_HTML)).isTrue();
        assertThat(get("/api/audits/" + AUDIT + "/report.html", null, String.class).getBody()).isEqualTo(page.getBody());
    }

    @Test
    void nowIsTheVersionTheReadModelsReached() {
        ResponseEntity<byte[]> now = get("/api/audits/" + AUDIT + "/report.pdf", null, byte[].class);
        ResponseEntity<byte[]> atVersion = get("/api/audits/" + AUDIT + "/report.pdf?atVersion=" + version, null, byte[].class);

        assertThat(atVersion.getHeaders().getFirst("X-Report-Digest")).isEqualTo(now.getHeaders().getFirst("X-Report-Digest"));
        ResponseEntity<byte[]> early = get("/api/audits/" + AUDIT + "/report.pdf?atVersion=10", null, byte[].class);
        assertThat(early.getHeaders().getFirst("X-Audit-Version")).isEqualTo("10");
        assertThat(early.getHeaders().getFirst("X-Report-Digest")).isNotEqualTo(now.getHeaders().getFirst("X-Report-Digest"));
    }

    @Test
    void theWorkbookHoldsEveryItemRowAndTheTotalsOfTheScorecard() throws Exception {
        JsonNode scorecard = JSON.readTree(get("/api/audits/" + AUDIT + "/scorecard", "application/json", String.class).getBody());
        ResponseEntity<byte[]> response = get("/api/audits/" + AUDIT + "/scorecard.xlsx", null, byte[].class);
        assertThat(response.getHeaders().getContentType()).isEqualTo(ReportController.XLSX);
        assertThat(response.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION)).startsWith("attachment");

        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(response.getBody()))) {
            Scheme scheme = Scheme.ctsIscJsgf06();
            assertThat(workbook.getNumberOfSheets()).isEqualTo(4);
            Map<String, Row> rows = new HashMap<>();
            int partTotals = 0;
            for (int p = 0; p < scheme.parts().size(); p++) {
                Sheet sheet = workbook.getSheet(ScorecardSheets.sheetName(scheme.parts().get(p)));
                Row header = sheet.getRow(0);
                for (int c = 0; c < ScorecardSheets.PART_SHEET_HEADERS.size(); c++) {
                    assertThat(header.getCell(c).getStringCellValue()).isEqualTo(ScorecardSheets.PART_SHEET_HEADERS.get(c));
                }
                for (Row row : sheet) {
                    String content = row.getCell(2) == null ? "" : row.getCell(2).getStringCellValue();
                    if (content.matches("5\\.\\d\\.\\d\\.\\d+ .*")) {
                        rows.put(content.substring(0, content.indexOf(' ')), row);
                    }
                    if (content.equals("本部分合计")) {
                        JsonNode part = scorecard.path("parts").get(p);
                        assertThat(decimal(row.getCell(3))).isEqualByComparingTo(part.path("maximum").decimalValue());
                        assertThat(decimal(row.getCell(6))).isEqualByComparingTo(part.path("earned").decimalValue());
                        assertThat(decimal(row.getCell(8))).isEqualByComparingTo(
                                part.path("applicableMaximum").decimalValue());
                        partTotals++;
                    }
                }
            }
            assertThat(rows).hasSize(94);
            assertThat(partTotals).as("one total row per part sheet").isEqualTo(scheme.parts().size());
            for (JsonNode item : scorecard.path("items")) {
                Row row = rows.get(item.path("clause").asText());
                assertThat(decimal(row.getCell(3))).as(item.path("clause").asText()).isEqualByComparingTo(item.path("points").decimalValue());
                assertThat(row.getCell(4).getStringCellValue()).isEqualTo(item.path("code").asText(""));
                if (item.path("notApplicable").asBoolean()) {
                    assertThat(row.getCell(5).getStringCellValue()).isEqualTo("不涉及");
                    assertThat(decimal(row.getCell(6))).isZero();
                } else {
                    assertThat(decimal(row.getCell(5))).isEqualByComparingTo(item.path("percent").decimalValue());
                    assertThat(decimal(row.getCell(6))).as(item.path("clause").asText())
                            .isEqualByComparingTo(item.path("earned").decimalValue());
                }
            }
            Sheet summary = workbook.getSheet(ScorecardSheets.SUMMARY_SHEET);
            Map<String, Cell> labelled = new HashMap<>();
            for (Row row : summary) {
                if (row.getCell(0) != null && row.getCell(0).getCellType() == CellType.STRING && row.getCell(1) != null) {
                    labelled.put(row.getCell(0).getStringCellValue(), row.getCell(1));
                }
            }
            assertThat(decimal(labelled.get("总分"))).isEqualByComparingTo("145.75");
            assertThat(labelled.get("级别").getStringCellValue()).isEqualTo("十星级");
            // Counts are numbers a spreadsheet sums, not text.
            assertThat(labelled.get("事件版本").getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(decimal(labelled.get("事件版本")).longValueExact()).isPositive();
            assertThat(labelled.get("特别扣分项").getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(decimal(labelled.get("特别扣分项"))).as("this audit's one deduction").isEqualByComparingTo("1");
            assertThat(labelled.get("特别加分项").getCellType()).isEqualTo(CellType.NUMERIC);
        }
    }

    @Test
    void theCsvHasOneRowPerItemSectionPartAndTheTotal() {
        ResponseEntity<byte[]> response = get("/api/audits/" + AUDIT + "/scorecard.csv", null, byte[].class);
        String csv = new String(response.getBody(), StandardCharsets.UTF_8);

        assertThat(response.getHeaders().getContentType().isCompatibleWith(MediaType.parseMediaType("text/csv"))).isTrue();
        assertThat(csv).startsWith("\uFEFF类型,编号,标题,代码(维度),检查内容,小类分值,分项得分%,分项实际得分,证据记录,满分,适用满分\r\n");
        List<String> lines = csv.lines().toList();
        assertThat(lines).hasSize(1 + 94 + Scheme.ctsIscJsgf06().sections().size() + 3 + 1 + 2 + 1);
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("条款,5.2.2.3,技术支持 (6+4分),B8,")
                .endsWith(",1.5,97,1.455,evidence for 5.2.2.3,,"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("条款,5.2.5.4,").endsWith(",1,不涉及,0,不涉及,,"));
        assertThat(lines).contains("特别扣分项,S1,5.3.3.2,,投诉处理超时,,,-1,抽查 3 起超时,,",
                "特别加分项,S2,,,服务创新,,,1,\"'=HYPERLINK(\"\"http://x.example\"\")\",,");
        assertThat(lines.get(lines.size() - 1)).isEqualTo("总分,0714-2021-SE.1,十星级,,,,,145.75,,,");
    }

    /**
     * The workbook's rows in the CSV's one table: each part's items, each section's subtotal under its items and the
     * part's numbers under them (its sheet's sum row, with the summary sheet's 满分, 适用满分 and 实际得分), then the sum
     * the total is scaled from; the earned points under 分项实际得分 and nothing under an item's 小类分值, which only items
     * fill.
     */
    @Test
    void theCsvPutsEachPartUnderItsItemsAndEveryNumberInTheWorkbooksColumn() throws Exception {
        List<List<String>> rows = new String(get("/api/audits/" + AUDIT + "/scorecard.csv", null, byte[].class).getBody(),
                StandardCharsets.UTF_8).lines().skip(1).map(line -> List.of(line.split(",", -1))).toList();
        int points = ScorecardSheets.CSV_HEADERS.indexOf("小类分值");
        int earned = ScorecardSheets.CSV_HEADERS.indexOf("分项实际得分");
        int maximum = ScorecardSheets.CSV_HEADERS.indexOf("满分");
        int applicable = ScorecardSheets.CSV_HEADERS.indexOf("适用满分");
        Map<String, List<String>> summary = new HashMap<>();
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(
                get("/api/audits/" + AUDIT + "/scorecard.xlsx", null, byte[].class).getBody()))) {
            for (Row row : workbook.getSheet(ScorecardSheets.SUMMARY_SHEET)) {
                if (row.getCell(0) != null && row.getCell(4) != null && row.getCell(4).getCellType() == CellType.NUMERIC) {
                    summary.put(row.getCell(0).getStringCellValue(), List.of(plain(decimal(row.getCell(2))),
                            plain(decimal(row.getCell(3))), plain(decimal(row.getCell(4)))));
                }
            }
        }
        assertThat(summary).containsKeys("5.1", "5.2", "5.3", "得分合计");

        String part = null;
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.get(0).equals("条款")) {
                String itemPart = row.get(1).substring(0, 3);
                assertThat(part).as("items of %s after the row of part %s", itemPart, part).isIn(null, itemPart);
                part = itemPart;
                assertThat(rows.get(r + 1).get(0)).as("what follows %s", row.get(1)).isIn("条款", "单项");
            } else if (row.get(0).equals("单项")) {
                assertThat(part).as("the section %s under its part's items", row.get(1)).isEqualTo(row.get(1).substring(0, 3));
                assertThat(row.get(points)).as(row.get(1)).isEmpty();
                assertThat(rows.get(r + 1).get(0)).as("what follows %s", row.get(1)).isIn("条款", "部分");
                if (rows.get(r + 1).get(0).equals("部分")) {
                    assertThat(rows.get(r + 1).get(1)).as("the part under %s", row.get(1)).isEqualTo(part);
                }
            } else if (row.get(0).equals("部分") || row.get(0).equals("得分合计")) {
                String label = row.get(0).equals("部分") ? row.get(1) : "得分合计";
                assertThat(row.get(points)).as(label).isEmpty();
                assertThat(List.of(plain(new BigDecimal(row.get(maximum))), plain(new BigDecimal(row.get(applicable))),
                        plain(new BigDecimal(row.get(earned))))).as(label).isEqualTo(summary.get(label));
                part = null;
            }
        }
        // The seed's sum: 140.895 earned of 145 applicable points (of 150), 140.895 / 145 x 150 = 145.75.
        assertThat(rows).anySatisfy(row -> assertThat(row).startsWith("得分合计").endsWith("140.895", "", "150", "145"));
        assertThat(rows).anySatisfy(row -> assertThat(row).startsWith("部分", "5.2", "商品服务").endsWith("33.035", "", "39", "34"));
    }

    @Test
    void rejectsBadPointsWithAProblemNamingTheParameterEvenWhenAPdfWasAskedFor() throws Exception {
        ResponseEntity<String> both = get("/api/audits/" + AUDIT + "/report?asOf=2021-06-07T00:00:00Z&atVersion=3",
                "application/pdf", String.class);
        assertThat(both.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(JSON.readTree(both.getBody()).path("errors").path(0).path("field").asText()).isEqualTo("asOf");

        ResponseEntity<String> instant = get("/api/audits/" + AUDIT + "/report.pdf?asOf=yesterday", null, String.class);
        assertThat(instant.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        JsonNode problem = JSON.readTree(instant.getBody());
        assertThat(problem.path("type").asText()).isEqualTo("urn:certaudit:problem:invalid-input");
        assertThat(problem.path("errors").path(0).path("field").asText()).isEqualTo("asOf");

        ResponseEntity<String> version = get("/api/audits/" + AUDIT + "/scorecard.xlsx?atVersion=-1", null, String.class);
        assertThat(version.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(JSON.readTree(version.getBody()).path("errors").path(0).path("field").asText()).isEqualTo("atVersion");

        ResponseEntity<String> id = get("/api/audits/not-an-id/report.pdf", null, String.class);
        assertThat(id.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(JSON.readTree(id.getBody()).path("errors").path(0).path("field").asText()).isEqualTo("id");
    }

    @Test
    void refusesAVersionTheProjectHasNotReachedInEveryFormatAndTheScorecardAndDiff() throws Exception {
        String beyond = "?atVersion=" + (version + 1);
        for (String path : List.of("/report.pdf", "/report.html", "/scorecard.csv", "/scorecard.xlsx", "/scorecard")) {
            ResponseEntity<String> answer = get("/api/audits/" + AUDIT + path + beyond, null, String.class);
            assertThat(answer.getStatusCode()).as(path).isEqualTo(HttpStatus.BAD_REQUEST);
            JsonNode error = JSON.readTree(answer.getBody()).path("errors").path(0);
            assertThat(error.path("field").asText()).isEqualTo("atVersion");
            assertThat(error.path("code").asText()).isEqualTo("field.max");
            assertThat(error.path("arguments").path("value").asLong()).as("the project's last version").isEqualTo(version);
        }
        ResponseEntity<String> diff = get("/api/audits/" + AUDIT + "/scorecard/diff?from=0&to=" + (version + 5), null,
                String.class);
        assertThat(diff.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(JSON.readTree(diff.getBody()).path("errors").path(0).path("field").asText()).isEqualTo("to");
        assertThat(get("/api/audits/" + AUDIT + "/scorecard.csv?atVersion=" + version, null, String.class)
                .getStatusCode()).isEqualTo(HttpStatus.OK);
    }

    @Test
    void answersNotFoundForAnUnknownAuditAndBeforeTheAuditWasOpened() throws Exception {
        ResponseEntity<String> unknown = get("/api/audits/0999-2021-SE.1/report", "application/pdf", String.class);
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(JSON.readTree(unknown.getBody()).path("type").asText()).isEqualTo("urn:certaudit:problem:not-found");

        ResponseEntity<String> early = get("/api/audits/" + AUDIT + "/report.html?asOf=2000-01-01T00:00:00Z", null, String.class);
        assertThat(early.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    void needsASignedInUser() {
        assertThat(rest.getForEntity("/api/audits/" + AUDIT + "/report.pdf", String.class).getStatusCode())
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    private static String plain(BigDecimal number) {
        return number.stripTrailingZeros().toPlainString();
    }

    private static BigDecimal decimal(Cell cell) {
        return BigDecimal.valueOf(cell.getNumericCellValue());
    }
}
