package org.certaudit.ledger;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;

/**
 * What a stored event says, in the fields its hash covers: one document of the {@code events} collection
 * without its position ({@code _id}, which the Merkle leaf binds) and without its own {@code hash}.
 * <p>
 * The canonical form (see the module README, "The canonical form") is the RFC 8785 encoding of
 * <pre>
 * { "aggregateId": string or null,     "aggregateType": string or null, "appendedAt": integer (ms since epoch),
 *   "eventId": string,                 "format": "certaudit-event/1",   "metaData": string,
 *   "payload": string,                 "payloadRevision": string or null, "payloadType": string,
 *   "prevHash": 64 hex or null,        "seq": integer or null,          "timestamp": integer (ms since epoch) }
 * </pre>
 * {@code payload} and {@code metaData} are the serializer's JSON text exactly as stored, embedded as
 * strings: the hash commits to every character, and no decimal score is re-read as a binary double
 * (RFC 8785 would turn {@code 87.50} into {@code 87.5}). Every key is always present.
 *
 * @param aggregateId     the stream (project number); null for an event of no aggregate
 * @param aggregateType   the aggregate's type name; null with {@code aggregateId}
 * @param seq             the sequence number in the stream, from 0; null with {@code aggregateId}
 * @param eventId         the event's unique identifier
 * @param timestamp       the event's time in milliseconds since 1970-01-01T00:00:00Z
 * @param appendedAt      when the store took the event's position, in milliseconds since the epoch
 * @param payloadType     the payload's class name as stored
 * @param payloadRevision the payload's revision; null when it has none
 * @param payload         the payload as stored (JSON text)
 * @param metaData        the metadata as stored (JSON text)
 * @param prevHash        the hash of the event with sequence {@code seq - 1} of the same stream; null for
 *                        {@code seq} 0 and for events of no aggregate
 */
public record StoredEvent(String aggregateId, String aggregateType, Long seq, String eventId, long timestamp,
                          long appendedAt, String payloadType, String payloadRevision, String payload,
                          String metaData, String prevHash) {

    /** Names the version of the canonical form, so a later form can never be mistaken for this one. */
    public static final String FORMAT = "certaudit-event/1";

    public StoredEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(payloadType, "payloadType");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(metaData, "metaData");
        if (prevHash != null) {
            Canonical.hash(prevHash);
        }
    }

    /** The JSON object whose RFC 8785 form is hashed. */
    public ObjectNode canonicalObject() {
        ObjectNode node = Canonical.object();
        node.put("format", FORMAT);
        node.put("aggregateId", aggregateId);
        node.put("aggregateType", aggregateType);
        node.put("seq", seq);
        node.put("eventId", eventId);
        node.put("timestamp", timestamp);
        node.put("appendedAt", appendedAt);
        node.put("payloadType", payloadType);
        node.put("payloadRevision", payloadRevision);
        node.put("payload", payload);
        node.put("metaData", metaData);
        node.put("prevHash", prevHash);
        return node;
    }

    /** The canonical bytes: UTF-8 of the RFC 8785 form of {@link #canonicalObject()}. */
    public byte[] canonicalBytes() {
        return Canonical.bytes(canonicalObject());
    }

    /** SHA-256 of the canonical bytes, as 64 lower-case hexadecimal characters. */
    public String hash() {
        return Canonical.hex(Canonical.sha256(canonicalBytes()));
    }

    /** The same event chained to another predecessor. */
    public StoredEvent withPrevHash(String prevHash) {
        return new StoredEvent(aggregateId, aggregateType, seq, eventId, timestamp, appendedAt, payloadType,
                               payloadRevision, payload, metaData, prevHash);
    }
}
