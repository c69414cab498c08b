package org.certaudit.report;

import java.time.Instant;
import java.util.Objects;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.EventMetaData;

/**
 * One event of a project stream as a report is folded from it.
 *
 * @param sequence   its sequence number in the project stream, from 0
 * @param event      its payload
 * @param user       the metadata {@link EventMetaData#USER} it was recorded with (who signed in), or null
 * @param personName the metadata {@link EventMetaData#PERSON_NAME} it was recorded with (that person's name as it stood then), or
 *                   null: printed beside the user name, never digested
 * @param recordedAt its timestamp
 */
public record RecordedEvent(long sequence, AuditEvent event, String user, String personName, Instant recordedAt) {

    public RecordedEvent {
        Objects.requireNonNull(event, "event is required");
    }

    /** An event recorded with no person's name (every event stored before names were kept). */
    public RecordedEvent(long sequence, AuditEvent event, String user, Instant recordedAt) {
        this(sequence, event, user, null, recordedAt);
    }

    /**
     * The name recorded for {@code actor} (a reviewer, decider, canceller the payload names): {@link #personName()} when
     * {@code actor} is the user who signed in, else null.
     */
    public String nameOf(String actor) {
        return EventMetaData.nameRecordedFor(actor, user, personName);
    }
}
