package org.certaudit.command.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import io.swagger.v3.oas.annotations.media.Schema;
import java.math.BigDecimal;
import org.certaudit.audit.AuditId;
import org.certaudit.scheme.Grade;

/**
 * What a handled command answers: the audit and the project stream's version after it (the
 * value for the next {@code If-Match}). A command that changed nothing answers the unchanged
 * version. The other fields are there only for the commands that produce them.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AuditChange(
        @Schema(description = "The audit, <project number>.<n>", example = "0455-2021-SE.1", type = "string")
        @JsonSerialize(using = ToStringSerializer.class) AuditId auditId,
        @Schema(description = "The project stream's version after the change; send it as If-Match next time", example = "7")
        long version,
        @Schema(description = "The id of the special item recorded (special items only)", example = "S1")
        String specialItemId,
        @Schema(description = "The total the scoring rules gave (recommendation only)", example = "145.75")
        BigDecimal total,
        @Schema(description = "The recommended grade (recommendation only)", example = "TEN_STAR")
        Grade grade) {

    public static AuditChange of(AuditId auditId, long version) {
        return new AuditChange(auditId, version, null, null, null);
    }
}
