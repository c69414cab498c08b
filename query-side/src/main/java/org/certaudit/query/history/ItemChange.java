package org.certaudit.query.history;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * One change to an item. A side with neither a percent nor not applicable means the item had no
 * result (not yet scored, or restored and not scored again).
 */
public record ItemChange(
        Kind kind,
        BigDecimal oldPercent,
        boolean oldNotApplicable,
        BigDecimal newPercent,
        boolean newNotApplicable,
        String note,
        String reason,
        String user,
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
        SCORED("评分"), REVISED("修改评分"), MARKED_NOT_APPLICABLE("标记不涉及"), APPLICABILITY_RESTORED("恢复适用");

        private final String chineseName;

        Kind(String chineseName) {
            this.chineseName = chineseName;
        }

        public String chineseName() {
            return chineseName;
        }
    }
}
