package org.certaudit.query.report;

import java.util.Optional;

/**
 * Where the report finds the ledger tree head it was computed under: the latest head that covers the report's events at
 * its point. The ledger (issue #13) provides a bean; until then {@link ReportConfiguration} registers one that has none,
 * and the report prints "no tree head".
 */
public interface LedgerTreeHeads {

    /** The latest tree head at {@code point}; empty when the ledger has none. */
    Optional<TreeHead> at(ReportPoint point);
}
