package org.certaudit.query.scorecard;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.certaudit.scheme.ItemResult;
import org.certaudit.scheme.ItemScore;
import org.certaudit.scheme.Scorecard;

/** One item whose score or applicability differs between two scorecards, with both sides. */
public record ItemDifference(String clause, String code, String text, BigDecimal points, Side before, Side after) {

    /** An item's result on one side: null when the item had none (not yet scored). */
    public record Side(BigDecimal percent, boolean notApplicable, BigDecimal earned) {

        static Side of(ItemScore score) {
            if (score.result() == null) {
                return null;
            }
            return new Side(score.scored() ? score.result().percent().value() : null, score.notApplicable(), score.earned());
        }
    }

    /**
     * The items whose result differs, in report order. Both scorecards must be of the same scheme;
     * with {@code onlyAssessedAfter} an item without a result on the {@code after} side is left
     * out (not yet assessed is no change).
     */
    public static List<ItemDifference> between(Scorecard before, Scorecard after, boolean onlyAssessedAfter) {
        List<ItemDifference> differences = new ArrayList<>();
        for (ItemScore afterScore : after.items()) {
            ItemScore beforeScore = before.find(afterScore.item().clause()).orElse(null);
            ItemResult old = beforeScore == null ? null : beforeScore.result();
            if (sameResult(old, afterScore.result()) || (onlyAssessedAfter && afterScore.result() == null)) {
                continue;
            }
            differences.add(new ItemDifference(afterScore.item().clause(), afterScore.item().dimensionCode(),
                    afterScore.item().text(), afterScore.item().points(),
                    beforeScore == null ? null : Side.of(beforeScore), Side.of(afterScore)));
        }
        return differences;
    }

    private static boolean sameResult(ItemResult a, ItemResult b) {
        if (a == null || b == null) {
            return a == b;
        }
        return a.notApplicable() == b.notApplicable()
                && (a.notApplicable() || a.percent().compareTo(b.percent()) == 0);
    }
}
