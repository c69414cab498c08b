package org.certaudit.query.console;

import java.math.BigDecimal;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.Scorecard;

/**
 * Totals as the console prints them: GB/T 27922 gives a total to two decimals, rounded half up, so every total reads
 * alike ({@code 145.30}) whether it was computed, recommended or decided, and whatever scale its source kept, as the
 * report and the exports print it ({@link Scorecard#totalText}). console.js's {@code totalText} does the same for the
 * totals it redraws.
 */
final class ConsoleTotals {

    /** {@code total} to two decimals ({@code 145.3} as {@code 145.30}); empty for none. */
    public String format(BigDecimal total) {
        return total == null ? "" : Scorecard.totalText(total);
    }

    /**
     * Whether a sheet's grade is its verdict: every item is scored or marked not applicable, or the special deductions
     * rule a grade out whatever the items still to score (GB/T 27922: five of them). Before that the total and grade are
     * provisional, and "not graded" is no verdict either: the unscored items hold the total down. console.js's
     * {@code gradeText} judges alike.
     */
    public boolean settled(boolean complete, int deductions) {
        return complete || deductions >= Grade.DEDUCTIONS_THAT_PREVENT_A_GRADE;
    }

    /**
     * The bundle key a sheet's grade reads with, its own words ({@code grade.<grade>}) the argument: the grade itself
     * once {@link #settled}, else {@code js.gradeProvisional} ("暂定六星级"), or {@code js.gradeOpen} ("待定") for a
     * "not graded" that only the unscored items make; the keys the script redraws the totals with.
     */
    public String gradeKey(Grade grade, boolean complete, int deductions) {
        if (settled(complete, deductions)) {
            return "grade." + grade.name();
        }
        return grade == Grade.NOT_GRADED ? "js.gradeOpen" : "js.gradeProvisional";
    }

    /** {@link #gradeKey(Grade, boolean, int)} where the deductions are not at hand (a lineage entry): unfinished is provisional. */
    public String gradeKey(Grade grade, boolean complete) {
        return gradeKey(grade, complete, 0);
    }
}
