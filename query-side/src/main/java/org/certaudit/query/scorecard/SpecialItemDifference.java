package org.certaudit.query.scorecard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.certaudit.audit.AuditScoring;
import org.certaudit.audit.SpecialItemKind;

/**
 * A special item (特别项) recorded or withdrawn between two points, with what it was on each side: it moves the total
 * as an item's score does, and more (GB/T 27922: a deduction takes a point off the total, a bonus adds one, and five
 * deductions leave the audit ungraded), so a comparison without it would say "no difference" while the total and
 * grade change.
 *
 * @param before the item on the earlier side of the comparison ({@code from}), null where it was not recorded yet
 * @param after  the item on the {@code to} side, null where it was not recorded yet (a comparison going backwards)
 */
public record SpecialItemDifference(String id, SpecialItemKind kind, String clause, String finding, String reason,
                                    Side before, Side after) {

    /** The special item on one side: whether it was withdrawn there (it then no longer counts), and why. */
    public record Side(boolean withdrawn, String withdrawalReason) {

        static Side of(AuditScoring.SpecialItem item) {
            return item == null ? null : new Side(item.withdrawn(), item.withdrawalReason());
        }
    }

    /** The special items recorded or withdrawn between the two folds, in the order they were recorded. */
    static List<SpecialItemDifference> between(AuditScoring before, AuditScoring after) {
        Map<String, AuditScoring.SpecialItem> earlier = before.specialItems();
        Map<String, AuditScoring.SpecialItem> later = after.specialItems();
        List<SpecialItemDifference> differences = new ArrayList<>();
        // A comparison may go backwards (from a later version to an earlier one): the items only the earlier fold has.
        List<AuditScoring.SpecialItem> all = new ArrayList<>(later.values());
        earlier.values().stream().filter(item -> !later.containsKey(item.id())).forEach(all::add);
        for (AuditScoring.SpecialItem item : all) {
            Side was = Side.of(earlier.get(item.id()));
            Side is = Side.of(later.get(item.id()));
            if (!Objects.equals(was, is)) {
                differences.add(new SpecialItemDifference(item.id(), item.kind(), item.clause(), item.finding(),
                        item.reason(), was, is));
            }
        }
        return differences;
    }
}
