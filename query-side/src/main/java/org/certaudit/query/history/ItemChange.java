package org.certaudit.query.history;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import org.certaudit.query.actor.ActingMember;

/**
 * One change to an item. A side with neither a percent nor not applicable means the item had no
 * result (not yet scored, or restored and not scored again). {@code user} is who signed in;
 * {@code member} the team member that user was at that moment (code, name, role), null when the user
 * was not on the team then.
 */
public record ItemChange(
        Kind kind,
        BigDecimal oldPercent,
        boolean oldNotApplicable,
        BigDecimal newPercent,
        boolean newNotApplicable,
        String note,
        String reason,
        @Schema(description = "The user who signed in and made the change", example = "auditor")
        String user,
        @Schema(nullable = true)
        ActingMember member,
        String requestId,
        Instant time,
        long position,
        long sequenceNumber) {

    /** The kind's Chinese name, next to its code. */
    @JsonProperty("kindLabel")
    public String kindLabel() {
        return kind == null ? null : kind.chineseName();
    }

    /** The event behind the change. */
    public enum Kind {
        SCORED("评分"), REVISED("修改评分"), MARKED_NOT_APPLICABLE("标记不涉及"),
        NOT_APPLICABLE_REASON_REVISED("修改不涉及原因"), APPLICABILITY_RESTORED("恢复适用");

        private final String chineseName;

        Kind(String chineseName) {
            this.chineseName = chineseName;
        }

        public String chineseName() {
            return chineseName;
        }
    }
}
