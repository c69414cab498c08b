package org.certaudit.query.audits;

import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * <p>
 * The answer for a version never changes (the stream below it is stored and never rewritten), so the last
 * {@value #KEPT} answers are kept: the console asks again and again while it waits for a change to be projected.
 */
@Component
class PledgeTimingWarnings {

    /** Answers kept, by audit and version. */
    static final int KEPT = 256;

    private final EventStore eventStore;
    private final ZoneId zone;
    private final Map<FindPledgeTimingWarnings, List<PledgeTimingWarning>> kept =
            Collections.synchronizedMap(new LinkedHashMap<>(KEPT, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<FindPledgeTimingWarnings, List<PledgeTimingWarning>> eldest) {
                    return size() > KEPT;
                }
            });

    PledgeTimingWarnings(EventStore eventStore, @Value("${certaudit.time-zone:Asia/Shanghai}") ZoneId zone) {
        this.eventStore = eventStore;
        this.zone = zone;
    }

    @QueryHandler
    List<PledgeTimingWarning> handle(FindPledgeTimingWarnings query) {
        List<PledgeTimingWarning> known = kept.get(query);
        if (known != null) {
            return known;
        }
        AuditFold fold = new AuditFold(query.auditId());
        boolean stored = false;
        DomainEventStream stream = eventStore.readEvents(query.auditId().projectNumber().value(), 0);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (message.getSequenceNumber() > query.version()) {
                break;
            }
            stored = message.getSequenceNumber() == query.version();
            if (message.getPayload() instanceof AuditEvent event) {
                fold.apply(new RecordedEvent(message.getSequenceNumber(), event,
                        text(message.getMetaData().get(EventMetaData.USER)),
                        text(message.getMetaData().get(EventMetaData.PERSON_NAME)), message.getTimestamp()));
            }
        }
        List<PledgeTimingWarning> answer = List.copyOf(fold.opened() ? PledgeTimingWarning.of(fold.pledgeTiming(zone))
                : List.of());
        if (stored) {
            // Only a version stored whole: one asked beyond the stream's end could still change.
            kept.put(query, answer);
        }
        return answer;
    }

    private static String text(Object metaData) {
        return metaData == null ? null : metaData.toString();
    }
}
