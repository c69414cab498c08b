package org.certaudit.eventstore.app;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.gateway.EventGateway;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.certaudit.eventstore.MongoEventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The module as the apps use it: Axon's Spring Boot auto-configuration picks up our engine and token
 * store, events are serialized with Jackson, and a tracking processor receives what is published.
 */
@SpringBootTest(properties = {
        "certaudit.embedded.in-memory=true",
        "certaudit.embedded.port=0",
        "axon.axonserver.enabled=false",
        "axoniq.update-checker.disabled=true"})
class EventStoreApplicationTest {

    @Autowired
    private EventStore eventStore;
    @Autowired
    private EventStorageEngine storageEngine;
    @Autowired
    private MongoDatabase certauditDatabase;
    @Autowired
    private TokenStore tokenStore;
    @Autowired
    @Qualifier("eventSerializer")
    private Serializer eventSerializer;
    @Autowired
    private EventGateway eventGateway;
    @Autowired
    private Recorder recorder;
    @Autowired
    private EventProcessingConfiguration processing;

    @Test
    void axonRunsOnTheMongoEngineAndTokenStoreWithJackson() {
        assertThat(eventStore).isInstanceOf(EmbeddedEventStore.class);
        assertThat(storageEngine).isInstanceOf(MongoEventStorageEngine.class);
        assertThat(tokenStore).isInstanceOf(MongoTokenStore.class);
        assertThat(eventSerializer).isInstanceOf(JacksonSerializer.class);
    }

    @Test
    void aTrackingProcessorReceivesPublishedEventsWithTheirMetadata() {
        eventGateway.publish(org.axonframework.eventhandling.GenericEventMessage.asEventMessage(new Published("first"))
                .withMetaData(MetaData.with("user", "leader").and("requestId", "r-1")));
        await().atMost(Duration.ofSeconds(10)).until(() -> recorder.received.size() == 1);
        assertThat(recorder.received).containsExactly("first by leader (r-1)");
        Document stored = certauditDatabase.getCollection("events").find(new Document("payloadType", Published.class.getName())).first();
        assertThat(stored).isNotNull();
        assertThat(stored.getString("payload")).isEqualTo("{\"text\":\"first\"}");
        assertThat(stored.getString("metaData")).contains("\"user\":\"leader\"", "\"requestId\":\"r-1\"");
        assertThat(processing.eventProcessor("recorder", TrackingEventProcessor.class)).isPresent();
        await().atMost(Duration.ofSeconds(10))
               .until(() -> tokenStore.fetchSegments("recorder").length == 1);
    }

    @SpringBootApplication
    @Import(Recorder.class)
    static class App {
    }

    record Published(String text) {
    }

    @Component
    @ProcessingGroup("recorder")
    static class Recorder {
        final List<String> received = new CopyOnWriteArrayList<>();

        @EventHandler
        void on(Published event, MetaData metaData) {
            received.add(event.text() + " by " + metaData.get("user") + " (" + metaData.get("requestId") + ")");
        }
    }
}
