package org.certaudit.eventstore.embedded;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandSucceededEvent;
import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Replies of the embedded store's cursors end at the size bound, as MongoDB's do, and nothing is lost or reordered. */
class ReplyBoundTest {

    private static final int LARGE = 300_000;

    private static EmbeddedMongoStore server;
    private static MongoClient client;
    /** The characters of the {@code text} fields of each reply's documents, one list per find or getMore reply. */
    private static final List<List<Integer>> replies = new CopyOnWriteArrayList<>();

    private MongoCollection<Document> documents;

    @BeforeAll
    static void start() {
        server = EmbeddedMongoStore.inMemory(0);
        client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString(server.connectionString()))
                .addCommandListener(new CommandListener() {
                    @Override
                    public void commandSucceeded(CommandSucceededEvent event) {
                        BsonDocument cursor = event.getResponse().getDocument("cursor", null);
                        if (cursor == null) {
                            return;
                        }
                        String batch = cursor.containsKey("firstBatch") ? "firstBatch" : "nextBatch";
                        List<Integer> sizes = new ArrayList<>();
                        for (BsonValue each : cursor.getArray(batch)) {
                            BsonDocument document = each.asDocument();
                            sizes.add(document.containsKey("text") ? document.getString("text").getValue().length() : 0);
                        }
                        replies.add(sizes);
                    }
                }).build());
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @BeforeEach
    void emptyCollection() {
        documents = client.getDatabase("certaudit").getCollection("replies");
        documents.drop();
    }

    @Test
    void smallDocumentsAskedForInOneBatchComeInOneReply() {
        insert(200, 1_000);
        replies.clear();

        List<Document> read = documents.find().sort(Sorts.ascending("_id")).batchSize(200).into(new ArrayList<>());

        assertThat(read).extracting(document -> document.getInteger("_id")).containsExactlyElementsOf(range(200));
        assertThat(replies).hasSize(1);
        assertThat(replies.get(0)).hasSize(200);
    }

    @Test
    void aBatchOfLargeDocumentsComesInRepliesWithinTheBoundEveryDocumentOnceInOrder() {
        insert(3, 1_000);
        insert(3, 12, LARGE);
        insert(15, 3, 1_000);
        replies.clear();

        List<Document> read = documents.find().sort(Sorts.ascending("_id")).batchSize(1_000).into(new ArrayList<>());

        assertThat(read).extracting(document -> document.getInteger("_id")).containsExactlyElementsOf(range(18));
        assertThat(replies.stream().mapToInt(List::size).sum()).isEqualTo(18);
        assertThat(replies).as("three large documents fit into a reply of 1 Mi characters, the fourth does not")
                           .extracting(List::size).containsExactly(6, 3, 3, 6);
        for (List<Integer> reply : replies) {
            assertThat(reply.stream().mapToLong(Integer::longValue).sum()).isLessThanOrEqualTo(ReplyBound.REPLY_CHARS);
        }
        assertThat(replies.get(0)).containsExactly(1_000, 1_000, 1_000, LARGE, LARGE, LARGE);
    }

    @Test
    void aDocumentLargerThanTheBoundIsAReplyOfItsOwn() {
        insert(1, 1_000);
        insert(1, 1, (int) ReplyBound.REPLY_CHARS + 10);
        insert(2, 1, 1_000);
        replies.clear();

        List<Document> read = documents.find().sort(Sorts.ascending("_id")).batchSize(10).into(new ArrayList<>());

        assertThat(read).extracting(document -> document.getInteger("_id")).containsExactly(0, 1, 2);
        assertThat(replies).extracting(List::size).containsExactly(1, 1, 1);
    }

    @Test
    void theClientsBatchSizeStillBoundsAReplyOfSmallDocuments() {
        insert(10, 1_000);
        replies.clear();

        List<Document> read = documents.find().sort(Sorts.ascending("_id")).batchSize(4).into(new ArrayList<>());

        assertThat(read).hasSize(10);
        assertThat(replies).extracting(List::size).containsExactly(4, 4, 2);
    }

    @Test
    void withoutABatchSizeEveryDocumentIsInTheFirstReplyAsBefore() {
        insert(6, LARGE);
        replies.clear();

        assertThat(documents.find().into(new ArrayList<>())).hasSize(6);
        assertThat(replies).extracting(List::size).containsExactly(6);
    }

    @Test
    void anUpdateOfManyLargeDocumentsChangesEveryOne() {
        insert(8, LARGE);

        assertThat(documents.updateMany(Filters.exists("text"), Updates.set("seen", true)).getModifiedCount())
                .isEqualTo(8);
        assertThat(documents.countDocuments(Filters.eq("seen", true))).isEqualTo(8);
    }

    @Test
    void aCursorClosedAfterItsFirstReplyLeavesTheRestUnsent() {
        insert(8, LARGE);
        replies.clear();

        try (MongoCursor<Document> cursor = documents.find().sort(Sorts.ascending("_id")).batchSize(100).iterator()) {
            assertThat(cursor.next().getInteger("_id")).isZero();
        }

        assertThat(replies).extracting(List::size).containsExactly(3);
        assertThat(documents.find().sort(Sorts.ascending("_id")).batchSize(100).into(new ArrayList<>())).hasSize(8);
    }

    @Test
    void theSizeCountsStringsAtAnyDepthAndSixteenForEveryOtherValue() {
        de.bwaldvogel.mongo.bson.Document nested = new de.bwaldvogel.mongo.bson.Document("b", "xyz");
        de.bwaldvogel.mongo.bson.Document document = new de.bwaldvogel.mongo.bson.Document("_id", 7L)
                .append("a", List.of("12345", nested, 3));

        // "_id" 3 + 16; "a" 1 + ("12345" 5 + "b" 1 + "xyz" 3 + 16)
        assertThat(ReplyBound.chars(document)).isEqualTo(45);
    }

    private void insert(int count, int chars) {
        insert(0, count, chars);
    }

    private void insert(int from, int count, int chars) {
        for (int id = from; id < from + count; id++) {
            documents.insertOne(new Document("_id", id).append("text", "x".repeat(chars)));
        }
    }

    private static List<Integer> range(int count) {
        List<Integer> ids = new ArrayList<>();
        for (int id = 0; id < count; id++) {
            ids.add(id);
        }
        return ids;
    }
}
