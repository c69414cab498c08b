package org.certaudit.audit;

/**
 * Everything that can happen to an audit. The permits list is the table of contents of the
 * project stream; each event is a permanent contract (change one only with an upcaster). The one change without: a
 * field added at the end as nullable, which every earlier event is read with as null (no stored event said it); a test
 * reads an earlier event through the events' serializer (AuditOpened's half-days, session 22; CertificateSuspended's
 * surveillanceDue, session 23).
 */
public sealed interface AuditEvent permits
        AuditOpened,
        OnSiteAuditRescheduled,
        TeamMemberAssigned,
        TeamMemberRemoved,
        PledgeSigned,
        PledgeDateCorrected,
        ItemScored,
        ItemScoreRevised,
        ItemMarkedNotApplicable,
        ItemNotApplicableReasonRevised,
        ItemApplicabilityRestored,
        SpecialItemRecorded,
        SpecialItemWithdrawn,
        FindingsRecorded,
        GradeRecommended,
        AuditReopened,
        AuditCancelled,
        TechnicalReviewAccepted,
        TechnicalReviewReturned,
        CertificateGranted,
        CertificationRefused,
        CertificateMaintained,
        CertificateSuspended,
        CertificateRestored,
        CertificateWithdrawn,
        CertificateRenewed {

    AuditId auditId();
}
