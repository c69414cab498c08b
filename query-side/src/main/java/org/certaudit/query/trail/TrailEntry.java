package org.certaudit.query.trail;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/**
 * One event of an audit's trail. {@code payload} is the event as JSON, passed through as it was
 * written so that its decimals stay exact.
 */
public record TrailEntry(
        String type,
        @JsonRawValue String payload,
        String user,
        String requestId,
        Instant time,
        long position,
        long sequenceNumber,
        String eventId) {
}
