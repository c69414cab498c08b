package org.certaudit.eventstore.embedded;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.ValueComparator;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.type.ObjectDataType;

import java.util.List;
import java.util.Map;

/**
 * A unique index of the embedded store kept in an MVMap ordered by MongoDB's value order.
 * <p>
 * The stock H2 backend keys its index maps with H2's {@link ObjectDataType}, which compares keys it
 * does not know (mongo-java-server's {@link KeyValue}) by Java-serializing both sides on every
 * comparison: one lookup cost about 0.1 ms, and a tracking batch or an aggregate load is a hundred
 * lookups. {@link KeyOrder} keeps the stored form but compares the values themselves. The order of a
 * map is part of the file format, so a file written with the stock order is refused (see
 * {@link DurableH2Backend}).
 */
final class KeyOrderedIndex extends AbstractUniqueIndex<Object> {

    private final MVMap<KeyValue, Object> map;

    KeyOrderedIndex(MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.map = map;
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
     * H2's object type for storing, MongoDB's value order (element by element, lists compared as
     * values, null equal to missing as a unique index treats them) for comparing.
     */
    static final class KeyOrder extends ObjectDataType {

        private static final ValueComparator VALUES = ValueComparator.ascWithoutListHandling();

        @Override
        public int compare(Object a, Object b) {
            if (a instanceof KeyValue left && b instanceof KeyValue right) {
                int size = Math.min(left.size(), right.size());
                for (int i = 0; i < size; i++) {
                    int result = VALUES.compare(left.get(i), right.get(i));
                    if (result != 0) {
                        return result;
                    }
                }
                return Integer.compare(left.size(), right.size());
            }
            return super.compare(a, b);
        }
    }
}
