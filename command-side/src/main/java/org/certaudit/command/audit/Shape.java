package org.certaudit.command.audit;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import org.certaudit.audit.HalfDay;
import org.certaudit.audit.OnSitePeriod;
import org.certaudit.web.TextRules;

/**
 * Shape checks shared by the command records: what a command must carry whatever the history. Blank text is blank as
 * {@link TextRules#isBlank} says, the rule the HTTP layer's {@code @NotBlank} applies too: white space of any script,
 * the no-break space and invisible format characters (zero-width space, byte order mark, bidirectional marks).
 */
final class Shape {

    private Shape() {
    }

    static <T> T required(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is required");
        }
        return value;
    }

    static String text(String value, String what) {
        if (value == null || TextRules.isBlank(value)) {
            throw new IllegalArgumentException(what + " is required and must not be blank");
        }
        return value.strip();
    }

    /** Absent and blank are the same: no text. */
    static String optionalText(String value) {
        return value == null || TextRules.isBlank(value) ? null : value.strip();
    }

    static List<String> texts(List<String> values, String what) {
        if (values == null) {
            return List.of();
        }
        if (values.stream().anyMatch(v -> v == null || TextRules.isBlank(v))) {
            throw new IllegalArgumentException(what + " must not contain blank entries");
        }
        return values.stream().map(String::strip).toList();
    }

    /**
     * An on-site period a command sets (opening an audit, rescheduling it): both days and the on-site days given, the
     * last day not before the first, a one-day period not starting in the afternoon and ending in the morning, and more
     * than 0 on-site days, in tenths at most, and at most the days the period spans.
     */
    static OnSitePeriod onSite(OnSitePeriod period) {
        required(period, "on-site period");
        required(period.from(), "first on-site day");
        required(period.to(), "last on-site day");
        required(period.days(), "on-site days");
        check(!period.to().isBefore(period.from()),
                "the last on-site day " + period.to() + " is before the first " + period.from());
        check(!(period.to().equals(period.from()) && period.fromHalfDay() == HalfDay.AFTERNOON
                        && period.toHalfDay() == HalfDay.MORNING),
                "the on-site period of " + period.from() + " cannot start in the afternoon and end in the morning");
        BigDecimal span = period.span();
        check(period.days().signum() > 0 && period.days().compareTo(span) <= 0,
                "on-site days must be more than 0 and at most the " + span.toPlainString()
                        + " days from " + period.from() + " to " + period.to() + ", was " + period.days());
        check(period.days().stripTrailingZeros().scale() <= 1,
                "on-site days are counted in tenths at most, was " + period.days());
        return period;
    }

    static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(Objects.requireNonNull(message));
        }
    }
}
