package org.certaudit.query;

import org.certaudit.scheme.SchemeCatalog;
import com.mongodb.client.MongoClient;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.AbstractEventProcessor;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

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

    @Bean
    SchemeCatalog schemeCatalog() {
        return SchemeCatalog.shipped();
    }

    /**
     * Tracking processors that stop on a failing handler instead of logging and skipping the event
     * (a skipped event would leave a read model silently wrong); the processor retries with back-off
     * and health shows DOWN meanwhile. Batches make a replay write one token per batch; a batch that
     * fails half-way is safe to repeat because every handler skips events it has seen, which
     * {@link StreamOrderGuard}, in front of every handler, makes a sound decision.
     */
    @Bean
    ConfigurerModule trackingProcessors(@Value("${certaudit.query.batch-size:100}") int batchSize,
                                        ReadModels readModels) {
        return configurer -> configurer.eventProcessing()
                .usingTrackingEventProcessors()
                .registerDefaultListenerInvocationErrorHandler(configuration -> PropagatingErrorHandler.instance())
                .registerTrackingEventProcessorConfiguration(configuration ->
                        TrackingEventProcessorConfiguration.forSingleThreadedProcessing().andBatchSize(batchSize))
                .registerDefaultHandlerInterceptor((configuration, processor) -> new StreamOrderGuard(processor,
                        readModels, configuration::eventStore, payloadType -> configuration.eventProcessingConfiguration()
                                .eventProcessor(processor, AbstractEventProcessor.class)
                                .map(found -> found.eventHandlerInvoker().canHandleType(payloadType))
                                .orElse(true)));
    }
}
