package org.certaudit.query.operations;

import static org.axonframework.micrometer.TagsUtil.PAYLOAD_TYPE_TAG;
import static org.axonframework.micrometer.TagsUtil.PROCESSOR_NAME_TAG;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.monitoring.MessageMonitor;

/**
 * The meters Axon's {@code MessageTimerMonitor}, {@code MessageCountingMonitor} and
 * {@code EventProcessorLatencyMonitor} publish for one event processor, under the same names and tags
 * ({@code eventProcessor.allTimer}, {@code .successTimer}, {@code .failureTimer}, {@code .ignoredTimer},
 * {@code .ingestedCounter}, {@code .processedCounter}, {@code .successCounter}, {@code .failureCounter},
 * {@code .ignoredCounter}, tagged {@code processorName} and {@code payloadType}; {@code eventProcessor.latency}, the
 * milliseconds between the last event's timestamp and its processing, tagged {@code processorName}), with each
 * meter looked up once per payload type.
 *
 * <p>Axon's monitors look every meter up in the registry again for each message (nine lookups, each building its
 * tags), and their timers keep client-side percentiles: one processor's rebuild spent about a tenth of its time
 * there (a flight recording of the system benchmark, session 7). These timers keep no percentiles; Spring Boot's
 * {@code management.metrics.distribution.*} settings can add them.
 */
final class ProcessorMessageMonitor implements MessageMonitor<EventMessage<?>> {

    private static final String PREFIX = "eventProcessor.";

    private final MeterRegistry registry;
    private final String processor;
    private final Clock clock;
    private final AtomicLong latencyMillis = new AtomicLong();
    private final Map<Class<?>, Meters> meters = new ConcurrentHashMap<>();

    ProcessorMessageMonitor(MeterRegistry registry, String processor) {
        this.registry = registry;
        this.processor = processor;
        this.clock = registry.config().clock();
        Gauge.builder(PREFIX + "latency", latencyMillis, AtomicLong::get)
             .tags(Tags.of(PROCESSOR_NAME_TAG, processor))
             .register(registry);
    }

    private record Meters(Timer all, Timer success, Timer failure, Timer ignored,
                          Counter ingested, Counter processed, Counter succeeded, Counter failed, Counter ignoredCount) {
    }

    @Override
    public MonitorCallback onMessageIngested(EventMessage<?> message) {
        Meters meters = this.meters.computeIfAbsent(message.getPayloadType(), this::metersFor);
        long started = clock.monotonicTime();
        latencyMillis.set(clock.wallTime() - message.getTimestamp().toEpochMilli());
        meters.ingested().increment();
        return new MonitorCallback() {
            @Override
            public void reportSuccess() {
                meters.processed().increment();
                meters.succeeded().increment();
                record(meters.success());
            }

            @Override
            public void reportFailure(Throwable cause) {
                meters.processed().increment();
                meters.failed().increment();
                record(meters.failure());
            }

            @Override
            public void reportIgnored() {
                meters.ignoredCount().increment();
                record(meters.ignored());
            }

            private void record(Timer outcome) {
                long nanos = clock.monotonicTime() - started;
                meters.all().record(nanos, TimeUnit.NANOSECONDS);
                outcome.record(nanos, TimeUnit.NANOSECONDS);
            }
        };
    }

    private Meters metersFor(Class<?> payloadType) {
        Tags tags = Tags.of(PAYLOAD_TYPE_TAG, payloadType.getSimpleName(), PROCESSOR_NAME_TAG, processor);
        return new Meters(timer("allTimer", tags), timer("successTimer", tags), timer("failureTimer", tags),
                timer("ignoredTimer", tags), counter("ingestedCounter", tags), counter("processedCounter", tags),
                counter("successCounter", tags), counter("failureCounter", tags), counter("ignoredCounter", tags));
    }

    private Timer timer(String name, Tags tags) {
        return Timer.builder(PREFIX + name).tags(tags).register(registry);
    }

    private Counter counter(String name, Tags tags) {
        return registry.counter(PREFIX + name, tags);
    }
}
