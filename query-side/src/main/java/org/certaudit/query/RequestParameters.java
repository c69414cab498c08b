package org.certaudit.query;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.scheme.Scheme;
import org.certaudit.scheme.SchemeItem;
import org.certaudit.web.RuleCode;
import org.certaudit.web.RuleViolation;
import org.certaudit.web.StrictJson;
import org.certaudit.web.WholeNumbers;

/**
 * Parsing of path and query parameters into domain values, with rule messages that name the parameter. A value is read
 * as sent: a space or tab around it is refused as any other character out of place, never trimmed, so that
 * {@code ?asOf=%202022-03-01} is refused as {@code ?size=%2010} is. Only an empty value is none.
 */
public final class RequestParameters {

    /** The largest page size and page number a paged list takes, as its parameters' {@code @Max} declares them. */
    public static final int MAX_PAGE_SIZE = 200;
    public static final int MAX_PAGE = 1_000_000;

    private RequestParameters() {
    }

    public static AuditId auditId(String parameter, String value) {
        try {
            return new AuditId(value);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException(parameter, RuleCode.FIELD_MALFORMED_ID.with("value", value), e.getMessage());
        }
    }

    public static ProjectNumber projectNumber(String parameter, String value) {
        try {
            return new ProjectNumber(value);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException(parameter, RuleCode.FIELD_MALFORMED_ID.with("value", value), e.getMessage());
        }
    }

    /**
     * A point in time: an ISO-8601 instant with an offset ({@code 2021-06-07T10:00:00Z},
     * {@code 2021-06-07T18:00:00+08:00}) or a date ({@code 2021-06-07}), which means the end of
     * that day in the certification body's {@code zone}. A {@code +} sent unencoded arrives as a
     * space; the refusal says to send it as {@code %2B}.
     *
     * @throws BadParameterException {@code field.date} for a malformed or implausible date, {@code field.instant}
     *         for anything else that is no instant with an offset or falls outside the plausible business dates
     */
    public static Instant instant(String parameter, String value, ZoneId zone) {
        return instant(parameter, value, zone, false);
    }

    /**
     * {@link #instant} for where a period of moments begins (the trail's {@code from}): the same forms and refusals, but a
     * date means the start of that day in {@code zone}, so that {@code from=2021-06-07&to=2021-06-07} is the whole day.
     *
     * @throws BadParameterException as {@link #instant}
     */
    public static Instant periodStart(String parameter, String value, ZoneId zone) {
        return instant(parameter, value, zone, true);
    }

    /** {@code dayStart}: a date means the start of that day, else its end. */
    private static Instant instant(String parameter, String value, ZoneId zone, boolean dayStart) {
        String given = value;
        if (given.length() == 10) {
            try {
                LocalDate date = StrictJson.businessDate(given);
                return dayStart ? date.atStartOfDay(zone).toInstant()
                        : date.plusDays(1).atStartOfDay(zone).toInstant().minusNanos(1);
            } catch (IllegalArgumentException e) {
                throw new BadParameterException(parameter, StrictJson.dateRule(value), e.getMessage());
            }
        }
        try {
            Instant instant = OffsetDateTime.parse(given).toInstant();
            LocalDate day;
            try {
                day = instant.atZone(zone).toLocalDate();
            } catch (DateTimeException e) {
                // An offset moved the moment past the years java.time holds (+999999999-12-31T23:59:59-18:00).
                throw new IllegalArgumentException("must be between " + StrictJson.EARLIEST + " and " + StrictJson.LATEST
                        + ", was " + value);
            }
            if (day.isBefore(StrictJson.EARLIEST) || day.isAfter(StrictJson.LATEST)) {
                // Said with the value as sent: the day in the zone may lie in another year (+10000-01-01).
                throw new IllegalArgumentException("must be between " + StrictJson.EARLIEST + " and " + StrictJson.LATEST
                        + " (in " + zone + "), was " + value);
            }
            return instant;
        } catch (DateTimeParseException e) {
            String hint = !value.equals(value.strip()) ? "; send it without spaces around it"
                    : value.contains(" ")
                    ? "; it contains a space, which is how an unencoded '+' arrives: send the offset's '+' as %2B"
                    : "";
            throw new BadParameterException(parameter, instantRule(value), "must be an ISO-8601 instant with an offset, such as "
                    + "2021-06-07T10:00:00Z or 2021-06-07T18:00:00%2B08:00, or a date such as 2021-06-07 (the "
                    + (dayStart ? "start" : "end") + " of that day, " + zone + "), was '" + value + "'" + hint);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException(parameter, instantRule(value), e.getMessage());
        }
    }

    /**
     * {@link #instant} for a point an answer is fixed at (a scorecard, its diff or a report as it stood then): a moment
     * that has not come yet, a date whose day has not ended in {@code zone} included, is refused, since what it would
     * show could still change.
     *
     * @throws BadParameterException as {@link #instant}, or {@code field.future} with the value and the server's now
     */
    public static Instant pastInstant(String parameter, String value, ZoneId zone) {
        return requirePast(parameter, value, instant(parameter, value, zone));
    }

    /**
     * {@code instant}, read from {@code value}, when it has come.
     *
     * @throws BadParameterException {@code field.future} with the value as sent and the server's now
     */
    public static Instant requirePast(String parameter, String value, Instant instant) {
        Instant now = Instant.now();
        if (instant.isAfter(now)) {
            // Said to the second: the nanoseconds of the server's clock mean nothing to the reader.
            now = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            throw new BadParameterException(parameter, RuleCode.FIELD_FUTURE.with("value", value, "now", now.toString()),
                    "'" + value + "' has not come yet (now is " + now + "); leave it out for the current state"
                            + (value.length() == 10 ? ", or give a moment of that day up to now" : ""));
        }
        return instant;
    }

    /** {@link RuleCode#FIELD_INSTANT} for {@code value} as sent. */
    static RuleViolation instantRule(String value) {
        return RuleCode.FIELD_INSTANT.with("value", value, "earliest", StrictJson.EARLIEST, "latest", StrictJson.LATEST);
    }

    /** A date in the form yyyy-MM-dd between 1990-01-01 and 2100-12-31, or null when absent or empty. */
    public static LocalDate date(String parameter, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return StrictJson.businessDate(value);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException(parameter, StrictJson.dateRule(value), e.getMessage());
        }
    }

    /** A version: a project-stream sequence number, 0 or more, in ASCII digits. */
    public static long version(String parameter, String value) {
        return wholeNumber(parameter, value, 0);
    }

    /**
     * A whole number from {@code min} in ASCII digits ({@link WholeNumbers}), at most a {@code long}.
     *
     * @throws BadParameterException {@code field.not-a-number} for anything but digits, {@code field.min} below
     *         {@code min}, {@code field.max} beyond a {@code long}
     */
    public static long wholeNumber(String parameter, String value, long min) {
        long number;
        try {
            number = WholeNumbers.parse(value);
        } catch (NumberFormatException e) {
            if (value.matches("-?[1-9][0-9]{18,}")) {
                String bound = String.valueOf(value.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE);
                throw new BadParameterException(parameter, value.startsWith("-") ? RuleCode.FIELD_MIN.with("value", min)
                        : RuleCode.FIELD_MAX.with("value", bound), parameter + " must be a whole number from " + min
                        + " up to " + Long.MAX_VALUE + ", was '" + value + "'");
            }
            throw new BadParameterException(parameter, RuleCode.FIELD_NOT_A_NUMBER.with("value", value),
                    parameter + " must be a whole number from " + min + " in ASCII digits, was '" + value + "'");
        }
        if (number < min) {
            throw new BadParameterException(parameter, RuleCode.FIELD_MIN.with("value", min),
                    parameter + " must be a whole number from " + min + ", was '" + value + "'");
        }
        return number;
    }

    /**
     * A whole number from {@code min} to {@code max} in ASCII digits: {@link #wholeNumber}, then {@link #range}, where
     * digits beyond a {@code long} cross the bound of the range too, not the type's.
     */
    public static long wholeNumber(String parameter, String value, long min, long max) {
        if (value.matches("-?[1-9][0-9]{18,}")) {
            try {
                WholeNumbers.parse(value);
            } catch (NumberFormatException beyondALong) {
                boolean negative = value.startsWith("-");
                throw new BadParameterException(parameter, negative ? RuleCode.FIELD_MIN.with("value", min)
                        : RuleCode.FIELD_MAX.with("value", max),
                        parameter + " must be between " + min + " and " + max + ", was " + value);
            }
        }
        long number = wholeNumber(parameter, value, min);
        range(parameter, number, min, max);
        return number;
    }

    /** {@code value} within {@code min} to {@code max}, or a 400 naming the bound it crosses. */
    public static void range(String parameter, long value, long min, long max) {
        if (value < min) {
            throw new BadParameterException(parameter, RuleCode.FIELD_MIN.with("value", min),
                    parameter + " must be between " + min + " and " + max + ", was " + value);
        }
        if (value > max) {
            throw new BadParameterException(parameter, RuleCode.FIELD_MAX.with("value", max),
                    parameter + " must be between " + min + " and " + max + ", was " + value);
        }
    }

    /**
     * The constant of {@code type} named by {@code value} (in any case), or null when absent or empty.
     *
     * @throws BadParameterException {@code field.not-one-of} naming the constants
     */
    public static <E extends Enum<E>> E enumValue(String parameter, String value, Class<E> type) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> allowed = Arrays.stream(type.getEnumConstants()).map(Enum::name).toList();
            throw new BadParameterException(parameter, RuleCode.FIELD_NOT_ONE_OF.with("value", value, "allowed", allowed),
                    parameter + " must be one of " + allowed + ", was '" + value + "'");
        }
    }

    /**
     * {@code value} when it is one of {@code allowed} as sent (case included), or null when absent or empty.
     *
     * @throws BadParameterException {@code field.not-one-of} naming the allowed values
     */
    public static String oneOf(String parameter, String value, List<String> allowed) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (!allowed.contains(value)) {
            throw new BadParameterException(parameter, RuleCode.FIELD_NOT_ONE_OF.with("value", value, "allowed", allowed),
                    parameter + " must be one of " + allowed + ", was '" + value + "'");
        }
        return value;
    }

    /**
     * The values of a parameter that takes several, each as sent: every value given (the parameter repeated, as a form's
     * checkboxes send it) split at its commas ({@code type=ItemScored,ItemScoreRevised}). Empty when the parameter is
     * absent or given once and empty; an empty part (two commas in a row, a comma at an end) is kept, for the caller to
     * refuse as any value it does not take. Read from the request rather than from Spring's binding of a list, which
     * strips the spaces around each part and so would take {@code %20ItemScored}.
     */
    public static List<String> values(String[] given) {
        if (given == null || given.length == 1 && given[0].isEmpty()) {
            return List.of();
        }
        List<String> parts = new java.util.ArrayList<>();
        for (String value : given) {
            parts.addAll(Arrays.asList(value.split(",", -1)));
        }
        return parts;
    }

    /**
     * The item {@code value} names in {@code scheme}, the scheme of {@code audit}: a clause ({@code 5.2.2.3}) or a dimension
     * code ({@code B8}), found as the command side finds the item a command names.
     *
     * @throws BadParameterException {@code reference.unknown-item} for a clause or code that is no item of the scheme (a
     *         section such as {@code 5.2} is none)
     */
    public static SchemeItem item(String parameter, String value, Scheme scheme, AuditId audit) {
        return scheme.find(value).orElseThrow(() -> new BadParameterException(parameter,
                RuleCode.REFERENCE_ITEM.with("audit", audit, "scheme", scheme.id(), "item", value),
                "scheme " + scheme.id() + " (version " + scheme.version() + ") of audit " + audit + " has no item '" + value
                        + "'; name an item by clause (5.2.2.3) or dimension code (B8)"));
    }

    /**
     * A period of moments from {@code start} (the parameter {@code startParameter}, sent as {@code startValue}) to
     * {@code end} that does not end before it starts; the start is named, as the bound to move. Either may be null (open).
     *
     * @throws BadParameterException {@code period.end-before-start} with both bounds as sent
     */
    public static void startNotAfter(String startParameter, String startValue, Instant start, String endParameter,
                                     String endValue, Instant end) {
        if (start != null && end != null && start.isAfter(end)) {
            throw new BadParameterException(startParameter, RuleCode.PERIOD_END_BEFORE_START.with("start", startValue,
                    "end", endValue), startParameter + " " + startValue + " is after " + endParameter + " " + endValue
                    + "; the period ends before it starts");
        }
    }

    /** Neither or one of {@code first} and {@code second} (the values of the parameters of those names), not both. */
    public static void atMostOne(String first, Object firstValue, String second, Object secondValue) {
        if (firstValue != null && secondValue != null) {
            throw new BadParameterException(first, RuleCode.PARAMETER_AT_MOST_ONE.with("parameters", List.of(first, second)),
                    first + " and " + second + " exclude each other; give one of them");
        }
    }

    /** The end of a period from {@code start} (the parameter {@code startParameter}) not before its start. */
    public static void notBefore(String endParameter, LocalDate end, String startParameter, LocalDate start) {
        if (start != null && end != null && end.isBefore(start)) {
            throw new BadParameterException(endParameter, RuleCode.PERIOD_END_BEFORE_START.with("start", start, "end", end),
                    endParameter + " " + end + " is before " + startParameter + " " + start);
        }
    }
}
