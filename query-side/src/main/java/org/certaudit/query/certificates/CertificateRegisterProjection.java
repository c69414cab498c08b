package org.certaudit.query.certificates;

import static org.certaudit.query.DocumentValues.date;
import static org.certaudit.query.DocumentValues.decimal;
import static org.certaudit.query.DocumentValues.enumValue;
import static org.certaudit.query.DocumentValues.instant;
import static org.certaudit.query.DocumentValues.text;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.Updates;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditOpened;
import org.certaudit.audit.AuditReopened;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.Certificate;
import org.certaudit.audit.CertificateGranted;
import org.certaudit.audit.CertificateMaintained;
import org.certaudit.audit.CertificateRenewed;
import org.certaudit.audit.CertificateRestored;
import org.certaudit.audit.CertificateSuspended;
import org.certaudit.audit.CertificateWithdrawn;
import org.certaudit.audit.CertificationRefused;
import org.certaudit.audit.Decision;
import org.certaudit.audit.TechnicalReviewAccepted;
import org.certaudit.certificate.CertificateHistory.StateOn;
import org.certaudit.certificate.CertificateHistory;
import org.certaudit.certificate.CertificateStatus;
import org.certaudit.certificate.NextActivity;
import org.certaudit.query.EventContext;
import org.certaudit.query.ReadModel;
import org.certaudit.query.ReadModels;
import org.certaudit.scheme.Grade;
import org.springframework.stereotype.Component;

/**
 * The certificate register. One document per certificate ({@code _id} = its number) holding its
 * history as the shared {@link CertificateHistory} fold keeps it, so that the status on any day
 * is computed on the question, never stored (expiry needs no event). One document per decision
 * or certificate change ({@code _id} = project stream position), the rows of the regulator's
 * export; and the type and organization of every audit and the technical reviewer whose acceptance stands, which the
 * decision events do not repeat.
 */
@Component
@ProcessingGroup(CertificateRegisterProjection.PROCESSING_GROUP)
class CertificateRegisterProjection implements ReadModel {

    static final String PROCESSING_GROUP = "certificate-register";
    static final String CERTIFICATES = "query_certificates_v5";
    static final String DECISIONS = "query_decisions_v5";
    static final String AUDITS = "query_certificate_audits_v5";
    /**
     * Each certificate number under its case-folded key ({@code _id}: the number in lower case, {@link Locale#ROOT}),
     * with {@code numbers}, every number issued that folds to it: a number typed in another case is found with one
     * lookup by {@code _id}, never by a scan of the register (the check is public).
     */
    static final String NUMBER_KEYS = "query_certificate_number_keys_v5";
    /**
     * The collections of earlier layouts, dropped at start so that a store written by an earlier version is rebuilt:
     * before an issue's or renewal's change kept its certificate (session 24), the register answered every day with the
     * organization, scope and scheme of the latest; before a decision's row kept the name its decider was recorded with
     * (session 25), the export named deciders as the configuration said at the time of the export; before the numbers'
     * case-folded keys (session 26), a number in another case was looked for by scanning the register; and before a
     * decision's row kept when it was recorded and its audit kept the technical reviewer whose acceptance the decision
     * rests on (session 26 too), the export had neither. All are renamed, as a read model is rebuilt only when all of its
     * collections but the numbers' keys are empty.
     */
    static final List<String> RETIRED = List.of("query_certificates", "query_decisions", "query_certificate_audits",
            "query_certificates_v2", "query_decisions_v2", "query_certificate_audits_v2",
            "query_certificates_v3", "query_decisions_v3", "query_certificate_audits_v3",
            "query_certificates_v4", "query_decisions_v4", "query_certificate_audits_v4",
            "query_certificate_number_keys_v4");

    private final ReadModels readModels;

    CertificateRegisterProjection(ReadModels readModels) {
        this.readModels = readModels;
    }

    @Override
    public String processingGroup() {
        return PROCESSING_GROUP;
    }

    @Override
    public List<String> collections() {
        return List.of(CERTIFICATES, DECISIONS, AUDITS, NUMBER_KEYS);
    }

    /** The numbers' keys only find certificates: kept when the register was dropped, they do not stop its rebuild. */
    @Override
    public List<String> indexCollections() {
        return List.of(NUMBER_KEYS);
    }

    @Override
    public List<String> retiredCollections() {
        return RETIRED;
    }

    @EventHandler
    void on(AuditOpened event, EventContext context) {
        readModels.replaceOnce(AUDITS, event.auditId().value(), context, current -> new Document("type", event.type().name())
                .append("organization", event.organization().name())
                .append("projectNumber", event.projectNumber().value()));
    }

    /**
     * The reviewer whose acceptance stands, with the name they were recorded with: a decision is made only on an audit
     * whose technical review accepted it (ISO/IEC 17065 7.5, 7.6), so its row names this reviewer.
     */
    @EventHandler
    void on(TechnicalReviewAccepted event, EventContext context) {
        readModels.replaceOnce(AUDITS, event.auditId().value(), context, current -> opened(event, current)
                .append("reviewer", event.reviewer())
                .append("reviewerName", context.nameOf(event.reviewer())));
    }

    /** Reopening withdraws an accepted review: a later decision rests on the next one. */
    @EventHandler
    void on(AuditReopened event, EventContext context) {
        readModels.replaceOnce(AUDITS, event.auditId().value(), context, current -> opened(event, current)
                .append("reviewer", null)
                .append("reviewerName", null));
    }

    private static Document opened(AuditEvent event, Document audit) {
        if (audit == null) {
            throw new IllegalStateException("event " + event.getClass().getSimpleName() + " for audit "
                    + event.auditId() + " arrived before the audit was opened");
        }
        return audit;
    }

    @EventHandler
    void on(CertificateGranted event, EventContext context) {
        readModels.replaceOnce(CERTIFICATES, event.certificate().number(), context, current -> CertificateDocuments
                .toDocument(CertificateHistory.issued(event))
                .append("projectNumber", event.auditId().projectNumber().value()));
        keep(event.certificate().number());
        decision(event, "GRANTED", event.decision(), event.certificate().number(), context, event.certificate());
    }

    @EventHandler
    void on(CertificateRenewed event, EventContext context) {
        change(event, event.certificate().number(), context);
        keep(event.certificate().number());
        decision(event, "RENEWED", event.decision(), event.certificate().number(), context, event.certificate());
    }

    @EventHandler
    void on(CertificationRefused event, EventContext context) {
        decision(event, "REFUSED", event.decision(), null, context, null);
    }

    @EventHandler
    void on(CertificateMaintained event, EventContext context) {
        change(event, event.certificateNumber(), context);
        decision(event, "MAINTAINED", event.decision(), event.certificateNumber(), context, null);
    }

    @EventHandler
    void on(CertificateSuspended event, EventContext context) {
        change(event, event.certificateNumber(), context);
        decision(event, "SUSPENDED", event.decision(), event.certificateNumber(), context, null);
    }

    @EventHandler
    void on(CertificateWithdrawn event, EventContext context) {
        change(event, event.certificateNumber(), context);
        decision(event, "WITHDRAWN", event.decision(), event.certificateNumber(), context, null);
    }

    @EventHandler
    void on(CertificateRestored event, EventContext context) {
        change(event, event.certificateNumber(), context);
        Document audit = audit(event);
        readModels.replaceOnce(DECISIONS, String.valueOf(context.position()), context, current -> new Document()
                .append("date", text(event.restoredOn()))
                .append("kind", "RESTORED")
                .append("certificateNumber", event.certificateNumber())
                .append("projectNumber", event.auditId().projectNumber().value())
                .append("auditId", event.auditId().value())
                .append("auditType", audit.getString("type"))
                .append("organization", audit.getString("organization"))
                .append("decider", event.decider())
                .append("deciderName", context.nameOf(event.decider()))
                .append("reason", event.reason())
                .append("recordedAt", text(context.time())));
    }

    @ResetHandler
    void reset() {
        readModels.clear(this);
    }

    @QueryHandler
    Optional<CertificateView> handle(GetCertificate query) {
        return history(query.number()).flatMap(history -> history.on(query.asOf()).map(state -> new CertificateView(
                history.number(), query.asOf(), state.status(), state.status().chineseName(), state.grade(),
                state.grade().chineseName(), state.certificate().organization(), state.certificate().scope(),
                state.certificate().schemeId(), state.issuedOn(), state.validFrom(), state.validUntil(),
                state.status() == CertificateStatus.SUSPENDED ? state.suspendedUntil() : null,
                state.suspensionOverdue(), CertificatePeriod.of(state.next()))));
    }

    @QueryHandler
    Optional<CertificateHistory> handle(GetCertificateHistory query) {
        return history(query.number());
    }

    /** The certificate numbered {@code number}, or in another case ({@link #inAnyCase}); empty when the register has none. */
    private Optional<CertificateHistory> history(String number) {
        Document document = readModels.find(CERTIFICATES, number);
        if (document == null) {
            document = inAnyCase(number);
        }
        return Optional.ofNullable(document).map(CertificateDocuments::fromDocument);
    }

    /**
     * The certificate whose number is {@code number} in another case: numbers are issued in capitals by default
     * (CTS-2021-0455-2021-SE-1), and someone typing one from paper or a phone need not hold the shift key. Two numbers
     * that differ in case only (a body's pattern, or project numbers, in small letters) are not guessed between.
     * Two lookups by {@code _id}, the number's key and then the certificate, whatever the register holds.
     */
    private Document inAnyCase(String number) {
        Document key = readModels.collection(NUMBER_KEYS).find(Filters.eq("_id", key(number))).first();
        List<String> numbers = key == null ? List.of() : key.getList("numbers", String.class, List.of());
        return numbers.size() == 1 ? readModels.find(CERTIFICATES, numbers.get(0)) : null;
    }

    /**
     * Files an issued number under its key. {@code $addToSet} makes it the same whether an event is delivered once or
     * again, and whichever of two projects' certificates comes first (the read models' once-per-event check goes by a
     * project stream's sequence, which two projects sharing a key would confuse); so it is written at once, outside
     * the tracking batch's writes, which it needs no ordering with.
     */
    private void keep(String number) {
        readModels.collection(NUMBER_KEYS).updateOne(Filters.eq("_id", key(number)), Updates.addToSet("numbers", number),
                new UpdateOptions().upsert(true));
    }

    private static String key(String number) {
        return number.toLowerCase(Locale.ROOT);
    }

    @QueryHandler
    List<CertificateSummary> handle(FindCertificates query) {
        List<CertificateSummary> found = new ArrayList<>();
        for (Document document : readModels.collection(CERTIFICATES).find()) {
            CertificateHistory history = CertificateDocuments.fromDocument(document);
            Optional<StateOn> on = history.on(query.asOf());
            if (on.isEmpty()) {
                continue;
            }
            StateOn state = on.get();
            // The cycle's next audit on the day (null unless in force): a surveillance recorded as due in the period's
            // last year, as every decision was before the rule, reads as the re-certification.
            NextActivity next = state.nextActivity();
            LocalDate surveillanceDue = next == null ? null : next.surveillanceDue();
            boolean surveillanceOverdue = surveillanceDue != null && query.asOf().isAfter(surveillanceDue);
            List<String> due = new ArrayList<>();
            if (query.dueWithinDays() != null && next != null) {
                LocalDate horizon = query.asOf().plusDays(query.dueWithinDays());
                // A renewal decided before the last valid day continues the certificate: its end is the one due.
                LocalDate lastValidDay = state.lastValidDay();
                if (!next.dueBy().isAfter(horizon)) {
                    due.add(next.type().name());
                }
                // At the suspension's end the body restores the certificate or withdraws it (ISO/IEC 17021-1 9.6.5.2).
                if (state.status() == CertificateStatus.SUSPENDED && state.suspendedUntil() != null
                        && !state.suspendedUntil().isAfter(horizon)) {
                    due.add("SUSPENSION_END");
                }
                if (!lastValidDay.isAfter(horizon)) {
                    due.add("EXPIRY");
                }
            }
            if ((query.status() != null && query.status() != state.status())
                    || (query.grade() != null && query.grade() != state.grade())
                    || (query.organization() != null && !state.certificate().organization().toLowerCase(Locale.ROOT)
                            .contains(query.organization().toLowerCase(Locale.ROOT)))
                    || (query.dueWithinDays() != null && due.isEmpty())) {
                continue;
            }
            found.add(new CertificateSummary(history.number(), document.getString("projectNumber"),
                    state.certificate().organization(), query.asOf(), state.status(), state.status().chineseName(),
                    state.grade(), state.grade().chineseName(), state.validUntil(), surveillanceDue,
                    surveillanceOverdue, state.status() == CertificateStatus.SUSPENDED ? state.suspendedUntil() : null,
                    state.suspensionOverdue(), due, state.validFrom(), CertificatePeriod.of(state.next()),
                    next == null ? null : next.type(), next == null ? null : next.type().chineseName(),
                    next == null ? null : next.dueBy()));
        }
        found.sort(Comparator.comparing(CertificateSummary::number));
        return found;
    }

    @QueryHandler
    List<DecisionRow> handle(FindDecisions query) {
        List<DecisionRow> rows = new ArrayList<>();
        for (Document row : readModels.collection(DECISIONS).find()) {
            LocalDate date = date(row, "date");
            if (date.isBefore(query.from()) || date.isAfter(query.to())) {
                continue;
            }
            rows.add(decisionRow(row));
        }
        // Expiry is a matter of the date: the first day after a last valid day that nothing extended.
        for (Document document : readModels.collection(CERTIFICATES).find()) {
            CertificateHistory history = CertificateDocuments.fromDocument(document);
            Set<LocalDate> lastDays = new LinkedHashSet<>();
            history.changes().forEach(change -> lastDays.add(change.validUntil()));
            for (LocalDate lastDay : lastDays) {
                LocalDate expired = lastDay.plusDays(1);
                if (!expired.isBefore(query.from()) && !expired.isAfter(query.to())
                        && history.statusOn(expired).orElse(null) == CertificateStatus.EXPIRED) {
                    StateOn state = history.on(expired).orElseThrow();
                    rows.add(new DecisionRow(expired, "EXPIRED", kindLabel("EXPIRED"), history.number(),
                            document.getString("projectNumber"), null, null, null, state.certificate().organization(), null,
                            state.grade(), state.grade().chineseName(), null, "最后有效日 " + lastDay + " 已过",
                            null, null, state.validFrom(), lastDay, null, null, null));
                }
            }
        }
        rows.sort(Comparator.comparing(DecisionRow::date).thenComparing(row -> String.valueOf(row.certificateNumber()))
                .thenComparing(row -> String.valueOf(row.auditId())));
        return rows;
    }

    @QueryHandler
    List<DecisionRow> handle(FindRecentDecisions query) {
        List<DecisionRow> rows = new ArrayList<>();
        for (Document row : readModels.collection(DECISIONS).find()) {
            if (!date(row, "date").isAfter(query.onOrBefore()) && instant(row, "recordedAt") != null) {
                rows.add(decisionRow(row));
            }
        }
        rows.sort(Comparator.comparing(DecisionRow::recordedAt).reversed());
        return rows.subList(0, Math.min(query.count(), rows.size()));
    }

    private static DecisionRow decisionRow(Document row) {
        AuditType type = enumValue(row, "auditType", AuditType.class);
        Grade grade = enumValue(row, "grade", Grade.class);
        return new DecisionRow(date(row, "date"), row.getString("kind"), kindLabel(row.getString("kind")),
                row.getString("certificateNumber"), row.getString("projectNumber"), row.getString("auditId"), type,
                type == null ? null : type.chineseName(), row.getString("organization"), decimal(row, "total"),
                grade, grade == null ? null : grade.chineseName(), row.getString("decider"), row.getString("reason"),
                row.get("basedOnVersion", Number.class) == null ? null : row.get("basedOnVersion", Number.class).longValue(),
                row.getString("deciderName"), date(row, "validFrom"), date(row, "validUntil"),
                instant(row, "recordedAt"), row.getString("reviewer"), row.getString("reviewerName"));
    }

    static String kindLabel(String kind) {
        return switch (kind) {
            case "GRANTED" -> "批准认证";
            case "RENEWED" -> "再认证换证";
            case "REFUSED" -> "不予认证";
            case "MAINTAINED" -> "保持认证";
            case "SUSPENDED" -> "暂停认证";
            case "RESTORED" -> "恢复认证";
            case "WITHDRAWN" -> "撤销认证";
            case "EXPIRED" -> "证书过期";
            default -> throw new IllegalArgumentException("unknown decision kind " + kind);
        };
    }

    private void change(AuditEvent event, String number, EventContext context) {
        readModels.replaceOnce(CERTIFICATES, number, context, current -> {
            if (current == null) {
                throw new IllegalStateException("event " + event.getClass().getSimpleName() + " for certificate "
                        + number + " arrived before the certificate was granted");
            }
            return CertificateDocuments.toDocument(CertificateDocuments.fromDocument(current).apply(event))
                    .append("projectNumber", current.getString("projectNumber"));
        });
    }

    /** A decision's row; {@code issued} is the certificate a grant or renewal issued (its validity goes in the row), else null. */
    private void decision(AuditEvent event, String kind, Decision decision, String certificateNumber,
                          EventContext context, Certificate issued) {
        Document audit = audit(event);
        readModels.replaceOnce(DECISIONS, String.valueOf(context.position()), context, current -> new Document()
                .append("date", text(decision.decidedOn()))
                .append("kind", kind)
                .append("certificateNumber", certificateNumber)
                .append("projectNumber", event.auditId().projectNumber().value())
                .append("auditId", event.auditId().value())
                .append("auditType", audit.getString("type"))
                .append("organization", audit.getString("organization"))
                .append("total", text(decision.total()))
                .append("grade", decision.grade().name())
                .append("decider", decision.decider())
                .append("deciderName", context.nameOf(decision.decider()))
                .append("reason", decision.reason())
                .append("basedOnVersion", decision.auditVersion())
                .append("validFrom", issued == null ? null : text(issued.validFrom()))
                .append("validUntil", issued == null ? null : text(issued.validUntil()))
                .append("recordedAt", text(context.time()))
                .append("reviewer", audit.getString("reviewer"))
                .append("reviewerName", audit.getString("reviewerName")));
    }

    private Document audit(AuditEvent event) {
        return opened(event, readModels.find(AUDITS, event.auditId().value()));
    }
}
