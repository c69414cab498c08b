package org.certaudit.query.scorecard;

import static org.certaudit.query.DocumentValues.enumValue;
import static org.certaudit.query.DocumentValues.percent;
import static org.certaudit.query.DocumentValues.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.certaudit.audit.AuditScoring;
import org.certaudit.audit.AuditScoring.ItemState;
import org.certaudit.audit.AuditScoring.SpecialItem;
import org.certaudit.audit.SpecialItemKind;

/**
 * How an {@link AuditScoring} is kept in a read model document: the fold's state as it is, never
 * derived numbers, so that the shared scoring rules compute them on every question.
 */
public final class ScoringDocuments {

    private ScoringDocuments() {
    }

    public static Document toDocument(AuditScoring scoring) {
        List<Document> itemDocuments = new ArrayList<>();
        scoring.items().forEach((clause, state) -> itemDocuments.add(new Document("clause", clause)
                .append("percent", text(state.percent()))
                .append("notApplicable", state.notApplicable())
                .append("note", state.note())
                .append("reason", state.reason())));
        List<Document> specialDocuments = scoring.specialItems().values().stream()
                .map(item -> new Document("id", item.id())
                        .append("kind", item.kind().name())
                        .append("finding", item.finding())
                        .append("clause", item.clause())
                        .append("reason", item.reason())
                        .append("withdrawn", item.withdrawn())
                        .append("withdrawalReason", item.withdrawalReason()))
                .toList();
        return new Document("schemeId", scoring.schemeId())
                .append("schemeVersion", scoring.schemeVersion())
                .append("items", itemDocuments)
                .append("specialItems", specialDocuments);
    }

    /** The scoring kept in {@code document}; {@link AuditScoring#NONE} for none. */
    public static AuditScoring fromDocument(Document document) {
        if (document == null) {
            return AuditScoring.NONE;
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
