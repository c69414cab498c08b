package org.certaudit.query.lineage;

import static org.certaudit.query.DocumentValues.date;
import static org.certaudit.query.DocumentValues.decimal;
import static org.certaudit.query.DocumentValues.enumValue;
import static org.certaudit.query.DocumentValues.instant;
import static org.certaudit.query.DocumentValues.number;
import static org.certaudit.query.DocumentValues.text;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.certaudit.audit.AuditCancelled;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditOpened;
import org.certaudit.audit.AuditReopened;
import org.certaudit.audit.AuditScoring;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.CertificateGranted;
import org.certaudit.audit.CertificateMaintained;
import org.certaudit.audit.CertificateRenewed;
import org.certaudit.audit.CertificateRestored;
import org.certaudit.audit.CertificateSuspended;
import org.certaudit.audit.CertificateWithdrawn;
import org.certaudit.audit.CertificationRefused;
import org.certaudit.audit.Decision;
import org.certaudit.audit.DecisionOutcome;
import org.certaudit.audit.GradeRecommended;
import org.certaudit.audit.OnSiteAuditRescheduled;
import org.certaudit.audit.TechnicalReviewAccepted;
import org.certaudit.audit.TechnicalReviewReturned;
import org.certaudit.certificate.CertificateHistory;
import org.certaudit.certificate.NextActivity;
import org.certaudit.query.EventContext;
import org.certaudit.query.ReadModel;
import org.certaudit.query.ReadModels;
import org.certaudit.query.audits.AuditStatus;
import org.certaudit.query.scorecard.ItemDifference;
import org.certaudit.query.scorecard.ScoringDocuments;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.SchemeCatalog;
import org.certaudit.scheme.Scorecard;
import org.springframework.stereotype.Component;

/**
 * Keeps one document per project ({@code _id} = project number) holding each audit's type, dates,
 * status, scoring, technical reviews and decision, and the certificate's changes in the order of
 * the stream, so that the whole lineage is one point lookup. Totals, grades and changes
 * are computed on each question by the shared scoring rules.
 */
@Component
@ProcessingGroup(LineageProjection.PROCESSING_GROUP)
class LineageProjection implements ReadModel {

    static final String PROCESSING_GROUP = "project-lineage";
    static final String LINEAGES = "query_project_lineage_v5";
    /**
     * The collections of earlier layouts, dropped at start so that a store written by an earlier version is rebuilt:
     * before an issue's or renewal's change kept the first valid day ({@code validFrom}, session 24), which a renewal
     * decided before the last valid day sets later than its decision; before reviews, decisions, reopenings and
     * cancellations kept the name their person was recorded with (session 25); before a certificate change kept
     * who decided it, why and when it was recorded (session 26); and before it kept the next surveillance's due date
     * its event set (session 29).
     */
    static final List<String> RETIRED = List.of("query_project_lineage", "query_project_lineage_v2",
            "query_project_lineage_v3", "query_project_lineage_v4");

    private final ReadModels readModels;
    private final SchemeCatalog schemes;

    LineageProjection(ReadModels readModels, SchemeCatalog schemes) {
        this.readModels = readModels;
        this.schemes = schemes;
    }

    @Override
    public String processingGroup() {
        return PROCESSING_GROUP;
    }

    @Override
    public List<String> collections() {
        return List.of(LINEAGES);
    }

    /** Every event this read model takes in reads the project's lineage. */
    @Override
    public Map<String, String> documentsRead(Object payload) {
        return payload instanceof AuditEvent event ? Map.of(LINEAGES, event.auditId().projectNumber().value()) : Map.of();
    }

    @Override
    public List<String> retiredCollections() {
        return RETIRED;
    }

    @EventHandler
    void on(AuditEvent event, EventContext context) {
        AuditId auditId = event.auditId();
        readModels.replaceOnce(LINEAGES, auditId.projectNumber().value(), context, current -> {
            List<Document> audits = new ArrayList<>(current == null ? List.of() : current.getList("audits", Document.class));
            Document audit = audits.stream().filter(a -> auditId.value().equals(a.getString("auditId"))).findFirst()
                    .orElse(null);
            if (audit == null) {
                if (!(event instanceof AuditOpened)) {
                    throw new IllegalStateException("event " + event.getClass().getSimpleName() + " for audit "
                            + auditId + " arrived before the audit was opened");
                }
                audit = new Document("auditId", auditId.value()).append("auditNumber", auditId.sequence());
                audits.add(audit);
            }
            apply(audit, event, context);
            audit.append("version", context.sequenceNumber())
                    .append("scoring", ScoringDocuments.toDocument(ScoringDocuments.fromDocument(audit.get("scoring", Document.class)).apply(event)));
            List<Document> certificateChanges = new ArrayList<>(current == null ? List.of()
                    : current.getList("certificateChanges", Document.class, List.of()));
            certificateChange(event, context).ifPresent(certificateChanges::add);
            return new Document("audits", audits).append("certificateChanges", certificateChanges);
        });
    }

    private static void apply(Document audit, AuditEvent event, EventContext context) {
        if (event instanceof AuditOpened opened) {
            audit.append("type", opened.type().name())
                    .append("predecessor", opened.predecessor() == null ? null : opened.predecessor().value())
                    .append("onSiteFrom", text(opened.onSiteFrom()))
                    .append("onSiteTo", text(opened.onSiteTo()))
                    .append("status", AuditStatus.OPEN.name());
        } else if (event instanceof OnSiteAuditRescheduled rescheduled) {
            // The lineage dates the audit by the period in force; how often it moved is counted, the trail says why.
            audit.append("onSiteFrom", text(rescheduled.period().from()))
                    .append("onSiteTo", text(rescheduled.period().to()))
                    .append("reschedulings", audit.getInteger("reschedulings", 0) + 1);
        } else if (event instanceof GradeRecommended recommended) {
            audit.append("status", AuditStatus.FINISHED.name()).append("recommendedGrade", recommended.grade().name());
        } else if (event instanceof AuditReopened reopened) {
            if (AuditStatus.REVIEWED.name().equals(audit.getString("status"))) {
                // Reopening withdraws the technical review that had accepted the audit.
                // Who reopened it and when it was recorded: the event carries only the reason.
                addReview(audit, new Document("outcome", "WITHDRAWN").append("reason", reopened.reason())
                        .append("reopenedBy", context.user()).append("reopenedByName", context.personName())
                        .append("reopenedAt", text(context.time())));
            }
            audit.append("status", AuditStatus.REOPENED.name()).append("recommendedGrade", null);
        } else if (event instanceof AuditCancelled cancelled) {
            audit.append("status", AuditStatus.CANCELLED.name())
                    .append("cancellation", new Document("cancelledBy", cancelled.cancelledBy())
                            .append("cancelledByName", context.nameOf(cancelled.cancelledBy()))
                            .append("reason", cancelled.reason()).append("cancelledAt", text(context.time())));
        } else if (event instanceof TechnicalReviewAccepted accepted) {
            audit.append("status", AuditStatus.REVIEWED.name());
            addReview(audit, new Document("outcome", "ACCEPTED").append("reviewer", accepted.reviewer())
                    .append("reviewerName", context.nameOf(accepted.reviewer()))
                    .append("reviewedOn", text(accepted.reviewedOn())).append("note", accepted.note()));
        } else if (event instanceof TechnicalReviewReturned returned) {
            audit.append("status", AuditStatus.RETURNED.name()).append("recommendedGrade", null);
            addReview(audit, new Document("outcome", "RETURNED").append("reviewer", returned.reviewer())
                    .append("reviewerName", context.nameOf(returned.reviewer()))
                    .append("reviewedOn", text(returned.reviewedOn())).append("findings", returned.findings()));
        } else {
            decisionOf(event).ifPresent(decision -> audit.append("status", AuditStatus.DECIDED.name())
                    .append("decision", new Document("outcome", decision.outcome().name())
                            .append("decider", decision.decider())
                            .append("deciderName", context.nameOf(decision.decider()))
                            .append("decidedOn", text(decision.decidedOn()))
                            .append("basedOnVersion", decision.auditVersion())
                            .append("total", text(decision.total()))
                            .append("grade", decision.grade().name())
                            .append("reason", decision.reason())));
        }
    }

    private static void addReview(Document audit, Document review) {
        List<Document> reviews = new ArrayList<>(audit.getList("reviews", Document.class, List.of()));
        reviews.add(review);
        audit.append("reviews", reviews);
    }

    private static Optional<Decision> decisionOf(AuditEvent event) {
        if (event instanceof CertificateGranted granted) {
            return Optional.of(granted.decision());
        }
        if (event instanceof CertificateRenewed renewed) {
            return Optional.of(renewed.decision());
        }
        if (event instanceof CertificationRefused refused) {
            return Optional.of(refused.decision());
        }
        if (event instanceof CertificateMaintained maintained) {
            return Optional.of(maintained.decision());
        }
        if (event instanceof CertificateSuspended suspended) {
            return Optional.of(suspended.decision());
        }
        if (event instanceof CertificateWithdrawn withdrawn) {
            return Optional.of(withdrawn.decision());
        }
        return Optional.empty();
    }

    /**
     * The certificate's state changes in the order of the stream, each with who decided it (as the decision or the
     * restoration names them, and the name they were recorded with), why, and when it was recorded: a change is dated by
     * its decision's day, which may be long before it was recorded. An issue, a renewal, a maintenance and a suspension
     * keep the next surveillance's due date their event set (none in a suspension stored before session 23); the
     * validity and due date each later change leaves in force are read on the question ({@link #handle}).
     */
    private static Optional<Document> certificateChange(AuditEvent event, EventContext context) {
        Document change = null;
        Optional<Decision> decision = decisionOf(event);
        String decider = decision.map(Decision::decider).orElse(null);
        String reason = decision.map(Decision::reason).orElse(null);
        if (event instanceof CertificateGranted granted) {
            change = new Document("kind", "ISSUED")
                    .append("certificateNumber", granted.certificate().number())
                    .append("effectiveOn", text(granted.certificate().issuedOn()))
                    .append("grade", granted.certificate().grade().name())
                    .append("validFrom", text(granted.certificate().validFrom()))
                    .append("validUntil", text(granted.certificate().validUntil()))
                    .append("surveillanceDue", text(granted.certificate().surveillanceDue()));
        } else if (event instanceof CertificateRenewed renewed) {
            change = new Document("kind", "RENEWED")
                    .append("certificateNumber", renewed.certificate().number())
                    .append("effectiveOn", text(renewed.certificate().issuedOn()))
                    .append("grade", renewed.certificate().grade().name())
                    .append("validFrom", text(renewed.certificate().validFrom()))
                    .append("validUntil", text(renewed.certificate().validUntil()))
                    .append("surveillanceDue", text(renewed.certificate().surveillanceDue()));
        } else if (event instanceof CertificateMaintained maintained) {
            change = new Document("kind", "MAINTAINED")
                    .append("certificateNumber", maintained.certificateNumber())
                    .append("effectiveOn", text(maintained.decision().decidedOn()))
                    .append("grade", maintained.decision().grade().name())
                    .append("surveillanceDue", text(maintained.surveillanceDue()));
        } else if (event instanceof CertificateSuspended suspended) {
            change = new Document("kind", "SUSPENDED")
                    .append("certificateNumber", suspended.certificateNumber())
                    .append("effectiveOn", text(suspended.decision().decidedOn()))
                    .append("until", text(suspended.suspendedUntil()))
                    .append("surveillanceDue", text(suspended.surveillanceDue()));
        } else if (event instanceof CertificateRestored restored) {
            // The one change without a decision: the restoration itself names who lifted the suspension and why.
            change = new Document("kind", "RESTORED")
                    .append("certificateNumber", restored.certificateNumber())
                    .append("effectiveOn", text(restored.restoredOn()));
            decider = restored.decider();
            reason = restored.reason();
        } else if (event instanceof CertificateWithdrawn withdrawn) {
            change = new Document("kind", "WITHDRAWN")
                    .append("certificateNumber", withdrawn.certificateNumber())
                    .append("effectiveOn", text(withdrawn.decision().decidedOn()));
        }
        if (change == null) {
            return Optional.empty();
        }
        return Optional.of(change.append("auditId", event.auditId().value())
                .append("decider", decider)
                .append("deciderName", context.nameOf(decider))
                .append("reason", reason)
                .append("recordedAt", text(context.time())));
    }

    @ResetHandler
    void reset() {
        readModels.clear(this);
    }

    @QueryHandler
    Optional<ProjectLineage> handle(GetProjectLineage query) {
        Document lineage = readModels.find(LINEAGES, query.projectNumber().value());
        if (lineage == null) {
            return Optional.empty();
        }
        List<Document> audits = new ArrayList<>(lineage.getList("audits", Document.class));
        audits.sort(Comparator.comparingInt(audit -> audit.getInteger("auditNumber")));
        Map<String, Scorecard> scorecards = new HashMap<>();
        List<ProjectLineage.Audit> result = new ArrayList<>();
        int cycle = 0;
        String previous = null;
        for (Document audit : audits) {
            AuditType type = enumValue(audit, "type", AuditType.class);
            AuditStatus status = enumValue(audit, "status", AuditStatus.class);
            boolean cancelled = status == AuditStatus.CANCELLED;
            // A cancelled audit starts no cycle and is no audit the next one is compared with: the lineage goes on
            // from the one before it, as the command side's lineage rules do.
            if (!cancelled && (type.startsCycle() || cycle == 0)) {
                cycle++;
            }
            AuditScoring scoring = ScoringDocuments.fromDocument(audit.get("scoring", Document.class));
            Scorecard card = scoring.scorecard(schemes.pinned(scoring.schemeId(), scoring.schemeVersion()));
            String auditId = audit.getString("auditId");
            scorecards.put(auditId, card);
            String comparedWith = audit.getString("predecessor") != null && scorecards.containsKey(audit.getString("predecessor"))
                    ? audit.getString("predecessor")
                    : previous;
            Grade recommendedGrade = enumValue(audit, "recommendedGrade", Grade.class);
            Document cancellation = audit.get("cancellation", Document.class);
            result.add(new ProjectLineage.Audit(auditId, type, type.chineseName(), Math.max(cycle, 1), date(audit, "onSiteFrom"),
                    date(audit, "onSiteTo"), status, status.chineseName(), number(audit, "version"), card.total(),
                    card.grade(), card.grade().chineseName(), card.complete(), recommendedGrade,
                    recommendedGrade == null ? null : recommendedGrade.chineseName(),
                    audit.getList("reviews", Document.class, List.of()).stream().map(LineageProjection::review).toList(),
                    decision(audit.get("decision", Document.class)), comparedWith,
                    comparedWith == null ? List.of() : ItemDifference.between(scorecards.get(comparedWith), card, true),
                    cancellation == null ? null : new ProjectLineage.Cancellation(cancellation.getString("cancelledBy"),
                            cancellation.getString("reason"), instant(cancellation, "cancelledAt"),
                            cancellation.getString("cancelledByName")),
                    audit.getInteger("reschedulings", 0)));
            if (!cancelled) {
                previous = auditId;
            }
        }
        List<ProjectLineage.CertificateChange> certificateChanges = certificateChanges(
                lineage.getList("certificateChanges", Document.class, List.of()));
        // A project whose audits were all cancelled is in its first cycle still, as each of its entries says.
        return Optional.of(new ProjectLineage(query.projectNumber().value(), result.isEmpty() ? cycle : Math.max(cycle, 1),
                result, certificateChanges));
    }

    private static ProjectLineage.Review review(Document review) {
        String outcome = review.getString("outcome");
        return new ProjectLineage.Review(outcome, switch (outcome) {
            case "ACCEPTED" -> "技术评审通过";
            case "RETURNED" -> "技术评审退回";
            default -> "重开撤回评审";
        }, review.getString("reviewer"), date(review, "reviewedOn"), review.getString("note"),
                review.getList("findings", String.class, List.of()), review.getString("reason"),
                review.getString("reopenedBy"), instant(review, "reopenedAt"), review.getString("reviewerName"),
                review.getString("reopenedByName"));
    }

    private static ProjectLineage.Decision decision(Document decision) {
        if (decision == null) {
            return null;
        }
        DecisionOutcome outcome = enumValue(decision, "outcome", DecisionOutcome.class);
        Grade grade = enumValue(decision, "grade", Grade.class);
        return new ProjectLineage.Decision(outcome, outcome.chineseName(), decision.getString("decider"),
                date(decision, "decidedOn"), number(decision, "basedOnVersion"), decimal(decision, "total"), grade,
                grade.chineseName(), decision.getString("reason"), decision.getString("deciderName"));
    }

    /**
     * The changes with what each left in force, as the shared {@link CertificateHistory} fold reads them: the validity
     * of the latest issue or renewal of the same certificate (a maintenance, suspension, restoration or withdrawal
     * belongs to it and keeps it), and the next surveillance's due date as the latest change that set one left it; a
     * withdrawn certificate has none due. Which audit each change left next is {@link NextActivity}'s rule on that due
     * date and validity: the surveillance, or the re-certification once the surveillance would fall due in the period's
     * last year (then no surveillance is due).
     */
    private static List<ProjectLineage.CertificateChange> certificateChanges(List<Document> changes) {
        List<ProjectLineage.CertificateChange> result = new ArrayList<>();
        ProjectLineage.CertificateChange before = null;
        for (Document change : changes) {
            CertificateHistory.Kind kind = enumValue(change, "kind", CertificateHistory.Kind.class);
            Grade grade = enumValue(change, "grade", Grade.class);
            String number = change.getString("certificateNumber");
            boolean opens = kind == CertificateHistory.Kind.ISSUED || kind == CertificateHistory.Kind.RENEWED;
            ProjectLineage.CertificateChange same = before != null && number.equals(before.certificateNumber()) ? before
                    : null;
            LocalDate due = date(change, "surveillanceDue");
            // A restoration records no due day, nor did a suspension stored before it kept one: the one before stands.
            // A maintenance, an issue or a renewal without one left the re-certification next.
            if (due == null && (kind == CertificateHistory.Kind.SUSPENDED || kind == CertificateHistory.Kind.RESTORED)
                    && same != null) {
                due = same.surveillanceDue();
            }
            LocalDate validUntil = opens || same == null ? date(change, "validUntil") : same.validUntil();
            NextActivity next = kind == CertificateHistory.Kind.WITHDRAWN || validUntil == null ? null
                    : NextActivity.of(due, validUntil);
            ProjectLineage.CertificateChange read = new ProjectLineage.CertificateChange(kind, kind.chineseName(),
                    number, date(change, "effectiveOn"), change.getString("auditId"), grade,
                    grade == null ? null : grade.chineseName(),
                    opens || same == null ? date(change, "validFrom") : same.validFrom(), validUntil,
                    date(change, "until"), change.getString("decider"), change.getString("deciderName"),
                    change.getString("reason"), instant(change, "recordedAt"), next == null ? null : next.surveillanceDue(),
                    next == null ? null : next.type(), next == null ? null : next.dueBy());
            result.add(read);
            before = read;
        }
        return result;
    }
}
