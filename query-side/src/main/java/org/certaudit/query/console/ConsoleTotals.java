package org.certaudit.query.console;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Totals as the console prints them: GB/T 27922 gives a total to two decimals, rounded half up, so every total reads
 * alike ({@code 145.30}) whether it was computed, recommended or decided, and whatever scale its source kept.
 * console.js's {@code totalText} does the same for the totals it redraws.
 */
final class ConsoleTotals {

    private static final int DECIMALS = 2;

    /** {@code total} to two decimals ({@code 145.3} as {@code 145.30}); empty for none. */
    public String format(BigDecimal total) {
        return total == null ? "" : total.setScale(DECIMALS, RoundingMode.HALF_UP).toPlainString();
    }
}
