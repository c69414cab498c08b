package org.certaudit.ledger.log;

/**
 * A leaf as the log stores it. {@code aggregateId}, {@code seq} and {@code eventId} only help people and the
 * verifier name the event; the leaf hash covers {@code position} and {@code eventHash} alone.
 *
 * @param index     the leaf's index in the log, from 0
 * @param position  the event's position in the store
 * @param eventHash the event's hash, 64 hex
 */
public record LeafEntry(long index, long position, String eventHash, String eventId, String aggregateId, Long seq) {
}
