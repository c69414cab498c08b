package org.certaudit.query.scorecard;

import org.axonframework.eventsourcing.eventstore.EventStore;
import org.certaudit.audit.AuditId;
import org.certaudit.query.BadParameterException;
import org.certaudit.web.RuleCode;
import org.springframework.stereotype.Component;

/**
 * Refuses a point in time given as a version the audit's project has not reached: what it would show is the current
 * state, which changes as events arrive, while a version is meant to name a point that never changes (a re-issued
 * report is byte-identical). Versions are the project stream's sequence numbers.
 */
@Component
public class ProjectVersions {

    private final EventStore eventStore;

    ProjectVersions(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    /**
     * Passes when {@code point} is not a version, when the answer shows that very version, or when the project's
     * stream has reached it (the audit may not have changed since); otherwise looks up the stream's last sequence
     * number.
     *
     * @param parameter the request parameter that gave the point, named in the problem
     * @param shown     the audit's version in the answer for the point (null if it was not opened yet there)
     * @throws BadParameterException {@code field.max} with the project's last version so far
     */
    public void requireReached(String parameter, AuditId auditId, PointInTime point, Long shown) {
        Long version = point.atVersion();
        if (version == null || version.equals(shown)) {
            return;
        }
        eventStore.lastSequenceNumberFor(auditId.projectNumber().value()).ifPresent(last -> {
            if (version > last) {
                throw new BadParameterException(parameter, RuleCode.FIELD_MAX.with("value", last), parameter
                        + " must be at most " + last + ", the last version of project " + auditId.projectNumber().value()
                        + " so far, was " + version);
            }
        });
    }
}
