package org.certaudit.audit;

import java.time.LocalDate;
import java.util.Objects;
import org.certaudit.scheme.Grade;

/**
 * A certificate as issued or renewed: what a printed certificate shows (number, organization,
 * scope, scheme, grade, issue date, validity) and when the next surveillance is due. Valid from
 * {@code validFrom} to {@code validUntil}, both inclusive: the last valid day is the day before
 * the third anniversary. {@code surveillanceDue} is null when the re-certification comes next instead (a period of one
 * year has no surveillance: {@link org.certaudit.certificate.NextActivity}).
 */
public record Certificate(
        String number,
        String organization,
        String scope,
        String schemeId,
        Grade grade,
        LocalDate issuedOn,
        LocalDate validFrom,
        LocalDate validUntil,
        LocalDate surveillanceDue) {

    public Certificate {
        Objects.requireNonNull(number, "certificate number is required");
        Objects.requireNonNull(grade, "grade is required");
        Objects.requireNonNull(validFrom, "first valid day is required");
        Objects.requireNonNull(validUntil, "last valid day is required");
        if (validUntil.isBefore(validFrom)) {
            throw new IllegalArgumentException("certificate " + number + " would end on " + validUntil
                    + ", before it begins on " + validFrom);
        }
    }
}
