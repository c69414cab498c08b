package org.certaudit.command;

import static org.assertj.core.api.Assertions.assertThat;

import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.certaudit.eventstore.MongoEventStorageEngine;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;

@CommandSideTest
class CommandSideApplicationTest {

    @Autowired
    private EventStorageEngine storageEngine;
    @Autowired
    private TestRestTemplate http;
    @Value("${axon.serializer.events}")
    private String eventSerializer;

    @Test
    void runsOnTheMongoEventStoreWithJacksonEvents() {
        assertThat(storageEngine).isInstanceOf(MongoEventStorageEngine.class);
        assertThat(eventSerializer).isEqualTo("jackson");
    }

    @Test
    void answersHealthOnItsPort() {
        var response = http.getForEntity("/actuator/health", String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
        assertThat(response.getBody()).contains("\"status\":\"UP\"");
    }
}
