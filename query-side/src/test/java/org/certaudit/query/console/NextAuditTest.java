package org.certaudit.query.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certaudit.query.console.CertificateDays.GRANTED_ON;
import static org.certaudit.query.console.CertificateDays.NUMBER;
import static org.certaudit.query.console.CertificateDays.VALID_UNTIL;
import static org.certaudit.query.console.CertificateDays.granted;

import java.time.LocalDate;
import java.util.Optional;
import org.certaudit.audit.AuditType;
import org.certaudit.certificate.CertificateHistory;
import org.junit.jupiter.api.Test;

/**
 * The type suggested for a project's next audit follows its certificate's state on the first on-site day given, not
 * today's: the demo's certificate (valid 2021-07-01 to 2024-06-30) read on days of 2022 to 2025.
 */
class NextAuditTest {

    private static NextAudit on(LocalDate day, CertificateHistory certificate) {
        return NextAudit.on(day, GRANTED_ON, NUMBER, Optional.of(certificate));
    }

    @Test
    void aSurveillanceWhileTheCertificateIsInForceWithOneDueBeforeItsLastYear() {
        NextAudit next = on(LocalDate.of(2022, 5, 10), granted());
        assertThat(next.type()).isEqualTo(AuditType.SURVEILLANCE);
        assertThat(next.reason()).isEqualTo(NextAudit.Reason.SURVEILLANCE_DUE);
        assertThat(next.dueBy()).isEqualTo(CertificateDays.FIRST_SURVEILLANCE_DUE);
    }

    @Test
    void aSurveillanceDueTheDayBeforeTheCertificatesLastYear() {
        // The last year of the certificate valid to 2024-06-30 begins on 2023-07-01.
        CertificateHistory maintained = CertificateDays.maintained(granted(), LocalDate.of(2022, 7, 20),
                LocalDate.of(2023, 6, 30));
        NextAudit next = on(LocalDate.of(2023, 6, 1), maintained);
        assertThat(next.type()).isEqualTo(AuditType.SURVEILLANCE);
        assertThat(next.dueBy()).isEqualTo(LocalDate.of(2023, 6, 30));
    }

    @Test
    void aReCertificationOnceTheNextSurveillanceWouldFallDueOnTheCertificatesLastYearsFirstDay() {
        CertificateHistory maintained = CertificateDays.maintained(granted(), LocalDate.of(2022, 7, 20),
                LocalDate.of(2023, 7, 1));
        NextAudit next = on(LocalDate.of(2023, 6, 1), maintained);
        assertThat(next.type()).isEqualTo(AuditType.RECERTIFICATION);
        assertThat(next.reason()).isEqualTo(NextAudit.Reason.CYCLE_DONE);
        assertThat(next.dueBy()).as("decided by the last valid day").isEqualTo(VALID_UNTIL);
    }

    @Test
    void aReCertificationAfterTheCyclesSecondSurveillanceStoredWithASurveillanceDueWeeksBeforeTheExpiry() {
        // As the command side recorded the second surveillance's decision before the rule: due by 2024-06-10.
        CertificateHistory maintainedTwice = CertificateDays.maintained(CertificateDays.maintained(granted(),
                LocalDate.of(2022, 6, 20), LocalDate.of(2023, 5, 11)), LocalDate.of(2023, 6, 20), LocalDate.of(2024, 6, 10));
        NextAudit before = on(LocalDate.of(2023, 6, 1), maintainedTwice);
        assertThat(before.type()).as("on a day before that decision").isEqualTo(AuditType.SURVEILLANCE);
        assertThat(before.dueBy()).isEqualTo(LocalDate.of(2023, 5, 11));
        NextAudit next = on(LocalDate.of(2024, 3, 1), maintainedTwice);
        assertThat(next.type()).isEqualTo(AuditType.RECERTIFICATION);
        assertThat(next.reason()).isEqualTo(NextAudit.Reason.CYCLE_DONE);
        assertThat(next.dueBy()).isEqualTo(VALID_UNTIL);
        assertThat(on(LocalDate.of(2024, 6, 20), maintainedTwice).type()).as("after the day once recorded")
                .isEqualTo(AuditType.RECERTIFICATION);
    }

    @Test
    void withoutADayTheFormStartsWithWhatTheLatestDecisionLeftNext() {
        CertificateHistory maintainedOnce = CertificateDays.maintained(granted(), LocalDate.of(2022, 6, 20),
                LocalDate.of(2023, 5, 11));
        NextAudit afterTheFirst = NextAudit.on(null, LocalDate.of(2022, 6, 20), NUMBER, Optional.of(maintainedOnce));
        assertThat(afterTheFirst.type()).isNull();
        assertThat(afterTheFirst.preselected()).isEqualTo(AuditType.SURVEILLANCE);
        CertificateHistory maintainedTwice = CertificateDays.maintained(maintainedOnce, LocalDate.of(2023, 6, 20),
                LocalDate.of(2024, 6, 10));
        NextAudit afterTheSecond = NextAudit.on(null, LocalDate.of(2023, 6, 20), NUMBER, Optional.of(maintainedTwice));
        assertThat(afterTheSecond.reason()).isEqualTo(NextAudit.Reason.NO_DAY);
        assertThat(afterTheSecond.preselected()).isEqualTo(AuditType.RECERTIFICATION);
        assertThat(NextAudit.on(LocalDate.of(2023, 6, 20), LocalDate.of(2023, 6, 20), NUMBER,
                Optional.of(maintainedTwice)).preselected()).as("a day not after the decision").isEqualTo(AuditType.RECERTIFICATION);
        assertThat(on(LocalDate.of(2024, 8, 1), maintainedTwice).preselected()).as("a day decides")
                .isEqualTo(AuditType.RECERTIFICATION);
        assertThat(on(LocalDate.of(2025, 1, 15), maintainedTwice).preselected()).isEqualTo(AuditType.INITIAL);
    }

    @Test
    void aReCertificationAfterASecondSurveillanceRecordedWithNoSurveillanceDue() {
        CertificateHistory maintainedTwice = CertificateDays.maintained(CertificateDays.maintained(granted(),
                LocalDate.of(2022, 6, 20), LocalDate.of(2023, 5, 11)), LocalDate.of(2023, 6, 20), null);
        assertThat(on(LocalDate.of(2024, 3, 1), maintainedTwice).type()).isEqualTo(AuditType.RECERTIFICATION);
    }

    @Test
    void aSurveillanceOfASuspendedCertificate() {
        CertificateHistory suspended = CertificateDays.suspended(granted(), LocalDate.of(2022, 6, 20),
                LocalDate.of(2022, 12, 20), LocalDate.of(2023, 5, 11));
        NextAudit next = on(LocalDate.of(2022, 9, 1), suspended);
        assertThat(next.type()).isEqualTo(AuditType.SURVEILLANCE);
        assertThat(next.certificate().status()).hasToString("SUSPENDED");
    }

    @Test
    void aReCertificationOnceTheNextSurveillanceWouldFallAfterTheLastValidDay() {
        // The cycle's surveillances are done: the next one would fall after the certificate's last valid day.
        CertificateHistory maintained = CertificateDays.maintained(granted(), LocalDate.of(2023, 6, 20),
                LocalDate.of(2024, 7, 10));
        NextAudit next = on(LocalDate.of(2024, 3, 1), maintained);
        assertThat(next.type()).isEqualTo(AuditType.RECERTIFICATION);
        assertThat(next.reason()).isEqualTo(NextAudit.Reason.CYCLE_DONE);
    }

    @Test
    void aSurveillanceAgainOnceARenewalDecidedEarlyContinuesTheCertificate() {
        // The renewal's re-certification settled this cycle: its period runs to 2027-06-30, the next surveillance is due.
        CertificateHistory renewed = CertificateDays.renewed(granted(), LocalDate.of(2024, 5, 15), VALID_UNTIL.plusDays(1),
                LocalDate.of(2025, 4, 30));
        NextAudit next = NextAudit.on(LocalDate.of(2024, 6, 10), LocalDate.of(2024, 5, 15), NUMBER, Optional.of(renewed));
        assertThat(next.type()).isEqualTo(AuditType.SURVEILLANCE);
        assertThat(next.dueBy()).isEqualTo(LocalDate.of(2025, 4, 30));
        assertThat(next.certificate().lastValidDay()).isEqualTo(LocalDate.of(2027, 6, 30));
    }

    @Test
    void aReCertificationOnSiteWithinSixMonthsOfTheExpiryWhichRestoresIt() {
        NextAudit next = on(LocalDate.of(2024, 12, 30), granted());
        assertThat(next.type()).isEqualTo(AuditType.RECERTIFICATION);
        assertThat(next.reason()).isEqualTo(NextAudit.Reason.RESTORABLE);
        assertThat(next.dueBy()).as("expired: the register's next audit is none").isNull();
        assertThat(next.lastRestoringDay()).isEqualTo(LocalDate.of(2024, 12, 30));
    }

    @Test
    void aNewInitialAuditOnSiteLaterThanThat() {
        NextAudit next = on(LocalDate.of(2024, 12, 31), granted());
        assertThat(next.type()).isEqualTo(AuditType.INITIAL);
        assertThat(next.reason()).isEqualTo(NextAudit.Reason.LAPSED);
    }

    @Test
    void aNewInitialAuditAfterAWithdrawalWhateverTheDay() {
        CertificateHistory withdrawn = CertificateDays.withdrawn(granted(), LocalDate.of(2022, 6, 20));
        assertThat(NextAudit.on(null, LocalDate.of(2022, 6, 20), NUMBER, Optional.of(withdrawn)).type())
                .isEqualTo(AuditType.INITIAL);
        assertThat(NextAudit.on(LocalDate.of(2022, 9, 1), LocalDate.of(2022, 6, 20), NUMBER, Optional.of(withdrawn))
                .reason()).isEqualTo(NextAudit.Reason.WITHDRAWN);
    }

    @Test
    void anInitialAuditWithoutACertificate() {
        NextAudit next = NextAudit.on(LocalDate.of(2022, 5, 10), GRANTED_ON, null, Optional.empty());
        assertThat(next.type()).isEqualTo(AuditType.INITIAL);
        assertThat(next.reason()).isEqualTo(NextAudit.Reason.NO_CERTIFICATE);
    }

    @Test
    void noTypeUntilADayAfterTheDecisionIsGiven() {
        assertThat(on(null, granted()).type()).isNull();
        assertThat(on(null, granted()).reason()).isEqualTo(NextAudit.Reason.NO_DAY);
        NextAudit onTheDecision = on(GRANTED_ON, granted());
        assertThat(onTheDecision.type()).isNull();
        assertThat(onTheDecision.reason()).isEqualTo(NextAudit.Reason.BEFORE_DECISION);
    }
}
