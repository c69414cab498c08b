package org.certaudit.scheme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PercentTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.01", "97", "99.99", "100", "100.00"})
    void acceptsZeroToOneHundredWithAtMostTwoDecimals(String value) {
        assertThat(Percent.of(value).value()).isEqualByComparingTo(value);
    }

    @Test
    void rejectsMoreThanOneHundred() {
        assertThatThrownBy(() -> Percent.of("100.001"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("percent must be between 0 and 100, was 100.001");
    }

    @Test
    void rejectsANegativePercent() {
        assertThatThrownBy(() -> Percent.of("-1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("percent must be between 0 and 100, was -1");
    }

    @Test
    void rejectsAThirdDecimal() {
        assertThatThrownBy(() -> Percent.of("99.999"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("percent has at most 2 decimals, was 99.999");
    }

    @Test
    void acceptsTrailingZerosBeyondTheSecondDecimal() {
        assertThat(Percent.of("97.000")).isEqualTo(Percent.of(97));
    }

    @Test
    void rejectsText() {
        assertThatThrownBy(() -> Percent.of("97%"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("percent must be a decimal number, was '97%'");
    }

    @Test
    void offersZeroAndOneHundredAsConstants() {
        assertThat(Percent.ZERO.value()).isEqualTo(BigDecimal.ZERO);
        assertThat(Percent.HUNDRED).isEqualTo(Percent.of(100));
    }
}
