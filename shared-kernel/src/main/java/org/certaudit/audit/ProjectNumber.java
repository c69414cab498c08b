package org.certaudit.audit;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The certification body's project number, e.g. {@code 0455-2021-SE}. It stays the same across
 * the initial certification, its surveillance audits and every re-certification.
 */
public record ProjectNumber(String value) {

    private static final Pattern FORMAT = Pattern.compile("[0-9A-Za-z][0-9A-Za-z-]{2,39}");

    public ProjectNumber {
        Objects.requireNonNull(value, "project number is required");
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    "project number must be 3 to 40 letters, digits or dashes, starting with a letter or digit, was '"
                            + value + "'");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
