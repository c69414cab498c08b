package org.certaudit.query;

import org.certaudit.scheme.SchemeCatalog;
import com.mongodb.client.MongoClient;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.axonframework.config.ConfigurerModule;
import org.certaudit.eventstore.MongoEventStorageEngine;
import org.axonframework.eventhandling.EventBusSpanFactory;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.function.SingletonSupplier;

/**
 * Wiring shared by every read model: the database they live in, the schemes they score against,
 * and how their processors run.
 */
@Configuration(proxyBeanMethods = false)
class QueryConfiguration {

    @Bean
    ReadModels readModels(MongoClient mongoClient, @Value("${certaudit.mongodb.database:certaudit}") String database) {
        return new ReadModels(mongoClient.getDatabase(database));
    }

    /**
     * Axon's event store, for what is not a tracking processor's stream: aggregate streams (time travel, the
     * guard's checks, reports) and tokens. The processors read through {@link StoreEventSource}; should anything
     * still tail this store, its reader looks again after the fetch delay (Axon's default, 1 s, was most of the
     * projection lag). Each event read carries its own position ({@link PositionStampingStorageEngine}).
     */
    @Bean
    EmbeddedEventStore eventStore(EventStorageEngine storageEngine, org.axonframework.config.Configuration configuration,
                                  @Value("${certaudit.query.fetch-delay:PT0.02S}") Duration fetchDelay) {
        return EmbeddedEventStore.builder()
                .storageEngine(new PositionStampingStorageEngine(storageEngine))
                .messageMonitor(configuration.messageMonitor(EventStore.class, "eventStore"))
                .spanFactory(configuration.getComponent(EventBusSpanFactory.class))
                .fetchDelay(Math.max(1, fetchDelay.toMillis()))
                .build();
    }

    /**
     * The tracking processors' source: each processor reads the store itself and waits on one head watch (see
     * {@link StoreEventSource} for why not the event store's shared producer).
     */
    @Bean(destroyMethod = "close")
    StoreEventSource storeEventSource(MongoEventStorageEngine storageEngine,
                                      @Value("${certaudit.query.fetch-delay:PT0.02S}") Duration fetchDelay,
                                      MeterRegistry meters) {
        StoreEventSource source = new StoreEventSource(new PositionStampingStorageEngine(storageEngine),
                storageEngine::highestReservedPosition, fetchDelay);
        // One description for the three: Prometheus keeps one HELP line per metric name, whichever tag registers it.
        String batches = "Event batches of the tracking processors by source: read from the store (store), read ahead of a"
                + " catching-up processor (ahead), taken from another's read or a read ahead (shared)";
        FunctionCounter.builder("certaudit.processors.batches", source, StoreEventSource::batchesReadFromStore)
                .tag("source", "store").description(batches).register(meters);
        FunctionCounter.builder("certaudit.processors.batches", source, StoreEventSource::batchesReadAhead)
                .tag("source", "ahead").description(batches).register(meters);
        FunctionCounter.builder("certaudit.processors.batches", source, StoreEventSource::batchesShared)
                .tag("source", "shared").description(batches).register(meters);
        return source;
    }

    @Bean
    SchemeCatalog schemeCatalog() {
        return SchemeCatalog.shipped();
    }

    /**
     * Tracking processors that stop on a failing handler instead of logging and skipping the event
     * (a skipped event would leave a read model silently wrong); the processor retries an {@link Exception} with
     * back-off and health shows DOWN meanwhile (an {@link Error} stops it until a rebuild or restart: Axon does not
     * retry one). Batches make a replay write one token per batch; a batch that
     * fails half-way is safe to repeat because every handler skips events it has seen, which
     * {@link StreamOrderGuard}, in front of every handler, makes a sound decision.
     */
    @Bean
    ConfigurerModule trackingProcessors(@Value("${certaudit.query.batch-size:100}") int batchSize,
                                        ReadModels readModels, ObjectProvider<StoreEventSource> source,
                                        ObjectProvider<MongoEventStorageEngine> storageEngine,
                                        ObjectProvider<ReadModel> readModelBeans) {
        return configurer -> configurer.eventProcessing()
                .usingTrackingEventProcessors()
                .configureDefaultStreamableMessageSource(configuration -> source.getObject())
                .registerDefaultListenerInvocationErrorHandler(configuration -> PropagatingErrorHandler.instance())
                .registerTrackingEventProcessorConfiguration(configuration ->
                        TrackingEventProcessorConfiguration.forSingleThreadedProcessing().andBatchSize(batchSize))
                .registerDefaultHandlerInterceptor((configuration, processor) -> new StreamOrderGuard(processor,
                        readModels,
                        // The skipped events from the batches the source keeps, when it has them all; else only the
                        // skipped sequence numbers, in one lookup (an Axon EventStore reads to the stream's end).
                        StreamOrderGuard.StreamReader.keptFirst(source::getObject,
                                (stream, first, end) -> storageEngine.getObject().readEvents(stream, first, end)),
                        payloadType -> configuration.eventProcessingConfiguration()
                                .eventProcessor(processor, AbstractEventProcessor.class)
                                .map(found -> found.eventHandlerInvoker().canHandleType(payloadType))
                                .orElse(true),
                        documentsRead(processor, readModelBeans)));
    }

    /**
     * {@link ReadModel#documentsRead} of the read model {@code processor} builds, looked up when first asked (the read
     * models are beans that may not exist yet when the processors are configured); none when no read model has that
     * processing group.
     */
    static Function<Object, Map<String, String>> documentsRead(String processor, ObjectProvider<ReadModel> readModels) {
        Supplier<Function<Object, Map<String, String>>> found = SingletonSupplier.of(() -> readModels.orderedStream()
                .filter(readModel -> readModel.processingGroup().equals(processor))
                .<Function<Object, Map<String, String>>>map(readModel -> readModel::documentsRead)
                .findFirst().orElse(payload -> Map.of()));
        return payload -> found.get().apply(payload);
    }
}
