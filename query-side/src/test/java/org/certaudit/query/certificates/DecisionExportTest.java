package org.certaudit.query.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.certaudit.audit.AuditType;
import org.certaudit.scheme.Grade;
import org.junit.jupiter.api.Test;

class DecisionExportTest {

    private static final DecisionRow TYPED = new DecisionRow(LocalDate.of(2022, 6, 20), "MAINTAINED", "保持认证",
            "CTS-2021-0455-2021-SE-1", "0455-2021-SE", "0455-2021-SE.2", AuditType.SURVEILLANCE, "监督审查",
            "=HYPERLINK(\"http://example.invalid/\",\"x\")", new BigDecimal("-1.00"), Grade.TEN_STAR, "十星级",
            "@decider", "-2+3 符合要求", 697L, "+吴思远", null, null, Instant.parse("2026-12-05T02:00:00Z"), "reviewer",
            "=周文博");

    @Test
    void theCsvNeverHandsASpreadsheetProgramAFormulaFromTypedText() throws Exception {
        String csv = new String(CertificatesController.csv(List.of(TYPED)), StandardCharsets.UTF_8);

        assertThat(csv).contains("\"'=HYPERLINK(\"\"http://example.invalid/\"\",\"\"x\"\")\"", ",'@decider,",
                        ",'-2+3 符合要求,697,'+吴思远", ",2026-12-05T02:00:00Z,reviewer,'=周文博")
                // A number the system computed stays a number.
                .contains(",-1.00,TEN_STAR,");
    }

    @Test
    void theCsvWritesATotalWithTwoDecimalsAsTheXlsxShowsIt() throws Exception {
        DecisionRow maintained = new DecisionRow(LocalDate.of(2022, 6, 20), "MAINTAINED", "保持认证", "CTS-2021-0455-2021-SE-1",
                "0455-2021-SE", "0455-2021-SE.2", AuditType.SURVEILLANCE, "监督审查", "新疆隆威家具有限责任公司",
                new BigDecimal("145.9"), Grade.TEN_STAR, "十星级", "decider", "保持", 204L, "吴思远", null, null,
                Instant.parse("2022-06-20T02:00:00Z"), "reviewer", "周文博");

        assertThat(new String(CertificatesController.csv(List.of(maintained)), StandardCharsets.UTF_8))
                .contains(",145.90,TEN_STAR,").doesNotContain(",145.9,");
    }

    @Test
    void theXlsxKeepsTheTextAsTypedSinceItsCellsAreText() throws Exception {
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(CertificatesController.xlsx(List.of(TYPED))))) {
            var row = book.getSheetAt(0).getRow(1);
            assertThat(row.getCell(8).getStringCellValue()).isEqualTo("=HYPERLINK(\"http://example.invalid/\",\"x\")");
            assertThat(row.getCell(13).getStringCellValue()).isEqualTo("-2+3 符合要求");
            assertThat(row.getCell(20).getStringCellValue()).isEqualTo("=周文博");
        }
    }

    @Test
    void theXlsxTotalIsANumberShownWithTwoDecimalsLikeTheVersion() throws Exception {
        DecisionRow granted = new DecisionRow(LocalDate.of(2021, 7, 1), "GRANTED", "批准认证", "CTS-2021-0455-2021-SE-1",
                "0455-2021-SE", "0455-2021-SE.1", AuditType.INITIAL, "初次认证", "新疆隆威家具有限责任公司",
                new BigDecimal("145.75"), Grade.TEN_STAR, "十星级", "decider", "符合要求", 120L, "吴思远",
                LocalDate.of(2021, 7, 1), LocalDate.of(2024, 6, 30), Instant.parse("2021-07-01T02:00:00Z"), "reviewer", "周文博");
        DecisionRow round = new DecisionRow(LocalDate.of(2022, 6, 20), "MAINTAINED", "保持认证", "CTS-2021-0455-2021-SE-1",
                "0455-2021-SE", "0455-2021-SE.2", AuditType.SURVEILLANCE, "监督审查", "新疆隆威家具有限责任公司",
                new BigDecimal("140.70"), Grade.NINE_STAR, "九星级", "decider", "保持", 150L, "吴思远", null, null,
                Instant.parse("2022-06-20T02:00:00Z"), "reviewer", "周文博");
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(
                CertificatesController.xlsx(List.of(granted, round))))) {
            var header = book.getSheetAt(0).getRow(0);
            assertThat(header.getCell(DecisionRow.TOTAL_COLUMN).getStringCellValue()).isEqualTo("total 总分");
            var total = book.getSheetAt(0).getRow(1).getCell(DecisionRow.TOTAL_COLUMN);
            assertThat(total.getCellType()).isEqualTo(CellType.NUMERIC);
            assertThat(BigDecimal.valueOf(total.getNumericCellValue())).isEqualByComparingTo("145.75");
            assertThat(total.getCellStyle().getDataFormatString()).isEqualTo("0.00");
            assertThat(new DataFormatter().formatCellValue(total)).isEqualTo("145.75");
            assertThat(new DataFormatter().formatCellValue(book.getSheetAt(0).getRow(2).getCell(DecisionRow.TOTAL_COLUMN)))
                    .isEqualTo("140.70");
            assertThat(book.getSheetAt(0).getRow(1).getCell(14).getCellType()).as("based on version").isEqualTo(CellType.NUMERIC);
        }
    }

    @Test
    void everyColumnIsHeadedInEnglishAndInChineseAlike() throws Exception {
        assertThat(DecisionRow.HEADINGS).allSatisfy(heading -> assertThat(heading).matches("[a-z]+( [a-z]+)* \\p{IsHan}+"));
        String csv = new String(CertificatesController.csv(List.of(TYPED)), StandardCharsets.UTF_8);
        assertThat(csv.lines().findFirst().orElseThrow()).contains(",kind label 类别名称,", ",audit type label 审查类型名称,",
                ",grade label 等级名称,");
    }

    @Test
    void theNewColumnsComeAfterEveryEarlierOneWithTheirChineseHeadings() throws Exception {
        assertThat(DecisionRow.HEADINGS).startsWith("date 日期", "kind 类别", "kind label 类别名称", "certificate 证书编号",
                "project 项目编号", "audit 审查", "audit type 审查类型", "audit type label 审查类型名称", "organization 组织名称",
                "total 总分", "grade 等级", "grade label 等级名称", "decider 决定人", "reason 理由", "based on version 依据版本",
                "decider name 决定人姓名", "valid from 有效期自", "valid until 有效期至")
                .endsWith("recorded at 记录时间", "reviewer 技术评审人", "reviewer name 技术评审人姓名");
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(CertificatesController.xlsx(List.of(TYPED))))) {
            var row = book.getSheetAt(0).getRow(1);
            assertThat(row.getCell(18).getStringCellValue()).isEqualTo("2026-12-05T02:00:00Z");
            assertThat(row.getCell(19).getStringCellValue()).isEqualTo("reviewer");
        }
    }
}
