package org.certaudit.eventstore.embedded;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonJavaScript;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.LegacyUUID;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The value type of the embedded store's collection maps: each document as BSON (the MongoDB wire
 * format, written and read by mongo-java-server's own {@link BsonEncoder} and {@link BsonDecoder}).
 * <p>
 * H2's default {@code ObjectDataType} Java-serializes a {@link Document}, with the class descriptors of
 * the document and of every value in it: an event document of the benchmark took 1,161 B that way, and
 * a third of the commit thread's CPU went into it and into LZF. As BSON it takes what the driver sent. The encoding is
 * part of the file format ({@link DurableH2Backend} marks and checks it).
 * <p>
 * A document keeps what the wire can carry, since it came over the wire: strings, {@code Integer},
 * {@code Long} and {@code Double} kept apart, booleans, {@code null}, nested documents, lists,
 * {@code Instant} (BSON dates hold milliseconds: a finer instant, which only the server itself makes, as
 * for {@code $currentDate}, comes back cut to the millisecond, as every client sees it anyway),
 * {@link ObjectId}, {@link BinData}, {@code UUID} (binary subtype 4) and {@link LegacyUUID} (subtype
 * 3), {@code Decimal128}, {@code BsonTimestamp}, {@code MinKey}, {@code MaxKey}, regular expressions and
 * JavaScript. A document holding anything else (nothing of the kind is stored today) is written
 * Java-serialized behind a zero length, which no BSON document has (its length counts itself), and a
 * warning is logged once: failing instead would close the store at the commit, and the write-ahead log
 * would replay the same write at every start.
 * <p>
 * {@link #getMemory} estimates the heap a decoded document takes, object by object, for a 64-bit JVM
 * with compressed references (12-byte headers, 8-byte alignment; see {@link #heapBytes}). H2 bounds its
 * page cache by these estimates, so they must not fall short: {@code BsonDocumentTypeTest} checks them
 * against the sizes JOL measures for the object graphs.
 */
final class BsonDocumentType extends BasicDataType<Document> {

    static final BsonDocumentType INSTANCE = new BsonDocumentType();

    private static final int DOCUMENT = 16 + 56;
    private static final int MAP_ENTRY = 40;
    private static final int BOXED_INT = 16;
    private static final int BOXED_LONG = 24;
    private static final int OBJECT_ID = 16 + 32;
    private static final int UUID_BYTES = 32;
    private static final int TWO_LONGS = 32;
    /** Regular expressions and JavaScript (plus their text), and values BSON cannot carry: a generous flat figure. */
    private static final int OTHER = 128;

    /**
     * One encoding buffer per thread (pages are written on the commit thread), kept while it stays
     * this small: growing a new buffer for each document made writing an event document three times
     * slower (6.5 against 2.3 us, measured on one thread).
     */
    private static final ThreadLocal<ByteBuf> ENCODING = ThreadLocal.withInitial(() -> Unpooled.buffer(4096));
    private static final int KEPT_BUFFER_BYTES = 64 << 10;
    /** In place of a BSON document's length: a Java-serialized document follows. */
    private static final int SERIALIZED = 0;

    private static final Logger log = LoggerFactory.getLogger(BsonDocumentType.class);
    private static final AtomicBoolean warned = new AtomicBoolean();

    private BsonDocumentType() {
    }

    @Override
    public int getMemory(Document document) {
        return heapBytes(document);
    }

    @Override
    public void write(WriteBuffer buffer, Document document) {
        ByteBuf encoded = ENCODING.get().clear();
        try {
            BsonEncoder.encodeDocument(document, encoded);
        } catch (IllegalArgumentException e) {
            if (!warned.getAndSet(true)) {
                log.warn("A document holds a value BSON cannot carry ({}); such documents are stored Java-serialized",
                         e.getMessage());
            }
            byte[] serialized = ObjectDataType.serialize(document);
            buffer.putInt(SERIALIZED).putVarInt(serialized.length).put(serialized);
            return;
        }
        buffer.put(encoded.nioBuffer());
        if (encoded.capacity() > KEPT_BUFFER_BYTES) {
            ENCODING.remove();
        }
    }

    @Override
    public Document read(ByteBuffer buffer) {
        // A BSON document starts with its own length (little-endian int32, itself included).
        int length = Integer.reverseBytes(buffer.getInt(buffer.position()));
        if (length == SERIALIZED) {
            buffer.getInt();
            byte[] serialized = new byte[DataUtils.readVarInt(buffer)];
            buffer.get(serialized);
            return (Document) ObjectDataType.deserialize(serialized);
        }
        ByteBuf bson = Unpooled.wrappedBuffer(buffer.slice(buffer.position(), length));
        buffer.position(buffer.position() + length);
        return BsonDecoder.decodeBson(bson);
    }

    @Override
    public Document[] createStorage(int size) {
        return new Document[size];
    }

    /**
     * Only {@code MVMap}'s conditional operations ({@code replace(key, old, new)}, {@code remove(key,
     * value)}) compare values; equal documents compare as 0, others by their BSON bytes.
     */
    @Override
    public int compare(Document a, Document b) {
        if (a.equals(b)) {
            return 0;
        }
        return Arrays.compare(bson(a), bson(b));
    }

    private static byte[] bson(Document document) {
        ByteBuf encoded = Unpooled.buffer(256);
        try {
            BsonEncoder.encodeDocument(document, encoded);
            byte[] bytes = new byte[encoded.readableBytes()];
            encoded.readBytes(bytes);
            return bytes;
        } finally {
            encoded.release();
        }
    }

    /**
     * Heap bytes of a value and everything only it refers to, as the decoder builds it: a document is
     * its object (16 B) with a {@code LinkedHashMap} (56 B), the map's table (4 B a slot, at least 4/3 of
     * the entries rounded up to a power of two) and one entry (40 B) and key string per field; a string
     * is 24 B plus its byte array (one byte a character when all are Latin-1, else two); boxed numbers
     * 16-24 B; a list an {@code ArrayList} (24 B) with its array (grown from 10 slots by half each time).
     */
    static int heapBytes(Object value) {
        if (value == null || value instanceof Boolean) {
            // Boolean.valueOf's two shared instances.
            return 0;
        }
        if (value instanceof String string) {
            return stringBytes(string);
        }
        if (value instanceof Map<?, ?> map) {
            long bytes = DOCUMENT + array(4, tableSlots(map.size()));
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                bytes += MAP_ENTRY + heapBytes(entry.getKey()) + heapBytes(entry.getValue());
            }
            return (int) Math.min(Integer.MAX_VALUE, bytes);
        }
        if (value instanceof Collection<?> list) {
            long bytes = 24 + array(4, listSlots(list.size()));
            for (Object element : list) {
                bytes += heapBytes(element);
            }
            return (int) Math.min(Integer.MAX_VALUE, bytes);
        }
        if (value instanceof Integer) {
            return BOXED_INT;
        }
        if (value instanceof Long || value instanceof Double || value instanceof Instant
                || value instanceof BsonTimestamp) {
            return BOXED_LONG;
        }
        if (value instanceof ObjectId) {
            return OBJECT_ID;
        }
        if (value instanceof UUID) {
            return UUID_BYTES;
        }
        if (value instanceof Decimal128) {
            return TWO_LONGS;
        }
        if (value instanceof LegacyUUID) {
            return 16 + UUID_BYTES;
        }
        if (value instanceof BinData binData) {
            return 16 + array(1, binData.getData().length);
        }
        if (value instanceof BsonRegularExpression || value instanceof BsonJavaScript) {
            return OTHER + 2 * value.toString().length();
        }
        if (value instanceof MinKey || value instanceof MaxKey) {
            // Shared instances.
            return 0;
        }
        // A value BSON cannot carry, stored Java-serialized: a small boxed value, counted generously.
        return OTHER;
    }

    private static int stringBytes(String string) {
        int length = string.length();
        boolean latin1 = true;
        for (int i = 0; i < length && latin1; i++) {
            latin1 = string.charAt(i) < 256;
        }
        return 24 + array(1, latin1 ? length : 2 * length);
    }

    /** An array of {@code count} elements of {@code width} bytes: a 16-byte header, 8-byte aligned. */
    private static int array(int width, int count) {
        return (16 + width * count + 7) & ~7;
    }

    /** The array of an {@code ArrayList} that the decoder filled one element at a time from empty. */
    private static int listSlots(int elements) {
        if (elements == 0) {
            return 0;
        }
        int slots = 10;
        while (slots < elements) {
            slots += slots >> 1;
        }
        return slots;
    }

    /** HashMap's table for {@code entries} put one by one with the default load factor 0.75. */
    private static int tableSlots(int entries) {
        if (entries == 0) {
            return 0;
        }
        int slots = 16;
        while (entries > slots * 3 / 4) {
            slots *= 2;
        }
        return slots;
    }
}
