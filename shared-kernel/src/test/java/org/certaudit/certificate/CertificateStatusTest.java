package org.certaudit.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.DecisionOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CertificateStatusTest {

    /** Every outcome an audit type is decided by, as {@code outcome/type}: the pairs the tables below cover. */
    private static final List<String> DECISIONS = List.of("GRANT/INITIAL", "REFUSE/INITIAL", "GRANT/RECERTIFICATION",
            "REFUSE/RECERTIFICATION", "MAINTAIN/SURVEILLANCE", "SUSPEND/SURVEILLANCE", "WITHDRAW/SURVEILLANCE");

    @Test
    void theTablesCoverEveryOutcomeEachTypeOfAuditIsDecidedBy() {
        List<String> decisions = Arrays.stream(AuditType.values()).flatMap(type -> Arrays.stream(DecisionOutcome.values())
                .filter(outcome -> outcome.decides(type)).map(outcome -> outcome + "/" + type)).toList();
        assertThat(decisions).containsExactlyInAnyOrderElementsOf(DECISIONS);
    }

    @ParameterizedTest(name = "{0} of an initial audit or any refusal needs no certificate ({1})")
    @CsvSource(textBlock = """
            GRANT,  INITIAL
            REFUSE, INITIAL
            REFUSE, RECERTIFICATION
            """)
    void anInitialGrantIssuesTheCertificateAndARefusalChangesNone(DecisionOutcome outcome, AuditType type) {
        assertThat(CertificateStatus.requiredToDecide(outcome, type)).isEmpty();
    }

    /**
     * ISO/IEC 17065 7.11, ISO/IEC 17021-1 9.6: a valid or suspended certificate is maintained or withdrawn, only a valid
     * one suspended, and a re-certification renews any that is not withdrawn, an expired one included (9.6.3).
     */
    @ParameterizedTest(name = "{0} of a {1} audit on a {2} certificate: {3}")
    @CsvSource(textBlock = """
            GRANT,    RECERTIFICATION, VALID,     true
            GRANT,    RECERTIFICATION, SUSPENDED, true
            GRANT,    RECERTIFICATION, WITHDRAWN, false
            GRANT,    RECERTIFICATION, EXPIRED,   true
            MAINTAIN, SURVEILLANCE,    VALID,     true
            MAINTAIN, SURVEILLANCE,    SUSPENDED, true
            MAINTAIN, SURVEILLANCE,    WITHDRAWN, false
            MAINTAIN, SURVEILLANCE,    EXPIRED,   false
            SUSPEND,  SURVEILLANCE,    VALID,     true
            SUSPEND,  SURVEILLANCE,    SUSPENDED, false
            SUSPEND,  SURVEILLANCE,    WITHDRAWN, false
            SUSPEND,  SURVEILLANCE,    EXPIRED,   false
            WITHDRAW, SURVEILLANCE,    VALID,     true
            WITHDRAW, SURVEILLANCE,    SUSPENDED, true
            WITHDRAW, SURVEILLANCE,    WITHDRAWN, false
            WITHDRAW, SURVEILLANCE,    EXPIRED,   false
            """)
    void aDecisionOnACertificateTakesTheStatusesTheStandardsAllowOnItsDay(DecisionOutcome outcome, AuditType type,
                                                                         CertificateStatus status, boolean decidable) {
        assertThat(CertificateStatus.requiredToDecide(outcome, type).contains(status)).isEqualTo(decidable);
    }

    @Test
    void theStatusesAreListedInTheirOrderOfDeclarationAsTheRuleSentenceNamesThem() {
        assertThat(CertificateStatus.requiredToDecide(DecisionOutcome.GRANT, AuditType.RECERTIFICATION))
                .containsExactly(CertificateStatus.VALID, CertificateStatus.SUSPENDED, CertificateStatus.EXPIRED);
        assertThat(CertificateStatus.requiredToDecide(DecisionOutcome.WITHDRAW, AuditType.SURVEILLANCE))
                .containsExactly(CertificateStatus.VALID, CertificateStatus.SUSPENDED);
    }

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
