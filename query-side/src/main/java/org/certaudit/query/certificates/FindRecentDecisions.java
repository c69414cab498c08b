package org.certaudit.query.certificates;

import java.time.LocalDate;

/**
 * The {@code count} decisions and restorations dated on or before {@code onOrBefore} that were recorded last, the latest
 * recorded first, whatever day they are dated: a decision may enter the record long after its day. Expiries, which no
 * one records, are not among them.
 */
public record FindRecentDecisions(LocalDate onOrBefore, int count) {

    public FindRecentDecisions {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
    }
}
