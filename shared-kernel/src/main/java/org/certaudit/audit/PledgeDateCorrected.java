package org.certaudit.audit;

import java.time.LocalDate;

/**
 * A team member corrected the day their impartiality and confidentiality pledge (公正性和保密承诺) was recorded as
 * signed on, with the reason: from now on the pledge counts as signed on {@code signedOn} instead of
 * {@code previousSignedOn}, the day the earlier {@link PledgeSigned} (or the last correction) recorded, which stays in
 * the stream. The event carries both days, as {@link ItemScoreRevised} carries both scores, so that it reads alone.
 */
public record PledgeDateCorrected(
        AuditId auditId,
        String memberCode,
        LocalDate previousSignedOn,
        LocalDate signedOn,
        String reason) implements AuditEvent {
}
