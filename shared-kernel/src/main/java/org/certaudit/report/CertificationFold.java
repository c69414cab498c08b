package org.certaudit.report;

import java.util.HashMap;
import java.util.Map;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.CertificateGranted;
import org.certaudit.audit.CertificateMaintained;
import org.certaudit.audit.CertificateRenewed;
import org.certaudit.audit.CertificateRestored;
import org.certaudit.audit.CertificateSuspended;
import org.certaudit.audit.CertificateWithdrawn;
import org.certaudit.audit.CertificationRefused;
import org.certaudit.audit.Decision;
import org.certaudit.audit.TechnicalReviewAccepted;
import org.certaudit.audit.TechnicalReviewReturned;
import org.certaudit.certificate.CertificateHistory;

/**
 * The certification record of one audit, folded from its project's events in stream order: the audit's latest technical
 * review and certification decision, and the history of every certificate of the project (the shared-kernel
 * {@link CertificateHistory}, so that a surveillance audit's decision finds the certificate an earlier audit granted).
 * Immutable in its result: {@link #record()} is what the events so far say.
 */
public final class CertificationFold {

    private final AuditId auditId;
    private final Map<String, CertificateHistory> certificates = new HashMap<>();
    private CertificationRecord.Review review;
    private CertificationRecord.Decision decision;
    private String certificateNumber;

    public CertificationFold(AuditId auditId) {
        this.auditId = auditId;
    }

    /**
     * Takes in the next event of the project stream (any audit's); a review or decision keeps the name its reviewer or
     * decider was recorded with.
     */
    public void apply(RecordedEvent recorded) {
        AuditEvent event = recorded.event();
        if (event instanceof CertificateGranted granted) {
            certificates.put(granted.certificate().number(), CertificateHistory.issued(granted));
        } else {
            certificates.replaceAll((number, history) -> history.apply(event));
        }
        if (!event.auditId().equals(auditId)) {
            return;
        }
        if (event instanceof TechnicalReviewAccepted accepted) {
            review = new CertificationRecord.Review(accepted.reviewer(), accepted.reviewedOn(), "同意推荐",
                    accepted.note() == null ? "" : accepted.note(), recorded.nameOf(accepted.reviewer()));
        } else if (event instanceof TechnicalReviewReturned returned) {
            review = new CertificationRecord.Review(returned.reviewer(), returned.reviewedOn(), "退回审查组",
                    returned.findings() == null ? "" : String.join("；", returned.findings()),
                    recorded.nameOf(returned.reviewer()));
        } else if (event instanceof CertificateGranted granted) {
            decided(granted.decision(), granted.certificate().number(), recorded);
        } else if (event instanceof CertificateRenewed renewed) {
            decided(renewed.decision(), renewed.certificate().number(), recorded);
        } else if (event instanceof CertificationRefused refused) {
            decided(refused.decision(), null, recorded);
        } else if (event instanceof CertificateMaintained maintained) {
            decided(maintained.decision(), maintained.certificateNumber(), recorded);
        } else if (event instanceof CertificateSuspended suspended) {
            decided(suspended.decision(), suspended.certificateNumber(), recorded);
        } else if (event instanceof CertificateWithdrawn withdrawn) {
            decided(withdrawn.decision(), withdrawn.certificateNumber(), recorded);
        } else if (event instanceof CertificateRestored restored) {
            certificateNumber = restored.certificateNumber();
        }
    }

    private void decided(Decision decided, String number, RecordedEvent recorded) {
        decision = new CertificationRecord.Decision(decided.decider(), decided.decidedOn(), decided.outcome().chineseName(),
                decided.reason(), decided.total(), decided.grade().chineseName(), decided.auditVersion(),
                recorded.nameOf(decided.decider()));
        certificateNumber = number;
    }

    /** The review, decision and certificate so far; {@link CertificationRecord#NONE} when none exists. */
    public CertificationRecord record() {
        CertificationRecord.Certificate certificate = null;
        CertificateHistory history = certificateNumber == null ? null : certificates.get(certificateNumber);
        if (history != null) {
            CertificateHistory.Change latest = history.latest();
            String state = latest.withdrawn() ? "撤销" : latest.suspended() ? "暂停" : CertificationRecord.Certificate.VALID;
            certificate = new CertificationRecord.Certificate(history.number(), latest.validFrom(), latest.validUntil(), state);
        }
        if (review == null && decision == null && certificate == null) {
            return CertificationRecord.NONE;
        }
        return new CertificationRecord(review, decision, certificate);
    }
}
