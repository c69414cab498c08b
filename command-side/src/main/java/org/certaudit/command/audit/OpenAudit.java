package org.certaudit.command.audit;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.HalfDay;
import org.certaudit.audit.Organization;
import org.certaudit.audit.ProjectNumber;

/**
 * Open the next audit of a project (the report's basic information 1.1 to 1.10). The project
 * gives the audit its number; the scheme is pinned to the catalogue version in force. A
 * surveillance or re-certification takes the organization, scope and criteria from its
 * predecessor when they are omitted (null, or an empty criteria list), and with {@code copyTeam}
 * the predecessor's team too (pledges are signed afresh, scores never carried over). The on-site period may
 * start and end in a half of its first and last day ({@code onSiteFromHalfDay}, {@code onSiteToHalfDay}, each
 * optional); the on-site days are then at most the half-days between them.
 */
public record OpenAudit(
        @TargetAggregateIdentifier ProjectNumber projectNumber,
        AuditType type,
        String schemeId,
        Organization organization,
        String otherSites,
        String scope,
        List<String> criteria,
        LocalDate onSiteFrom,
        LocalDate onSiteTo,
        BigDecimal onSiteDays,
        HalfDay onSiteFromHalfDay,
        HalfDay onSiteToHalfDay,
        boolean copyTeam) {

    public OpenAudit {
        Shape.required(projectNumber, "project number");
        Shape.required(type, "audit type");
        schemeId = Shape.text(schemeId, "scheme id");
        if (type == AuditType.INITIAL) {
            Shape.required(organization, "organization");
            scope = Shape.text(scope, "scope");
        } else {
            scope = Shape.optionalText(scope);
        }
        otherSites = Shape.optionalText(otherSites);
        criteria = Shape.texts(criteria, "criteria");
        Shape.required(onSiteFrom, "first on-site day");
        Shape.required(onSiteTo, "last on-site day");
        Shape.required(onSiteDays, "on-site days");
        Shape.check(!onSiteTo.isBefore(onSiteFrom),
                "the last on-site day " + onSiteTo + " is before the first " + onSiteFrom);
        Shape.check(!(onSiteTo.equals(onSiteFrom) && onSiteFromHalfDay == HalfDay.AFTERNOON
                        && onSiteToHalfDay == HalfDay.MORNING),
                "the on-site period of " + onSiteFrom + " cannot start in the afternoon and end in the morning");
        BigDecimal period = period(onSiteFrom, onSiteFromHalfDay, onSiteTo, onSiteToHalfDay);
        Shape.check(onSiteDays.signum() > 0 && onSiteDays.compareTo(period) <= 0,
                "on-site days must be more than 0 and at most the " + period.toPlainString()
                        + " days from " + onSiteFrom + " to " + onSiteTo + ", was " + onSiteDays);
        Shape.check(onSiteDays.stripTrailingZeros().scale() <= 1,
                "on-site days are counted in tenths at most, was " + onSiteDays);
    }

    /** An audit with everything given, its on-site period in whole days, and no team copied. */
    public OpenAudit(ProjectNumber projectNumber, AuditType type, String schemeId, Organization organization,
                     String otherSites, String scope, List<String> criteria, LocalDate onSiteFrom,
                     LocalDate onSiteTo, BigDecimal onSiteDays) {
        this(projectNumber, type, schemeId, organization, otherSites, scope, criteria, onSiteFrom, onSiteTo,
                onSiteDays, null, null, false);
    }

    /**
     * The days the on-site period spans: its calendar days, less half a day for a start in the afternoon and for an
     * end in the morning (2021-06-05 afternoon to 2021-06-07 morning: 2.0).
     */
    static BigDecimal period(LocalDate from, HalfDay fromHalfDay, LocalDate to, HalfDay toHalfDay) {
        BigDecimal days = BigDecimal.valueOf(ChronoUnit.DAYS.between(from, to) + 1);
        BigDecimal half = new BigDecimal("0.5");
        if (fromHalfDay == HalfDay.AFTERNOON) {
            days = days.subtract(half);
        }
        if (toHalfDay == HalfDay.MORNING) {
            days = days.subtract(half);
        }
        return days;
    }
}
