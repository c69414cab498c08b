package org.certaudit.query.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certaudit.query.AuditFixtures.SEED_AUDIT;
import static org.certaudit.query.AuditFixtures.SEED_PROJECT;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditOpened;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.Certificate;
import org.certaudit.audit.CertificateGranted;
import org.certaudit.audit.CertificateSuspended;
import org.certaudit.audit.Decision;
import org.certaudit.audit.DecisionOutcome;
import org.certaudit.audit.FindingsRecorded;
import org.certaudit.audit.GradeRecommended;
import org.certaudit.audit.ItemScoreRevised;
import org.certaudit.audit.PledgeDateCorrected;
import org.certaudit.audit.PledgeSigned;
import org.certaudit.audit.SpecialItemKind;
import org.certaudit.audit.SpecialItemRecorded;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.audit.TeamMemberRemoved;
import org.certaudit.audit.TechnicalReviewAccepted;
import org.certaudit.query.AuditFixtures;
import org.certaudit.query.ProjectionHarness;
import org.certaudit.query.scorecard.PointInTime;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.Percent;
import org.certaudit.scheme.SeedReport;
import org.junit.jupiter.api.Test;

/**
 * The digest a printed report carries, pinned for one fixed project history: the seed audit granted a certificate,
 * then a surveillance audit (a removed member, a corrected pledge, a revision, a deduction) that suspends it. Every
 * report printed so far must keep its digest, whoever computes it (shared-kernel's {@code ReportDigestTest} pins the same
 * values for the same history folded in plain Java, as the offline verifier folds a bundle), so these never change.
 */
class ReportDigestTest {

    static final AuditId SURVEILLANCE = AuditId.of(SEED_PROJECT, 2);
    static final String NUMBER = "CTS-2021-0455-2021-SE-1";
    /** The seed audit's report after the grant (version 100), format 2 and format 1. */
    static final String INITIAL_FORMAT_2 = "667e63d7def05c532deac81cad5dccacdf32a92a39025bce5b09633d46542490";
    static final String INITIAL_FORMAT_1 = "03a13aed26214596d58e3e65b8b5ec92597987c41b32cff8b99b82061d4ae522";
    /** The surveillance audit's report after the suspension (version 207), format 2. */
    static final String SURVEILLANCE_FORMAT_2 = "55a9bb30fe38e65119e11d2195f78bb87d5dff52dbd37c273c392c64cf19d3cc";

    @Test
    void aFixedProjectHistoryKeepsTheDigestsOfItsReports() {
        try (ProjectionHarness harness = new ProjectionHarness()) {
            harness.given(ReportFixtures.seedAuditWithFindings());
            harness.as("reviewer").given(new TechnicalReviewAccepted(SEED_AUDIT, "reviewer", LocalDate.of(2021, 6, 10),
                    new BigDecimal("145.75"), Grade.TEN_STAR, "同意推荐"));
            long reviewed = harness.version(SEED_PROJECT.value());
            AuditOpened seed = AuditFixtures.seedOpened();
            harness.as("decider").given(new CertificateGranted(SEED_AUDIT,
                    new Decision(DecisionOutcome.GRANT, "decider", LocalDate.of(2021, 7, 1), reviewed,
                            new BigDecimal("145.75"), Grade.TEN_STAR, "符合要求"),
                    new Certificate(NUMBER, seed.organization().name(), seed.scope(), seed.schemeId(), Grade.TEN_STAR,
                            LocalDate.of(2021, 7, 1), LocalDate.of(2021, 7, 1), LocalDate.of(2024, 6, 30),
                            LocalDate.of(2022, 6, 30))));
            long granted = harness.version(SEED_PROJECT.value());

            harness.as("admin").given(
                    AuditFixtures.opened(SURVEILLANCE, AuditType.SURVEILLANCE, SEED_AUDIT, LocalDate.of(2022, 6, 6),
                            LocalDate.of(2022, 6, 7)),
                    new TeamMemberAssigned(SURVEILLANCE, AuditFixtures.leader()),
                    new TeamMemberAssigned(SURVEILLANCE, AuditFixtures.auditor()));
            harness.as("leader").given(new PledgeSigned(SURVEILLANCE, "A", LocalDate.of(2022, 6, 6)));
            harness.as("auditor").given(new PledgeSigned(SURVEILLANCE, "B", LocalDate.of(2022, 6, 6)),
                    new PledgeDateCorrected(SURVEILLANCE, "B", LocalDate.of(2022, 6, 6), LocalDate.of(2022, 6, 5), "笔误"));
            harness.as("leader").given(AuditFixtures.itemEvents(SURVEILLANCE, SeedReport.itemResults()));
            harness.given(new ItemScoreRevised(SURVEILLANCE, "5.2.2.3", Percent.of(80), Percent.of(60), "回访记录缺失",
                            "复核证据"),
                    new SpecialItemRecorded(SURVEILLANCE, "S1", SpecialItemKind.DEDUCTION, "投诉处理超时", "5.2.2.3", null));
            harness.as("admin").given(new TeamMemberRemoved(SURVEILLANCE, "B", "调岗"));
            harness.as("leader").given(new FindingsRecorded(SURVEILLANCE, List.of("规范运作"),
                            List.of("网站建设\t与\n回访")),
                    new GradeRecommended(SURVEILLANCE, new BigDecimal("144.18"), Grade.TEN_STAR, LocalDate.of(2022, 6, 7)));
            harness.as("reviewer").given(new TechnicalReviewAccepted(SURVEILLANCE, "reviewer", LocalDate.of(2022, 6, 10),
                    new BigDecimal("144.18"), Grade.TEN_STAR, null));
            long surveillanceReviewed = harness.version(SEED_PROJECT.value());
            harness.as("decider").given(new CertificateSuspended(SURVEILLANCE,
                    new Decision(DecisionOutcome.SUSPEND, "decider", LocalDate.of(2022, 6, 20), surveillanceReviewed,
                            new BigDecimal("144.18"), Grade.TEN_STAR, "投诉处理需整改"),
                    NUMBER, LocalDate.of(2022, 9, 30), LocalDate.of(2023, 6, 30)));
            long suspended = harness.version(SEED_PROJECT.value());

            AuditReports reports = ReportFixtures.reports(harness, new FoldedCertificationRecords(),
                    point -> Optional.empty());
            AuditReport initial = reports.issue(SEED_AUDIT, PointInTime.atVersion(suspended)).orElseThrow();
            AuditReport surveillance = reports.issue(SURVEILLANCE, PointInTime.atVersion(suspended)).orElseThrow();

            assertThat(initial.point().version()).isEqualTo(granted).isEqualTo(100);
            assertThat(surveillance.point().version()).isEqualTo(suspended).isEqualTo(207);
            assertThat(initial.digest()).isEqualTo(INITIAL_FORMAT_2);
            assertThat(initial.digest(1)).isEqualTo(INITIAL_FORMAT_1);
            assertThat(surveillance.digest()).isEqualTo(SURVEILLANCE_FORMAT_2);
            assertThat(surveillance.canonicalText()).contains("\ncertificate\t" + NUMBER + "\t2021-07-01\t2024-06-30\t暂停\n",
                    "\nimprovement\t网站建设 与 回访\n", "\npledge\tB\t2022-06-05\n");
        }
    }
}
