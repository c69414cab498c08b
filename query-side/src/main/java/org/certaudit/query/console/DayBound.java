package org.certaudit.query.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.certaudit.web.RuleCode;
import org.certaudit.web.RuleViolation;

/**
 * One of the command side's rules on the day of an act a console form dates (a report, an acceptance or return by
 * technical review, a decision): a day before {@code earliest}, or after {@code latest}, is refused with
 * {@code refusal}, whose argument for the day picked (its field's name, {@code reportDate}) is null until the form's
 * script fills it in. A form lists its bounds in the order the command side judges them (a day after today first, a
 * 400 of its request's validation; then its aggregate's rules), so that the script says the one the command side would
 * answer, in the command side's words, before anything is confirmed or sent.
 *
 * @param earliest the first day the rule takes; null for a bound on the latest day
 * @param latest   the last day the rule takes; null for a bound on the earliest day
 * @param refusal  the rule and its arguments, as the command side's problem carries them
 * @param problem  the kind of the command side's problem, the last segment of its type
 *                 ({@code invalid-input}: 400, {@code broken-rule}: 409)
 */
record DayBound(LocalDate earliest, LocalDate latest, RuleViolation refusal, String problem) {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /**
     * A day after {@code today} on the certification body's calendar ({@code zone}): the command side's
     * {@code @PastOrPresent}, a 400 {@code field.not-after-today} naming the field.
     */
    static DayBound notAfter(LocalDate today, ZoneId zone) {
        return new DayBound(null, today, RuleCode.FIELD_NOT_AFTER_TODAY.with("today", today, "zone", zone.getId()),
                "invalid-input");
    }

    /** A day before {@code earliest}: the command side's 409 {@code refusal}, which names the field. */
    static DayBound notBefore(LocalDate earliest, RuleViolation refusal) {
        return new DayBound(earliest, null, refusal, "broken-rule");
    }

    /**
     * The bounds as the form's {@code data-day-bounds} carries them: a JSON array of
     * {@code {"earliest"|"latest": "yyyy-mm-dd", "code": rule, "arguments": {...}, "problem": kind}}, in order.
     */
    static String json(List<DayBound> bounds) {
        List<Map<String, Object>> entries = bounds.stream().map(bound -> {
            Map<String, Object> entry = new LinkedHashMap<>();
            if (bound.earliest() != null) {
                entry.put("earliest", bound.earliest().toString());
            }
            if (bound.latest() != null) {
                entry.put("latest", bound.latest().toString());
            }
            entry.put("code", bound.refusal().code());
            entry.put("arguments", bound.refusal().arguments());
            entry.put("problem", bound.problem());
            return entry;
        }).toList();
        try {
            return JSON.writeValueAsString(entries);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("day bounds as JSON", e);
        }
    }
}
