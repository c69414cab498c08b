package org.certaudit.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How both sides read request bodies: strictly. A field named twice, a misspelt field, a number
 * where an enum, a date or a text belongs, a date outside {@link #EARLIEST} to {@link #LATEST},
 * and text that {@link TextRules} refuses are each a 400 naming the field, never a silent
 * guess. A copy of Boot's mapper is made strict, so that Axon's event serializer (which uses
 * Boot's mapper) stays lenient towards fields a newer event version adds.
 */
public final class StrictJson {

    /** The earliest business date (on-site days, pledges, report dates) the API accepts. */
    public static final LocalDate EARLIEST = LocalDate.of(1990, 1, 1);
    /** The latest business date the API accepts. */
    public static final LocalDate LATEST = LocalDate.of(2100, 12, 31);

    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private StrictJson() {
    }

    /** A strict copy of {@code base} for reading request bodies. */
    public static ObjectMapper forRequests(ObjectMapper base) {
        ObjectMapper mapper = base.copy()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        // A number or boolean where text belongs is a mistake, not the text "12".
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Enum)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        SimpleModule strict = new SimpleModule("certaudit-strict-requests");
        strict.addDeserializer(String.class, new TextDeserializer());
        strict.addDeserializer(LocalDate.class, new BusinessDateDeserializer());
        strict.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyEnumDeserializer(DeserializationConfig config, JavaType type,
                                                              BeanDescription description, JsonDeserializer<?> deserializer) {
                return new ExactEnumDeserializer(deserializer);
            }
        });
        mapper.registerModule(strict);
        return mapper;
    }

    /** A business date in the form yyyy-MM-dd between {@link #EARLIEST} and {@link #LATEST}. */
    public static LocalDate businessDate(String value) {
        if (value == null || !ISO_DATE.matcher(value).matches()) {
            throw new IllegalArgumentException("must be a date in the form yyyy-MM-dd between " + EARLIEST
                    + " and " + LATEST + ", was '" + value + "'");
        }
        LocalDate date;
        try {
            date = LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + value + "' is not a date in the form yyyy-MM-dd");
        }
        if (date.isBefore(EARLIEST) || date.isAfter(LATEST)) {
            throw new IllegalArgumentException("must be between " + EARLIEST + " and " + LATEST + ", was " + value);
        }
        return date;
    }

    /** A value the strict reader refused; the message says why in words for the caller, the rule in code. */
    public static final class RefusedValueException extends InvalidFormatException {

        private final transient RuleViolation rule;

        RefusedValueException(JsonParser parser, String message, Object value, Class<?> type, RuleViolation rule) {
            super(parser, message, value, type);
            this.rule = rule;
        }

        /** The rule of the catalogue the value breaks. */
        public RuleViolation rule() {
            return rule;
        }
    }

    /** {@link RuleCode#FIELD_DATE} for {@code value} as sent, with the plausible business dates as its bounds. */
    public static RuleViolation dateRule(String value) {
        return RuleCode.FIELD_DATE.with("value", value, "earliest", EARLIEST, "latest", LATEST);
    }

    /** Text as sent, or refused: a JSON string only, checked against {@link TextRules}. */
    static final class TextDeserializer extends JsonDeserializer<String> {

        @Override
        public String deserialize(JsonParser p, DeserializationContext context) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                throw new RefusedValueException(p, "must be a JSON string", p.getText(), String.class,
                        RuleCode.FIELD_JSON_TYPE.with("expected", "string"));
            }
            String text = p.getText();
            String violation = TextRules.violation(text);
            if (violation != null) {
                throw new RefusedValueException(p, violation, text, String.class,
                        RuleCode.FIELD_TEXT_CHARACTERS.with());
            }
            return text;
        }
    }

    /**
     * An enumeration's constant by its name exactly as documented: Jackson looks a name up again with the characters
     * U+0000 to U+0020 around it trimmed, so {@code GRANT} with a NUL after it or {@code "TEN_STAR "} was taken for
     * the constant (a control character no text field takes, and a space a query parameter refuses). Anything but the
     * name itself is {@link RuleCode#FIELD_NOT_ONE_OF}, as an unknown name is.
     */
    static final class ExactEnumDeserializer extends DelegatingDeserializer {

        ExactEnumDeserializer(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new ExactEnumDeserializer(delegate);
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext context) throws IOException {
            String text = p.hasToken(JsonToken.VALUE_STRING) ? p.getText() : null;
            Object value = super.deserialize(p, context);
            if (text != null && value instanceof Enum<?> constant && !text.equals(constant.name())) {
                List<String> allowed = Arrays.stream(constant.getDeclaringClass().getEnumConstants())
                        .map(String::valueOf).toList();
                throw new RefusedValueException(p, "'" + text + "' is not one of " + String.join(", ", allowed), text,
                        constant.getDeclaringClass(), RuleCode.FIELD_NOT_ONE_OF.with("value", text, "allowed", allowed));
            }
            return value;
        }
    }

    /** A date only as the string yyyy-MM-dd, within the plausible range; never a number of days. */
    static final class BusinessDateDeserializer extends JsonDeserializer<LocalDate> {

        @Override
        public LocalDate deserialize(JsonParser p, DeserializationContext context) throws IOException {
            if (!p.hasToken(JsonToken.VALUE_STRING)) {
                throw new RefusedValueException(p, "must be a date string in the form yyyy-MM-dd between "
                        + EARLIEST + " and " + LATEST + ", was " + p.getText(), p.getText(), LocalDate.class,
                        dateRule(p.getText()));
            }
            try {
                return businessDate(p.getText());
            } catch (IllegalArgumentException e) {
                throw new RefusedValueException(p, e.getMessage(), p.getText(), LocalDate.class, dateRule(p.getText()));
            }
        }
    }
}
