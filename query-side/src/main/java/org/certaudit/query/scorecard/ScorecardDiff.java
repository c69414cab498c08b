package org.certaudit.query.scorecard;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.Scorecard;

/**
 * The items whose score or applicability changed between two points, the special items recorded or withdrawn between
 * them ({@code specialItems}, added after {@code items}: a client reading only {@code items} keeps working), with the
 * totals and grade on each side.
 */
public record ScorecardDiff(String auditId, Totals from, Totals to, List<ItemDifference> items,
                            List<SpecialItemDifference> specialItems) {

    /** Whether nothing that counts differs: no item and no special item. */
    @JsonIgnore
    public boolean empty() {
        return items.isEmpty() && specialItems.isEmpty();
    }

    /** One side of the comparison: the point asked for, the audit's version there (null before it was opened) and its totals. */
    public record Totals(
            Instant asOf,
            Long atVersion,
            Long version,
            BigDecimal earned,
            BigDecimal applicableMaximum,
            int deductions,
            int bonuses,
            BigDecimal total,
            Grade grade,
            boolean complete) {

        static Totals of(PointInTime point, Long version, Scorecard card) {
            return new Totals(point.asOf(), point.atVersion(), version, card.earned(), card.applicableMaximum(),
                    card.deductions(), card.bonuses(), card.total(), card.grade(), card.complete());
        }
    }
}
