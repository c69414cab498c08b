package org.certaudit.ledger.verifier;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.certaudit.audit.AuditCancelled;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.CertificateGranted;
import org.certaudit.certificate.CertificateHistory;
import org.certaudit.ledger.Canonical;
import org.certaudit.ledger.bundle.BundleEvent;
import org.certaudit.ledger.bundle.EvidenceBundle;
import org.certaudit.ledger.merkle.MerkleProofs;
import org.certaudit.ledger.merkle.ProofException;
import org.certaudit.ledger.treehead.SignedTreeHead;
import org.certaudit.report.AuditFacts;
import org.certaudit.report.CertificationRecord;
import org.certaudit.report.RecordedEvent;
import org.certaudit.report.ReportContent;
import org.certaudit.report.ReportFold;
import org.certaudit.scheme.SchemeCatalog;

/**
 * Whether a printed report follows from a verified evidence bundle: the bundle's events of the report's project from
 * sequence 0 up to the report's version, read back into the shared-kernel audit events ({@link AuditEventPayloads}),
 * folded by {@link ReportFold} (the shared-kernel folds the query side prints reports with: {@code AuditFold},
 * {@code CertificationFold}) into the {@link ReportContent} whose digest its QR code carries. Then whether the bundle's tree head, and the head printed, cover the report's last event.
 *
 * <p>A project bundle ({@code /api/projects/{number}/evidence}) holds the whole stream; an audit bundle
 * ({@code /api/audits/{id}/evidence}) holds the project's stream up to that audit's last event, every audit's events
 * included, which is enough for any report whose version it reaches. Run only after the bundle's own checks held: the
 * events it folds are then the ones the log holds.
 */
final class ReportCheck {

    private ReportCheck() {
    }

    /**
     * Adds to {@code verdict} what the report check found: a verified statement, notes, or a problem.
     *
     * @param zone the certification body's zone: the day the report's last event was recorded on, in it, decides whether
     *             the report prints its certificate as expired ({@link CertificationRecord.Certificate#printedState})
     */
    static void check(EvidenceBundle bundle, ReportClaim claim, SchemeCatalog schemes, ZoneId zone, Verdict verdict) {
        String project = claim.auditId().projectNumber().value();
        EvidenceBundle.Subject subject = bundle.subject();
        if (subject == null || !project.equals(subject.projectId())) {
            verdict.problem("the report is of " + claim.describe() + ", but the bundle is of "
                    + (subject == null ? "no named project" : "project " + subject.projectId())
                    + ": export /api/projects/" + project + "/evidence");
            return;
        }
        // Every event of a verified bundle is of its subject's stream, so has a sequence number.
        List<BundleEvent> events = new ArrayList<>(bundle.events().stream().filter(event -> event.seq() != null).toList());
        events.sort(Comparator.comparing(BundleEvent::seq));
        long last = events.isEmpty() ? -1 : events.get(events.size() - 1).seq();
        if (claim.version() > last) {
            verdict.problem("the report's version " + claim.version() + " is beyond the bundle's events, which end at "
                    + "sequence " + last + " of project " + project + beyondHint(bundle, subject, project));
            return;
        }
        List<RecordedEvent> stream = new ArrayList<>();
        for (BundleEvent event : events) {
            if (event.seq() > claim.version()) {
                break;
            }
            try {
                stream.add(AuditEventPayloads.read(event));
            } catch (AuditEventPayloads.UnreadableEvent e) {
                verdict.problem("the report cannot be folded from the bundle: " + e.getMessage());
                return;
            }
        }
        Optional<ReportContent> folded;
        try {
            folded = ReportFold.at(claim.auditId(), claim.version(), stream, schemes);
        } catch (RuntimeException e) {
            // Events that read as audit events and still do not fold (out of order, or of no shipped scheme).
            verdict.problem("the report cannot be folded from the bundle: " + e);
            return;
        }
        if (folded.isEmpty()) {
            verdict.problem("the report is of " + claim.describe() + ", but the bundle's events up to sequence "
                    + claim.version() + " do not open that audit: no such report was issued");
            return;
        }
        ReportContent content = folded.get();
        if (content.version() != claim.version()) {
            verdict.problem("the report is of " + claim.describe() + ", but the audit has no event at sequence "
                    + claim.version() + " (its last event up to there is sequence " + content.version() + "); a report "
                    + "names the sequence of its audit's last event, so no such report was issued");
            return;
        }
        LocalDate pointDay = events.stream().filter(event -> event.seq() == content.version()).findFirst()
                .map(event -> Instant.ofEpochMilli(event.timestamp()).atZone(zone).toLocalDate()).orElse(null);
        OptionalInt format = content.formatOf(claim.sha256());
        if (format.isEmpty()) {
            verdict.problem("the report's digest differs: " + claim.describe() + " folded from the bundle's events gives "
                    + content.digest() + " (" + facts(content, pointDay) + "), the report says " + claim.sha256()
                    + "; the printed report is not what the record says");
            return;
        }
        verdict.verified("report of " + claim.describe() + ": digest " + claim.sha256() + " is its "
                + "certaudit-report/" + format.getAsInt() + " content folded from the bundle's events: "
                + facts(content, pointDay));
        if (format.getAsInt() < ReportContent.CURRENT_FORMAT) {
            verdict.note("the report is of format 1 (printed before the digest covered the technical review, the "
                    + "certification decision and the certificate): its section on them is not covered by this check");
        }
        checkTreeHeads(bundle, claim, events, verdict);
        noteLaterCancellation(events, claim, content, verdict);
        noteLaterCertificateChanges(events, claim, content, verdict);
    }

    /** An audit cancelled after the report's version: the printed report still shows it as it stood. */
    private static void noteLaterCancellation(List<BundleEvent> events, ReportClaim claim, ReportContent content,
                                              Verdict verdict) {
        if (content.facts().cancellation() != null) {
            return;
        }
        for (BundleEvent event : events) {
            if (event.seq() <= claim.version()) {
                continue;
            }
            try {
                RecordedEvent recorded = AuditEventPayloads.read(event);
                if (recorded.event() instanceof AuditCancelled cancelled && cancelled.auditId().equals(claim.auditId())) {
                    verdict.note("audit " + claim.auditId().value() + " was cancelled after the report's version, at "
                            + recorded.recordedAt() + " by " + cancelled.cancelledBy() + " (" + cancelled.reason() + "), "
                            + event.describe() + ": it recommends nothing now");
                    return;
                }
            } catch (AuditEventPayloads.UnreadableEvent e) {
                verdict.note("the events after the report's version were not all read: " + e.getMessage());
                return;
            }
        }
    }

    /**
     * The report shows its certificate as the project's events stood at its version; when the bundle holds later changes
     * of that certificate (a surveillance suspended it, a re-certification renewed it), says the latest, so that a reader
     * does not take the printed state for today's. Uses the shared-kernel {@link CertificateHistory}, as the register does.
     */
    private static void noteLaterCertificateChanges(List<BundleEvent> events, ReportClaim claim, ReportContent content,
                                                    Verdict verdict) {
        CertificationRecord.Certificate printed = content.certification().certificate();
        if (printed == null) {
            return;
        }
        CertificateHistory history = null;
        int changesAtReport = 0;
        for (BundleEvent event : events) {
            AuditEvent payload;
            try {
                payload = AuditEventPayloads.read(event).event();
            } catch (AuditEventPayloads.UnreadableEvent e) {
                verdict.note("the certificate's later changes were not read: " + e.getMessage());
                return;
            }
            if (payload instanceof CertificateGranted granted && granted.certificate().number().equals(printed.number())) {
                history = CertificateHistory.issued(granted);
            } else if (history != null) {
                history = history.apply(payload);
            }
            if (event.seq() <= claim.version()) {
                changesAtReport = history == null ? 0 : history.changes().size();
            }
        }
        if (history != null && history.changes().size() > changesAtReport) {
            CertificateHistory.Change latest = history.latest();
            // An issue's or renewal's validity may begin after its decision (an early renewal): say both.
            boolean opensPeriod = latest.kind() == CertificateHistory.Kind.ISSUED
                    || latest.kind() == CertificateHistory.Kind.RENEWED;
            verdict.note("certificate " + printed.number() + " changed after the report's version: its latest change in "
                    + "the bundle is " + latest.kind().name() + " (" + latest.kind().chineseName() + ") "
                    + (opensPeriod ? "decided on " + latest.effectiveOn() + ", valid from " + latest.validFrom() + " to "
                            + latest.validUntil() : "from " + latest.effectiveOn())
                    + ", decided in audit " + latest.auditId().value() + "; the report shows it as it stood at version "
                    + claim.version());
        }
    }

    private static String beyondHint(EvidenceBundle bundle, EvidenceBundle.Subject subject, String project) {
        if (bundle.pending() > 0) {
            return "; " + bundle.pending() + " later event(s) were stored after the bundle's tree head and are pending, "
                    + "not in it: export the bundle again once a tree head covers them";
        }
        if ("audit".equals(subject.kind())) {
            return ": an audit bundle ends at its audit's last event; export /api/projects/" + project + "/evidence";
        }
        return ": the project has no event at that sequence in this bundle; export it again if the report is newer";
    }

    /**
     * Organization, total, grade, whether recommended, decision and certificate, as the report prints them: a certificate
     * whose last valid day had passed on {@code pointDay}, the day the report's last event was recorded, as 已过期.
     */
    private static String facts(ReportContent content, LocalDate pointDay) {
        StringBuilder text = new StringBuilder(content.facts().opened().organization().name())
                .append(", total ").append(content.scorecard().total().toPlainString())
                .append(", grade ").append(content.scorecard().grade().chineseName())
                .append(" (").append(content.scorecard().grade().name()).append(')')
                .append(content.facts().recommendation() == null ? ", not recommended yet (provisional)" : ", recommended");
        AuditFacts.Cancellation cancelled = content.facts().cancellation();
        if (cancelled != null) {
            text.append(", CANCELLED by ").append(cancelled.cancelledBy()).append(" at ").append(cancelled.recordedAt())
                    .append(" (").append(cancelled.reason()).append("): it recommends nothing");
        }
        CertificationRecord certification = content.certification();
        if (certification.decision() != null) {
            CertificationRecord.Decision decision = certification.decision();
            text.append(", decision ").append(decision.outcome()).append(' ').append(decision.decidedOn());
        }
        if (certification.certificate() != null) {
            CertificationRecord.Certificate certificate = certification.certificate();
            text.append(", certificate ").append(certificate.number()).append(' ').append(certificate.printedState(pointDay));
        }
        return text.toString();
    }

    /**
     * The bundle's tree head holds the report's last event (its inclusion was proven); the printed head is compared with
     * the leaf of that event (does it cover it, as {@code covered=no} says or not) and, where the bundle can show it,
     * with the bundle's head (the same root at the same size, or a consistency proof from the printed size).
     */
    private static void checkTreeHeads(EvidenceBundle bundle, ReportClaim claim, List<BundleEvent> events, Verdict verdict) {
        SignedTreeHead head = bundle.treeHead();
        BundleEvent lastEvent = events.stream().filter(event -> Objects.equals(event.seq(), claim.version()))
                .findFirst().orElseThrow();
        long leaf = lastEvent.leafIndex();
        verdict.verified("the report's last event (" + lastEvent.describe() + ", leaf " + leaf + ") is covered by the "
                + "bundle's tree head " + BundleVerifier.describe(head));
        if (claim.treeSize() == null) {
            verdict.note("the report names no tree head (tree=none or none given): it was printed before the log had one");
            return;
        }
        long printed = claim.treeSize();
        boolean covers = printed > leaf;
        if (covers && !claim.printedUncovered()) {
            verdict.verified("the printed tree head (size " + printed + ") covers the report's last event (leaf " + leaf + ")");
        } else if (!covers && claim.printedUncovered()) {
            verdict.note("the printed tree head (size " + printed + ") did not cover the report's last event yet (leaf "
                    + leaf + "), as the report says (covered=no); the bundle's head covers it now");
        } else if (covers) {
            verdict.problem("the report says its tree head (size " + printed + ") did not cover its last event, but a head "
                    + "of that size covers leaf " + leaf + ": the printed tree head is not as issued");
        } else {
            verdict.problem("the printed tree head (size " + printed + ") does not cover the report's last event (leaf "
                    + leaf + "), yet the report does not say so (no covered=no): the printed tree head is not as issued");
        }
        if (printed == head.treeSize()) {
            if (claim.treeRoot().equals(head.rootHash())) {
                verdict.verified("the printed tree head is the bundle's: same size and root");
            } else {
                verdict.problem("the printed tree head (size " + printed + ", root " + claim.treeRoot() + ") and the "
                        + "bundle's have the same size and different roots: the printed head is not the log's");
            }
        } else if (printed > head.treeSize()) {
            // Not shown false, but not shown true either: a printed head is a claim, checked as a kept one is.
            verdict.problem("the printed tree head (size " + printed + ") is later than the bundle's (size "
                    + head.treeSize() + "), so the bundle cannot prove it: export the bundle again, once its tree head "
                    + "is at least that size, with consistencyFrom=" + printed);
        } else {
            EvidenceBundle.ConsistencyProof proof = bundle.consistency() == null ? null : bundle.consistency().stream()
                    .filter(p -> p.fromSize() == printed).findFirst().orElse(null);
            if (proof == null) {
                verdict.problem("the bundle has no consistency proof from the printed tree head's size " + printed
                        + ", so its root " + claim.treeRoot() + " is not proven the log's: export the bundle with "
                        + "consistencyFrom=" + printed);
                return;
            }
            try {
                MerkleProofs.verifyConsistency(printed, head.treeSize(), Canonical.hash(claim.treeRoot()),
                        head.rootHashBytes(), proof.proof() == null ? List.of()
                                : proof.proof().stream().map(Canonical::hash).toList());
                verdict.verified("the bundle's tree head extends the printed one (size " + printed + ", root "
                        + claim.treeRoot() + ")");
            } catch (ProofException | IllegalArgumentException e) {
                verdict.problem("the bundle's tree head does not extend the printed one (size " + printed + ", root "
                        + claim.treeRoot() + "): " + e.getMessage() + "; the printed head is not the log's");
            }
        }
    }
}
