package org.certaudit.query.operations;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/**
 * Projection lag per processor: {@code certaudit.projection.lag.positions} (events between the
 * processor's position and the head of the event store) and {@code certaudit.projection.lag.seconds}
 * (how stale the read model is). The tag is the processor name, a handful of fixed values.
 */
@Component
class ProjectionLagMetrics implements MeterBinder {

    static final String POSITIONS = "certaudit.projection.lag.positions";
    static final String SECONDS = "certaudit.projection.lag.seconds";

    private final ProcessorOperations operations;

    ProjectionLagMetrics(ProcessorOperations operations) {
        this.operations = operations;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (String name : operations.names()) {
            Gauge.builder(POSITIONS, operations, ops -> safely(() -> ops.positionsBehind(name)))
                    .description("Events between the processor's position and the head of the event store")
                    .tag("processor", name)
                    .register(registry);
            Gauge.builder(SECONDS, operations, ops -> safely(() -> ops.secondsBehind(name)))
                    .description("Age of the newest event the processor has handled while it is behind; 0 when caught up")
                    .baseUnit("seconds")
                    .tag("processor", name)
                    .register(registry);
        }
    }

    /** A gauge read must not fail a scrape; NaN says "unknown" (e.g. while the store is down). */
    private static double safely(java.util.function.DoubleSupplier value) {
        try {
            return value.getAsDouble();
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
