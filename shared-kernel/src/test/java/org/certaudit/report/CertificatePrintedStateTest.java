package org.certaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The state a report prints for its certificate: expired from the day after the last valid day, as the register says. */
class CertificatePrintedStateTest {

    private static final LocalDate LAST_VALID_DAY = LocalDate.of(2024, 6, 30);

    private static CertificationRecord.Certificate certificate(String state) {
        return new CertificationRecord.Certificate("DEMO-SE-2021-0777", LocalDate.of(2021, 7, 1), LAST_VALID_DAY, state);
    }

    @Test
    void aValidCertificateIsPrintedValidUpToItsLastValidDayAndExpiredFromTheDayAfter() {
        assertThat(certificate("有效").printedState(LAST_VALID_DAY)).isEqualTo("有效");
        assertThat(certificate("有效").expiredOn(LAST_VALID_DAY)).isFalse();
        assertThat(certificate("有效").printedState(LAST_VALID_DAY.plusDays(1))).isEqualTo("已过期（2024 年 07 月 01 日 起）");
        assertThat(certificate("有效").printedState(LocalDate.of(2026, 12, 5))).isEqualTo("已过期（2024 年 07 月 01 日 起）");
    }

    @Test
    void aSuspendedOrWithdrawnCertificateKeepsItsStateAndNoDayKeepsTheRecordedOne() {
        assertThat(certificate("暂停").printedState(LocalDate.of(2026, 12, 5))).isEqualTo("暂停");
        assertThat(certificate("撤销").expiredOn(LocalDate.of(2026, 12, 5))).isFalse();
        assertThat(certificate("有效").printedState(null)).isEqualTo("有效");
        assertThat(certificate(null).printedState(LocalDate.of(2026, 12, 5))).isNull();
    }
}
