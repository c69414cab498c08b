package org.certaudit.query.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;

/** Where {@code /console} leads each user when a home audit is configured (the demo's seed audit). */
class ConsoleHomeTest {

    private final ConsoleController console = new ConsoleController(null,
            new ConsoleProperties(URI.create("http://localhost:8081"), "0455-2021-SE.1"), null,
            ZoneId.of("Asia/Shanghai"), null, null, null, null, null);

    @Test
    void auditorsAndRegulatorsLandOnTheHomeAuditReviewersAndDecidersOnTheirWaitingLists() {
        assertThat(console.home(user("leader", "ROLE_AUDITOR"))).isEqualTo("redirect:/console/audits/0455-2021-SE.1");
        assertThat(console.home(user("regulator", "ROLE_REGULATOR"))).isEqualTo("redirect:/console/audits/0455-2021-SE.1");
        assertThat(console.home(user("reviewer", "ROLE_REVIEWER"))).isEqualTo("redirect:/console/audits");
        assertThat(console.home(user("decider", "ROLE_DECIDER"))).isEqualTo("redirect:/console/audits");
        // Someone who also audits may be here to score.
        assertThat(console.home(user("both", "ROLE_AUDITOR", "ROLE_DECIDER"))).isEqualTo("redirect:/console/audits/0455-2021-SE.1");
    }

    private static UsernamePasswordAuthenticationToken user(String name, String... roles) {
        return new UsernamePasswordAuthenticationToken(name, null, AuthorityUtils.createAuthorityList(roles));
    }
}
