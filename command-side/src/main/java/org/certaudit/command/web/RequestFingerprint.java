package org.certaudit.command.web;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.certaudit.ledger.Canonical;

/**
 * What a retry under an {@code Idempotency-Key} is compared with: the request line (method, path and query), the
 * {@code If-Match} header and the body, each fingerprint a SHA-256 hash as 64 lower-case hexadecimal characters.
 * <ul>
 * <li>{@code bytes}: of the body byte for byte as sent. Every record holds it, and it is all a record kept before
 * {@code canonical} existed holds (the records live for {@code certaudit.idempotency.retention}, 24 hours by default).</li>
 * <li>{@code canonical}: of the body's meaning, for a body that is a JSON object in UTF-8; null for any other body. The
 * object in its RFC 8785 (JCS) form, so that a client library re-serialising a retry (members in another order, other
 * white space or escapes, {@code 70.0} or {@code 7e1} for {@code 70}) sends the same request. JCS reads numbers as
 * IEEE 754 doubles, where {@code 70} and {@code 70.0000000000000000001} are one number, while the API reads them as
 * decimals, where they are two: so each number no double holds exactly is added with its decimal value, by its JSON
 * Pointer (RFC 6901), and only requests whose numbers have equal decimal values share this fingerprint.</li>
 * </ul>
 *
 * @param bytes     the fingerprint of the body as sent
 * @param canonical the fingerprint of the JSON object the body holds, or null for a body that holds none
 */
public record RequestFingerprint(String bytes, String canonical) {

    private static final ObjectMapper READER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** The fingerprints of a request: {@code ifMatch} as sent, or null when absent; {@code body} as read, or empty. */
    static RequestFingerprint of(String requestLine, String ifMatch, byte[] body) {
        byte[] line = requestLine.getBytes(StandardCharsets.UTF_8);
        // The form records have held since the first release: "null" for a request without If-Match.
        byte[] condition = String.valueOf(ifMatch).getBytes(StandardCharsets.UTF_8);
        byte[] separator = {0};
        String bytes = Canonical.hex(Canonical.sha256(line, separator, condition, separator, body));
        byte[][] meaning = meaning(body);
        String canonical = meaning == null ? null : Canonical.hex(Canonical.sha256(line, separator, condition,
                separator, meaning[0], separator, meaning[1]));
        return new RequestFingerprint(bytes, canonical);
    }

    /**
     * Whether this request is the one a record was kept for: by meaning when both have a {@code canonical} fingerprint,
     * otherwise by bytes (a record older than canonical fingerprints, or a body that is no JSON object on either side,
     * whose bytes then differ from the other's anyway).
     */
    boolean sameRequestAs(String storedBytes, String storedCanonical) {
        if (canonical != null && storedCanonical != null) {
            return canonical.equals(storedCanonical);
        }
        return bytes.equals(storedBytes);
    }

    /**
     * The JCS form of the object the body holds and the JCS form of its numbers' exact values, or null for a body that is
     * no JSON object in UTF-8, or one JCS cannot represent faithfully (a number beyond a double's range, a string with an
     * unpaired surrogate, which JCS would write as '?').
     */
    private static byte[][] meaning(byte[] body) {
        try {
            // Decoded here, strictly: Jackson would take UTF-16 or UTF-32 too, which the API does not read.
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
            if (!(READER.readTree(text) instanceof ObjectNode object)) {
                return null;
            }
            ObjectNode exact = Canonical.object();
            if (!exactNumbers(object, "", exact, StandardCharsets.UTF_8.newEncoder())) {
                return null;
            }
            return new byte[][] {Canonical.bytes(object), Canonical.bytes(exact)};
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }

    /**
     * Adds to {@code exact}, by pointer, the decimal value of every number under {@code node} that no double holds
     * exactly; false when a number lies beyond a double's range or a text holds an unpaired surrogate.
     */
    private static boolean exactNumbers(JsonNode node, String pointer, ObjectNode exact, CharsetEncoder utf8) {
        if (node.isNumber()) {
            BigDecimal value = node.decimalValue();
            double nearest = value.doubleValue();
            if (!Double.isFinite(nearest)) {
                return false;
            }
            if (new BigDecimal(nearest).compareTo(value) != 0) {
                // Equal values, equal text: 0.1 and 0.10 both become "0.1".
                exact.put(pointer, value.stripTrailingZeros().toString());
            }
            return true;
        }
        if (node.isTextual()) {
            return utf8.canEncode(node.textValue());
        }
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (!exactNumbers(node.get(i), pointer + "/" + i, exact, utf8)) {
                    return false;
                }
            }
            return true;
        }
        for (Map.Entry<String, JsonNode> member : node.properties()) {
            if (!utf8.canEncode(member.getKey())) {
                return false;
            }
            String step = member.getKey().replace("~", "~0").replace("/", "~1");
            if (!exactNumbers(member.getValue(), pointer + "/" + step, exact, utf8)) {
                return false;
            }
        }
        return true;
    }
}
