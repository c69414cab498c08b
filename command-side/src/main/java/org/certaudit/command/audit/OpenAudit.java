package org.certaudit.command.audit;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.HalfDay;
import org.certaudit.audit.OnSitePeriod;
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
        Shape.onSite(new OnSitePeriod(onSiteFrom, onSiteTo, onSiteDays, onSiteFromHalfDay, onSiteToHalfDay));
    }

    /** An audit with everything given, its on-site period in whole days, and no team copied. */
    public OpenAudit(ProjectNumber projectNumber, AuditType type, String schemeId, Organization organization,
                     String otherSites, String scope, List<String> criteria, LocalDate onSiteFrom,
                     LocalDate onSiteTo, BigDecimal onSiteDays) {
        this(projectNumber, type, schemeId, organization, otherSites, scope, criteria, onSiteFrom, onSiteTo,
                onSiteDays, null, null, false);
    }
}
