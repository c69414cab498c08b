package org.certaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.certaudit.audit.AuditCancelled;
import org.certaudit.audit.OnSiteAuditRescheduled;
import org.certaudit.audit.OnSitePeriod;
import org.certaudit.scheme.SchemeCatalog;
import org.junit.jupiter.api.Test;

/**
 * The names of the people who acted, recorded in the events' metadata, reach the report's record of the review, the
 * decision, the cancellation and each rescheduling, and leave its canonical text and digest as they are: names are
 * presentation.
 */
class RecordedNamesTest {

    private static final SchemeCatalog SCHEMES = SchemeCatalog.shipped();
    /** Fictional staff, as a certification body's configuration or token would have named them when they acted. */
    private static final Map<String, String> NAMES = Map.of("reviewer", "周文博", "decider", "吴思远", "admin", "孙立平",
            "leader", "李雅宁");

    private static List<RecordedEvent> named(List<RecordedEvent> events) {
        return events.stream().map(recorded -> new RecordedEvent(recorded.sequence(), recorded.event(), recorded.user(),
                NAMES.get(recorded.user()), recorded.recordedAt())).toList();
    }

    @Test
    void keepTheDigestsThePinnedTestsHold() {
        List<RecordedEvent> history = named(ProjectHistory.events());

        ReportContent initial = ReportFold.at(ProjectHistory.SEED, ProjectHistory.SUSPENDED, history, SCHEMES).orElseThrow();
        ReportContent surveillance = ReportFold.at(ProjectHistory.SURVEILLANCE, ProjectHistory.SUSPENDED, history, SCHEMES)
                .orElseThrow();

        assertThat(initial.digest()).isEqualTo(ReportDigestTest.INITIAL_FORMAT_2);
        assertThat(initial.digest(1)).isEqualTo(ReportDigestTest.INITIAL_FORMAT_1);
        assertThat(surveillance.digest()).isEqualTo(ReportDigestTest.SURVEILLANCE_FORMAT_2);
        assertThat(surveillance.canonicalText()).doesNotContain("周文博", "吴思远");
    }

    @Test
    void nameTheReviewerAndTheDeciderAsTheirEventsRecordedThem() {
        ReportContent surveillance = ReportFold.at(ProjectHistory.SURVEILLANCE, ProjectHistory.SUSPENDED,
                named(ProjectHistory.events()), SCHEMES).orElseThrow();

        assertThat(surveillance.certification().review().reviewer()).isEqualTo("reviewer");
        assertThat(surveillance.certification().review().reviewerName()).isEqualTo("周文博");
        assertThat(surveillance.certification().decision().decider()).isEqualTo("decider");
        assertThat(surveillance.certification().decision().deciderName()).isEqualTo("吴思远");
    }

    @Test
    void nameNobodyForEventsRecordedWithoutANameOrByAnotherUser() {
        ReportContent unnamed = ReportFold.at(ProjectHistory.SURVEILLANCE, ProjectHistory.SUSPENDED,
                ProjectHistory.events(), SCHEMES).orElseThrow();
        // A name belongs to the user who signed in: one recorded under another user names nobody the payload names.
        List<RecordedEvent> otherUser = ProjectHistory.events().stream().map(recorded -> new RecordedEvent(
                recorded.sequence(), recorded.event(), "someone-else", "别人", recorded.recordedAt())).toList();
        ReportContent misnamed = ReportFold.at(ProjectHistory.SURVEILLANCE, ProjectHistory.SUSPENDED, otherUser, SCHEMES)
                .orElseThrow();

        assertThat(unnamed.certification().review().reviewerName()).isNull();
        assertThat(unnamed.certification().decision().deciderName()).isNull();
        assertThat(misnamed.certification().review().reviewerName()).isNull();
        assertThat(misnamed.certification().decision().deciderName()).isNull();
    }

    @Test
    void nameWhoCancelledAnAuditWithoutChangingItsDigest() {
        List<RecordedEvent> events = new ArrayList<>(ProjectHistory.events().subList(0, (int) ProjectHistory.GRANTED - 1));
        long last = events.get(events.size() - 1).sequence();
        AuditCancelled cancelled = new AuditCancelled(ProjectHistory.SEED, "admin", "客户撤回申请");
        Instant at = Instant.parse("2021-06-25T02:00:00Z");
        List<RecordedEvent> withName = new ArrayList<>(events);
        withName.add(new RecordedEvent(last + 1, cancelled, "admin", "孙立平", at));
        List<RecordedEvent> withoutName = new ArrayList<>(events);
        withoutName.add(new RecordedEvent(last + 1, cancelled, "admin", at));

        ReportContent named = ReportFold.at(ProjectHistory.SEED, last + 1, withName, SCHEMES).orElseThrow();
        ReportContent unnamed = ReportFold.at(ProjectHistory.SEED, last + 1, withoutName, SCHEMES).orElseThrow();

        assertThat(named.facts().cancellation().cancelledByName()).isEqualTo("孙立平");
        assertThat(unnamed.facts().cancellation().cancelledByName()).isNull();
        assertThat(named.digest()).isEqualTo(unnamed.digest());
    }

    @Test
    void nameWhoRescheduledAnAuditWithoutChangingItsDigest() {
        List<RecordedEvent> events = new ArrayList<>(ProjectHistory.events().subList(0, (int) ProjectHistory.GRANTED - 1));
        long last = events.get(events.size() - 1).sequence();
        ReportContent before = ReportFold.at(ProjectHistory.SEED, last, events, SCHEMES).orElseThrow();
        OnSitePeriod previous = before.facts().onSite();
        OnSiteAuditRescheduled rescheduled = new OnSiteAuditRescheduled(ProjectHistory.SEED, previous,
                new OnSitePeriod(previous.from().plusDays(1), previous.to().plusDays(1), previous.days(), null, null),
                "admin", "受审查方申请改期");
        Instant at = Instant.parse("2021-06-25T02:00:00Z");
        List<RecordedEvent> withName = new ArrayList<>(events);
        withName.add(new RecordedEvent(last + 1, rescheduled, "admin", "孙立平", at));
        List<RecordedEvent> withoutName = new ArrayList<>(events);
        withoutName.add(new RecordedEvent(last + 1, rescheduled, "admin", at));

        ReportContent named = ReportFold.at(ProjectHistory.SEED, last + 1, withName, SCHEMES).orElseThrow();
        ReportContent unnamed = ReportFold.at(ProjectHistory.SEED, last + 1, withoutName, SCHEMES).orElseThrow();

        assertThat(named.facts().reschedulings()).singleElement()
                .satisfies(r -> assertThat(r.rescheduledByName()).isEqualTo("孙立平"));
        assertThat(unnamed.facts().reschedulings()).singleElement()
                .satisfies(r -> assertThat(r.rescheduledByName()).isNull());
        assertThat(named.canonicalText()).doesNotContain("孙立平");
        assertThat(named.digest()).isEqualTo(unnamed.digest());
    }
}
