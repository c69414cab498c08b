package org.certaudit.certificate;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.Certificate;
import org.certaudit.audit.CertificateGranted;
import org.certaudit.audit.CertificateMaintained;
import org.certaudit.audit.CertificateRenewed;
import org.certaudit.audit.CertificateRestored;
import org.certaudit.audit.CertificateSuspended;
import org.certaudit.audit.CertificateWithdrawn;
import org.certaudit.audit.Decision;
import org.certaudit.audit.DecisionOutcome;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.scheme.Grade;
import org.junit.jupiter.api.Test;

class CertificateHistoryTest {

    private static final ProjectNumber PROJECT = new ProjectNumber("0455-2021-SE");
    private static final AuditId FIRST = AuditId.of(PROJECT, 1);
    private static final AuditId SECOND = AuditId.of(PROJECT, 2);
    private static final String NUMBER = "C-1";

    private static Decision decision(DecisionOutcome outcome, LocalDate on, Grade grade) {
        return new Decision(outcome, "decider", on, 10, new BigDecimal("145.75"), grade, "理由");
    }

    private static CertificateHistory granted() {
        LocalDate on = LocalDate.of(2021, 7, 1);
        return CertificateHistory.issued(new CertificateGranted(FIRST, decision(DecisionOutcome.GRANT, on, Grade.TEN_STAR),
                new Certificate(NUMBER, "组织", "范围", "CTS-ISC-JSGF-06", Grade.TEN_STAR, on, on, LocalDate.of(2024, 6, 30),
                        LocalDate.of(2022, 6, 7))));
    }

    @Test
    void noStatusBeforeTheIssueDateAndExpiredAfterTheLastValidDay() {
        CertificateHistory history = granted();
        assertThat(history.statusOn(LocalDate.of(2021, 6, 30))).isEmpty();
        assertThat(history.statusOn(LocalDate.of(2021, 7, 1))).contains(CertificateStatus.VALID);
        assertThat(history.statusOn(LocalDate.of(2024, 6, 30))).contains(CertificateStatus.VALID);
        assertThat(history.statusOn(LocalDate.of(2024, 7, 1))).contains(CertificateStatus.EXPIRED);
    }

    @Test
    void aSuspensionStandsPastItsPlannedEndUntilRestored() {
        CertificateHistory history = granted()
                .apply(new CertificateSuspended(SECOND, decision(DecisionOutcome.SUSPEND, LocalDate.of(2022, 6, 1),
                        Grade.NOT_GRADED), NUMBER, LocalDate.of(2022, 9, 1), null));
        assertThat(history.statusOn(LocalDate.of(2022, 5, 31))).contains(CertificateStatus.VALID);
        assertThat(history.statusOn(LocalDate.of(2022, 10, 1))).contains(CertificateStatus.SUSPENDED);
        history = history.apply(new CertificateRestored(SECOND, NUMBER, "decider", LocalDate.of(2022, 10, 2), "整改完成"));
        assertThat(history.statusOn(LocalDate.of(2022, 10, 1))).contains(CertificateStatus.SUSPENDED);
        assertThat(history.statusOn(LocalDate.of(2022, 10, 2))).contains(CertificateStatus.VALID);
    }

    @Test
    void aSuspensionDecidedOnASurveillanceSetsTheNextSurveillanceDueAndOneStoredWithoutItKeepsTheEarlier() {
        LocalDate earlier = granted().latest().surveillanceDue();
        LocalDate next = LocalDate.of(2023, 6, 1);
        CertificateHistory suspended = granted()
                .apply(new CertificateSuspended(SECOND, decision(DecisionOutcome.SUSPEND, LocalDate.of(2022, 6, 1),
                        Grade.NOT_GRADED), NUMBER, LocalDate.of(2022, 9, 1), next));
        CertificateHistory before = granted()
                .apply(new CertificateSuspended(SECOND, decision(DecisionOutcome.SUSPEND, LocalDate.of(2022, 6, 1),
                        Grade.NOT_GRADED), NUMBER, LocalDate.of(2022, 9, 1), null));

        assertThat(suspended.on(LocalDate.of(2022, 6, 2)).orElseThrow().surveillanceDue()).isEqualTo(next);
        assertThat(before.on(LocalDate.of(2022, 6, 2)).orElseThrow().surveillanceDue()).isEqualTo(earlier);
        assertThat(suspended.apply(new CertificateRestored(SECOND, NUMBER, "decider", LocalDate.of(2022, 8, 1), "整改完成"))
                .on(LocalDate.of(2022, 8, 2)).orElseThrow().surveillanceDue()).as("kept by a restoration").isEqualTo(next);
    }

    @Test
    void aSuspensionIsOverdueFromTheDayAfterItsPlannedEndUntilADecisionEndsIt() {
        CertificateHistory history = granted()
                .apply(new CertificateSuspended(SECOND, decision(DecisionOutcome.SUSPEND, LocalDate.of(2022, 6, 1),
                        Grade.NOT_GRADED), NUMBER, LocalDate.of(2022, 9, 1), null));
        assertThat(history.on(LocalDate.of(2022, 5, 31)).orElseThrow().suspensionOverdue()).isFalse();
        assertThat(history.on(LocalDate.of(2022, 9, 1)).orElseThrow().suspensionOverdue()).as("its last day").isFalse();
        assertThat(history.on(LocalDate.of(2022, 9, 2)).orElseThrow().suspensionOverdue()).isTrue();
        assertThat(history.on(LocalDate.of(2024, 6, 30)).orElseThrow().suspensionOverdue()).isTrue();
        assertThat(history.on(LocalDate.of(2024, 7, 1)).orElseThrow().suspensionOverdue()).as("expired").isFalse();
        CertificateHistory withdrawn = history.apply(new CertificateWithdrawn(SECOND,
                decision(DecisionOutcome.WITHDRAW, LocalDate.of(2022, 9, 20), Grade.NOT_GRADED), NUMBER));
        assertThat(withdrawn.on(LocalDate.of(2022, 9, 19)).orElseThrow().suspensionOverdue()).isTrue();
        assertThat(withdrawn.on(LocalDate.of(2022, 9, 20)).orElseThrow().suspensionOverdue()).isFalse();
    }

    @Test
    void maintenanceChangesTheGradeFromItsDateAndWithdrawalIsFinal() {
        CertificateHistory history = granted()
                .apply(new CertificateMaintained(SECOND, decision(DecisionOutcome.MAINTAIN, LocalDate.of(2022, 6, 1),
                        Grade.EIGHT_STAR), NUMBER, LocalDate.of(2023, 5, 11)))
                .apply(new CertificateWithdrawn(SECOND, decision(DecisionOutcome.WITHDRAW, LocalDate.of(2023, 1, 1),
                        Grade.EIGHT_STAR), NUMBER));
        assertThat(history.on(LocalDate.of(2022, 5, 31)).orElseThrow().grade()).isEqualTo(Grade.TEN_STAR);
        assertThat(history.on(LocalDate.of(2022, 6, 1)).orElseThrow().grade()).isEqualTo(Grade.EIGHT_STAR);
        assertThat(history.statusOn(LocalDate.of(2030, 1, 1))).contains(CertificateStatus.WITHDRAWN);
    }

    @Test
    void aRenewalExtendsTheValidityAndEventsOfOtherCertificatesChangeNothing() {
        LocalDate decided = LocalDate.of(2024, 5, 15);
        CertificateHistory history = granted()
                .apply(new CertificateWithdrawn(SECOND, decision(DecisionOutcome.WITHDRAW, decided, Grade.TEN_STAR), "C-2"))
                .apply(new CertificateRenewed(SECOND, decision(DecisionOutcome.GRANT, decided, Grade.NINE_STAR),
                        new Certificate(NUMBER, "组织", "范围", "CTS-ISC-JSGF-06", Grade.NINE_STAR, decided,
                                LocalDate.of(2024, 7, 1), LocalDate.of(2027, 6, 30), LocalDate.of(2025, 4, 11))));
        assertThat(history.changes()).hasSize(2);
        assertThat(history.statusOn(LocalDate.of(2024, 7, 1))).contains(CertificateStatus.VALID);
        assertThat(history.statusOn(LocalDate.of(2027, 7, 1))).contains(CertificateStatus.EXPIRED);
        assertThat(history.on(LocalDate.of(2024, 5, 14)).orElseThrow().grade()).isEqualTo(Grade.TEN_STAR);
    }
}
