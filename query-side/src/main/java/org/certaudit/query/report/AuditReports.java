package org.certaudit.query.report;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditScoring;
import org.certaudit.audit.EventMetaData;
import org.certaudit.query.audits.AuditDetail;
import org.certaudit.query.audits.GetAudit;
import org.certaudit.query.ledger.LedgerTreeHeads;
import org.certaudit.query.scorecard.PointInTime;
import org.certaudit.report.AuditFacts;
import org.certaudit.report.AuditFold;
import org.certaudit.report.RecordedEvent;
import org.certaudit.scheme.ItemScore;
import org.certaudit.scheme.SchemeCatalog;
import org.certaudit.scheme.Scorecard;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Issues an audit's report as of a point. "Now" is the version the audit read model has reached, so the report agrees
 * with the other read APIs and re-issuing it at that version gives the same report; any other point is time travel: the
 * project's stored events up to it (one lookup by aggregate id), folded with {@link AuditScoring} (the same fold as the
 * live scorecard) and {@link AuditFacts} by the shared-kernel {@link AuditFold}, which the offline
 * verifier folds a bundle's events with too; the same fold says whether the team pledged before it worked, on the
 * certification body's calendar ({@code certaudit.time-zone}).
 */
@Component
class AuditReports {

    private final EventStore eventStore;
    private final QueryGateway queries;
    private final SchemeCatalog schemes;
    private final ReportProperties properties;
    private final CertificationRecords certifications;
    private final LedgerTreeHeads ledger;
    private final ZoneId zone;

    AuditReports(EventStore eventStore, QueryGateway queries, SchemeCatalog schemes, ReportProperties properties,
                 CertificationRecords certifications, LedgerTreeHeads ledger,
                 @Value("${certaudit.time-zone:Asia/Shanghai}") ZoneId zone) {
        this.eventStore = eventStore;
        this.queries = queries;
        this.schemes = schemes;
        this.properties = properties;
        this.certifications = certifications;
        this.ledger = ledger;
        this.zone = zone;
    }

    /**
     * The report of {@code auditId} as of {@code requested}; empty when the audit is not known (now) or was not opened yet
     * at that point.
     *
     * @throws ReportNotConfiguredException when {@code certaudit.report.body.name} is not set
     */
    Optional<AuditReport> issue(AuditId auditId, PointInTime requested) {
        CertificationBody body = properties.certificationBody();
        if (body == null) {
            throw new ReportNotConfiguredException();
        }
        PointInTime point = requested;
        if (requested.isNow()) {
            Optional<AuditDetail> detail = queries.query(new GetAudit(auditId),
                    ResponseTypes.optionalInstanceOf(AuditDetail.class)).join();
            if (detail.isEmpty()) {
                return Optional.empty();
            }
            point = PointInTime.atVersion(detail.get().version());
        }
        DomainEventStream stream = eventStore.readEvents(auditId.projectNumber().value(), 0);
        AuditFold fold = new AuditFold(auditId);
        String lastEventId = null;
        // Every audit's events, for the certification record up to the audit's version: one read of the stream.
        List<RecordedEvent> projectEvents = new ArrayList<>();
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (!(message.getPayload() instanceof AuditEvent event)) {
                continue;
            }
            RecordedEvent recorded = new RecordedEvent(message.getSequenceNumber(), event,
                    text(message.getMetaData().get(EventMetaData.USER)),
                    text(message.getMetaData().get(EventMetaData.PERSON_NAME)), message.getTimestamp());
            projectEvents.add(recorded);
            if (!event.auditId().equals(auditId) || !point.includes(message)) {
                continue;
            }
            fold.apply(recorded);
            lastEventId = message.getIdentifier();
        }
        if (!fold.opened()) {
            return Optional.empty();
        }
        AuditScoring scoring = fold.scoring();
        Scorecard scorecard = fold.scorecard(schemes);
        ReportPoint at = new ReportPoint(auditId, requested, fold.version(), fold.lastEventAt(), lastEventId);
        Map<String, String> evidence = new HashMap<>();
        for (ItemScore score : scorecard.items()) {
            AuditScoring.ItemState state = scoring.item(score.item().clause()).orElse(null);
            String text = state == null ? null : state.notApplicable() ? state.reason() : state.note();
            if (text != null && !text.isBlank()) {
                evidence.put(score.item().clause(), text);
            }
        }
        return Optional.of(new AuditReport(at, body, fold.facts(), scorecard, fold.standingSpecialItems(),
                certifications.at(at, projectEvents.stream().takeWhile(recorded -> recorded.sequence() <= fold.version())
                        .toList()),
                ledger.covering(at.lastEventId() == null ? List.of() : List.of(at.lastEventId())).orElse(null),
                evidence, fold.pledgeTiming(zone)));
    }

    private static String text(Object metaData) {
        return metaData == null ? null : metaData.toString();
    }
}
