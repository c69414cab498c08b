package org.certaudit.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditType;
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
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CertificateHistoryTest {

    private static final ProjectNumber PROJECT = new ProjectNumber("0455-2021-SE");
    private static final AuditId FIRST = AuditId.of(PROJECT, 1);
    private static final AuditId SECOND = AuditId.of(PROJECT, 2);
    private static final AuditId THIRD = AuditId.of(PROJECT, 3);
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

    /**
     * The certification cycle's next activity on a day ({@link NextActivity}): the demo's certificate, valid from
     * 2021-07-01 to 2024-06-30, its first surveillance decided on 2022-06-01 and its second on 2023-06-01.
     */
    @Nested
    class TheNextActivity {

        private static final LocalDate FIRST_DECIDED = LocalDate.of(2022, 6, 1);
        private static final LocalDate SECOND_DECIDED = LocalDate.of(2023, 6, 1);
        private static final LocalDate VALID_UNTIL = LocalDate.of(2024, 6, 30);

        private CertificateHistory maintainedTwice(LocalDate secondRecorded) {
            return granted()
                    .apply(new CertificateMaintained(SECOND, decision(DecisionOutcome.MAINTAIN, FIRST_DECIDED,
                            Grade.TEN_STAR), NUMBER, LocalDate.of(2023, 5, 11)))
                    .apply(new CertificateMaintained(THIRD, decision(DecisionOutcome.MAINTAIN, SECOND_DECIDED,
                            Grade.TEN_STAR), NUMBER, secondRecorded));
        }

        private static NextActivity next(CertificateHistory history, LocalDate day) {
            return history.on(day).orElseThrow().nextActivity();
        }

        @Test
        void isEachSurveillanceOfTheFirstYearsAsOfTheDaysBeforeTheCyclesLastOneWasDecided() {
            CertificateHistory history = maintainedTwice(LocalDate.of(2024, 5, 11));
            assertThat(next(history, LocalDate.of(2021, 7, 1)))
                    .isEqualTo(new NextActivity(AuditType.SURVEILLANCE, LocalDate.of(2022, 6, 7)));
            assertThat(next(history, FIRST_DECIDED))
                    .isEqualTo(new NextActivity(AuditType.SURVEILLANCE, LocalDate.of(2023, 5, 11)));
            assertThat(next(history, SECOND_DECIDED.minusDays(1)).dueBy()).isEqualTo(LocalDate.of(2023, 5, 11));
        }

        @Test
        void isTheReCertificationAfterTheCyclesSecondSurveillanceStoredWithASurveillanceDueWeeksBeforeTheExpiry() {
            // As the command side recorded it before the rule: twelve months after the last on-site day, 2024-05-11.
            CertificateHistory stored = maintainedTwice(LocalDate.of(2024, 5, 11));
            assertThat(next(stored, SECOND_DECIDED))
                    .isEqualTo(new NextActivity(AuditType.RECERTIFICATION, VALID_UNTIL));
            assertThat(next(stored, VALID_UNTIL).type()).isEqualTo(AuditType.RECERTIFICATION);
            assertThat(stored.on(SECOND_DECIDED).orElseThrow().surveillanceDue()).as("the event as it was stored")
                    .isEqualTo(LocalDate.of(2024, 5, 11));
        }

        @Test
        void isTheReCertificationAfterAMaintenanceRecordingNoSurveillanceDue() {
            assertThat(next(maintainedTwice(null), SECOND_DECIDED))
                    .isEqualTo(new NextActivity(AuditType.RECERTIFICATION, VALID_UNTIL));
        }

        @Test
        void isTheReCertificationAfterASuspensionOnTheCyclesLastSurveillanceAndARestoration() {
            CertificateHistory suspended = granted()
                    .apply(new CertificateSuspended(THIRD, decision(DecisionOutcome.SUSPEND, SECOND_DECIDED,
                            Grade.NOT_GRADED), NUMBER, LocalDate.of(2023, 9, 1), LocalDate.of(2024, 5, 11)));
            assertThat(next(suspended, SECOND_DECIDED).type()).isEqualTo(AuditType.RECERTIFICATION);
            CertificateHistory restored = suspended.apply(new CertificateRestored(THIRD, NUMBER, "decider",
                    LocalDate.of(2023, 8, 1), "整改完成"));
            assertThat(next(restored, LocalDate.of(2023, 8, 1)).type()).isEqualTo(AuditType.RECERTIFICATION);
        }

        @Test
        void isNoneOnceExpiredOrWithdrawn() {
            CertificateHistory history = maintainedTwice(null);
            assertThat(next(history, VALID_UNTIL.plusDays(1))).isNull();
            assertThat(next(history.apply(new CertificateWithdrawn(THIRD, decision(DecisionOutcome.WITHDRAW,
                    LocalDate.of(2023, 9, 1), Grade.NOT_GRADED), NUMBER)), LocalDate.of(2023, 9, 1))).isNull();
        }

        @Test
        void isTheRenewedPeriodsFirstSurveillanceOnceAnEarlyRenewalIsDecided() {
            CertificateHistory renewed = maintainedTwice(null).apply(renewal(LocalDate.of(2024, 5, 15),
                    LocalDate.of(2024, 7, 1)));
            assertThat(next(renewed, LocalDate.of(2024, 5, 14)).type()).isEqualTo(AuditType.RECERTIFICATION);
            assertThat(next(renewed, LocalDate.of(2024, 5, 15)))
                    .isEqualTo(new NextActivity(AuditType.SURVEILLANCE, LocalDate.of(2025, 4, 11)));
        }
    }

    /** A re-certification decided on {@code decided}, its validity continuing from the old last day if before it. */
    private static CertificateRenewed renewal(LocalDate decided, LocalDate validFrom) {
        return new CertificateRenewed(SECOND, decision(DecisionOutcome.GRANT, decided, Grade.NINE_STAR),
                new Certificate(NUMBER, "组织", "范围", "CTS-ISC-JSGF-06", Grade.NINE_STAR, decided, validFrom,
                        validFrom.plusYears(3).minusDays(1), LocalDate.of(2025, 4, 11)));
    }

    @Nested
    class AnEarlyRenewal {

        private static final LocalDate DECIDED = LocalDate.of(2024, 5, 15);
        private static final LocalDate OLD_LAST_DAY = LocalDate.of(2024, 6, 30);
        private static final LocalDate NEW_FIRST_DAY = LocalDate.of(2024, 7, 1);
        private static final LocalDate NEW_LAST_DAY = LocalDate.of(2027, 6, 30);

        private final CertificateHistory renewed = granted().apply(renewal(DECIDED, NEW_FIRST_DAY));

        @Test
        void leavesTheEarlierPeriodInForceUntilItsLastDayAndSaysWhichPeriodFollows() {
            for (LocalDate day : List.of(DECIDED, OLD_LAST_DAY)) {
                CertificateHistory.StateOn state = renewed.on(day).orElseThrow();
                assertThat(state.status()).as(day.toString()).isEqualTo(CertificateStatus.VALID);
                assertThat(state.validFrom()).as(day.toString()).isEqualTo(LocalDate.of(2021, 7, 1));
                assertThat(state.validUntil()).isEqualTo(OLD_LAST_DAY);
                assertThat(state.grade()).as("the grade printed on the certificate in force").isEqualTo(Grade.TEN_STAR);
                assertThat(state.issuedOn()).isEqualTo(LocalDate.of(2021, 7, 1));
                assertThat(state.next()).isEqualTo(new CertificateHistory.Period(CertificateHistory.Kind.RENEWED, DECIDED,
                        SECOND, Grade.NINE_STAR, NEW_FIRST_DAY, NEW_LAST_DAY, LocalDate.of(2025, 4, 11),
                        renewal(DECIDED, NEW_FIRST_DAY).certificate()));
                assertThat(state.renewedUntil()).isEqualTo(NEW_LAST_DAY);
                assertThat(state.lastValidDay()).isEqualTo(NEW_LAST_DAY);
            }
        }

        @Test
        void showsNothingDecidedBeforeTheDecision() {
            CertificateHistory.StateOn before = renewed.on(DECIDED.minusDays(1)).orElseThrow();
            assertThat(before.next()).isNull();
            assertThat(before.renewedUntil()).isNull();
            assertThat(before.lastValidDay()).isEqualTo(OLD_LAST_DAY);
            assertThat(before.surveillanceDue()).isEqualTo(LocalDate.of(2022, 6, 7));
        }

        @Test
        void takesTheRenewedPeriodFromTheDayAfterTheOldLastDay() {
            CertificateHistory.StateOn state = renewed.on(NEW_FIRST_DAY).orElseThrow();
            assertThat(state.status()).isEqualTo(CertificateStatus.VALID);
            assertThat(state.validFrom()).isEqualTo(NEW_FIRST_DAY);
            assertThat(state.validUntil()).isEqualTo(NEW_LAST_DAY);
            assertThat(state.grade()).isEqualTo(Grade.NINE_STAR);
            assertThat(state.issuedOn()).isEqualTo(DECIDED);
            assertThat(state.next()).isNull();
            assertThat(state.lastValidDay()).isEqualTo(NEW_LAST_DAY);
            assertThat(renewed.statusOn(NEW_LAST_DAY.plusDays(1))).contains(CertificateStatus.EXPIRED);
        }

        @Test
        void hasTheRenewalsSurveillanceDueFromItsDecisionAcrossTheBoundary() {
            // The re-certification audit stands for the surveillance the earlier period still had due.
            assertThat(renewed.on(DECIDED).orElseThrow().surveillanceDue()).isEqualTo(LocalDate.of(2025, 4, 11));
            assertThat(renewed.on(NEW_FIRST_DAY).orElseThrow().surveillanceDue()).isEqualTo(LocalDate.of(2025, 4, 11));
        }

        @Test
        void listsBothPeriods() {
            assertThat(renewed.periods()).extracting(CertificateHistory.Period::kind, CertificateHistory.Period::validFrom,
                            CertificateHistory.Period::validUntil, CertificateHistory.Period::grade)
                    .containsExactly(
                            tuple(CertificateHistory.Kind.ISSUED, LocalDate.of(2021, 7, 1),
                                    OLD_LAST_DAY, Grade.TEN_STAR),
                            tuple(CertificateHistory.Kind.RENEWED, NEW_FIRST_DAY,
                                    NEW_LAST_DAY, Grade.NINE_STAR));
        }

        @Test
        void suspendedDuringTheEarlierPeriodStaysSuspendedAcrossTheBoundaryWithTheNextPeriodStillDecided() {
            CertificateHistory suspended = renewed.apply(new CertificateSuspended(THIRD,
                    decision(DecisionOutcome.SUSPEND, LocalDate.of(2024, 6, 10), Grade.NOT_GRADED), NUMBER,
                    LocalDate.of(2024, 9, 10), LocalDate.of(2025, 6, 1)));

            CertificateHistory.StateOn inTheOverlap = suspended.on(LocalDate.of(2024, 6, 20)).orElseThrow();
            assertThat(inTheOverlap.status()).isEqualTo(CertificateStatus.SUSPENDED);
            assertThat(inTheOverlap.validUntil()).isEqualTo(OLD_LAST_DAY);
            assertThat(inTheOverlap.grade()).isEqualTo(Grade.TEN_STAR);
            assertThat(inTheOverlap.next().validFrom()).isEqualTo(NEW_FIRST_DAY);
            assertThat(inTheOverlap.surveillanceDue()).isEqualTo(LocalDate.of(2025, 6, 1));
            CertificateHistory.StateOn after = suspended.on(LocalDate.of(2024, 7, 5)).orElseThrow();
            assertThat(after.status()).isEqualTo(CertificateStatus.SUSPENDED);
            assertThat(after.validFrom()).isEqualTo(NEW_FIRST_DAY);
            assertThat(after.suspendedUntil()).isEqualTo(LocalDate.of(2024, 9, 10));
            assertThat(suspended.apply(new CertificateRestored(THIRD, NUMBER, "decider", LocalDate.of(2024, 7, 20), "整改完成"))
                    .statusOn(LocalDate.of(2024, 7, 20))).contains(CertificateStatus.VALID);
        }

        @Test
        void withdrawnDuringTheEarlierPeriodNeverBeginsTheNext() {
            CertificateHistory withdrawn = renewed.apply(new CertificateWithdrawn(THIRD,
                    decision(DecisionOutcome.WITHDRAW, LocalDate.of(2024, 6, 10), Grade.NOT_GRADED), NUMBER));
            for (LocalDate day : List.of(LocalDate.of(2024, 6, 10), LocalDate.of(2024, 8, 1))) {
                CertificateHistory.StateOn state = withdrawn.on(day).orElseThrow();
                assertThat(state.status()).as(day.toString()).isEqualTo(CertificateStatus.WITHDRAWN);
                assertThat(state.validUntil()).as(day.toString()).isEqualTo(OLD_LAST_DAY);
                assertThat(state.next()).isNull();
                assertThat(state.lastValidDay()).isEqualTo(OLD_LAST_DAY);
            }
            assertThat(withdrawn.on(LocalDate.of(2024, 6, 9)).orElseThrow().next()).isNotNull();
        }

        @Test
        void maintainedDuringTheEarlierPeriodGradesTheRenewedOneNotTheOneInForce() {
            // A surveillance decided after the renewal belongs to the new cycle (ISO/IEC 17021-1 9.1.3).
            CertificateHistory maintained = renewed.apply(new CertificateMaintained(THIRD,
                    decision(DecisionOutcome.MAINTAIN, LocalDate.of(2024, 6, 10), Grade.EIGHT_STAR), NUMBER,
                    LocalDate.of(2025, 6, 1)));
            CertificateHistory.StateOn inTheOverlap = maintained.on(LocalDate.of(2024, 6, 15)).orElseThrow();
            assertThat(inTheOverlap.grade()).isEqualTo(Grade.TEN_STAR);
            assertThat(inTheOverlap.next().grade()).isEqualTo(Grade.EIGHT_STAR);
            assertThat(inTheOverlap.surveillanceDue()).isEqualTo(LocalDate.of(2025, 6, 1));
            assertThat(maintained.on(NEW_FIRST_DAY).orElseThrow().grade()).isEqualTo(Grade.EIGHT_STAR);
        }

        @Test
        void aSecondEarlyRenewalExtendsWhatTheEarlierPeriodIsFollowedBy() {
            LocalDate third = NEW_LAST_DAY.plusDays(1);
            CertificateHistory twice = renewed.apply(new CertificateRenewed(THIRD,
                    decision(DecisionOutcome.GRANT, LocalDate.of(2024, 6, 20), Grade.TEN_STAR),
                    new Certificate(NUMBER, "组织", "范围", "CTS-ISC-JSGF-06", Grade.TEN_STAR, LocalDate.of(2024, 6, 20),
                            third, third.plusYears(3).minusDays(1), LocalDate.of(2025, 6, 1))));
            CertificateHistory.StateOn state = twice.on(LocalDate.of(2024, 6, 25)).orElseThrow();
            assertThat(state.validUntil()).isEqualTo(OLD_LAST_DAY);
            assertThat(state.next().validFrom()).isEqualTo(NEW_FIRST_DAY);
            assertThat(state.renewedUntil()).isEqualTo(third.plusYears(3).minusDays(1));
        }
    }

    @Nested
    class ARenewalThatChangesTheScopeAndTheOrganization {

        private static final LocalDate DECIDED = LocalDate.of(2024, 5, 15);
        private static final LocalDate NEW_FIRST_DAY = LocalDate.of(2024, 7, 1);
        private static final Certificate RENEWED = new Certificate(NUMBER, "新名称有限公司", "新范围", "CTS-ISC-JSGF-07",
                Grade.NINE_STAR, DECIDED, NEW_FIRST_DAY, LocalDate.of(2027, 6, 30), LocalDate.of(2025, 4, 11));

        private final CertificateHistory renewed = granted()
                .apply(new CertificateMaintained(SECOND, decision(DecisionOutcome.MAINTAIN, LocalDate.of(2022, 6, 1),
                        Grade.EIGHT_STAR), NUMBER, LocalDate.of(2023, 5, 11)))
                .apply(new CertificateRenewed(THIRD, decision(DecisionOutcome.GRANT, DECIDED, Grade.NINE_STAR), RENEWED));

        @Test
        void answersForTheDaysBeforeTheRenewalWithTheOrganizationScopeAndSchemeIssued() {
            for (LocalDate day : List.of(LocalDate.of(2021, 7, 1), LocalDate.of(2022, 6, 1), DECIDED.minusDays(1))) {
                CertificateHistory.StateOn state = renewed.on(day).orElseThrow();
                assertThat(state.certificate()).as(day.toString()).extracting(Certificate::organization,
                        Certificate::scope, Certificate::schemeId).containsExactly("组织", "范围", "CTS-ISC-JSGF-06");
                assertThat(state.next()).isNull();
            }
        }

        @Test
        void answersInTheOverlapWithThePeriodInForceAndTheRenewedOneAsNext() {
            for (LocalDate day : List.of(DECIDED, NEW_FIRST_DAY.minusDays(1))) {
                CertificateHistory.StateOn state = renewed.on(day).orElseThrow();
                assertThat(state.certificate().organization()).as(day.toString()).isEqualTo("组织");
                assertThat(state.certificate().scope()).isEqualTo("范围");
                assertThat(state.grade()).as("maintained, not as first printed").isEqualTo(Grade.EIGHT_STAR);
                assertThat(state.next().certificate()).isEqualTo(RENEWED);
            }
        }

        @Test
        void answersFromTheRenewedPeriodsFirstDayWithTheRenewal() {
            for (LocalDate day : List.of(NEW_FIRST_DAY, LocalDate.of(2027, 6, 30), LocalDate.of(2030, 1, 1))) {
                CertificateHistory.StateOn state = renewed.on(day).orElseThrow();
                assertThat(state.certificate().organization()).as(day.toString()).isEqualTo("新名称有限公司");
                assertThat(state.certificate().scope()).isEqualTo("新范围");
                assertThat(state.certificate().schemeId()).isEqualTo("CTS-ISC-JSGF-07");
            }
            assertThat(renewed.issued()).as("the latest, as before").isEqualTo(RENEWED);
        }

        @Test
        void keepsEachPeriodsCertificateInThePeriods() {
            assertThat(renewed.periods()).extracting(period -> period.certificate().organization())
                    .containsExactly("组织", "新名称有限公司");
        }

        @Test
        void keepsThePeriodInForceWhenWithdrawnBeforeTheRenewedPeriodBegins() {
            CertificateHistory withdrawn = renewed.apply(new CertificateWithdrawn(THIRD,
                    decision(DecisionOutcome.WITHDRAW, LocalDate.of(2024, 6, 10), Grade.NOT_GRADED), NUMBER));
            assertThat(withdrawn.on(LocalDate.of(2024, 8, 1)).orElseThrow().certificate().organization()).isEqualTo("组织");
        }

        @Test
        void aHistoryStoredBeforeTheChangesKeptTheirCertificateAnswersWithTheLatestForEveryPeriod() {
            // A project snapshot of revision 2: the issue's and the renewal's changes have no certificate.
            CertificateHistory stored = new CertificateHistory(NUMBER, RENEWED, renewed.changes().stream()
                    .map(c -> new CertificateHistory.Change(c.kind(), c.effectiveOn(), c.auditId(), c.by(), c.reason(),
                            c.grade(), c.validFrom(), c.validUntil(), c.surveillanceDue(), c.suspended(),
                            c.suspendedUntil(), c.withdrawn(), null))
                    .toList());
            assertThat(stored.on(LocalDate.of(2022, 1, 1)).orElseThrow().certificate()).isEqualTo(RENEWED);
            assertThat(stored.on(DECIDED).orElseThrow().next().certificate()).isEqualTo(RENEWED);
            assertThat(stored.on(NEW_FIRST_DAY).orElseThrow().certificate()).isEqualTo(RENEWED);
            assertThat(stored.on(LocalDate.of(2022, 1, 1)).orElseThrow().validUntil())
                    .as("the validity is the changes' own").isEqualTo(LocalDate.of(2024, 6, 30));
        }
    }

    @Test
    void aRenewalAfterExpiryLeavesAGapInWhichTheCertificateWasExpired() {
        LocalDate decided = LocalDate.of(2024, 8, 10);
        CertificateHistory history = granted().apply(renewal(decided, decided));
        CertificateHistory.StateOn gap = history.on(LocalDate.of(2024, 7, 15)).orElseThrow();
        assertThat(gap.status()).isEqualTo(CertificateStatus.EXPIRED);
        assertThat(gap.validUntil()).isEqualTo(LocalDate.of(2024, 6, 30));
        assertThat(gap.next()).as("not decided yet on that day").isNull();
        CertificateHistory.StateOn renewed = history.on(decided).orElseThrow();
        assertThat(renewed.status()).isEqualTo(CertificateStatus.VALID);
        assertThat(renewed.validFrom()).isEqualTo(decided);
        assertThat(renewed.issuedOn()).isEqualTo(decided);
        assertThat(renewed.next()).isNull();
    }
}
