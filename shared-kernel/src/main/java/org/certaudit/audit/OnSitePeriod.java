package org.certaudit.audit;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * An audit's on-site period as the report's 1.10 gives it: its first and last day, the on-site days (in tenths at
 * most), and the half of the first and last day it starts and ends in ({@code fromHalfDay}, {@code toHalfDay}; null
 * when not said). A value the events carry as it was recorded: the rules a new period must meet (the last day not
 * before the first, the days within the span) are the command side's, checked before any event is applied.
 */
public record OnSitePeriod(
        LocalDate from,
        LocalDate to,
        BigDecimal days,
        HalfDay fromHalfDay,
        HalfDay toHalfDay) {

    /** The period an audit was opened with. */
    public static OnSitePeriod of(AuditOpened opened) {
        return new OnSitePeriod(opened.onSiteFrom(), opened.onSiteTo(), opened.onSiteDays(), opened.onSiteFromHalfDay(),
                opened.onSiteToHalfDay());
    }

    /**
     * The days the period spans: its calendar days, less half a day for a start in the afternoon and for an end in the
     * morning (2021-06-05 afternoon to 2021-06-07 morning: 2.0).
     */
    public BigDecimal span() {
        BigDecimal span = BigDecimal.valueOf(ChronoUnit.DAYS.between(from, to) + 1);
        BigDecimal half = new BigDecimal("0.5");
        if (fromHalfDay == HalfDay.AFTERNOON) {
            span = span.subtract(half);
        }
        if (toHalfDay == HalfDay.MORNING) {
            span = span.subtract(half);
        }
        return span;
    }

    /** The same period: the same days and half-days, the on-site days equal in value (3 and 3.0 are one). */
    public boolean samePeriod(OnSitePeriod other) {
        return other != null && Objects.equals(from, other.from) && Objects.equals(to, other.to)
                && (days == null ? other.days == null : other.days != null && days.compareTo(other.days) == 0)
                && fromHalfDay == other.fromHalfDay && toHalfDay == other.toHalfDay;
    }
}
