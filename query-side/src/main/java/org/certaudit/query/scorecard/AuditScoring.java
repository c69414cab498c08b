package org.certaudit.query.scorecard;

import static org.certaudit.query.DocumentValues.enumValue;
import static org.certaudit.query.DocumentValues.percent;
import static org.certaudit.query.DocumentValues.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditOpened;
import org.certaudit.audit.ItemApplicabilityRestored;
import org.certaudit.audit.ItemMarkedNotApplicable;
import org.certaudit.audit.ItemScoreRevised;
import org.certaudit.audit.ItemScored;
import org.certaudit.audit.SpecialItemKind;
import org.certaudit.audit.SpecialItemRecorded;
import org.certaudit.audit.SpecialItemWithdrawn;
import org.certaudit.scheme.ItemResult;
import org.certaudit.scheme.Percent;
import org.certaudit.scheme.Scheme;
import org.certaudit.scheme.Scorecard;

/**
 * What an audit's events say about its scoring: each item's result and note, and the special
 * items. A pure fold over the audit's events, used for the live read models and for time travel
 * alike so that both give the same answer; the numbers always come from {@link Scorecard#of}.
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

    public Document toDocument() {
        List<Document> itemDocuments = new ArrayList<>();
        items.forEach((clause, state) -> itemDocuments.add(new Document("clause", clause)
                .append("percent", text(state.percent()))
                .append("notApplicable", state.notApplicable())
                .append("note", state.note())
                .append("reason", state.reason())));
        List<Document> specialDocuments = specialItems.values().stream()
                .map(item -> new Document("id", item.id())
                        .append("kind", item.kind().name())
                        .append("finding", item.finding())
                        .append("clause", item.clause())
                        .append("reason", item.reason())
                        .append("withdrawn", item.withdrawn())
                        .append("withdrawalReason", item.withdrawalReason()))
                .toList();
        return new Document("schemeId", schemeId)
                .append("schemeVersion", schemeVersion)
                .append("items", itemDocuments)
                .append("specialItems", specialDocuments);
    }

    public static AuditScoring fromDocument(Document document) {
        if (document == null) {
            return NONE;
        }
        Map<String, ItemState> items = new LinkedHashMap<>();
        for (Document item : document.getList("items", Document.class, List.of())) {
            items.put(item.getString("clause"), new ItemState(percent(item, "percent"),
                    item.getBoolean("notApplicable", false), item.getString("note"), item.getString("reason")));
        }
        Map<String, SpecialItem> specialItems = new LinkedHashMap<>();
        for (Document item : document.getList("specialItems", Document.class, List.of())) {
            specialItems.put(item.getString("id"), new SpecialItem(item.getString("id"),
                    enumValue(item, "kind", SpecialItemKind.class), item.getString("finding"), item.getString("clause"),
                    item.getString("reason"), item.getBoolean("withdrawn", false), item.getString("withdrawalReason")));
        }
        return new AuditScoring(document.getString("schemeId"), document.getString("schemeVersion"), items, specialItems);
    }
}
