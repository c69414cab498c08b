package org.certaudit.query.scorecard;

import static org.certaudit.query.DocumentValues.enumValue;
import static org.certaudit.query.DocumentValues.percent;
import static org.certaudit.query.DocumentValues.text;

import java.util.AbstractList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.function.Function;
import org.bson.Document;
import org.certaudit.audit.AuditScoring;
import org.certaudit.audit.AuditScoring.ItemState;
import org.certaudit.audit.AuditScoring.SpecialItem;
import org.certaudit.audit.SpecialItemKind;

/**
 * How an {@link AuditScoring} is kept in a read model document: the fold's state as it is, never
 * derived numbers, so that the shared scoring rules compute them on every question.
 * <p>
 * A document made by {@link #toDocument} holds its item and special-item lists as views of the scoring, whose
 * sub-documents are made when the lists are read, that is when the driver encodes the document; and
 * {@link #fromDocument} hands back the scoring itself for such a document. A projection that applies a tracking
 * batch's events one after the other to the document the previous event left (a batch's later events see that
 * instance, {@code BatchedWrites}) thus neither reads nor writes the audit's 94 items per event, but writes them once,
 * when the batch is stored: in a rebuild of all five read models that had been a tenth of the query side's CPU. The
 * views are read-only ({@code set} and {@code add} throw), and each read of an element makes a new sub-document, so
 * changing one changes nothing stored; nothing does, the projections replace the whole scoring.
 */
public final class ScoringDocuments {

    private static final String ITEMS = "items";
    private static final String SPECIAL_ITEMS = "specialItems";

    private ScoringDocuments() {
    }

    /** The document of {@code scoring}; its lists are read-only views, made into sub-documents when read. */
    public static Document toDocument(AuditScoring scoring) {
        return new Document("schemeId", scoring.schemeId())
                .append("schemeVersion", scoring.schemeVersion())
                .append(ITEMS, new View<>(ITEMS, scoring, List.copyOf(scoring.items().entrySet()), ScoringDocuments::item))
                .append(SPECIAL_ITEMS, new View<>(SPECIAL_ITEMS, scoring, List.copyOf(scoring.specialItems().values()),
                        ScoringDocuments::specialItem));
    }

    /** The scoring kept in {@code document}; {@link AuditScoring#NONE} for none. */
    public static AuditScoring fromDocument(Document document) {
        if (document == null) {
            return AuditScoring.NONE;
        }
        if (document.get(ITEMS) instanceof View<?> items && items.field.equals(ITEMS)
                && document.get(SPECIAL_ITEMS) instanceof View<?> specialItems && specialItems.field.equals(SPECIAL_ITEMS)
                && items.scoring == specialItems.scoring
                && Objects.equals(document.get("schemeId"), items.scoring.schemeId())
                && Objects.equals(document.get("schemeVersion"), items.scoring.schemeVersion())) {
            return items.scoring;
        }
        Map<String, ItemState> items = new LinkedHashMap<>();
        for (Document item : document.getList(ITEMS, Document.class, List.of())) {
            items.put(item.getString("clause"), new ItemState(percent(item, "percent"),
                    item.getBoolean("notApplicable", false), item.getString("note"), item.getString("reason")));
        }
        Map<String, SpecialItem> specialItems = new LinkedHashMap<>();
        for (Document item : document.getList(SPECIAL_ITEMS, Document.class, List.of())) {
            specialItems.put(item.getString("id"), new SpecialItem(item.getString("id"),
                    enumValue(item, "kind", SpecialItemKind.class), item.getString("finding"), item.getString("clause"),
                    item.getString("reason"), item.getBoolean("withdrawn", false), item.getString("withdrawalReason")));
        }
        return new AuditScoring(document.getString("schemeId"), document.getString("schemeVersion"), items, specialItems);
    }

    private static Document item(Map.Entry<String, ItemState> item) {
        ItemState state = item.getValue();
        return new Document("clause", item.getKey())
                .append("percent", text(state.percent()))
                .append("notApplicable", state.notApplicable())
                .append("note", state.note())
                .append("reason", state.reason());
    }

    private static Document specialItem(SpecialItem item) {
        return new Document("id", item.id())
                .append("kind", item.kind().name())
                .append("finding", item.finding())
                .append("clause", item.clause())
                .append("reason", item.reason())
                .append("withdrawn", item.withdrawn())
                .append("withdrawalReason", item.withdrawalReason());
    }

    /** One of a scoring's lists ({@code field}), each element made into its sub-document when read. */
    private static final class View<T> extends AbstractList<Document> implements RandomAccess {

        private final String field;
        private final AuditScoring scoring;
        private final List<T> elements;
        private final Function<T, Document> toDocument;

        View(String field, AuditScoring scoring, List<T> elements, Function<T, Document> toDocument) {
            this.field = field;
            this.scoring = scoring;
            this.elements = elements;
            this.toDocument = toDocument;
        }

        @Override
        public Document get(int index) {
            return toDocument.apply(elements.get(index));
        }

        @Override
        public int size() {
            return elements.size();
        }
    }
}
