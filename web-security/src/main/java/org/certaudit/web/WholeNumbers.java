package org.certaudit.web;

import java.beans.PropertyEditorSupport;
import java.util.regex.Pattern;
import org.springframework.web.bind.WebDataBinder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.InitBinder;

/**
 * Whole numbers in query parameters and headers as ASCII decimal digits with an optional leading minus, and
 * nothing else. The JDK and Spring read more: {@code Integer.parseInt} takes any Unicode digit (full-width
 * {@code １}, Arabic-Indic {@code ٥}) and a leading {@code +}, Spring's number conversion also hexadecimal
 * ({@code 0x10}, {@code #10}); a client sending those has made a mistake that should be named, not guessed at.
 */
public final class WholeNumbers {

    /** A minus only before a number other than zero: {@code -0} is no whole number a client means to send. */
    private static final Pattern DIGITS = Pattern.compile("(?!-0+$)-?[0-9]{1,19}");

    /**
     * Registers the rule for every {@code int}, {@code Integer}, {@code long} and {@code Long} a handler binds
     * ({@code @RequestParam}, {@code @RequestHeader}, {@code @PathVariable}). A property editor, not a converter:
     * when a converter refuses, Spring's binder falls back to its lenient default editor and binds anyway.
     */
    @ControllerAdvice
    public static class Binding {

        @InitBinder
        void strictWholeNumbers(WebDataBinder binder) {
            binder.registerCustomEditor(int.class, new Editor(true));
            binder.registerCustomEditor(Integer.class, new Editor(true));
            binder.registerCustomEditor(long.class, new Editor(false));
            binder.registerCustomEditor(Long.class, new Editor(false));
        }
    }

    /** {@link #parse}, within an {@code int} when asked; empty text is no value (a default applies). */
    static final class Editor extends PropertyEditorSupport {

        private final boolean integer;

        Editor(boolean integer) {
            this.integer = integer;
        }

        @Override
        public void setAsText(String text) {
            if (text == null || text.isEmpty()) {
                setValue(null);
                return;
            }
            long number = parse(text);
            if (integer && (number < Integer.MIN_VALUE || number > Integer.MAX_VALUE)) {
                throw new NumberFormatException("beyond a 32-bit whole number: '" + text + "'");
            }
            setValue(integer ? Integer.valueOf((int) number) : Long.valueOf(number));
        }
    }

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
