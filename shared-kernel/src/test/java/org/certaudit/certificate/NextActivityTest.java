package org.certaudit.certificate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.certaudit.audit.AuditType;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The certification cycle's next activity (ISO/IEC 17021-1 9.1.3) for the demo's certificate, valid from 2021-07-01 to
 * 2024-06-30: its re-certification year begins on 2023-07-01.
 */
class NextActivityTest {

    private static final LocalDate VALID_UNTIL = LocalDate.of(2024, 6, 30);
    private static final LocalDate RECERTIFICATION_YEAR = LocalDate.of(2023, 7, 1);

    @Nested
    class TheReCertificationYear {

        @Test
        void beginsOnThePeriodsLastAnniversary() {
            assertThat(NextActivity.recertificationYearFrom(VALID_UNTIL)).isEqualTo(RECERTIFICATION_YEAR);
        }

        @Test
        void ofAPeriodEndingOnALeapDayBeginsAYearBeforeTheDayAfterIt() {
            // Valid from 2021-03-01 to 2024-02-29: the last year begins on 2023-03-01.
            assertThat(NextActivity.recertificationYearFrom(LocalDate.of(2024, 2, 29))).isEqualTo(LocalDate.of(2023, 3, 1));
        }

        @Test
        void ofAPeriodOfOneYearIsTheWholePeriod() {
            assertThat(NextActivity.recertificationYearFrom(LocalDate.of(2022, 6, 30))).isEqualTo(LocalDate.of(2021, 7, 1));
        }
    }

    @Nested
    class AfterADecision {

        @Test
        void theSurveillanceDueTheDayBeforeTheReCertificationYearIsNext() {
            NextActivity next = NextActivity.of(RECERTIFICATION_YEAR.minusDays(1), VALID_UNTIL);
            assertThat(next).isEqualTo(new NextActivity(AuditType.SURVEILLANCE, LocalDate.of(2023, 6, 30)));
            assertThat(next.surveillanceDue()).isEqualTo(LocalDate.of(2023, 6, 30));
        }

        @Test
        void aSurveillanceDueOnTheReCertificationYearsFirstDayGivesWayToTheReCertificationByTheLastValidDay() {
            NextActivity next = NextActivity.of(RECERTIFICATION_YEAR, VALID_UNTIL);
            assertThat(next).isEqualTo(new NextActivity(AuditType.RECERTIFICATION, VALID_UNTIL));
            assertThat(next.surveillanceDue()).isNull();
        }

        @Test
        void theCyclesSecondSurveillanceDueAFewWeeksBeforeTheExpiryLeavesTheReCertification() {
            // On site on 2023-05-10 and 2023-05-11: twelve months later is 2024-05-11, seven weeks before the expiry.
            assertThat(NextActivity.of(LocalDate.of(2024, 5, 11), VALID_UNTIL).type()).isEqualTo(AuditType.RECERTIFICATION);
        }

        @Test
        void aSurveillanceDueAfterTheExpiryLeavesTheReCertification() {
            assertThat(NextActivity.of(LocalDate.of(2024, 7, 10), VALID_UNTIL))
                    .isEqualTo(new NextActivity(AuditType.RECERTIFICATION, VALID_UNTIL));
        }

        @Test
        void noSurveillanceRecordedLeavesTheReCertification() {
            assertThat(NextActivity.of(null, VALID_UNTIL)).isEqualTo(new NextActivity(AuditType.RECERTIFICATION, VALID_UNTIL));
        }

        @Test
        void aPeriodOfOneYearHasNoSurveillance() {
            assertThat(NextActivity.of(LocalDate.of(2022, 6, 7), LocalDate.of(2022, 6, 30)).type())
                    .isEqualTo(AuditType.RECERTIFICATION);
        }
    }

    @Test
    void isASurveillanceOrAReCertificationWithItsDay() {
        assertThatThrownBy(() -> new NextActivity(AuditType.INITIAL, VALID_UNTIL))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not by an initial audit");
        assertThatThrownBy(() -> new NextActivity(AuditType.SURVEILLANCE, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> NextActivity.of(RECERTIFICATION_YEAR, null)).isInstanceOf(NullPointerException.class);
    }
}
