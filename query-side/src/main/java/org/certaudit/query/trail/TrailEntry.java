package org.certaudit.query.trail;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import org.certaudit.query.actor.ActingMember;

/**
 * One event of an audit's trail. {@code payload} is the event as JSON with its single-value wrappers
 * unwrapped ({@code "percent":96}, not {@code {"value":96}}), passed through as text so that its decimals
 * stay exact. {@code user} is who signed in, {@code personName} that person's name as recorded with the event (null when
 * none was, as in events recorded before names were kept); {@code member} the team member that user was at that moment
 * (null when not on the team, e.g. an ADMIN opening the audit). {@code subject} is the member
 * an event names only by code ({@code memberCode}: a removal, a pledge, a pledge's corrected day), worked out from the
 * same timeline.
 */
public record TrailEntry(
        @Schema(description = "The event's type", example = "ItemScoreRevised")
        String type,
        @Schema(implementation = java.util.Map.class, description = "The event's fields; ids and percents as plain values, decimals exact",
                example = "{\"auditId\":\"0455-2021-SE.1\",\"clause\":\"5.2.2.3\",\"previousPercent\":97,"
                        + "\"percent\":80,\"note\":\"maintenance records incomplete\",\"reason\":\"records for 2020 missing\"}")
        @JsonRawValue String payload,
        @Schema(description = "The user who signed in and caused the event", example = "auditor")
        String user,
        @Schema(nullable = true, description = "The name of the person who signed in, as recorded with the event when "
                + "they acted; null when none was", example = "周文博")
        String personName,
        @Schema(nullable = true)
        ActingMember member,
        @Schema(nullable = true, description = "The team member the event names by code (memberCode of "
                + "TeamMemberRemoved, PledgeSigned and PledgeDateCorrected), as the team stood then; null for other events")
        ActingMember subject,
        @Schema(description = "The request id stamped on the event", example = "9b2f0c5e-2d7a-4a47-9d0e-3f7a1c2b8e11")
        String requestId,
        @Schema(description = "When the event was stored")
        Instant time,
        @Schema(description = "The event's position in the global event stream", example = "1842")
        long position,
        @Schema(description = "The event's sequence number in the project stream: the audit's version after it", example = "161")
        long sequenceNumber,
        @Schema(description = "The event's id", example = "3c1d5e0a-7f62-4c8e-9a51-0b6d2f4e8a90")
        String eventId) {
}
