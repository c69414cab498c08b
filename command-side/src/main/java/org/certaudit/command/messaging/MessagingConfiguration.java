package org.certaudit.command.messaging;

import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.common.caching.Cache;
import org.axonframework.eventsourcing.EventCountSnapshotTriggerDefinition;
import org.axonframework.eventsourcing.SnapshotTriggerDefinition;
import org.axonframework.eventsourcing.Snapshotter;
import org.axonframework.messaging.correlation.CorrelationDataProvider;
import org.axonframework.messaging.correlation.MessageOriginProvider;
import org.axonframework.messaging.correlation.SimpleCorrelationDataProvider;
import org.certaudit.command.audit.AuditMetaData;
import org.certaudit.eventstore.MongoEventStorageEngine;
import org.certaudit.security.PersonNames;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires metadata, metrics, snapshots and the aggregate cache into Axon's command handling. */
@Configuration(proxyBeanMethods = false)
class MessagingConfiguration {

    /**
     * A snapshot every {@code certaudit.snapshots.threshold} events (default 200) keeps loading a
     * project cheap: a full audit is about 110 events, a certification cycle several audits.
     */
    @Bean
    SnapshotTriggerDefinition projectSnapshotTrigger(Snapshotter snapshotter,
                                                     @Value("${certaudit.snapshots.threshold:200}") int threshold) {
        return new EventCountSnapshotTriggerDefinition(snapshotter, threshold);
    }

    /**
     * The projects this instance handled last ({@code certaudit.aggregate-cache.projects}, default 200), each
     * used again only once the store confirmed no other instance appended to it since (see
     * {@link CheckedAggregateCache}).
     */
    @Bean
    Cache projectCache(MongoEventStorageEngine storageEngine,
                       @Value("${certaudit.aggregate-cache.projects:200}") int projects) {
        return new CheckedAggregateCache(projects,
                latest -> storageEngine.isLatest(latest.aggregateId(), latest.sequenceNumber()));
    }

    /**
     * Copies {@code user}, {@code personName}, {@code requestId} and {@code idempotencyKey} from each command onto the
     * events it causes; the event store refuses a second change under the same user and key.
     */
    @Bean
    CorrelationDataProvider auditMetaDataProvider() {
        return new SimpleCorrelationDataProvider(AuditMetaData.USER, AuditMetaData.PERSON_NAME, AuditMetaData.REQUEST_ID,
                AuditMetaData.IDEMPOTENCY_KEY);
    }

    /** Axon's default provider (correlation and trace ids) steps back once another exists; keep it. */
    @Bean
    CorrelationDataProvider messageOriginProvider() {
        return new MessageOriginProvider();
    }

    /** A handler interceptor bean: Axon's auto-configuration registers it with the command bus. */
    @Bean
    CommandMetrics commandMetrics(MeterRegistry registry) {
        return new CommandMetrics(registry);
    }

    /** A dispatch interceptor bean: Axon's auto-configuration registers it with the command gateway. */
    @Bean
    RequestMetaDataInterceptor requestMetaDataInterceptor(PersonNames names) {
        return new RequestMetaDataInterceptor(names);
    }
}
