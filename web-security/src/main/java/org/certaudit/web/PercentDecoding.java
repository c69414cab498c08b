package org.certaudit.web;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Strict percent-decoding (RFC 3986 2.1, 2.5) of a path, a query string or a form body: every {@code %} starts two hex
 * digits, the bytes spell UTF-8, and the text passes {@link TextRules}. The name=value pairs of a query or a form body
 * ({@code application/x-www-form-urlencoded}, WHATWG URL Standard 5.1: pairs separated by {@code &}, {@code +} a space)
 * are read the same way on both sides, where Tomcat reads them leniently: a broken escape drops the parameter, bytes
 * that spell no UTF-8 become U+FFFD, and a control character passes.
 */
final class PercentDecoding {

    /** Where pairs come from: the field a refusal names when it concerns no single parameter, and its wording. */
    enum Source {
        /** The query string: checked by {@link RequestLineFilter}. */
        QUERY("query") {
            @Override
            Refused tooMany(int limit) {
                return new Refused(field, "holds more than " + limit + " parameters, the most the server reads",
                        RuleCode.QUERY_TOO_MANY_PARAMETERS.with("limit", limit));
            }

            @Override
            Refused withoutName(String pair) {
                return new Refused(field, "has a parameter without a name ('" + pair + "')",
                        RuleCode.REQUEST_MALFORMED.with());
            }
        },
        /** A form body on a {@code POST}: checked by {@link FormBodyFilter}. */
        BODY("body") {
            @Override
            Refused tooMany(int limit) {
                return new Refused(field, "holds more parameters than the server takes (the query's and the form's"
                        + " together)", RuleCode.BODY_MALFORMED_FORM.with());
            }

            @Override
            Refused withoutName(String pair) {
                // Not the pair itself: a form's value may be a megabyte long.
                return new Refused(field, "has a pair without a name ('=value'); a form is name=value pairs separated"
                        + " by '&'", RuleCode.BODY_MALFORMED_FORM.with());
            }
        };

        final String field;

        Source(String field) {
            this.field = field;
        }

        abstract Refused tooMany(int limit);

        abstract Refused withoutName(String pair);
    }

    /** One parameter as sent, decoded. */
    record Pair(String name, String value) {
    }

    /**
     * Pairs refused: {@code field} names the parameter (its name as sent, when the name itself is broken), or the
     * {@link Source} as a whole; the message says what is wrong in words for the caller, {@code rule} in code.
     */
    static final class Refused extends Exception {

        private final String field;
        private final transient RuleViolation rule;

        Refused(String field, String message, RuleViolation rule) {
            super(message, null, false, false);
            this.field = field;
            this.rule = rule;
        }

        String field() {
            return field;
        }

        RuleViolation rule() {
            return rule;
        }
    }

    private PercentDecoding() {
    }

    /**
     * The pairs of {@code raw} in their order, empty ones ({@code a=1&&b=2}) skipped, a pair without {@code =} a name
     * with an empty value.
     *
     * @param maxPairs the most pairs {@code raw} may hold (no bound when negative)
     * @throws Refused a broken escape or bytes that spell no UTF-8 ({@link RuleCode#FIELD_PERCENT_ENCODING}), a
     *                 character {@link TextRules} refuses ({@link RuleCode#FIELD_TEXT_CHARACTERS}), both naming the
     *                 parameter; a pair without a name, or more than {@code maxPairs}, naming the source
     */
    static List<Pair> pairs(byte[] raw, Source source, int maxPairs) throws Refused {
        List<Pair> pairs = new ArrayList<>();
        for (int start = 0; start <= raw.length; ) {
            int end = indexOf(raw, (byte) '&', start, raw.length);
            if (end > start) {
                if (maxPairs >= 0 && pairs.size() >= maxPairs) {
                    throw source.tooMany(maxPairs);
                }
                int equals = indexOf(raw, (byte) '=', start, end);
                String name;
                try {
                    name = decode(raw, start, equals, true);
                } catch (IllegalArgumentException e) {
                    throw new Refused(lenient(raw, start, equals), "the parameter name " + e.getMessage(),
                            RuleCode.FIELD_PERCENT_ENCODING.with());
                }
                if (name.isEmpty()) {
                    throw source.withoutName(lenient(raw, start, end));
                }
                String nameProblem = TextRules.violation(name);
                if (nameProblem != null) {
                    throw new Refused(source.field, "a parameter name " + nameProblem,
                            RuleCode.FIELD_TEXT_CHARACTERS.with());
                }
                String value;
                try {
                    value = equals == end ? "" : decode(raw, equals + 1, end, true);
                } catch (IllegalArgumentException e) {
                    throw new Refused(name, e.getMessage(), RuleCode.FIELD_PERCENT_ENCODING.with());
                }
                String valueProblem = TextRules.violation(value);
                if (valueProblem != null) {
                    throw new Refused(name, valueProblem, RuleCode.FIELD_TEXT_CHARACTERS.with());
                }
                pairs.add(new Pair(name, value));
            }
            start = end + 1;
        }
        return pairs;
    }

    /**
     * {@code raw} percent-decoded strictly, as UTF-8; {@code +} is a space when {@code plusIsSpace} (in a query or a
     * form, as browsers and the container read it, not in a path). Characters outside ASCII are taken as their UTF-8
     * bytes.
     *
     * @throws IllegalArgumentException saying what is wrong, in words for the caller
     */
    static String decode(String raw, boolean plusIsSpace) {
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        return decode(bytes, 0, bytes.length, plusIsSpace);
    }

    private static String decode(byte[] raw, int from, int to, boolean plusIsSpace) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            byte b = raw[i];
            if (b == '%') {
                if (i + 2 >= to || hex(raw[i + 1]) < 0 || hex(raw[i + 2]) < 0) {
                    int end = Math.min(to, i + 3);
                    // The escape as sent, with the whole of a character it cuts into.
                    while (end < to && (raw[end] & 0xC0) == 0x80) {
                        end++;
                    }
                    throw new IllegalArgumentException("is not correctly percent-encoded: '" + lenient(raw, i, end)
                            + "' is not % followed by two hex digits (send a literal % as %25)");
                }
                bytes.write(hex(raw[i + 1]) * 16 + hex(raw[i + 2]));
                i += 2;
            } else if (b == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                bytes.write(b);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("is not UTF-8 once percent-decoded; percent-encode the UTF-8 bytes of the text");
        }
    }

    /** The value of an ASCII hex digit, or -1: {@link Character#digit} would take a full-width digit too. */
    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    private static int indexOf(byte[] raw, byte wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (raw[i] == wanted) {
                return i;
            }
        }
        return to;
    }

    /** Bytes as sent, for a message: undecoded, any bytes that spell no UTF-8 shown as U+FFFD. */
    private static String lenient(byte[] raw, int from, int to) {
        return new String(raw, from, to - from, StandardCharsets.UTF_8);
    }
}
