package org.certaudit.query.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.certaudit.certificate.CertificateHistory.Kind;
import org.certaudit.query.lineage.ProjectLineage.CertificateChange;
import org.certaudit.scheme.Grade;
import org.junit.jupiter.api.Test;

/** The lineage page's expiry row: a matter of the date, the day after the last valid day, never after a withdrawal. */
class CertificateExpiryTest {

    private static final LocalDate LAST_VALID_DAY = LocalDate.of(2024, 6, 30);

    /** As the lineage has them: every change carries the validity of the issue or renewal it belongs to. */
    private static CertificateChange change(Kind kind) {
        return new CertificateChange(kind, kind.name(), "CTS-2021-0001", LocalDate.of(2021, 7, 1), "0455-2021-SE.1",
                Grade.TEN_STAR, "十星级", LocalDate.of(2021, 7, 1), LAST_VALID_DAY, null, "decider", null, "依据审查结论",
                null, null, null, null);
    }

    @Test
    void aCertificateExpiresTheDayAfterItsLastValidDayOnceThatDayHasCome() {
        List<CertificateChange> changes = List.of(change(Kind.ISSUED), change(Kind.SUSPENDED));
        assertThat(ConsoleController.expiredOn(changes, LAST_VALID_DAY)).isNull();
        assertThat(ConsoleController.expiredOn(changes, LAST_VALID_DAY.plusDays(1))).isEqualTo(LAST_VALID_DAY.plusDays(1));
        assertThat(ConsoleController.expiredOn(changes, LocalDate.of(2026, 12, 1))).isEqualTo(LAST_VALID_DAY.plusDays(1));
    }

    @Test
    void aWithdrawnCertificateOrNoneDoesNotExpire() {
        assertThat(ConsoleController.expiredOn(List.of(change(Kind.ISSUED), change(Kind.WITHDRAWN)),
                LocalDate.of(2026, 12, 1))).isNull();
        assertThat(ConsoleController.expiredOn(List.of(), LocalDate.of(2026, 12, 1))).isNull();
    }
}
