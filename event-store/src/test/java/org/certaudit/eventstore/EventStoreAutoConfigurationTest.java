package org.certaudit.eventstore;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.UnableToClaimTokenException;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.json.JacksonSerializer;
import org.certaudit.eventstore.embedded.EmbeddedMongoStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.autoconfigure.data.mongo.MongoHealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.data.mongo.MongoDataAutoConfiguration;
import org.springframework.boot.autoconfigure.mongo.MongoAutoConfiguration;
import org.springframework.boot.autoconfigure.mongo.MongoConnectionDetails;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.mongodb.core.MongoTemplate;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.axonframework.eventsourcing.utils.EventStoreTestUtils.createEvent;

class EventStoreAutoConfigurationTest {

    private static EmbeddedMongoStore external;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(EventStoreAutoConfiguration.class, MongoAutoConfiguration.class,
                    MongoDataAutoConfiguration.class, HealthContributorAutoConfiguration.class,
                    MongoHealthContributorAutoConfiguration.class));

    @BeforeAll
    static void startExternalServer() {
        external = EmbeddedMongoStore.inMemory(0);
    }

    @AfterAll
    static void stopExternalServer() {
        external.close();
    }

    @Test
    void startsTheEmbeddedStoreWhenNoUriIsSet() {
        runner.withPropertyValues("certaudit.embedded.in-memory=true", "certaudit.embedded.port=0")
              .run(context -> {
                  assertThat(context).hasSingleBean(EmbeddedMongoStore.class).hasSingleBean(MongoClient.class)
                                     .hasSingleBean(TokenStore.class).hasSingleBean(EventStorageEngine.class);
                  EmbeddedMongoStore store = context.getBean(EmbeddedMongoStore.class);
                  assertThat(context.getBean(MongoConnectionDetails.class).getConnectionString().getConnectionString())
                          .isEqualTo("mongodb://127.0.0.1:" + store.port() + "/certaudit");
                  assertThat(context.getBean(TokenStore.class)).isInstanceOf(MongoTokenStore.class);
                  assertThat(context.getBean(MongoTemplate.class).getDb().getName()).isEqualTo("certaudit");
                  HealthIndicator health = context.getBean("mongoHealthIndicator", HealthIndicator.class);
                  assertThat(health).isInstanceOf(MongoPingHealthIndicator.class);
                  assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                  assertThat(health.health().getDetails()).containsEntry("embedded", true);
              });
    }

    @Test
    void usesTheUriAndStartsNothingWhenOneIsSet() {
        runner.withPropertyValues("certaudit.mongodb.uri=" + external.connectionString(),
                                  "certaudit.mongodb.database=uri-test")
              .run(context -> {
                  assertThat(context).doesNotHaveBean(EmbeddedMongoStore.class).hasSingleBean(MongoClient.class);
                  context.getBean(EventStorageEngine.class).appendEvents(createEvent("uri-aggregate", 0));
                  try (MongoClient direct = com.mongodb.client.MongoClients.create(external.connectionString())) {
                      assertThat(direct.getDatabase("uri-test").getCollection("events").countDocuments()).isEqualTo(1);
                  }
                  HealthIndicator health = context.getBean("mongoHealthIndicator", HealthIndicator.class);
                  assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                  assertThat(health.health().getDetails()).containsEntry("embedded", false)
                                                          .containsEntry("database", "uri-test");
              });
    }

    @Test
    void keepsAsManyLoadedEventsAsTheAggregateCachePropertySays() {
        for (int kept : new int[] {0, 100_000}) {
            runner.withPropertyValues("certaudit.mongodb.uri=" + external.connectionString(),
                                      "certaudit.mongodb.database=cache-test-" + kept,
                                      "certaudit.event-store.aggregate-cache-events=" + kept)
                  .run(context -> {
                      MongoEventStorageEngine engine = context.getBean(MongoEventStorageEngine.class);
                      engine.appendEvents(createEvent("cached-aggregate", 0), createEvent("cached-aggregate", 1));
                      MongoEventStorageEngine reader = context.getBean(MongoEventStorageEngine.class);
                      assertThat(reader.readEvents("cached-aggregate", 0).asStream().count()).isEqualTo(2);
                      assertThat(reader.keptAggregateEvents()).as("events kept with a cache of " + kept)
                                                              .isEqualTo(kept == 0 ? 0 : 2);
                  });
        }
    }

    @Test
    void takesOverASegmentOfAStoppedInstanceOnceTheConfiguredClaimTimeoutHasPassed() {
        runner.withPropertyValues("certaudit.mongodb.uri=" + external.connectionString(),
                                  "certaudit.mongodb.database=claim-test",
                                  "axon.eventhandling.tokenstore.claim-timeout=300ms")
              .run(context -> {
                  // Another query-side instance claimed the segment, then stopped answering (no release).
                  MongoTokenStore stopped = MongoTokenStore.builder()
                          .mongoTemplate(DefaultMongoTemplate.builder()
                                                             .mongoDatabase(context.getBean(MongoClient.class), "claim-test")
                                                             .trackingTokensCollectionName("tokens").build())
                          .serializer(JacksonSerializer.defaultSerializer()).nodeId("stopped-instance").build();
                  stopped.initializeTokenSegments("audit-scorecards", 1);
                  stopped.fetchToken("audit-scorecards", 0);
                  TokenStore tokens = context.getBean(TokenStore.class);
                  assertThatThrownBy(() -> tokens.fetchToken("audit-scorecards", 0))
                          .isInstanceOf(UnableToClaimTokenException.class);
                  Thread.sleep(800);
                  // Axon's 10 s default would still refuse it here.
                  assertThat(tokens.fetchToken("audit-scorecards", 0)).isNull();
                  assertThatThrownBy(() -> stopped.fetchToken("audit-scorecards", 0))
                          .isInstanceOf(UnableToClaimTokenException.class);
              });
    }

    @Test
    void connectsToTheLoopbackPortWhenEmbeddedIsDisabledAndNoUriIsSet() {
        runner.withPropertyValues("certaudit.embedded.enabled=false", "certaudit.embedded.port=" + external.port())
              .run(context -> {
                  assertThat(context).doesNotHaveBean(EmbeddedMongoStore.class);
                  assertThat(context.getBean(MongoConnectionDetails.class).getConnectionString().getHosts())
                          .containsExactly("127.0.0.1:" + external.port());
                  assertThat(context.getBean("mongoHealthIndicator", HealthIndicator.class).health().getStatus())
                          .isEqualTo(Status.UP);
              });
    }

    @Test
    void reportsTheStoreDownWhenItStopsAnswering() {
        EmbeddedMongoStore doomed = EmbeddedMongoStore.inMemory(0);
        runner.withPropertyValues("certaudit.mongodb.uri=" + doomed.connectionString() + "/?serverSelectionTimeoutMS=300")
              .run(context -> {
                  HealthIndicator health = context.getBean("mongoHealthIndicator", HealthIndicator.class);
                  assertThat(health.health().getStatus()).isEqualTo(Status.UP);
                  doomed.close();
                  assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
              });
    }

    @Test
    void failsWithOneClearLineWhenTheStoreIsUnreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        runner.withPropertyValues("certaudit.mongodb.uri=mongodb://127.0.0.1:" + closedPort + "/?serverSelectionTimeoutMS=300")
              .run(context -> {
                  assertThat(context).hasFailed();
                  FailureAnalysis analysis = new EventStoreFailureAnalyzer().analyze(context.getStartupFailure());
                  assertThat(analysis).isNotNull();
                  assertThat(analysis.getDescription())
                          .startsWith("MongoDB at 127.0.0.1:" + closedPort + "/certaudit is unreachable: ")
                          .doesNotContain("\n");
                  assertThat(analysis.getAction()).contains("certaudit.mongodb.uri");
              });
    }

    @Test
    void keepsTheEmbeddedStoreInTheDataDirectory(@TempDir Path dataDir) {
        runner.withPropertyValues("certaudit.embedded.port=0", "certaudit.embedded.data-dir=" + dataDir)
              .run(context -> {
                  assertThat(context).hasNotFailed();
                  assertThat(context.getBean(EmbeddedMongoStore.class).file())
                          .isEqualTo(dataDir.resolve(EmbeddedMongoStore.FILE_NAME).toAbsolutePath());
              });
        assertThat(dataDir.resolve(EmbeddedMongoStore.FILE_NAME)).exists();
    }

    @Test
    void waitsForTheStoreAsTheTimeoutPropertiesSay() {
        runner.withPropertyValues("certaudit.mongodb.uri=" + external.connectionString(),
                                  "certaudit.mongodb.connect-timeout=3s", "certaudit.mongodb.read-timeout=7s",
                                  "certaudit.mongodb.server-selection-timeout=4s")
              .run(context -> {
                  EventStoreProperties store = context.getBean(EventStoreProperties.class);
                  MongoClientSettings settings = timeouts(new ConnectionString(external.connectionString()), store);
                  assertThat(settings.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS)).isEqualTo(3_000);
                  assertThat(settings.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS)).isEqualTo(7_000);
                  assertThat(settings.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS))
                          .isEqualTo(4_000);
                  // The driver's monitor waits for its heartbeat's answer as long as for a connection.
                  assertThat(settings.getHeartbeatSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS)).isEqualTo(3_000);
              });
    }

    @Test
    void waitsTenSecondsToConnectTwentyForAReadAndTenForAServerByDefault() {
        runner.withPropertyValues("certaudit.mongodb.uri=" + external.connectionString())
              .run(context -> {
                  MongoClientSettings settings = timeouts(new ConnectionString(external.connectionString()),
                                                          context.getBean(EventStoreProperties.class));
                  assertThat(settings.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS)).isEqualTo(10_000);
                  assertThat(settings.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS)).isEqualTo(20_000);
                  assertThat(settings.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS))
                          .isEqualTo(10_000);
              });
    }

    @Test
    void takesTheTimeoutsTheUriSetsOverTheProperties() {
        EventStoreProperties store = new EventStoreProperties(null, "certaudit", Duration.ofSeconds(3),
                                                              Duration.ofSeconds(7), Duration.ofSeconds(4));
        MongoClientSettings settings = timeouts(new ConnectionString(
                "mongodb://127.0.0.1:1/?connectTimeoutMS=1500&socketTimeoutMS=0&serverSelectionTimeoutMS=2500"), store);
        assertThat(settings.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS)).isEqualTo(1_500);
        assertThat(settings.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS)).isZero();
        assertThat(settings.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS)).isEqualTo(2_500);
    }

    @Test
    void refusesATimeoutThatIsNoWait() {
        runner.withPropertyValues("certaudit.mongodb.uri=" + external.connectionString(),
                                  "certaudit.mongodb.connect-timeout=0s")
              .run(context -> assertThat(context).hasFailed().getFailure()
                                                 .hasRootCauseMessage("certaudit.mongodb.connect-timeout and "
                                                         + "server-selection-timeout must be positive and read-timeout "
                                                         + "positive or 0 (no limit), were PT0S, PT10S and PT20S"));
    }

    private static MongoClientSettings timeouts(ConnectionString uri, EventStoreProperties store) {
        MongoClientSettings.Builder settings = MongoClientSettings.builder().applyConnectionString(uri);
        EventStoreAutoConfiguration.applyTimeouts(settings, uri, store);
        return settings.build();
    }

    @Test
    void withDatabaseReplacesOnlyTheDatabasePath() {
        assertThat(StoreConnectionDetails.withDatabase("mongodb://a:1,b:2", "x")).isEqualTo("mongodb://a:1,b:2/x");
        assertThat(StoreConnectionDetails.withDatabase("mongodb://u:p@a:1/old?replicaSet=rs0&w=majority", "x"))
                .isEqualTo("mongodb://u:p@a:1/x?replicaSet=rs0&w=majority");
        assertThat(StoreConnectionDetails.withDatabase("mongodb://a:1?w=1", "x")).isEqualTo("mongodb://a:1/x?w=1");
    }
}
