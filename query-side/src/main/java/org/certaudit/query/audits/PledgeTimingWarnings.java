package org.certaudit.query.audits;

import java.time.ZoneId;
import java.util.List;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.EventMetaData;
import org.certaudit.report.AuditFold;
import org.certaudit.report.PledgeTiming;
import org.certaudit.report.RecordedEvent;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Answers {@link FindPledgeTimingWarnings} from the stored events: the project's stream up to the version asked (one
 * lookup by aggregate id), the audit's events folded by the shared-kernel {@link AuditFold}, whose {@link PledgeTiming}
 * is the one rule the report check and the offline verifier apply too. No read model keeps the warnings: whether a
 * member worked before their pledge turns on the day of every record they made and on a pledge day that may be
 * corrected later, which only the whole history says; the day of a record is read on the certification body's calendar
 * ({@code certaudit.time-zone}).
 */
@Component
class PledgeTimingWarnings {

    private final EventStore eventStore;
    private final ZoneId zone;

    PledgeTimingWarnings(EventStore eventStore, @Value("${certaudit.time-zone:Asia/Shanghai}") ZoneId zone) {
        this.eventStore = eventStore;
        this.zone = zone;
    }

    @QueryHandler
    List<PledgeTimingWarning> handle(FindPledgeTimingWarnings query) {
        AuditFold fold = new AuditFold(query.auditId());
        DomainEventStream stream = eventStore.readEvents(query.auditId().projectNumber().value(), 0);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (message.getSequenceNumber() > query.version()) {
                break;
            }
            if (message.getPayload() instanceof AuditEvent event) {
                fold.apply(new RecordedEvent(message.getSequenceNumber(), event,
                        text(message.getMetaData().get(EventMetaData.USER)),
                        text(message.getMetaData().get(EventMetaData.PERSON_NAME)), message.getTimestamp()));
            }
        }
        return fold.opened() ? PledgeTimingWarning.of(fold.pledgeTiming(zone)) : List.of();
    }

    private static String text(Object metaData) {
        return metaData == null ? null : metaData.toString();
    }
}
