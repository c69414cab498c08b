package org.certaudit.query;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.ProjectNumber;

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

    /** An ISO-8601 instant, with a zone or an offset, such as {@code 2021-06-07T10:00:00Z}. */
    public static Instant instant(String parameter, String value) {
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadParameterException(parameter, parameter
                    + " must be an ISO-8601 instant with an offset, such as 2021-06-07T10:00:00Z, was '" + value + "'");
        }
    }

    /** A version: a project-stream sequence number, 0 or more. */
    public static long version(String parameter, String value) {
        try {
            long version = Long.parseLong(value);
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
