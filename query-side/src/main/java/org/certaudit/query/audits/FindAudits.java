package org.certaudit.query.audits;

import java.time.LocalDate;
import org.certaudit.audit.AuditType;
import org.certaudit.scheme.Grade;

/**
 * Audits matching every given filter (null: any), ordered by project number and audit number.
 *
 * @param organization part of the organization's name, any case
 * @param onSiteFrom   audits whose on-site period ends on or after this day
 * @param onSiteTo     audits whose on-site period starts on or before this day
 * @param grade        audits whose recommendation stands at this grade
 * @param independentOf audits this user may review or decide: never on the team, and for an audit awaiting its
 *                      decision never one of its reviewers, accepting or returning it (ISO/IEC 17065 7.5.1, 7.6.1,
 *                      ISO/IEC 17021-1 9.5.1.2; the command side's rules, which still decide)
 * @param onTeam        audits whose team this user is on now (a member removed since is no longer)
 *                      <p>Both user names are matched regardless of case and width, as the command side's rules match
 *                      them ({@link org.certaudit.audit.UserNames}).
 * @param openOnly      only audits the team may still change ({@link AuditStatus#openForChanges()})
 */
public record FindAudits(String projectNumber, AuditStatus status, AuditType type, String organization,
                         LocalDate onSiteFrom, LocalDate onSiteTo, Grade grade, String independentOf, String onTeam,
                         boolean openOnly, int page, int size) {

    public FindAudits(String projectNumber, AuditStatus status, AuditType type, String organization,
                      LocalDate onSiteFrom, LocalDate onSiteTo, Grade grade, String independentOf, int page, int size) {
        this(projectNumber, status, type, organization, onSiteFrom, onSiteTo, grade, independentOf, null, false, page, size);
    }

    public FindAudits(String projectNumber, AuditStatus status, AuditType type, String organization,
                      LocalDate onSiteFrom, LocalDate onSiteTo, Grade grade, int page, int size) {
        this(projectNumber, status, type, organization, onSiteFrom, onSiteTo, grade, null, page, size);
    }

    public FindAudits(String projectNumber, AuditStatus status, AuditType type, int page, int size) {
        this(projectNumber, status, type, null, null, null, null, null, page, size);
    }
}
