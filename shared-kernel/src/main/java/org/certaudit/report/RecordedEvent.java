package org.certaudit.report;

import java.time.Instant;
import java.util.Objects;
import org.certaudit.audit.AuditEvent;

/**
 * One event of a project stream as a report is folded from it.
 *
 * @param sequence   its sequence number in the project stream, from 0
 * @param event      its payload
 * @param user       the metadata {@code user} it was recorded with (who signed in), or null
 * @param recordedAt its timestamp
 */
public record RecordedEvent(long sequence, AuditEvent event, String user, Instant recordedAt) {

    public RecordedEvent {
        Objects.requireNonNull(event, "event is required");
    }
}
