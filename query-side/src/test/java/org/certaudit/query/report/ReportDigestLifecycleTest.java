package org.certaudit.query.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certaudit.query.AuditFixtures.SEED_AUDIT;
import static org.certaudit.query.AuditFixtures.SEED_PROJECT;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditOpened;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.Certificate;
import org.certaudit.audit.CertificateGranted;
import org.certaudit.audit.CertificateMaintained;
import org.certaudit.audit.CertificateRenewed;
import org.certaudit.audit.CertificateRestored;
import org.certaudit.audit.CertificateSuspended;
import org.certaudit.audit.CertificateWithdrawn;
import org.certaudit.audit.Decision;
import org.certaudit.audit.DecisionOutcome;
import org.certaudit.audit.TechnicalReviewAccepted;
import org.certaudit.query.AuditFixtures;
import org.certaudit.query.ProjectionHarness;
import org.certaudit.query.scorecard.PointInTime;
import org.certaudit.scheme.Grade;
import org.junit.jupiter.api.Test;

/**
 * The digests of the reports of a certificate's whole life, pinned with the code as it stood before session 24 changed
 * the certificate's fold (consecutive validity periods, each period's certificate): a grant, a suspension and its
 * restoration, a maintenance that regrades, a re-certification decided before the last valid day, and a withdrawal.
 * Reports printed before keep their digests, so these never change.
 */
class ReportDigestLifecycleTest {

    static final String NUMBER = "CTS-2021-0455-2021-SE-1";
    static final Map<String, String> PINNED = Map.of(
            "0455-2021-SE.1", "e17c3d2de92c536d2726652dbbab2bce814295ba71c1a3d560d634270fbef50c",
            "0455-2021-SE.2", "2054c6a009442f3545fad9d7ebca1ff13ac0ab3b6786536b5cc26a7e39a67f88",
            "0455-2021-SE.3", "ac9e03300298fe8f41392f565d7b7048fdf3d66b7c038e358f9a3a27b2c306d8",
            "0455-2021-SE.4", "d4642123621f595fc0131525332003f752b6409c5afa6de99a94816f6be187ae",
            "0455-2021-SE.5", "6b8ea95b2d3bff43e645c3441d9f1ada4e0263eec23f90a6d35688cf07426235");

    @Test
    void theReportsOfACertificatesWholeLifeKeepTheirDigests() {
        try (ProjectionHarness harness = new ProjectionHarness()) {
            harness.given(ReportFixtures.seedAuditWithFindings());
            harness.as("reviewer").given(new TechnicalReviewAccepted(SEED_AUDIT, "reviewer", LocalDate.of(2021, 6, 10),
                    new BigDecimal("145.75"), Grade.TEN_STAR, "同意推荐"));
            AuditOpened seed = AuditFixtures.seedOpened();
            harness.as("decider").given(new CertificateGranted(SEED_AUDIT, decision(DecisionOutcome.GRANT, 2021, 7, 1,
                    harness.version(SEED_PROJECT.value()), Grade.TEN_STAR), new Certificate(NUMBER, seed.organization().name(),
                    seed.scope(), seed.schemeId(), Grade.TEN_STAR, LocalDate.of(2021, 7, 1), LocalDate.of(2021, 7, 1),
                    LocalDate.of(2024, 6, 30), LocalDate.of(2022, 6, 30))));

            AuditId suspending = AuditId.of(SEED_PROJECT, 2);
            harness.as("admin").given(AuditFixtures.opened(suspending, AuditType.SURVEILLANCE, SEED_AUDIT,
                    LocalDate.of(2022, 6, 6), LocalDate.of(2022, 6, 7)));
            harness.as("decider").given(new CertificateSuspended(suspending, decision(DecisionOutcome.SUSPEND, 2022, 6, 20,
                            harness.version(SEED_PROJECT.value()), Grade.TEN_STAR), NUMBER, LocalDate.of(2022, 9, 30),
                            LocalDate.of(2023, 6, 30)),
                    new CertificateRestored(suspending, NUMBER, "decider", LocalDate.of(2022, 8, 1), "整改完成"));

            AuditId maintaining = AuditId.of(SEED_PROJECT, 3);
            harness.as("admin").given(AuditFixtures.opened(maintaining, AuditType.SURVEILLANCE, suspending,
                    LocalDate.of(2023, 6, 1), LocalDate.of(2023, 6, 2)));
            harness.as("decider").given(new CertificateMaintained(maintaining, decision(DecisionOutcome.MAINTAIN, 2023, 6, 20,
                    harness.version(SEED_PROJECT.value()), Grade.NINE_STAR), NUMBER, LocalDate.of(2024, 6, 30)));

            AuditId renewing = AuditId.of(SEED_PROJECT, 4);
            harness.as("admin").given(AuditFixtures.opened(renewing, AuditType.RECERTIFICATION, maintaining,
                    LocalDate.of(2024, 4, 10), LocalDate.of(2024, 4, 11)));
            harness.as("decider").given(new CertificateRenewed(renewing, decision(DecisionOutcome.GRANT, 2024, 5, 15,
                    harness.version(SEED_PROJECT.value()), Grade.TEN_STAR), new Certificate(NUMBER, seed.organization().name(),
                    seed.scope(), seed.schemeId(), Grade.TEN_STAR, LocalDate.of(2024, 5, 15), LocalDate.of(2024, 7, 1),
                    LocalDate.of(2027, 6, 30), LocalDate.of(2025, 6, 30))));

            AuditId withdrawing = AuditId.of(SEED_PROJECT, 5);
            harness.as("admin").given(AuditFixtures.opened(withdrawing, AuditType.SURVEILLANCE, renewing,
                    LocalDate.of(2025, 6, 1), LocalDate.of(2025, 6, 2)));
            harness.as("decider").given(new CertificateWithdrawn(withdrawing, decision(DecisionOutcome.WITHDRAW, 2025, 6, 20,
                    harness.version(SEED_PROJECT.value()), Grade.TEN_STAR), NUMBER));
            long last = harness.version(SEED_PROJECT.value());

            AuditReports reports = ReportFixtures.reports(harness, new FoldedCertificationRecords(), point -> Optional.empty());
            Map<String, String> digests = new LinkedHashMap<>();
            for (AuditId audit : new AuditId[] {SEED_AUDIT, suspending, maintaining, renewing, withdrawing}) {
                digests.put(audit.value(), reports.issue(audit, PointInTime.atVersion(last)).orElseThrow().digest());
            }

            assertThat(digests).isEqualTo(PINNED);
        }
    }

    private static Decision decision(DecisionOutcome outcome, int year, int month, int day, long version, Grade grade) {
        return new Decision(outcome, "decider", LocalDate.of(year, month, day), version, new BigDecimal("145.75"), grade,
                "依据审查结果");
    }
}
