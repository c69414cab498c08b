package org.certaudit.ledger.bundle;

import org.certaudit.ledger.StoredEvent;

import java.util.List;

/**
 * One event in an evidence bundle: the stored document's fields (dates as milliseconds since the epoch), the
 * hash it was stored with, and where the log holds it.
 *
 * @param position       the event's global position ({@code _id} in the store)
 * @param leafIndex      its leaf in the log, from 0; null when the log does not hold it
 * @param stream         the stored {@code stream} key, {@code <aggregateId>/<seq, 19 digits>}
 * @param hash           the hash stored with the event
 * @param inclusionProof the RFC 9162 audit path of the leaf against the bundle's tree head, hex; null with
 *                       {@code leafIndex}
 */
public record BundleEvent(long position, Long leafIndex, String stream, String aggregateId, String aggregateType,
                          Long seq, String eventId, long timestamp, long appendedAt, String payloadType,
                          String payloadRevision, String payload, String metaData, String prevHash, String hash,
                          List<String> inclusionProof) {

    /** The fields the hash covers. */
    public StoredEvent storedEvent() {
        return new StoredEvent(aggregateId, aggregateType, seq, eventId, timestamp, appendedAt, payloadType,
                               payloadRevision, payload, metaData, prevHash);
    }
}
