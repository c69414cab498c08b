package org.certaudit.eventstore.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.DuplicateKeyError;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A unique index of the embedded store kept in an MVMap ordered by MongoDB's value order.
 * <p>
 * The stock H2 backend keys its index maps with H2's {@code ObjectDataType}, which compares keys it
 * does not know (mongo-java-server's {@link KeyValue}) by Java-serializing both sides on every
 * comparison: one lookup cost about 0.1 ms, and a tracking batch or an aggregate load is a hundred
 * lookups, and stores each key Java-serialized. {@link KeyOrder} compares the values themselves and
 * stores them in their BSON form. The order and the stored form of a map are part of the file
 * format, so a file written with the stock order or form is refused (see {@link DurableH2Backend}).
 * <p>
 * The key of a document is found without the stock index's general machinery when the index has one
 * field, named without a dot, whose value is not a list (every index of the store): see
 * {@link #getKeyValues(Document)}, {@link #nullAwareEqualsKeys} and {@link #checkAdd}.
 */
final class KeyOrderedIndex extends AbstractUniqueIndex<Object> {

    private final MVMap<KeyValue, Object> map;
    private final boolean keptInFile;
    private final List<String> keyNames;
    private final Set<String> keyNameSet;
    /** The one field of a single-field index named without a path ({@code a}, not {@code a.b}); else null. */
    private final String plainKey;

    /**
     * @param keptInFile whether the map is one the file committed together with the collection's documents,
     *                   opened as the database is opened (then it needs no building; see {@link #keptInFile()})
     */
    KeyOrderedIndex(MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse, boolean keptInFile) {
        super(name, keys, sparse);
        this.map = map;
        this.keptInFile = keptInFile;
        this.keyNames = keys.stream().map(IndexKey::getKey).toList();
        this.keyNameSet = Collections.unmodifiableSet(new LinkedHashSet<>(keyNames));
        String only = keyNames.size() == 1 ? keyNames.get(0) : null;
        this.plainKey = only != null && !only.isEmpty() && !only.contains(".") && !only.startsWith("$") ? only : null;
    }

    /**
     * The index's field names, built once: the stock index builds the list anew on every call, several
     * times for each document written and each query planned.
     */
    @Override
    protected List<String> keys() {
        return keyNames;
    }

    @Override
    protected Set<String> keySet() {
        return keyNameSet;
    }

    /**
     * The document's key in this index, the same set the stock index computes: for a single-field index on a
     * plain name, the field's value (or {@link Missing}) normalized as the stock index normalizes it
     * ({@link KeyValue#normalized()}: numbers as doubles where exact, nested documents likewise), as one key.
     * A list value (a multikey entry), a dotted path or a compound index take the stock path. The stock path
     * built a map, several streams and a split of the path by a regular expression for every call, four
     * calls per index for each updated document: a sixth of the command side's allocation under the system
     * benchmark (JFR, session 27).
     */
    @Override
    public Set<KeyValue> getKeyValues(Document document) {
        if (plainKey != null && document != null) {
            Object value = document.getOrMissing(plainKey);
            if (value instanceof String) {
                return Collections.singleton(new KeyValue(value));
            }
            if (!(value instanceof Collection)) {
                return Collections.singleton(new KeyValue(value).normalized());
            }
        }
        return super.getKeyValues(document);
    }

    /**
     * Whether the two documents have the same key: for two string values of a plain single field, whether the
     * strings are equal, which is what the stock comparison (normalized values, null equal to missing) comes to for
     * strings; anything else takes the stock path.
     */
    @Override
    protected boolean nullAwareEqualsKeys(Document oldDocument, Document newDocument) {
        if (plainKey != null && oldDocument != null && newDocument != null
                && oldDocument.getOrMissing(plainKey) instanceof String before
                && newDocument.getOrMissing(plainKey) instanceof String after) {
            return before.equals(after);
        }
        return super.nullAwareEqualsKeys(oldDocument, newDocument);
    }

    /**
     * Refuses a document whose key the index holds, as the stock check does, without its general key machinery
     * when the key is a string or a number in a plain single field (such a value is present, so a sparse index
     * checks it too); anything else takes the stock path.
     */
    @Override
    public synchronized void checkAdd(Document document, MongoCollection<Object> collection) {
        Object value = plainKey == null || document == null ? null : document.getOrMissing(plainKey);
        if (value instanceof String || value instanceof Number) {
            KeyValue key = new KeyValue(value);
            if (containsKey(key.normalized())) {
                throw new DuplicateKeyError(this, collection, getKeys(), key);
            }
            return;
        }
        super.checkAdd(document, collection);
    }

    /**
     * Whether this index was opened from the file along with its collection: a checkpoint commits documents and
     * index entries together and recovery replays the commands after it, so such an index already holds every
     * document's key, even when it is empty (a sparse index no document has the field of).
     */
    boolean keptInFile() {
        return keptInFile;
    }

    static MVMap.Builder<KeyValue, Object> mapBuilder() {
        return new MVMap.Builder<KeyValue, Object>().keyType(new KeyOrder());
    }

    @Override
    protected Object removeDocument(KeyValue keyValue) {
        return map.remove(keyValue);
    }

    @Override
    protected boolean putKeyPosition(KeyValue keyValue, Object position) {
        return map.putIfAbsent(keyValue, Missing.ofNullable(position)) == null;
    }

    @Override
    protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
        return map.entrySet();
    }

    @Override
    protected Object getPosition(KeyValue keyValue) {
        return map.get(keyValue);
    }

    @Override
    public long getCount() {
        return map.sizeAsLong();
    }

    @Override
    public boolean isEmpty() {
        return map.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    /**
     * The key type of the index maps: MongoDB's value order (element by element, lists compared as
     * values, null equal to missing as a unique index treats them) for comparing, and a compact form
     * for storing: the number of elements, then each element as its BSON type byte and BSON value
     * (mongo-java-server's {@link BsonEncoder} and {@link BsonDecoder}, as on the wire), with the type
     * byte 0 (BSON's end of document, never a value's type) for a missing field, and 0x40 (no BSON type)
     * before a Java-serialized value that BSON cannot carry (see {@link BsonDocumentType}). An 8-byte
     * {@code Long} key takes 10 bytes; Java-serialized by H2's {@code ObjectDataType}, as before, it took
     * about 200. The form is part of the file format ({@link DurableH2Backend} marks and checks it).
     */
    static final class KeyOrder extends BasicDataType<KeyValue> {

        private static final ValueComparator VALUES = ValueComparator.ascWithoutListHandling();
        private static final byte MISSING = 0;
        /** Not a BSON type either: a Java-serialized value (length, bytes) follows. */
        private static final byte SERIALIZED = 0x40;
        /** A {@code KeyValue} (16 B) with its {@code ArrayList} (24 B); the list's array comes on top. */
        private static final int KEY_VALUE = 16 + 24;

        @Override
        public int compare(KeyValue left, KeyValue right) {
            int size = Math.min(left.size(), right.size());
            for (int i = 0; i < size; i++) {
                int result = compareValues(left.get(i), right.get(i));
                if (result != 0) {
                    return result;
                }
            }
            return Integer.compare(left.size(), right.size());
        }

        /**
         * {@link ValueComparator}'s order, with the two kinds of keys the store is looked up by most (string ids
         * and long positions) compared directly: its general path finds each value's type rank by walking a list
         * of classes, which was a sixth of the command side's CPU in a rebuild (JFR, session 8). The result is
         * the same as its (mongo-java-server 1.47): strings by {@link String#compareTo}, Integers and Longs by value
         * (it compares two Longs as longs, and an Integer with a Long as doubles, which orders them the same).
         */
        static int compareValues(Object left, Object right) {
            if (left instanceof String leftText && right instanceof String rightText) {
                return leftText.compareTo(rightText);
            }
            if ((left instanceof Long || left instanceof Integer) && (right instanceof Long || right instanceof Integer)) {
                return Long.compare(((Number) left).longValue(), ((Number) right).longValue());
            }
            return VALUES.compare(left, right);
        }

        /** Heap bytes of a decoded key, by {@link BsonDocumentType#heapBytes}'s reckoning. */
        @Override
        public int getMemory(KeyValue key) {
            int bytes = KEY_VALUE + ((16 + 4 * key.size() + 7) & ~7);
            for (Object element : key) {
                bytes += element instanceof Missing ? 0 : BsonDocumentType.heapBytes(element);
            }
            return bytes;
        }

        @Override
        public void write(WriteBuffer buffer, KeyValue key) {
            buffer.putVarInt(key.size());
            ByteBuf encoded = Unpooled.buffer(32);
            try {
                for (Object element : key) {
                    if (element instanceof Missing) {
                        encoded.writeByte(MISSING);
                        continue;
                    }
                    int start = encoded.writerIndex();
                    try {
                        byte type = BsonEncoder.determineType(element);
                        encoded.writeByte(type);
                        BsonEncoder.encodeValue(type, element, encoded);
                    } catch (IllegalArgumentException e) {
                        // Not a value the wire carries (none is stored today): see BsonDocumentType.
                        byte[] serialized = ObjectDataType.serialize(element);
                        encoded.writerIndex(start).writeByte(SERIALIZED).writeInt(serialized.length).writeBytes(serialized);
                    }
                }
                buffer.put(encoded.nioBuffer());
            } finally {
                encoded.release();
            }
        }

        @Override
        public KeyValue read(ByteBuffer buffer) {
            int size = DataUtils.readVarInt(buffer);
            ByteBuf encoded = Unpooled.wrappedBuffer(buffer.slice());
            Object[] elements = new Object[size];
            for (int i = 0; i < size; i++) {
                byte type = encoded.readByte();
                if (type == MISSING) {
                    elements[i] = Missing.getInstance();
                } else if (type == SERIALIZED) {
                    byte[] serialized = new byte[encoded.readInt()];
                    encoded.readBytes(serialized);
                    elements[i] = ObjectDataType.deserialize(serialized);
                } else {
                    elements[i] = BsonDecoder.decodeValue(type, encoded);
                }
            }
            buffer.position(buffer.position() + encoded.readerIndex());
            return new KeyValue(elements);
        }

        @Override
        public KeyValue[] createStorage(int size) {
            return new KeyValue[size];
        }
    }
}
