package org.certaudit.command.messaging;

import java.lang.reflect.Field;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.axonframework.common.Registration;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.AggregateCacheEntry;

/**
 * The aggregates this instance handled last, for Axon's caching repository, each handed out again only
 * after the store confirmed that the event it was built up to is still the stream's last one (one unique-key
 * lookup, {@code MongoEventStorageEngine#isLatest}); otherwise it is dropped and Axon loads the aggregate
 * from its snapshot and events. So a command never decides on a state that misses another instance's events,
 * and, as without the cache, two writers appending after the same event collide on the store's unique stream
 * key instead of one overwriting or reordering the other. What it saves is folding the events since the last
 * snapshot on every command (a quarter of a command's CPU, measured; benchmark/README.md).
 * <p>
 * Axon removes an entry when the unit of work that loaded or saved it rolls back, so a kept aggregate always
 * holds only committed events. Bounded by {@code capacity} aggregates, least recently used first out.
 * Entry listeners are not supported (the repository registers none).
 */
final class CheckedAggregateCache implements Cache {

    /** Where Axon keeps the version of a cached aggregate; it offers no accessor. Checked at construction. */
    private static final Field VERSION = versionField();

    private final Predicate<Latest> isLatest;
    private final Map<Object, Object> entries;

    /** The question put to the store: is event {@code sequenceNumber} the last of that aggregate's stream? */
    record Latest(String aggregateId, long sequenceNumber) {
    }

    /**
     * @param capacity how many aggregates to keep at most
     * @param isLatest asks the store whether an event is its stream's last one
     */
    CheckedAggregateCache(int capacity, Predicate<Latest> isLatest) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, not " + capacity);
        }
        this.isLatest = isLatest;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Object, Object> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> V get(K key) {
        Object value;
        synchronized (entries) {
            value = entries.get(key);
        }
        if (value instanceof AggregateCacheEntry<?> entry) {
            Long version = version(entry);
            // Axon loads under the aggregate's lock, so nothing appends for it in this instance meanwhile.
            if (version == null || !isLatest.test(new Latest(key.toString(), version))) {
                remove(key);
                return null;
            }
        }
        return (V) value;
    }

    @Override
    public void put(Object key, Object value) {
        synchronized (entries) {
            entries.put(key, value);
        }
    }

    @Override
    public boolean putIfAbsent(Object key, Object value) {
        synchronized (entries) {
            return entries.putIfAbsent(key, value) == null;
        }
    }

    @Override
    public boolean remove(Object key) {
        synchronized (entries) {
            return entries.remove(key) != null;
        }
    }

    @Override
    public void removeAll() {
        synchronized (entries) {
            entries.clear();
        }
    }

    @Override
    public boolean containsKey(Object key) {
        synchronized (entries) {
            return entries.containsKey(key);
        }
    }

    @Override
    public Registration registerCacheEntryListener(EntryListener cacheEntryListener) {
        throw new UnsupportedOperationException("this cache notifies no listeners");
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private static Long version(AggregateCacheEntry<?> entry) {
        try {
            return (Long) VERSION.get(entry);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Field versionField() {
        try {
            Field field = AggregateCacheEntry.class.getDeclaredField("version");
            if (field.getType() != Long.class) {
                throw new IllegalStateException("AggregateCacheEntry.version is a " + field.getType());
            }
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException("this Axon version keeps no version in AggregateCacheEntry; "
                                            + "the checked aggregate cache cannot work with it", e);
        }
    }
}
