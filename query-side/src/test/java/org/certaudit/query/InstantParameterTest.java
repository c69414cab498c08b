package org.certaudit.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * A point in time given as a parameter ({@code asOf}, a diff's ends) is refused in the words of what was sent: its day in
 * the certification body's zone can lie in a year the client never wrote (9999-12-31T23:59:59Z is +10000-01-01 in
 * Asia/Shanghai), which the refusal once quoted as if sent.
 */
class InstantParameterTest {

    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @Test
    void anInstantWhoseDayInTheZoneIsBeyondTheLastBusinessDateIsRefusedQuotingTheValueSent() {
        assertThatThrownBy(() -> RequestParameters.instant("asOf", "9999-12-31T23:59:59Z", ZONE))
                .isInstanceOf(BadParameterException.class)
                .hasMessageContaining("was 9999-12-31T23:59:59Z")
                .hasMessageNotContaining("10000")
                .satisfies(e -> assertThat(((BadParameterException) e).parameter()).isEqualTo("asOf"));
    }

    @Test
    void theLastBusinessMomentInTheZoneIsTaken() {
        assertThat(RequestParameters.instant("asOf", "2100-12-31T15:59:59Z", ZONE))
                .isEqualTo(Instant.parse("2100-12-31T15:59:59Z"));
        assertThatThrownBy(() -> RequestParameters.instant("asOf", "2100-12-31T16:00:00Z", ZONE))
                .hasMessageContaining("was 2100-12-31T16:00:00Z");
    }
}
