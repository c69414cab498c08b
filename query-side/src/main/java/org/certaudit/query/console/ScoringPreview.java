package org.certaudit.query.console;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.certaudit.audit.AuditId;
import org.certaudit.query.BadParameterException;
import org.certaudit.query.NotFoundException;
import org.certaudit.query.RequestParameters;
import org.certaudit.scheme.SchemeCatalog;
import org.certaudit.query.scorecard.GetScorecard;
import org.certaudit.query.scorecard.ScorecardView;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.ItemResult;
import org.certaudit.scheme.ItemScore;
import org.certaudit.scheme.Percent;
import org.certaudit.scheme.Scheme;
import org.certaudit.scheme.Scorecard;
import org.certaudit.scheme.Subtotal;
import org.certaudit.web.Decimals;
import org.certaudit.web.RuleCode;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sheet's totals while the user types: the audit's current results with the drafts on screen
 * laid over them, scored by the scheme's own rules (shared-kernel {@link Scorecard}), so that the
 * numbers on screen are the numbers the API will give once the drafts are saved. Nothing is saved.
 */
@RestController
class ScoringPreview {

    private final QueryGateway queries;
    private final SchemeCatalog schemes;

    ScoringPreview(QueryGateway queries, SchemeCatalog schemes) {
        this.queries = queries;
        this.schemes = schemes;
    }

    /**
     * @param request drafts, clause to percent (0 to 100, at most 2 decimals; null: not scored) or not applicable
     * @return earned points per clause, section and part subtotals, total and grade with the drafts applied
     * @throws BadParameterException for an unknown clause ({@code reference.unknown-item}), a clause drafted twice (by its
     *         clause or code, {@code field.duplicate}: which draft would count is not for the server to guess), a percent
     *         out of range ({@code field.min}, {@code field.max}, {@code field.decimals}) or with a draft that is not
     *         applicable ({@code item.not-applicable}: the command side scores no such item), 400 naming
     *         {@code items[clause]}; a null draft or one without a clause ({@code field.required}, 400 naming
     *         {@code items[i]} or {@code items[i].clause})
     */
    @PostMapping("/console/audits/{id}/preview")
    Preview preview(@PathVariable String id, @RequestBody PreviewRequest request) {
        AuditId auditId = RequestParameters.auditId("id", id);
        ScorecardView current = queries.query(new GetScorecard(auditId),
                ResponseTypes.optionalInstanceOf(ScorecardView.class)).join()
                .orElseThrow(() -> new NotFoundException("no audit " + id));
        Scheme scheme = schemes.pinned(current.schemeId(), current.schemeVersion());
        Map<String, ItemResult> results = new HashMap<>();
        for (ScorecardView.Item item : current.items()) {
            if (item.notApplicable()) {
                results.put(item.clause(), ItemResult.NOT_APPLICABLE);
            } else if (item.percent() != null) {
                results.put(item.clause(), ItemResult.scored(new Percent(item.percent())));
            }
        }
        List<Draft> drafts = request.items() == null ? List.of() : request.items();
        Set<String> drafted = new HashSet<>();
        for (int i = 0; i < drafts.size(); i++) {
            Draft draft = drafts.get(i);
            if (draft == null) {
                throw new BadParameterException("items[" + i + "]", RuleCode.FIELD_REQUIRED.with(),
                        "must be a draft object, not null");
            }
            if (draft.clause() == null) {
                throw new BadParameterException("items[" + i + "].clause", RuleCode.FIELD_REQUIRED.with(),
                        "is required: the clause or code of the item");
            }
            String field = "items[" + draft.clause() + "]";
            String clause = RequestParameters.item(field, String.valueOf(draft.clause()), scheme, auditId).clause();
            if (!drafted.add(clause)) {
                throw new BadParameterException(field, RuleCode.FIELD_DUPLICATE.with(),
                        "item " + clause + " is drafted more than once; send each item once");
            }
            if (draft.notApplicable() && draft.percent() != null) {
                throw new BadParameterException(field, RuleCode.ITEM_NOT_APPLICABLE.with("audit", auditId, "item", clause),
                        "item " + clause + " is drafted as not applicable and with a percent; a not applicable item has none");
            }
            if (draft.notApplicable()) {
                results.put(clause, ItemResult.NOT_APPLICABLE);
            } else if (draft.percent() == null) {
                results.remove(clause);
            } else {
                results.put(clause, ItemResult.scored(percent(field, draft.percent())));
            }
        }
        Scorecard card = Scorecard.of(scheme, results, current.deductions(), current.bonuses());
        Map<String, BigDecimal> earned = new LinkedHashMap<>();
        for (ItemScore score : card.items()) {
            earned.put(score.item().clause(), score.earned());
        }
        return new Preview(earned, card.sections(), card.parts(), card.earned(), card.total(), card.grade(),
                card.complete());
    }

    /**
     * The draft's percent as the scheme's rule has it (shared-kernel {@link Percent}: 0 to 100, at most 2 decimals), taken
     * and refused as the command side's score request takes and refuses the same values, one error for the first rule
     * broken: out of range ({@code 1e400} too), then more than two decimals ({@link Decimals}: trailing zeros are none,
     * {@code 99.990} is 99.99 and {@code 0e3} is 0; {@code 99.995} is refused). The value is quoted in scientific form
     * when it has one: {@code 1e999999999} written out would not fit in memory.
     */
    private static Percent percent(String field, BigDecimal percent) {
        if (percent.compareTo(Percent.ZERO.value()) < 0) {
            throw new BadParameterException(field, RuleCode.FIELD_MIN.with("value", 0),
                    "percent must be between 0 and 100, was " + percent);
        }
        if (percent.compareTo(Percent.HUNDRED.value()) > 0) {
            throw new BadParameterException(field, RuleCode.FIELD_MAX.with("value", 100),
                    "percent must be between 0 and 100, was " + percent);
        }
        if (Decimals.Validator.decimals(percent) > 2) {
            throw new BadParameterException(field, RuleCode.FIELD_DECIMALS.with("fraction", 2),
                    "percent has at most 2 decimals, was " + percent);
        }
        return new Percent(percent);
    }

    /** The drafts on screen. */
    record PreviewRequest(List<Draft> items) {
    }

    /** One item as typed: a percent, or not applicable ({@code notApplicable} absent: false). */
    record Draft(String clause, BigDecimal percent, Boolean notApplicable) {
        Draft {
            notApplicable = Boolean.TRUE.equals(notApplicable);
        }
    }

    /** The sheet's numbers with the drafts applied. */
    record Preview(Map<String, BigDecimal> earned, List<Subtotal> sections, List<Subtotal> parts, BigDecimal itemsEarned,
                   BigDecimal total, Grade grade, boolean complete) {
    }
}
