package org.certaudit.query.operations;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.monitoring.MessageMonitor.MonitorCallback;
import org.junit.jupiter.api.Test;

class ProcessorMessageMonitorTest {

    private final MockClock clock = new MockClock();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
    private final ProcessorMessageMonitor monitor = new ProcessorMessageMonitor(registry, "audit-scorecards");

    @Test
    void countsAndTimesEachOutcomePerPayloadTypeUnderAxonsMeterNames() {
        MonitorCallback first = monitor.onMessageIngested(event("scored"));
        clock.add(3, TimeUnit.MILLISECONDS);
        first.reportSuccess();
        monitor.onMessageIngested(event("scored")).reportFailure(new IllegalStateException("test"));
        monitor.onMessageIngested(event(42L)).reportIgnored();

        assertThat(count("ingestedCounter", "String")).isEqualTo(2);
        assertThat(count("processedCounter", "String")).isEqualTo(2);
        assertThat(count("successCounter", "String")).isEqualTo(1);
        assertThat(count("failureCounter", "String")).isEqualTo(1);
        assertThat(count("ignoredCounter", "String")).isZero();
        assertThat(count("ingestedCounter", "Long")).isEqualTo(1);
        assertThat(count("ignoredCounter", "Long")).isEqualTo(1);
        assertThat(count("processedCounter", "Long")).isZero();
        assertThat(timer("allTimer", "String").count()).isEqualTo(2);
        assertThat(timer("successTimer", "String").totalTime(TimeUnit.MILLISECONDS)).isEqualTo(3.0);
        assertThat(timer("failureTimer", "String").count()).isEqualTo(1);
        assertThat(timer("ignoredTimer", "Long").count()).isEqualTo(1);
    }

    @Test
    void latencyIsTheAgeOfTheLastEventInMilliseconds() {
        clock.add(10, TimeUnit.SECONDS);
        Instant now = Instant.ofEpochMilli(clock.wallTime());

        monitor.onMessageIngested(new GenericEventMessage<>(new GenericMessage<>("scored"), () -> now.minusMillis(250)))
               .reportSuccess();

        assertThat(registry.get("eventProcessor.latency").tag("processorName", "audit-scorecards").gauge().value())
                .isEqualTo(250.0);
    }

    private static GenericEventMessage<Object> event(Object payload) {
        return new GenericEventMessage<>(payload);
    }

    private double count(String name, String payloadType) {
        return registry.get("eventProcessor." + name).tag("processorName", "audit-scorecards")
                       .tag("payloadType", payloadType).counter().count();
    }

    private io.micrometer.core.instrument.Timer timer(String name, String payloadType) {
        return registry.get("eventProcessor." + name).tag("processorName", "audit-scorecards")
                       .tag("payloadType", payloadType).timer();
    }
}
