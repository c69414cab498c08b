package org.certaudit.query.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.beans.factory.annotation.Value;

import com.mongodb.client.MongoDatabase;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.BooleanSchema;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.OpenApiCustomizer;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The transparency log lives on the query side: it is a follower of the store like the projections, it
 * keeps the command side's append path as it was (one hash per event, nothing more), and it sits next to
 * the read API whose answers name the tree head they were computed under. Any query-side instance with
 * {@code certaudit.ledger.enabled} hosts it; several against one store append idempotently and must share the signing
 * key ({@link TransparencyLog}).
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

    /** One evidence export at a time by default (see {@link EvidenceExports} for why); a filter, as it covers the writing. */
    @Bean
    EvidenceExports evidenceExports(@Value("${certaudit.ledger.evidence-exports.max-concurrent:1}") int maxConcurrent,
                                    ObjectMapper json) {
        return new EvidenceExports(maxConcurrent, json);
    }

    @Bean
    EvidenceBundles evidenceBundles(TransparencyLog log, @Qualifier("certauditDatabase") MongoDatabase database) {
        return new EvidenceBundles(log, database);
    }

    /** Which head an answer names (the report's and every other's); a bean of its own replaces it. */
    @Bean
    @ConditionalOnMissingBean
    LedgerTreeHeads ledgerTreeHeads(TransparencyLog log) {
        return new TransparencyLogTreeHeads(log.store());
    }

    /**
     * Documents what {@link TreeHeadOnResponses} adds to every answer about an audit or project: the three headers on
     * each such {@code GET}'s 200, and the {@code ledger} member of the JSON objects it answers with.
     */
    @Bean
    OpenApiCustomizer treeHeadOnAnswers() {
        return openApi -> {
            if (openApi.getComponents() != null && openApi.getComponents().getSchemas() != null) {
                Map<String, Schema> schemas = openApi.getComponents().getSchemas();
                schemas.put(TREE_HEAD_SCHEMA, treeHeadSchema());
                TreeHeadOnResponses.LEDGERED.forEach(type -> {
                    Schema<?> schema = schemas.get(type.getSimpleName());
                    if (schema != null) {
                        schema.addProperty("ledger", new Schema<>().$ref("#/components/schemas/" + TREE_HEAD_SCHEMA)
                                .nullable(true)
                                .description("the signed tree head this answer was computed under; null while the ledger has none"));
                    }
                });
            }
            if (openApi.getPaths() == null) {
                return;
            }
            openApi.getPaths().forEach((path, item) -> {
                if (path.startsWith("/api/audits") || path.startsWith("/api/projects")) {
                    item.readOperations().forEach(operation -> {
                        ApiResponse ok = operation.getResponses().get("200");
                        if (ok != null) {
                            ok.addHeaderObject(TreeHeadOnResponses.TREE_SIZE, header(
                                    "treeSize of the signed tree head this answer was computed under: the earliest covering"
                                    + " its last event, else the latest (see the ledger member's covers); absent while the"
                                    + " ledger has no head", new IntegerSchema().format("int64")));
                            ok.addHeaderObject(TreeHeadOnResponses.ROOT_HASH, header(
                                    "its RFC 9162 root hash, 64 lower-case hex", new StringSchema().pattern("^[0-9a-f]{64}$")));
                            ok.addHeaderObject(TreeHeadOnResponses.TREE_HEAD_TIME, header(
                                    "when it was signed, ISO-8601 UTC", new StringSchema().format("date-time")));
                        }
                    });
                }
            });
        };
    }

    static final String TREE_HEAD_SCHEMA = "LedgerTreeHead";

    @SuppressWarnings("rawtypes")
    private static Schema treeHeadSchema() {
        return new ObjectSchema()
                .description("The signed tree head of the transparency log an answer was computed under (ledger/README.md):"
                             + " the earliest head covering the answer's last event, else the latest head with covers=false."
                             + " Verify it with GET /api/ledger/tree-heads and an inclusion proof.")
                .addProperty("treeSize", new IntegerSchema().format("int64").description("leaves the head covers"))
                .addProperty("rootHash", new StringSchema().pattern("^[0-9a-f]{64}$")
                        .description("RFC 9162 Merkle root over them, SHA-256, lower-case hex"))
                .addProperty("treeHeadTime", new StringSchema().format("date-time").description("when it was signed, ISO-8601"))
                .addProperty("covers", new BooleanSchema()
                        .description("whether the head covers the answer's last event; false: the latest head, signed before it"))
                .required(List.of("treeSize", "rootHash", "treeHeadTime", "covers"))
                .example(Map.of("treeSize", 4211, "rootHash",
                                "40e051b8c72527207fab4d201aea43a2f20229700ce49c54ee09e6d7dd8e4cd0",
                                "treeHeadTime", "2021-06-08T02:00:00Z", "covers", true));
    }

    private static Header header(String description, Schema<?> schema) {
        return new Header().description(description).schema(schema);
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
