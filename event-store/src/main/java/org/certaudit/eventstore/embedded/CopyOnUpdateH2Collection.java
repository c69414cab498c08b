package org.certaudit.eventstore.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import org.h2.mvstore.MVMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * mongo-java-server's H2 collection, except that an update never changes a stored document instance.
 * <p>
 * The stock collection updates the document it found in place and puts the same instance back. The
 * MVStore's pages are copy-on-write, but a page holds the document instance itself, so the page a
 * checkpoint took would show a later update if that update ran before the page was serialized: the
 * commit would hold a change that the write-ahead log replays again after a crash (a {@code $inc}
 * counted twice; {@code CheckpointCrashTest} saw it). Here {@code update} and {@code findAndModify}
 * work on copies of the documents they matched and put the copies into the map; a stored instance
 * never changes after it was put. A copy is shallow: the stock update changes only the top level of the
 * document it found (it removes and puts fields, whose new values it computes on a deep copy of its own),
 * so the nested documents and lists of a stored instance are shared, never changed
 * ({@code CopyOnUpdateH2CollectionTest} runs every update operator against that). The deep copy had been
 * 13% of the store threads' samples in a profile of the system benchmark's 1-client phase, most of it on
 * read-model documents with long lists.
 * <p>
 * Nor does it keep a running total of the documents' sizes: the stock collection recomputes the size of
 * every inserted, updated and removed document (an update measures both versions) and writes the total
 * to its meta map on every write, about a tenth of the store threads' time under the system
 * benchmark. Only {@code collStats} and {@code dbStats} read the total, which nothing here asks for;
 * they report 0.
 * <p>
 * And a document found through a unique index for {@code {field: {$in: [...]}}} is checked against the
 * list with a hash lookup when the list holds only {@code Long}s or only {@code String}s and the document's
 * value is one of the same class (the event store's tracking and aggregate reads); the stock check walks
 * the whole list for every document, which made a batch of n positions cost n&sup2;/2 comparisons. Any
 * other shape (mixed numeric types, arrays, missing fields, several conditions) takes the stock check.
 */
final class CopyOnUpdateH2Collection extends H2Collection {

    private static final String ID_FIELD = "_id";

    /** Updates {@link #setOrAppendById} and {@link #replaceById} made, for tests; written under the collection's lock. */
    private volatile long updatesById;

    /** Set while this collection runs an update; the lock of {@code AbstractSynchronizedMongoCollection} is held. */
    private boolean updating;

    CopyOnUpdateH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                             MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
        super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
    }

    @Override
    public synchronized Document findAndModify(Document query) {
        updating = true;
        try {
            return super.findAndModify(query);
        } finally {
            updating = false;
        }
    }

    @Override
    public synchronized Document updateDocuments(Document selector, Document updateQuery, ArrayFilters arrayFilters,
                                                 boolean isMulti, boolean isUpsert, Oplog oplog) {
        Document done = isMulti || (arrayFilters != null && !arrayFilters.isEmpty()) ? null
                : isReplacement(updateQuery) ? replaceById(selector, updateQuery, oplog)
                : setOrAppendById(selector, updateQuery, oplog);
        if (done != null) {
            return done;
        }
        updating = true;
        try {
            return super.updateDocuments(selector, updateQuery, arrayFilters, isMulti, isUpsert, oplog);
        } finally {
            updating = false;
        }
    }

    /**
     * An index kept in the file ({@link KeyOrderedIndex#keptInFile()}) is taken as it is. The stock collection
     * builds an index from every document whenever the index is empty, also at each opening of the file: the
     * events' sparse {@code idempotencyKey} index, empty when no event carries one, made every start read all
     * stored events twice, and a start on a million events ran out of a 320 MB heap.
     */
    @Override
    public synchronized void addIndex(Index<Object> index) {
        if (index instanceof KeyOrderedIndex kept && kept.keptInFile()
                && getIndexes().stream().noneMatch(existing -> existing.getName().equals(index.getName()))) {
            getIndexes().add(index);
            return;
        }
        super.addIndex(index);
    }

    @Override
    protected boolean tracksDataSize() {
        return false;
    }

    /**
     * Not tracked: 0. Only {@code collStats} and {@code dbStats} report it ({@code size}, {@code dataSize}), and
     * nothing here asks for them. (Summing the documents when asked is no option: the stock collection's
     * constructor asks at every opening, and on a million events that read the whole file.)
     */
    @Override
    protected int getDataSize() {
        return 0;
    }

    /** The last {@code $in} list seen and its values as a set; replaced as a whole, so readers see a consistent pair. */
    private volatile InList lastInList;

    private record InList(List<?> values, Set<Object> set, Class<?> type) {
    }

    @Override
    protected boolean documentMatchesQuery(Document document, Document query) {
        if (query.size() == 1) {
            Map.Entry<String, Object> condition = query.entrySet().iterator().next();
            if (condition.getValue() instanceof Document operator && operator.size() == 1
                    && operator.get("$in") instanceof List<?> values) {
                InList in = inList(values);
                Object value = document.get(condition.getKey());
                if (in != null && value != null && value.getClass() == in.type()) {
                    return in.set().contains(value);
                }
            }
        }
        return super.documentMatchesQuery(document, query);
    }

    /** The list as a set when all its values are {@code Long}s or all {@code String}s; null otherwise. */
    private InList inList(List<?> values) {
        InList last = lastInList;
        if (last != null && last.values() == values) {
            return last;
        }
        if (values.isEmpty() || values.get(0) == null) {
            return null;
        }
        Class<?> type = values.get(0).getClass();
        if (type != Long.class && type != String.class) {
            return null;
        }
        Set<Object> set = new HashSet<>(values.size() * 2);
        for (Object value : values) {
            if (value == null || value.getClass() != type) {
                return null;
            }
            set.add(value);
        }
        InList in = new InList(values, set, type);
        lastInList = in;
        return in;
    }

    /**
     * The update of a stored document found by {@code {_id: <value>}} with only {@code $set} of top-level fields
     * or of dotted paths, and {@code $push} to top-level fields or dotted paths (of one value, or of {@code $each}
     * alone), which is
     * what the read models' batched writes send; null for any other update, or when no document has that
     * {@code _id} (the stock path then upserts or answers). It does what the stock update does, without its deep
     * copy of the whole document to compute the new one and its two deep comparisons of old and new: the new
     * document is a shallow copy with the set values put and each appended-to list copied and extended, so the
     * cost follows the size of the change, not of the document. An item's history document grows by a change per
     * score; with the stock path each append copied and compared all its changes, twice each. A dotted path
     * ({@code items.17.percent}, what a read model's changed parts are written as) copies only the documents and
     * lists on its way ({@link #putAtPath}); one that does not lead through existing documents and list elements
     * is left to the stock path.
     */
    private Document setOrAppendById(Document selector, Document updateQuery, Oplog oplog) {
        if (plainId(selector) == null || updateQuery.isEmpty()) {
            return null;
        }
        Map<String, Object> set = new LinkedHashMap<>();
        Map<String[], Object> paths = new LinkedHashMap<>();
        Map<String[], List<?>> pathAppends = new LinkedHashMap<>();
        Map<String, List<?>> append = new LinkedHashMap<>();
        Set<String> names = new HashSet<>();
        for (Map.Entry<String, Object> operator : updateQuery.entrySet()) {
            if (!(operator.getValue() instanceof Document fields)) {
                return null;
            }
            for (Map.Entry<String, Object> field : fields.entrySet()) {
                String name = field.getKey();
                if (name.isEmpty() || name.startsWith("$") || name.equals(ID_FIELD) || !names.add(name)) {
                    return null;
                }
                String[] path = name.contains(".") ? name.split("\\.", -1) : null;
                if (path != null && (path[0].equals(ID_FIELD)
                        || Arrays.stream(path).anyMatch(part -> part.isEmpty() || part.startsWith("$")))) {
                    return null;
                }
                switch (operator.getKey()) {
                    case "$set" -> {
                        if (!plainValue(field.getValue())) {
                            return null;
                        }
                        if (path != null) {
                            paths.put(path, field.getValue());
                        } else {
                            set.put(name, field.getValue());
                        }
                    }
                    case "$push" -> {
                        Object value = field.getValue();
                        List<?> values;
                        if (value instanceof Document each && each.keySet().stream().anyMatch(key -> key.startsWith("$"))) {
                            if (each.size() != 1 || !(each.get("$each") instanceof List<?> listed) || !plainValue(listed)) {
                                return null;
                            }
                            values = listed;
                        } else {
                            if (!plainValue(value)) {
                                return null;
                            }
                            values = Collections.singletonList(value);
                        }
                        if (path != null) {
                            pathAppends.put(path, values);
                        } else {
                            append.put(name, values);
                        }
                    }
                    default -> {
                        return null;
                    }
                }
            }
        }
        for (String name : names) {
            // Two paths where one leads into the other conflict; the stock path answers the error.
            for (int dot = name.indexOf('.'); dot > 0; dot = name.indexOf('.', dot + 1)) {
                if (names.contains(name.substring(0, dot))) {
                    return null;
                }
            }
        }
        Object id = selector.get(ID_FIELD);
        Document stored = getDocument(id);
        if (stored == null || !id.equals(stored.get(ID_FIELD))) {
            return null;
        }
        for (String name : append.keySet()) {
            if (stored.containsKey(name) && !(stored.get(name) instanceof List<?>)) {
                return null;
            }
        }
        Document updated = stored.clone();
        boolean modified = false;
        Set<Object> copied = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Map.Entry<String, Object> field : set.entrySet()) {
            modified |= putAtPath(updated, new String[] {field.getKey()}, field.getValue(), copied);
        }
        for (Map.Entry<String, List<?>> field : append.entrySet()) {
            modified |= !field.getValue().isEmpty() || !stored.containsKey(field.getKey());
            List<Object> values = stored.get(field.getKey()) instanceof List<?> list ? new ArrayList<>(list) : new ArrayList<>();
            values.addAll(field.getValue());
            updated.put(field.getKey(), values);
        }
        for (Map.Entry<String[], Object> path : paths.entrySet()) {
            Boolean counted = putAtPath(updated, path.getKey(), path.getValue(), copied);
            if (counted == null) {
                return null;
            }
            modified |= counted;
        }
        for (Map.Entry<String[], List<?>> path : pathAppends.entrySet()) {
            Object container = containerAt(updated, path.getKey(), copied);
            String last = path.getKey()[path.getKey().length - 1];
            if (!(container instanceof Document document && document.get(last) instanceof List<?> list)) {
                // A missing or other value at the end of the path: the stock path creates the list or answers the error.
                return null;
            }
            List<Object> values = new ArrayList<>(list);
            values.addAll(path.getValue());
            document.put(last, values);
            modified |= !path.getValue().isEmpty();
        }
        return put(id, stored, modified ? updated : null, modified, selector, updateQuery, oplog);
    }

    /**
     * Puts {@code value} at {@code path} of {@code updated}, a shallow copy of the stored document, copying each
     * document and list on the way that this update has not copied yet ({@code copied}), so that nothing the stored
     * document nests changes. An existing value equal to {@code value} by the stock count's comparison stays as it
     * was, as the stock update leaves it. Answers whether the stock update would count the change as modifying the
     * document (a new field always; an existing value unless equal), or null when the path does
     * not lead through existing documents and list elements to a field of a document or an existing element of a
     * list: the stock path then takes the update (it creates missing documents, pads lists, answers errors). A part
     * of the path names an element of a list as the stock update reads it, a decimal index without leading zeros.
     */
    private static Boolean putAtPath(Document updated, String[] path, Object value, Set<Object> copied) {
        Object container = containerAt(updated, path, copied);
        String last = path[path.length - 1];
        Object old;
        if (container instanceof Document document) {
            if (!document.containsKey(last)) {
                document.put(last, value);
                return true;
            }
            old = document.get(last);
        } else if (container instanceof List<?> list && index(last, list.size()) >= 0) {
            old = list.get(index(last, list.size()));
        } else {
            return null;
        }
        if (sameAsTheStockCounts(old, value)) {
            // The stock update leaves a value it counts as equal as it was (an int stays an int when set to 1L).
            return false;
        }
        replace(container, last, value);
        return true;
    }

    /**
     * The document or list holding the last part of {@code path} in {@code updated}, itself and each one on the way
     * copied unless this update copied it already ({@code copied}); null when the path does not lead through
     * existing documents and list elements.
     */
    private static Object containerAt(Document updated, String[] path, Set<Object> copied) {
        Object container = updated;
        for (int i = 0; i < path.length - 1; i++) {
            Object child;
            if (container instanceof Document document && document.containsKey(path[i])) {
                child = document.get(path[i]);
            } else if (container instanceof List<?> list && index(path[i], list.size()) >= 0) {
                child = list.get(index(path[i], list.size()));
            } else {
                return null;
            }
            Object copy;
            if (child instanceof Document nested) {
                copy = copied.contains(nested) ? nested : nested.clone();
            } else if (child instanceof List<?> nested) {
                copy = copied.contains(nested) ? nested : new ArrayList<Object>(nested);
            } else {
                return null;
            }
            copied.add(copy);
            replace(container, path[i], copy);
            container = copy;
        }
        return container;
    }

    /** The element {@code part} names in a list of {@code size} elements; -1 when it names none. */
    private static int index(String part, int size) {
        if (part.isEmpty() || part.length() > 9 || (part.length() > 1 && part.charAt(0) == '0')
                || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        int index = Integer.parseInt(part);
        return index < size ? index : -1;
    }

    /** Puts {@code value} as the field or element {@code part} of a copied document or list; answers the old value. */
    @SuppressWarnings("unchecked")
    private static Object replace(Object container, String part, Object value) {
        if (container instanceof Document document) {
            return document.put(part, value);
        }
        List<Object> list = (List<Object>) container;
        return list.set(Integer.parseInt(part), value);
    }

    /**
     * The replacement of a stored document found by {@code {_id: <value>}}, which is what the read models' whole
     * document writes send (a scorecard, a project's lineage, an audit's row); null when the replacement or the
     * selector has another shape, or no document has that {@code _id}, and the stock path then takes it. It does
     * what the stock replacement does: the {@code _id} followed by the replacement's fields is compared with the
     * stored document (fields, their order and values); if they differ, the stored document's copy keeps the
     * fields the replacement keeps where they were, with the replacement's values, drops the others and appends
     * the new ones; that is counted as modified unless equal by the stock count's comparison. Without the stock
     * path's two deep copies (of the stored document and of the replacement) and its second deep comparison, a
     * replacement costs one comparison, which stops at the first difference, and a shallow copy. The
     * replacement's nested values are stored as they came: the wire decoded them for this command alone and
     * nothing changes them afterwards.
     */
    private Document replaceById(Document selector, Document replacement, Oplog oplog) {
        Object id = plainId(selector);
        if (id == null || replacement.isEmpty() || !plainValue(replacement)) {
            return null;
        }
        if (replacement.containsKey(ID_FIELD)
                && !(sameKindOfScalar(id, replacement.get(ID_FIELD)) && id.equals(replacement.get(ID_FIELD)))) {
            return null;
        }
        Document stored = getDocument(id);
        if (stored == null || !id.equals(stored.get(ID_FIELD))) {
            return null;
        }
        Document computed = new Document(ID_FIELD, stored.get(ID_FIELD));
        for (Map.Entry<String, Object> field : replacement.entrySet()) {
            computed.put(field.getKey(), field.getValue());
        }
        if (computed.equals(stored)) {
            return put(id, stored, null, false, selector, replacement, oplog);
        }
        Document updated = stored.clone();
        updated.keySet().retainAll(computed.keySet());
        updated.putAll(computed);
        return put(id, stored, updated, !sameAsTheStockCounts(stored, updated), selector, replacement, oplog);
    }

    /** The {@code _id} of a selector that is {@code {_id: <String or Long>}} and nothing else; null otherwise. */
    private static Object plainId(Document selector) {
        if (selector.size() != 1) {
            return null;
        }
        Object id = selector.get(ID_FIELD);
        return id instanceof String || id instanceof Long ? id : null;
    }

    /** A replacement, as the stock update tells it: no field name starts with {@code $}. */
    private static boolean isReplacement(Document updateQuery) {
        return updateQuery.keySet().stream().noneMatch(key -> key.startsWith("$"));
    }

    /**
     * Whether the stock update counts {@code stored} and {@code updated} as the same ({@code Utils.nullAwareEquals}):
     * equal after each number is taken as its {@code double} (a {@code long} beyond a double's precision as itself),
     * null as missing, with the fields of each document in the same order. The stock update writes a document
     * that differs only in field order or number types but does not count it as modified. Compared in place,
     * without the normalized copies the stock comparison makes of both documents, and stops at the first difference.
     */
    private static boolean sameAsTheStockCounts(Object a, Object b) {
        if (a == b) {
            return true;
        }
        Object left = Missing.isNullOrMissing(a) ? null : a;
        Object right = Missing.isNullOrMissing(b) ? null : b;
        if (left == null || right == null) {
            return left == right;
        }
        if (left instanceof Number || right instanceof Number) {
            return Objects.equals(normalized(left), normalized(right));
        }
        if (left instanceof Map<?, ?> leftMap && right instanceof Map<?, ?> rightMap) {
            if (leftMap.size() != rightMap.size()) {
                return false;
            }
            var rightFields = rightMap.entrySet().iterator();
            for (Map.Entry<?, ?> leftField : leftMap.entrySet()) {
                Map.Entry<?, ?> rightField = rightFields.next();
                if (!leftField.getKey().equals(rightField.getKey())
                        || !sameAsTheStockCounts(leftField.getValue(), rightField.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (left instanceof Collection<?> leftValues && right instanceof Collection<?> rightValues) {
            if (leftValues.size() != rightValues.size()) {
                return false;
            }
            var rightEach = rightValues.iterator();
            for (Object leftEach : leftValues) {
                if (!sameAsTheStockCounts(leftEach, rightEach.next())) {
                    return false;
                }
            }
            return true;
        }
        if (left instanceof Map<?, ?> || right instanceof Map<?, ?> || left instanceof Collection<?>
                || right instanceof Collection<?>) {
            return false;
        }
        return left.equals(right);
    }

    /** A number as the stock comparison takes it; anything else as it is. */
    private static Object normalized(Object value) {
        if (value instanceof Long number && number != (long) number.doubleValue()) {
            return number;
        }
        if (value instanceof Number number) {
            double doubleValue = number.doubleValue();
            return doubleValue == -0.0 ? 0.0 : doubleValue;
        }
        return value;
    }

    /**
     * Puts {@code updated} in place of {@code stored} with the indexes' checks and changes, as the stock update does;
     * {@code updated} null: not written. Answers as the stock update does for one matched document, with
     * {@code counted} as its modified count.
     */
    private Document put(Object id, Document stored, Document updated, boolean counted, Document selector,
                         Document updateQuery, Oplog oplog) {
        if (updated != null) {
            for (Index<Object> index : getIndexes()) {
                index.checkUpdate(stored, updated, this);
            }
            for (Index<Object> index : getIndexes()) {
                index.updateInPlace(stored, updated, id, this);
            }
            handleUpdate(id, stored, updated);
        }
        updatesById++;
        oplog.handleUpdate(getFullName(), selector, updateQuery, counted ? List.of(id) : List.of());
        Document result = new Document("n", 1);
        result.put("nModified", counted ? 1 : 0);
        return result;
    }

    /** Updates that {@link #setOrAppendById} or {@link #replaceById} made, for tests. */
    long updatesById() {
        return updatesById;
    }

    /** Both null, or strings, booleans, or numbers of one class: where equal means what the stock update counts. */
    private static boolean sameKindOfScalar(Object old, Object value) {
        if (old == null || value == null) {
            return old == value;
        }
        return old.getClass() == value.getClass() && (old instanceof String || old instanceof Boolean
                || old instanceof Long || old instanceof Integer);
    }

    /** A value the fast path may store as it came: no field name in it starts with {@code $} or holds a dot. */
    private static boolean plainValue(Object value) {
        if (value instanceof Document document) {
            for (Map.Entry<String, Object> entry : document.entrySet()) {
                if (entry.getKey().startsWith("$") || entry.getKey().contains(".") || !plainValue(entry.getValue())) {
                    return false;
                }
            }
        } else if (value instanceof Collection<?> values) {
            for (Object each : values) {
                if (!plainValue(each)) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * A client's batches ({@code batchSize} above 0) are bounded by size as well, as MongoDB bounds its replies
     * ({@link ReplyBound}); without a batch size every document is in the first reply, as the stock collection has it.
     */
    @Override
    protected QueryResult createQueryResult(List<Document> matchedDocuments, int batchSize) {
        if (batchSize <= 0 || updating) {
            return super.createQueryResult(matchedDocuments, batchSize);
        }
        int first = ReplyBound.replyLength(matchedDocuments, batchSize, ReplyBound.REPLY_CHARS);
        if (first == matchedDocuments.size()) {
            return new QueryResult(matchedDocuments);
        }
        return new QueryResult(matchedDocuments.subList(0, first),
                createCursor(matchedDocuments.subList(first, matchedDocuments.size())));
    }

    @Override
    protected Cursor createCursor(List<Document> remainingDocuments) {
        Cursor cursor = new ReplyBound.BoundedCursor(cursorRegistry, remainingDocuments, ReplyBound.REPLY_CHARS);
        cursorRegistry.add(cursor);
        return cursor;
    }

    /** Both update paths find their documents here; only the matched ones are copied. */
    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                         Document fieldSelector) {
        QueryResult found = super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        if (!updating) {
            return found;
        }
        List<Document> copies = new ArrayList<>();
        for (Document document : found) {
            copies.add(document.clone());
        }
        return new QueryResult(copies, found.getCursorId());
    }
}
