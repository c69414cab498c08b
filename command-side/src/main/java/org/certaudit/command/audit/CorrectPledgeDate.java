package org.certaudit.command.audit;

import java.time.LocalDate;
import org.certaudit.audit.AuditId;

/**
 * The acting team member corrects the day their impartiality and confidentiality pledge was recorded as signed on,
 * with the reason; {@code memberCode} names the pledge and must be the member's own code.
 */
public record CorrectPledgeDate(AuditId auditId, String memberCode, LocalDate signedOn, String reason)
        implements AuditCommand {

    public CorrectPledgeDate {
        Shape.required(auditId, "audit id");
        memberCode = Shape.text(memberCode, "team member code");
        Shape.required(signedOn, "signing date");
        reason = Shape.text(reason, "reason");
    }
}
