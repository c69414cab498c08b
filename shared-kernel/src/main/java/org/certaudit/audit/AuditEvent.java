package org.certaudit.audit;

/**
 * Everything that can happen to an audit. The permits list is the table of contents of the
 * project stream; each event is a permanent contract (change one only with an upcaster).
 */
public sealed interface AuditEvent permits
        AuditOpened,
        TeamMemberAssigned,
        TeamMemberRemoved,
        PledgeSigned,
        ItemScored,
        ItemScoreRevised,
        ItemMarkedNotApplicable,
        ItemApplicabilityRestored,
        SpecialItemRecorded,
        SpecialItemWithdrawn,
        FindingsRecorded,
        GradeRecommended,
        AuditReopened,
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
