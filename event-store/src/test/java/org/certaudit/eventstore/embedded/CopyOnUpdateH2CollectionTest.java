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

    @BeforeEach
    void start() {
        store = MVStore.open(null);
        server = new MongoServer(new DurableH2Backend(store, null));
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
