package org.certaudit.scheme;

import java.math.BigDecimal;
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

    public boolean passed() {
        return this != NOT_GRADED;
    }
}
