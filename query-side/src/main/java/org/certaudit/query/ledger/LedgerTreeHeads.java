package org.certaudit.query.ledger;

import java.util.Collection;
import java.util.Optional;

/**
 * Which signed tree head an answer was computed under (issue #13: "every scorecard, history and report response carries
 * the tree size and root it was computed under"): the earliest signed head that covers the answer's last event, so that
 * the head, once there is one, never changes for the same answer; while none covers it, the latest head, marked as not
 * covering ({@link TreeHead#covers()}); empty when the ledger has no head at all.
 */
public interface LedgerTreeHeads {

    /**
     * The tree head for an answer built from these events (identifiers as stored); an empty collection gives the latest
     * head, not covering.
     */
    Optional<TreeHead> covering(Collection<String> eventIds);
}
