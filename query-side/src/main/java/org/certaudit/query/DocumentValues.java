package org.certaudit.query;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.bson.Document;
import org.certaudit.scheme.Percent;

/**
 * How read models keep values MongoDB has no exact type for: decimals and percents as their plain
 * string (never a double), days as ISO dates, instants as ISO strings (nanoseconds kept).
 */
public final class DocumentValues {

    private DocumentValues() {
    }

    public static String text(BigDecimal value) {
        return value == null ? null : value.toPlainString();
    }

    public static String text(Percent value) {
        return value == null ? null : value.toString();
    }

    public static String text(LocalDate value) {
        return value == null ? null : value.toString();
    }

    public static String text(Instant value) {
        return value == null ? null : value.toString();
    }

    public static BigDecimal decimal(Document document, String key) {
        String value = document.getString(key);
        return value == null ? null : new BigDecimal(value);
    }

    public static Percent percent(Document document, String key) {
        String value = document.getString(key);
        return value == null ? null : Percent.of(value);
    }

    public static LocalDate date(Document document, String key) {
        String value = document.getString(key);
        return value == null ? null : LocalDate.parse(value);
    }

    public static Instant instant(Document document, String key) {
        String value = document.getString(key);
        return value == null ? null : Instant.parse(value);
    }

    public static long number(Document document, String key) {
        Number value = document.get(key, Number.class);
        return value == null ? 0 : value.longValue();
    }

    public static <E extends Enum<E>> E enumValue(Document document, String key, Class<E> type) {
        String value = document.getString(key);
        return value == null ? null : Enum.valueOf(type, value);
    }
}
