package org.certaudit.eventstore.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.mongodb.MongoCommandException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The embedded store answers MongoDB's {@code hello} as a standalone server without transactions, as it answers the
 * legacy {@code isMaster}: the event store asks it once, and an unanswered one was logged as an ERROR.
 */
class HelloTest {

    private final Logger wire = (Logger) LoggerFactory.getLogger("de.bwaldvogel.mongo.wire.MongoWireProtocolHandler");
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private EmbeddedMongoStore store;
    private MongoClient client;

    @BeforeEach
    void start() {
        logged.start();
        wire.addAppender(logged);
        store = EmbeddedMongoStore.inMemory(0);
        client = MongoClients.create(store.connectionString());
    }

    @AfterEach
    void stop() {
        client.close();
        store.close();
        wire.detachAppender(logged);
    }

    @Test
    void helloIsAnsweredAsAStandaloneServerWithoutTransactionsAndLogsNoError() {
        Document hello = client.getDatabase("admin").runCommand(new Document("hello", 1));

        assertThat(hello.get("ok", Number.class).intValue()).isEqualTo(1);
        assertThat(hello.getBoolean("isWritablePrimary")).isTrue();
        assertThat(hello).containsKey("maxWireVersion").doesNotContainKeys("ismaster", "setName",
                "logicalSessionTimeoutMinutes");
        assertThat(client.getDatabase("certaudit").runCommand(new Document("hello", 1)).getBoolean("isWritablePrimary"))
                .isTrue();
        assertThat(client.getDatabase("admin").runCommand(new Document("isMaster", 1)).getBoolean("ismaster")).isTrue();
        assertThat(logged.list).filteredOn(event -> event.getLevel() == Level.ERROR).isEmpty();
    }

    @Test
    void aCommandTheStoreDoesNotKnowIsStillRefusedAndLogged() {
        // What the capture above would have seen for hello before the embedded store answered it.
        assertThatThrownBy(() -> client.getDatabase("admin").runCommand(new Document("noSuchCommand", 1)))
                .isInstanceOf(MongoCommandException.class);
        assertThat(logged.list).filteredOn(event -> event.getLevel() == Level.ERROR)
                .singleElement().satisfies(event -> assertThat(event.getFormattedMessage()).contains("noSuchCommand"));
    }
}
