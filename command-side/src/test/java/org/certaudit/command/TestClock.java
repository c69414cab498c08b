package org.certaudit.command;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The system clock plus an offset a test moves forward, as the {@link Clock} bean of the shared test context
 * (the idempotency store measures its pending timeout with it). A test that moves it calls {@link #reset()}.
 */
public final class TestClock extends Clock {

    private volatile Duration offset = Duration.ZERO;

    public void advance(Duration duration) {
        offset = offset.plus(duration);
    }

    public void reset() {
        offset = Duration.ZERO;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    /** Registers the clock; {@link CommandSideTest} imports it. */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {
        @Bean
        TestClock testClock() {
            return new TestClock();
        }
    }
}
