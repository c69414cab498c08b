package org.certaudit.query.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.certaudit.audit.AuditId;
import org.certaudit.query.audits.AuditDetail;
import org.certaudit.query.audits.GetAudit;
import org.certaudit.query.ledger.TreeHead;
import org.certaudit.query.scorecard.PointInTime;
import org.certaudit.report.AuditFacts;
import org.certaudit.report.CertificationRecord;
import org.certaudit.report.PledgeTiming;
import org.certaudit.scheme.Grade;
import org.springframework.stereotype.Component;

/**
 * Checks a printed report against the record: the report of the audit is issued again at the version its QR code
 * names, and its content digest (SHA-256 over {@link AuditReport#canonicalText()}, which covers everything the report
 * prints of the audit, its review, decision and certificate) must be the one printed. What the reader learns is whether
 * the paper in their hands is what the certification body's record says and, when it is, the facts that let them see
 * it is the report they think: organization, total, grade, whether the audit was finished at that version and whether
 * it has changed since, the decision and certificate, the ledger tree head the report rests on now, compared with
 * the one printed, and whether the team pledged before it worked ({@link PledgeTiming}: warnings, the report stays on
 * record).
 *
 * <p>A report printed before the digest covered the review, decision and certificate (format 1) is recognised by its
 * earlier digest and said to be of that format: its section 6 is not covered by the check.
 *
 * <p>An unknown audit, a version the audit never had, a report the body cannot issue and a digest that differs all
 * give the same empty answer: whoever does not hold the report learns nothing from the page about which audits exist.
 */
@Component
public class ReportVerification {

    /** How the tree head printed in the QR code compares with the one the report rests on now. */
    public enum TreeHeadCheck {
        /** The printed head is the earliest signed head covering the report's last event. */
        AS_PRINTED,
        /** None covered the report when it was printed ({@code tree=none}, or {@code covered=no} with an earlier head). */
        SIGNED_LATER,
        /** No signed head covers the report yet. */
        NONE_YET,
        /** The printed head is neither the covering head nor an earlier one printed as not covering: altered or wrong. */
        NOT_AS_PRINTED
    }

    /**
     * A report that is on record.
     *
     * @param finished       whether the team leader had recommended a grade at that version (else total and grade are
     *                       provisional, as the report says)
     * @param currentVersion the audit's version now; above {@code version} when it has changed since
     * @param cancellation   the audit's cancellation as the report shows it (cancelled by that version), else null
     * @param cancelledSince the audit's cancellation recorded after that version, else null
     * @param treeHead       the signed tree head the report rests on now (the earliest covering its last event), or
     *                       null while none covers it
     * @param pledgeTiming   a member who recorded work before the day of their pledge and a pledge signed after the
     *                       on-site period began, as the events up to that version say (ISO/IEC 17021-1 5.2,
     *                       ISO/IEC 17065 4.2); empty lists when the team pledged in time
     */
    public record Verified(AuditId auditId, long version, String organization, Instant lastEventAt, BigDecimal total,
                           Grade grade, boolean finished, long currentVersion, CertificationRecord certification,
                           TreeHead treeHead, TreeHeadCheck treeHeadCheck, int format,
                           AuditFacts.Cancellation cancellation, AuditDetail.Cancellation cancelledSince,
                           PledgeTiming.Warnings pledgeTiming) {

        /** A report printed before format 2: its digest did not cover the review, decision and certificate. */
        public boolean earlierFormat() {
            return format < AuditReport.CURRENT_FORMAT;
        }

        public boolean changedSince() {
            return currentVersion > version;
        }
    }

    private final AuditReports reports;
    private final QueryGateway queries;

    ReportVerification(AuditReports reports, QueryGateway queries) {
        this.reports = reports;
        this.queries = queries;
    }

    /**
     * The report of {@code auditId} at {@code version}, when its digest is {@code sha256}.
     *
     * @param sha256           the printed digest, 64 hexadecimal digits (lower-case, as printed)
     * @param printedTree      the printed tree head, {@code <size>:<root hash>}, or {@code none}, or null
     * @param printedUncovered whether the QR code said {@code covered=no}: the printed head did not cover the report yet
     */
    public Optional<Verified> verify(AuditId auditId, long version, String sha256, String printedTree,
                                     boolean printedUncovered) {
        Optional<AuditReport> issued;
        try {
            issued = reports.issue(auditId, PointInTime.atVersion(version));
        } catch (ReportNotConfiguredException e) {
            // A body that issues no reports has printed none.
            return Optional.empty();
        }
        return issued.filter(report -> report.point().version() == version)
                .filter(report -> report.content().formatOf(sha256).isPresent())
                .map(report -> {
                    int format = report.content().formatOf(sha256).getAsInt();
                    TreeHead head = report.treeHead() != null && report.treeHead().covers() ? report.treeHead() : null;
                    Optional<AuditDetail> now = queries.query(new GetAudit(auditId),
                            ResponseTypes.optionalInstanceOf(AuditDetail.class)).join();
                    long current = now.map(AuditDetail::version).orElse(version);
                    AuditFacts.Cancellation cancellation = report.facts().cancellation();
                    // Cancelled after the report was printed: the page says so, as it says a later change.
                    AuditDetail.Cancellation since = cancellation != null ? null
                            : now.map(AuditDetail::cancellation).orElse(null);
                    return new Verified(auditId, version, report.facts().opened().organization().name(),
                            report.point().lastEventAt(), report.scorecard().total(), report.scorecard().grade(),
                            report.facts().recommendation() != null, current, report.certification(), head,
                            check(head, printedTree, printedUncovered), format, cancellation, since,
                            report.pledgeTiming());
                });
    }

    private static TreeHeadCheck check(TreeHead head, String printedTree, boolean printedUncovered) {
        if (head == null) {
            return TreeHeadCheck.NONE_YET;
        }
        String covering = head.treeSize() + ":" + head.rootHash();
        if (covering.equals(printedTree) && !printedUncovered) {
            return TreeHeadCheck.AS_PRINTED;
        }
        if (printedTree == null || printedTree.equals("none")) {
            return TreeHeadCheck.SIGNED_LATER;
        }
        int colon = printedTree.indexOf(':');
        if (printedUncovered && colon > 0 && Long.parseLong(printedTree.substring(0, colon)) < head.treeSize()) {
            return TreeHeadCheck.SIGNED_LATER;
        }
        return TreeHeadCheck.NOT_AS_PRINTED;
    }
}
