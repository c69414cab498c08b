package org.certaudit.scheme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GradeTest {

    @Nested
    class FromTotal {

        @ParameterizedTest(name = "{0} is {1}")
        @CsvSource(textBlock = """
                -3,     NOT_GRADED
                0,      NOT_GRADED
                69.99,  NOT_GRADED
                70,     COMPLIANT
                79.99,  COMPLIANT
                80,     THREE_STAR
                89.99,  THREE_STAR
                90,     FOUR_STAR
                94.99,  FOUR_STAR
                95,     FIVE_STAR
                99.99,  FIVE_STAR
                100,    SIX_STAR
                109.99, SIX_STAR
                110,    SEVEN_STAR
                119.99, SEVEN_STAR
                120,    EIGHT_STAR
                129.99, EIGHT_STAR
                130,    NINE_STAR
                139.99, NINE_STAR
                140,    TEN_STAR
                151,    TEN_STAR
                """)
        void reachesTheHighestGradeWhoseMinimumItMeets(String total, Grade expected) {
            assertThat(Grade.of(new BigDecimal(total), 0)).isEqualTo(expected);
        }

        @Test
        void treatsTrailingZerosAsTheSameTotal() {
            assertThat(Grade.of(new BigDecimal("70.00"), 0)).isEqualTo(Grade.COMPLIANT);
        }
    }

    @Nested
    class FromDeductions {

        @Test
        void stillGradesWithFourDeductions() {
            assertThat(Grade.of(new BigDecimal("146"), 4)).isEqualTo(Grade.TEN_STAR);
        }

        @Test
        void withholdsAnyGradeFromFiveDeductions() {
            assertThat(Grade.of(new BigDecimal("146"), 5)).isEqualTo(Grade.NOT_GRADED);
            assertThat(Grade.of(new BigDecimal("146"), 6)).isEqualTo(Grade.NOT_GRADED);
        }

        @Test
        void rejectsNegativeDeductions() {
            assertThatThrownBy(() -> Grade.of(BigDecimal.TEN, -1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("deductions must not be negative, was -1");
        }
    }

    @Test
    void namesEachGradeInChinese() {
        assertThat(Grade.values()).extracting(Grade::chineseName).containsExactly(
                "不予定级", "达标级", "三星级", "四星级", "五星级", "六星级", "七星级", "八星级", "九星级", "十星级");
    }

    @Test
    void passesEveryGradeButNotGraded() {
        assertThat(Grade.NOT_GRADED.passed()).isFalse();
        assertThat(Grade.COMPLIANT.passed()).isTrue();
        assertThat(Grade.NOT_GRADED.minimumTotal()).isEmpty();
        assertThat(Grade.TEN_STAR.minimumTotal()).contains(new BigDecimal("140"));
    }
}
