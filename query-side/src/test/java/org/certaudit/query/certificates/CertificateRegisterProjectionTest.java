package org.certaudit.query.certificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certaudit.query.AuditFixtures.SEED_AUDIT;
import static org.certaudit.query.AuditFixtures.SEED_PROJECT;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditReopened;
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
import org.certaudit.certificate.CertificateStatus;
import org.certaudit.query.AuditFixtures;
import org.certaudit.query.ProjectionHarness;
import org.certaudit.scheme.Grade;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Given the project's events, then the register: status, grade and validity on any day, and the export rows. */
class CertificateRegisterProjectionTest {

    private static final String NUMBER = "CTS-2021-0455-2021-SE-1";
    private static final AuditId SURVEILLANCE = AuditId.of(SEED_PROJECT, 2);
    private static final AuditId SECOND_SURVEILLANCE = AuditId.of(SEED_PROJECT, 3);
    private static final LocalDate GRANTED_ON = LocalDate.of(2021, 7, 1);
    private static final LocalDate MAINTAINED_ON = LocalDate.of(2022, 6, 1);
    private static final LocalDate SUSPENDED_ON = LocalDate.of(2022, 9, 1);
    private static final LocalDate RESTORED_ON = LocalDate.of(2022, 10, 15);

    private final ProjectionHarness harness = new ProjectionHarness();

    CertificateRegisterProjectionTest() {
        harness.with(new CertificateRegisterProjection(harness.readModels()));
    }

    @AfterEach
    void close() {
        harness.close();
    }

    private static Decision decision(DecisionOutcome outcome, LocalDate on, Grade grade, long version) {
        return new Decision(outcome, "decider", on, version, new BigDecimal("145.75"), grade, "依据审查结论");
    }

    private void granted() {
        harness.given(AuditFixtures.seedOpened());
        harness.given(new CertificateGranted(SEED_AUDIT, decision(DecisionOutcome.GRANT, GRANTED_ON, Grade.TEN_STAR, 120),
                new Certificate(NUMBER, "新疆隆威家具有限责任公司", "金属家具售后服务", "CTS-ISC-JSGF-06", Grade.TEN_STAR,
                        GRANTED_ON, GRANTED_ON, LocalDate.of(2024, 6, 30), LocalDate.of(2022, 6, 7))));
    }

    private void maintainedSuspendedRestored() {
        granted();
        harness.given(AuditFixtures.opened(SURVEILLANCE, AuditType.SURVEILLANCE, SEED_AUDIT, LocalDate.of(2022, 5, 10),
                        LocalDate.of(2022, 5, 11)),
                new CertificateMaintained(SURVEILLANCE, decision(DecisionOutcome.MAINTAIN, MAINTAINED_ON, Grade.NINE_STAR, 140),
                        NUMBER, LocalDate.of(2023, 5, 11)),
                AuditFixtures.opened(SECOND_SURVEILLANCE, AuditType.SURVEILLANCE, SURVEILLANCE, LocalDate.of(2022, 8, 20),
                        LocalDate.of(2022, 8, 21)),
                new CertificateSuspended(SECOND_SURVEILLANCE, decision(DecisionOutcome.SUSPEND, SUSPENDED_ON,
                        Grade.NOT_GRADED, 160), NUMBER, LocalDate.of(2022, 12, 1), null),
                new CertificateRestored(SECOND_SURVEILLANCE, NUMBER, "decider", RESTORED_ON, "整改验证通过"));
    }

    private Optional<CertificateView> certificate(LocalDate asOf) {
        return harness.query(new GetCertificate(NUMBER, asOf), ResponseTypes.optionalInstanceOf(CertificateView.class));
    }

    private CertificateStatus status(LocalDate asOf) {
        return certificate(asOf).orElseThrow().status();
    }

    @Test
    void aGrantedCertificateIsValidFromTheDecisionToTheDayBeforeTheThirdAnniversary() {
        granted();
        assertThat(certificate(GRANTED_ON.minusDays(1))).isEmpty();
        CertificateView view = certificate(GRANTED_ON).orElseThrow();
        assertThat(view.status()).isEqualTo(CertificateStatus.VALID);
        assertThat(view.statusLabel()).isEqualTo("有效");
        assertThat(view.gradeLabel()).isEqualTo("十星级");
        assertThat(view.validUntil()).isEqualTo(LocalDate.of(2024, 6, 30));
        assertThat(status(LocalDate.of(2024, 6, 30))).isEqualTo(CertificateStatus.VALID);
        assertThat(status(LocalDate.of(2024, 7, 1))).isEqualTo(CertificateStatus.EXPIRED);
    }

    @Test
    void theStatusAsOfADateFollowsMaintenanceSuspensionAndRestoration() {
        maintainedSuspendedRestored();
        assertThat(certificate(MAINTAINED_ON.minusDays(1)).orElseThrow().grade()).isEqualTo(Grade.TEN_STAR);
        assertThat(certificate(MAINTAINED_ON).orElseThrow().grade()).isEqualTo(Grade.NINE_STAR);
        assertThat(status(SUSPENDED_ON.minusDays(1))).isEqualTo(CertificateStatus.VALID);
        CertificateView suspended = certificate(SUSPENDED_ON).orElseThrow();
        assertThat(suspended.status()).isEqualTo(CertificateStatus.SUSPENDED);
        assertThat(suspended.statusLabel()).isEqualTo("暂停");
        assertThat(suspended.suspendedUntil()).isEqualTo(LocalDate.of(2022, 12, 1));
        assertThat(status(RESTORED_ON.minusDays(1))).isEqualTo(CertificateStatus.SUSPENDED);
        assertThat(status(RESTORED_ON)).isEqualTo(CertificateStatus.VALID);
        assertThat(certificate(RESTORED_ON).orElseThrow().suspendedUntil()).isNull();
    }

    @Test
    void aSuspensionPastItsPlannedEndStaysSuspendedAndIsFlaggedAndListedAsDue() {
        granted();
        LocalDate lastDay = LocalDate.of(2022, 12, 1);
        harness.given(AuditFixtures.opened(SURVEILLANCE, AuditType.SURVEILLANCE, SEED_AUDIT, LocalDate.of(2022, 5, 10),
                        LocalDate.of(2022, 5, 11)),
                new CertificateMaintained(SURVEILLANCE, decision(DecisionOutcome.MAINTAIN, MAINTAINED_ON, Grade.NINE_STAR, 140),
                        NUMBER, LocalDate.of(2023, 5, 11)),
                AuditFixtures.opened(SECOND_SURVEILLANCE, AuditType.SURVEILLANCE, SURVEILLANCE, LocalDate.of(2022, 8, 20),
                        LocalDate.of(2022, 8, 21)),
                new CertificateSuspended(SECOND_SURVEILLANCE, decision(DecisionOutcome.SUSPEND, SUSPENDED_ON,
                        Grade.NOT_GRADED, 160), NUMBER, lastDay, null));
        assertThat(certificate(lastDay).orElseThrow().suspensionOverdue()).as("its last day").isFalse();
        CertificateView overdue = certificate(LocalDate.of(2023, 5, 1)).orElseThrow();
        assertThat(overdue.status()).isEqualTo(CertificateStatus.SUSPENDED);
        assertThat(overdue.suspendedUntil()).isEqualTo(lastDay);
        assertThat(overdue.suspensionOverdue()).isTrue();
        assertThat(certificate(LocalDate.of(2024, 7, 1)).orElseThrow().suspensionOverdue()).as("expired").isFalse();

        assertThat(register(LocalDate.of(2022, 11, 16), null)).singleElement().satisfies(summary -> {
            assertThat(summary.suspensionOverdue()).isFalse();
            assertThat(summary.due()).isEmpty();
        });
        assertThat(register(LocalDate.of(2022, 11, 16), 15)).singleElement()
                .satisfies(summary -> assertThat(summary.due()).containsExactly("SUSPENSION_END"));
        assertThat(register(LocalDate.of(2022, 11, 16), 14)).as("its last day after the horizon").isEmpty();
        assertThat(register(LocalDate.of(2023, 5, 1), 0)).singleElement().satisfies(summary -> {
            assertThat(summary.status()).isEqualTo(CertificateStatus.SUSPENDED);
            assertThat(summary.suspensionOverdue()).isTrue();
            assertThat(summary.due()).containsExactly("SUSPENSION_END");
        });

        harness.given(new CertificateRestored(SECOND_SURVEILLANCE, NUMBER, "decider", LocalDate.of(2023, 5, 2), "整改验证通过"));
        assertThat(register(LocalDate.of(2023, 5, 2), null)).singleElement()
                .satisfies(summary -> assertThat(summary.suspensionOverdue()).isFalse());
        assertThat(register(LocalDate.of(2023, 5, 2), 0)).isEmpty();
    }

    private List<CertificateSummary> register(LocalDate asOf, Integer dueWithinDays) {
        return harness.query(new FindCertificates(asOf, null, null, null, dueWithinDays),
                ResponseTypes.multipleInstancesOf(CertificateSummary.class));
    }

    @Test
    void aWithdrawalIsFinal() {
        granted();
        harness.given(AuditFixtures.opened(SURVEILLANCE, AuditType.SURVEILLANCE, SEED_AUDIT, LocalDate.of(2022, 5, 10),
                        LocalDate.of(2022, 5, 11)),
                new CertificateWithdrawn(SURVEILLANCE, decision(DecisionOutcome.WITHDRAW, MAINTAINED_ON, Grade.NOT_GRADED,
                        140), NUMBER));
        assertThat(status(MAINTAINED_ON.minusDays(1))).isEqualTo(CertificateStatus.VALID);
        assertThat(status(MAINTAINED_ON)).isEqualTo(CertificateStatus.WITHDRAWN);
        assertThat(status(LocalDate.of(2030, 1, 1))).isEqualTo(CertificateStatus.WITHDRAWN);
    }

    @Test
    void theRegisterFiltersByStatusGradeOrganizationAndWhatFallsDue() {
        granted();
        List<CertificateSummary> due = harness.query(new FindCertificates(LocalDate.of(2022, 5, 1), null, null, "隆威", 60),
                ResponseTypes.multipleInstancesOf(CertificateSummary.class));
        assertThat(due).singleElement().satisfies(summary -> {
            assertThat(summary.due()).containsExactly("SURVEILLANCE");
            assertThat(summary.surveillanceOverdue()).isFalse();
            assertThat(summary.projectNumber()).isEqualTo("0455-2021-SE");
        });
        assertThat(harness.query(new FindCertificates(LocalDate.of(2022, 5, 1), null, null, null, 10),
                ResponseTypes.multipleInstancesOf(CertificateSummary.class))).isEmpty();
        assertThat(harness.query(new FindCertificates(LocalDate.of(2022, 7, 1), CertificateStatus.VALID, Grade.TEN_STAR,
                null, null), ResponseTypes.multipleInstancesOf(CertificateSummary.class)))
                .singleElement().satisfies(summary -> assertThat(summary.surveillanceOverdue()).isTrue());
        assertThat(harness.query(new FindCertificates(LocalDate.of(2022, 7, 1), CertificateStatus.SUSPENDED, null, null,
                null), ResponseTypes.multipleInstancesOf(CertificateSummary.class))).isEmpty();
        assertThat(harness.query(new FindCertificates(LocalDate.of(2022, 7, 1), null, null, "another", null),
                ResponseTypes.multipleInstancesOf(CertificateSummary.class))).isEmpty();
    }

    private static final LocalDate SECOND_MAINTAINED_ON = LocalDate.of(2023, 6, 1);

    /**
     * The cycle's two surveillances maintained, the second's next surveillance recorded as {@code secondDue}: twelve
     * months after its last on-site day (2024-05-11), as the command side recorded it before the rule, or none.
     */
    private void maintainedTwice(LocalDate secondDue) {
        granted();
        harness.given(AuditFixtures.opened(SURVEILLANCE, AuditType.SURVEILLANCE, SEED_AUDIT, LocalDate.of(2022, 5, 10),
                        LocalDate.of(2022, 5, 11)),
                new CertificateMaintained(SURVEILLANCE, decision(DecisionOutcome.MAINTAIN, MAINTAINED_ON, Grade.NINE_STAR, 140),
                        NUMBER, LocalDate.of(2023, 5, 11)),
                AuditFixtures.opened(SECOND_SURVEILLANCE, AuditType.SURVEILLANCE, SURVEILLANCE, LocalDate.of(2023, 5, 10),
                        LocalDate.of(2023, 5, 11)),
                new CertificateMaintained(SECOND_SURVEILLANCE, decision(DecisionOutcome.MAINTAIN, SECOND_MAINTAINED_ON,
                        Grade.NINE_STAR, 160), NUMBER, secondDue));
    }

    @Test
    void afterTheCyclesSecondSurveillanceTheReCertificationIsNextEvenWhereASurveillanceWasRecordedAsDueBeforeTheExpiry() {
        // ISO/IEC 17021-1 9.1.3: the certificate's last year, from 2023-07-01, is the re-certification's.
        maintainedTwice(LocalDate.of(2024, 5, 11));
        for (int pass = 0; pass < 2; pass++) {
            assertThat(register(SECOND_MAINTAINED_ON, null)).singleElement().satisfies(summary -> {
                assertThat(summary.nextAudit()).isEqualTo(AuditType.RECERTIFICATION);
                assertThat(summary.nextAuditLabel()).isEqualTo("再认证");
                assertThat(summary.nextAuditDue()).isEqualTo(LocalDate.of(2024, 6, 30));
                assertThat(summary.surveillanceDue()).isNull();
                assertThat(summary.surveillanceOverdue()).isFalse();
            });
            // Past the day once recorded, nothing is overdue: the re-certification is due by the last valid day.
            assertThat(register(LocalDate.of(2024, 5, 20), null)).singleElement()
                    .satisfies(summary -> assertThat(summary.surveillanceOverdue()).isFalse());
            assertThat(register(LocalDate.of(2024, 5, 20), 60)).singleElement()
                    .satisfies(summary -> assertThat(summary.due()).containsExactly("RECERTIFICATION", "EXPIRY"));
            assertThat(register(LocalDate.of(2024, 3, 1), 60)).as("neither the re-certification nor the day once recorded")
                    .isEmpty();
            harness.replayAll();
        }
    }

    @Test
    void asOfADayBeforeTheSecondSurveillancesDecisionTheFirstOnesSurveillanceIsNextAndOverdue() {
        maintainedTwice(null);
        assertThat(register(SECOND_MAINTAINED_ON.minusDays(1), 0)).singleElement().satisfies(summary -> {
            assertThat(summary.nextAudit()).isEqualTo(AuditType.SURVEILLANCE);
            assertThat(summary.nextAuditLabel()).isEqualTo("保持认证");
            assertThat(summary.nextAuditDue()).isEqualTo(LocalDate.of(2023, 5, 11));
            assertThat(summary.surveillanceDue()).isEqualTo(LocalDate.of(2023, 5, 11));
            assertThat(summary.surveillanceOverdue()).isTrue();
            assertThat(summary.due()).containsExactly("SURVEILLANCE");
        });
        assertThat(register(SECOND_MAINTAINED_ON, null)).singleElement().satisfies(summary -> {
            assertThat(summary.nextAudit()).as("recorded with none due").isEqualTo(AuditType.RECERTIFICATION);
            assertThat(summary.nextAuditDue()).isEqualTo(LocalDate.of(2024, 6, 30));
        });
        assertThat(register(LocalDate.of(2024, 7, 1), null)).singleElement().satisfies(summary -> {
            assertThat(summary.status()).isEqualTo(CertificateStatus.EXPIRED);
            assertThat(summary.nextAudit()).isNull();
            assertThat(summary.nextAuditDue()).isNull();
            assertThat(summary.surveillanceDue()).isNull();
        });
    }

    @Test
    void theExportListsEveryDecisionOfThePeriodAndTheExpiries() throws Exception {
        maintainedSuspendedRestored();
        List<DecisionRow> rows = harness.query(new FindDecisions(LocalDate.of(2021, 1, 1), LocalDate.of(2024, 12, 31)),
                ResponseTypes.multipleInstancesOf(DecisionRow.class));
        assertThat(rows).extracting(DecisionRow::kind)
                .containsExactly("GRANTED", "MAINTAINED", "SUSPENDED", "RESTORED", "EXPIRED");
        DecisionRow granted = rows.get(0);
        assertThat(granted.auditType()).isEqualTo(AuditType.INITIAL);
        assertThat(granted.auditTypeLabel()).isEqualTo("初次认证");
        assertThat(granted.basedOnVersion()).isEqualTo(120);
        assertThat(granted.total()).isEqualByComparingTo("145.75");
        assertThat(rows).extracting(DecisionRow::decider).containsExactly("decider", "decider", "decider", "decider", null);
        assertThat(rows.get(4).date()).isEqualTo(LocalDate.of(2024, 7, 1));
        // The validity a grant issued, and the period an expiry ended; none for the decisions in between.
        assertThat(rows).extracting(DecisionRow::validFrom, DecisionRow::validUntil).containsExactly(
                org.assertj.core.groups.Tuple.tuple(LocalDate.of(2021, 7, 1), LocalDate.of(2024, 6, 30)),
                org.assertj.core.groups.Tuple.tuple(null, null), org.assertj.core.groups.Tuple.tuple(null, null),
                org.assertj.core.groups.Tuple.tuple(null, null),
                org.assertj.core.groups.Tuple.tuple(LocalDate.of(2021, 7, 1), LocalDate.of(2024, 6, 30)));
        assertThat(rows.get(4).reason()).isEqualTo("最后有效日 2024-06-30 已过");
        assertThat(harness.query(new FindDecisions(LocalDate.of(2022, 6, 1), LocalDate.of(2022, 9, 1)),
                ResponseTypes.multipleInstancesOf(DecisionRow.class))).extracting(DecisionRow::kind)
                .containsExactly("MAINTAINED", "SUSPENDED");

        String csv = new String(CertificatesController.csv(rows), StandardCharsets.UTF_8);
        assertThat(csv).startsWith("\uFEFFdate 日期,").contains("2021-07-01,GRANTED,批准认证," + NUMBER);
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(CertificatesController.xlsx(rows)))) {
            assertThat(workbook.getSheetAt(0).getLastRowNum()).isEqualTo(5);
            assertThat(workbook.getSheetAt(0).getRow(2).getCell(1).getStringCellValue()).isEqualTo("MAINTAINED");
        }
    }

    @Test
    void eachRowSaysWhenItWasRecordedAndWhichTechnicalReviewerTheDecisionRestsOnBackdatedOnesIncluded() throws Exception {
        harness.given(AuditFixtures.seedOpened());
        harness.as("reviewer", "周文博").given(new TechnicalReviewAccepted(SEED_AUDIT, "reviewer", LocalDate.of(2021, 6, 20),
                new BigDecimal("145.75"), Grade.TEN_STAR, null));
        harness.as("decider", "吴思远").given(new CertificateGranted(SEED_AUDIT,
                decision(DecisionOutcome.GRANT, GRANTED_ON, Grade.TEN_STAR, 120),
                new Certificate(NUMBER, "新疆隆威家具有限责任公司", "金属家具售后服务", "CTS-ISC-JSGF-06", Grade.TEN_STAR,
                        GRANTED_ON, GRANTED_ON, LocalDate.of(2024, 6, 30), LocalDate.of(2022, 6, 7))));
        Instant granted = harness.clock().minusSeconds(60);
        harness.as("admin").given(AuditFixtures.opened(SURVEILLANCE, AuditType.SURVEILLANCE, SEED_AUDIT,
                LocalDate.of(2023, 5, 10), LocalDate.of(2023, 5, 11)));
        // The first acceptance was withdrawn by reopening; the suspension rests on the second, recorded without a name.
        harness.as("reviewer2", "郑敏").given(new TechnicalReviewAccepted(SURVEILLANCE, "reviewer2", LocalDate.of(2023, 5, 15),
                new BigDecimal("60"), Grade.NOT_GRADED, null));
        harness.as("leader").given(new AuditReopened(SURVEILLANCE, "补充证据"));
        harness.as("reviewer3").given(new TechnicalReviewAccepted(SURVEILLANCE, "reviewer3", LocalDate.of(2023, 5, 20),
                new BigDecimal("60"), Grade.NOT_GRADED, null));
        // Dated 2023-05-25 and 2023-07-01, both recorded on 2026-12-05.
        Instant recorded = Instant.parse("2026-12-05T02:00:00Z");
        harness.at(recorded).as("decider").given(new CertificateSuspended(SURVEILLANCE,
                        decision(DecisionOutcome.SUSPEND, LocalDate.of(2023, 5, 25), Grade.NOT_GRADED, 160), NUMBER,
                        LocalDate.of(2023, 11, 25), LocalDate.of(2024, 5, 11)),
                new CertificateRestored(SURVEILLANCE, NUMBER, "decider", LocalDate.of(2023, 7, 1), "整改验证通过"));

        for (int pass = 0; pass < 2; pass++) {
            List<DecisionRow> rows = harness.query(new FindDecisions(LocalDate.of(2021, 1, 1), LocalDate.of(2023, 12, 31)),
                    ResponseTypes.multipleInstancesOf(DecisionRow.class));
            assertThat(rows).extracting(DecisionRow::kind, DecisionRow::date, DecisionRow::recordedAt,
                            DecisionRow::reviewer, DecisionRow::reviewerName)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("GRANTED", GRANTED_ON, granted, "reviewer", "周文博"),
                            org.assertj.core.groups.Tuple.tuple("SUSPENDED", LocalDate.of(2023, 5, 25), recorded,
                                    "reviewer3", null),
                            org.assertj.core.groups.Tuple.tuple("RESTORED", LocalDate.of(2023, 7, 1),
                                    recorded.plusSeconds(60), null, null));
            String csv = new String(CertificatesController.csv(rows), StandardCharsets.UTF_8);
            assertThat(csv.lines().findFirst().orElseThrow())
                    .endsWith(",valid until 有效期至,recorded at 记录时间,reviewer 技术评审人,reviewer name 技术评审人姓名");
            assertThat(csv).contains(",2026-12-05T02:00:00Z,reviewer3,", ",2026-12-05T02:01:00Z,,");
            harness.replayAll();
        }
        List<DecisionRow> expired = harness.query(new FindDecisions(LocalDate.of(2024, 7, 1), LocalDate.of(2024, 7, 1)),
                ResponseTypes.multipleInstancesOf(DecisionRow.class));
        assertThat(expired).singleElement().satisfies(row -> {
            assertThat(row.kind()).isEqualTo("EXPIRED");
            assertThat(row.recordedAt()).as("a matter of the date, never recorded").isNull();
            assertThat(row.reviewer()).isNull();
        });
    }

    @Test
    void aRedeliveredEventChangesNothing() {
        maintainedSuspendedRestored();
        harness.delivered().forEach(harness::redeliver);
        assertThat(status(RESTORED_ON)).isEqualTo(CertificateStatus.VALID);
        assertThat(harness.query(new FindDecisions(LocalDate.of(2021, 1, 1), LocalDate.of(2023, 12, 31)),
                ResponseTypes.multipleInstancesOf(DecisionRow.class))).hasSize(4);
    }

    @Test
    void aReplayRebuildsTheSameRegister() {
        maintainedSuspendedRestored();
        harness.replayAll();
        assertThat(status(SUSPENDED_ON)).isEqualTo(CertificateStatus.SUSPENDED);
        assertThat(harness.query(new FindDecisions(LocalDate.of(2021, 1, 1), LocalDate.of(2023, 12, 31)),
                ResponseTypes.multipleInstancesOf(DecisionRow.class))).hasSize(4);
    }

    @Test
    void aNumberInAnotherCaseIsFoundButTwoNumbersThatDifferInCaseOnlyAreNotGuessedBetween() {
        granted();
        assertThat(harness.query(new GetCertificate(NUMBER.toLowerCase(java.util.Locale.ROOT), GRANTED_ON),
                ResponseTypes.optionalInstanceOf(CertificateView.class)).orElseThrow().number()).isEqualTo(NUMBER);
        // Another project's certificate numbered in small letters (a body's own pattern), filed after the first one's
        // but with a lower sequence number in its own stream.
        AuditId other = AuditId.of(new org.certaudit.audit.ProjectNumber("0999-2021-SE"), 1);
        String lower = NUMBER.toLowerCase(java.util.Locale.ROOT);
        harness.given(AuditFixtures.opened(other, AuditType.INITIAL, null, LocalDate.of(2021, 6, 1), LocalDate.of(2021, 6, 2)),
                new CertificateGranted(other, decision(DecisionOutcome.GRANT, GRANTED_ON, Grade.NINE_STAR, 1),
                        new Certificate(lower, "昌吉木作家具有限公司", "木制家具售后服务", "CTS-ISC-JSGF-06", Grade.NINE_STAR,
                                GRANTED_ON, GRANTED_ON, LocalDate.of(2024, 6, 30), LocalDate.of(2022, 6, 2))));
        for (int pass = 0; pass < 2; pass++) {
            assertThat(found(NUMBER)).contains("新疆隆威家具有限责任公司");
            assertThat(found(lower)).contains("昌吉木作家具有限公司");
            assertThat(found("Cts" + NUMBER.substring(3))).isEmpty();
            harness.replayAll();
        }
    }

    private Optional<String> found(String number) {
        return harness.query(new GetCertificate(number, GRANTED_ON), ResponseTypes.optionalInstanceOf(CertificateView.class))
                .map(CertificateView::organization);
    }

    private static final AuditId RECERTIFICATION = AuditId.of(SEED_PROJECT, 2);
    private static final LocalDate RENEWED_ON = LocalDate.of(2024, 5, 15);
    private static final LocalDate OLD_LAST_DAY = LocalDate.of(2024, 6, 30);
    private static final LocalDate NEW_FIRST_DAY = LocalDate.of(2024, 7, 1);
    private static final LocalDate NEW_LAST_DAY = LocalDate.of(2027, 6, 30);

    /** A re-certification granted six weeks before the last valid day: the new validity continues from it. */
    private void renewedEarly() {
        granted();
        harness.given(AuditFixtures.opened(RECERTIFICATION, AuditType.RECERTIFICATION, SEED_AUDIT,
                        LocalDate.of(2024, 4, 10), LocalDate.of(2024, 4, 11)),
                new CertificateRenewed(RECERTIFICATION, decision(DecisionOutcome.GRANT, RENEWED_ON, Grade.NINE_STAR, 220),
                        new Certificate(NUMBER, "新疆隆威家具有限责任公司", "金属家具售后服务", "CTS-ISC-JSGF-06", Grade.NINE_STAR,
                                RENEWED_ON, NEW_FIRST_DAY, NEW_LAST_DAY, LocalDate.of(2025, 4, 11))));
    }

    @Test
    void betweenAnEarlyRenewalAndTheOldLastValidDayTheEarlierPeriodIsInForceWithTheRenewedOneNext() {
        renewedEarly();
        CertificatePeriod next = new CertificatePeriod(RENEWED_ON, NEW_FIRST_DAY, NEW_LAST_DAY, Grade.NINE_STAR, "九星级",
                "新疆隆威家具有限责任公司", "金属家具售后服务", "CTS-ISC-JSGF-06");
        for (LocalDate day : List.of(RENEWED_ON, LocalDate.of(2024, 6, 1), OLD_LAST_DAY)) {
            CertificateView view = certificate(day).orElseThrow();
            assertThat(view.status()).as(day.toString()).isEqualTo(CertificateStatus.VALID);
            assertThat(view.validFrom()).as("not after the day asked about").isEqualTo(GRANTED_ON);
            assertThat(view.validUntil()).isEqualTo(OLD_LAST_DAY);
            assertThat(view.issuedOn()).isEqualTo(GRANTED_ON);
            assertThat(view.grade()).isEqualTo(Grade.TEN_STAR);
            assertThat(view.nextPeriod()).isEqualTo(next);
        }
        assertThat(certificate(RENEWED_ON.minusDays(1)).orElseThrow().nextPeriod()).isNull();

        CertificateView renewed = certificate(NEW_FIRST_DAY).orElseThrow();
        assertThat(renewed.status()).isEqualTo(CertificateStatus.VALID);
        assertThat(renewed.validFrom()).isEqualTo(NEW_FIRST_DAY);
        assertThat(renewed.validUntil()).isEqualTo(NEW_LAST_DAY);
        assertThat(renewed.issuedOn()).isEqualTo(RENEWED_ON);
        assertThat(renewed.grade()).isEqualTo(Grade.NINE_STAR);
        assertThat(renewed.nextPeriod()).isNull();
    }

    @Test
    void anEarlyRenewedCertificateIsNotDueToExpireAtTheEndOfTheEarlierPeriod() {
        renewedEarly();
        assertThat(register(RENEWED_ON.minusDays(1), 60)).singleElement()
                .satisfies(summary -> assertThat(summary.due()).contains("EXPIRY"));
        assertThat(register(LocalDate.of(2024, 6, 1), 60)).as("renewed: neither expiry nor surveillance within 60 days")
                .isEmpty();
        assertThat(register(LocalDate.of(2024, 6, 1), 365)).singleElement().satisfies(summary -> {
            assertThat(summary.due()).containsExactly("SURVEILLANCE");
            assertThat(summary.surveillanceDue()).isEqualTo(LocalDate.of(2025, 4, 11));
            assertThat(summary.nextAudit()).as("the renewed period's first").isEqualTo(AuditType.SURVEILLANCE);
            assertThat(summary.surveillanceOverdue()).isFalse();
            assertThat(summary.validFrom()).isEqualTo(GRANTED_ON);
            assertThat(summary.validUntil()).isEqualTo(OLD_LAST_DAY);
            assertThat(summary.grade()).isEqualTo(Grade.TEN_STAR);
            assertThat(summary.nextPeriod().validFrom()).isEqualTo(NEW_FIRST_DAY);
            assertThat(summary.nextPeriod().validUntil()).isEqualTo(NEW_LAST_DAY);
        });
        assertThat(register(LocalDate.of(2027, 6, 1), 60)).singleElement().satisfies(summary -> {
            assertThat(summary.due()).contains("EXPIRY");
            assertThat(summary.validUntil()).isEqualTo(NEW_LAST_DAY);
            assertThat(summary.nextPeriod()).isNull();
        });
        assertThat(harness.query(new FindDecisions(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)),
                ResponseTypes.multipleInstancesOf(DecisionRow.class))).extracting(DecisionRow::kind)
                .as("no expiry at the end of the earlier period").containsExactly("RENEWED");
    }

    @Test
    void aReplayOfAnEarlyRenewalAnswersAsTheLiveRegisterDid() {
        renewedEarly();
        harness.given(AuditFixtures.opened(SECOND_SURVEILLANCE, AuditType.SURVEILLANCE, RECERTIFICATION,
                        LocalDate.of(2024, 5, 20), LocalDate.of(2024, 5, 21)),
                new CertificateSuspended(SECOND_SURVEILLANCE, decision(DecisionOutcome.SUSPEND, LocalDate.of(2024, 6, 10),
                        Grade.NOT_GRADED, 240), NUMBER, LocalDate.of(2024, 9, 10), LocalDate.of(2025, 5, 21)));
        List<LocalDate> days = List.of(RENEWED_ON.minusDays(1), RENEWED_ON, LocalDate.of(2024, 6, 10), OLD_LAST_DAY,
                NEW_FIRST_DAY, LocalDate.of(2024, 9, 11), NEW_LAST_DAY.plusDays(1));
        List<Optional<CertificateView>> live = days.stream().map(this::certificate).toList();
        List<List<CertificateSummary>> liveRegister = days.stream().map(day -> register(day, 90)).toList();
        assertThat(live.get(2).orElseThrow().status()).isEqualTo(CertificateStatus.SUSPENDED);
        assertThat(live.get(2).orElseThrow().nextPeriod()).isNotNull();
        assertThat(live.get(4).orElseThrow().status()).as("the suspension stands across the boundary")
                .isEqualTo(CertificateStatus.SUSPENDED);

        harness.replayAll();

        assertThat(days.stream().map(this::certificate).toList()).isEqualTo(live);
        assertThat(days.stream().map(day -> register(day, 90)).toList()).isEqualTo(liveRegister);
    }

    private static final String OLD_NAME = "新疆隆威家具有限责任公司";
    private static final String NEW_NAME = "新疆隆威家居集团有限公司";
    private static final String NEW_SCOPE = "金属家具及软体家具售后服务";

    /** A re-certification granted before the last valid day for the organization's new name, with a wider scope. */
    private void renewedEarlyUnderANewNameAndScope() {
        granted();
        harness.given(AuditFixtures.opened(RECERTIFICATION, AuditType.RECERTIFICATION, SEED_AUDIT,
                        LocalDate.of(2024, 4, 10), LocalDate.of(2024, 4, 11)),
                new CertificateRenewed(RECERTIFICATION, decision(DecisionOutcome.GRANT, RENEWED_ON, Grade.NINE_STAR, 220),
                        new Certificate(NUMBER, NEW_NAME, NEW_SCOPE, "CTS-ISC-JSGF-06", Grade.NINE_STAR, RENEWED_ON,
                                NEW_FIRST_DAY, NEW_LAST_DAY, LocalDate.of(2025, 4, 11))));
    }

    @Test
    void aRenewalUnderANewNameAndScopeLeavesTheDaysBeforeItsPeriodWithTheOldOnes() {
        renewedEarlyUnderANewNameAndScope();
        for (LocalDate day : List.of(GRANTED_ON, LocalDate.of(2022, 3, 1), RENEWED_ON.minusDays(1))) {
            CertificateView view = certificate(day).orElseThrow();
            assertThat(view.organization()).as(day.toString()).isEqualTo(OLD_NAME);
            assertThat(view.scope()).as(day.toString()).isEqualTo("金属家具售后服务");
            assertThat(view.nextPeriod()).isNull();
        }
        for (LocalDate day : List.of(RENEWED_ON, OLD_LAST_DAY)) {
            CertificateView view = certificate(day).orElseThrow();
            assertThat(view.organization()).as(day.toString()).isEqualTo(OLD_NAME);
            assertThat(view.scope()).isEqualTo("金属家具售后服务");
            assertThat(view.nextPeriod().organization()).isEqualTo(NEW_NAME);
            assertThat(view.nextPeriod().scope()).isEqualTo(NEW_SCOPE);
            assertThat(view.nextPeriod().schemeId()).isEqualTo("CTS-ISC-JSGF-06");
        }
        CertificateView renewed = certificate(NEW_FIRST_DAY).orElseThrow();
        assertThat(renewed.organization()).isEqualTo(NEW_NAME);
        assertThat(renewed.scope()).isEqualTo(NEW_SCOPE);
        assertThat(certificate(NEW_LAST_DAY.plusDays(1)).orElseThrow().organization()).as("expired").isEqualTo(NEW_NAME);
    }

    @Test
    void theRegistersOrganizationFilterAndNameAreTheOrganizationAsItWasOnTheDay() {
        renewedEarlyUnderANewNameAndScope();
        LocalDate before = LocalDate.of(2022, 3, 1);
        assertThat(byOrganization(before, "家具有限责任")).singleElement()
                .satisfies(summary -> assertThat(summary.organization()).isEqualTo(OLD_NAME));
        assertThat(byOrganization(before, "集团")).as("not yet its name").isEmpty();
        assertThat(byOrganization(OLD_LAST_DAY, "家具有限责任")).singleElement().satisfies(summary -> {
            assertThat(summary.organization()).isEqualTo(OLD_NAME);
            assertThat(summary.nextPeriod().organization()).isEqualTo(NEW_NAME);
        });
        assertThat(byOrganization(OLD_LAST_DAY, "集团")).as("the period in force names the organization").isEmpty();
        assertThat(byOrganization(NEW_FIRST_DAY, "集团")).singleElement()
                .satisfies(summary -> assertThat(summary.organization()).isEqualTo(NEW_NAME));
        assertThat(byOrganization(NEW_FIRST_DAY, "家具有限责任")).isEmpty();
    }

    @Test
    void anExpiryBeforeALateRenewalUnderANewNameIsExportedWithTheNameItExpiredUnder() {
        granted();
        LocalDate late = LocalDate.of(2024, 8, 10);
        harness.given(AuditFixtures.opened(RECERTIFICATION, AuditType.RECERTIFICATION, SEED_AUDIT,
                        LocalDate.of(2024, 7, 20), LocalDate.of(2024, 7, 21)),
                new CertificateRenewed(RECERTIFICATION, decision(DecisionOutcome.GRANT, late, Grade.NINE_STAR, 220),
                        new Certificate(NUMBER, NEW_NAME, NEW_SCOPE, "CTS-ISC-JSGF-06", Grade.NINE_STAR, late, late,
                                late.plusYears(3).minusDays(1), LocalDate.of(2025, 7, 11))));
        List<DecisionRow> rows = harness.query(new FindDecisions(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31)),
                ResponseTypes.multipleInstancesOf(DecisionRow.class));
        assertThat(rows).extracting(DecisionRow::kind, DecisionRow::organization)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("EXPIRED", OLD_NAME),
                        org.assertj.core.groups.Tuple.tuple("RENEWED", AuditFixtures.organization().name()));
        assertThat(rows.get(1).validFrom()).isEqualTo(late);
        assertThat(rows.get(1).validUntil()).isEqualTo(late.plusYears(3).minusDays(1));
    }

    @Test
    void aReplayOfARenewalUnderANewNameAnswersAsTheLiveRegisterDid() {
        renewedEarlyUnderANewNameAndScope();
        List<LocalDate> days = List.of(GRANTED_ON, RENEWED_ON.minusDays(1), RENEWED_ON, OLD_LAST_DAY, NEW_FIRST_DAY,
                NEW_LAST_DAY.plusDays(1));
        List<Optional<CertificateView>> live = days.stream().map(this::certificate).toList();
        List<List<CertificateSummary>> liveRegister = days.stream().map(day -> byOrganization(day, "隆威")).toList();
        assertThat(live.get(0).orElseThrow().organization()).isEqualTo(OLD_NAME);
        assertThat(live.get(4).orElseThrow().organization()).isEqualTo(NEW_NAME);

        harness.replayAll();

        assertThat(days.stream().map(this::certificate).toList()).isEqualTo(live);
        assertThat(days.stream().map(day -> byOrganization(day, "隆威")).toList()).isEqualTo(liveRegister);
    }

    private List<CertificateSummary> byOrganization(LocalDate asOf, String organization) {
        return harness.query(new FindCertificates(asOf, null, null, organization, null),
                ResponseTypes.multipleInstancesOf(CertificateSummary.class));
    }
}
