package org.certaudit.query.audits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.ItemScored;
import org.certaudit.audit.PledgeDateCorrected;
import org.certaudit.audit.PledgeSigned;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.query.AuditFixtures;
import org.certaudit.query.ProjectionHarness;
import org.certaudit.report.PledgeTiming.Work;
import org.certaudit.scheme.Percent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

/**
 * The warnings {@code GET /api/audits/{id}} and the console's audit page give where the team did not pledge before it
 * worked (ISO/IEC 17021-1 5.2, ISO/IEC 17065 4.2), folded from the stored events by the shared-kernel rule, as of the
 * version asked. The audit is on site from 5 to 7 June 2021; its fictional leader (user {@code leader}) records its
 * work from 09:00 on 5 June in Shanghai, the certification body's zone, unless a test moves the clock.
 */
class PledgeTimingWarningsTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final AuditId AUDIT = AuditId.of(new ProjectNumber("0960-2021-SE"), 1);
    private static final LocalDate JUNE_5 = LocalDate.of(2021, 6, 5);
    private static final LocalDate JUNE_6 = LocalDate.of(2021, 6, 6);
    private static final LocalDate JUNE_7 = LocalDate.of(2021, 6, 7);

    private final ProjectionHarness harness = new ProjectionHarness();

    @BeforeEach
    void answeredFromTheHarnesssStore() {
        harness.with(new PledgeTimingWarnings(harness.eventStore(), SHANGHAI));
    }

    @AfterEach
    void close() {
        harness.close();
    }

    private ProjectionHarness openedWithItsLeader() {
        return harness.as("admin").given(AuditFixtures.opened(AUDIT, AuditType.INITIAL, null, JUNE_5, JUNE_7),
                new TeamMemberAssigned(AUDIT, AuditFixtures.leader())).as("leader");
    }

    private static ItemScored scored(String clause) {
        return new ItemScored(AUDIT, clause, Percent.of(95), "抽查服务记录 3 份");
    }

    private List<PledgeTimingWarning> at(long version) {
        return harness.query(new FindPledgeTimingWarnings(AUDIT, version),
                ResponseTypes.multipleInstancesOf(PledgeTimingWarning.class));
    }

    private long now() {
        return harness.version(AUDIT.projectNumber().value());
    }

    @Test
    void aMemberWhoScoredBeforeTheDayOfTheirPledgeIsNamedWithHowManyRecordsAndTheFirst() {
        openedWithItsLeader().given(new PledgeSigned(AUDIT, "A", JUNE_5), scored("5.1.1.1"), scored("5.1.1.2"));
        long beforeTheCorrection = now();
        harness.given(new PledgeDateCorrected(AUDIT, "A", JUNE_5, JUNE_6, "纸质承诺书落款为 6 日"));

        assertThat(at(now())).containsExactly(
                new PledgeTimingWarning(PledgeTimingWarning.Kind.WORK_BEFORE_PLEDGE, "A", "李雅宁", JUNE_6, null, 2,
                        JUNE_5, Work.ITEM, "5.1.1.1"),
                new PledgeTimingWarning(PledgeTimingWarning.Kind.PLEDGE_AFTER_ON_SITE, "A", "李雅宁", JUNE_6, JUNE_5,
                        null, null, null, null));
        assertThat(at(beforeTheCorrection)).as("as of the version asked: signed on the first on-site day until corrected")
                .isEmpty();
    }

    @Test
    void aPledgeSignedAfterTheOnSitePeriodBeganIsNamedWithThePeriodsFirstDay() {
        openedWithItsLeader().at(Instant.parse("2021-06-07T02:00:00Z"))
                .given(new PledgeSigned(AUDIT, "A", JUNE_7), scored("5.1.1.1"));

        assertThat(at(now())).containsExactly(new PledgeTimingWarning(PledgeTimingWarning.Kind.PLEDGE_AFTER_ON_SITE,
                "A", "李雅宁", JUNE_7, JUNE_5, null, null, null, null));
    }

    @Test
    void aTeamThatPledgedOnTheFirstOnSiteDayAndWorkedFromThenOnHasNone() {
        openedWithItsLeader().given(new PledgeSigned(AUDIT, "A", JUNE_5), scored("5.1.1.1"));

        assertThat(at(now())).isEmpty();
    }

    @Test
    void anAuditOfTheProjectNotOpenedByTheVersionAskedHasNone() {
        harness.given(AuditFixtures.opened(AuditId.of(AUDIT.projectNumber(), 1), AuditType.INITIAL, null, JUNE_5, JUNE_7));

        assertThat(harness.query(new FindPledgeTimingWarnings(AuditId.of(AUDIT.projectNumber(), 2), now()),
                ResponseTypes.multipleInstancesOf(PledgeTimingWarning.class))).isEmpty();
    }

    @Test
    void anAnswerForAStoredVersionIsFoldedOnceAndOneBeyondTheStreamIsFoldedAgain() {
        EventStore counted = Mockito.spy(harness.eventStore());
        PledgeTimingWarnings warnings = new PledgeTimingWarnings(counted, SHANGHAI);
        openedWithItsLeader().at(Instant.parse("2021-06-07T02:00:00Z")).given(new PledgeSigned(AUDIT, "A", JUNE_7));
        long stored = now();
        FindPledgeTimingWarnings beyond = new FindPledgeTimingWarnings(AUDIT, stored + 1);

        assertThat(warnings.handle(new FindPledgeTimingWarnings(AUDIT, stored))).hasSize(1);
        assertThat(warnings.handle(new FindPledgeTimingWarnings(AUDIT, stored))).hasSize(1);
        Mockito.verify(counted, Mockito.times(1)).readEvents(AUDIT.projectNumber().value(), 0);

        assertThat(warnings.handle(beyond)).hasSize(1);
        harness.given(new PledgeDateCorrected(AUDIT, "A", JUNE_7, JUNE_5, "纸质承诺书落款为 5 日"));
        assertThat(warnings.handle(beyond)).as("the correction stored at that version since").isEmpty();
        Mockito.verify(counted, Mockito.times(3)).readEvents(AUDIT.projectNumber().value(), 0);
    }
}
