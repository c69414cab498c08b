package org.certaudit.eventstore;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.axonframework.eventhandling.GenericDomainEventEntry;

/**
 * The events of recently loaded aggregates, kept by {@link MongoEventStorageEngine} so that loading an
 * aggregate again costs one round trip: the engine asks for the last kept event and the ones after it at
 * once, and uses the kept ones only if the last is still stored as it was read. Bounded by the number of
 * events kept in all; the least recently used aggregates go first. Thread-safe; runs are immutable.
 * <p>
 * A run also keeps the chain hash of its last event (see {@link EventChain}), so that appending the event
 * after it needs no lookup of its predecessor: the load that just checked the last event is still stored
 * under its key with its identifier read that hash in the same round trip.
 */
final class AggregateRuns {

    /** Default bound: about 50-100 MB of serialized events at the sizes certaudit stores. */
    static final int DEFAULT_EVENTS = 100_000;

    /**
     * The unbroken events {@code first} to {@link #last()} of one aggregate, as read from the store, and the
     * stored {@code hash} of the last one (null if it had none: an event the chain migration has not reached).
     */
    record Run(long first, List<GenericDomainEventEntry<String>> entries, String lastHash) {

        long last() {
            return first + entries.size() - 1;
        }

        String lastEventId() {
            return entries.get(entries.size() - 1).getEventIdentifier();
        }

        /** Up to {@code max} events from sequence number {@code from}. */
        List<GenericDomainEventEntry<String>> slice(long from, int max) {
            int start = (int) (from - first);
            return List.copyOf(entries.subList(start, (int) Math.min(entries.size(), (long) start + max)));
        }
    }

    private final int maxEvents;
    private final Map<String, Run> runs = new LinkedHashMap<>(64, 0.75f, true);
    private long kept;

    AggregateRuns(int maxEvents) {
        this.maxEvents = maxEvents;
    }

    /** The kept run of the aggregate that holds {@code from} or ends right before it; null if none. */
    synchronized Run covering(String aggregateId, long from) {
        Run run = runs.get(aggregateId);
        return run != null && run.first() <= from && from <= run.last() + 1 ? run : null;
    }

    /**
     * Keeps events just read from the store: a new run, or the continuation of the kept one.
     *
     * @param lastHash the stored chain hash of the last of {@code read}
     */
    synchronized void remember(String aggregateId, long from, List<GenericDomainEventEntry<String>> read,
                               String lastHash) {
        if (read.isEmpty() || maxEvents == 0) {
            return;
        }
        Run run = runs.get(aggregateId);
        if (run != null && run.last() + 1 == from) {
            extend(aggregateId, run, read, lastHash);
        } else if (run == null || from <= run.first()) {
            put(aggregateId, new Run(from, List.copyOf(read), lastHash));
        }
    }

    /** The run with {@code newer} (whose last event has the chain hash {@code lastHash}) after it, kept in place of {@code run}. */
    synchronized Run extend(String aggregateId, Run run, List<GenericDomainEventEntry<String>> newer, String lastHash) {
        if (newer.isEmpty() && Objects.equals(lastHash, run.lastHash())) {
            return run;
        }
        List<GenericDomainEventEntry<String>> entries = new ArrayList<>(run.entries().size() + newer.size());
        entries.addAll(run.entries());
        entries.addAll(newer);
        Run extended = new Run(run.first(), List.copyOf(entries), lastHash);
        put(aggregateId, extended);
        return extended;
    }

    /**
     * The chain hash of event {@code sequenceNumber} of the aggregate if it is the last of the kept run, as
     * the latest load found it stored; null otherwise (the caller then looks it up).
     */
    synchronized String lastHash(String aggregateId, long sequenceNumber) {
        Run run = runs.get(aggregateId);
        return run != null && run.last() == sequenceNumber ? run.lastHash() : null;
    }

    /**
     * Drops the kept events of the aggregate before {@code sequenceNumber}, keeping at least the last one (it
     * carries the chain hash and the identifier the next load checks): once a snapshot up to
     * {@code sequenceNumber - 1} is stored, loads start after it and never read the older events again. Without
     * this a project whose aggregate stays cached keeps every event it appended since it was first loaded.
     */
    synchronized void dropBefore(String aggregateId, long sequenceNumber) {
        Run run = runs.get(aggregateId);
        if (run == null) {
            return;
        }
        long first = Math.min(sequenceNumber, run.last());
        if (first > run.first()) {
            put(aggregateId, new Run(first, List.copyOf(run.entries().subList((int) (first - run.first()),
                    run.entries().size())), run.lastHash()));
        }
    }

    synchronized void forget(String aggregateId) {
        Run removed = runs.remove(aggregateId);
        if (removed != null) {
            kept -= removed.entries().size();
        }
    }

    synchronized long size() {
        return kept;
    }

    private void put(String aggregateId, Run run) {
        if (run.entries().size() > maxEvents) {
            forget(aggregateId);
            return;
        }
        Run replaced = runs.put(aggregateId, run);
        kept += run.entries().size() - (replaced == null ? 0 : replaced.entries().size());
        Iterator<Map.Entry<String, Run>> eldest = runs.entrySet().iterator();
        while (kept > maxEvents && eldest.hasNext()) {
            Map.Entry<String, Run> entry = eldest.next();
            if (!entry.getKey().equals(aggregateId)) {
                kept -= entry.getValue().entries().size();
                eldest.remove();
            }
        }
    }
}
