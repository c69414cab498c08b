package org.certaudit.scheme;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The scoring rules of GB/T 27922 as applied by CTS ISC-JSGF-06: a pure function from a scheme,
 * the item results so far and the special items (特别项) to earned points per item, section and
 * part, the total and the grade. Items without a result yet count as applicable and earn nothing,
 * so an incomplete scorecard shows a provisional total; {@link #complete()} tells the two apart.
 */
public final class Scorecard {

    /** GB/T 27922: at most one bonus item (特别加分项) counts, one point. */
    static final int BONUS_CAP = 1;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final int TOTAL_SCALE = 2;

    private final Scheme scheme;
    private final List<ItemScore> items;
    private final List<Subtotal> sections;
    private final List<Subtotal> parts;
    private final Subtotal overall;
    private final BigDecimal total;
    private final Grade grade;
    private final boolean complete;
    private final int deductions;
    private final int bonuses;

    private Scorecard(Scheme scheme, List<ItemScore> items, int deductions, int bonuses) {
        this.scheme = scheme;
        this.items = List.copyOf(items);
        this.deductions = deductions;
        this.bonuses = bonuses;
        this.sections = scheme.sections().stream()
                .map(s -> subtotal(s.number(), s.title(), items, i -> i.section().equals(s.number())))
                .toList();
        this.parts = scheme.parts().stream()
                .map(p -> subtotal(p.number(), p.title(), items, i -> i.part().equals(p.number())))
                .toList();
        this.overall = subtotal(scheme.id(), scheme.title(), items, i -> true);
        this.total = total(scheme.maximumPoints(), overall, deductions, bonuses);
        this.grade = Grade.of(total, deductions);
        this.complete = items.stream().allMatch(i -> i.result() != null);
    }

    /**
     * Scores {@code results} (clause to result; clauses left out are not yet scored) against
     * {@code scheme}, with the number of special deductions and bonuses recorded.
     *
     * @throws IllegalArgumentException for a clause the scheme does not have, a missing result,
     *                                  or a negative number of deductions or bonuses
     */
    public static Scorecard of(Scheme scheme, Map<String, ItemResult> results, int deductions, int bonuses) {
        Objects.requireNonNull(scheme, "scheme is required");
        Objects.requireNonNull(results, "results are required");
        if (deductions < 0) {
            throw new IllegalArgumentException("deductions must not be negative, was " + deductions);
        }
        if (bonuses < 0) {
            throw new IllegalArgumentException("bonuses must not be negative, was " + bonuses);
        }
        for (Map.Entry<String, ItemResult> entry : results.entrySet()) {
            String clause = entry.getKey();
            Optional<SchemeItem> found = scheme.find(clause);
            if (found.isEmpty() || !found.get().clause().equals(clause)) {
                throw new IllegalArgumentException(found.filter(i -> clause.equals(i.dimensionCode())).isPresent()
                        ? "results are keyed by clause: " + clause + " is a dimension code, use " + found.get().clause()
                        : "no item " + clause + " in scheme " + scheme);
            }
            if (entry.getValue() == null) {
                throw new IllegalArgumentException("result of item " + clause + " is missing; leave an unscored item out");
            }
        }
        List<ItemScore> scores = new ArrayList<>(scheme.items().size());
        for (SchemeItem item : scheme.items()) {
            ItemResult result = results.get(item.clause());
            scores.add(new ItemScore(item, result, earned(item, result)));
        }
        return new Scorecard(scheme, scores, deductions, bonuses);
    }

    /** Points x percent / 100, exact: 1.5 points at 97 % earn 1.455, as the report prints it. */
    private static BigDecimal earned(SchemeItem item, ItemResult result) {
        if (result == null || result.notApplicable()) {
            return null;
        }
        return normalised(item.points().multiply(result.percent().value()).movePointLeft(2));
    }

    private static Subtotal subtotal(String number, String title, List<ItemScore> items,
                                     Predicate<SchemeItem> member) {
        BigDecimal earned = BigDecimal.ZERO;
        BigDecimal maximum = BigDecimal.ZERO;
        BigDecimal applicable = BigDecimal.ZERO;
        for (ItemScore score : items) {
            if (!member.test(score.item())) {
                continue;
            }
            BigDecimal points = score.item().points();
            maximum = maximum.add(points);
            if (!score.notApplicable()) {
                applicable = applicable.add(points);
            }
            if (score.earned() != null) {
                earned = earned.add(score.earned());
            }
        }
        BigDecimal percent = applicable.signum() == 0
                ? null
                : earned.multiply(HUNDRED).divide(applicable, TOTAL_SCALE, RoundingMode.HALF_UP);
        return new Subtotal(number, title, normalised(earned), normalised(maximum), normalised(applicable), percent);
    }

    /**
     * GB/T 27922: total = earned / applicable maximum x 150 - deductions + bonus (at most one),
     * rounded half-up to two decimals. The division is rounded once, exactly, and the special
     * items are whole points, so no intermediate rounding can shift the last digit. When no item
     * is applicable there is nothing to measure maturity against: the scaled part counts as 0
     * (no division by zero) and only the special items remain, which can never reach a grade.
     */
    private static BigDecimal total(BigDecimal scale, Subtotal overall, int deductions, int bonuses) {
        BigDecimal scaled = overall.applicableMaximum().signum() == 0
                ? BigDecimal.ZERO.setScale(TOTAL_SCALE)
                : overall.earned().multiply(scale).divide(overall.applicableMaximum(), TOTAL_SCALE, RoundingMode.HALF_UP);
        return scaled.subtract(BigDecimal.valueOf(deductions)).add(BigDecimal.valueOf(Math.min(bonuses, BONUS_CAP)));
    }

    /**
     * A total written out as GB/T 27922 gives it, two decimals rounded half up: {@code 145.9} as {@code 145.90}, whatever
     * scale the value kept on its way (a decision's total read back from its event). Pages, reports and exports print
     * every total so; {@link #normalised} is for the other values, which the seed report prints without trailing zeros.
     */
    public static String totalText(BigDecimal total) {
        return Objects.requireNonNull(total, "total is required").setScale(TOTAL_SCALE, RoundingMode.HALF_UP).toPlainString();
    }

    /** Drops trailing zeros so values read as the report prints them (1, 2.97, 1.455). */
    private static BigDecimal normalised(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    public Scheme scheme() {
        return scheme;
    }

    /** Every catalogue item in report order with its result and earned points. */
    public List<ItemScore> items() {
        return items;
    }

    /** The item with this clause or dimension code. */
    public Optional<ItemScore> find(String clauseOrCode) {
        return scheme.find(clauseOrCode).flatMap(item -> items.stream().filter(i -> i.item().equals(item)).findFirst());
    }

    /** One subtotal per section, in report order. */
    public List<Subtotal> sections() {
        return sections;
    }

    /** One subtotal per part (5.1, 5.2, 5.3), in report order. */
    public List<Subtotal> parts() {
        return parts;
    }

    /** Points earned over all items, before scaling. */
    public BigDecimal earned() {
        return overall.earned();
    }

    /** The scheme's maximum points (150). */
    public BigDecimal maximum() {
        return overall.maximum();
    }

    /** The maximum without the points of not applicable items. */
    public BigDecimal applicableMaximum() {
        return overall.applicableMaximum();
    }

    /** The total on the 150-point scale after special items, two decimals. */
    public BigDecimal total() {
        return total;
    }

    public Grade grade() {
        return grade;
    }

    /** Whether every item is scored or marked not applicable. */
    public boolean complete() {
        return complete;
    }

    /** Special deductions recorded (特别扣分项), each one point off. */
    public int deductions() {
        return deductions;
    }

    /** Special bonuses recorded (特别加分项); at most one of them counts. */
    public int bonuses() {
        return bonuses;
    }

    @Override
    public String toString() {
        return "Scorecard[" + scheme + ", total=" + total.toPlainString() + ", grade=" + grade + ", complete=" + complete + "]";
    }
}
