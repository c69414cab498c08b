package org.certaudit.eventstore;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import org.axonframework.eventhandling.TrackedEventMessage;

/**
 * A batch of {@link TrackedEventBatches#readBatch} with the characters of payload and metadata its events were stored
 * with, so that a reader that keeps batches (the query side's shared batches) can bound what it keeps by size, not
 * only by count. Immutable; the events in the order read.
 */
public final class TrackedBatch extends AbstractList<TrackedEventMessage<?>> implements RandomAccess {

    private final List<? extends TrackedEventMessage<?>> events;
    private final long storedChars;

    /**
     * @param events      the batch's events, in order; copied
     * @param storedChars characters of their stored payloads and metadata, at least 0
     * @throws IllegalArgumentException if {@code storedChars} is negative
     */
    public TrackedBatch(List<? extends TrackedEventMessage<?>> events, long storedChars) {
        if (storedChars < 0) {
            throw new IllegalArgumentException("storedChars must be at least 0, was " + storedChars);
        }
        this.events = List.copyOf(events);
        this.storedChars = storedChars;
    }

    /** The characters of the events' stored payloads and metadata. */
    public long storedChars() {
        return storedChars;
    }

    /**
     * The stored characters of a batch when it says them ({@link TrackedBatch}); 0 for any other list, which a reader
     * then bounds by count alone.
     */
    public static long storedChars(List<? extends TrackedEventMessage<?>> batch) {
        return batch instanceof TrackedBatch sized ? sized.storedChars : 0;
    }

    @Override
    public TrackedEventMessage<?> get(int index) {
        return events.get(index);
    }

    @Override
    public int size() {
        return events.size();
    }
}
