package org.certaudit.query.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.certaudit.audit.AuditType;
import org.certaudit.query.audits.AuditList;
import org.certaudit.query.audits.AuditStatus;
import org.certaudit.query.audits.AuditSummary;
import org.junit.jupiter.api.Test;

/** Where {@code /console} leads each user: where their work is. */
class ConsoleHomeTest {

    private static final AuditList NONE = new AuditList(List.of(), 0, 50, 0, 0);

    @Test
    void anAuditorOnTheTeamOfOneOpenAuditLandsOnItAndWithNoneOrSeveralOnTheAuditsWhoseTeamTheyAreOn() {
        ConsoleUser auditor = new ConsoleUser("auditor", Set.of("AUDITOR"));

        assertThat(ConsoleController.landing(auditor, openAudits("0777-2026-SE.1")))
                .isEqualTo("redirect:/console/audits/0777-2026-SE.1");
        assertThat(ConsoleController.landing(auditor, NONE)).isEqualTo("redirect:/console/audits?mine=true");
        assertThat(ConsoleController.landing(auditor, openAudits("0777-2026-SE.1", "0778-2026-SE.1")))
                .isEqualTo("redirect:/console/audits?mine=true");
        // Someone who also decides may be here to score: their team's audits first.
        assertThat(ConsoleController.landing(new ConsoleUser("both", Set.of("AUDITOR", "DECIDER")), NONE))
                .isEqualTo("redirect:/console/audits?mine=true");
    }

    @Test
    void reviewersDecidersAndTheAdminLandOnTheAuditListAndARegulatorOnTheCertificateRegister() {
        assertThat(ConsoleController.landing(new ConsoleUser("reviewer", Set.of("REVIEWER")), null))
                .isEqualTo("redirect:/console/audits");
        assertThat(ConsoleController.landing(new ConsoleUser("decider", Set.of("DECIDER")), null))
                .isEqualTo("redirect:/console/audits");
        assertThat(ConsoleController.landing(new ConsoleUser("admin", Set.of("ADMIN")), null))
                .isEqualTo("redirect:/console/audits");
        assertThat(ConsoleController.landing(new ConsoleUser("regulator", Set.of("REGULATOR")), null))
                .isEqualTo("redirect:/console/certificates");
        assertThat(ConsoleController.landing(null, null)).isEqualTo("redirect:/console/audits");
    }

    private static AuditList openAudits(String... ids) {
        return new AuditList(java.util.Arrays.stream(ids).map(ConsoleHomeTest::open).toList(), 0, 50, ids.length, 1);
    }

    private static AuditSummary open(String id) {
        return new AuditSummary(id, id.substring(0, id.indexOf('.')), AuditType.INITIAL, AuditStatus.OPEN, "新疆隆威家具有限责任公司",
                java.time.LocalDate.of(2026, 12, 1), java.time.LocalDate.of(2026, 12, 3), 5);
    }
}
