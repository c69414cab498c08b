package org.certaudit.query.report;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.List;
import org.certaudit.audit.AuditId;
import org.certaudit.query.NotFoundException;
import org.certaudit.query.RequestParameters;
import org.certaudit.query.ledger.TreeHead;
import org.certaudit.query.ledger.TreeHeadHeaders;
import org.certaudit.query.scorecard.PointInTime;
import org.certaudit.query.scorecard.ProjectVersions;
import org.certaudit.web.AcceptHeader;
import org.certaudit.web.ProblemFormat;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The audit report (HTML or PDF) and its scorecard (XLSX, CSV), now or re-issued as of an instant or a version. Every
 * response names the audit's version it shows ({@code X-Audit-Version}), the content digest its QR code carries
 * ({@code X-Report-Digest}) and the ledger tree head it prints ({@link TreeHeadHeaders}).
 */
@RestController
@RequestMapping("/api/audits/{id}")
@Tag(name = "Report", description = "The audit report as the certification body issues it, and its scorecard as a spreadsheet")
class ReportController {

    /** As produced, with the charset each is sent in: a range naming another charset does not take them. */
    private static final String HTML_VALUE = "text/html;charset=UTF-8";
    private static final String CSV_VALUE = "text/csv;charset=UTF-8";
    static final MediaType XLSX = MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    static final MediaType CSV = MediaType.parseMediaType(CSV_VALUE);
    private static final MediaType HTML = MediaType.parseMediaType(HTML_VALUE);

    private final AuditReports reports;
    private final ReportDocuments documents;

    private final ZoneId zone;
    private final ProjectVersions versions;

    ReportController(AuditReports reports, ReportDocuments documents,
                     @Value("${certaudit.time-zone:Asia/Shanghai}") ZoneId zone, ProjectVersions versions) {
        this.reports = reports;
        this.documents = documents;
        this.zone = zone;
        this.versions = versions;
    }

    @GetMapping(value = "/report", produces = {HTML_VALUE, MediaType.APPLICATION_PDF_VALUE})
    @Operation(summary = "The report: HTML or PDF by the Accept header (HTML unless PDF is preferred)")
    ResponseEntity<byte[]> report(
            @Parameter(description = "audit id, e.g. 0455-2021-SE.1") @PathVariable String id,
            @Parameter(description = "re-issue it as it stood at this instant (ISO-8601, e.g. 2021-06-07T10:00:00Z)")
            @RequestParam(required = false) String asOf,
            @Parameter(description = "re-issue it as it stood at this version (project-stream sequence number)")
            @RequestParam(required = false) String atVersion,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept)
            throws HttpMediaTypeNotAcceptableException {
        return prefersPdf(accept) ? pdf(id, asOf, atVersion) : html(id, asOf, atVersion);
    }

    @GetMapping(value = "/report.html", produces = HTML_VALUE)
    @Operation(summary = "The report as HTML")
    ResponseEntity<byte[]> html(@PathVariable String id, @RequestParam(required = false) String asOf,
                                @RequestParam(required = false) String atVersion) {
        AuditReport report = issue(id, asOf, atVersion);
        return respond(report, documents.html(report).getBytes(StandardCharsets.UTF_8), HTML, "html", true);
    }

    @GetMapping(value = "/report.pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    @Operation(summary = "The report as an A4 PDF with its fonts embedded; the same point gives the same bytes")
    ResponseEntity<byte[]> pdf(@PathVariable String id, @RequestParam(required = false) String asOf,
                               @RequestParam(required = false) String atVersion) {
        AuditReport report = issue(id, asOf, atVersion);
        return respond(report, documents.pdf(report), MediaType.APPLICATION_PDF, "pdf", true);
    }

    @GetMapping(value = "/scorecard.xlsx", produces = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    @Operation(summary = "The scorecard as a workbook: a summary sheet and the three part tables as the report lays them out, each section and part closed by a bold subtotal row (maximum, applicable maximum, earned) and every row's kind in the column 类型 (条款, 单项, 部分)")
    ResponseEntity<byte[]> xlsx(@PathVariable String id, @RequestParam(required = false) String asOf,
                                @RequestParam(required = false) String atVersion) {
        AuditReport report = issue(id, asOf, atVersion);
        return respond(report, ScorecardSheets.xlsx(report, zone), XLSX, "xlsx", false);
    }

    @GetMapping(value = "/scorecard.csv", produces = CSV_VALUE)
    @Operation(summary = "The scorecard as CSV: one row per item (with its evidence), per section and per part (maximum, applicable maximum, earned), the earned sum and applicable maximum, one per special item, and the total, each row's kind in the first column 类型 (UTF-8 with BOM)")
    ResponseEntity<byte[]> csv(@PathVariable String id, @RequestParam(required = false) String asOf,
                               @RequestParam(required = false) String atVersion) {
        AuditReport report = issue(id, asOf, atVersion);
        return respond(report, ScorecardSheets.csv(report), CSV, "csv", false);
    }

    @ExceptionHandler
    ProblemDetail notConfigured(ReportNotConfiguredException e) {
        ProblemDetail problem = ProblemFormat.of(HttpStatus.SERVICE_UNAVAILABLE, "report-not-configured", e.getMessage());
        problem.setTitle("Report not configured");
        return problem;
    }

    private AuditReport issue(String id, String asOf, String atVersion) {
        AuditId auditId = RequestParameters.auditId("id", id);
        RequestParameters.atMostOne("asOf", asOf, "atVersion", atVersion);
        PointInTime point = asOf != null ? PointInTime.asOf(RequestParameters.pastInstant("asOf", asOf, zone))
                : atVersion != null ? PointInTime.atVersion(RequestParameters.version("atVersion", atVersion))
                : PointInTime.NOW;
        AuditReport report = reports.issue(auditId, point).orElseThrow(() -> new NotFoundException(point.isNow()
                ? "no audit " + id : "audit " + id + " was not opened yet at " + point));
        versions.requireReached("atVersion", auditId, point, report.point().version());
        return report;
    }

    private static ResponseEntity<byte[]> respond(AuditReport report, byte[] body, MediaType type, String extension,
                                                  boolean isReport) {
        // ASCII, as audit ids are: RFC 6266's plain filename="..." then needs no filename*, and Spring's form with a
        // charset would write it as an RFC 2047 word (filename="=?UTF-8?Q?...?="), which curl -OJ saves literally.
        String name = report.point().auditId().value() + (isReport ? "-report" : "-scorecard") + "-v"
                + report.point().version() + "." + extension;
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
        TreeHead head = report.treeHead();
        if (head != null) {
            answer.header(TreeHeadHeaders.TREE_SIZE, Long.toString(head.treeSize()))
                  .header(TreeHeadHeaders.ROOT_HASH, head.rootHash())
                  .header(TreeHeadHeaders.TREE_HEAD_TIME, head.treeHeadTime().toString());
        }
        return answer
                .contentType(type)
                .header(HttpHeaders.CONTENT_DISPOSITION, (type.equals(HTML) || type.equals(MediaType.APPLICATION_PDF)
                        ? ContentDisposition.inline() : ContentDisposition.attachment())
                        .filename(name).build().toString())
                .header("X-Audit-Version", Long.toString(report.point().version()))
                .header("X-Report-Digest", report.digest())
                .body(body);
    }

    /**
     * Whether the Accept header ranks PDF above HTML, weighed as both sides weigh it ({@link AcceptHeader}): HTML on a
     * tie and without a header. A header refusing both was answered with a 406 before this handler ran.
     */
    static boolean prefersPdf(String accept) throws HttpMediaTypeNotAcceptableException {
        return AcceptHeader.parse(accept).preferred(List.of(HTML, MediaType.APPLICATION_PDF))
                .filter(MediaType.APPLICATION_PDF::equals).isPresent();
    }
}
