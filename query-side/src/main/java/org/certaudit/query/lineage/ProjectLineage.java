package org.certaudit.query.lineage;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.DecisionOutcome;
import org.certaudit.certificate.CertificateHistory;
import org.certaudit.query.audits.AuditStatus;
import org.certaudit.query.scorecard.ItemDifference;
import org.certaudit.scheme.Grade;

/**
 * A project's audits in order. An initial certification or a re-certification starts a
 * certification cycle (numbered from 1), surveillance audits stay in the current one.
 */
public record ProjectLineage(String projectNumber, int cycles, List<Audit> audits,
                             List<CertificateChange> certificateChanges) {

    /**
     * One audit of the lineage with its scorecard totals. {@code comparedWith} is the audit its
     * {@code changes} are measured against (its predecessor; null for the first audit), and the
     * changes list the items assessed in this audit whose result differs from there. A cancelled audit has its
     * {@code cancellation}; it starts no cycle (it shows the cycle it fell in, at least 1), and the next audit is not
     * compared with it. {@code onSiteFrom} and {@code onSiteTo} are the on-site period in force; {@code reschedulings}
     * counts how often it was moved (the audit and its trail say from what, by whom and why).
     */
    public record Audit(
            String auditId,
            AuditType type,
            String typeLabel,
            int cycle,
            LocalDate onSiteFrom,
            LocalDate onSiteTo,
            AuditStatus status,
            String statusLabel,
            long version,
            BigDecimal total,
            Grade grade,
            String gradeLabel,
            boolean complete,
            Grade recommendedGrade,
            String recommendedGradeLabel,
            List<Review> reviews,
            Decision decision,
            String comparedWith,
            List<ItemDifference> changes,
            Cancellation cancellation,
            int reschedulings) {
    }

    /**
     * Who cancelled the audit (user name), why, when it was recorded, and the name they were recorded with
     * ({@code cancelledByName}; null for an event recorded before names were kept, which pages name by the configuration).
     */
    public record Cancellation(String cancelledBy, String reason, Instant cancelledAt, String cancelledByName) {
    }

    /**
     * A technical review in order: ACCEPTED, RETURNED (with findings) or WITHDRAWN (by reopening the
     * audit, with the reopening's reason, the user who reopened it and when that was recorded; those two are null in a
     * lineage built before they were kept, until a rebuild). {@code reviewerName} and {@code reopenedByName} are the names
     * the reviewer and the user who reopened were recorded with when they acted (null for events recorded before names
     * were kept).
     */
    public record Review(String outcome, String outcomeLabel, String reviewer, LocalDate reviewedOn, String note,
                         List<String> findings, String reason, String reopenedBy, Instant reopenedAt,
                         String reviewerName, String reopenedByName) {
    }

    /**
     * The certification decision on the audit: who, when, on which version, total and grade, why; and the name the
     * decider was recorded with ({@code deciderName}, null for a decision recorded before names were kept).
     */
    public record Decision(DecisionOutcome outcome, String outcomeLabel, String decider, LocalDate decidedOn,
                           long basedOnVersion, BigDecimal total, Grade grade, String gradeLabel, String reason,
                           String deciderName) {
    }

    /**
     * A change of the project's certificate, in order: ISSUED, RENEWED, MAINTAINED, SUSPENDED (until a
     * date), RESTORED, WITHDRAWN; the audit whose decision caused it. An issue or a renewal gives the validity it
     * decided ({@code validFrom} to {@code validUntil}): a renewal decided before the last valid day begins the day after
     * it, later than it takes effect ({@code effectiveOn}, the decision); the other kinds keep the validity of the issue
     * or renewal before them, as {@link CertificateHistory} does. {@code nextAudit} is what the certification cycle
     * called for next after the change ({@link org.certaudit.certificate.NextActivity}, ISO/IEC 17021-1 9.1.3): a
     * surveillance, due by {@code nextAuditDue}, or, once the next surveillance would fall due in the validity period's
     * last year, the re-certification, decided by the period's last valid day ({@code nextAuditDue}); null after a
     * withdrawal. {@code surveillanceDue} is the surveillance's due day when a surveillance is next (ISO/IEC 17021-1
     * 9.6.2: set by an issue, a renewal, a maintenance or a suspension, kept by a restoration), else null: after a
     * withdrawal, when the re-certification is next (a decision stored with a surveillance due in the last year
     * included), and after a suspension stored before its event kept one when nothing before it set one. {@code decider}
     * is the user who decided it (a restoration's restoring decider), {@code deciderName} the name they were recorded
     * with (null for an event recorded before names were kept), {@code reason} the decision's or restoration's reason,
     * and {@code recordedAt} when the event was recorded: a decision dated months back shows when it entered the record.
     */
    public record CertificateChange(CertificateHistory.Kind kind, String kindLabel, String certificateNumber,
                                    LocalDate effectiveOn, String auditId, Grade grade, String gradeLabel,
                                    LocalDate validFrom, LocalDate validUntil, LocalDate suspendedUntil,
                                    String decider, String deciderName, String reason, Instant recordedAt,
                                    LocalDate surveillanceDue, AuditType nextAudit, LocalDate nextAuditDue) {
    }
}
