package org.certaudit.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.certaudit.audit.AuditType;
import org.junit.jupiter.api.Test;

class CertificateStatusTest {

    @Test
    void aSurveillanceIsDecidedAtAllOnlyWhileItsCertificateIsValidOrSuspended() {
        // MAINTAIN and WITHDRAW take a valid or suspended certificate, SUSPEND a valid one: together, those two.
        assertThat(CertificateStatus.requiredToDecideAtAll(AuditType.SURVEILLANCE))
                .containsExactly(CertificateStatus.VALID, CertificateStatus.SUSPENDED);
    }

    @Test
    void anInitialAuditOrAReCertificationIsDecidedOnAnyDaySinceARefusalNeedsNoCertificate() {
        assertThat(CertificateStatus.requiredToDecideAtAll(AuditType.INITIAL)).isEmpty();
        assertThat(CertificateStatus.requiredToDecideAtAll(AuditType.RECERTIFICATION)).isEmpty();
    }

    @Test
    void anExpiredCertificateIsRestoredByAReCertificationOnSiteWithinSixMonthsOfItsLastValidDay() {
        assertThat(CertificateHistory.lastRestoringDay(LocalDate.of(2024, 6, 30))).isEqualTo(LocalDate.of(2024, 12, 30));
        assertThat(CertificateHistory.lastRestoringDay(LocalDate.of(2024, 8, 31))).isEqualTo(LocalDate.of(2025, 2, 28));
    }
}
