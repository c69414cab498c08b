package org.certaudit.audit;

/**
 * An ADMIN moved the audit's on-site period, with the reason (the client asked for other dates, a team member fell
 * ill, the dates were entered wrong): from now on the audit is on site in {@code period} instead of {@code previous},
 * the period the {@link AuditOpened} (or the last rescheduling) recorded, which stays in the stream. The event carries
 * both periods, all of each, as {@link PledgeDateCorrected} carries both days, so that it reads alone.
 * {@code rescheduledBy} is the user name of the person who rescheduled it; when is the event's timestamp. Only an
 * audit whose team has not recommended a grade is rescheduled: the recommendation rests on the visit.
 */
public record OnSiteAuditRescheduled(
        AuditId auditId,
        OnSitePeriod previous,
        OnSitePeriod period,
        String rescheduledBy,
        String reason) implements AuditEvent {
}
