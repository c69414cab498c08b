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
 * <p>The issue and each renewal open a validity period ({@link Period}). A renewal decided before the last valid day
 * of the period in force continues from it: the new period is decided on one day and begins on a later one, and
 * until then the earlier period is still the one in force: a recertification's new cycle follows the expiry of the
 * prior one, it does not cut it short. The changes after a renewal (maintenance, suspension, restoration, withdrawal)
 * belong to the renewed period and carry its validity and grade, as the aggregate reads them.
 *
 * <p>The status on a day: before the issue date there is none; withdrawn from the withdrawal date;
 * else expired after the last valid day of the period in force that day (the last period decided by then that has
 * begun); else suspended while a suspension stands (also past its planned end: only a restoration, a maintaining
 * decision, a renewal or a withdrawal ends it); else valid. A suspension or a withdrawal is the certificate's, so
 * one decided during the earlier period of a renewed certificate holds from its day, across the periods' boundary.
 *
 * <p>What a period's certificate says (organization, scope, scheme) is the issue's or renewal's that opened it: a
 * re-certification may change the scope or carry the organization's new name, and the days before it keep the old.
 *
 * @param number  the certificate number
 * @param issued  the certificate as issued or last renewed (organization, scope, scheme, ...): the latest; what the
 *                certificate stood for on a day is its period's ({@link StateOn#certificate()})
 * @param changes every change in the order of the events, each with the state it left
 */
public record CertificateHistory(String number, Certificate issued, List<Change> changes) {

    /** ISO/IEC 17021-1 9.6.3: how many months after its expiry a re-certification can still restore a certification. */
    public static final int RESTORING_MONTHS = 6;

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
     * @param certificate    ISSUED and RENEWED: the certificate as issued or renewed; null for the other kinds, and in a
     *                       history stored before the changes kept it (a project snapshot of revision 2), where the
     *                       periods take {@link CertificateHistory#issued()} instead
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
            boolean withdrawn,
            Certificate certificate) {
    }

    /**
     * A validity period, as issued or renewed, with its grade as the decisions about it left it.
     *
     * @param kind            ISSUED or RENEWED
     * @param issuedOn        the day the issue or renewal was decided
     * @param auditId         the audit whose decision opened it
     * @param surveillanceDue the next surveillance as the period's own decisions left it
     * @param certificate     the certificate as the issue or renewal printed it: the organization, scope and scheme
     *                        of the period (its grade, validity and surveillance due are the fields above, as the
     *                        period's decisions left them)
     */
    public record Period(
            Kind kind,
            LocalDate issuedOn,
            AuditId auditId,
            Grade grade,
            LocalDate validFrom,
            LocalDate validUntil,
            LocalDate surveillanceDue,
            Certificate certificate) {
    }

    /**
     * A certificate's status, grade and validity on one day.
     *
     * @param grade           the grade of the period in force
     * @param validFrom       the first day of the period in force
     * @param validUntil      the last valid day of the period in force
     * @param surveillanceDue the next surveillance as the latest decision by {@code day} recorded it (a renewal's
     *                        re-certification audit stands for a surveillance, so after an early renewal it is the
     *                        renewal's, also while the earlier period is in force); null when it recorded none. Whether
     *                        it is what comes next is {@link #nextActivity()}'s to say: one due in the period's last
     *                        year gives way to the re-certification
     * @param issuedOn        the day the period in force was issued or renewed
     * @param certificate     the certificate of the period in force as its issue or renewal printed it: the
     *                        organization, scope and scheme the certificate stood for on {@code day}
     * @param next            the period already decided to follow the one in force (an early renewal), else null;
     *                        none for a withdrawn certificate
     * @param renewedUntil    the last valid day of the decided periods that follow the one in force without a break,
     *                        else null: {@code next.validUntil()} unless a second renewal was decided as well
     */
    public record StateOn(
            LocalDate day,
            CertificateStatus status,
            Grade grade,
            LocalDate validFrom,
            LocalDate validUntil,
            LocalDate surveillanceDue,
            LocalDate suspendedUntil,
            LocalDate issuedOn,
            Certificate certificate,
            Period next,
            LocalDate renewedUntil) {

        /**
         * The last day the certificate stays valid by what is decided on {@code day} if nothing else is: the end of
         * the period in force, or of the renewal decided to follow it. What the register's expiry warning looks at.
         */
        public LocalDate lastValidDay() {
            return renewedUntil != null ? renewedUntil : validUntil;
        }

        /**
         * What the certificate calls for next while it is in force (VALID or SUSPENDED), by {@link NextActivity}'s
         * rule: the surveillance the latest decision by {@code day} set due, or the re-certification by
         * {@link #lastValidDay()}. The latest decision belongs to the last period decided by {@code day}, which ends on
         * that day (an early renewal's period, once decided: its re-certification settled the earlier one's cycle).
         * Null once expired or withdrawn: what follows then is the console's to suggest from the day (a
         * re-certification that restores the certificate, or a new initial audit).
         */
        public NextActivity nextActivity() {
            return status == CertificateStatus.VALID || status == CertificateStatus.SUSPENDED
                    ? NextActivity.of(surveillanceDue, lastValidDay()) : null;
        }

        /**
         * Whether a suspension still stands after its planned end ({@code suspendedUntil}, its last day). It stays
         * SUSPENDED until a decision: the body restores the certificate, or withdraws it (or reduces its scope) when the
         * issues were not resolved in time (ISO/IEC 17021-1 9.6.5.2, ISO/IEC 17065 7.11), and the register says so.
         */
        public boolean suspensionOverdue() {
            return status == CertificateStatus.SUSPENDED && suspendedUntil != null && day.isAfter(suspendedUntil);
        }
    }

    /**
     * The last first on-site day of a re-certification that restores a certificate whose last valid day was
     * {@code validUntil}: {@value #RESTORING_MONTHS} months later (ISO/IEC 17021-1 9.6.3: restored within six months of
     * its expiry; later, at least a stage 2 audit, that is, a new initial audit).
     */
    public static LocalDate lastRestoringDay(LocalDate validUntil) {
        return validUntil.plusMonths(RESTORING_MONTHS);
    }

    /** The history a granted certificate starts. */
    public static CertificateHistory issued(CertificateGranted granted) {
        Certificate certificate = granted.certificate();
        return new CertificateHistory(certificate.number(), certificate, List.of(new Change(Kind.ISSUED,
                certificate.issuedOn(), granted.auditId(), granted.decision().decider(), granted.decision().reason(),
                certificate.grade(), certificate.validFrom(), certificate.validUntil(), certificate.surveillanceDue(),
                false, null, false, certificate)));
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
                    c.validUntil(), c.surveillanceDue(), false, null, false, c)));
        }
        if (event instanceof CertificateMaintained maintained && maintained.certificateNumber().equals(number)) {
            return with(new Change(Kind.MAINTAINED, maintained.decision().decidedOn(), maintained.auditId(),
                    maintained.decision().decider(), maintained.decision().reason(), maintained.decision().grade(),
                    last.validFrom(), last.validUntil(), maintained.surveillanceDue(), false, null, false, null));
        }
        if (event instanceof CertificateSuspended suspended && suspended.certificateNumber().equals(number)) {
            return with(new Change(Kind.SUSPENDED, suspended.decision().decidedOn(), suspended.auditId(),
                    suspended.decision().decider(), suspended.decision().reason(), last.grade(), last.validFrom(),
                    last.validUntil(), suspended.surveillanceDue() != null ? suspended.surveillanceDue()
                            : last.surveillanceDue(), true, suspended.suspendedUntil(), false, null));
        }
        if (event instanceof CertificateRestored restored && restored.certificateNumber().equals(number)) {
            return with(new Change(Kind.RESTORED, restored.restoredOn(), restored.auditId(), restored.decider(),
                    restored.reason(), last.grade(), last.validFrom(), last.validUntil(), last.surveillanceDue(),
                    false, null, false, null));
        }
        if (event instanceof CertificateWithdrawn withdrawn && withdrawn.certificateNumber().equals(number)) {
            return with(new Change(Kind.WITHDRAWN, withdrawn.decision().decidedOn(), withdrawn.auditId(),
                    withdrawn.decision().decider(), withdrawn.decision().reason(), last.grade(), last.validFrom(),
                    last.validUntil(), last.surveillanceDue(), false, null, true, null));
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

    /**
     * Every validity period in order, each with its grade and surveillance due as the latest change about it left
     * them.
     */
    public List<Period> periods() {
        return periodsOn(null);
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
        List<Period> decided = periodsOn(day);
        // A withdrawal is final: a period it comes before never begins.
        LocalDate begunBy = inForce.withdrawn() ? inForce.effectiveOn() : day;
        int current = 0;
        for (int i = 0; i < decided.size(); i++) {
            if (!decided.get(i).validFrom().isAfter(begunBy)) {
                current = i;
            }
        }
        Period period = decided.get(current);
        Period next = null;
        LocalDate renewedUntil = null;
        if (!inForce.withdrawn()) {
            LocalDate end = period.validUntil();
            for (Period later : decided.subList(current + 1, decided.size())) {
                if (!later.validFrom().equals(end.plusDays(1))) {
                    break;
                }
                next = next == null ? later : next;
                end = renewedUntil = later.validUntil();
            }
        }
        CertificateStatus status;
        if (inForce.withdrawn()) {
            status = CertificateStatus.WITHDRAWN;
        } else if (day.isAfter(period.validUntil())) {
            status = CertificateStatus.EXPIRED;
        } else if (inForce.suspended()) {
            status = CertificateStatus.SUSPENDED;
        } else {
            status = CertificateStatus.VALID;
        }
        return Optional.of(new StateOn(day, status, period.grade(), period.validFrom(), period.validUntil(),
                inForce.surveillanceDue(), inForce.suspendedUntil(), period.issuedOn(), period.certificate(), next,
                renewedUntil));
    }

    /** The status on {@code day}; empty before the certificate was issued. */
    public Optional<CertificateStatus> statusOn(LocalDate day) {
        return on(day).map(StateOn::status);
    }

    /**
     * The periods decided by {@code day} (all when null), each as the last change about it effective by then left it:
     * a change belongs to the period the latest issue or renewal before it opened.
     */
    private List<Period> periodsOn(LocalDate day) {
        List<Period> periods = new ArrayList<>();
        Change opening = null;
        for (Change change : changes) {
            if (day != null && change.effectiveOn().isAfter(day)) {
                continue;
            }
            if (change.kind() == Kind.ISSUED || change.kind() == Kind.RENEWED) {
                opening = change;
            } else {
                periods.remove(periods.size() - 1);
            }
            // A history stored before the changes kept their certificate knows only the latest: the old answer.
            Certificate printed = opening.certificate() != null ? opening.certificate() : issued;
            periods.add(new Period(opening.kind(), opening.effectiveOn(), opening.auditId(), change.grade(),
                    change.validFrom(), change.validUntil(), change.surveillanceDue(), printed));
        }
        return periods;
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
