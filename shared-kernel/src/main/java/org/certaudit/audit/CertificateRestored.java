package org.certaudit.audit;

import java.time.LocalDate;

/**
 * A decider lifted the suspension of a certificate from {@code restoredOn}. {@code auditId} is the
 * audit whose decision suspended it; {@code decider} is the restoring user's name.
 */
public record CertificateRestored(
        AuditId auditId,
        String certificateNumber,
        String decider,
        LocalDate restoredOn,
        String reason) implements AuditEvent {
}
