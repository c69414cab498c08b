package org.certaudit.query.report;

import java.time.ZoneId;
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

    ReportDocuments(ReportHtml html, ReportPdf pdf, @Value("${certaudit.time-zone:Asia/Shanghai}") ZoneId zone) {
        this.html = html;
        this.pdf = pdf;
        this.zone = zone;
    }

    String html(AuditReport report) {
        return html.render(view(report, false));
    }

    byte[] pdf(AuditReport report) {
        String xhtml = html.render(view(report, true));
        return pdf.render(xhtml, new RadarChart(report.scorecard().sections()), report.point().lastEventAt(),
                verificationText(report));
    }

    /**
     * What the QR code carries: {@code certaudit:report?audit=<id>&version=<n>&sha256=<digest>&tree=<size>:<root hash>},
     * with {@code tree=none} while the ledger has no head, and {@code &covered=no} after the head while it is only the
     * latest head and does not cover the report's last event yet.
     */
    static String verificationText(AuditReport report) {
        TreeHead head = report.treeHead();
        return "certaudit:report?audit=" + report.point().auditId().value() + "&version=" + report.point().version()
                + "&sha256=" + report.digest() + "&tree=" + (head == null ? "none" : head.treeSize() + ":" + head.rootHash() + (head.covers() ? "" : "&covered=no"));
    }

    private ReportView view(AuditReport report, boolean forPdf) {
        String text = verificationText(report);
        return ReportView.of(report, forPdf, text, QrCode.pngDataUri(text), zone);
    }
}
