package org.certaudit.query.operations;

import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.lifecycle.Phase;
import org.certaudit.query.ReadModel;
import org.certaudit.query.ReadModels;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Hooks the operations into Axon: the tracking interceptor on every processor, and recovery before they start. */
@Configuration(proxyBeanMethods = false)
class OperationsConfiguration {

    @Bean
    ConfigurerModule processorTracking(ProcessorTracker tracker) {
        return configurer -> configurer.eventProcessing()
                .registerDefaultHandlerInterceptor((configuration, processorName) -> tracker.interceptor(processorName));
    }

    @Bean
    ConfigurerModule readModelRecovery(ObjectProvider<ReadModels> readModels, ObjectProvider<TokenStore> tokenStore,
                                       ObjectProvider<ReadModel> models) {
        return configurer -> configurer.onInitialize(configuration -> configuration.onStart(
                Phase.INBOUND_EVENT_CONNECTORS - 1,
                () -> new ReadModelRecovery(readModels.getObject(), tokenStore.getObject())
                        .recover(models.orderedStream().toList(), configuration.eventProcessingConfiguration())));
    }
}
