package org.certaudit.eventstore.embedded;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import de.bwaldvogel.mongo.MongoServer;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An update puts a new document instance into the map and leaves the one a taken page holds as it was. */
class CopyOnUpdateH2CollectionTest {

    private MVStore store;
    private MongoServer server;
    private MongoClient client;
    private MongoCollection<Document> counters;
    private MVMap<Object, de.bwaldvogel.mongo.bson.Document> data;

    private DurableH2Backend backend;

    @BeforeEach
    void start() {
        store = MVStore.open(null);
        backend = new DurableH2Backend(store, null);
        server = new MongoServer(backend);
        InetSocketAddress address = server.bind();
        client = MongoClients.create("mongodb://" + address.getHostString() + ":" + address.getPort());
        counters = client.getDatabase("certaudit").getCollection("counters");
        counters.insertOne(new Document("_id", "n").append("value", 1L));
        counters.insertOne(new Document("_id", "m").append("value", 1L));
        data = store.openMap("databases.certaudit.counters");
    }

    @AfterEach
    void stop() {
        client.close();
        server.shutdownNow();
    }

    @Test
    void findAndModifyLeavesTheStoredInstanceUnchanged() {
        de.bwaldvogel.mongo.bson.Document taken = data.get("n");

        counters.findOneAndUpdate(Filters.eq("_id", "n"), Updates.inc("value", 1L));

        assertThat(taken.get("value")).isEqualTo(1L);
        assertThat(data.get("n")).isNotSameAs(taken);
        assertThat(data.get("n").get("value")).isEqualTo(2L);
    }

    @Test
    void updateManyLeavesEveryStoredInstanceUnchanged() {
        de.bwaldvogel.mongo.bson.Document takenN = data.get("n");
        de.bwaldvogel.mongo.bson.Document takenM = data.get("m");

        assertThat(counters.updateMany(Filters.exists("value"), Updates.inc("value", 5L)).getModifiedCount()).isEqualTo(2);

        assertThat(takenN.get("value")).isEqualTo(1L);
        assertThat(takenM.get("value")).isEqualTo(1L);
        assertThat(data.get("n").get("value")).isEqualTo(6L);
        assertThat(data.get("m").get("value")).isEqualTo(6L);
        assertThat(counters.find(Filters.eq("_id", "m")).first().getLong("value")).isEqualTo(6L);
    }

    /**
     * The copy an update works on is shallow, which is right only while no update operator changes a nested
     * document or list of the instance it found: every operator here changes one, and the taken instance
     * must still equal a deep copy made before.
     */
    @Test
    void noUpdateOperatorChangesWhatAStoredInstanceNests() {
        MongoCollection<Document> cards = client.getDatabase("certaudit").getCollection("cards");
        cards.insertOne(new Document("_id", "c").append("part", new Document("count", 1L).append("name", "A")
                        .append("tags", new ArrayList<>(List.of("x", "y"))))
                .append("items", new ArrayList<>(List.of(new Document("clause", "1").append("score", 10L),
                        new Document("clause", "2").append("score", 20L))))
                .append("log", new ArrayList<>(List.of(1L, 2L, 3L))));
        MVMap<Object, de.bwaldvogel.mongo.bson.Document> stored = store.openMap("databases.certaudit.cards");
        List<org.bson.conversions.Bson> updates = List.of(
                Updates.set("part.name", "B"), Updates.unset("part.name"), Updates.inc("part.count", 1L),
                Updates.mul("part.count", 3L), Updates.max("part.count", 100L), Updates.min("part.count", 0L),
                Updates.push("part.tags", "z"), Updates.addToSet("part.tags", "w"), Updates.pull("part.tags", "x"),
                Updates.popFirst("log"), Updates.popLast("log"), Updates.pullAll("log", List.of(2L)),
                Updates.push("items", new Document("clause", "3").append("score", 30L)),
                Updates.set("items.0.score", 11L), Updates.inc("items.1.score", 1L),
                Updates.combine(Updates.set("items.0.score", 12L), Updates.set("items.1.clause", "2a"),
                        Updates.set("part.tags.1", "q")),
                Updates.set("items.1", new Document("clause", "2b")), Updates.rename("part", "section"),
                Updates.rename("section", "part"), Updates.currentDate("part.at"), Updates.unset("items.0.clause"),
                Updates.set("part", new Document("count", 0L)), Updates.set("log", List.of(9L)));
        for (org.bson.conversions.Bson update : updates) {
            de.bwaldvogel.mongo.bson.Document taken = stored.get("c");
            de.bwaldvogel.mongo.bson.Document before = taken.cloneDeeply();

            cards.updateOne(Filters.eq("_id", "c"), update);

            assertThat(stored.get("c")).as("after %s", update).isNotEqualTo(before);
            assertThat(taken).as("the instance taken before %s", update).isEqualTo(before);
        }
        de.bwaldvogel.mongo.bson.Document taken = stored.get("c");
        de.bwaldvogel.mongo.bson.Document before = taken.cloneDeeply();
        cards.updateOne(Filters.eq("items.clause", "3"), Updates.set("items.$.score", 31L));
        cards.updateOne(Filters.eq("_id", "c"), Updates.set("items.$[i].score", 0L),
                new com.mongodb.client.model.UpdateOptions().arrayFilters(List.of(Filters.gte("i.score", 20L))));
        cards.findOneAndUpdate(Filters.eq("_id", "c"), Updates.push("items", new Document("clause", "4")));
        cards.replaceOne(Filters.eq("_id", "c"), new Document("replaced", true));
        assertThat(taken).isEqualTo(before);
        assertThat(cards.find().first()).isEqualTo(new Document("_id", "c").append("replaced", true));
    }

    /**
     * A {@code $set} and {@code $push} by {@code _id} (what the read models send) takes a path of its own; every
     * update here, of that shape or near it, must leave the document and answer exactly as mongo-java-server's
     * own H2 backend does.
     */
    @Test
    void setAndPushByIdDoWhatTheStockUpdateDoes() {
        againstTheStockBackend("history", (ours, stock) -> {
            for (MongoCollection<Document> items : List.of(ours, stock)) {
                items.insertOne(new Document("_id", "A.1/5.1.1.1").append("clause", "5.1.1.1")
                        .append("changes", new ArrayList<>(List.of(new Document("kind", "SCORED").append("percent", "80"))))
                        .append("note", null).append("count", 1L));
                items.createIndex(new Document("clause", 1), new com.mongodb.client.model.IndexOptions().unique(true).sparse(true));
                items.insertOne(new Document("_id", "A.1/5.1.1.2").append("clause", "5.1.1.2"));
            }
            com.mongodb.client.model.UpdateOptions upsert = new com.mongodb.client.model.UpdateOptions().upsert(true);
            List<org.bson.conversions.Bson> updates = List.of(
                    Updates.push("changes", new Document("kind", "REVISED").append("percent", "90")),
                    Updates.combine(Updates.set("position", 7L), Updates.set("lastSequence", 3L),
                            Updates.push("changes", new Document("kind", "REVISED").append("percent", "95"))),
                    Updates.pushEach("changes", List.of(new Document("kind", "A"), new Document("kind", "B"))),
                    Updates.pushEach("changes", List.of()),
                    Updates.set("count", 1L), Updates.set("count", 1), Updates.set("note", null), Updates.set("added", "x"),
                    Updates.push("fresh", "first"), Updates.push("note", "onto null"), Updates.push("clause", "onto a string"),
                    Updates.set("clause", "5.1.1.2"), Updates.set("clause", "5.1.1.9"),
                    Updates.combine(Updates.set("changes", "x"), Updates.push("changes", "y")),
                    Updates.set("nested", new Document("a", 1).append("list", List.of(new Document("b", 2)))),
                    Updates.set("nested", new Document("a", 1L).append("list", List.of(new Document("b", 2.0)))),
                    Updates.set("nested", new Document("list", List.of(new Document("b", 2))).append("a", 1)),
                    Updates.set("changes", List.of(new Document("kind", "SET"))),
                    
                    Updates.set("bad", new Document("$ref", "x")), Updates.set("dotted", new Document("a.b", 1)),
                    Updates.push("changes", null), Updates.set("_id", "other"),
                    Updates.pushEach("changes", List.of("z"), new com.mongodb.client.model.PushOptions().slice(-2)));
            for (org.bson.conversions.Bson update : updates) {
                for (String id : List.of("A.1/5.1.1.1", "A.1/absent")) {
                    Object oursAnswered = answer(() -> ours.updateOne(Filters.eq("_id", id), update, upsert));
                    Object stockAnswered = answer(() -> stock.updateOne(Filters.eq("_id", id), update, upsert));
                    assertThat(oursAnswered).as("%s of %s", update, id).isEqualTo(stockAnswered);
                    assertThat(ours.find(Filters.eq("_id", id)).first()).as("%s of %s", update, id)
                            .isEqualTo(stock.find(Filters.eq("_id", id)).first());
                }
            }
            assertThat(ours.find().into(new ArrayList<>())).isEqualTo(stock.find().into(new ArrayList<>()));
        });
        CopyOnUpdateH2Collection history = (CopyOnUpdateH2Collection) backend.resolveDatabase("certaudit")
                .resolveCollection("history", true);
        assertThat(history.updatesById()).as("updates that took the path").isGreaterThanOrEqualTo(10);
    }

    /**
     * A {@code $set} of dotted paths by {@code _id} (a read model's changed parts: {@code items.17.percent}) takes the
     * path of its own where the path leads through existing documents and list elements; every update here, of that
     * shape or near it, must leave the document, its fields in order, and answer exactly as the stock backend does.
     */
    @Test
    void setOfDottedPathsByIdDoesWhatTheStockUpdateDoes() {
        againstTheStockBackend("cards", (ours, stock) -> {
            for (MongoCollection<Document> cards : List.of(ours, stock)) {
                cards.insertOne(new Document("_id", "A.1").append("version", 1L)
                        .append("items", List.of(new Document("clause", "5.1.1.1").append("percent", "80").append("note", null),
                                new Document("clause", "5.1.1.2").append("percent", "90").append("count", 1)))
                        .append("part", new Document("name", "A").append("count", 1).append("tags", List.of("x", "y")))
                        .append("title", "scorecard").append("changes", List.of("first")));
            }
            List<org.bson.conversions.Bson> updates = List.of(
                    Updates.set("items.1.percent", "95"),
                    Updates.combine(Updates.set("items.0.percent", "70"), Updates.set("items.1.note", "added"),
                            Updates.set("version", 2L)),
                    Updates.set("items.0", new Document("clause", "5.1.1.1").append("percent", "60")),
                    Updates.set("items.1.percent", "95"), Updates.set("items.1.count", 1L), Updates.set("items.1.count", 1.0),
                    Updates.set("part.count", 2), Updates.set("part.fresh", null), Updates.set("part.name", null),
                    Updates.set("part.tags.0", "z"), Updates.set("part.tags.1", List.of("nested")),
                    Updates.combine(Updates.set("part.name", "B"), Updates.push("changes", "second")),
                    Updates.combine(Updates.set("items.1.note", "again"), Updates.set("items.1.percent", "85"),
                            Updates.set("part.tags.0", "w")),
                    Updates.set("items.2", new Document("clause", "5.1.1.3")), Updates.set("items.9.percent", "1"),
                    Updates.set("items.01.percent", "2"), Updates.set("items.x", "3"), Updates.set("title.a", "4"),
                    Updates.set("missing.a", "5"), Updates.set("part.missing.a", "6"), Updates.set("_id.a", "7"),
                    Updates.set("items..percent", "8"), Updates.set("items.0.$bad", "9"),
                    Updates.combine(Updates.set("items.0", new Document()), Updates.set("items.0.percent", "10")),
                    Updates.combine(Updates.set("part", new Document()), Updates.set("part.name", "C")),
                    Updates.combine(Updates.set("changes.0", "z"), Updates.push("changes", "third")),
                    Updates.set("items.1.dotted", new Document("a.b", 1)), Updates.set("items.1.ref", new Document("$ref", "x")),
                    Updates.push("part.tags", "c"), Updates.pushEach("part.tags", List.of("d", new Document("e", 1))),
                    Updates.combine(Updates.set("items.0.percent", "71"), Updates.pushEach("part.tags", List.of("f")),
                            Updates.set("version", 3L)),
                    Updates.pushEach("part.tags", List.of()), Updates.push("part.missing", "x"), Updates.push("part.name", "x"),
                    Updates.push("items.0.note", "x"), Updates.push("items.0", "x"), Updates.push("items.5.list", "x"),
                    Updates.combine(Updates.set("part.tags.0", "q"), Updates.push("part.tags", "r")),
                    Updates.pushEach("part.tags", List.of("g"), new com.mongodb.client.model.PushOptions().position(0)));
            for (org.bson.conversions.Bson update : updates) {
                for (String id : List.of("A.1", "A.absent")) {
                    Object oursAnswered = answer(() -> ours.updateOne(Filters.eq("_id", id), update,
                            new com.mongodb.client.model.UpdateOptions().upsert(true)));
                    Object stockAnswered = answer(() -> stock.updateOne(Filters.eq("_id", id), update,
                            new com.mongodb.client.model.UpdateOptions().upsert(true)));
                    assertThat(oursAnswered).as("%s of %s", update, id).isEqualTo(stockAnswered);
                    assertThat(json(ours.find(Filters.eq("_id", id)).first())).as("fields in order: %s of %s", update, id)
                            .isEqualTo(json(stock.find(Filters.eq("_id", id)).first()));
                }
            }
            assertThat(json(ours.find().into(new ArrayList<>()))).isEqualTo(json(stock.find().into(new ArrayList<>())));
        });
        CopyOnUpdateH2Collection cards = (CopyOnUpdateH2Collection) backend.resolveDatabase("certaudit")
                .resolveCollection("cards", true);
        assertThat(cards.updatesById()).as("updates that took the path").isGreaterThanOrEqualTo(16);
    }

    @Test
    void replaceByIdDoesWhatTheStockReplacementDoes() {
        againstTheStockBackend("scorecards", (ours, stock) -> {
            for (MongoCollection<Document> scorecards : List.of(ours, stock)) {
                scorecards.insertOne(new Document("_id", "A.1").append("project", "P-1").append("version", 1L)
                        .append("items", List.of(new Document("clause", "5.1.1.1").append("percent", "80"))));
                scorecards.createIndex(new Document("project", 1), new com.mongodb.client.model.IndexOptions().unique(true).sparse(true));
                scorecards.insertOne(new Document("_id", "A.2").append("project", "P-2"));
            }
            List<Document> replacements = List.of(
                    new Document("project", "P-1").append("version", 1L)
                            .append("items", List.of(new Document("clause", "5.1.1.1").append("percent", "80"))),
                    new Document("project", "P-1").append("version", 2L)
                            .append("items", List.of(new Document("clause", "5.1.1.1").append("percent", "90"))),
                    new Document("version", 3L).append("project", "P-1").append("total", "145.75"),
                    new Document("version", 3L).append("project", "P-1").append("total", "145.75"),
                    new Document("_id", "A.1").append("project", "P-1").append("version", 4L),
                    new Document("project", "P-1").append("_id", "A.1").append("version", 4L),
                    new Document("project", "P-1").append("version", 4),
                    new Document("project", "P-1").append("version", 4L).append("note", null),
                    new Document("project", "P-2").append("version", 5L),
                    new Document("project", "P-9").append("version", 5L),
                    new Document("version", 6L),
                    new Document("_id", "other").append("version", 7L),
                    new Document("_id", 1L).append("version", 7L),
                    new Document("nested", new Document("a", 1).append("list", List.of(new Document("b", 2L)))),
                    new Document("nested", new Document("a", 1L).append("list", List.of(new Document("b", 2.0)))),
                    new Document("nested", new Document("list", List.of(new Document("b", 2.0))).append("a", 1L)),
                    new Document("nested", new Document("list", List.of(new Document("b", 2.5))).append("a", 1L)),
                    new Document("ref", new Document("$ref", "x").append("$id", "y")),
                    new Document("dotted", new Document("a.b", 1)),
                    new Document("project", "P-1"));
            for (Document replacement : replacements) {
                for (String id : List.of("A.1", "A.absent")) {
                    Object oursAnswered = answer(() -> ours.replaceOne(Filters.eq("_id", id), replacement,
                            new com.mongodb.client.model.ReplaceOptions().upsert(true)));
                    Object stockAnswered = answer(() -> stock.replaceOne(Filters.eq("_id", id), replacement,
                            new com.mongodb.client.model.ReplaceOptions().upsert(true)));
                    assertThat(oursAnswered).as("%s of %s", replacement, id).isEqualTo(stockAnswered);
                    assertThat(json(ours.find(Filters.eq("_id", id)).first())).as("fields in order: %s of %s", replacement, id)
                            .isEqualTo(json(stock.find(Filters.eq("_id", id)).first()));
                }
            }
            assertThat(json(ours.find().into(new ArrayList<>()))).isEqualTo(json(stock.find().into(new ArrayList<>())));
        });
        CopyOnUpdateH2Collection scorecards = (CopyOnUpdateH2Collection) backend.resolveDatabase("certaudit")
                .resolveCollection("scorecards", true);
        assertThat(scorecards.updatesById()).as("replacements that took the path").isGreaterThanOrEqualTo(12);
    }

    @Test
    void aReplacementLeavesTheStoredInstanceUnchanged() {
        de.bwaldvogel.mongo.bson.Document taken = data.get("n");

        counters.replaceOne(Filters.eq("_id", "n"), new Document("value", 2L).append("note", "x"));

        assertThat(taken).isEqualTo(new de.bwaldvogel.mongo.bson.Document("_id", "n").append("value", 1L));
        assertThat(data.get("n")).isNotSameAs(taken)
                .isEqualTo(new de.bwaldvogel.mongo.bson.Document("_id", "n").append("value", 2L).append("note", "x"));
    }

    /** Fields in order, numbers with their types (extended JSON). */
    private static String json(Object documents) {
        if (documents instanceof List<?> list) {
            return list.stream().map(CopyOnUpdateH2CollectionTest::json).toList().toString();
        }
        return documents == null ? "null" : ((Document) documents).toJson(
                org.bson.json.JsonWriterSettings.builder().outputMode(org.bson.json.JsonMode.EXTENDED).build(),
                new org.bson.codecs.DocumentCodec(com.mongodb.MongoClientSettings.getDefaultCodecRegistry()));
    }

    /** Runs {@code steps} on the collection {@code name} of this store and of mongo-java-server's own H2 backend. */
    private void againstTheStockBackend(String name,
                                        java.util.function.BiConsumer<MongoCollection<Document>, MongoCollection<Document>> steps) {
        MongoServer stockServer = new MongoServer(new de.bwaldvogel.mongo.backend.h2.H2Backend(MVStore.open(null)));
        InetSocketAddress stockAddress = stockServer.bind();
        try (MongoClient stockClient = MongoClients.create("mongodb://" + stockAddress.getHostString() + ":"
                + stockAddress.getPort())) {
            steps.accept(client.getDatabase("certaudit").getCollection(name),
                    stockClient.getDatabase("certaudit").getCollection(name));
        } finally {
            stockServer.shutdownNow();
        }
    }

    /** The update's matched and modified counts and upserted id, or the error's code. */
    private static Object answer(java.util.function.Supplier<com.mongodb.client.result.UpdateResult> update) {
        try {
            com.mongodb.client.result.UpdateResult result = update.get();
            return List.of(result.getMatchedCount(), result.getModifiedCount(), String.valueOf(result.getUpsertedId()));
        } catch (com.mongodb.MongoException e) {
            return "error " + e.getCode();
        }
    }

    @Test
    void writesLeaveNoRunningTotalOfTheDocumentsSizes() {
        MVMap<String, Object> meta = store.openMap("meta.certaudit.counters");
        Object totalBefore = meta.get("dataSize");

        counters.updateOne(Filters.eq("_id", "n"), Updates.set("note", "x".repeat(1000)));
        Document stats = client.getDatabase("certaudit").runCommand(new Document("collStats", "counters"));

        assertThat(meta.get("dataSize")).isEqualTo(totalBefore);
        assertThat(stats.get("count", Number.class).intValue()).isEqualTo(2);
        assertThat(stats.get("size", Number.class).longValue()).as("not tracked").isZero();
    }

    @Test
    void inListsMatchAsTheStockCheckDoesWhateverTheValuesTypes() {
        MongoCollection<Document> events = client.getDatabase("certaudit").getCollection("events");
        for (long position = 1; position <= 50; position++) {
            events.insertOne(new Document("_id", position).append("stream", "S-" + position));
        }
        events.insertOne(new Document("_id", 51).append("stream", List.of("S-51", "S-52")));
        events.insertOne(new Document("_id", "p-52").append("stream", 52L));

        assertThat(ids(events, Filters.in("_id", List.of(3L, 7L, 49L, 99L)))).containsExactlyInAnyOrder(3L, 7L, 49L);
        assertThat(ids(events, Filters.in("_id", List.of(3L, 51L)))).containsExactlyInAnyOrder(3L, 51);
        assertThat(ids(events, Filters.in("_id", List.of(3, 4.0, 51L)))).containsExactlyInAnyOrder(3L, 4L, 51);
        assertThat(ids(events, Filters.in("stream", List.of("S-2", "S-52", "S-99")))).containsExactlyInAnyOrder(2L, 51);
        assertThat(ids(events, Filters.in("stream", List.of(52L)))).containsExactly("p-52");
        assertThat(ids(events, Filters.in("_id", List.of("p-52", "S-1")))).containsExactly("p-52");
        assertThat(ids(events, Filters.in("_id", java.util.Arrays.asList(null, 5L)))).containsExactly(5L);
        assertThat(ids(events, Filters.in("_id", java.util.Arrays.asList(6L, null)))).containsExactly(6L);
        assertThat(ids(events, Filters.and(Filters.in("_id", List.of(1L, 2L)), Filters.eq("stream", "S-2"))))
                .containsExactly(2L);
    }

    private static List<Object> ids(MongoCollection<Document> collection, org.bson.conversions.Bson filter) {
        return collection.find(filter).map(document -> document.get("_id")).into(new ArrayList<>());
    }
}
