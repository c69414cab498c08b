package org.certaudit.ledger.verifier;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.certaudit.audit.AuditId;
import org.certaudit.ledger.bundle.BundleEvent;
import org.certaudit.ledger.bundle.EvidenceBundle;
import org.certaudit.report.AuditFacts;
import org.certaudit.report.CertificationRecord;
import org.certaudit.report.RecordedEvent;
import org.certaudit.report.ReportContent;
import org.certaudit.report.ReportFold;
import org.certaudit.scheme.SchemeCatalog;

/**
 * What a verified bundle shows at its end, for a regulator to see at a glance: its last event (sequence, type, when
 * recorded) and where the audit stands there (for an audit's bundle its subject, for a project's the audit of the last
 * event): in progress, recommended, technically reviewed, decided with the outcome and certificate, or cancelled. Folded
 * with shared-kernel's {@link ReportFold}, as a report at that version is; run only after the bundle's own checks held.
 */
final class BundleEnd {

    private BundleEnd() {
    }

    /** Adds to {@code verdict} what the bundle shows at its end, or a note when its events cannot be folded. */
    static void describe(EvidenceBundle bundle, SchemeCatalog schemes, ZoneId zone, Verdict verdict) {
        Messages messages = verdict.messages();
        List<BundleEvent> events = new ArrayList<>(bundle.events().stream().filter(event -> event.seq() != null).toList());
        events.sort(Comparator.comparing(BundleEvent::seq));
        if (events.isEmpty()) {
            return;
        }
        List<RecordedEvent> stream = new ArrayList<>();
        try {
            for (BundleEvent event : events) {
                stream.add(AuditEventPayloads.read(event, messages));
            }
        } catch (AuditEventPayloads.UnreadableEvent e) {
            verdict.note(messages.get("end.at.notRead", e.getMessage()));
            return;
        }
        RecordedEvent last = stream.get(stream.size() - 1);
        String lastEvent = messages.get("end.at.lastEvent", last.sequence(),
                messages.eventType(last.event().getClass().getSimpleName()), last.event().auditId().value(),
                last.recordedAt());
        EvidenceBundle.Subject subject = bundle.subject();
        AuditId audit = last.event().auditId();
        Optional<ReportContent> content;
        try {
            if (subject != null && "audit".equals(subject.kind())) {
                audit = new AuditId(subject.id());
            }
            content = ReportFold.at(audit, last.sequence(), stream, schemes);
        } catch (RuntimeException e) {
            verdict.atEnd(lastEvent);
            verdict.note(messages.get("end.at.notFolded", audit.value(), e));
            return;
        }
        if (content.isEmpty()) {
            verdict.atEnd(lastEvent);
            return;
        }
        LocalDate lastDay = stream.stream().filter(recorded -> recorded.sequence() == content.get().version()).findFirst()
                .map(recorded -> recorded.recordedAt().atZone(zone).toLocalDate()).orElse(null);
        verdict.atEnd(messages.get("end.at.audit", audit.value(), stage(content.get(), lastDay, messages)));
        verdict.atEnd(lastEvent);
    }

    /** The audit's stage in words, with what it rests on: the outcome and certificate of a decision, the review, the grade. */
    static String stage(ReportContent content, LocalDate lastDay, Messages messages) {
        AuditFacts facts = content.facts();
        CertificationRecord certification = content.certification();
        AuditFacts.Recommendation recommended = facts.recommendation();
        CertificationRecord.Review review = certification.review();
        CertificationRecord.Decision decision = certification.decision();
        if (facts.cancellation() != null) {
            return messages.get("stage.cancelled", facts.cancellation().cancelledBy(), facts.cancellation().reason());
        }
        if (decision != null) {
            String decided = messages.get("stage.decided", decision.outcome(), decision.decidedOn(), decision.decider());
            CertificationRecord.Certificate certificate = certification.certificate();
            return certificate == null ? decided : decided + messages.get("stage.certificate", certificate.number(),
                    certificate.printedState(lastDay), certificate.validFrom(), certificate.validUntil());
        }
        if (review != null && recommended != null) {
            return messages.get("stage.reviewed", review.outcome(), review.reviewedOn());
        }
        if (recommended != null) {
            return messages.get("stage.recommended", messages.grade(recommended.grade()),
                    recommended.total().toPlainString(), recommended.reportDate());
        }
        return review == null ? messages.get("stage.inProgress")
                : messages.get("stage.inProgress.reviewed", review.outcome(), review.reviewedOn());
    }
}
