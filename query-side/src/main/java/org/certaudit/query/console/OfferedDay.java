package org.certaudit.query.console;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.certaudit.certificate.CertificateHistory;
import org.certaudit.certificate.CertificateStatus;

/**
 * The day a form offers for an act the command side dates and judges by the record, a report, an acceptance by
 * technical review or a certification decision: today when the command side would take it, else the nearest day before
 * today it would, or none; and, when it is not today, why ({@code reason}), which the form says next to the day. An
 * audit recorded with past dates (the demo's surveillance of 2022, its certificate expired in 2024) is the case: today
 * is a day the rules refuse.
 *
 * @param day         the day filled in; null when none from {@code earliest} up to today would be taken
 * @param reason      why it is not today; null when it is
 * @param earliest    the earliest day the act may be dated: a report's is the on-site period's first day or the day
 *                    of the latest pledge that counts, if later; a review's the report date or the day of the latest
 *                    return by technical review, if later; a decision's the day of its acceptance by technical review
 *                    ({@code decision.before-review})
 * @param number      the certificate's number, for a reason about it
 * @param certificate the certificate's state today, for a reason about it
 */
record OfferedDay(LocalDate day, Reason reason, LocalDate earliest, String number,
                  CertificateHistory.StateOn certificate) {

    /** Why the day offered is not today. */
    enum Reason {
        /** The earliest day is still to come: no day up to today is taken yet. */
        NOT_BEGUN,
        /**
         * Today the certificate is in none of the statuses the act needs; the day offered is the last valid day of its
         * period then in force, the latest that is.
         */
        CERTIFICATE_ENDED,
        /** From the earliest day up to today the certificate is never in a status the act needs. */
        NO_DAY
    }

    /**
     * The day offered {@code today} for an act dated no earlier than {@code earliest} (null: no such bound) only on a
     * day {@code certificate} has one of the statuses {@code allowed} (none: on any day): a report or an acceptance on
     * an audit decided only then ({@link CertificateStatus#requiredToDecideAtAll}; the command side's rules
     * {@code recommendation.report-after-certificate} and {@code review.after-certificate}), or a decision's outcome
     * ({@link CertificateStatus#requiredToDecide}; its {@code certificate.status}). While the audit awaits its decision
     * no other decision changes the certificate (one audit of a project at a time, its visit after the decision before
     * it), only the calendar (expiry) and a restoration (suspended to valid) do: a certificate not expired today
     * without a status the act needs (suspended, for a suspension) had none since the earliest day either, and one
     * expired today last had one, if at all, on its period's last valid day, the nearest day the command side takes.
     */
    static OfferedDay on(LocalDate today, LocalDate earliest, Optional<CertificateHistory> certificate,
                         List<CertificateStatus> allowed) {
        if (earliest != null && today.isBefore(earliest)) {
            return new OfferedDay(null, Reason.NOT_BEGUN, earliest, null, null);
        }
        Optional<CertificateHistory.StateOn> now = certificate.flatMap(history -> history.on(today));
        if (allowed.isEmpty() || now.isEmpty() || allowed.contains(now.get().status())) {
            // Not issued today is no case of an audit that needs the certificate: its lineage had one on its first day.
            return new OfferedDay(today, null, earliest, null, null);
        }
        CertificateHistory history = certificate.orElseThrow();
        LocalDate last = now.get().validUntil();
        boolean decidable = last.isBefore(today) && (earliest == null || !last.isBefore(earliest))
                && history.on(last).map(CertificateHistory.StateOn::status).filter(allowed::contains).isPresent();
        return decidable ? new OfferedDay(last, Reason.CERTIFICATE_ENDED, earliest, history.number(), now.get())
                : new OfferedDay(null, Reason.NO_DAY, earliest, history.number(), now.get());
    }
}
