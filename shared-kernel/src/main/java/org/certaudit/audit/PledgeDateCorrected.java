package org.certaudit.audit;

import java.time.LocalDate;

/**
 * A team member corrected the day their impartiality and confidentiality pledge (公正性和保密承诺) was recorded as
 * signed on, with the reason: from now on the pledge counts as signed on {@code signedOn}. The earlier
 * {@link PledgeSigned} (and any earlier correction) stays in the stream with the day it recorded.
 */
public record PledgeDateCorrected(AuditId auditId, String memberCode, LocalDate signedOn, String reason)
        implements AuditEvent {
}
