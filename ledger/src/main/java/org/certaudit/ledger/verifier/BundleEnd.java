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
        List<BundleEvent> events = new ArrayList<>(bundle.events().stream().filter(event -> event.seq() != null).toList());
        events.sort(Comparator.comparing(BundleEvent::seq));
        if (events.isEmpty()) {
            return;
        }
        List<RecordedEvent> stream = new ArrayList<>();
        try {
            for (BundleEvent event : events) {
                stream.add(AuditEventPayloads.read(event));
            }
        } catch (AuditEventPayloads.UnreadableEvent e) {
            verdict.note("where the audit stands at the bundle's end was not read: " + e.getMessage());
            return;
        }
        RecordedEvent last = stream.get(stream.size() - 1);
        String lastEvent = "sequence " + last.sequence() + ", " + last.event().getClass().getSimpleName() + " of audit "
                + last.event().auditId().value() + ", recorded " + last.recordedAt();
        EvidenceBundle.Subject subject = bundle.subject();
        AuditId audit = last.event().auditId();
        Optional<ReportContent> content;
        try {
            if (subject != null && "audit".equals(subject.kind())) {
                audit = new AuditId(subject.id());
            }
            content = ReportFold.at(audit, last.sequence(), stream, schemes);
        } catch (RuntimeException e) {
            verdict.atEnd("the last event is " + lastEvent);
            verdict.note("where audit " + audit.value() + " stands at the bundle's end was not folded: " + e);
            return;
        }
        if (content.isEmpty()) {
            verdict.atEnd("the last event is " + lastEvent);
            return;
        }
        LocalDate lastDay = stream.stream().filter(recorded -> recorded.sequence() == content.get().version()).findFirst()
                .map(recorded -> recorded.recordedAt().atZone(zone).toLocalDate()).orElse(null);
        verdict.atEnd("audit " + audit.value() + " " + stage(content.get(), lastDay));
        verdict.atEnd("the last event is " + lastEvent);
    }

    /** The audit's stage in words, with what it rests on: the outcome and certificate of a decision, the review, the grade. */
    static String stage(ReportContent content, LocalDate lastDay) {
        AuditFacts facts = content.facts();
        CertificationRecord certification = content.certification();
        AuditFacts.Recommendation recommended = facts.recommendation();
        CertificationRecord.Review review = certification.review();
        CertificationRecord.Decision decision = certification.decision();
        if (facts.cancellation() != null) {
            return "is CANCELLED (by " + facts.cancellation().cancelledBy() + ", " + facts.cancellation().reason()
                    + "): it recommends nothing";
        }
        StringBuilder text = new StringBuilder();
        if (decision != null) {
            text.append("is DECIDED: ").append(decision.outcome()).append(" on ").append(decision.decidedOn())
                    .append(" by ").append(decision.decider());
            CertificationRecord.Certificate certificate = certification.certificate();
            if (certificate != null) {
                text.append(", certificate ").append(certificate.number()).append(' ')
                        .append(certificate.printedState(lastDay)).append(", valid ").append(certificate.validFrom())
                        .append(" to ").append(certificate.validUntil());
            }
        } else if (review != null && recommended != null) {
            text.append("is TECHNICALLY REVIEWED: ").append(review.outcome()).append(" on ").append(review.reviewedOn())
                    .append("; no certification decision yet");
        } else if (recommended != null) {
            text.append("is RECOMMENDED: grade ").append(recommended.grade().chineseName()).append(" (")
                    .append(recommended.grade().name()).append("), total ").append(recommended.total().toPlainString())
                    .append(", report date ").append(recommended.reportDate()).append("; not technically reviewed yet");
        } else {
            text.append("is IN PROGRESS: no grade recommended");
            if (review != null) {
                text.append(" (technical review ").append(review.outcome()).append(" on ").append(review.reviewedOn())
                        .append(')');
            }
        }
        return text.toString();
    }
}
