package org.certaudit.query.trail;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An event's payload as a reader wants it: single-value wrappers ({@code AuditId}, {@code ProjectNumber},
 * {@code Percent}, any record whose only field is {@code value}) shown as their value, so
 * {@code "percent":{"value":96}} reads {@code "percent":96}. Applied when the trail is read, to the payload
 * JSON the projection stored, so entries stored before this rule read the same as new ones and the stored
 * events stay as they are. Numbers keep their exact decimal text (145.75, 3.0), never a double.
 */
final class PlainPayload {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN)
            .build();

    private PlainPayload() {
    }

    /** The stored payload JSON with every single-value wrapper replaced by its value. */
    static String of(String storedJson) {
        if (storedJson == null) {
            return null;
        }
        try {
            return JSON.writeValueAsString(plain(JSON.readTree(storedJson)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a trail entry's stored payload is not JSON: " + e.getOriginalMessage(), e);
        }
    }

    static JsonNode plain(JsonNode node) {
        if (node instanceof ObjectNode object) {
            if (object.size() == 1 && object.has("value")) {
                return plain(object.get("value"));
            }
            ObjectNode copy = JSON.createObjectNode();
            object.fields().forEachRemaining(field -> copy.set(field.getKey(), plain(field.getValue())));
            return copy;
        }
        if (node instanceof ArrayNode array) {
            ArrayNode copy = JSON.createArrayNode();
            array.forEach(element -> copy.add(plain(element)));
            return copy;
        }
        return node;
    }
}
