package org.certaudit.query.scorecard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.query.NotFoundException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.SmartLifecycle;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** {@link ScorecardUpdates} without a server: what it counts, refuses and ends. */
class ScorecardStreamsTest {

    static final AuditId AUDIT = AuditId.of(new ProjectNumber("7342-2026-SE"), 1);

    private final ScorecardUpdates updates = new ScorecardUpdates(2, Duration.ofMinutes(1), Duration.ofMinutes(1));

    @BeforeEach
    void start() {
        updates.start(); // as the application context does
    }

    @Test
    void stoppingEndsEveryStreamBeforeTheWebServersGracefulShutdownWaitsForThem() {
        SseEmitter open = updates.subscribe(AUDIT, () -> 3);

        updates.stop();

        assertThat(updates.openStreams()).isZero();
        assertThatThrownBy(() -> open.send("late")).isInstanceOf(IllegalStateException.class);
        // Spring stops higher phases first; the web server's graceful shutdown is SmartLifecycle.DEFAULT_PHASE - 1024.
        assertThat(updates.getPhase()).isGreaterThan(SmartLifecycle.DEFAULT_PHASE - 1024);
        updates.close();
    }

    @Test
    void aStreamAskedForWhileShuttingDownGetsTheCurrentVersionAndEnds() {
        updates.stop();

        SseEmitter late = updates.subscribe(AUDIT, () -> 3);

        assertThat(updates.openStreams()).isZero();
        assertThatThrownBy(() -> late.send("later")).isInstanceOf(IllegalStateException.class);
        updates.close();
    }

    @Test
    void shutdownEndsEveryStreamAndForgetsIt() {
        SseEmitter first = updates.subscribe(AUDIT, () -> 3);
        updates.subscribe(AUDIT, () -> 3);
        assertThat(updates.openStreams()).isEqualTo(2);

        updates.close();

        assertThat(updates.openStreams()).isZero();
        assertThatThrownBy(() -> first.send("late")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aStreamAboveTheLimitIsRefusedAndCountsForNothing() {
        updates.subscribe(AUDIT, () -> 3);
        updates.subscribe(AUDIT, () -> 3);

        assertThatThrownBy(() -> updates.subscribe(AUDIT, () -> 3)).isInstanceOf(TooManyStreamsException.class)
                .hasMessageContaining("all 2 scorecard update streams");
        assertThat(updates.openStreams()).isEqualTo(2);
        updates.close();
    }

    @Test
    void anAuditThatIsNotThereLeavesNoStreamBehind() {
        assertThatThrownBy(() -> updates.subscribe(AUDIT, () -> {
            throw new NotFoundException("no audit " + AUDIT);
        })).isInstanceOf(NotFoundException.class);

        assertThat(updates.openStreams()).isZero();
        updates.close();
    }

    @Test
    void refusesBoundsThatBoundNothing() {
        assertThatThrownBy(() -> new ScorecardUpdates(0, Duration.ofMinutes(1), Duration.ofMinutes(1)))
                .hasMessageContaining("max-streams >= 1");
        assertThatThrownBy(() -> new ScorecardUpdates(10, Duration.ZERO, Duration.ofMinutes(1)))
                .hasMessageContaining("positive timeout");
        assertThatThrownBy(() -> new ScorecardUpdates(10, Duration.ofMinutes(1), Duration.ofSeconds(-1)))
                .hasMessageContaining("heartbeat");
    }
}
