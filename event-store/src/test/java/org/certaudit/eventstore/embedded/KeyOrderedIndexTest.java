package org.certaudit.eventstore.embedded;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.memory.index.MemoryUniqueIndex;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.exception.CannotIndexParallelArraysError;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The store's index finds the same keys of a document as mongo-java-server's own index does. */
@SuppressWarnings("unchecked")
class KeyOrderedIndexTest {

    @Test
    void findsTheKeysTheStockIndexFindsForEveryKindOfValue() {
        for (String field : List.of("_id", "stream", "a.b", "a")) {
            KeyOrderedIndex ours = index(field);
            MemoryUniqueIndex stock = new MemoryUniqueIndex("stock", List.of(new IndexKey(field, true)), false);
            for (Document document : documents()) {
                Set<KeyValue> expected = stock.getKeyValues(document);

                Set<KeyValue> found = ours.getKeyValues(document);

                assertThat(found).as("%s of %s", field, document).isEqualTo(expected);
                assertThat(classesOf(found)).as("classes of %s of %s", field, document).isEqualTo(classesOf(expected));
            }
        }
    }

    @Test
    void comparesTheKeysOfTwoDocumentsAsTheStockIndexDoes() {
        for (String field : List.of("_id", "a.b", "a")) {
            KeyOrderedIndex ours = index(field);
            Stock stock = new Stock(field);
            List<Document> documents = documents();
            for (Document before : documents) {
                for (Document after : documents) {
                    assertThat(ours.nullAwareEqualsKeys(before, after)).as("%s of %s and %s", field, before, after)
                            .isEqualTo(stock.sameKeys(before, after));
                }
            }
        }
    }

    @Test
    void refusesTheDocumentsTheStockIndexRefuses() {
        MongoCollection<Object> collection = mock(MongoCollection.class);
        when(collection.getFullName()).thenReturn("db.things");
        MongoCollection<Integer> stockCollection = mock(MongoCollection.class);
        when(stockCollection.getFullName()).thenReturn("db.things");
        for (String field : List.of("_id", "stream", "a.b")) {
            KeyOrderedIndex ours = index(field);
            Stock stock = new Stock(field);
            List<Document> documents = documents();
            int position = 0;
            for (Document document : documents) {
                String ourError = error(() -> ours.checkAdd(document, collection));
                String stockError = error(() -> stock.checkAdd(document, stockCollection));

                assertThat(ourError).as("%s of %s", field, document).isEqualTo(stockError);
                if (ourError == null) {
                    ours.add(document, ++position, collection);
                    stock.add(document, position, stockCollection);
                }
            }
            assertThat(ours.getCount()).as(field).isEqualTo(stock.getCount()).isPositive();
        }
    }

    @Test
    void findsTheKeysOfACompoundIndexAsTheStockIndexDoes() {
        List<IndexKey> keys = List.of(new IndexKey("a", true), new IndexKey("b", false));
        KeyOrderedIndex ours = new KeyOrderedIndex(map(), "compound", keys, false, false);
        MemoryUniqueIndex stock = new MemoryUniqueIndex("stock", keys, false);
        for (Document document : documents()) {
            if (document.get("a") instanceof List<?> && document.get("b") instanceof List<?>) {
                continue;
            }
            assertThat(ours.getKeyValues(document)).as("%s", document).isEqualTo(stock.getKeyValues(document));
        }
        Document parallel = new Document("a", List.of(1, 2)).append("b", List.of(3, 4));
        assertThatThrownBy(() -> ours.getKeyValues(parallel)).isInstanceOf(CannotIndexParallelArraysError.class);
    }

    @Test
    void keepsItsFieldNamesOnceAndUnchangeable() {
        KeyOrderedIndex index = new KeyOrderedIndex(map(), "compound",
                List.of(new IndexKey("a", true), new IndexKey("b", true)), false, false);

        assertThat(index.keys()).containsExactly("a", "b").isSameAs(index.keys());
        assertThat(index.keySet()).containsExactly("a", "b").isSameAs(index.keySet());
        assertThatThrownBy(() -> index.keys().add("c")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> index.keySet().add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    /** mongo-java-server's own unique index in memory, its protected comparison opened for the test. */
    private static final class Stock extends MemoryUniqueIndex {

        Stock(String field) {
            super("stock", List.of(new IndexKey(field, true)), true);
        }

        boolean sameKeys(Document before, Document after) {
            return nullAwareEqualsKeys(before, after);
        }
    }

    /** The message of what the check threw (the same for both indexes: it names the collection and key), or null. */
    private static String error(Runnable check) {
        try {
            check.run();
            return null;
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage().replace("stock", "INDEX")
                    .replaceAll("index: [^ ]+ dup key", "index: INDEX dup key");
        }
    }

    private static KeyOrderedIndex index(String field) {
        return new KeyOrderedIndex(map(), field, List.of(new IndexKey(field, true)), true, false);
    }

    private static org.h2.mvstore.MVMap<KeyValue, Object> map() {
        return MVStore.open(null).openMap("index", KeyOrderedIndex.mapBuilder());
    }

    private static List<List<String>> classesOf(Set<KeyValue> keys) {
        List<List<String>> classes = new ArrayList<>();
        for (KeyValue key : keys) {
            List<String> of = new ArrayList<>();
            key.forEach(value -> of.add(value == null ? "null" : value.getClass().getName()));
            classes.add(of);
        }
        return classes;
    }

    /** Documents holding under "_id", "stream", "a" and "a.b" every kind of value the wire carries, or none. */
    private static List<Document> documents() {
        List<Object> values = Arrays.asList("0455-2021-SE/0000000000000000007", "", "陈", 42L, 7, 2.5, 1L << 60,
                (1L << 53) + 1, Integer.MIN_VALUE, -0.0, Double.NaN, true, null, Instant.ofEpochMilli(1_600_000_000_000L),
                new ObjectId(), UUID.fromString("7d444840-9dc0-11d1-b245-5ffdce74fad2"),
                new Document("x", 1).append("y", "z"), new Document("b", 3L), new Document("b", List.of(1, 2)),
                List.of(), List.of(1, 2L, 3.0), List.of("p", "q"), List.of(new Document("b", 1), new Document("b", 2)),
                List.of(List.of(1), 2));
        List<Document> documents = new ArrayList<>();
        documents.add(new Document());
        documents.add(new Document("other", 1));
        for (Object value : values) {
            for (String field : List.of("_id", "stream", "a")) {
                documents.add(new Document(field, value).append("other", "x"));
            }
            documents.add(new Document("a", value).append("b", value));
        }
        return documents;
    }
}
