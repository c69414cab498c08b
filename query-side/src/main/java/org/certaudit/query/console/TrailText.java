package org.certaudit.query.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.certaudit.query.actor.ActingMember;
import org.certaudit.scheme.SchemeCatalog;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * An event of the trail in words: its fields as label and value, in the order the event has them, so that a
 * regulator reads "条款 5.2.2.3 · 原得分 97% · 得分 80% · 证据记录 …" instead of the event's JSON (which the trail
 * page still shows, folded, for the exact record).
 *
 * <p>Labels are {@code trail.field.<event type>.<path>} (a nested field's path is {@code parent.child}, e.g.
 * {@code decision.reason}), else {@code trail.field.<path>}, else {@code trail.field.<name>}, else the path itself. Coded values are said in the
 * words the console uses elsewhere: audit types ({@code type.*}), team roles, grades, special-item kinds and decision
 * outcomes; a member code is followed by the member's name ({@code B（林晓）}) and a scheme's id by its title;
 * percents get {@code %}; a list has one element per line; a pledge's corrected day follows the day it replaces
 * ({@code 2021-06-08 → 2021-06-05}, both days from the event); a rescheduling's periods, the earlier and the new, are
 * one field each ({@code 2021-06-05上午 至 2021-06-07下午，共 3.0 天}). The audit's id (the page's subject) and absent
 * values are left out. Numbers are printed as the event stored them (decimals exact).
 */
@Component
class TrailText {

    /**
     * A field of an event: its label, its value in words, and where the console shows what it names (a scored item's
     * changes, the version a decision rests on, the previous audit), or null.
     */
    record Field(String label, String value, String link) {
    }

    private static final String PLEDGE_DATE_CORRECTED = "PledgeDateCorrected";
    private static final String ON_SITE_RESCHEDULED = "OnSiteAuditRescheduled";

    private static final Set<String> ITEM_EVENTS = Set.of("ItemScored", "ItemScoreRevised", "ItemMarkedNotApplicable",
            "ItemNotApplicableReasonRevised", "ItemApplicabilityRestored");

    /** Field names whose values are codes, and the message prefix that says them. */
    private static final Map<String, String> CODES = Map.of("type", "type.", "role", "role.", "grade", "grade.",
            "kind", "special.", "outcome", "decision.", "onSiteFromHalfDay", "halfDay.", "onSiteToHalfDay", "halfDay.");

    private final MessageSource messages;
    private final SchemeCatalog schemes;
    private final ObjectMapper json = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES).build();

    TrailText(MessageSource messages, SchemeCatalog schemes) {
        this.messages = messages;
        this.schemes = schemes;
    }

    /**
     * The fields of one event of the trail.
     *
     * @param type    the event's type, e.g. {@code ItemScoreRevised}
     * @param payload the event as the trail stores it (JSON, single-value wrappers unwrapped)
     * @param subject the member the event names by {@code memberCode}, as the trail worked it out, or null
     * @param auditId the audit whose trail it is, for the links
     * @return the fields in words; one field holding the payload as it is when it is not a JSON object
     */
    List<Field> fields(String type, String payload, ActingMember subject, String auditId, Locale locale) {
        JsonNode event;
        try {
            event = json.readTree(payload);
        } catch (JsonProcessingException e) {
            event = null;
        }
        List<Field> fields = new ArrayList<>();
        if (event == null || !event.isObject()) {
            fields.add(new Field(label(type, "payload", "payload", locale), payload, null));
            return fields;
        }
        add(fields, type, "", event, subject, schemeTitle(event), auditId, locale);
        return fields;
    }

    /** The title of the scheme version the event names ({@code schemeId}, {@code schemeVersion}), or null. */
    private String schemeTitle(JsonNode event) {
        String id = event.path("schemeId").asText(null);
        if (id == null) {
            return null;
        }
        String version = event.path("schemeVersion").asText(null);
        try {
            return version == null ? schemes.current(id).map(scheme -> scheme.title()).orElse(null)
                    : schemes.pinned(id, version).title();
        } catch (IllegalStateException notShipped) {
            return schemes.current(id).map(scheme -> scheme.title()).orElse(null);
        }
    }

    private void add(List<Field> fields, String type, String prefix, JsonNode object, ActingMember subject,
                     String schemeTitle, String auditId, Locale locale) {
        object.fields().forEachRemaining(field -> {
            String name = field.getKey();
            String path = prefix + name;
            JsonNode value = field.getValue();
            if (path.equals("auditId") || (type.equals(PLEDGE_DATE_CORRECTED) && path.equals("previousSignedOn"))
                    || value.isNull() || value.isMissingNode()
                    || (value.isTextual() && value.asText().isBlank()) || (value.isArray() && value.isEmpty())) {
                return;
            }
            if (value.isObject() && type.equals(ON_SITE_RESCHEDULED) && (path.equals("previous") || path.equals("period"))) {
                // Each on-site period as one field, as the audit page says it: 2021-06-05上午 至 2021-06-07，共 2.5 天.
                fields.add(new Field(label(type, path, name, locale), period(value, locale), null));
                return;
            }
            if (value.isObject()) {
                add(fields, type, path + ".", value, subject, schemeTitle, auditId, locale);
                return;
            }
            String words = words(name, value, locale);
            if (name.equals("memberCode") && subject != null && subject.code().equals(value.asText())
                    && subject.name() != null) {
                words = messages.getMessage("trail.value.named", new Object[] {words, subject.name()}, locale);
            } else if (name.equals("schemeId") && schemeTitle != null) {
                words = messages.getMessage("trail.value.named", new Object[] {words, schemeTitle}, locale);
            } else if (type.equals(PLEDGE_DATE_CORRECTED) && path.equals("signedOn")
                    && object.path("previousSignedOn").isTextual()) {
                // The day it replaces and the new day as one field: 2021-06-08 → 2021-06-05.
                words = messages.getMessage("trail.value.corrected",
                        new Object[] {object.path("previousSignedOn").asText(), words}, locale);
            }
            fields.add(new Field(label(type, path, name, locale), words, link(type, path, value, auditId)));
        });
    }

    private String period(JsonNode period, Locale locale) {
        return messages.getMessage("trail.value.onSitePeriod", new Object[] {
                day(period.path("from"), period.path("fromHalfDay"), locale),
                day(period.path("to"), period.path("toHalfDay"), locale),
                words("days", period.path("days"), locale)}, locale);
    }

    private String day(JsonNode day, JsonNode halfDay, Locale locale) {
        return halfDay.isTextual() ? messages.getMessage("audit.onSiteDay", new Object[] {day.asText(),
                words("onSiteFromHalfDay", halfDay, locale)}, locale) : day.asText();
    }

    private static String link(String type, String path, JsonNode value, String auditId) {
        UriComponentsBuilder audit = UriComponentsBuilder.fromPath("/console/audits/{id}");
        return switch (path) {
            case "clause" -> ITEM_EVENTS.contains(type)
                    ? audit.path("/items/{clause}/history").buildAndExpand(auditId, value.asText()).encode().toUriString()
                    : null;
            case "decision.auditVersion" -> value.canConvertToLong()
                    ? audit.path("/as-of").queryParam("version", value.asLong()).buildAndExpand(auditId).encode().toUriString()
                    : null;
            case "predecessor" -> audit.buildAndExpand(value.asText()).encode().toUriString();
            default -> null;
        };
    }

    private String label(String type, String path, String name, Locale locale) {
        String text = messages.getMessage("trail.field." + type + "." + path, null, null, locale);
        if (text == null) {
            text = messages.getMessage("trail.field." + path, null, null, locale);
        }
        if (text == null) {
            text = messages.getMessage("trail.field." + name, null, path, locale);
        }
        return text;
    }

    private String words(String name, JsonNode value, Locale locale) {
        if (value.isArray()) {
            // One per line, as the forms take them (the page keeps the line breaks).
            String separator = "\n";
            return StreamSupport.stream(value.spliterator(), false).map(item -> words(name, item, locale))
                    .collect(Collectors.joining(separator));
        }
        String text = value.isBigDecimal() ? value.decimalValue().toPlainString() : value.asText();
        String prefix = CODES.get(name);
        if (prefix != null) {
            return messages.getMessage(prefix + text, null, text, locale);
        }
        if (name.equals("percent") || name.equals("previousPercent")) {
            return text + "%";
        }
        return text;
    }
}
