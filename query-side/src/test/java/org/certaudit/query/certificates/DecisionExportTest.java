package org.certaudit.query.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.certaudit.audit.AuditType;
import org.certaudit.scheme.Grade;
import org.junit.jupiter.api.Test;

class DecisionExportTest {

    private static final DecisionRow TYPED = new DecisionRow(LocalDate.of(2022, 6, 20), "MAINTAINED", "保持认证",
            "CTS-2021-0455-2021-SE-1", "0455-2021-SE", "0455-2021-SE.2", AuditType.SURVEILLANCE, "监督审查",
            "=HYPERLINK(\"http://example.invalid/\",\"x\")", new BigDecimal("-1.00"), Grade.TEN_STAR, "十星级",
            "@decider", "-2+3 符合要求", 697L, "+吴思远", null, null);

    @Test
    void theCsvNeverHandsASpreadsheetProgramAFormulaFromTypedText() throws Exception {
        String csv = new String(CertificatesController.csv(List.of(TYPED)), StandardCharsets.UTF_8);

        assertThat(csv).contains("\"'=HYPERLINK(\"\"http://example.invalid/\"\",\"\"x\"\")\"", ",'@decider,",
                        ",'-2+3 符合要求,697,'+吴思远")
                // A number the system computed stays a number.
                .contains(",-1.00,TEN_STAR,");
    }

    @Test
    void theXlsxKeepsTheTextAsTypedSinceItsCellsAreText() throws Exception {
        try (XSSFWorkbook book = new XSSFWorkbook(new ByteArrayInputStream(CertificatesController.xlsx(List.of(TYPED))))) {
            var row = book.getSheetAt(0).getRow(1);
            assertThat(row.getCell(8).getStringCellValue()).isEqualTo("=HYPERLINK(\"http://example.invalid/\",\"x\")");
            assertThat(row.getCell(13).getStringCellValue()).isEqualTo("-2+3 符合要求");
        }
    }
}
