package org.certaudit.query;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bson.BsonBinaryReader;
import org.bson.BsonType;
import org.bson.RawBsonDocument;

/**
 * The update that turns a stored read-model document into its next state by {@code $set} of the parts that
 * changed and {@code $push} of what a list gained at its end, instead of the whole document: a scorecard's new
 * score is its item pushed onto {@code items} and its stamps set, a revised one {@code items.17.percent}, not the
 * audit's 94 items. The store then receives, decodes and copies the change, not the document (the embedded
 * store copies only the documents and lists on a dotted path; a replacement of a scorecard or a lineage was the
 * bulk of what the query side sent it).
 * <p>
 * The update leaves the document exactly as the replacement would, fields in order: it is made only when every
 * field of the stored document is still there in the same order, new fields after them (a {@code $set} appends
 * a new field), and a list either keeps its length or only gains values at its end; otherwise the document, or
 * the part of it where that does not hold, is set whole. It is not made
 * (null: replace the document) when a number changes its BSON type (the store leaves a value it counts as equal,
 * 1 and 1L, as it was), when a changed field's name cannot be part of a path (a dot, a leading {@code $}), or when
 * the changed parts come to more than half of the next document. MongoDB 5.0 and later append several new fields
 * of one {@code $set} in the order of their names rather than in the update's; only the order differs then.
 * <p>
 * Both documents are read as BSON by the driver's reader; values are compared and copied as their bytes.
 */
final class DocumentChanges {

    /** More changed paths than this, and the replacement is the smaller write. */
    private static final int MAX_PATHS = 200;
    private static final String ID = "_id";

    /** The answer for a next state equal to the stored document: there is nothing to write. */
    static final RawBsonDocument NONE = new RawBsonDocument(new byte[] {5, 0, 0, 0, 0});

    private DocumentChanges() {
    }

    private record Element(String name, BsonType type, int start, int end) {
    }

    /**
     * The {@code $set}s and {@code $push}es found so far, as BSON elements (type, path, value bytes of the next
     * document; a push as {@code {$each: [...]}}).
     */
    private static final class Changes {
        private final ByteArrayOutputStream sets = new ByteArrayOutputStream();
        private final ByteArrayOutputStream pushes = new ByteArrayOutputStream();
        private int paths;
        private boolean replaceWhole;

        void set(String path, Element value, byte[] next) {
            element(sets, value.type(), path);
            sets.write(next, value.start(), value.end() - value.start());
            paths++;
        }

        void push(String path, List<Element> values, byte[] next) {
            ByteArrayOutputStream each = new ByteArrayOutputStream();
            for (int i = 0; i < values.size(); i++) {
                element(each, values.get(i).type(), Integer.toString(i));
                each.write(next, values.get(i).start(), values.get(i).end() - values.get(i).start());
            }
            ByteArrayOutputStream operator = new ByteArrayOutputStream();
            element(operator, BsonType.ARRAY, "$each");
            operator.writeBytes(document(each.toByteArray()));
            element(pushes, BsonType.DOCUMENT, path);
            pushes.writeBytes(document(operator.toByteArray()));
            paths++;
        }

        int size() {
            return sets.size() + pushes.size();
        }

        private static void element(ByteArrayOutputStream out, BsonType type, String name) {
            out.write(type.getValue());
            out.writeBytes(name.getBytes(StandardCharsets.UTF_8));
            out.write(0);
        }
    }

    /**
     * The update ({@code {$set: {path: value, ...}, $push: {path: {$each: [...]}, ...}}}) making {@code stored} into
     * {@code next}; {@link #NONE} when
     * they are equal; null when the next document must replace the stored one. {@code _id} is left out of the
     * comparison (a replacement keeps the stored one).
     *
     * @param stored the document as the store holds it
     * @param next   the document's next state
     */
    static RawBsonDocument update(RawBsonDocument stored, RawBsonDocument next) {
        byte[] before = bytes(stored);
        byte[] after = bytes(next);
        Changes changes = new Changes();
        if (!compare(before, 0, after, 0, "", true, changes) || changes.replaceWhole || changes.paths > MAX_PATHS
                || changes.size() > after.length / 2) {
            return null;
        }
        if (changes.paths == 0) {
            return NONE;
        }
        ByteArrayOutputStream update = new ByteArrayOutputStream(changes.size() + 32);
        if (changes.sets.size() > 0) {
            Changes.element(update, BsonType.DOCUMENT, "$set");
            update.writeBytes(document(changes.sets.toByteArray()));
        }
        if (changes.pushes.size() > 0) {
            Changes.element(update, BsonType.DOCUMENT, "$push");
            update.writeBytes(document(changes.pushes.toByteArray()));
        }
        return new RawBsonDocument(document(update.toByteArray()));
    }

    /**
     * Adds to {@code changes} the {@code $set}s that make the document (or array) at {@code beforeAt} into the one at
     * {@code afterAt}; false when its fields are not the stored ones in order followed by new ones, so that it can
     * only be set whole (or, at the top, replaced).
     */
    private static boolean compare(byte[] before, int beforeAt, byte[] after, int afterAt, String prefix, boolean top,
                                   Changes changes) {
        List<Element> old = elements(before, beforeAt, top);
        List<Element> now = elements(after, afterAt, top);
        if (now.size() < old.size()) {
            return false;
        }
        for (int i = 0; i < now.size() && !changes.replaceWhole; i++) {
            Element next = now.get(i);
            if (i < old.size() && !old.get(i).name().equals(next.name())) {
                return false;
            }
            if (next.name().indexOf('.') >= 0 || next.name().startsWith("$") || next.name().isEmpty()) {
                if (i >= old.size() || !same(before, old.get(i), after, next)) {
                    return false;
                }
                continue;
            }
            String path = prefix + next.name();
            if (i >= old.size()) {
                changes.set(path, next, after);
                continue;
            }
            Element was = old.get(i);
            if (same(before, was, after, next)) {
                continue;
            }
            if (numeric(was.type()) && numeric(next.type()) && was.type() != next.type()) {
                changes.replaceWhole = true;
                return true;
            }
            if (was.type() == BsonType.ARRAY && next.type() == BsonType.ARRAY) {
                List<Element> wasValues = elements(before, was.start(), false);
                List<Element> nextValues = elements(after, next.start(), false);
                if (nextValues.size() > wasValues.size() && sameUpTo(before, wasValues, after, nextValues)) {
                    changes.push(path, nextValues.subList(wasValues.size(), nextValues.size()), after);
                    continue;
                }
                if (nextValues.size() != wasValues.size()) {
                    changes.set(path, next, after);
                    continue;
                }
            }
            boolean nested = was.type() == next.type()
                    && (next.type() == BsonType.DOCUMENT || next.type() == BsonType.ARRAY);
            if (!nested || !compare(before, was.start(), after, next.start(), path + ".", false, changes)) {
                changes.set(path, next, after);
            }
        }
        return true;
    }

    /** Whether the first values of {@code now} are {@code was}, byte for byte. */
    private static boolean sameUpTo(byte[] before, List<Element> was, byte[] after, List<Element> now) {
        for (int i = 0; i < was.size(); i++) {
            if (!same(before, was.get(i), after, now.get(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean numeric(BsonType type) {
        return type == BsonType.DOUBLE || type == BsonType.INT32 || type == BsonType.INT64 || type == BsonType.DECIMAL128;
    }

    private static boolean same(byte[] before, Element was, byte[] after, Element now) {
        return was.type() == now.type()
                && Arrays.equals(before, was.start(), was.end(), after, now.start(), now.end());
    }

    /** The elements of the document starting at {@code at}, without {@code _id} at the top. */
    private static List<Element> elements(byte[] bytes, int at, boolean top) {
        int length = ByteBuffer.wrap(bytes, at, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        List<Element> elements = new ArrayList<>();
        try (BsonBinaryReader reader = new BsonBinaryReader(ByteBuffer.wrap(bytes, at, length).slice())) {
            reader.readStartDocument();
            BsonType type;
            while ((type = reader.readBsonType()) != BsonType.END_OF_DOCUMENT) {
                String name = reader.readName();
                int start = at + reader.getBsonInput().getPosition();
                reader.skipValue();
                int end = at + reader.getBsonInput().getPosition();
                if (!(top && name.equals(ID))) {
                    elements.add(new Element(name, type, start, end));
                }
            }
        }
        return elements;
    }

    private static byte[] bytes(RawBsonDocument document) {
        ByteBuffer buffer = document.getByteBuffer().asNIO();
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    /** A BSON document of {@code elements}: its length, the elements, the terminating zero. */
    private static byte[] document(byte[] elements) {
        ByteBuffer document = ByteBuffer.allocate(elements.length + 5).order(ByteOrder.LITTLE_ENDIAN);
        document.putInt(elements.length + 5).put(elements).put((byte) 0);
        return document.array();
    }
}
