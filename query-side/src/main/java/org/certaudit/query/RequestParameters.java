package org.certaudit.query;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.web.StrictJson;
import org.certaudit.web.WholeNumbers;

/** Parsing of path and query parameters into domain values, with rule messages that name the parameter. */
public final class RequestParameters {

    public static final int MAX_PAGE_SIZE = 200;
    public static final int MAX_PAGE = 1_000_000;

    private RequestParameters() {
    }

    public static AuditId auditId(String parameter, String value) {
        try {
            return new AuditId(value);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException(parameter, e.getMessage());
        }
    }

    public static ProjectNumber projectNumber(String parameter, String value) {
        try {
            return new ProjectNumber(value);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException(parameter, e.getMessage());
        }
    }

    /**
     * A point in time: an ISO-8601 instant with an offset ({@code 2021-06-07T10:00:00Z},
     * {@code 2021-06-07T18:00:00+08:00}) or a date ({@code 2021-06-07}), which means the end of
     * that day in the certification body's {@code zone}. A {@code +} sent unencoded arrives as a
     * space; the refusal says to send it as {@code %2B}.
     */
    public static Instant instant(String parameter, String value, ZoneId zone) {
        String given = value.strip();
        if (given.length() == 10) {
            try {
                LocalDate date = StrictJson.businessDate(given);
                return date.plusDays(1).atStartOfDay(zone).toInstant().minusNanos(1);
            } catch (IllegalArgumentException e) {
                throw new BadParameterException(parameter, e.getMessage());
            }
        }
        try {
            Instant instant = OffsetDateTime.parse(given).toInstant();
            StrictJson.businessDate(instant.atZone(zone).toLocalDate().toString());
            return instant;
        } catch (DateTimeParseException e) {
            String hint = value.contains(" ")
                    ? "; it contains a space, which is how an unencoded '+' arrives: send the offset's '+' as %2B"
                    : "";
            throw new BadParameterException(parameter, "must be an ISO-8601 instant with an offset, such as "
                    + "2021-06-07T10:00:00Z or 2021-06-07T18:00:00%2B08:00, or a date such as 2021-06-07 (the end of "
                    + "that day, " + zone + "), was '" + value + "'" + hint);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException(parameter, e.getMessage());
        }
    }

    /** A date in the form yyyy-MM-dd between 1990-01-01 and 2100-12-31, or null when absent. */
    public static LocalDate date(String parameter, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return StrictJson.businessDate(value.strip());
        } catch (IllegalArgumentException e) {
            throw new BadParameterException(parameter, e.getMessage());
        }
    }

    /** A version: a project-stream sequence number, 0 or more, in ASCII digits. */
    public static long version(String parameter, String value) {
        try {
            long version = WholeNumbers.parse(value);
            if (version >= 0) {
                return version;
            }
        } catch (NumberFormatException e) {
            // answered below with the rule
        }
        throw new BadParameterException(parameter, parameter + " must be a version, a whole number from 0, was '" + value + "'");
    }

    public static void page(int page, int size) {
        if (page < 0 || page > MAX_PAGE) {
            throw new BadParameterException("page", "page counts from 0 up to " + MAX_PAGE + ", was " + page);
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new BadParameterException("size", "size must be between 1 and " + MAX_PAGE_SIZE + ", was " + size);
        }
    }

    public static <E extends Enum<E>> E enumValue(String parameter, String value, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadParameterException(parameter, parameter + " must be one of "
                    + Arrays.toString(type.getEnumConstants()) + ", was '" + value + "'");
        }
    }
}
