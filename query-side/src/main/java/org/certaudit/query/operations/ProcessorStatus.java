package org.certaudit.query.operations;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Where a projection's processor stands: running or not, stopped on an error, replaying, the
 * position it reached against the head of the event store, and the progress of its last rebuild.
 */
public record ProcessorStatus(
        String name,
        boolean running,
        boolean error,
        String errorMessage,
        boolean replaying,
        Long position,
        Long headPosition,
        long positionsBehind,
        Rebuild rebuild) {

    /**
     * The last rebuild: when it started and ended (null while it runs), how many events it has
     * handled, at what rate, and how long the rest should take at that rate.
     */
    public record Rebuild(
            Instant startedAt,
            Instant finishedAt,
            long eventsHandled,
            BigDecimal eventsPerSecond,
            Long estimatedSecondsLeft) {
    }
}
