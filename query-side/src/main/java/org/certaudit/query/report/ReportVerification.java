package org.certaudit.query.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import org.certaudit.audit.AuditId;
import org.certaudit.query.ledger.TreeHead;
import org.certaudit.query.scorecard.PointInTime;
import org.certaudit.scheme.Grade;
import org.springframework.stereotype.Component;

/**
 * Checks a printed report against the record: the report of the audit is issued again at the version its QR code
 * names, and its content digest (SHA-256 over {@link AuditReport#canonicalText()}) must be the one printed. What the
 * reader learns is whether the paper in their hands is what the certification body's record says, and, when it is,
 * the few facts that let them see it is the report they think (organization, total, grade) and the ledger tree head
 * the report rests on now.
 *
 * <p>An unknown audit, a version the audit never had, a report the body cannot issue and a digest that differs all
 * give the same empty answer: whoever does not hold the report learns nothing about which audits exist.
 */
@Component
public class ReportVerification {

    /**
     * A report that is on record.
     *
     * @param treeHead       the signed tree head the report rests on now (the earliest covering its last event), or
     *                       null while none covers it
     * @param printedTreeHead whether the QR code's {@code tree} ({@code <size>:<root hash>}) is that head
     */
    public record Verified(AuditId auditId, long version, String organization, Instant lastEventAt, BigDecimal total,
                           Grade grade, TreeHead treeHead, boolean printedTreeHead) {
    }

    private final AuditReports reports;

    ReportVerification(AuditReports reports) {
        this.reports = reports;
    }

    /**
     * The report of {@code auditId} at {@code version}, when its digest is {@code sha256}.
     *
     * @param sha256      the printed digest, 64 lower-case hexadecimal digits
     * @param printedTree the printed tree head, {@code <size>:<root hash>}, or {@code none}, or null
     */
    public Optional<Verified> verify(AuditId auditId, long version, String sha256, String printedTree) {
        Optional<AuditReport> issued;
        try {
            issued = reports.issue(auditId, PointInTime.atVersion(version));
        } catch (ReportNotConfiguredException e) {
            // A body that issues no reports has printed none.
            return Optional.empty();
        }
        return issued.filter(report -> report.point().version() == version)
                .filter(report -> report.digest().equals(sha256))
                .map(report -> {
                    TreeHead head = report.treeHead() != null && report.treeHead().covers() ? report.treeHead() : null;
                    boolean printed = head != null && (head.treeSize() + ":" + head.rootHash()).equals(printedTree);
                    return new Verified(auditId, version, report.facts().opened().organization().name(),
                            report.point().lastEventAt(), report.scorecard().total(), report.scorecard().grade(),
                            head, printed);
                });
    }
}
