package org.certaudit.scheme;

import java.math.BigDecimal;
import java.util.Objects;
import java.util.Optional;

/**
 * The grade ladder of CTS ISC-JSGF-06 (GB/T 27922), lowest to highest, with the minimum total
 * each grade needs. {@link #NOT_GRADED} stands for "no grade": below 70, or too many deductions.
 */
public enum Grade {
    NOT_GRADED("不予定级", null),
    COMPLIANT("达标级", "70"),
    THREE_STAR("三星级", "80"),
    FOUR_STAR("四星级", "90"),
    FIVE_STAR("五星级", "95"),
    SIX_STAR("六星级", "100"),
    SEVEN_STAR("七星级", "110"),
    EIGHT_STAR("八星级", "120"),
    NINE_STAR("九星级", "130"),
    TEN_STAR("十星级", "140");

    /** CTS ISC-JSGF-06 grades only organisations with special deductions "低于 5 分". */
    public static final int DEDUCTIONS_THAT_PREVENT_A_GRADE = 5;

    private final String chineseName;
    private final BigDecimal minimumTotal;

    Grade(String chineseName, String minimumTotal) {
        this.chineseName = chineseName;
        this.minimumTotal = minimumTotal == null ? null : new BigDecimal(minimumTotal);
    }

    public String chineseName() {
        return chineseName;
    }

    /** The lowest total that reaches this grade; empty for {@link #NOT_GRADED}. */
    public Optional<BigDecimal> minimumTotal() {
        return Optional.ofNullable(minimumTotal);
    }

    /**
     * The grade a total reaches. A total is graded only from 70 (inclusive) and only with fewer
     * than five special deductions (特别扣分项 "低于 5 分", one point each); then the highest grade
     * whose minimum the total reaches (each minimum inclusive, "含").
     */
    public static Grade of(BigDecimal total, int deductions) {
        Objects.requireNonNull(total, "total is required");
        if (deductions < 0) {
            throw new IllegalArgumentException("deductions must not be negative, was " + deductions);
        }
        if (deductions >= DEDUCTIONS_THAT_PREVENT_A_GRADE) {
            return NOT_GRADED;
        }
        Grade reached = NOT_GRADED;
        for (Grade grade : values()) {
            if (grade.minimumTotal != null && total.compareTo(grade.minimumTotal) >= 0) {
                reached = grade;
            }
        }
        return reached;
    }

    public boolean passed() {
        return this != NOT_GRADED;
    }
}
