package org.certaudit.web;

import java.util.regex.Pattern;
import org.springframework.core.convert.converter.Converter;

/**
 * Whole numbers in query parameters and headers as ASCII decimal digits with an optional leading minus, and
 * nothing else. The JDK and Spring read more: {@code Integer.parseInt} takes any Unicode digit (full-width
 * {@code １}, Arabic-Indic {@code ٥}) and a leading {@code +}, Spring's number conversion also hexadecimal
 * ({@code 0x10}, {@code #10}); a client sending those has made a mistake that should be named, not guessed at.
 */
public final class WholeNumbers {

    private static final Pattern DIGITS = Pattern.compile("-?[0-9]{1,19}");

    /** For {@code @RequestParam int} and {@code Integer}: as {@link #parse}, within the range of an int; empty is absent. */
    public static final Converter<String, Integer> INTEGER = text -> text.isEmpty() ? null : Math.toIntExact(parse(text));

    /** For {@code @RequestParam long} and {@code Long}: as {@link #parse}; empty is absent. */
    public static final Converter<String, Long> LONG = text -> text.isEmpty() ? null : parse(text);

    private WholeNumbers() {
    }

    /**
     * @return the number {@code text} spells in ASCII decimal digits
     * @throws NumberFormatException (an {@link IllegalArgumentException}) for anything else, or beyond a {@code long}
     */
    public static long parse(String text) {
        if (!DIGITS.matcher(text).matches()) {
            throw new NumberFormatException("not a whole number in ASCII digits: '" + text + "'");
        }
        return Long.parseLong(text);
    }
}
