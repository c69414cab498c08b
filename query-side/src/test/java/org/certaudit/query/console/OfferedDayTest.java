package org.certaudit.query.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certaudit.query.console.CertificateDays.NUMBER;
import static org.certaudit.query.console.CertificateDays.VALID_UNTIL;
import static org.certaudit.query.console.CertificateDays.granted;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.DecisionOutcome;
import org.certaudit.certificate.CertificateHistory;
import org.certaudit.certificate.CertificateStatus;
import org.junit.jupiter.api.Test;

/**
 * The day a report's, a review's or a decision's form offers: today when the command side takes it, else the nearest
 * day it takes, with why. A surveillance is decided while its certificate is valid or suspended (a suspension only while
 * it is valid) and no earlier than the act before it.
 */
class OfferedDayTest {

    private static final List<CertificateStatus> SURVEILLANCE =
            CertificateStatus.requiredToDecideAtAll(AuditType.SURVEILLANCE);
    private static final LocalDate VISIT = LocalDate.of(2022, 5, 10);

    @Test
    void todayWhileTheCertificateIsInForce() {
        LocalDate today = LocalDate.of(2023, 3, 1);
        OfferedDay offered = OfferedDay.on(today, VISIT, Optional.of(granted()), SURVEILLANCE);
        assertThat(offered.day()).isEqualTo(today);
        assertThat(offered.reason()).isNull();
    }

    @Test
    void theLastValidDayOnceTheCertificateExpiredSayingSo() {
        LocalDate today = LocalDate.of(2026, 12, 6);
        OfferedDay offered = OfferedDay.on(today, VISIT, Optional.of(granted()), SURVEILLANCE);
        assertThat(offered.day()).isEqualTo(VALID_UNTIL);
        assertThat(offered.reason()).isEqualTo(OfferedDay.Reason.CERTIFICATE_ENDED);
        assertThat(offered.number()).isEqualTo(NUMBER);
        assertThat(offered.certificate().status()).isEqualTo(CertificateStatus.EXPIRED);
        assertThat(offered.certificate().validUntil()).isEqualTo(VALID_UNTIL);
    }

    @Test
    void theLastValidDayOfASuspendedCertificateThatExpiredWhileSuspended() {
        CertificateHistory suspended = CertificateDays.suspended(granted(), LocalDate.of(2024, 3, 1),
                LocalDate.of(2024, 8, 31), LocalDate.of(2025, 2, 1));
        OfferedDay offered = OfferedDay.on(LocalDate.of(2025, 1, 10), VISIT, Optional.of(suspended), SURVEILLANCE);
        assertThat(offered.day()).isEqualTo(VALID_UNTIL);
        assertThat(offered.reason()).isEqualTo(OfferedDay.Reason.CERTIFICATE_ENDED);
    }

    @Test
    void noDayWhenTheEarliestDayComesAfterTheCertificatesLastValidDay() {
        // A report of 2024-07-05 recorded before the rule: an acceptance can be dated on no day a decision could follow.
        LocalDate reported = VALID_UNTIL.plusDays(5);
        OfferedDay offered = OfferedDay.on(LocalDate.of(2026, 12, 6), reported, Optional.of(granted()), SURVEILLANCE);
        assertThat(offered.day()).isNull();
        assertThat(offered.reason()).isEqualTo(OfferedDay.Reason.NO_DAY);
        assertThat(offered.earliest()).isEqualTo(reported);
    }

    @Test
    void noDayYetWhenTheVisitIsStillToCome() {
        LocalDate today = LocalDate.of(2023, 3, 1);
        OfferedDay offered = OfferedDay.on(today, today.plusDays(30), Optional.of(granted()), SURVEILLANCE);
        assertThat(offered.day()).isNull();
        assertThat(offered.reason()).isEqualTo(OfferedDay.Reason.NOT_BEGUN);
        assertThat(offered.earliest()).isEqualTo(today.plusDays(30));
    }

    @Test
    void todayForAnAuditDecidedOnAnyDayWhateverTheCertificate() {
        LocalDate today = LocalDate.of(2026, 12, 6);
        OfferedDay recertification = OfferedDay.on(today, VISIT, Optional.of(granted()),
                CertificateStatus.requiredToDecideAtAll(AuditType.RECERTIFICATION));
        assertThat(recertification.day()).isEqualTo(today);
        assertThat(recertification.reason()).isNull();
        assertThat(OfferedDay.on(today, VISIT, Optional.empty(), List.of()).day()).isEqualTo(today);
    }

    @Test
    void todayAfterTheEarlierPeriodWhenARenewalContinuesIt() {
        CertificateHistory renewed = CertificateDays.renewed(granted(), LocalDate.of(2024, 5, 15),
                VALID_UNTIL.plusDays(1), LocalDate.of(2025, 5, 1));
        LocalDate today = LocalDate.of(2024, 8, 1);
        assertThat(OfferedDay.on(today, VISIT, Optional.of(renewed), SURVEILLANCE).day()).isEqualTo(today);
    }

    @Test
    void eachDecisionOutcomeTheLastValidDayOnceExpiredWhenTheCertificateHadAStatusItNeedsThen() {
        // Suspended before the visit and expired while suspended: maintained or withdrawn on the last valid day, never
        // suspended again (ISO/IEC 17065 7.11: only a valid certificate is suspended).
        CertificateHistory suspended = CertificateDays.suspended(granted(), LocalDate.of(2024, 3, 1),
                LocalDate.of(2024, 8, 31), LocalDate.of(2025, 2, 1));
        LocalDate reviewed = LocalDate.of(2024, 5, 20);
        LocalDate today = LocalDate.of(2025, 1, 10);
        for (DecisionOutcome outcome : List.of(DecisionOutcome.MAINTAIN, DecisionOutcome.WITHDRAW)) {
            OfferedDay offered = OfferedDay.on(today, reviewed, Optional.of(suspended),
                    CertificateStatus.requiredToDecide(outcome, AuditType.SURVEILLANCE));
            assertThat(offered.day()).as(outcome.name()).isEqualTo(VALID_UNTIL);
            assertThat(offered.reason()).isEqualTo(OfferedDay.Reason.CERTIFICATE_ENDED);
        }
        OfferedDay suspension = OfferedDay.on(today, reviewed, Optional.of(suspended),
                CertificateStatus.requiredToDecide(DecisionOutcome.SUSPEND, AuditType.SURVEILLANCE));
        assertThat(suspension.day()).isNull();
        assertThat(suspension.reason()).isEqualTo(OfferedDay.Reason.NO_DAY);
        assertThat(suspension.earliest()).isEqualTo(reviewed);
    }

    @Test
    void aDecisionNoEarlierThanItsAcceptanceWhateverTheCertificate() {
        // An initial audit's grant and a refusal need no certificate; an acceptance dated ahead of today (another
        // calendar's today) leaves no day yet.
        LocalDate today = LocalDate.of(2023, 3, 1);
        OfferedDay offered = OfferedDay.on(today, today.plusDays(1), Optional.empty(),
                CertificateStatus.requiredToDecide(DecisionOutcome.GRANT, AuditType.INITIAL));
        assertThat(offered.day()).isNull();
        assertThat(offered.reason()).isEqualTo(OfferedDay.Reason.NOT_BEGUN);
        assertThat(OfferedDay.on(today, today, Optional.empty(), List.of()).day()).isEqualTo(today);
    }

    @Test
    void noDayOnceTheCertificateWasWithdrawn() {
        CertificateHistory withdrawn = CertificateDays.withdrawn(granted(), LocalDate.of(2023, 1, 10));
        OfferedDay offered = OfferedDay.on(LocalDate.of(2023, 3, 1), VISIT, Optional.of(withdrawn), SURVEILLANCE);
        assertThat(offered.day()).isNull();
        assertThat(offered.reason()).isEqualTo(OfferedDay.Reason.NO_DAY);
    }
}
