package org.certaudit.command.audit;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import org.certaudit.command.web.InvalidFieldException;
import org.certaudit.web.RuleCode;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * How far ahead an audit's on-site period may start, when the audit is opened and when it is rescheduled: at most
 * {@code certaudit.audits.on-site-horizon-days} days (default 366) after today on the certification body's calendar
 * ({@code certaudit.time-zone}, default Asia/Shanghai), which {@link #today()} also gives the rescheduling's rules.
 * An audit whose on-site period lies years ahead can never be finished (its pledges, report, review and decision are
 * dated no later than today, and its report not before the on-site period), and while it is open the project opens
 * no other audit: a mistyped year would block the client's certification. Judged here, on the web side, as the
 * dates of acts are, since the aggregate never reads the clock.
 */
@Component
class OnSiteHorizon {

    private final int days;
    private final ZoneId zone;
    private final Clock clock;

    OnSiteHorizon(@Value("${certaudit.audits.on-site-horizon-days:366}") int days,
                  @Value("${certaudit.time-zone:Asia/Shanghai}") String zone, ObjectProvider<Clock> clock) {
        if (days < 0) {
            throw new IllegalArgumentException("certaudit.audits.on-site-horizon-days must not be negative, was " + days);
        }
        this.days = days;
        this.zone = ZoneId.of(zone);
        this.clock = clock.getIfUnique(Clock::systemUTC);
    }

    /** Today on the certification body's calendar. */
    LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), zone);
    }

    /** The last day an on-site period may start on, today being the certification body's. */
    LocalDate latestStart() {
        return today().plusDays(days);
    }

    /**
     * Refuses a first on-site day after {@link #latestStart()}: 400 {@code open.on-site-too-far-ahead} naming
     * {@code field}, with the latest day allowed and the horizon in days.
     */
    void require(LocalDate onSiteFrom, String field) {
        LocalDate latest = latestStart();
        if (onSiteFrom.isAfter(latest)) {
            throw new InvalidFieldException(field, RuleCode.OPEN_ON_SITE_TOO_FAR_AHEAD.with("latest", latest,
                    "days", days), "must be at most " + days + " days after today on the certification body's "
                    + "calendar, by " + latest + "; was " + onSiteFrom);
        }
    }
}
