package org.certaudit.ledger.verifier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.EventMetaData;
import org.certaudit.ledger.bundle.BundleEvent;
import org.certaudit.report.RecordedEvent;

/**
 * A bundle event's payload read back into its shared-kernel {@link AuditEvent}, as the query side reads it from the
 * store: Axon's {@code JacksonSerializer} with Spring Boot's {@code ObjectMapper} (records by their components, dates
 * as ISO-8601 text through the Java time module, decimals with their scale, unknown members ignored), and the metadata
 * {@code user} as who recorded it.
 *
 * <p>The class is looked up by its name among the {@code permits} of the sealed {@link AuditEvent}, never loaded by a
 * name from the file: a payload type outside that list is refused before anything is instantiated.
 */
final class AuditEventPayloads {

    /** Every audit event's class by its name, from the sealed interface's table of contents. */
    private static final Map<String, Class<?>> AUDIT_EVENTS = Arrays.stream(AuditEvent.class.getPermittedSubclasses())
            .collect(Collectors.toUnmodifiableMap(Class::getName, Function.identity()));

    private static final ObjectMapper JSON = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private AuditEventPayloads() {
    }

    /** Why an event cannot be read as an audit event; the message names the event. */
    static final class UnreadableEvent extends Exception {
        UnreadableEvent(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The event as a report folds it; why it cannot be, in {@code messages}' language.
     *
     * @throws UnreadableEvent when its payload type is not an audit event, it carries a revision (no audit event has
     *                         one), or its payload or metadata is not what that type's JSON is
     */
    static RecordedEvent read(BundleEvent event, Messages messages) throws UnreadableEvent {
        Class<?> type = AUDIT_EVENTS.get(event.payloadType());
        if (type == null) {
            throw new UnreadableEvent(messages.get("payload.notAnAuditEvent", messages.event(event), event.payloadType(),
                    AUDIT_EVENTS.size()), null);
        }
        if (event.payloadRevision() != null) {
            throw new UnreadableEvent(messages.get("payload.revision", messages.event(event), event.payloadRevision(),
                    type.getSimpleName()), null);
        }
        AuditEvent payload;
        try {
            payload = (AuditEvent) JSON.readValue(event.payload(), type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new UnreadableEvent(messages.get("payload.notOfItsType", messages.event(event), type.getSimpleName(),
                    firstLine(e)), e);
        }
        if (payload == null) {
            throw new UnreadableEvent(messages.get("payload.empty", messages.event(event)), null);
        }
        return new RecordedEvent(event.seq(), payload, metaData(event, EventMetaData.USER, messages),
                metaData(event, EventMetaData.PERSON_NAME, messages), Instant.ofEpochMilli(event.timestamp()));
    }

    /** The metadata entry {@code key} as text (the user, the name of the person who acted), or null without one. */
    private static String metaData(BundleEvent event, String key, Messages messages) throws UnreadableEvent {
        if (event.metaData() == null || event.metaData().isBlank()) {
            return null;
        }
        try {
            JsonNode value = JSON.readTree(event.metaData()).get(key);
            return value == null || value.isNull() ? null : value.asText();
        } catch (JsonProcessingException e) {
            throw new UnreadableEvent(messages.get("payload.metaDataNotJson", messages.event(event), firstLine(e)), e);
        }
    }

    private static String firstLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
