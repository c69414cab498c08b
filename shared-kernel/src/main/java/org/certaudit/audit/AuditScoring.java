package org.certaudit.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.certaudit.scheme.ItemResult;
import org.certaudit.scheme.Percent;
import org.certaudit.scheme.Scheme;
import org.certaudit.scheme.Scorecard;

/**
 * What an audit's events say about its scoring: each item's result and note, and the special
 * items. The one pure fold of an audit's events into the input of the scoring rules: the
 * project aggregate decides with it, the live read models and time travel answer with it, so
 * all three give the same answer; the numbers always come from {@link Scorecard#of}.
 */
public record AuditScoring(
        String schemeId,
        String schemeVersion,
        Map<String, ItemState> items,
        Map<String, SpecialItem> specialItems) {

    public static final AuditScoring NONE = new AuditScoring(null, null, Map.of(), Map.of());

    public AuditScoring {
        items = Collections.unmodifiableMap(new LinkedHashMap<>(items));
        specialItems = Collections.unmodifiableMap(new LinkedHashMap<>(specialItems));
    }

    /**
     * One item's state: scored ({@code percent} set), not applicable, or neither (not yet scored,
     * or restored after being not applicable), with the latest note and reason.
     */
    public record ItemState(Percent percent, boolean notApplicable, String note, String reason) {

        /** The result the scoring rules take, null while the item has none. */
        public ItemResult result() {
            if (notApplicable) {
                return ItemResult.NOT_APPLICABLE;
            }
            return percent == null ? null : ItemResult.scored(percent);
        }
    }

    /** A special item (特别项) as recorded, and whether it was withdrawn since. */
    public record SpecialItem(
            String id,
            SpecialItemKind kind,
            String finding,
            String clause,
            String reason,
            boolean withdrawn,
            String withdrawalReason) {
    }

    /** The state after {@code event}; events that do not touch the scoring leave it as it is. */
    public AuditScoring apply(AuditEvent event) {
        if (event instanceof AuditOpened opened) {
            return new AuditScoring(opened.schemeId(), opened.schemeVersion(), Map.of(), Map.of());
        }
        if (event instanceof ItemScored scored) {
            return withItem(scored.clause(), new ItemState(scored.percent(), false, scored.note(), null));
        }
        if (event instanceof ItemScoreRevised revised) {
            String note = revised.note() != null ? revised.note() : noteOf(revised.clause());
            return withItem(revised.clause(), new ItemState(revised.percent(), false, note, revised.reason()));
        }
        if (event instanceof ItemMarkedNotApplicable marked) {
            return withItem(marked.clause(), new ItemState(null, true, noteOf(marked.clause()), marked.reason()));
        }
        if (event instanceof ItemNotApplicableReasonRevised revised) {
            return withItem(revised.clause(), new ItemState(null, true, noteOf(revised.clause()), revised.reason()));
        }
        if (event instanceof ItemApplicabilityRestored restored) {
            return withItem(restored.clause(), new ItemState(null, false, noteOf(restored.clause()), restored.reason()));
        }
        if (event instanceof SpecialItemRecorded recorded) {
            Map<String, SpecialItem> next = new LinkedHashMap<>(specialItems);
            next.put(recorded.specialItemId(), new SpecialItem(recorded.specialItemId(), recorded.kind(),
                    recorded.finding(), recorded.clause(), recorded.reason(), false, null));
            return new AuditScoring(schemeId, schemeVersion, items, next);
        }
        if (event instanceof SpecialItemWithdrawn withdrawn) {
            SpecialItem item = specialItems.get(withdrawn.specialItemId());
            if (item == null) {
                return this;
            }
            Map<String, SpecialItem> next = new LinkedHashMap<>(specialItems);
            next.put(item.id(), new SpecialItem(item.id(), item.kind(), item.finding(), item.clause(), item.reason(),
                    true, withdrawn.reason()));
            return new AuditScoring(schemeId, schemeVersion, items, next);
        }
        return this;
    }

    /** Clause to result of every item that has one, as the scoring rules take them. */
    public Map<String, ItemResult> results() {
        Map<String, ItemResult> results = new LinkedHashMap<>();
        items.forEach((clause, state) -> {
            if (state.result() != null) {
                results.put(clause, state.result());
            }
        });
        return results;
    }

    /** The item's state, empty while nothing was recorded for it. */
    public Optional<ItemState> item(String clause) {
        return Optional.ofNullable(items.get(clause));
    }

    /** Whether the item is marked not applicable (不涉及) now. */
    public boolean notApplicable(String clause) {
        ItemState state = items.get(clause);
        return state != null && state.notApplicable();
    }

    /** A special item that still counts (recorded and not withdrawn). */
    public Optional<SpecialItem> countingSpecialItem(String specialItemId) {
        return Optional.ofNullable(specialItems.get(specialItemId)).filter(item -> !item.withdrawn());
    }

    /** The ids of the special items that still count and name the item {@code clause}, in the order recorded. */
    public List<String> countingSpecialItemIdsOn(String clause) {
        return specialItems.values().stream()
                .filter(item -> !item.withdrawn() && clause.equals(item.clause()))
                .map(SpecialItem::id)
                .toList();
    }

    /** The id of the bonus item that counts, if any (GB/T 27922: at most one). */
    public Optional<String> bonusItemId() {
        return specialItems.values().stream()
                .filter(item -> !item.withdrawn() && item.kind() == SpecialItemKind.BONUS)
                .map(SpecialItem::id)
                .findFirst();
    }

    /**
     * The id the next special item gets: they count up per audit and are never reused (withdrawn
     * ones stay in {@link #specialItems}), so an id names one item for good.
     */
    public String nextSpecialItemId() {
        return "S" + (specialItems.size() + 1);
    }

    public int deductions() {
        return count(SpecialItemKind.DEDUCTION);
    }

    public int bonuses() {
        return count(SpecialItemKind.BONUS);
    }

    public Scorecard scorecard(Scheme scheme) {
        return Scorecard.of(scheme, results(), deductions(), bonuses());
    }

    private int count(SpecialItemKind kind) {
        return (int) specialItems.values().stream().filter(item -> !item.withdrawn() && item.kind() == kind).count();
    }

    private String noteOf(String clause) {
        ItemState state = items.get(clause);
        return state == null ? null : state.note();
    }

    private AuditScoring withItem(String clause, ItemState state) {
        Map<String, ItemState> next = new LinkedHashMap<>(items);
        next.put(clause, state);
        return new AuditScoring(schemeId, schemeVersion, next, specialItems);
    }
}
