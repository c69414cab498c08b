package org.certaudit.query.audits;

/** Where an audit stands, as its events tell it. */
public enum AuditStatus {
    /** Opened; no grade recommended yet. */
    OPEN,
    /** The leader recommended a grade: finished and closed for changes. */
    FINISHED,
    /** Reopened after a recommendation, which no longer stands; open for changes again. */
    REOPENED,
    /** Returned to the team by the technical reviewer; open for changes, to be recommended again. */
    RETURNED,
    /** Accepted by the technical reviewer; awaiting the certification decision. */
    REVIEWED,
    /** The certification decision was made; final. */
    DECIDED,
    /** Cancelled by an ADMIN before any decision, with the reason; final, and the project may open its next audit. */
    CANCELLED;

    /**
     * Whether the team may still change the audit (score, mark, special items, findings, team, pledges):
     * the command side refuses every change once a grade is recommended until the leader reopens it
     * ({@code audit.closed}), and for good once it is decided ({@code audit.decided}, ISO/IEC 17065 7.6) or cancelled
     * ({@code audit.cancelled}).
     */
    public boolean openForChanges() {
        return this == OPEN || this == REOPENED || this == RETURNED;
    }

    /** The status in Chinese, next to the code in every read model. */
    public String chineseName() {
        return switch (this) {
            case OPEN -> "审查中";
            case FINISHED -> "已推荐";
            case REOPENED -> "已重开";
            case RETURNED -> "技术评审退回";
            case REVIEWED -> "技术评审通过";
            case DECIDED -> "已决定";
            case CANCELLED -> "已取消";
        };
    }
}
