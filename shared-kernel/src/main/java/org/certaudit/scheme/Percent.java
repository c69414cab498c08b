package org.certaudit.scheme;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A percent score of one scheme item: 0 to 100 with at most two decimals, as auditors write them
 * in the report. Kept normalised (no trailing zeros) so that 99 and 99.0 are the same score.
 */
public record Percent(BigDecimal value) implements Comparable<Percent> {

    // Declared before the constants below: their construction reads it during class initialisation.
    private static final BigDecimal MAX = BigDecimal.valueOf(100);
    public static final Percent ZERO = new Percent(BigDecimal.ZERO);
    public static final Percent HUNDRED = new Percent(BigDecimal.valueOf(100));

    public Percent {
        Objects.requireNonNull(value, "percent is required");
        if (value.signum() < 0 || value.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("percent must be between 0 and 100, was " + value);
        }
        BigDecimal normalised = value.stripTrailingZeros();
        if (normalised.scale() > 2) {
            throw new IllegalArgumentException("percent has at most 2 decimals, was " + value);
        }
        value = normalised.scale() < 0 ? normalised.setScale(0) : normalised;
    }

    public static Percent of(String value) {
        Objects.requireNonNull(value, "percent is required");
        try {
            return new Percent(new BigDecimal(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("percent must be a decimal number, was '" + value + "'");
        }
    }

    public static Percent of(long value) {
        return new Percent(BigDecimal.valueOf(value));
    }

    @Override
    public int compareTo(Percent other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value.toPlainString();
    }
}
