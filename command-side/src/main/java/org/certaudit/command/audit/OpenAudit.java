package org.certaudit.command.audit;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.Organization;
import org.certaudit.audit.ProjectNumber;

/**
 * Open the next audit of a project (the report's basic information 1.1 to 1.10). The project
 * gives the audit its number; the scheme is pinned to the catalogue version in force. A
 * surveillance or re-certification takes the organization, scope and criteria from its
 * predecessor when they are omitted (null, or an empty criteria list), and with {@code copyTeam}
 * the predecessor's team too (pledges are signed afresh, scores never carried over).
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
        long calendarDays = ChronoUnit.DAYS.between(onSiteFrom, onSiteTo) + 1;
        Shape.check(onSiteDays.signum() > 0 && onSiteDays.compareTo(BigDecimal.valueOf(calendarDays)) <= 0,
                "on-site days must be more than 0 and at most the " + calendarDays
                        + " calendar days from " + onSiteFrom + " to " + onSiteTo + ", was " + onSiteDays);
        Shape.check(onSiteDays.stripTrailingZeros().scale() <= 1,
                "on-site days are counted in tenths at most, was " + onSiteDays);
    }

    /** An audit with everything given and no team copied. */
    public OpenAudit(ProjectNumber projectNumber, AuditType type, String schemeId, Organization organization,
                     String otherSites, String scope, List<String> criteria, LocalDate onSiteFrom,
                     LocalDate onSiteTo, BigDecimal onSiteDays) {
        this(projectNumber, type, schemeId, organization, otherSites, scope, criteria, onSiteFrom, onSiteTo,
                onSiteDays, false);
    }
}
