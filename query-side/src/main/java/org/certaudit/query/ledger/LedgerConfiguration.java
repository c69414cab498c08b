package org.certaudit.query.ledger;

import com.mongodb.client.MongoDatabase;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The transparency log lives on the query side: it is a follower of the store like the projections, it
 * keeps the command side's append path as it was (one hash per event, nothing more), and it sits next to
 * the read API whose answers name the tree head they were computed under. Exactly one query-side instance
 * hosts it ({@code certaudit.ledger.enabled}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LedgerProperties.class)
class LedgerConfiguration {

    @Bean
    SigningKey ledgerSigningKey(LedgerProperties properties) {
        return SigningKey.load(properties);
    }

    @Bean
    TransparencyLog transparencyLog(EventStorageEngine engine, @Qualifier("certauditDatabase") MongoDatabase database,
                                    SigningKey key, LedgerProperties properties) {
        return new TransparencyLog(engine, database, key, properties, Clock.systemUTC());
    }

    @Bean
    EvidenceBundles evidenceBundles(TransparencyLog log, @Qualifier("certauditDatabase") MongoDatabase database) {
        return new EvidenceBundles(log, database);
    }

    /** Documents the tree-head headers {@link TreeHeadOnResponses} puts on every answer about an audit or project. */
    @Bean
    org.springdoc.core.customizers.OpenApiCustomizer treeHeadHeaders() {
        return openApi -> openApi.getPaths().forEach((path, item) -> {
            if ((path.startsWith("/api/audits") || path.startsWith("/api/projects")) && !path.endsWith("/evidence")) {
                item.readOperations().forEach(operation -> {
                    io.swagger.v3.oas.models.responses.ApiResponse ok = operation.getResponses().get("200");
                    if (ok != null) {
                        ok.addHeaderObject(TreeHeadOnResponses.TREE_SIZE, header(
                                "size of the latest signed tree head when this answer was computed"));
                        ok.addHeaderObject(TreeHeadOnResponses.ROOT_HASH, header("its RFC 9162 root hash, hex"));
                        ok.addHeaderObject(TreeHeadOnResponses.TREE_HEAD_TIME, header("when it was signed, ISO-8601"));
                    }
                });
            }
        });
    }

    private static io.swagger.v3.oas.models.headers.Header header(String description) {
        return new io.swagger.v3.oas.models.headers.Header().description(description)
                .schema(new io.swagger.v3.oas.models.media.StringSchema());
    }

    @Bean
    LogFollower ledgerFollower(TransparencyLog log, LedgerProperties properties) {
        return new LogFollower(log, properties);
    }

    /** Runs the log every {@code follow-interval} on one thread while the application runs. */
    static final class LogFollower implements SmartLifecycle {

        private static final Logger logger = LoggerFactory.getLogger(LogFollower.class);
        private final TransparencyLog log;
        private final LedgerProperties properties;
        private ScheduledExecutorService executor;

        LogFollower(TransparencyLog log, LedgerProperties properties) {
            this.log = log;
            this.properties = properties;
        }

        @Override
        public synchronized void start() {
            if (!properties.enabled()) {
                logger.info("This instance does not host the transparency log (certaudit.ledger.enabled=false)");
                return;
            }
            executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "transparency-log");
                thread.setDaemon(true);
                return thread;
            });
            long interval = properties.followInterval().toMillis();
            executor.scheduleWithFixedDelay(() -> {
                try {
                    log.catchUp();
                } catch (RuntimeException e) {
                    logger.warn("The transparency log could not catch up; it tries again in {} ms: {}", interval, e.toString());
                }
            }, 0, interval, TimeUnit.MILLISECONDS);
        }

        @Override
        public synchronized void stop() {
            if (executor != null) {
                executor.shutdown();
                try {
                    executor.awaitTermination(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                executor = null;
            }
        }

        @Override
        public synchronized boolean isRunning() {
            return executor != null;
        }
    }
}
