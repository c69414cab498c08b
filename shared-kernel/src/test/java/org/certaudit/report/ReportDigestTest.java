package org.certaudit.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.certaudit.audit.HalfDay;
import org.certaudit.audit.OnSiteAuditRescheduled;
import org.certaudit.audit.OnSitePeriod;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.SchemeCatalog;
import org.junit.jupiter.api.Test;

/**
 * The report's canonical text and digest folded from a project stream in plain Java, as the offline verifier folds a
 * bundle: the same digests query-side's {@code ReportDigestTest} pinned for the same history through the event store.
 */
class ReportDigestTest {

    /** The seed audit's report after the grant (version 100), format 2 and format 1. */
    static final String INITIAL_FORMAT_2 = "667e63d7def05c532deac81cad5dccacdf32a92a39025bce5b09633d46542490";
    static final String INITIAL_FORMAT_1 = "03a13aed26214596d58e3e65b8b5ec92597987c41b32cff8b99b82061d4ae522";
    /** The surveillance audit's report after the suspension (version 207), format 2. */
    static final String SURVEILLANCE_FORMAT_2 = "55a9bb30fe38e65119e11d2195f78bb87d5dff52dbd37c273c392c64cf19d3cc";

    private static final SchemeCatalog SCHEMES = SchemeCatalog.shipped();
    private final List<RecordedEvent> history = ProjectHistory.events();

    @Test
    void givesTheDigestsTheQuerySidePrintsForTheSameHistory() {
        ReportContent initial = ReportFold.at(ProjectHistory.SEED, ProjectHistory.SUSPENDED, history, SCHEMES).orElseThrow();
        ReportContent surveillance = ReportFold.at(ProjectHistory.SURVEILLANCE, ProjectHistory.SUSPENDED, history, SCHEMES)
                .orElseThrow();

        assertThat(initial.version()).as("the seed audit's last event").isEqualTo(ProjectHistory.GRANTED);
        assertThat(initial.digest()).isEqualTo(INITIAL_FORMAT_2);
        assertThat(initial.digest(1)).isEqualTo(INITIAL_FORMAT_1);
        assertThat(surveillance.version()).isEqualTo(ProjectHistory.SUSPENDED);
        assertThat(surveillance.digest()).isEqualTo(SURVEILLANCE_FORMAT_2);
    }

    @Test
    void foldsTheCertificateAnEarlierAuditWasGrantedIntoALaterAuditsReport() {
        ReportContent surveillance = ReportFold.at(ProjectHistory.SURVEILLANCE, ProjectHistory.SUSPENDED, history, SCHEMES)
                .orElseThrow();

        assertThat(surveillance.canonicalText()).startsWith("certaudit-report/2\naudit\t0455-2021-SE.2\tSURVEILLANCE\t")
                .contains("\nversion\t207\n", "\npledge\tB\t2022-06-05\n", "\nspecial\tDEDUCTION\t投诉处理超时\t5.2.2.3\n",
                        "\nimprovement\t网站建设 与 回访\n", "\nrecommendation\t144.18\tTEN_STAR\t2022-06-07\tleader\n",
                        "\ndecision\tdecider\t2022-06-20\t暂停认证\t投诉处理需整改\t144.18\t十星级\t206\n",
                        "\ncertificate\t" + ProjectHistory.NUMBER + "\t2021-07-01\t2024-06-30\t暂停\n")
                .doesNotContain("\nmember\tB\t");
        assertThat(surveillance.scorecard().grade()).isEqualTo(Grade.TEN_STAR);
    }

    @Test
    void aCancelledAuditsReportSaysWhoCancelledItAndWhyAndOnlyThenHasTheLine() {
        List<RecordedEvent> cancelled = new java.util.ArrayList<>(history.subList(0, (int) ProjectHistory.GRANTED - 1));
        long last = cancelled.get(cancelled.size() - 1).sequence();
        ReportContent before = ReportFold.at(ProjectHistory.SEED, last, cancelled, SCHEMES).orElseThrow();
        cancelled.add(new RecordedEvent(last + 1, new org.certaudit.audit.AuditCancelled(ProjectHistory.SEED, "admin",
                "客户撤回\t申请"), "admin", java.time.Instant.parse("2021-06-25T02:00:00Z")));

        ReportContent after = ReportFold.at(ProjectHistory.SEED, last + 1, cancelled, SCHEMES).orElseThrow();

        assertThat(before.canonicalText()).doesNotContain("\ncancelled\t");
        assertThat(after.canonicalText()).endsWith("\ncancelled\tadmin\t客户撤回 申请\n")
                .startsWith(before.canonicalText().replace("\nversion\t" + last + "\n", "\nversion\t" + (last + 1) + "\n"));
        assertThat(after.digest()).isNotEqualTo(before.digest());
        assertThat(after.facts().cancellation().cancelledBy()).isEqualTo("admin");
        assertThat(after.facts().recommendation()).as("what the audit came to stays").isNotNull();
    }

    @Test
    void aRescheduledAuditsReportPrintsThePeriodInForceAndEachReschedulingAndOnlyThenHasTheLine() {
        List<RecordedEvent> rescheduled = new java.util.ArrayList<>(history.subList(0, 4));
        long last = rescheduled.get(rescheduled.size() - 1).sequence();
        ReportContent before = ReportFold.at(ProjectHistory.SEED, last, rescheduled, SCHEMES).orElseThrow();
        OnSitePeriod opened = before.facts().onSite();
        OnSitePeriod moved = new OnSitePeriod(LocalDate.of(2021, 6, 12), LocalDate.of(2021, 6, 14), new BigDecimal("2.5"),
                null, HalfDay.MORNING);
        rescheduled.add(new RecordedEvent(last + 1, new OnSiteAuditRescheduled(ProjectHistory.SEED,
                opened, moved, "admin", "客户要求\t改期"), "admin", java.time.Instant.parse("2021-06-04T02:00:00Z")));

        ReportContent after = ReportFold.at(ProjectHistory.SEED, last + 1, rescheduled, SCHEMES).orElseThrow();

        assertThat(before.canonicalText()).doesNotContain("\nrescheduled\t")
                .contains("\non-site\t2021-06-05\t2021-06-07\t3\n");
        assertThat(after.canonicalText())
                .contains("\non-site\t2021-06-12\t2021-06-14\t2.5\n", "\non-site-half-days\t\tMORNING\n",
                        "\nrescheduled\t2021-06-05\t2021-06-07\t3\t" + opened.fromHalfDay().name() + "\t"
                                + opened.toHalfDay().name() + "\t2021-06-12\t2021-06-14\t2.5\t\tMORNING\tadmin\t客户要求 改期\n")
                .doesNotContain("\non-site\t2021-06-05\t");
        assertThat(after.digest()).isNotEqualTo(before.digest());
        assertThat(after.facts().onSite()).isEqualTo(moved);
        assertThat(after.facts().reschedulings()).singleElement()
                .satisfies(r -> assertThat(r.previous()).isEqualTo(opened));
    }

    @Test
    void stopsAtTheVersionAndNamesTheAuditsLastEventUpToIt() {
        ReportContent beforeTheGrant = ReportFold.at(ProjectHistory.SEED, ProjectHistory.GRANTED - 1, history, SCHEMES)
                .orElseThrow();
        ReportContent duringTheSurveillance = ReportFold.at(ProjectHistory.SEED, 150, history, SCHEMES).orElseThrow();

        assertThat(beforeTheGrant.version()).isEqualTo(ProjectHistory.GRANTED - 1);
        assertThat(beforeTheGrant.canonicalText()).contains("\nreview\treviewer\t").doesNotContain("\ndecision\t");
        assertThat(duringTheSurveillance.version()).as("events of another audit do not move the seed audit's version")
                .isEqualTo(ProjectHistory.GRANTED);
        assertThat(duringTheSurveillance.digest()).isEqualTo(INITIAL_FORMAT_2);
        assertThat(ReportFold.at(ProjectHistory.SURVEILLANCE, ProjectHistory.GRANTED, history, SCHEMES))
                .as("not opened yet").isEmpty();
    }

    @Test
    void recognisesWhichFormatADigestIsOf() {
        ReportContent initial = ReportFold.at(ProjectHistory.SEED, ProjectHistory.GRANTED, history, SCHEMES).orElseThrow();

        assertThat(initial.formatOf(INITIAL_FORMAT_2)).hasValue(2);
        assertThat(initial.formatOf(INITIAL_FORMAT_1.toUpperCase())).hasValue(1);
        assertThat(initial.formatOf(SURVEILLANCE_FORMAT_2)).isEmpty();
        assertThatThrownBy(() -> initial.canonicalText(3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no canonical report format 3");
    }

    @Test
    void refusesAnAuditEventStoredBeforeTheAuditWasOpened() {
        List<RecordedEvent> withoutOpening = history.subList(1, 5).stream()
                .map(recorded -> new RecordedEvent(recorded.sequence() - 1, recorded.event(), recorded.user(),
                        recorded.recordedAt()))
                .toList();

        assertThatThrownBy(() -> ReportFold.at(ProjectHistory.SEED, 3, withoutOpening, SCHEMES))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("event TeamMemberAssigned of audit 0455-2021-SE.1 is stored before the audit was opened");
    }
}
