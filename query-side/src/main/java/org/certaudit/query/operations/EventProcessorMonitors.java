package org.certaudit.query.operations;

import org.axonframework.config.Configurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.micrometer.MetricsConfigurerModule;
import org.axonframework.monitoring.MessageMonitor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's message monitors as its Micrometer auto-configuration builds them with {@code dimensional: true}, except
 * that an event processor gets {@link ProcessorMessageMonitor} (the same {@code eventProcessor.*} timers, latency and
 * counters, tagged {@code processorName} and {@code payloadType}, each meter looked up once instead of per message)
 * and no {@code CapacityMonitor}: {@code eventProcessor.capacity} is not published.
 *
 * <p>Why: Axon's capacity monitor keeps every message's processing time for a 10-minute window, one
 * {@code ConcurrentSkipListMap} entry (about 100 bytes) per event per processor. During a rebuild that is every
 * event read: 1.18 million entries were live in the query side's heap during the system benchmark's 100k-event
 * rebuilds (session 6), a third of a 320 MB heap, and after a 900k-event bulk load they and Axon's read-ahead
 * (see {@code StoreEventSource}) filled 512 MB. How busy each processor is can be read from the
 * {@code eventProcessor} timer and counters, and how far behind from {@code certaudit_projection_lag_*}.
 */
@Configuration(proxyBeanMethods = false)
class EventProcessorMonitors {

    @Bean
    MetricsConfigurerModule metricsConfigurerModule(GlobalMetricRegistry registry) {
        return new MetricsConfigurerModule(registry, true) {
            @Override
            @SuppressWarnings({"unchecked", "rawtypes"})
            public void configureModule(Configurer configurer) {
                configurer.configureMessageMonitor(configuration -> (componentType, componentName) -> {
                    MessageMonitor monitor = EventProcessor.class.isAssignableFrom(componentType)
                            ? eventProcessorMonitor(registry, componentName)
                            : registry.registerComponentWithDefaultTags(componentType, componentName);
                    return monitor;
                });
            }
        };
    }

    private static MessageMonitor<EventMessage<?>> eventProcessorMonitor(GlobalMetricRegistry registry, String processor) {
        return new ProcessorMessageMonitor(registry.getRegistry(), processor);
    }
}
