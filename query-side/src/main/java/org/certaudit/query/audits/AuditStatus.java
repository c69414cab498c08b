package org.certaudit.query.audits;

/** Where an audit stands, as its events tell it. */
public enum AuditStatus {
    /** Opened; no grade recommended yet. */
    OPEN,
    /** The leader recommended a grade: finished and closed for changes. */
    FINISHED,
    /** Reopened after a recommendation, which no longer stands; open for changes again. */
    REOPENED
}
