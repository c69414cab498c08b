package org.certaudit.audit;

import java.time.LocalDate;

/** A team member signed the impartiality and confidentiality pledge (公正性和保密承诺) on the given day. */
public record PledgeSigned(AuditId auditId, String memberCode, LocalDate signedOn) implements AuditEvent {
}
