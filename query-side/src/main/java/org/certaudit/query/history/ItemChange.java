package org.certaudit.query.history;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * One change to an item. A side with neither a percent nor not applicable means the item had no
 * result (not yet scored, or restored and not scored again).
 */
public record ItemChange(
        Kind kind,
        BigDecimal oldPercent,
        boolean oldNotApplicable,
        BigDecimal newPercent,
        boolean newNotApplicable,
        String note,
        String reason,
        String user,
        String requestId,
        Instant time,
        long position,
        long sequenceNumber) {

    /** The event behind the change. */
    public enum Kind {
        SCORED, REVISED, MARKED_NOT_APPLICABLE, APPLICABILITY_RESTORED
    }
}
