package org.certaudit.query.operations;

import static org.axonframework.micrometer.TagsUtil.PAYLOAD_TYPE_TAG;
import static org.axonframework.micrometer.TagsUtil.PROCESSOR_NAME_TAG;

import io.micrometer.core.instrument.Tags;
import java.util.List;
import org.axonframework.config.Configurer;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.micrometer.EventProcessorLatencyMonitor;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.micrometer.MessageCountingMonitor;
import org.axonframework.micrometer.MessageTimerMonitor;
import org.axonframework.micrometer.MetricsConfigurerModule;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.MultiMessageMonitor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Axon's message monitors as its Micrometer auto-configuration builds them with {@code dimensional: true}, except
 * that an event processor gets no {@code CapacityMonitor}: the {@code eventProcessor.*} timer, latency and counters
 * stay, tagged {@code processorName} (and {@code payloadType}); {@code eventProcessor.capacity} is not published.
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

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static MessageMonitor eventProcessorMonitor(GlobalMetricRegistry registry, String processor) {
        String prefix = "eventProcessor";
        List<MessageMonitor<? super EventMessage<?>>> monitors = List.of(
                MessageTimerMonitor.buildMonitor(prefix, registry.getRegistry(), message -> Tags.of(
                        PAYLOAD_TYPE_TAG, message.getPayloadType().getSimpleName(), PROCESSOR_NAME_TAG, processor)),
                EventProcessorLatencyMonitor.builder().meterNamePrefix(prefix).meterRegistry(registry.getRegistry())
                                            .tagsBuilder(message -> Tags.of(PROCESSOR_NAME_TAG, processor)).build(),
                MessageCountingMonitor.buildMonitor(prefix, registry.getRegistry(), message -> Tags.of(
                        PAYLOAD_TYPE_TAG, message.getPayloadType().getSimpleName(), PROCESSOR_NAME_TAG, processor)));
        return new MultiMessageMonitor<>(monitors);
    }
}
