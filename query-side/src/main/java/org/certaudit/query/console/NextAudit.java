package org.certaudit.query.console;

import java.time.LocalDate;
import java.util.Optional;
import org.certaudit.audit.AuditType;
import org.certaudit.certificate.CertificateHistory;
import org.certaudit.certificate.NextActivity;

/**
 * The type the console suggests for a project's next audit, on site from {@code day}, and why: what the project's
 * certificate's state on that day calls for, read with the fold the command side judges by. In force (valid or
 * suspended): the certificate's next activity ({@link NextActivity}), as the register's {@code nextAudit} says: the
 * next surveillance while it is due before the validity period's last year (a renewal decided to follow opens a new
 * period), else a re-certification, the cycle's surveillances being done (ISO/IEC 17021-1 9.1.3, 9.6.2, 9.6.3);
 * expired, a re-certification while it still restores the certificate, on site within six months of its last valid
 * day, else a new initial audit (9.6.3); withdrawn, or no certificate, a new initial audit. The command side still judges the type sent ({@code lineage.*}); this only preselects one.
 *
 * @param type        the type suggested; null when the day decides none (not given yet, or not after the decision on
 *                    the audit the next one follows, which the command side refuses whatever the type)
 * @param reason      why
 * @param day         the first on-site day judged; null when not given
 * @param number      the certificate's number; null without one
 * @param certificate the certificate's state on {@code day}; null without a day or a certificate
 * @param preselected the type the form starts with: {@code type}, or while the day decides none, what the
 *                    certificate's latest decision left next (a surveillance, or the re-certification once the next
 *                    surveillance would fall due in the certificate's last year)
 */
record NextAudit(AuditType type, Reason reason, LocalDate day, String number, CertificateHistory.StateOn certificate,
                 AuditType preselected) {

    /** Why the type is suggested. */
    enum Reason {
        /** The project has no certificate (its audits were refused, or none stands): an initial audit. */
        NO_CERTIFICATE,
        /** The certificate was withdrawn, for good: a new initial audit. */
        WITHDRAWN,
        /** No first on-site day given yet: the type will follow the certificate's state on it. */
        NO_DAY,
        /** The day is not after the decision on the audit the next one follows: no audit is on site then. */
        BEFORE_DECISION,
        /** In force on the day, with a surveillance due before its validity period's last year. */
        SURVEILLANCE_DUE,
        /**
         * In force on the day, with no surveillance due before its validity period's last year: the cycle's
         * re-certification, decided by the last valid day.
         */
        CYCLE_DONE,
        /** Expired on the day, within six months of its last valid day: a re-certification restores it. */
        RESTORABLE,
        /** Expired on the day, more than six months after its last valid day: a new initial audit. */
        LAPSED
    }

    /**
     * The suggestion for an audit on site from {@code day} (null: not given yet) that follows an audit decided on
     * {@code decidedOn}, with the project's current {@code certificate} (empty: none).
     */
    static NextAudit on(LocalDate day, LocalDate decidedOn, String number, Optional<CertificateHistory> certificate) {
        if (certificate.isEmpty()) {
            return new NextAudit(AuditType.INITIAL, Reason.NO_CERTIFICATE, day, null, null, AuditType.INITIAL);
        }
        CertificateHistory history = certificate.get();
        if (history.latest().withdrawn()) {
            // A withdrawal is decided on an audit, so every day after the decision the next audit follows has it.
            return new NextAudit(AuditType.INITIAL, Reason.WITHDRAWN, day, number, null, AuditType.INITIAL);
        }
        // What the latest decision left next, read by the register's rule: the form starts there until a day decides.
        CertificateHistory.Change latest = history.latest();
        AuditType leftNext = NextActivity.of(latest.surveillanceDue(), latest.validUntil()).type();
        if (day == null) {
            return new NextAudit(null, Reason.NO_DAY, null, number, null, leftNext);
        }
        Optional<CertificateHistory.StateOn> on = history.on(day);
        if ((decidedOn != null && !day.isAfter(decidedOn)) || on.isEmpty()) {
            return new NextAudit(null, Reason.BEFORE_DECISION, day, number, on.orElse(null), leftNext);
        }
        CertificateHistory.StateOn state = on.get();
        return switch (state.status()) {
            case VALID, SUSPENDED -> state.nextActivity().type() == AuditType.SURVEILLANCE
                    ? suggesting(AuditType.SURVEILLANCE, Reason.SURVEILLANCE_DUE, number, state)
                    : suggesting(AuditType.RECERTIFICATION, Reason.CYCLE_DONE, number, state);
            case EXPIRED -> day.isAfter(CertificateHistory.lastRestoringDay(state.validUntil()))
                    ? suggesting(AuditType.INITIAL, Reason.LAPSED, number, state)
                    : suggesting(AuditType.RECERTIFICATION, Reason.RESTORABLE, number, state);
            case WITHDRAWN -> suggesting(AuditType.INITIAL, Reason.WITHDRAWN, number, state);
        };
    }

    private static NextAudit suggesting(AuditType type, Reason reason, String number, CertificateHistory.StateOn state) {
        return new NextAudit(type, reason, state.day(), number, state, type);
    }

    /** The last first on-site day of a re-certification that restores the certificate expired on {@link #day}. */
    public LocalDate lastRestoringDay() {
        return certificate == null ? null : CertificateHistory.lastRestoringDay(certificate.validUntil());
    }

    /**
     * SURVEILLANCE_DUE and CYCLE_DONE: the day the suggested audit is due by (the surveillance's due day, or the last
     * valid day by which the re-certification is decided); else null.
     */
    public LocalDate dueBy() {
        return reason == Reason.SURVEILLANCE_DUE || reason == Reason.CYCLE_DONE ? certificate.nextActivity().dueBy()
                : null;
    }
}
