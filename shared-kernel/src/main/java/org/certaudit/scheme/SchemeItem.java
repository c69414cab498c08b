package org.certaudit.scheme;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One item (检查内容) of the catalogue: its clause, its dimension code ({@code null} for 5.1.1.3,
 * which the scheme lists without one), the full item text, its points (小类分值) and the numbers
 * of the section and part it belongs to.
 */
public record SchemeItem(String clause, String dimensionCode, String text, BigDecimal points, String section, String part) {

    public SchemeItem {
        Objects.requireNonNull(clause, "clause is required");
        Objects.requireNonNull(text, "text of item " + clause + " is required");
        Objects.requireNonNull(points, "points of item " + clause + " are required");
        Objects.requireNonNull(section, "section of item " + clause + " is required");
        Objects.requireNonNull(part, "part of item " + clause + " is required");
        if (points.signum() < 0) {
            throw new IllegalArgumentException("points of item " + clause + " must not be negative, was " + points);
        }
    }
}
