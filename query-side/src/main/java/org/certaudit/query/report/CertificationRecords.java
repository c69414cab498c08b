package org.certaudit.query.report;

import java.util.List;
import org.certaudit.report.CertificationRecord;
import org.certaudit.report.RecordedEvent;

/**
 * Where the report finds the review, decision and certificate of an audit as they stood at the report's point:
 * {@link FoldedCertificationRecords} folds them from the project's events; a test may give a record of its own.
 */
public interface CertificationRecords {

    /**
     * The record as of {@code point}; {@link CertificationRecord#NONE} when nothing has happened yet.
     *
     * @param projectEvents the project stream's audit events from sequence 0 up to and including {@code point.version()},
     *                      in sequence order (every audit's), with the user and name each was recorded with
     */
    CertificationRecord at(ReportPoint point, List<RecordedEvent> projectEvents);
}
