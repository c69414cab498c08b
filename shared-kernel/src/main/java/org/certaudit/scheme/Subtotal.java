package org.certaudit.scheme;

import java.math.BigDecimal;

/**
 * The points of one section or part on a scorecard: earned, its maximum, the maximum left after
 * taking out not applicable items, and earned as a percent of that applicable maximum (two
 * decimals, half-up; {@code null} when nothing in it is applicable, since there is nothing to
 * measure against).
 */
public record Subtotal(
        String number,
        String title,
        BigDecimal earned,
        BigDecimal maximum,
        BigDecimal applicableMaximum,
        BigDecimal percentOfApplicable) {
}
