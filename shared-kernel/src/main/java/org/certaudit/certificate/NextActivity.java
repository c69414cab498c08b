package org.certaudit.certificate;

import java.time.LocalDate;
import java.util.Objects;
import org.certaudit.audit.AuditType;

/**
 * What a certificate in force calls for next in its certification cycle: a surveillance audit by a day, or the
 * re-certification, decided by the last valid day.
 *
 * <p>The rule: ISO/IEC 17021-1 9.1.3 plans a certification cycle as surveillance audits in the first and second years
 * after the certification decision and a re-certification audit in the third year, before the expiry; surveillance is
 * at least once a calendar year, "except in re-certification years" (scheme rules under ISO/IEC 17065 7.9 alike). So a
 * validity period of n years ({@code certaudit.certificates.validity-years}, 3 by default) has its surveillances in its
 * first n - 1 years and its re-certification in the last one: the surveillance a decision sets due (its audit's last
 * on-site day plus the surveillance interval, {@code certaudit.certificates.surveillance-months}) comes next only when
 * it is due before the period's last year begins ({@link #recertificationYearFrom}, the period's last anniversary);
 * due on or after that day, or with none set, the re-certification comes next instead, decided by the last valid day
 * (9.6.3). The years are the period's own: for a period that an early renewal continues, the renewed one's.
 *
 * <p>With the default twelve-month interval this is also "the surveillance after it would fall due after the expiry".
 * The rule reads what was recorded, so a decision stored with a surveillance due in the last year (before this rule,
 * the command side recorded one a year after every surveillance) reads as the re-certification too, with no event
 * rewritten.
 *
 * @param type  {@link AuditType#SURVEILLANCE} or {@link AuditType#RECERTIFICATION}
 * @param dueBy a surveillance: the day it is due by; the re-certification: the last valid day of the period, by which
 *              it is decided
 */
public record NextActivity(AuditType type, LocalDate dueBy) {

    public NextActivity {
        Objects.requireNonNull(type, "type is required");
        Objects.requireNonNull(dueBy, "due day is required");
        if (type == AuditType.INITIAL) {
            throw new IllegalArgumentException("a certificate in force is followed by a surveillance or a "
                    + "re-certification, not by an initial audit");
        }
    }

    /**
     * The activity a decision leaves next.
     *
     * @param surveillanceDue the next surveillance's due day as the decision recorded it; null when it recorded none
     * @param validUntil      the last valid day (inclusive) of the validity period the decision belongs to
     * @throws NullPointerException without {@code validUntil}
     */
    public static NextActivity of(LocalDate surveillanceDue, LocalDate validUntil) {
        Objects.requireNonNull(validUntil, "last valid day is required");
        return surveillanceDue != null && surveillanceDue.isBefore(recertificationYearFrom(validUntil))
                ? new NextActivity(AuditType.SURVEILLANCE, surveillanceDue)
                : new NextActivity(AuditType.RECERTIFICATION, validUntil);
    }

    /**
     * The first day of the re-certification year of a validity period whose last valid day is {@code validUntil}: one
     * year before the day after it, the period's last anniversary (2023-07-01 for a period from 2021-07-01 to
     * 2024-06-30).
     */
    public static LocalDate recertificationYearFrom(LocalDate validUntil) {
        return validUntil.plusDays(1).minusYears(1);
    }

    /** The surveillance's due day when a surveillance is next; null when the re-certification is. */
    public LocalDate surveillanceDue() {
        return type == AuditType.SURVEILLANCE ? dueBy : null;
    }
}
