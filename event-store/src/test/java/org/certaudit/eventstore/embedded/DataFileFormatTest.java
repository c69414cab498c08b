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
import org.bson.Document;
import org.bson.types.Binary;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
            for (long position = 1; position <= 50; position++) {
                Document event = new Document("_id", position).append("eventId", "event-" + position)
                        .append("sequenceNumber", (int) position).append("score", position / 4.0)
                        .append("at", new Date(1_764_658_800_000L + position))
                        .append("decimal", new Decimal128(new BigDecimal("0." + position)))
                        .append("binary", new Binary((byte) 0, new byte[] {(byte) position}))
                        .append("objectId", new ObjectId(String.format("%024x", position)))
                        .append("items", List.of("5.2." + position, position, new Document("nested", true)));
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
            assertThat(position(client)).as("the counter goes on").isEqualTo(51L);
            assertThat(events.countDocuments()).isEqualTo(50);
        }
    }

    @Test
    void refusesAFileWhoseDocumentsAreJavaSerializedAndWritesNothingToIt() throws Exception {
        // What the previous version left: its key-order marker, documents in H2's ObjectDataType.
        Path file = dataDir.resolve(EmbeddedMongoStore.FILE_NAME);
        MVStore previous = new MVStore.Builder().fileName(file.toString()).open();
        previous.<String, String>openMap("certaudit-format").put("keyOrder", "mongodb-value-order-v1");
        MVMap<Object, Object> documents = previous.openMap("databases.certaudit.events");
        documents.put(1L, new de.bwaldvogel.mongo.bson.Document("_id", 1L).append("eventId", "event-1"));
        previous.close();
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> EmbeddedMongoStore.onFile(dataDir, 0))
                .isInstanceOf(EmbeddedMongoStore.EmbeddedStoreException.class)
                .hasMessageContaining("written by another version of the embedded store")
                .hasMessageContaining("documents are not stored as bson-v1")
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

    private static MongoCollection<Document> events(MongoClient client) {
        return client.getDatabase("certaudit").getCollection("events");
    }

    private static long position(MongoClient client) {
        return client.getDatabase("certaudit").getCollection("events_counter")
                     .findOneAndUpdate(Filters.eq("_id", "position"), Updates.inc("value", 1L),
                             new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER))
                     .getLong("value");
    }
}
