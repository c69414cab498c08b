package org.certaudit.query.console;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Moments as the console's users read and type them: on the certification body's clock
 * ({@code certaudit.time-zone}, default Asia/Shanghai), the same zone in which {@code asOf=<date>} and the
 * forms' default dates are taken. Every moment the console prints carries its offset ({@code 2021-06-07
 * 18:00:00 +08:00}), so a regulator elsewhere reads it without doubt; the API keeps ISO-8601 instants in UTC.
 */
final class ConsoleTimes {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss xxx", Locale.ROOT);
    private static final DateTimeFormatter PICKER = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT);
    /** What an HTML {@code datetime-local} picker sends: a date and a time of day, seconds optional, no offset. */
    private static final Pattern LOCAL = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?");

    private final ZoneId zone;

    ConsoleTimes(ZoneId zone) {
        this.zone = zone;
    }

    /** The zone moments are shown and read in, by its identifier ({@code Asia/Shanghai}). */
    public String zone() {
        return zone.getId();
    }

    /** The zone as people name it in {@code locale} (中国时间, China Time), for labels. */
    public String zoneName(Locale locale) {
        return zone.getDisplayName(TextStyle.FULL, locale);
    }

    /** {@code instant} on the certification body's clock to the second, with its offset; empty for null. */
    public String format(Instant instant) {
        return instant == null ? "" : SHOWN.format(instant.atZone(zone));
    }

    /** {@code instant} as a {@code datetime-local} picker shows it on the certification body's clock; empty for null. */
    public String picker(Instant instant) {
        return instant == null ? "" : PICKER.format(instant.truncatedTo(ChronoUnit.SECONDS).atZone(zone));
    }

    /**
     * A picker's value ({@code 2021-06-07T18:00} or {@code 2021-06-07T18:00:00}) as an ISO-8601 instant with the
     * certification body's offset at that moment ({@code 2021-06-07T18:00+08:00}); any other text unchanged, for
     * {@link org.certaudit.query.RequestParameters#instant} to read or refuse. In a gap of a daylight-saving change
     * the time moves forward by the gap; in an overlap the earlier offset is taken ({@link java.time.ZonedDateTime#of}).
     */
    public String withOffset(String value) {
        if (value == null || !LOCAL.matcher(value).matches()) {
            return value;
        }
        try {
            return LocalDateTime.parse(value).atZone(zone).toOffsetDateTime().toString();
        } catch (DateTimeParseException e) {
            return value;
        }
    }
}
