package org.certaudit.eventstore.embedded;

import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.backend.KeyValue;
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The data file records how it is encoded; a file of another encoding is refused and left as it was. */
class DataFileFormatTest {

    @TempDir
    Path dataDir;

    @Test
    void reopensANewFileWithItsDocumentsIndexesAndCounters() {
        List<Document> written = new ArrayList<>();
        try (EmbeddedMongoStore store = EmbeddedMongoStore.onFile(dataDir, 0);
             MongoClient client = MongoClients.create(store.connectionString())) {
            MongoCollection<Document> events = events(client);
            events.createIndex(Indexes.ascending("eventId"), new IndexOptions().unique(true));
            events.createIndex(Indexes.ascending("aggregateId", "sequenceNumber"), new IndexOptions().unique(true));
            events.createIndex(Indexes.ascending("idempotencyKey"), new IndexOptions().unique(true));
            for (long position = 1; position <= 50; position++) {
                Document event = new Document("_id", position).append("eventId", "event-" + position)
                        .append("aggregateId", "audit-" + position % 2).append("sequenceNumber", (int) position).append("score", position / 4.0)
                        .append("at", new Date(1_764_658_800_000L + position))
                        .append("decimal", new Decimal128(new BigDecimal("0." + position)))
                        .append("binary", new Binary((byte) 0, new byte[] {(byte) position}))
                        .append("objectId", new ObjectId(String.format("%024x", position)))
                        .append("items", List.of("5.2." + position, position, new Document("nested", true)));
                if (position > 1) {
                    // The first document has none: its key is "missing", which a unique index takes for null.
                    event.append("idempotencyKey", "request-" + position);
                }
                events.insertOne(event);
                written.add(event);
                position(client);
            }
            store.backend().checkpoint();
        }

        try (EmbeddedMongoStore store = EmbeddedMongoStore.onFile(dataDir, 0);
             MongoClient client = MongoClients.create(store.connectionString())) {
            MongoCollection<Document> events = events(client);
            assertThat(events.find().sort(Indexes.ascending("_id")).into(new ArrayList<>())).isEqualTo(written);
            assertThat(events.find(Filters.eq("eventId", "event-17")).first()).isEqualTo(written.get(16));
            assertThat(events.find(Filters.eq("_id", 33L)).first()).isEqualTo(written.get(32));
            assertThatThrownBy(() -> events.insertOne(new Document("_id", 51L).append("eventId", "event-17")))
                    .isInstanceOfSatisfying(MongoWriteException.class, e -> assertThat(e.getCode()).isEqualTo(11000));
            assertThatThrownBy(() -> events.insertOne(new Document("_id", 17L).append("eventId", "event-new")))
                    .isInstanceOfSatisfying(MongoWriteException.class, e -> assertThat(e.getCode()).isEqualTo(11000));
            assertThatThrownBy(() -> events.insertOne(new Document("_id", 52L).append("eventId", "event-52")
                    .append("aggregateId", "audit-1").append("sequenceNumber", 17L).append("idempotencyKey", "request-52")))
                    .as("compound key, 17L against the stored 17").isInstanceOfSatisfying(MongoWriteException.class,
                            e -> assertThat(e.getCode()).isEqualTo(11000));
            assertThatThrownBy(() -> events.insertOne(new Document("_id", 53L).append("eventId", "event-53")
                    .append("aggregateId", "audit-1").append("sequenceNumber", 53).append("idempotencyKey", null)))
                    .as("null against the missing key").isInstanceOfSatisfying(MongoWriteException.class,
                            e -> assertThat(e.getCode()).isEqualTo(11000));
            events.insertOne(new Document("_id", 54L).append("eventId", "event-54").append("aggregateId", "audit-0")
                    .append("sequenceNumber", 54).append("idempotencyKey", "request-54"));
            assertThat(events.find(Filters.eq("idempotencyKey", "request-54")).first()).isNotNull();
            assertThat(position(client)).as("the counter goes on").isEqualTo(51L);
            assertThat(events.countDocuments()).isEqualTo(51);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "documents and keys Java-serialized (session 5's format) | valueEncoding= | documents are not stored as bson-v1",
            "keys Java-serialized | valueEncoding=bson-v1 | index keys are not stored as bson-elements-v1"})
    void refusesAFileOfAnOlderEncodingAndWritesNothingToIt(String what, String marker, String message) throws Exception {
        // What an older version left: its markers, documents and keys in H2's ObjectDataType.
        Path file = dataDir.resolve(EmbeddedMongoStore.FILE_NAME);
        MVStore previous = new MVStore.Builder().fileName(file.toString()).open();
        MVMap<String, String> format = previous.openMap("certaudit-format");
        format.put("keyOrder", "mongodb-value-order-v1");
        String[] extra = marker.split("=", -1);
        if (!extra[1].isEmpty()) {
            format.put(extra[0], extra[1]);
        }
        MVMap<Object, Object> documents = previous.openMap("databases.certaudit.events");
        documents.put(1L, new de.bwaldvogel.mongo.bson.Document("_id", 1L).append("eventId", "event-1"));
        previous.openMap("certaudit.events._index_eventId_1").put(new KeyValue("event-1"), 1L);
        previous.close();
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> EmbeddedMongoStore.onFile(dataDir, 0))
                .isInstanceOf(EmbeddedMongoStore.EmbeddedStoreException.class)
                .hasMessageContaining("written by another version of the embedded store")
                .hasMessageContaining(message)
                .hasMessageContaining("certaudit.embedded.data-dir");

        assertThat(Files.readAllBytes(file)).as("the refused file").isEqualTo(before);
        assertThat(dataDir.resolve(EmbeddedMongoStore.LOG_FILE_NAME)).doesNotExist();
    }

    @Test
    void refusesAStockFileWithoutAnyMarkerAndWritesNothingToIt() throws Exception {
        Path file = dataDir.resolve(EmbeddedMongoStore.FILE_NAME);
        MVStore stock = new MVStore.Builder().fileName(file.toString()).open();
        stock.openMap("databases.certaudit.events").put(1L, new de.bwaldvogel.mongo.bson.Document("_id", 1L));
        stock.close();
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> EmbeddedMongoStore.onFile(dataDir, 0))
                .isInstanceOf(EmbeddedMongoStore.EmbeddedStoreException.class)
                .hasMessageContaining("index key order differs");

        assertThat(Files.readAllBytes(file)).as("the refused file").isEqualTo(before);
    }

    /**
     * With auto-commit H2 commits on its own schedule and writes a commit's chunks on a thread of its own after the
     * commit returns: a checkpoint could discard the write-ahead log before they are in the file. Such a store is
     * refused before anything is written to it or to a log.
     */
    @Test
    void refusesAFileOpenedWithAutoCommitBeforeWritingAnything() {
        Path file = dataDir.resolve(EmbeddedMongoStore.FILE_NAME);
        Path log = dataDir.resolve(EmbeddedMongoStore.LOG_FILE_NAME);
        MVStore autoCommitting = new MVStore.Builder().fileName(file.toString()).open();
        try {
            assertThat(autoCommitting.getAutoCommitDelay()).isPositive();
            assertThatThrownBy(() -> new DurableH2Backend(autoCommitting, log))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("auto-commit disabled");
            assertThat(autoCommitting.getMapNames()).isEmpty();
            assertThat(log).doesNotExist();
        } finally {
            autoCommitting.close();
        }
    }

    private static MongoCollection<Document> events(MongoClient client) {
        return client.getDatabase("certaudit").getCollection("events");
    }

    private static long position(MongoClient client) {
        return client.getDatabase("certaudit").getCollection("events_counter")
                     .findOneAndUpdate(Filters.eq("_id", "position"), Updates.inc("value", 1L),
                             new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER))
                     .getLong("value");
    }

    @Test
    void anIndexKeptInTheFileIsNotBuiltAgainAtOpeningEvenWhenEmpty() throws Exception {
        try (EmbeddedMongoStore store = EmbeddedMongoStore.onFile(dataDir, 0);
             MongoClient client = MongoClients.create(store.connectionString())) {
            MongoCollection<Document> events = events(client);
            events.createIndex(Indexes.ascending("idempotencyKey"), new IndexOptions().unique(true).sparse(true));
            List<Document> batch = new ArrayList<>();
            for (long position = 1; position <= 3_000; position++) {
                batch.add(new Document("_id", position).append("payload", "x".repeat(500) + position));
            }
            events.insertMany(batch);
        }

        try (EmbeddedMongoStore store = EmbeddedMongoStore.onFile(dataDir, 0);
             MongoClient client = MongoClients.create(store.connectionString())) {
            MongoCollection<Document> events = events(client);
            long readAtOpening = pagesRead(store);
            assertThat(events.countDocuments()).isEqualTo(3_000);
            events.find().forEach(document -> { });
            long readByAScan = pagesRead(store) - readAtOpening;

            assertThat(readAtOpening).as("opening read the documents' pages (the empty sparse index was built again)")
                                     .isLessThan(readByAScan);
            events.insertOne(new Document("_id", 3_001L).append("idempotencyKey", "request-1"));
            assertThatThrownBy(() -> events.insertOne(new Document("_id", 3_002L).append("idempotencyKey", "request-1")))
                    .isInstanceOf(MongoWriteException.class).hasMessageContaining("duplicate key");
        }
    }

    @Test
    void anIndexCreatedOnACollectionWithDocumentsIsBuiltFromThem() {
        try (EmbeddedMongoStore store = EmbeddedMongoStore.onFile(dataDir, 0);
             MongoClient client = MongoClients.create(store.connectionString())) {
            MongoCollection<Document> events = events(client);
            events.insertOne(new Document("_id", 1L).append("eventId", "same"));
            events.insertOne(new Document("_id", 2L).append("eventId", "same"));

            assertThatThrownBy(() -> events.createIndex(Indexes.ascending("eventId"), new IndexOptions().unique(true)))
                    .hasMessageContaining("duplicate key");
        }
    }

    private static long pagesRead(EmbeddedMongoStore store) throws Exception {
        java.lang.reflect.Field field = DurableH2Backend.class.getDeclaredField("store");
        field.setAccessible(true);
        return ((org.h2.mvstore.MVStore) field.get(store.backend())).getFileStore().getReadCount();
    }
}
