package org.certaudit.query.report;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.certaudit.audit.AuditEvent;
import org.certaudit.report.CertificationRecord;
import org.certaudit.report.CertificationFold;

/**
 * The certification record from the stored events: the audit's project stream up to the report's version (the sequence
 * number of the audit's last event at the point), folded by {@link CertificationFold}. Bounded by the version, not by
 * the clock, so a report re-issued at the same point shows the same review, decision and certificate however much
 * happened since (a later surveillance decision on the certificate belongs to the later audit's report).
 */
final class StoredCertificationRecords implements CertificationRecords {

    private final EventStore eventStore;

    StoredCertificationRecords(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @Override
    public CertificationRecord at(ReportPoint point) {
        CertificationFold fold = new CertificationFold(point.auditId());
        DomainEventStream stream = eventStore.readEvents(point.auditId().projectNumber().value(), 0);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (message.getSequenceNumber() > point.version()) {
                break;
            }
            if (message.getPayload() instanceof AuditEvent event) {
                fold.apply(event);
            }
        }
        return fold.record();
    }
}
