package org.certaudit.query.scorecard;

import java.time.Instant;
import org.axonframework.eventhandling.DomainEventMessage;

/**
 * A point in an audit's life: now, at a version (a project-stream sequence number) or as of an
 * instant. An event belongs to the point when it happened at or before it.
 */
public record PointInTime(Instant asOf, Long atVersion) {

    public static final PointInTime NOW = new PointInTime(null, null);

    public PointInTime {
        if (asOf != null && atVersion != null) {
            throw new IllegalArgumentException("a point in time is a version or an instant, not both");
        }
        if (atVersion != null && atVersion < 0) {
            throw new IllegalArgumentException("a version is 0 or more, was " + atVersion);
        }
    }

    public static PointInTime atVersion(long version) {
        return new PointInTime(null, version);
    }

    public static PointInTime asOf(Instant instant) {
        return new PointInTime(instant, null);
    }

    public boolean isNow() {
        return asOf == null && atVersion == null;
    }

    /** Whether the stored event happened at or before this point (every event belongs to now). */
    public boolean includes(DomainEventMessage<?> event) {
        if (atVersion != null) {
            return event.getSequenceNumber() <= atVersion;
        }
        return asOf == null || !event.getTimestamp().isAfter(asOf);
    }

    @Override
    public String toString() {
        if (atVersion != null) {
            return "version " + atVersion;
        }
        return asOf == null ? "now" : asOf.toString();
    }
}
