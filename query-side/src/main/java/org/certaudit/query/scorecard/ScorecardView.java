package org.certaudit.query.scorecard;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.certaudit.audit.AuditScoring;
import org.certaudit.audit.SpecialItemKind;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.ItemScore;
import org.certaudit.scheme.Scorecard;
import org.certaudit.scheme.Subtotal;

/**
 * An audit's scorecard as the report prints it: every item, every section and part, the special
 * items, the totals and the grade. {@code asOf} and {@code atVersion} say which point in time it
 * shows (both null for the current one); {@code version} is the audit's version at that point.
 */
public record ScorecardView(
        String auditId,
        long version,
        Instant asOf,
        Long atVersion,
        String schemeId,
        String schemeVersion,
        List<Item> items,
        List<Subtotal> sections,
        List<Subtotal> parts,
        List<SpecialItem> specialItems,
        int deductions,
        int bonuses,
        BigDecimal earned,
        BigDecimal applicableMaximum,
        BigDecimal maximum,
        BigDecimal total,
        Grade grade,
        boolean complete) {

    /** The grade's Chinese name, next to its code (十星级, 不予定级). */
    @JsonProperty("gradeLabel")
    public String gradeLabel() {
        return grade == null ? null : grade.chineseName();
    }

    /**
     * How many items are neither scored nor marked not applicable: none exactly when {@code complete}. Pages say it
     * beside a provisional total; not a property of the API's answer, which says {@code complete} and lists the items.
     */
    @JsonIgnore
    public long unscored() {
        return items.stream().filter(item -> item.percent() == null && !item.notApplicable()).count();
    }

    /** One item: its catalogue data, its percent or not applicable (both empty while unscored), earned points and note. */
    public record Item(
            String clause,
            String code,
            String text,
            BigDecimal points,
            String section,
            String part,
            BigDecimal percent,
            boolean notApplicable,
            BigDecimal earned,
            String note,
            String reason) {
    }

    /** A special item (特别项); a withdrawn one is listed but no longer counts. */
    public record SpecialItem(String id, SpecialItemKind kind, String finding, String clause, String reason,
                              boolean withdrawn, String withdrawalReason) {
    }

    static ScorecardView of(String auditId, long version, PointInTime point, Scorecard card, AuditScoring scoring) {
        List<Item> items = card.items().stream().map(score -> item(score, scoring)).toList();
        List<SpecialItem> specials = scoring.specialItems().values().stream()
                .map(s -> new SpecialItem(s.id(), s.kind(), s.finding(), s.clause(), s.reason(), s.withdrawn(), s.withdrawalReason()))
                .toList();
        return new ScorecardView(auditId, version, point.asOf(), point.atVersion(), card.scheme().id(),
                card.scheme().version(), items, card.sections(), card.parts(), specials, card.deductions(),
                card.bonuses(), card.earned(), card.applicableMaximum(), card.maximum(), card.total(), card.grade(),
                card.complete());
    }

    private static Item item(ItemScore score, AuditScoring scoring) {
        AuditScoring.ItemState state = scoring.items().get(score.item().clause());
        return new Item(score.item().clause(), score.item().dimensionCode(), score.item().text(), score.item().points(),
                score.item().section(), score.item().part(),
                score.scored() ? score.result().percent().value() : null,
                score.notApplicable(), score.earned(),
                state == null ? null : state.note(),
                state == null ? null : state.reason());
    }
}
