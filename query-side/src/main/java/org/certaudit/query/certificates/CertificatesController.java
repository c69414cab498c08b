package org.certaudit.query.certificates;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.certaudit.certificate.CertificateStatus;
import org.certaudit.query.BadParameterException;
import org.certaudit.query.NotFoundException;
import org.certaudit.query.People;
import org.certaudit.query.RequestParameters;
import org.certaudit.scheme.Grade;
import org.certaudit.web.AcceptHeader;
import org.certaudit.web.RuleCode;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The certificate register over HTTP. One certificate is public (as printed, with its status on a
 * day): anyone holding a certificate number may check it. The register list needs signing in; the
 * regulator's export of decisions needs REGULATOR or ADMIN. "Today" is the certification body's
 * day ({@code certaudit.certificates.zone}, default Asia/Shanghai).
 */
@RestController
@Tag(name = "Certificates", description = "Certificate status on any day, the register, the regulator's export")
class CertificatesController {

    static final MediaType XLSX = MediaType.parseMediaType(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    private static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);
    private static final int MAX_PERIOD_DAYS = 3660;

    private final QueryGateway queries;
    private final Clock clock;
    private final People people;

    CertificatesController(QueryGateway queries, Clock certificateClock, People people) {
        this.queries = queries;
        this.clock = certificateClock;
        this.people = people;
    }

    @GetMapping("/api/certificates/{number}")
    @Operation(summary = "One certificate as printed, with its status today or on asOf (no sign-in)", description = """
            Status VALID, SUSPENDED, WITHDRAWN or EXPIRED on the day, with grade, validity, organization, scope and \
            scheme of the validity period in force that day (a re-certification may change them), each code with its \
            Chinese label; a suspension past its planned end is flagged (suspensionOverdue). The number is found in any case \
            (cts-2021-0455-2021-SE-1 finds CTS-2021-0455-2021-SE-1, which the answer's number gives as issued). \
            404 for an unknown number or a day before the certificate was issued.""")
    CertificateView certificate(@Parameter(example = "CTS-2021-0455-2021-SE-1") @PathVariable String number,
                                @Parameter(description = "The day (yyyy-MM-dd); today when omitted", example = "2022-03-01")
                                @RequestParam(required = false) String asOf) {
        LocalDate day = date("asOf", asOf, LocalDate.now(clock));
        return queries.query(new GetCertificate(number, day), ResponseTypes.optionalInstanceOf(CertificateView.class))
                .join()
                .orElseThrow(() -> new NotFoundException("no certificate " + number + " was issued by " + day));
    }

    @GetMapping("/api/certificates")
    @Operation(summary = "The certificate register on a day, filtered (signed in)", description = """
            Filters: status, grade, part of the organization name (as the period in force on asOf names it), dueWithinDays (surveillance, \
            re-certification, a suspension's end or expiry due within that many days of asOf, or overdue; each entry's due names which). \
            nextAudit says what the certification cycle calls for next while the certificate is in force: the \
            surveillance, or the re-certification (decided by the last valid day) once the next surveillance would \
            fall due in the validity period's last year (ISO/IEC 17021-1 9.1.3), by nextAuditDue. \
            surveillanceOverdue and suspensionOverdue flag a surveillance decision or a suspension's end that has \
            passed on asOf.""")
    List<CertificateSummary> certificates(
            @Parameter(description = "VALID, SUSPENDED, WITHDRAWN or EXPIRED") @RequestParam(required = false) String status,
            @Parameter(description = "e.g. TEN_STAR") @RequestParam(required = false) String grade,
            @Parameter(description = "Part of the organization's name") @RequestParam(required = false) String organization,
            @Parameter(description = "0 to 3660") @RequestParam(required = false) @Min(0) @Max(MAX_PERIOD_DAYS)
            Integer dueWithinDays,
            @Parameter(description = "The day (yyyy-MM-dd); today when omitted") @RequestParam(required = false) String asOf) {
        FindCertificates query = new FindCertificates(date("asOf", asOf, LocalDate.now(clock)),
                RequestParameters.enumValue("status", status, CertificateStatus.class),
                RequestParameters.enumValue("grade", grade, Grade.class),
                organization == null || organization.isBlank() ? null : organization.strip(), dueWithinDays);
        return queries.query(query, ResponseTypes.multipleInstancesOf(CertificateSummary.class)).join();
    }

    @GetMapping("/api/decisions")
    @Operation(summary = "The regulator's export: decisions of a period (REGULATOR, ADMIN)", description = """
            One row per decision or certificate change dated from..to (inclusive): GRANTED, RENEWED, REFUSED, \
            MAINTAINED, SUSPENDED, RESTORED, WITHDRAWN, and EXPIRED (the day after a last valid day nothing extended), \
            each with when it was recorded (recordedAt; a decision may be dated long before) and the technical reviewer \
            whose acceptance it rests on (reviewer, reviewerName). \
            format=json (default), csv (UTF-8 with BOM, for Excel) or xlsx (total and version as numbers).""")
    @ApiResponse(responseCode = "200", content = {
            @Content(mediaType = "application/json"), @Content(mediaType = "text/csv"),
            @Content(mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")})
    ResponseEntity<?> decisions(@Parameter(example = "2021-01-01") @RequestParam String from,
                                @Parameter(example = "2021-12-31") @RequestParam String to,
                                @Parameter(description = "json, csv or xlsx") @RequestParam(defaultValue = "json") String format,
                                HttpServletRequest request)
            throws IOException, HttpMediaTypeNotAcceptableException {
        // The format chooses the one type answered, so the Accept header is weighed here, before the period is read.
        MediaType type = switch (format.toLowerCase(java.util.Locale.ROOT)) {
            case "json" -> MediaType.APPLICATION_JSON;
            case "csv" -> CSV;
            case "xlsx" -> XLSX;
            default -> throw new BadParameterException("format", RuleCode.FIELD_NOT_ONE_OF.with("value", format,
                    "allowed", List.of("json", "csv", "xlsx")), "format must be json, csv or xlsx, was '" + format + "'");
        };
        AcceptHeader.require(request, type);
        LocalDate first = date("from", from, null);
        LocalDate last = date("to", to, null);
        RequestParameters.notBefore("to", last, "from", first);
        if (first.plusDays(MAX_PERIOD_DAYS).isBefore(last)) {
            throw new BadParameterException("to", RuleCode.PERIOD_TOO_LONG.with("maxDays", MAX_PERIOD_DAYS),
                    "a period is at most " + MAX_PERIOD_DAYS + " days");
        }
        List<DecisionRow> rows = queries.query(new FindDecisions(first, last),
                ResponseTypes.multipleInstancesOf(DecisionRow.class)).join().stream().map(row -> row.named(people)).toList();
        String name = "decisions-" + first + "-" + last;
        if (type == CSV) {
            return file(csv(rows), CSV, name + ".csv");
        }
        return type == XLSX ? file(xlsx(rows), XLSX, name + ".xlsx")
                : ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(rows);
    }

    /** CSV with a byte-order mark so that Excel reads the Chinese text as UTF-8. */
    static byte[] csv(List<DecisionRow> rows) throws IOException {
        StringWriter out = new StringWriter();
        out.write('\uFEFF');
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(DecisionRow.HEADINGS).get())) {
            for (DecisionRow row : rows) {
                printer.printRecord(row.csvCells());
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * XLSX with the numbers as numbers: the total (a decimal with at most two places, which a double holds to the cent)
     * shown with two decimals, as the report prints it, and the version; everything else as text.
     */
    static byte[] xlsx(List<DecisionRow> rows) throws IOException {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            CellStyle twoDecimals = workbook.createCellStyle();
            twoDecimals.setDataFormat(workbook.createDataFormat().getFormat("0.00"));
            Sheet sheet = workbook.createSheet("decisions 认证决定");
            Row heading = sheet.createRow(0);
            for (int i = 0; i < DecisionRow.HEADINGS.length; i++) {
                heading.createCell(i).setCellValue(DecisionRow.HEADINGS[i]);
            }
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r + 1);
                Object[] cells = rows.get(r).cells();
                for (int i = 0; i < cells.length; i++) {
                    if (cells[i] instanceof Number number) {
                        Cell cell = row.createCell(i);
                        cell.setCellValue(number.doubleValue());
                        if (i == DecisionRow.TOTAL_COLUMN) {
                            cell.setCellStyle(twoDecimals);
                        }
                    } else if (cells[i] != null) {
                        row.createCell(i).setCellValue(cells[i].toString());
                    }
                }
            }
            sheet.createFreezePane(0, 1);
            workbook.write(out);
            return out.toByteArray();
        }
    }

    private static ResponseEntity<byte[]> file(byte[] content, MediaType type, String name) {
        return ResponseEntity.ok()
                .contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
                .body(content);
    }

    /** A day (yyyy-MM-dd, 1990-01-01 to 2100-12-31, the rule of {@link RequestParameters#date}), or absent when left out. */
    private static LocalDate date(String parameter, String value, LocalDate absent) {
        if (value == null || value.isEmpty()) {
            if (absent == null) {
                throw new BadParameterException(parameter, RuleCode.FIELD_REQUIRED.with(),
                        parameter + " is required (yyyy-MM-dd)");
            }
            return absent;
        }
        return RequestParameters.date(parameter, value);
    }
}
