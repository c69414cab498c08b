package org.certaudit.query.audits;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.LocalDate;
import org.certaudit.audit.AuditType;

/** One line of the audit list. */
public record AuditSummary(
        String id,
        String projectNumber,
        AuditType type,
        AuditStatus status,
        String organization,
        LocalDate onSiteFrom,
        LocalDate onSiteTo,
        long version) {

    /** The audit type's Chinese name, next to its code (初次认证, 保持认证, 再认证). */
    @JsonProperty("typeLabel")
    public String typeLabel() {
        return type == null ? null : type.chineseName();
    }

    @JsonProperty("statusLabel")
    public String statusLabel() {
        return status == null ? null : status.chineseName();
    }
}
