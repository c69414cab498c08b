package org.certaudit.query.operations;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

/**
 * Health component {@code projections}: DOWN while any projection's processor has stopped on an
 * error, with each processor's state in the details. A handler's or a read's {@link Exception} is retried by Axon with
 * back-off (its read model falls behind meanwhile) and the component is UP again once a retry succeeds. An
 * {@link Error} (an {@link OutOfMemoryError}, say) is not retried: the processor stays stopped, and this DOWN, until
 * it is rebuilt or the query side restarts ({@link ProcessorOperations#STOPPED_BY_AN_ERROR}).
 */
@Component
class ProjectionsHealthIndicator extends AbstractHealthIndicator {

    private final ProcessorOperations operations;

    ProjectionsHealthIndicator(ProcessorOperations operations) {
        super("projection processors could not be checked");
        this.operations = operations;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        List<ProcessorStatus> statuses = operations.statuses();
        boolean failed = false;
        for (ProcessorStatus status : statuses) {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("running", status.running());
            details.put("replaying", status.replaying());
            details.put("position", status.position());
            details.put("positionsBehind", status.positionsBehind());
            if (status.error()) {
                failed = true;
                details.put("error", status.errorMessage());
            }
            builder.withDetail(status.name(), details);
        }
        if (failed) {
            builder.down();
        } else {
            builder.up();
        }
    }
}
