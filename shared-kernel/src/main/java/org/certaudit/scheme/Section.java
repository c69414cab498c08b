package org.certaudit.scheme;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A section (标题) of the catalogue, e.g. 5.1.1 组织架构, with the base + extended split of its
 * points as the scheme prints it ("4+8分"); its items' points add up to {@link #points()}.
 */
public record Section(String number, String title, BigDecimal basePoints, BigDecimal extendedPoints, String part) {

    public Section {
        Objects.requireNonNull(number, "section number is required");
        Objects.requireNonNull(title, "title of section " + number + " is required");
        Objects.requireNonNull(basePoints, "base points of section " + number + " are required");
        Objects.requireNonNull(extendedPoints, "extended points of section " + number + " are required");
        Objects.requireNonNull(part, "part of section " + number + " is required");
    }

    /** Base plus extended points: the most this section can contribute. */
    public BigDecimal points() {
        return basePoints.add(extendedPoints);
    }
}
