package org.certaudit.command.audit;

import java.time.LocalDate;
import org.certaudit.audit.AuditId;

/**
 * The acting team member signs the impartiality and confidentiality pledge (公正性和保密承诺) on
 * the given day. {@code memberCode} is optional: when given it must be the signer's own code.
 */
public record SignPledge(AuditId auditId, String memberCode, LocalDate signedOn) implements AuditCommand {

    public SignPledge {
        Shape.required(auditId, "audit id");
        memberCode = Shape.optionalText(memberCode);
        Shape.required(signedOn, "signing date");
    }
}
