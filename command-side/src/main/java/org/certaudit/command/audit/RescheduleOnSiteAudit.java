package org.certaudit.command.audit;

import java.time.LocalDate;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.OnSitePeriod;

/**
 * An ADMIN moves an audit's on-site period to {@code period}, all of it, saying why. {@code today} is the day the
 * request is made on the certification body's calendar, which the web side reads (the aggregate never reads the
 * clock): a visit begun by then whose team has recorded item results is not moved to start after it.
 */
public record RescheduleOnSiteAudit(AuditId auditId, OnSitePeriod period, String reason, LocalDate today)
        implements AuditCommand {

    public RescheduleOnSiteAudit {
        Shape.required(auditId, "audit id");
        Shape.onSite(period);
        reason = Shape.text(reason, "reason");
        Shape.required(today, "today");
    }
}
