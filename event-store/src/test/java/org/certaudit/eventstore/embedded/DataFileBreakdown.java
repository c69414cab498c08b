package org.certaudit.eventstore.embedded;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.DataType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an embedded store's H2 file holds: per map, its entries and the bytes its keys and values take
 * when the MVStore serializes them (before any page compression), and the file's size and live share.
 * It reads the maps with the store's own types, so a file of an older format needs the break-down of
 * that version. Not a test; run it by hand on a copy of a data file, with the event store's test classpath:
 * {@code java -cp ... org.certaudit.eventstore.embedded.DataFileBreakdown <data dir>/certaudit.mv.db}.
 */
public final class DataFileBreakdown {

    private DataFileBreakdown() {
    }

    /** Each map with the types the embedded store opens it with (H2 keeps no types in the file). */
    @SuppressWarnings("unchecked")
    private static MVMap<Object, Object> open(MVStore store, String name) {
        if (name.startsWith("databases.")) {
            return (MVMap<Object, Object>) (MVMap<?, ?>) store.openMap(name,
                    new MVMap.Builder<Object, de.bwaldvogel.mongo.bson.Document>().valueType(BsonDocumentType.INSTANCE));
        }
        if (name.contains("._index_")) {
            return (MVMap<Object, Object>) (MVMap<?, ?>) store.openMap(name, KeyOrderedIndex.mapBuilder());
        }
        return store.openMap(name);
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long fileBytes = Files.size(file);
        MVStore store = new MVStore.Builder().fileName(file.toString()).readOnly().open();
        try {
            Map<String, long[]> rows = new TreeMap<>();
            long total = 0;
            for (String name : store.getMapNames()) {
                MVMap<Object, Object> map = open(store, name);
                long[] row = new long[2];
                rows.put(name, row);
                WriteBuffer buffer = new WriteBuffer(1 << 16);
                @SuppressWarnings("unchecked") DataType<Object> keys = (DataType<Object>) map.getKeyType();
                @SuppressWarnings("unchecked") DataType<Object> values = (DataType<Object>) map.getValueType();
                for (Map.Entry<Object, Object> entry : map.entrySet()) {
                    buffer.clear();
                    keys.write(buffer, entry.getKey());
                    values.write(buffer, entry.getValue());
                    row[0]++;
                    row[1] += buffer.position();
                }
                total += row[1];
            }
            System.out.printf(Locale.ROOT, "file %,d bytes; live share of the chunks %d%% (file fill rate %d%%)%n", fileBytes,
                    store.getFileStore().getChunksFillRate(), store.getFileStore().getFillRate());
            System.out.printf(Locale.ROOT, "serialized keys and values of all maps: %,d bytes%n", total);
            rows.forEach((name, row) -> System.out.printf(Locale.ROOT, "%-60s %,12d entries %,15d bytes%n", name, row[0], row[1]));
        } finally {
            store.closeImmediately();
        }
    }
}
