package org.certaudit.query.report;

import java.util.List;
import org.certaudit.report.CertificationFold;
import org.certaudit.report.CertificationRecord;
import org.certaudit.report.RecordedEvent;

/**
 * The certification record from the project's events up to the report's version (the sequence number of the audit's
 * last event at the point), folded by {@link CertificationFold}. Bounded by the version, not by the clock, so a report
 * re-issued at the same point shows the same review, decision and certificate however much happened since (a later
 * surveillance decision on the certificate belongs to the later audit's report). The events come from the report's own
 * read of the project stream: one read per report.
 */
final class FoldedCertificationRecords implements CertificationRecords {

    @Override
    public CertificationRecord at(ReportPoint point, List<RecordedEvent> projectEvents) {
        CertificationFold fold = new CertificationFold(point.auditId());
        projectEvents.forEach(fold::apply);
        return fold.record();
    }
}
