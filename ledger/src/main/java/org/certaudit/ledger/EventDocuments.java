package org.certaudit.ledger;

import org.bson.Document;

import java.util.Date;

/**
 * The event documents of the {@code events} collection as the ledger reads and completes them. The event
 * store writes the other fields; the ledger adds {@value #PREV_HASH} and {@value #HASH} before the insert.
 */
public final class EventDocuments {

    public static final String EVENTS = "events";
    public static final String POSITION = "_id";
    public static final String HASH = "hash";
    public static final String PREV_HASH = "prevHash";
    public static final String STREAM = "stream";
    /**
     * Marks a document that holds no event: a reader of the event store abandoned that position (its write
     * did not land in time, see the event store's README). Such a document is never hashed nor logged.
     */
    public static final String ABANDONED = "abandoned";
    /** Wide enough for any long: the zero-padded sequence number in {@value #STREAM}. */
    private static final int SEQUENCE_DIGITS = 19;

    private EventDocuments() {
    }

    /** Whether the document marks an abandoned position rather than holding an event. */
    public static boolean isAbandonedPosition(Document document) {
        return document.containsKey(ABANDONED);
    }

    /**
     * What a stored document says, its {@code prevHash} included.
     *
     * @throws IllegalArgumentException naming the field when a field the hash covers is missing or of the
     *                                  wrong type
     */
    public static StoredEvent storedEvent(Document document) {
        try {
            Object seq = document.get("seq");
            return new StoredEvent(
                    document.getString("aggregateId"),
                    document.getString("aggregateType"),
                    seq == null ? null : ((Number) seq).longValue(),
                    required(document.getString("eventId"), "eventId"),
                    millis(document, "timestamp"),
                    millis(document, "appendedAt"),
                    required(document.getString("payloadType"), "payloadType"),
                    document.getString("payloadRevision"),
                    required(document.getString("payload"), "payload"),
                    required(document.getString("metaData"), "metaData"),
                    document.getString(PREV_HASH));
        } catch (ClassCastException | NullPointerException e) {
            throw new IllegalArgumentException("the event document at position " + document.get(POSITION)
                                               + " has a field of the wrong type or none: " + e.getMessage(), e);
        }
    }

    /** Adds {@code prevHash} and {@code hash} to a document about to be inserted; returns its hash. */
    public static String complete(Document document, String prevHash) {
        document.put(PREV_HASH, prevHash);
        String hash = storedEvent(document).hash();
        document.put(HASH, hash);
        return hash;
    }

    /** {@code <aggregate id>/<sequence number, 19 digits>}, the unique key of an event in its stream. */
    public static String streamKey(String aggregateId, long sequenceNumber) {
        String digits = Long.toString(sequenceNumber);
        return aggregateId + "/" + "0".repeat(Math.max(0, SEQUENCE_DIGITS - digits.length())) + digits;
    }

    public static long position(Document document) {
        return ((Number) document.get(POSITION)).longValue();
    }

    private static long millis(Document document, String field) {
        Object value = document.get(field);
        if (value instanceof Date date) {
            return date.getTime();
        }
        throw new IllegalArgumentException("the event document at position " + document.get(POSITION)
                                           + " has no date in '" + field + "'");
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return value;
    }
}
