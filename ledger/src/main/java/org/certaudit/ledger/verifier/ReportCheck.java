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
import org.certaudit.report.PledgeTiming;
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
        Messages messages = verdict.messages();
        String project = claim.auditId().projectNumber().value();
        String report = claim.describe(messages);
        EvidenceBundle.Subject subject = bundle.subject();
        if (subject == null || !project.equals(subject.projectId())) {
            verdict.problem(messages.get("report.otherProject", report, subject == null
                    ? messages.get("report.noNamedProject") : messages.get("subject.project", subject.projectId()), project));
            return;
        }
        // Every event of a verified bundle is of its subject's stream, so has a sequence number.
        List<BundleEvent> events = new ArrayList<>(bundle.events().stream().filter(event -> event.seq() != null).toList());
        events.sort(Comparator.comparing(BundleEvent::seq));
        long last = events.isEmpty() ? -1 : events.get(events.size() - 1).seq();
        if (claim.version() > last) {
            verdict.problem(messages.get("report.beyond", claim.version(), last, project)
                    + beyondHint(bundle, subject, project, messages));
            return;
        }
        List<RecordedEvent> stream = new ArrayList<>();
        for (BundleEvent event : events) {
            if (event.seq() > claim.version()) {
                break;
            }
            try {
                stream.add(AuditEventPayloads.read(event, messages));
            } catch (AuditEventPayloads.UnreadableEvent e) {
                verdict.problem(messages.get("report.unfoldable", e.getMessage()));
                return;
            }
        }
        Optional<ReportContent> folded;
        try {
            folded = ReportFold.at(claim.auditId(), claim.version(), stream, schemes);
        } catch (RuntimeException e) {
            // Events that read as audit events and still do not fold (out of order, or of no shipped scheme).
            verdict.problem(messages.get("report.unfoldable", e));
            return;
        }
        if (folded.isEmpty()) {
            verdict.problem(messages.get("report.notOpened", report, claim.version()));
            return;
        }
        ReportContent content = folded.get();
        if (content.version() != claim.version()) {
            verdict.problem(messages.get("report.noEventAt", report, claim.version(), content.version()));
            return;
        }
        LocalDate pointDay = events.stream().filter(event -> event.seq() == content.version()).findFirst()
                .map(event -> Instant.ofEpochMilli(event.timestamp()).atZone(zone).toLocalDate()).orElse(null);
        OptionalInt format = content.formatOf(claim.sha256());
        if (format.isEmpty()) {
            verdict.problem(messages.get("report.digestDiffers", report, content.digest(),
                    facts(content, pointDay, messages), claim.sha256()));
            return;
        }
        verdict.verified(messages.get("report.digestMatches", report, claim.sha256(), format.getAsInt(),
                facts(content, pointDay, messages)));
        if (format.getAsInt() < ReportContent.CURRENT_FORMAT) {
            verdict.note(messages.get("report.formatOne"));
        }
        checkTreeHeads(bundle, claim, events, verdict);
        notePledgeTiming(claim, stream, zone, verdict);
        noteLaterCancellation(events, claim, content, verdict);
        noteLaterCertificateChanges(events, claim, content, verdict);
    }

    /**
     * A member who recorded work before the day of their pledge, or whose pledge is dated after the on-site period
     * began, as the events up to the report's version say ({@link PledgeTiming}, the fold the query side's report
     * check uses): notes, since stored history stays valid and the report still follows from it.
     */
    private static void notePledgeTiming(ReportClaim claim, List<RecordedEvent> stream, ZoneId zone, Verdict verdict) {
        Messages messages = verdict.messages();
        PledgeTiming.Warnings warnings = ReportFold.pledgeTiming(claim.auditId(), claim.version(), stream, zone)
                .orElse(PledgeTiming.Warnings.NONE);
        for (PledgeTiming.WorkBeforePledge early : warnings.workBeforePledge()) {
            verdict.note(messages.get("report.pledgeWorkBefore", early.memberCode() + " " + early.memberName(),
                    early.signedOn(), early.records(), early.firstOn(),
                    messages.get("report.pledgeWork." + early.firstWork().name(), early.firstSubject())));
        }
        for (PledgeTiming.PledgeAfterOnSite late : warnings.pledgesAfterOnSite()) {
            verdict.note(messages.get("report.pledgeAfterOnSite", late.memberCode() + " " + late.memberName(),
                    late.signedOn(), late.onSiteFrom()));
        }
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
                RecordedEvent recorded = AuditEventPayloads.read(event, verdict.messages());
                if (recorded.event() instanceof AuditCancelled cancelled && cancelled.auditId().equals(claim.auditId())) {
                    verdict.note(verdict.messages().get("report.cancelledLater", claim.auditId().value(),
                            recorded.recordedAt(), cancelled.cancelledBy(), cancelled.reason(),
                            verdict.messages().event(event)));
                    return;
                }
            } catch (AuditEventPayloads.UnreadableEvent e) {
                verdict.note(verdict.messages().get("report.laterNotRead", e.getMessage()));
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
                payload = AuditEventPayloads.read(event, verdict.messages()).event();
            } catch (AuditEventPayloads.UnreadableEvent e) {
                verdict.note(verdict.messages().get("report.certificateNotRead", e.getMessage()));
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
            Messages messages = verdict.messages();
            verdict.note(messages.get("report.certificateChanged", printed.number(),
                    messages.get("report.changeKind", latest.kind().name(), latest.kind().chineseName()),
                    opensPeriod ? messages.get("report.changedPeriod", latest.effectiveOn(), latest.validFrom(),
                            latest.validUntil()) : messages.get("report.changedFrom", latest.effectiveOn()),
                    latest.auditId().value(), claim.version()));
        }
    }

    private static String beyondHint(EvidenceBundle bundle, EvidenceBundle.Subject subject, String project,
                                     Messages messages) {
        if (bundle.pending() > 0) {
            return messages.get("report.beyond.pending", bundle.pending());
        }
        if ("audit".equals(subject.kind())) {
            return messages.get("report.beyond.audit", project);
        }
        return messages.get("report.beyond.project");
    }

    /**
     * Organization, total, grade, whether recommended, decision and certificate, as the report prints them: a certificate
     * whose last valid day had passed on {@code pointDay}, the day the report's last event was recorded, as 已过期.
     */
    private static String facts(ReportContent content, LocalDate pointDay, Messages messages) {
        List<String> facts = new ArrayList<>(List.of(content.facts().opened().organization().name(),
                messages.get("facts.total", content.scorecard().total().toPlainString()),
                messages.get("facts.grade", messages.grade(content.scorecard().grade())),
                messages.get(content.facts().recommendation() == null ? "facts.notRecommended" : "facts.recommended")));
        AuditFacts.Cancellation cancelled = content.facts().cancellation();
        if (cancelled != null) {
            facts.add(messages.get("facts.cancelled", cancelled.cancelledBy(), cancelled.recordedAt(), cancelled.reason()));
        }
        CertificationRecord certification = content.certification();
        if (certification.decision() != null) {
            CertificationRecord.Decision decision = certification.decision();
            facts.add(messages.get("facts.decision", decision.outcome(), decision.decidedOn()));
        }
        if (certification.certificate() != null) {
            CertificationRecord.Certificate certificate = certification.certificate();
            facts.add(messages.get("facts.certificate", certificate.number(), certificate.printedState(pointDay)));
        }
        return String.join(messages.get("comma"), facts);
    }

    /**
     * The bundle's tree head holds the report's last event (its inclusion was proven); the printed head is compared with
     * the leaf of that event (does it cover it, as {@code covered=no} says or not) and, where the bundle can show it,
     * with the bundle's head (the same root at the same size, or a consistency proof from the printed size).
     */
    private static void checkTreeHeads(EvidenceBundle bundle, ReportClaim claim, List<BundleEvent> events, Verdict verdict) {
        Messages messages = verdict.messages();
        SignedTreeHead head = bundle.treeHead();
        BundleEvent lastEvent = events.stream().filter(event -> Objects.equals(event.seq(), claim.version()))
                .findFirst().orElseThrow();
        long leaf = lastEvent.leafIndex();
        verdict.verified(messages.get("tree.lastEventCovered", messages.event(lastEvent), leaf, messages.treeHead(head)));
        if (claim.treeSize() == null) {
            verdict.note(messages.get("tree.noneNamed"));
            return;
        }
        long printed = claim.treeSize();
        boolean covers = printed > leaf;
        if (covers && !claim.printedUncovered()) {
            verdict.verified(messages.get("tree.printedCovers", printed, leaf));
        } else if (!covers && claim.printedUncovered()) {
            verdict.note(messages.get("tree.printedUncovered", printed, leaf));
        } else if (covers) {
            verdict.problem(messages.get("tree.saysUncoveredButCovers", printed, leaf));
        } else {
            verdict.problem(messages.get("tree.notCovering", printed, leaf));
        }
        if (printed == head.treeSize()) {
            if (claim.treeRoot().equals(head.rootHash())) {
                verdict.verified(messages.get("tree.sameAsBundle"));
            } else {
                verdict.problem(messages.get("tree.sameSizeOtherRoot", printed, claim.treeRoot()));
            }
        } else if (printed > head.treeSize()) {
            // Not shown false, but not shown true either: a printed head is a claim, checked as a kept one is.
            verdict.problem(messages.get("tree.later", printed, head.treeSize()));
        } else {
            EvidenceBundle.ConsistencyProof proof = bundle.consistency() == null ? null : bundle.consistency().stream()
                    .filter(p -> p.fromSize() == printed).findFirst().orElse(null);
            if (proof == null) {
                verdict.problem(messages.get("tree.noProof", printed, claim.treeRoot()));
                return;
            }
            try {
                MerkleProofs.verifyConsistency(printed, head.treeSize(), Canonical.hash(claim.treeRoot()),
                        head.rootHashBytes(), proof.proof() == null ? List.of()
                                : proof.proof().stream().map(Canonical::hash).toList());
                verdict.verified(messages.get("tree.extends", printed, claim.treeRoot()));
            } catch (ProofException | IllegalArgumentException e) {
                verdict.problem(messages.get("tree.notExtends", printed, claim.treeRoot(), messages.proofFailure(e)));
            }
        }
    }
}
