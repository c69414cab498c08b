package org.certaudit.query.report;

import java.util.Optional;

/**
 * Where the report finds the ledger tree head it was computed under (issue #13): the earliest signed head that covers
 * the report's last event, so that the head, once there is one, never changes for the same point; while none covers it
 * the latest head, marked as not covering ({@link TreeHead#coversReport()}); empty when the ledger has none.
 */
public interface LedgerTreeHeads {

    /** The tree head for the report at {@code point}; empty when the ledger has none. */
    Optional<TreeHead> at(ReportPoint point);
}
