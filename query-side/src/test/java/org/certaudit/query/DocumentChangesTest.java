package org.certaudit.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.codecs.DocumentCodec;
import org.bson.json.JsonMode;
import org.bson.json.JsonWriterSettings;
import org.certaudit.eventstore.embedded.EmbeddedMongoStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A read model's next state written as the changes to its stored BSON: the update must leave exactly what the
 * replacement leaves, fields and number types in order, on the embedded store and on mongo-java-server's own backend.
 */
class DocumentChangesTest {

    private static final DocumentCodec CODEC = new DocumentCodec(MongoClientSettings.getDefaultCodecRegistry());

    private static RawBsonDocument bson(Document document) {
        return new RawBsonDocument(document, CODEC);
    }

    /** A scorecard-like document: stamps, a list of items, a nested part. */
    private static Document scorecard(String secondPercent, long sequence) {
        return new Document("_id", "0455-2021-SE.1").append("schemeId", "CTS ISC-JSGF-06")
                .append("items", new ArrayList<>(List.of(
                        new Document("clause", "5.1.1.1").append("percent", "80").append("note", null),
                        new Document("clause", "5.1.1.2").append("percent", secondPercent).append("note", "现场查看"))))
                .append("part", new Document("name", "服务基础").append("tags", List.of("a", "b")))
                .append("version", sequence).append("position", sequence + 100).append("lastSequence", sequence);
    }

    @Nested
    class TheUpdate {

        @Test
        void setsOnlyTheChangedItemFieldAndTheStamps() {
            RawBsonDocument update = DocumentChanges.update(bson(scorecard("90", 3)), bson(scorecard("95", 4)));

            assertThat(update).isEqualTo(BsonDocument.parse("{$set: {'items.1.percent': '95', version: {$numberLong: '4'},"
                    + " position: {$numberLong: '104'}, lastSequence: {$numberLong: '4'}}}"));
        }

        @Test
        void isNoneForAnEqualDocument() {
            assertThat(DocumentChanges.update(bson(scorecard("90", 3)), bson(scorecard("90", 3))))
                    .isSameAs(DocumentChanges.NONE);
        }

        @Test
        void leavesTheIdWhereverTheNextStateHasIt() {
            Document next = scorecard("95", 4);
            next.remove("_id");
            next.put("_id", "0455-2021-SE.1");

            assertThat(DocumentChanges.update(bson(scorecard("90", 3)), bson(next)).getDocument("$set").keySet())
                    .containsExactly("items.1.percent", "version", "position", "lastSequence");
        }

        @Test
        void setsANewFieldAfterTheStoredOnes() {
            Document next = scorecard("90", 4).append("recommendation", new Document("grade", "TEN_STAR"));

            assertThat(DocumentChanges.update(bson(scorecard("90", 3)), bson(next)).getDocument("$set"))
                    .containsKey("recommendation");
        }

        @Test
        void pushesWhatAListGainedAtItsEnd() {
            Document next = scorecard("90", 4);
            next.get("part", Document.class).put("tags", List.of("a", "b", "c", "d"));

            RawBsonDocument update = DocumentChanges.update(bson(scorecard("90", 3)), bson(next));

            assertThat(update.getDocument("$push")).isEqualTo(BsonDocument.parse("{'part.tags': {$each: ['c', 'd']}}"));
            assertThat(update.getDocument("$set").keySet()).containsExactly("version", "position", "lastSequence");
        }

        @Test
        void setsAListWholeThatShrankOrChangedBeforeItsNewEnd() {
            Document shorter = scorecard("90", 4);
            shorter.get("part", Document.class).put("tags", List.of("a"));
            Document changedAndLonger = scorecard("90", 4);
            changedAndLonger.get("part", Document.class).put("tags", List.of("x", "b", "c"));

            for (Document next : List.of(shorter, changedAndLonger)) {
                RawBsonDocument update = DocumentChanges.update(bson(scorecard("90", 3)), bson(next));
                assertThat(update.getDocument("$set").keySet()).contains("part.tags").doesNotContain("part");
                assertThat(update.containsKey("$push")).isFalse();
            }
        }

        @Test
        void setsANestedDocumentWhoseFieldsMovedWhole() {
            Document next = scorecard("90", 4);
            next.put("part", new Document("tags", List.of("a", "b")).append("name", "服务基础"));

            assertThat(DocumentChanges.update(bson(scorecard("90", 3)), bson(next)).getDocument("$set").keySet())
                    .contains("part");
        }

        @Test
        void isAReplacementWhenATopLevelFieldIsGoneOrMoved() {
            Document without = scorecard("90", 4);
            without.remove("part");
            Document moved = new Document("_id", "0455-2021-SE.1").append("items", scorecard("90", 4).get("items"))
                    .append("schemeId", "CTS ISC-JSGF-06").append("part", scorecard("90", 4).get("part"))
                    .append("version", 4L).append("position", 104L).append("lastSequence", 4L);

            assertThat(DocumentChanges.update(bson(scorecard("90", 3)), bson(without))).isNull();
            assertThat(DocumentChanges.update(bson(scorecard("90", 3)), bson(moved))).isNull();
        }

        @Test
        void isAReplacementWhenANumberChangesItsType() {
            Document next = scorecard("90", 4);
            next.put("version", 4);

            assertThat(DocumentChanges.update(bson(scorecard("90", 3)), bson(next))).isNull();
        }

        @Test
        void neverNamesAFieldWhoseNameIsNoPath() {
            Document stored = scorecard("90", 3).append("byClause", new Document("5.1.1.1", "80"));
            Document next = scorecard("90", 4).append("byClause", new Document("5.1.1.1", "85"));

            assertThat(DocumentChanges.update(bson(stored), bson(next)).getDocument("$set").keySet())
                    .contains("byClause").noneMatch(path -> path.startsWith("byClause."));
        }

        @Test
        void isAReplacementWhenMostOfTheDocumentChanged() {
            Document next = scorecard("90", 4);
            next.put("items", List.of(new Document("clause", "5.1.1.1").append("percent", "10").append("note", "x".repeat(400)),
                    new Document("clause", "5.1.1.2").append("percent", "20").append("note", "y".repeat(400))));

            assertThat(DocumentChanges.update(bson(scorecard("90", 3)), bson(next))).isNull();
        }
    }

    /** Each next state, written as its update (or replaced), against the same state replaced, on both backends. */
    @Nested
    class OnTheStores {

        private MongoServer stock;
        private EmbeddedMongoStore embedded;
        private MongoClient stockClient;
        private MongoClient embeddedClient;

        @BeforeEach
        void start() {
            stock = new MongoServer(new MemoryBackend());
            InetSocketAddress address = stock.bind();
            stockClient = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
            embedded = EmbeddedMongoStore.inMemory(0);
            embeddedClient = MongoClients.create(embedded.connectionString());
        }

        @AfterEach
        void stop() {
            stockClient.close();
            embeddedClient.close();
            embedded.close();
            stock.shutdownNow();
        }

        @Test
        void leaveExactlyWhatTheReplacementLeaves() {
            List<Document> states = new ArrayList<>();
            states.add(scorecard("90", 1));
            states.add(scorecard("95", 2));
            states.add(scorecard("95", 3).append("recommendation", new Document("grade", "TEN_STAR").append("total", "145.75")));
            Document grown = scorecard("95", 4).append("recommendation", new Document("grade", "NINE_STAR").append("total", "139"));
            grown.get("part", Document.class).put("tags", List.of("a", "b", "c"));
            states.add(grown);
            Document nulled = scorecard("95", 5).append("recommendation", null);
            nulled.getList("items", Document.class).get(0).put("note", "补充");
            states.add(nulled);
            Document scoredMore = scorecard("95", 5);
            scoredMore.getList("items", Document.class).add(new Document("clause", "5.1.1.3").append("percent", "75"));
            scoredMore.get("part", Document.class).put("tags", List.of("a", "b", "c", "d"));
            states.add(scoredMore);
            states.add(scorecard("95", 5));
            Document retyped = scorecard("95", 6);
            retyped.put("version", 6);
            states.add(retyped);
            Document moved = new Document("_id", "0455-2021-SE.1").append("part", new Document("name", "x"))
                    .append("lastSequence", 7L);
            states.add(moved);
            states.add(scorecard("70", 8));

            for (MongoClient client : List.of(stockClient, embeddedClient)) {
                MongoCollection<Document> changed = client.getDatabase("changes").getCollection("changed");
                MongoCollection<Document> replaced = client.getDatabase("changes").getCollection("replaced");
                changed.insertOne(states.get(0));
                replaced.insertOne(states.get(0));
                RawBsonDocument before = changed.withDocumentClass(RawBsonDocument.class).find().first();
                int updates = 0;
                for (Document state : states.subList(1, states.size())) {
                    RawBsonDocument next = bson(state);
                    RawBsonDocument update = DocumentChanges.update(before, next);
                    if (update == null) {
                        changed.withDocumentClass(BsonDocument.class).replaceOne(Filters.eq("_id", state.get("_id")), next);
                    } else if (update != DocumentChanges.NONE) {
                        assertThat(changed.withDocumentClass(BsonDocument.class).updateOne(
                                Filters.eq("_id", state.get("_id")), update).getMatchedCount()).isEqualTo(1);
                        updates++;
                    }
                    replaced.replaceOne(Filters.eq("_id", state.get("_id")), state);

                    assertThat(json(changed.find().first())).as("after %s", update).isEqualTo(json(replaced.find().first()));
                    before = changed.withDocumentClass(RawBsonDocument.class).find().first();
                }
                assertThat(updates).as("states written as changes").isGreaterThanOrEqualTo(4);
            }
        }

        private static String json(Document document) {
            return document.toJson(JsonWriterSettings.builder().outputMode(JsonMode.EXTENDED).build(), CODEC);
        }
    }
}
