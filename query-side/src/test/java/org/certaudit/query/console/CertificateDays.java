package org.certaudit.query.console;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.Certificate;
import org.certaudit.audit.CertificateGranted;
import org.certaudit.audit.CertificateMaintained;
import org.certaudit.audit.CertificateRenewed;
import org.certaudit.audit.CertificateSuspended;
import org.certaudit.audit.CertificateWithdrawn;
import org.certaudit.audit.Decision;
import org.certaudit.audit.DecisionOutcome;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.certificate.CertificateHistory;
import org.certaudit.scheme.Grade;

/**
 * A certificate's life as the demo's: granted on 2021-07-01, valid to 2024-06-30, its first surveillance due by
 * 2022-06-07; and what later decisions make of it.
 */
final class CertificateDays {

    static final ProjectNumber PROJECT = new ProjectNumber("0455-2021-SE");
    static final String NUMBER = "CTS-2021-0455-2021-SE-1";
    static final LocalDate GRANTED_ON = LocalDate.of(2021, 7, 1);
    static final LocalDate VALID_UNTIL = LocalDate.of(2024, 6, 30);
    static final LocalDate FIRST_SURVEILLANCE_DUE = LocalDate.of(2022, 6, 7);

    private CertificateDays() {
    }

    static AuditId audit(int sequence) {
        return AuditId.of(PROJECT, sequence);
    }

    static Decision decision(DecisionOutcome outcome, LocalDate on) {
        return new Decision(outcome, "decider", on, 10, new BigDecimal("145.75"), Grade.TEN_STAR, "理由");
    }

    static CertificateHistory granted() {
        return CertificateHistory.issued(new CertificateGranted(audit(1), decision(DecisionOutcome.GRANT, GRANTED_ON),
                new Certificate(NUMBER, "组织", "范围", "CTS-ISC-JSGF-06", Grade.TEN_STAR, GRANTED_ON, GRANTED_ON, VALID_UNTIL,
                        FIRST_SURVEILLANCE_DUE)));
    }

    /** Maintained by a surveillance decided on {@code on}, the next one due by {@code due}. */
    static CertificateHistory maintained(CertificateHistory history, LocalDate on, LocalDate due) {
        return history.apply(new CertificateMaintained(audit(2), decision(DecisionOutcome.MAINTAIN, on), NUMBER, due));
    }

    static CertificateHistory suspended(CertificateHistory history, LocalDate on, LocalDate until, LocalDate due) {
        return history.apply(new CertificateSuspended(audit(2), decision(DecisionOutcome.SUSPEND, on), NUMBER, until, due));
    }

    static CertificateHistory withdrawn(CertificateHistory history, LocalDate on) {
        return history.apply(new CertificateWithdrawn(audit(2), decision(DecisionOutcome.WITHDRAW, on), NUMBER));
    }

    /** Renewed by a re-certification decided on {@code on}, valid from {@code from} for three years. */
    static CertificateHistory renewed(CertificateHistory history, LocalDate on, LocalDate from, LocalDate due) {
        return history.apply(new CertificateRenewed(audit(3), decision(DecisionOutcome.GRANT, on),
                new Certificate(NUMBER, "组织", "范围", "CTS-ISC-JSGF-06", Grade.TEN_STAR, on, from,
                        from.plusYears(3).minusDays(1), due)));
    }
}
