package org.certaudit.query.report;

import java.net.URI;
import java.time.ZoneId;
import org.certaudit.query.People;
import org.certaudit.query.ledger.TreeHead;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The report's documents: its HTML for a browser and its PDF, both carrying a QR code with the audit, the version, the
 * content digest and the ledger tree head (or {@code tree=none}).
 */
@Component
class ReportDocuments {

    private final ReportHtml html;
    private final ReportPdf pdf;
    private final ZoneId zone;
    private final URI verifyUrl;
    private final People people;

    ReportDocuments(ReportHtml html, ReportPdf pdf, @Value("${certaudit.time-zone:Asia/Shanghai}") ZoneId zone,
                    ReportProperties properties, People people) {
        this.people = people;
        this.html = html;
        this.pdf = pdf;
        this.zone = zone;
        this.verifyUrl = properties.verifyUrl();
        if (verifyUrl != null && (!verifyUrl.isAbsolute() || verifyUrl.getRawQuery() != null
                || verifyUrl.getRawFragment() != null)) {
            // The QR code appends the report's parameters; a query of its own would be refused by the check page.
            throw new IllegalStateException("certaudit.report.verify-url must be an absolute address without a query or "
                    + "fragment, such as https://certaudit.example.org/console/verify/report; it is " + verifyUrl);
        }
    }

    String html(AuditReport report) {
        return html.render(view(report, false));
    }

    byte[] pdf(AuditReport report) {
        String xhtml = html.render(view(report, true));
        return pdf.render(xhtml, new RadarChart(report.scorecard().sections()), report.point().lastEventAt(),
                verificationText(report, verifyUrl));
    }

    /**
     * What the QR code carries: {@code certaudit:report?audit=<id>&version=<n>&sha256=<digest>&tree=<size>:<root hash>},
     * with {@code tree=none} while the ledger has no head, and {@code &covered=no} after the head while it is only the
     * latest head and does not cover the report's last event yet.
     */
    static String verificationText(AuditReport report) {
        return verificationText(report, null);
    }

    /**
     * The QR code's text: with {@code verifyUrl}, that link with the same parameters ({@code audit}, {@code version},
     * {@code sha256}, {@code tree}, {@code covered}), which the console's report check reads; else the
     * {@code certaudit:report?...} text above.
     */
    static String verificationText(AuditReport report, URI verifyUrl) {
        TreeHead head = report.treeHead();
        String query = "audit=" + report.point().auditId().value() + "&version=" + report.point().version()
                + "&sha256=" + report.digest() + "&tree=" + (head == null ? "none" : head.treeSize() + ":" + head.rootHash() + (head.covers() ? "" : "&covered=no"));
        if (verifyUrl == null) {
            return "certaudit:report?" + query;
        }
        // Audit ids, versions, hex digests and "<size>:<hex>" need no escaping in a query.
        return verifyUrl + "?" + query;
    }

    private ReportView view(AuditReport report, boolean forPdf) {
        String text = verificationText(report, verifyUrl);
        return ReportView.of(report, forPdf, text, QrCode.pngDataUri(text), zone,
                (user, recordedName) -> people == null ? user : people.describe(user, recordedName));
    }
}
