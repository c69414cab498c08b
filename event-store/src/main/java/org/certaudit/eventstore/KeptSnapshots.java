package org.certaudit.eventstore;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.axonframework.eventhandling.GenericDomainEventEntry;

/**
 * The latest snapshot {@link MongoEventStorageEngine} read or stored per aggregate (or that there was none),
 * so that loading an aggregate again needs no snapshot lookup. Using a kept snapshot that another writer has
 * since replaced by a newer one is safe: a snapshot only shortens loading, the events after the kept one are
 * read (and checked, see {@link AggregateRuns}) either way, and the next snapshot this engine takes replaces
 * it. Bounded by the characters of payload and metadata kept in all; the least recently used go first.
 * Thread-safe.
 */
final class KeptSnapshots {

    /** Default bound in characters of snapshot payload and metadata: about 16 MB of heap at most. */
    static final int DEFAULT_CHARS = 8_000_000;
    /** What an entry costs besides its text, so that entries for aggregates without a snapshot are bounded too. */
    private static final int ENTRY_CHARS = 64;

    private final int maxChars;
    private final Map<String, Optional<GenericDomainEventEntry<String>>> kept = new LinkedHashMap<>(64, 0.75f, true);
    private long chars;

    KeptSnapshots(int maxChars) {
        this.maxChars = maxChars;
    }

    /** The kept snapshot; an empty optional if the aggregate had none; null if nothing is known. */
    synchronized Optional<GenericDomainEventEntry<String>> get(String aggregateId) {
        return kept.get(aggregateId);
    }

    /**
     * Keeps the snapshot read or stored ({@code null}: there is none), unless a newer one is kept already (a
     * reader that looked before this engine stored a newer one).
     */
    synchronized void remember(String aggregateId, GenericDomainEventEntry<String> snapshot) {
        if (maxChars == 0) {
            return;
        }
        Optional<GenericDomainEventEntry<String>> current = kept.get(aggregateId);
        if (current != null && current.isPresent()
                && (snapshot == null || snapshot.getSequenceNumber() < current.get().getSequenceNumber())) {
            return;
        }
        Optional<GenericDomainEventEntry<String>> entry = Optional.ofNullable(snapshot);
        if (size(entry) > maxChars) {
            forget(aggregateId);
            return;
        }
        Optional<GenericDomainEventEntry<String>> replaced = kept.put(aggregateId, entry);
        chars += size(entry) - (replaced == null ? 0 : size(replaced));
        Iterator<Map.Entry<String, Optional<GenericDomainEventEntry<String>>>> eldest = kept.entrySet().iterator();
        while (chars > maxChars && eldest.hasNext()) {
            Map.Entry<String, Optional<GenericDomainEventEntry<String>>> next = eldest.next();
            if (!next.getKey().equals(aggregateId)) {
                chars -= size(next.getValue());
                eldest.remove();
            }
        }
    }

    synchronized void forget(String aggregateId) {
        Optional<GenericDomainEventEntry<String>> removed = kept.remove(aggregateId);
        if (removed != null) {
            chars -= size(removed);
        }
    }

    /** Characters kept now. */
    synchronized long chars() {
        return chars;
    }

    private static long size(Optional<GenericDomainEventEntry<String>> entry) {
        return ENTRY_CHARS + entry.map(snapshot -> (long) length(snapshot.getPayload().getData())
                + length(snapshot.getMetaData().getData())).orElse(0L);
    }

    private static int length(String text) {
        return text == null ? 0 : text.length();
    }
}
