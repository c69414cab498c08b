package org.certaudit.query.report;

import org.certaudit.report.CertificationRecord;

/**
 * Where the report finds the review, decision and certificate of an audit as they stood at the report's point. The
 * certification lifecycle (issue #12) provides a bean; until then {@link ReportConfiguration} registers one that knows
 * none, and the report prints "not yet reviewed / decided".
 */
public interface CertificationRecords {

    /** The record as of {@code point}; {@link CertificationRecord#NONE} when nothing has happened yet. */
    CertificationRecord at(ReportPoint point);
}
