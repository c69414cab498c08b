package org.certaudit.eventstore.embedded;

import de.bwaldvogel.mongo.backend.Cursor;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.bson.Document;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The size bound of one reply of a cursor on the embedded store, as MongoDB bounds its own replies.
 * <p>
 * MongoDB sends a {@code find} or {@code getMore} reply of at most {@code batchSize} documents and at most 16 MiB
 * (the maximum BSON document size), however large the batch size asked; a client may therefore ask for a batch of
 * hundreds of documents and rely on the server to keep each reply small. mongo-java-server bounds a reply by the
 * batch size alone, so a batch of a hundred events of 1 MiB each would arrive as one reply of 100 MiB. Here a reply
 * ends before the document that would take it over {@link #REPLY_CHARS}, measured by {@link #chars(Document)}; a
 * document larger than that alone is a reply of its own. Only cursors a client asked batches of
 * ({@code batchSize} above 0) are bounded: a client that set none gets every document in the first reply, as
 * before, and the store's own reads (updates, deletes, counts) ask for none.
 */
final class ReplyBound {

    /**
     * The most characters ({@link #chars(Document)}) one reply holds, unless one document alone is larger: 1 Mi,
     * half of a tracking batch's default bound, so that a tracking read that stops at its bound has decoded at most
     * one reply it did not need.
     */
    static final long REPLY_CHARS = 1L << 20;

    /** The characters counted for a value that is not a string: about its BSON size, with its field name. */
    private static final int OTHER_VALUE_CHARS = 16;

    private ReplyBound() {
    }

    /**
     * How many of {@code documents}, from the first, one reply holds: at least one (if there is one), at most
     * {@code batchSize}, and no more than fit into {@code limit} characters.
     *
     * @param batchSize the client's batch size, at least 1
     * @param limit     the reply's bound in characters ({@link #chars(Document)})
     */
    static int replyLength(List<Document> documents, int batchSize, long limit) {
        int most = Math.min(documents.size(), batchSize);
        long total = 0;
        for (int index = 0; index < most; index++) {
            total += chars(documents.get(index));
            if (index > 0 && total > limit) {
                return index;
            }
        }
        return most;
    }

    /**
     * A document's size as the bound counts it: the characters of its field names and string values, nested
     * documents and lists included, plus {@value #OTHER_VALUE_CHARS} for every other value. An event's size is
     * its payload's and metadata's strings, as the tracking read's own bound counts it.
     */
    static long chars(Document document) {
        long chars = 0;
        for (Map.Entry<String, Object> field : document.entrySet()) {
            chars += field.getKey().length() + valueChars(field.getValue());
        }
        return chars;
    }

    private static long valueChars(Object value) {
        if (value instanceof String text) {
            return text.length();
        }
        if (value instanceof Document nested) {
            return chars(nested);
        }
        if (value instanceof Collection<?> values) {
            long chars = 0;
            for (Object each : values) {
                chars += valueChars(each);
            }
            return chars;
        }
        return OTHER_VALUE_CHARS;
    }

    /** The documents a cursor holds after its first reply, handed out in replies within the bound. */
    static final class BoundedCursor implements Cursor {

        private final long id;
        private final long limit;
        private List<Document> remaining;

        BoundedCursor(CursorRegistry registry, List<Document> remaining, long limit) {
            this.id = registry.generateCursorId();
            this.remaining = List.copyOf(remaining);
            this.limit = limit;
        }

        @Override
        public long getId() {
            return id;
        }

        @Override
        public synchronized boolean isEmpty() {
            return remaining.isEmpty();
        }

        /** @param numberToReturn the {@code getMore}'s batch size; 0 or less (none asked): as many as the bound holds */
        @Override
        public synchronized List<Document> takeDocuments(int numberToReturn) {
            int length = replyLength(remaining, numberToReturn > 0 ? numberToReturn : Integer.MAX_VALUE, limit);
            List<Document> reply = remaining.subList(0, length);
            remaining = remaining.subList(length, remaining.size());
            return reply;
        }

        @Override
        public String toString() {
            return "BoundedCursor(id: " + id + ", remaining: " + remaining.size() + ")";
        }
    }
}
