package org.certaudit.query.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certaudit.query.AuditFixtures.SEED_AUDIT;
import static org.certaudit.query.AuditFixtures.SEED_PROJECT;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.ItemMarkedNotApplicable;
import org.certaudit.audit.ItemScored;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.query.AuditFixtures;
import org.certaudit.query.ProjectionHarness;
import org.certaudit.query.scorecard.PointInTime;
import org.certaudit.scheme.Percent;
import org.certaudit.scheme.Scheme;
import org.certaudit.scheme.Section;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The scorecard's CSV and workbook close each section and each part with the numbers the HTML report prints for it: the
 * seed's parts as its part sentences give them (本部分满分73分, 实际得分71.24 分; 39 and 33.035; 38 and 36.62), each
 * section as the line under the radar chart, and the applicable maximum where items are not applicable.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ScorecardSheetsTest {

    /** An audit with one item of 5.1.1 marked not applicable and one item scored: 5.1 applies 72 of its 73 points. */
    private static final AuditId ONE_NOT_APPLICABLE = AuditId.of(new ProjectNumber("0815-2021-SE"), 1);
    /** A legend row of the HTML report: number, title, maximum, applicable maximum, earned, percent. */
    private static final Pattern LEGEND_ROW = Pattern.compile("<td>(5\\.\\d\\.\\d+)</td><td>[^<]*</td>\\s*"
            + "<td class=\"num\">([^<]*)</td>\\s*<td class=\"num\">([^<]*)</td>\\s*<td class=\"num\">([^<]*)</td>\\s*"
            + "<td class=\"num\">([^<]*)</td>");

    private final ProjectionHarness harness = new ProjectionHarness();
    private AuditReport seed;
    private AuditReport oneNotApplicable;

    @BeforeAll
    void seedAndAnAuditWithAnItemNotApplicable() {
        harness.given(ReportFixtures.seedAuditWithFindings());
        harness.given(AuditFixtures.opened(ONE_NOT_APPLICABLE, AuditType.INITIAL, null, AuditFixtures.SEED_ON_SITE_FROM,
                        AuditFixtures.SEED_ON_SITE_TO),
                new ItemMarkedNotApplicable(ONE_NOT_APPLICABLE, "5.1.1.1", null, "本组织无独立售后部门"),
                new ItemScored(ONE_NOT_APPLICABLE, "5.1.1.2", Percent.of(90), "岗位说明书齐全"));
        AuditReports reports = ReportFixtures.reports(harness);
        seed = reports.issue(SEED_AUDIT, PointInTime.atVersion(harness.version(SEED_PROJECT.value()))).orElseThrow();
        oneNotApplicable = reports.issue(ONE_NOT_APPLICABLE,
                PointInTime.atVersion(harness.version(ONE_NOT_APPLICABLE.projectNumber().value()))).orElseThrow();
    }

    @AfterAll
    void close() {
        harness.close();
    }

    @Test
    void theCsvClosesEachPartWithTheMaximumApplicableMaximumAndEarnedPointsTheReportPrints() {
        List<List<String>> rows = csv(seed);
        String html = ReportFixtures.documents().html(seed);

        assertThat(rows).contains(
                List.of("部分", "5.1", "售后服务体系", "", "", "", "", "71.24", "", "73", "73"),
                List.of("部分", "5.2", "商品服务", "", "", "", "", "33.035", "", "39", "34"),
                List.of("部分", "5.3", "顾客服务", "", "", "", "", "36.62", "", "38", "38"));
        // The same numbers as the report's sentences, which print the earned points unrounded, as the seed does.
        assertThat(html).contains("本部分满分73分, 实际得分71.24 分", "本部分满分39分, 实际得分33.035 分",
                "本部分满分38分, 实际得分36.62 分");
    }

    @Test
    void theCsvClosesEachSectionUnderItsItemsWithTheNumbersOfTheReportsLegend() {
        List<List<String>> rows = csv(seed);
        Map<String, List<String>> legend = legend(ReportFixtures.documents().html(seed));
        Scheme scheme = seed.scorecard().scheme();
        assertThat(legend).hasSize(scheme.sections().size());

        List<String> closed = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (!row.get(0).equals("单项")) {
                continue;
            }
            String number = row.get(1);
            closed.add(number);
            Section section = scheme.sections().stream().filter(s -> s.number().equals(number)).findFirst()
                    .orElseThrow();
            assertThat(rows.get(r - 1)).as("the row above %s", number).startsWith("条款");
            assertThat(rows.get(r - 1).get(1)).as("the row above %s", number).startsWith(number + ".");
            assertThat(r + 1 == rows.size() || !rows.get(r + 1).get(1).startsWith(number + "."))
                    .as("%s's items end", number).isTrue();
            assertThat(row.get(2)).isEqualTo(ReportView.sectionTitle(section));
            // 满分, 适用满分, 实际得分 and the percent, each under the column the CSV names for it; 小类分值 left to items.
            assertThat(List.of(row.get(9), row.get(10), row.get(7), row.get(6))).as(number)
                    .isEqualTo(legend.get(number));
            assertThat(row.get(5)).as(number).isEmpty();
        }
        assertThat(closed).as("every section once, in the scheme's order")
                .isEqualTo(scheme.sections().stream().map(Section::number).toList());
        assertThat(rows).contains(List.of("单项", "5.2.5", "质量保证 (7+0分)", "", "", "", legend.get("5.2.5").get(3),
                        legend.get("5.2.5").get(2), "", "7", "4"),
                List.of("单项", "5.2.6", "废弃商品回收 (2+0分)", "", "", "", "不涉及", "0", "", "2", "0"));
    }

    @Test
    void anItemNotApplicableLeavesItsSectionAndPartAnApplicableMaximumBelowTheirMaximum() throws IOException {
        List<List<String>> rows = csv(oneNotApplicable);

        // 5.1.1.2 (3 points) at 90 % earns 2.7 of the 11 points left once 5.1.1.1 (1 point) does not apply: 24.55 %.
        assertThat(rows).contains(List.of("单项", "5.1.1", "组织架构 (4+8分)", "", "", "", "24.55", "2.7", "", "12", "11"),
                List.of("部分", "5.1", "售后服务体系", "", "", "", "", "2.7", "", "73", "72"));
        assertThat(ReportFixtures.documents().html(oneNotApplicable)).contains("本部分满分73分, 实际得分2.7 分");
        try (XSSFWorkbook workbook = workbook(oneNotApplicable)) {
            Map<String, Row> totals = totals(workbook.getSheet("5.1 售后服务体系"));
            assertThat(numbers(totals.get("5.1.1"))).containsExactly(new BigDecimal("12"), new BigDecimal("24.55"),
                    new BigDecimal("2.7"), new BigDecimal("11"));
            assertThat(numbers(totals.get("5.1"))).containsExactly(new BigDecimal("73"), null, new BigDecimal("2.7"),
                    new BigDecimal("72"));
        }
    }

    @Test
    void theWorkbookClosesEachSectionAndPartInBoldWithTheReportsNumbers() throws IOException {
        Map<String, List<String>> legend = legend(ReportFixtures.documents().html(seed));
        try (XSSFWorkbook workbook = workbook(seed)) {
            Map<String, Row> sheets = new HashMap<>();
            for (String sheet : List.of("5.1 售后服务体系", "5.2 商品服务", "5.3 顾客服务")) {
                sheets.putAll(totals(workbook.getSheet(sheet)));
            }
            assertThat(numbers(sheets.get("5.1"))).containsExactly(new BigDecimal("73"), null, new BigDecimal("71.24"),
                    new BigDecimal("73"));
            assertThat(numbers(sheets.get("5.2"))).containsExactly(new BigDecimal("39"), null, new BigDecimal("33.035"),
                    new BigDecimal("34"));
            assertThat(numbers(sheets.get("5.3"))).containsExactly(new BigDecimal("38"), null, new BigDecimal("36.62"),
                    new BigDecimal("38"));
            for (Map.Entry<String, List<String>> section : legend.entrySet()) {
                Row row = sheets.get(section.getKey());
                assertThat(row).as(section.getKey()).isNotNull();
                List<String> printed = section.getValue();
                assertThat(plain(row.getCell(3))).as(section.getKey()).isEqualTo(printed.get(0));
                assertThat(plain(row.getCell(8))).as(section.getKey()).isEqualTo(printed.get(1));
                assertThat(plain(row.getCell(6))).as(section.getKey()).isEqualTo(printed.get(2));
                // The legend prints the percent with its two decimals (98.00), a numeric cell holds the number.
                if (printed.get(3).equals("不涉及")) {
                    assertThat(row.getCell(5).getStringCellValue()).as(section.getKey()).isEqualTo("不涉及");
                } else {
                    assertThat(new BigDecimal(plain(row.getCell(5)))).as(section.getKey())
                            .isEqualByComparingTo(printed.get(3));
                }
            }
            Row part = sheets.get("5.2");
            Row section = sheets.get("5.2.6");
            for (int c = 0; c < ScorecardSheets.PART_SHEET_HEADERS.size(); c++) {
                assertThat(workbook.getFontAt(part.getCell(c).getCellStyle().getFontIndex()).getBold())
                        .as("5.2, column %d", c).isTrue();
                assertThat(workbook.getFontAt(section.getCell(c).getCellStyle().getFontIndex()).getBold())
                        .as("5.2.6, column %d", c).isTrue();
            }
            assertThat(part.getCell(6).getCellStyle().getFillPattern()).isEqualTo(FillPatternType.SOLID_FOREGROUND);
            assertThat(part.getCell(2).getStringCellValue()).isEqualTo("本部分合计");
            assertThat(section.getCell(2).getStringCellValue()).isEqualTo("本单项合计");
            assertThat(section.getCell(1).getStringCellValue()).isEqualTo("废弃商品回收 (2+0分)");
        }
    }

    @Test
    void eachPartSheetSaysWhatEveryRowIsAndFiltersFromItsHeaderToItsPartsTotal() throws IOException {
        try (XSSFWorkbook workbook = workbook(seed)) {
            Sheet sheet = workbook.getSheet("5.2 商品服务");
            int kind = ScorecardSheets.PART_SHEET_HEADERS.indexOf("类型");
            assertThat(sheet.getRow(0).getCell(kind).getStringCellValue()).isEqualTo("类型");
            Map<String, Integer> kinds = new HashMap<>();
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                Row row = sheet.getRow(r);
                assertThat(row).as("row %d: no blank row inside the table", r).isNotNull();
                String what = row.getCell(kind).getStringCellValue();
                kinds.merge(what, 1, Integer::sum);
                boolean bold = workbook.getFontAt(row.getCell(2).getCellStyle().getFontIndex()).getBold();
                assertThat(bold).as("row %d (%s) is bold only as a total", r, what).isEqualTo(!what.equals("条款"));
            }
            Scheme scheme = seed.scorecard().scheme();
            assertThat(kinds).isEqualTo(Map.of(
                    "条款", (int) scheme.items().stream().filter(item -> item.part().equals("5.2")).count(),
                    "单项", (int) scheme.sections().stream().filter(section -> section.part().equals("5.2")).count(),
                    "部分", 1));
            assertThat(sheet.getRow(sheet.getLastRowNum()).getCell(kind).getStringCellValue()).isEqualTo("部分");
            CellRangeAddress filtered = CellRangeAddress.valueOf(
                    ((XSSFSheet) sheet).getCTWorksheet().getAutoFilter().getRef());
            assertThat(filtered.getFirstRow()).isZero();
            assertThat(filtered.getLastRow()).isEqualTo(sheet.getLastRowNum());
            assertThat(filtered.getLastColumn()).isEqualTo(kind);
        }
    }

    private static List<List<String>> csv(AuditReport report) {
        String text = new String(ScorecardSheets.csv(report), StandardCharsets.UTF_8);
        List<List<String>> rows = new ArrayList<>();
        // No row of these reports has a quoted field with a comma, a quote or a line break in its subtotal columns.
        text.lines().skip(1).forEach(line -> rows.add(List.of(line.split(",", -1))));
        return rows;
    }

    private static XSSFWorkbook workbook(AuditReport report) throws IOException {
        return new XSSFWorkbook(new ByteArrayInputStream(ScorecardSheets.xlsx(report, ZoneId.of("Asia/Shanghai"))));
    }

    /** The HTML report's legend under the radar chart: a section's maximum, applicable maximum, earned, percent. */
    private static Map<String, List<String>> legend(String html) {
        Map<String, List<String>> rows = new HashMap<>();
        Matcher row = LEGEND_ROW.matcher(html);
        while (row.find()) {
            rows.put(row.group(1), List.of(row.group(2), row.group(3), row.group(4), row.group(5)));
        }
        return rows;
    }

    /** A part sheet's subtotal rows by the number of their section or part. */
    private static Map<String, Row> totals(Sheet sheet) {
        int kind = ScorecardSheets.PART_SHEET_HEADERS.indexOf("类型");
        Map<String, Row> totals = new HashMap<>();
        for (Row row : sheet) {
            Cell cell = row.getCell(kind);
            if (row.getRowNum() > 0 && cell != null && !cell.getStringCellValue().equals("条款")) {
                totals.put(row.getCell(0).getStringCellValue(), row);
            }
        }
        return totals;
    }

    /** 小类分值, 分项得分%, 分项实际得分 and 适用满分 of a subtotal row, null where the cell holds no number. */
    private static List<BigDecimal> numbers(Row row) {
        List<BigDecimal> numbers = new ArrayList<>();
        for (int c : new int[] {3, 5, 6, 8}) {
            Cell cell = row.getCell(c);
            numbers.add(cell.getCellType() == CellType.NUMERIC
                    ? new BigDecimal(Double.toString(cell.getNumericCellValue())).stripTrailingZeros() : null);
        }
        return numbers.stream().map(n -> n == null ? null : n.scale() < 0 ? n.setScale(0) : n).toList();
    }

    /** A cell as the report prints its value: a number without trailing zeros, else the text (不涉及). */
    private static String plain(Cell cell) {
        return cell.getCellType() == CellType.NUMERIC
                ? ReportView.plain(new BigDecimal(Double.toString(cell.getNumericCellValue())))
                : cell.getStringCellValue();
    }
}
