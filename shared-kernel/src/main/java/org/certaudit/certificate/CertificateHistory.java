package org.certaudit.certificate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.Certificate;
import org.certaudit.audit.CertificateGranted;
import org.certaudit.audit.CertificateMaintained;
import org.certaudit.audit.CertificateRenewed;
import org.certaudit.audit.CertificateRestored;
import org.certaudit.audit.CertificateSuspended;
import org.certaudit.audit.CertificateWithdrawn;
import org.certaudit.scheme.Grade;

/**
 * One certificate's life: what it showed after each change, from the day the change took effect.
 * A pure fold of the project's certificate events, used by the project aggregate (the lineage and
 * decision rules) and by the certificate register (status as of a date) alike.
 *
 * <p>The status on a day: before the issue date there is none; withdrawn from the withdrawal date;
 * else expired after the last valid day in force that day; else suspended while a suspension
 * stands (also past its planned end: only a restoration, a maintaining decision or a withdrawal
 * ends it); else valid.
 *
 * @param number  the certificate number
 * @param issued  the certificate as issued or last renewed (organization, scope, scheme, ...)
 * @param changes every change in the order of the events, each with the state it left
 */
public record CertificateHistory(String number, Certificate issued, List<Change> changes) {

    public CertificateHistory {
        Objects.requireNonNull(number, "certificate number is required");
        changes = List.copyOf(changes);
    }

    /** The kinds of change, in a certificate's own words. */
    public enum Kind {
        ISSUED("颁发"), RENEWED("换证"), MAINTAINED("保持"), SUSPENDED("暂停"), RESTORED("恢复"), WITHDRAWN("撤销");

        private final String chineseName;

        Kind(String chineseName) {
            this.chineseName = chineseName;
        }

        public String chineseName() {
            return chineseName;
        }
    }

    /**
     * A change and the state it left, effective from {@code effectiveOn}.
     *
     * @param auditId        the audit whose decision caused it
     * @param suspendedUntil the planned end of a standing suspension, else null
     */
    public record Change(
            Kind kind,
            LocalDate effectiveOn,
            AuditId auditId,
            String by,
            String reason,
            Grade grade,
            LocalDate validFrom,
            LocalDate validUntil,
            LocalDate surveillanceDue,
            boolean suspended,
            LocalDate suspendedUntil,
            boolean withdrawn) {
    }

    /** A certificate's status, grade and validity on one day. */
    public record StateOn(
            LocalDate day,
            CertificateStatus status,
            Grade grade,
            LocalDate validFrom,
            LocalDate validUntil,
            LocalDate surveillanceDue,
            LocalDate suspendedUntil) {

        /**
         * Whether a suspension still stands after its planned end ({@code suspendedUntil}, its last day). It stays
         * SUSPENDED until a decision: the body restores the certificate, or withdraws it (or reduces its scope) when the
         * issues were not resolved in time (ISO/IEC 17021-1 9.6.5.2, ISO/IEC 17065 7.11), and the register says so.
         */
        public boolean suspensionOverdue() {
            return status == CertificateStatus.SUSPENDED && suspendedUntil != null && day.isAfter(suspendedUntil);
        }
    }

    /** The history a granted certificate starts. */
    public static CertificateHistory issued(CertificateGranted granted) {
        Certificate certificate = granted.certificate();
        return new CertificateHistory(certificate.number(), certificate, List.of(new Change(Kind.ISSUED,
                certificate.issuedOn(), granted.auditId(), granted.decision().decider(), granted.decision().reason(),
                certificate.grade(), certificate.validFrom(), certificate.validUntil(), certificate.surveillanceDue(),
                false, null, false)));
    }

    /**
     * The history after {@code event}; events about other certificates, or not about certificates,
     * leave it as it is.
     */
    public CertificateHistory apply(AuditEvent event) {
        Change last = latest();
        if (event instanceof CertificateRenewed renewed && renewed.certificate().number().equals(number)) {
            Certificate c = renewed.certificate();
            return new CertificateHistory(number, c, append(new Change(Kind.RENEWED, c.issuedOn(), renewed.auditId(),
                    renewed.decision().decider(), renewed.decision().reason(), c.grade(), c.validFrom(),
                    c.validUntil(), c.surveillanceDue(), false, null, false)));
        }
        if (event instanceof CertificateMaintained maintained && maintained.certificateNumber().equals(number)) {
            return with(new Change(Kind.MAINTAINED, maintained.decision().decidedOn(), maintained.auditId(),
                    maintained.decision().decider(), maintained.decision().reason(), maintained.decision().grade(),
                    last.validFrom(), last.validUntil(), maintained.surveillanceDue(), false, null, false));
        }
        if (event instanceof CertificateSuspended suspended && suspended.certificateNumber().equals(number)) {
            return with(new Change(Kind.SUSPENDED, suspended.decision().decidedOn(), suspended.auditId(),
                    suspended.decision().decider(), suspended.decision().reason(), last.grade(), last.validFrom(),
                    last.validUntil(), suspended.surveillanceDue() != null ? suspended.surveillanceDue()
                            : last.surveillanceDue(), true, suspended.suspendedUntil(), false));
        }
        if (event instanceof CertificateRestored restored && restored.certificateNumber().equals(number)) {
            return with(new Change(Kind.RESTORED, restored.restoredOn(), restored.auditId(), restored.decider(),
                    restored.reason(), last.grade(), last.validFrom(), last.validUntil(), last.surveillanceDue(),
                    false, null, false));
        }
        if (event instanceof CertificateWithdrawn withdrawn && withdrawn.certificateNumber().equals(number)) {
            return with(new Change(Kind.WITHDRAWN, withdrawn.decision().decidedOn(), withdrawn.auditId(),
                    withdrawn.decision().decider(), withdrawn.decision().reason(), last.grade(), last.validFrom(),
                    last.validUntil(), last.surveillanceDue(), false, null, true));
        }
        return this;
    }

    /** The latest change: the state from its day on. */
    public Change latest() {
        return changes.get(changes.size() - 1);
    }

    /** The first day the certificate existed. */
    public LocalDate issuedOn() {
        return changes.get(0).effectiveOn();
    }

    /** The state on {@code day}; empty before the certificate was issued. */
    public Optional<StateOn> on(LocalDate day) {
        Change inForce = null;
        for (Change change : changes) {
            if (!change.effectiveOn().isAfter(day)) {
                inForce = change;
            }
        }
        if (inForce == null) {
            return Optional.empty();
        }
        CertificateStatus status;
        if (inForce.withdrawn()) {
            status = CertificateStatus.WITHDRAWN;
        } else if (day.isAfter(inForce.validUntil())) {
            status = CertificateStatus.EXPIRED;
        } else if (inForce.suspended()) {
            status = CertificateStatus.SUSPENDED;
        } else {
            status = CertificateStatus.VALID;
        }
        return Optional.of(new StateOn(day, status, inForce.grade(), inForce.validFrom(), inForce.validUntil(),
                inForce.surveillanceDue(), inForce.suspendedUntil()));
    }

    /** The status on {@code day}; empty before the certificate was issued. */
    public Optional<CertificateStatus> statusOn(LocalDate day) {
        return on(day).map(StateOn::status);
    }

    private CertificateHistory with(Change change) {
        return new CertificateHistory(number, issued, append(change));
    }

    private List<Change> append(Change change) {
        List<Change> next = new ArrayList<>(changes);
        next.add(change);
        return next;
    }
}
