package org.certaudit.query.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.tokenstore.inmemory.InMemoryTokenStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.certaudit.audit.AuditOpened;
import org.certaudit.query.AuditFixtures;
import org.certaudit.query.ReadModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

/** Health and lag over real tracking processors, configured as the application does, without Spring. */
class ProjectionsHealthIndicatorTest {

    /** A read model whose store is down while {@code failing} is set. */
    @ProcessingGroup("flaky-read-model")
    static class FlakyProjection implements ReadModel {

        final AtomicBoolean failing = new AtomicBoolean();
        /** Whether the handler ends in an {@link Error} (a VirtualMachineError, as running out of memory is). */
        final AtomicBoolean erring = new AtomicBoolean();
        final AtomicInteger handled = new AtomicInteger();

        @Override
        public String processingGroup() {
            return "flaky-read-model";
        }

        @Override
        public List<String> collections() {
            return List.of();
        }

        @EventHandler
        void on(AuditOpened event) {
            if (erring.get()) {
                // Not an OutOfMemoryError itself: the test runner ends its forked JVM on seeing one.
                throw new StackOverflowError("handler too deep");
            }
            if (failing.get()) {
                throw new IllegalStateException("read-model store unavailable");
            }
            handled.incrementAndGet();
        }
    }

    private final FlakyProjection projection = new FlakyProjection();
    private final ProcessorTracker tracker = new ProcessorTracker();
    private Configuration axon;
    private ProjectionsHealthIndicator health;
    private ProcessorOperations operations;

    @BeforeEach
    void start() {
        axon = DefaultConfigurer.defaultConfiguration()
                .configureEmbeddedEventStore(c -> new InMemoryEventStorageEngine())
                .eventProcessing(processing -> processing
                        .usingTrackingEventProcessors()
                        .registerTokenStore(c -> new InMemoryTokenStore())
                        .registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance())
                        .registerDefaultHandlerInterceptor((c, name) -> tracker.interceptor(name))
                        .registerEventHandler(c -> projection))
                .buildConfiguration();
        axon.start();
        operations = new ProcessorOperations(axon.eventProcessingConfiguration(), axon.eventStore(), List.of(projection),
                tracker);
        health = new ProjectionsHealthIndicator(operations);
    }

    @AfterEach
    void stop() {
        axon.shutdown();
    }

    private void publish(long sequence) {
        AuditOpened opened = AuditFixtures.seedOpened();
        axon.eventStore().publish(new GenericDomainEventMessage<>("Project", opened.projectNumber().value(), sequence, opened));
    }

    @Test
    void isUpWhileTheProcessorsFollowTheEvents() {
        publish(0);
        await().atMost(Duration.ofSeconds(10)).until(() -> projection.handled.get() == 1);

        Health status = health.health();

        assertThat(status.getStatus()).isEqualTo(Status.UP);
        assertThat(status.getDetails()).containsKey("flaky-read-model");
        await().atMost(Duration.ofSeconds(5)).until(() -> operations.positionsBehind("flaky-read-model") == 0);
        assertThat(operations.secondsBehind("flaky-read-model")).isZero();
    }

    @Test
    void isDownWhileAProcessorIsStoppedOnAnErrorAndUpAgainOnceItRecovers() {
        projection.failing.set(true);
        publish(0);

        await().atMost(Duration.ofSeconds(10)).until(() -> health.health().getStatus().equals(Status.DOWN));
        assertThat(health.health().getDetails().get("flaky-read-model").toString()).contains("read-model store unavailable");
        assertThat(operations.status("flaky-read-model").error()).isTrue();

        projection.failing.set(false);

        await().atMost(Duration.ofSeconds(15)).until(() -> health.health().getStatus().equals(Status.UP));
        assertThat(projection.handled.get()).isEqualTo(1);
    }

    @Test
    void isDownAndSaysWhyWhileAnErrorKeepsAProcessorStoppedUntilItIsRebuilt() throws Exception {
        projection.erring.set(true);
        publish(0);
        // Awaitility would fail on the Error that ends Axon's worker thread; only the processor's state matters here.

        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(10)).until(() -> health.health().getStatus().equals(Status.DOWN));
        ProcessorStatus stopped = operations.status("flaky-read-model");
        assertThat(stopped.running()).isFalse();
        assertThat(stopped.error()).isTrue();
        assertThat(stopped.errorMessage()).isEqualTo(ProcessorOperations.STOPPED_BY_AN_ERROR);
        assertThat(health.health().getDetails().get("flaky-read-model").toString()).contains("does not retry");

        projection.erring.set(false);
        Thread.sleep(1_500);
        assertThat(health.health().getStatus()).as("no retry after an Error").isEqualTo(Status.DOWN);
        assertThat(projection.handled.get()).isZero();

        operations.rebuild("flaky-read-model");
        await().dontCatchUncaughtExceptions().atMost(Duration.ofSeconds(15)).until(() -> health.health().getStatus().equals(Status.UP));
        assertThat(projection.handled.get()).isEqualTo(1);
    }
}
