package org.certaudit.eventstore;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.extensions.mongo.DefaultMongoTemplate;
import org.axonframework.extensions.mongo.eventsourcing.tokenstore.MongoTokenStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import org.bson.Document;
import org.certaudit.eventstore.embedded.EmbeddedMongoStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.autoconfigure.mongo.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.autoconfigure.mongo.MongoConnectionDetails;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.util.concurrent.TimeUnit;

/**
 * Wires the store both apps share: the {@link MongoClient} (to {@code certaudit.mongodb.uri}, or to
 * the embedded store this configuration starts when no URI is set), the {@link MongoConnectionDetails}
 * Spring Boot's own Mongo support then uses, our {@link MongoEventStorageEngine}, axon-mongo's
 * {@link MongoTokenStore} on collection {@code tokens}, and a {@code mongo} health indicator.
 * <p>
 * It runs before Axon's and Spring Boot's Mongo configurations so that theirs back off: Axon builds
 * its event store on the engine found here, and Boot's client and {@code hello}-based health check
 * are replaced (the embedded server has no {@code hello}).
 */
@AutoConfiguration(beforeName = {
        "org.axonframework.springboot.autoconfig.AxonAutoConfiguration",
        "org.axonframework.springboot.autoconfig.JpaEventStoreAutoConfiguration",
        "org.springframework.boot.autoconfigure.mongo.MongoAutoConfiguration",
        "org.springframework.boot.autoconfigure.data.mongo.MongoDataAutoConfiguration",
        "org.springframework.boot.actuate.autoconfigure.data.mongo.MongoHealthContributorAutoConfiguration"})
@EnableConfigurationProperties({EventStoreProperties.class, EmbeddedStoreProperties.class})
public class EventStoreAutoConfiguration {

    @Bean(destroyMethod = "close")
    @Conditional(EmbeddedStoreCondition.class)
    public EmbeddedMongoStore certauditEmbeddedStore(EmbeddedStoreProperties embedded) {
        return embedded.inMemory()
               ? EmbeddedMongoStore.inMemory(embedded.port())
               : EmbeddedMongoStore.onFile(embedded.dataDir(), embedded.port());
    }

    /** The embedded store's file (size, live share, compaction), when this configuration started one on a file. */
    @Bean
    @ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
    public MeterBinder certauditEmbeddedStoreMetrics(ObjectProvider<EmbeddedMongoStore> embeddedStore) {
        return registry -> embeddedStore.ifAvailable(
                store -> new EmbeddedStoreMetrics(store.backend()).bindTo(registry));
    }

    @Bean
    @ConditionalOnMissingBean(MongoConnectionDetails.class)
    public StoreConnectionDetails mongoConnectionDetails(EventStoreProperties store,
                                                         EmbeddedStoreProperties embedded,
                                                         ObjectProvider<EmbeddedMongoStore> embeddedStore) {
        return StoreConnectionDetails.of(store, embedded, embeddedStore.getIfAvailable());
    }

    /**
     * The one client of the side, to the server {@code connectionDetails} names, waiting for it as long as
     * {@code certaudit.mongodb.connect-timeout}, {@code read-timeout} and {@code server-selection-timeout} say unless the
     * URI says otherwise ({@link EventStoreProperties}). A store that stops answering then fails a read with a
     * {@code MongoSocketReadTimeoutException} or {@code MongoTimeoutException}, which the HTTP side answers as 503
     * {@code store-unavailable}, instead of holding the request until the store is back.
     *
     * @throws EventStoreUnavailableException when the store does not answer a {@code ping} at start
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean(MongoClient.class)
    public MongoClient mongoClient(MongoConnectionDetails connectionDetails, EventStoreProperties store,
                                   ObjectProvider<MongoClientSettingsBuilderCustomizer> customizers) {
        ConnectionString connectionString = connectionDetails.getConnectionString();
        MongoClientSettings.Builder settings = MongoClientSettings.builder().applyConnectionString(connectionString);
        applyTimeouts(settings, connectionString, store);
        // Boot's customizers carry the mongodb.driver.* metrics listeners.
        customizers.orderedStream().forEach(customizer -> customizer.customize(settings));
        MongoClient client = MongoClients.create(settings.build());
        try {
            client.getDatabase("admin").runCommand(new Document("ping", 1));
        } catch (MongoException e) {
            client.close();
            throw new EventStoreUnavailableException(StoreConnectionDetails.describe(connectionString), e);
        }
        return client;
    }

    /** The store's timeouts, each where the URI sets none. */
    static void applyTimeouts(MongoClientSettings.Builder settings, ConnectionString uri, EventStoreProperties store) {
        settings.applyToSocketSettings(socket -> {
            if (uri.getConnectTimeout() == null) {
                socket.connectTimeout(store.connectTimeout().toMillis(), TimeUnit.MILLISECONDS);
            }
            if (uri.getSocketTimeout() == null) {
                socket.readTimeout(store.readTimeout().toMillis(), TimeUnit.MILLISECONDS);
            }
        });
        if (uri.getServerSelectionTimeout() == null) {
            settings.applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(
                    store.serverSelectionTimeout().toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    @Bean
    @ConditionalOnMissingBean(name = "certauditDatabase")
    public MongoDatabase certauditDatabase(MongoClient client, EventStoreProperties store) {
        return client.getDatabase(store.database());
    }

    @Bean
    @ConditionalOnMissingBean(EventStorageEngine.class)
    public MongoEventStorageEngine eventStorageEngine(MongoClient client,
                                                      @Qualifier("certauditDatabase") MongoDatabase database,
                                                      ObjectProvider<Serializer> serializers,
                                                      @Qualifier("eventSerializer") ObjectProvider<Serializer> eventSerializer,
                                                      ObjectProvider<org.axonframework.config.Configuration> axon,
                                                      @Value("${certaudit.event-store.aggregate-cache-events:"
                                                             + AggregateRuns.DEFAULT_EVENTS + "}")
                                                      int aggregateCacheEvents,
                                                      @Value("${certaudit.event-store.tracked-batch-chars:"
                                                             + MongoEventStorageEngine.DEFAULT_TRACKED_BATCH_CHARS + "}")
                                                      long trackedBatchChars) {
        Serializer general = serializers.getIfAvailable(() -> JacksonSerializer.defaultSerializer());
        // Before the first append: events stored before the ledger get their chain (one-time, logged).
        new EventChainMigration(database).run();
        MongoEventStorageEngine.Builder builder = MongoEventStorageEngine.builder()
                .database(database)
                .client(client)
                .eventSerializer(eventSerializer.getIfAvailable(() -> general))
                .snapshotSerializer(general)
                .aggregateCache(aggregateCacheEvents)
                .trackedBatchChars(trackedBatchChars);
        org.axonframework.config.Configuration configuration = axon.getIfAvailable();
        if (configuration != null) {
            builder.upcasterChain(configuration.upcasterChain()).snapshotFilter(configuration.snapshotFilter());
        }
        return builder.build();
    }

    /**
     * axon-mongo's token store on collection {@code tokens}. {@code claimTimeout} is
     * {@code axon.eventhandling.tokenstore.claim-timeout} (a duration, 10 s by default as in Axon): how long a segment
     * claimed by an instance that stopped answering stays blocked before another instance takes it over. Axon binds
     * that property for its JPA and JDBC token stores only, so this bean reads it itself (docker/README.md,
     * "Configuration settings" and "Scaling the query side").
     */
    @Bean
    @ConditionalOnMissingBean(TokenStore.class)
    public MongoTokenStore tokenStore(MongoClient client, EventStoreProperties store,
                                      ObjectProvider<Serializer> serializers, Environment environment) {
        Duration claimTimeout = Binder.get(environment).bind("axon.eventhandling.tokenstore.claim-timeout", Duration.class)
                                      .orElse(Duration.ofSeconds(10));
        return MongoTokenStore.builder()
                              .claimTimeout(claimTimeout)
                              .mongoTemplate(DefaultMongoTemplate.builder()
                                                                 .mongoDatabase(client, store.database())
                                                                 .trackingTokensCollectionName("tokens")
                                                                 .build())
                              .serializer(serializers.getIfAvailable(() -> JacksonSerializer.defaultSerializer()))
                              .build();
    }

    /** No {@code certaudit.mongodb.uri} and {@code certaudit.embedded.enabled} not false. */
    static final class EmbeddedStoreCondition extends SpringBootCondition {
        @Override
        public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
            Environment environment = context.getEnvironment();
            String uri = environment.getProperty("certaudit.mongodb.uri");
            if (uri != null && !uri.isBlank()) {
                return ConditionOutcome.noMatch("certaudit.mongodb.uri is set");
            }
            if (!environment.getProperty("certaudit.embedded.enabled", Boolean.class, true)) {
                return ConditionOutcome.noMatch("certaudit.embedded.enabled is false");
            }
            return ConditionOutcome.match("no certaudit.mongodb.uri and the embedded store is enabled");
        }
    }

    /** Replaces Spring Boot's Mongo health check, which sends {@code hello}, by bean name. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    @ConditionalOnEnabledHealthIndicator("mongo")
    static class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "mongoHealthIndicator")
        MongoPingHealthIndicator mongoHealthIndicator(MongoClient client, EventStoreProperties store,
                                                      MongoConnectionDetails connectionDetails,
                                                      ObjectProvider<EmbeddedMongoStore> embeddedStore) {
            return new MongoPingHealthIndicator(client.getDatabase(store.database()),
                                                StoreConnectionDetails.describe(connectionDetails.getConnectionString()),
                                                embeddedStore.getIfAvailable() != null);
        }
    }
}
