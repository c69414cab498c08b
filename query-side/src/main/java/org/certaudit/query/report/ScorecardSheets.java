package org.certaudit.query.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.apache.poi.ss.usermodel.BorderStyle;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FillPatternType;
import org.apache.poi.ss.usermodel.Font;
import org.apache.poi.ss.usermodel.IndexedColors;
import org.apache.poi.ss.usermodel.PrintSetup;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.VerticalAlignment;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.certaudit.audit.AuditScoring;
import org.certaudit.audit.SpecialItemKind;
import org.certaudit.query.SpreadsheetText;
import org.certaudit.scheme.ItemScore;
import org.certaudit.scheme.Part;
import org.certaudit.scheme.Scheme;
import org.certaudit.scheme.Scorecard;
import org.certaudit.scheme.Section;
import org.certaudit.scheme.Subtotal;

/**
 * The scorecard of a report as a workbook (Apache POI) and as CSV. The workbook has a summary sheet (总分) and one sheet
 * per part laid out as the seed's part tables (序号 / 标题 / 检查内容 / 小类分值 / 代码(维度) / 分项得分% / 分项实际得分) with
 * each item's evidence, then 适用满分 and 类型: under each section's items its subtotal (本单项合计) and under the part's
 * the part's (本部分合计), in bold, each number in the column whose items it sums (the maximum under 小类分值, earned
 * points under 分项实际得分), a section's percent of its applicable maximum under 分项得分% and the applicable maximum
 * under 适用满分; 类型 says what a row is (条款, 单项, 部分) so that a filter on it leaves the items alone to sort. Numbers
 * are numeric cells, 不涉及 and 未评分 are text. The CSV has the same rows in one table, 类型 first: each part's items
 * (with their evidence), each section's subtotal under its items and the part's under them, then the earned sum with
 * the maximum and the applicable maximum the total is scaled from, one row per special item and the total; a subtotal's
 * earned points and the total under 分项实际得分, its maximum and applicable maximum under 满分 and 适用满分 (never under
 * an item's 小类分值). Every subtotal is the report's: the scorecard's {@link Subtotal}, written as the HTML report
 * prints it ({@link ReportView.SubtotalText}). UTF-8 with a byte order mark (so spreadsheet programs read the Chinese)
 * and CRLF line ends (RFC 4180).
 */
final class ScorecardSheets {

    /**
     * A part sheet's columns: the seed's part table's, each item's evidence, then a subtotal's applicable maximum and
     * the row's kind (after the others, so that those keep their places).
     */
    static final List<String> PART_SHEET_HEADERS = List.of("序号", "标题", "检查内容", "小类分值", "代码(维度)", "分项得分%",
            "分项实际得分", "证据记录", "适用满分", "类型");
    /** The kinds of row (类型) a part sheet and the CSV have: an item, a section's subtotal and a part's. */
    static final String ITEM_ROW = "条款";
    static final String SECTION_ROW = "单项";
    static final String PART_ROW = "部分";
    /**
     * The CSV's columns: an item's as the part sheets', then the summary sheet's 满分 and 适用满分 of a part and of the
     * earned sum (after the others, so that those keep their places), whose 实际得分 is in 分项实际得分.
     */
    static final List<String> CSV_HEADERS = List.of("类型", "编号", "标题", "代码(维度)", "检查内容", "小类分值", "分项得分%",
            "分项实际得分", "证据记录", "满分", "适用满分");
    /** How the total comes from the items (GB/T 27922), printed next to the sum it starts from. */
    static final String TOTAL_RULE = "各条款实际得分之和；总分 = 得分合计 ÷ 适用满分 × 150 − 特别扣分项（每项 1 分）+ 特别加分项（至多 1 分），"
            + "四舍五入到 2 位小数";
    static final String SUMMARY_SHEET = "总分";

    private ScorecardSheets() {
    }

    /** The sheet name of a part, e.g. "5.1 售后服务体系". */
    static String sheetName(Part part) {
        return part.number() + " " + part.title();
    }

    /** @param zone the certification body's zone, for the last event's recording time */
    static byte[] xlsx(AuditReport report, ZoneId zone) {
        var card = report.scorecard();
        Scheme scheme = card.scheme();
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            workbook.getProperties().getCoreProperties().setCreated(Optional.of(Date.from(report.point().lastEventAt())));
            workbook.getProperties().getCoreProperties().setCreator("certaudit");
            workbook.getProperties().getCoreProperties().setTitle(report.point().auditId().value() + " 评分表 版本 "
                    + report.point().version());
            Styles styles = new Styles(workbook);

            Sheet summary = workbook.createSheet(SUMMARY_SHEET);
            int r = 0;
            r = pair(summary, r, "审查编号", report.point().auditId().value(), styles);
            r = pair(summary, r, "项目编号", report.facts().opened().projectNumber().value(), styles);
            r = pair(summary, r, "组织名称", report.facts().opened().organization().name(), styles);
            r = pair(summary, r, "事件版本", report.point().version(), styles);
            r = pair(summary, r, "最后事件时间", report.point().lastEventAt().atZone(zone).toOffsetDateTime().toString(), styles);
            r++;
            Row head = summary.createRow(r++);
            List<String> partHeaders = List.of("部分", "标题", "满分", "适用满分", "实际得分");
            for (int c = 0; c < partHeaders.size(); c++) {
                text(head, c, partHeaders.get(c), styles.header);
            }
            for (Subtotal part : card.parts()) {
                Row row = summary.createRow(r++);
                text(row, 0, part.number(), styles.cell);
                text(row, 1, part.title(), styles.cell);
                number(row, 2, part.maximum(), styles.number);
                number(row, 3, part.applicableMaximum(), styles.number);
                number(row, 4, part.earned(), styles.number);
            }
            Row sumRow = summary.createRow(r++);
            text(sumRow, 0, "得分合计", styles.header);
            text(sumRow, 1, TOTAL_RULE, styles.wrapped);
            number(sumRow, 2, card.maximum(), styles.number);
            number(sumRow, 3, card.applicableMaximum(), styles.number);
            number(sumRow, 4, card.earned(), styles.number);
            r++;
            Row total = summary.createRow(r++);
            text(total, 0, "总分", styles.header);
            number(total, 1, card.total(), styles.total);
            r = pair(summary, r, "级别", card.grade().chineseName(), styles);
            r = pair(summary, r, "特别扣分项", card.deductions(), styles);
            r = pair(summary, r, "特别加分项", card.bonuses(), styles);
            for (AuditScoring.SpecialItem special : report.specialItems()) {
                r = pair(summary, r, special.id() + " " + specialKind(special), specialText(special), styles);
            }
            pair(summary, r, "评分完整", card.complete() ? "是" : "否（尚有条款未评分，总分为暂定值）", styles);
            summary.setColumnWidth(0, 14 * 256);
            summary.setColumnWidth(1, 40 * 256);
            for (int c = 2; c < 5; c++) {
                summary.setColumnWidth(c, 12 * 256);
            }

            for (int p = 0; p < scheme.parts().size(); p++) {
                Part part = scheme.parts().get(p);
                Subtotal subtotal = card.parts().get(p);
                Sheet sheet = workbook.createSheet(sheetName(part));
                Row header = sheet.createRow(0);
                for (int c = 0; c < PART_SHEET_HEADERS.size(); c++) {
                    text(header, c, PART_SHEET_HEADERS.get(c), styles.header);
                }
                int rowIndex = 1;
                List<ItemScore> items = card.items().stream().filter(score -> score.item().part().equals(part.number()))
                        .toList();
                for (int i = 0; i < items.size(); i++) {
                    ItemScore score = items.get(i);
                    Row row = sheet.createRow(rowIndex++);
                    String sectionNumber = score.item().section();
                    Section section = section(scheme, sectionNumber);
                    boolean first = i == 0 || !items.get(i - 1).item().section().equals(sectionNumber);
                    text(row, 0, first ? sectionNumber : "", styles.cell);
                    text(row, 1, first ? ReportView.sectionTitle(section) : "", styles.cell);
                    text(row, 2, score.item().clause() + " " + score.item().text(), styles.wrapped);
                    number(row, 3, score.item().points(), styles.number);
                    text(row, 4, score.item().dimensionCode() == null ? "" : score.item().dimensionCode(), styles.cell);
                    if (score.result() == null) {
                        text(row, 5, "未评分", styles.cell);
                        text(row, 6, "", styles.cell);
                    } else if (score.notApplicable()) {
                        text(row, 5, "不涉及", styles.cell);
                        number(row, 6, BigDecimal.ZERO, styles.number);
                    } else {
                        number(row, 5, score.result().percent().value(), styles.number);
                        number(row, 6, score.earned(), styles.number);
                    }
                    text(row, 7, report.evidence(score.item().clause()), styles.wrapped);
                    text(row, 8, "", styles.cell);
                    text(row, 9, ITEM_ROW, styles.cell);
                    boolean last = i == items.size() - 1 || !items.get(i + 1).item().section().equals(sectionNumber);
                    if (last) {
                        Subtotal sum = card.sections().stream().filter(s -> s.number().equals(sectionNumber))
                                .findFirst().orElseThrow();
                        subtotal(sheet.createRow(rowIndex++), sum, ReportView.sectionTitle(section), "本单项合计",
                                SECTION_ROW, styles.subtotal, styles.subtotalNumber);
                    }
                }
                // Right under the last section's: a blank row between would end the range a spreadsheet filters.
                subtotal(sheet.createRow(rowIndex++), subtotal, subtotal.title(), "本部分合计", PART_ROW, styles.partTotal,
                        styles.partTotalNumber);
                int[] widths = {9, 18, 70, 9, 11, 11, 13, 40, 10, 7};
                for (int c = 0; c < widths.length; c++) {
                    sheet.setColumnWidth(c, widths[c] * 256);
                }
                sheet.createFreezePane(0, 1);
                sheet.setAutoFilter(new CellRangeAddress(0, rowIndex - 1, 0, PART_SHEET_HEADERS.size() - 1));
                sheet.setRepeatingRows(new CellRangeAddress(0, 0, 0, PART_SHEET_HEADERS.size() - 1));
                sheet.getPrintSetup().setPaperSize(PrintSetup.A4_PAPERSIZE);
                sheet.setFitToPage(true);
                sheet.getPrintSetup().setFitWidth((short) 1);
                sheet.getPrintSetup().setFitHeight((short) 0);
            }
            workbook.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the scorecard workbook", e);
        }
    }

    static byte[] csv(AuditReport report) {
        var card = report.scorecard();
        Scheme scheme = card.scheme();
        List<List<String>> rows = new ArrayList<>();
        rows.add(CSV_HEADERS);
        for (int p = 0; p < scheme.parts().size(); p++) {
            Part part = scheme.parts().get(p);
            List<ItemScore> items = card.items().stream().filter(score -> score.item().part().equals(part.number()))
                    .toList();
            for (int i = 0; i < items.size(); i++) {
                ItemScore score = items.get(i);
                String percent = score.result() == null ? "未评分" : score.notApplicable() ? "不涉及"
                        : ReportView.plain(score.result().percent().value());
                String earned = score.result() == null ? "" : score.notApplicable() ? "0" : ReportView.plain(score.earned());
                String sectionNumber = score.item().section();
                Section section = section(scheme, sectionNumber);
                rows.add(List.of(ITEM_ROW, score.item().clause(), ReportView.sectionTitle(section),
                        score.item().dimensionCode() == null ? "" : score.item().dimensionCode(), score.item().text(),
                        ReportView.plain(score.item().points()), percent, earned,
                        SpreadsheetText.typed(report.evidence(score.item().clause())), "", ""));
                if (i == items.size() - 1 || !items.get(i + 1).item().section().equals(sectionNumber)) {
                    // Under its items, with the numbers the report's line under the radar chart prints for it.
                    ReportView.SubtotalText sum = ReportView.SubtotalText.of(card.sections().stream()
                            .filter(s -> s.number().equals(sectionNumber)).findFirst().orElseThrow());
                    rows.add(List.of(SECTION_ROW, sum.number(), ReportView.sectionTitle(section), "", "", "",
                            sum.percent(), sum.earned(), "", sum.maximum(), sum.applicableMaximum()));
                }
            }
            // Under its items, as the part's sheet of the workbook has it, with the summary sheet's three numbers.
            ReportView.SubtotalText sum = ReportView.SubtotalText.of(card.parts().get(p));
            rows.add(List.of(PART_ROW, sum.number(), sum.title(), "", "", "", "", sum.earned(), "", sum.maximum(),
                    sum.applicableMaximum()));
        }
        // The earned sum and the applicable maximum the total is scaled from, so the file explains its total.
        rows.add(List.of("得分合计", "", "", "", TOTAL_RULE, "", "", ReportView.plain(card.earned()), "",
                ReportView.plain(card.maximum()), ReportView.plain(card.applicableMaximum())));
        for (AuditScoring.SpecialItem special : report.specialItems()) {
            rows.add(List.of(specialKind(special), special.id(), special.clause() == null ? "" : special.clause(), "",
                    SpreadsheetText.typed(special.finding()), "", "", special.kind() == SpecialItemKind.DEDUCTION ? "-1" : "1",
                    SpreadsheetText.typed(special.reason()), "", ""));
        }
        rows.add(List.of("总分", report.point().auditId().value(), card.grade().chineseName(), "",
                card.complete() ? "" : "尚有条款未评分，总分为暂定值", "", "", Scorecard.totalText(card.total()), "", "", ""));
        StringBuilder csv = new StringBuilder("\uFEFF");
        for (List<String> row : rows) {
            for (int c = 0; c < row.size(); c++) {
                csv.append(c == 0 ? "" : ",").append(quoted(row.get(c)));
            }
            csv.append("\r\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Section section(Scheme scheme, String number) {
        return scheme.sections().stream().filter(s -> s.number().equals(number)).findFirst().orElseThrow();
    }

    /**
     * A subtotal row of a part sheet, bold in every cell: its number and title where an item's section has them, the
     * label in 检查内容, the maximum under 小类分值, a section's percent of its applicable maximum under 分项得分% (不涉及
     * when nothing in it applies; a part's is left out, as the report prints none), earned points under 分项实际得分, the
     * applicable maximum under 适用满分 and its kind under 类型.
     */
    private static void subtotal(Row row, Subtotal sum, String title, String label, String kind, CellStyle text,
                                 CellStyle number) {
        text(row, 0, sum.number(), text);
        text(row, 1, title, text);
        text(row, 2, label, text);
        number(row, 3, sum.maximum(), number);
        text(row, 4, "", text);
        if (!kind.equals(SECTION_ROW)) {
            text(row, 5, "", text);
        } else if (sum.percentOfApplicable() == null) {
            text(row, 5, "不涉及", text);
        } else {
            number(row, 5, sum.percentOfApplicable(), number);
        }
        number(row, 6, sum.earned(), number);
        text(row, 7, "", text);
        number(row, 8, sum.applicableMaximum(), number);
        text(row, 9, kind, text);
    }

    private static String specialKind(AuditScoring.SpecialItem special) {
        return special.kind() == SpecialItemKind.DEDUCTION ? "特别扣分项" : "特别加分项";
    }

    private static String specialText(AuditScoring.SpecialItem special) {
        return (special.kind() == SpecialItemKind.DEDUCTION ? "−1 分" : "+1 分（至多计 1 项）")
                + (special.clause() == null ? "" : "，条款 " + special.clause())
                + (special.finding() == null ? "" : "：" + special.finding())
                + (special.reason() == null ? "" : "；理由：" + special.reason());
    }

    private static String quoted(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private static int pair(Sheet sheet, int rowIndex, String label, String value, Styles styles) {
        Row row = sheet.createRow(rowIndex);
        text(row, 0, label, styles.header);
        text(row, 1, value, styles.cell);
        return rowIndex + 1;
    }

    /** A label and a count, the count a number a spreadsheet can sum (not text). */
    private static int pair(Sheet sheet, int rowIndex, String label, long value, Styles styles) {
        Row row = sheet.createRow(rowIndex);
        text(row, 0, label, styles.header);
        number(row, 1, BigDecimal.valueOf(value), styles.number);
        return rowIndex + 1;
    }

    private static void text(Row row, int column, String value, CellStyle style) {
        Cell cell = row.createCell(column);
        cell.setCellValue(value);
        cell.setCellStyle(style);
    }

    /** A numeric cell; the double prints as the decimal it came from (1.455), which is all a scorecard needs. */
    private static void number(Row row, int column, BigDecimal value, CellStyle style) {
        Cell cell = row.createCell(column);
        cell.setCellValue(value.doubleValue());
        cell.setCellStyle(style);
    }

    private static final class Styles {
        final CellStyle header;
        final CellStyle cell;
        final CellStyle wrapped;
        final CellStyle number;
        /** A total: GB/T 27922's two decimals (145.90), as the decisions export shows its totals. */
        final CellStyle total;
        /** A section's subtotal row: bold. */
        final CellStyle subtotal;
        final CellStyle subtotalNumber;
        /** A part's subtotal row: bold on the header's grey, a bar closing the part's table. */
        final CellStyle partTotal;
        final CellStyle partTotalNumber;

        Styles(XSSFWorkbook workbook) {
            Font bold = workbook.createFont();
            bold.setBold(true);
            header = bordered(workbook);
            header.setFont(bold);
            header.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
            header.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            cell = bordered(workbook);
            wrapped = bordered(workbook);
            wrapped.setWrapText(true);
            number = bordered(workbook);
            number.setDataFormat(workbook.createDataFormat().getFormat("General"));
            total = bordered(workbook);
            total.setDataFormat(workbook.createDataFormat().getFormat("0.00"));
            subtotal = bordered(workbook);
            subtotal.setFont(bold);
            subtotalNumber = workbook.createCellStyle();
            subtotalNumber.cloneStyleFrom(number);
            subtotalNumber.setFont(bold);
            partTotal = workbook.createCellStyle();
            partTotal.cloneStyleFrom(subtotal);
            partTotal.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
            partTotal.setFillPattern(FillPatternType.SOLID_FOREGROUND);
            partTotalNumber = workbook.createCellStyle();
            partTotalNumber.cloneStyleFrom(subtotalNumber);
            partTotalNumber.setFillForegroundColor(IndexedColors.GREY_25_PERCENT.getIndex());
            partTotalNumber.setFillPattern(FillPatternType.SOLID_FOREGROUND);
        }

        private static CellStyle bordered(XSSFWorkbook workbook) {
            CellStyle style = workbook.createCellStyle();
            style.setBorderTop(BorderStyle.THIN);
            style.setBorderBottom(BorderStyle.THIN);
            style.setBorderLeft(BorderStyle.THIN);
            style.setBorderRight(BorderStyle.THIN);
            style.setVerticalAlignment(VerticalAlignment.TOP);
            return style;
        }
    }
}
