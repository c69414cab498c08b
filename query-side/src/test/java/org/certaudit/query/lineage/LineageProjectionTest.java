package org.certaudit.query.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.certaudit.query.AuditFixtures.SEED_AUDIT;
import static org.certaudit.query.AuditFixtures.SEED_PROJECT;

import com.mongodb.event.CommandListener;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.bson.Document;
import org.certaudit.audit.AuditCancelled;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditOpened;
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
import org.certaudit.audit.GradeRecommended;
import org.certaudit.audit.OnSiteAuditRescheduled;
import org.certaudit.audit.OnSitePeriod;
import org.certaudit.audit.TechnicalReviewAccepted;
import org.certaudit.audit.TechnicalReviewReturned;
import org.certaudit.certificate.CertificateHistory;
import org.certaudit.query.AuditFixtures;
import org.certaudit.query.ProjectionHarness;
import org.certaudit.query.ReadModels;
import org.certaudit.query.audits.AuditStatus;
import org.certaudit.query.scorecard.ItemDifference;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.ItemResult;
import org.certaudit.scheme.Percent;
import org.certaudit.scheme.SeedReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LineageProjectionTest {

    private static final AuditId SURVEILLANCE_1 = AuditId.of(SEED_PROJECT, 2);
    private static final AuditId SURVEILLANCE_2 = AuditId.of(SEED_PROJECT, 3);
    private static final AuditId RECERTIFICATION = AuditId.of(SEED_PROJECT, 4);

    private final ProjectionHarness harness = new ProjectionHarness();

    LineageProjectionTest() {
        harness.with(new LineageProjection(harness.readModels(), harness.schemes()));
    }

    @AfterEach
    void close() {
        harness.close();
    }

    private ProjectLineage lineage() {
        return harness.query(new GetProjectLineage(SEED_PROJECT), ResponseTypes.optionalInstanceOf(ProjectLineage.class))
                .orElseThrow();
    }

    /** The seed's results with some items changed. */
    private static Map<String, ItemResult> seedWith(Map<String, ItemResult> changes) {
        Map<String, ItemResult> results = new LinkedHashMap<>(SeedReport.itemResults());
        results.putAll(changes);
        return results;
    }

    private void finishedAudit(AuditId auditId, AuditType type, AuditId predecessor, int year, Map<String, ItemResult> results,
                               Grade grade) {
        List<AuditEvent> events = new ArrayList<>();
        events.add(AuditFixtures.opened(auditId, type, predecessor, LocalDate.of(year, 6, 5), LocalDate.of(year, 6, 7)));
        events.addAll(AuditFixtures.itemEvents(auditId, results));
        events.add(new GradeRecommended(auditId, new BigDecimal("145"), grade, LocalDate.of(year, 6, 7)));
        harness.given(events);
    }

    private void fourAuditsOverTwoCycles() {
        harness.given(AuditFixtures.seedAudit());
        finishedAudit(SURVEILLANCE_1, AuditType.SURVEILLANCE, SEED_AUDIT, 2022, seedWith(Map.of(
                "5.2.2.3", ItemResult.scored(Percent.of(99)),
                "5.1.1.2", ItemResult.scored(Percent.of(95)))), Grade.TEN_STAR);
        finishedAudit(SURVEILLANCE_2, AuditType.SURVEILLANCE, SURVEILLANCE_1, 2023, seedWith(Map.of(
                "5.2.2.3", ItemResult.scored(Percent.of(99)),
                "5.1.1.2", ItemResult.scored(Percent.of(95)),
                "5.2.5.4", ItemResult.scored(Percent.of(90)))), Grade.TEN_STAR);
        List<AuditEvent> recertification = new ArrayList<>();
        recertification.add(AuditFixtures.opened(RECERTIFICATION, AuditType.RECERTIFICATION, SURVEILLANCE_2,
                LocalDate.of(2024, 6, 5), LocalDate.of(2024, 6, 7)));
        // Half scored: the other items are not yet assessed, which is no change.
        Map<String, ItemResult> firstHalf = new LinkedHashMap<>();
        seedWith(Map.of("5.2.2.3", ItemResult.scored(Percent.of(99)), "5.1.1.2", ItemResult.scored(Percent.of(95)),
                "5.3.3.2", ItemResult.scored(Percent.of(98)))).entrySet().stream()
                .filter(e -> e.getKey().startsWith("5.1") || e.getKey().equals("5.3.3.2"))
                .forEach(e -> firstHalf.put(e.getKey(), e.getValue()));
        recertification.addAll(AuditFixtures.itemEvents(RECERTIFICATION, firstHalf));
        harness.given(recertification);
    }

    @Test
    void storesInTrackingBatchesOfAnySizeExactlyWhatEventByEventWritingStores() throws Exception {
        fourAuditsOverTwoCycles();
        List<String> eventByEvent = ProjectionHarness.contents(harness.readModels(), LineageProjection.LINEAGES);

        for (int size : new int[] {1, 7, 100, 1_000}) {
            ReadModels batched = ProjectionHarness.freshReadModels(new CommandListener() {
            });
            harness.deliverInBatches(new LineageProjection(batched, harness.schemes()), batched, size);

            assertThat(ProjectionHarness.contents(batched, LineageProjection.LINEAGES)).as("batches of " + size)
                                                                                     .isEqualTo(eventByEvent);
        }
        assertThat(eventByEvent).hasSize(1);
        assertThat(eventByEvent.get(0)).contains("\"items\": [{\"clause\": \"5.1.1.1\"");
    }

    @Test
    void showsFourAuditsInOrderOverTwoCyclesWithTotalsGradesAndChanges() {
        fourAuditsOverTwoCycles();

        ProjectLineage lineage = lineage();

        assertThat(lineage.cycles()).isEqualTo(2);
        assertThat(lineage.audits()).extracting(ProjectLineage.Audit::auditId)
                .containsExactly("0455-2021-SE.1", "0455-2021-SE.2", "0455-2021-SE.3", "0455-2021-SE.4");
        assertThat(lineage.audits()).extracting(ProjectLineage.Audit::type).containsExactly(AuditType.INITIAL,
                AuditType.SURVEILLANCE, AuditType.SURVEILLANCE, AuditType.RECERTIFICATION);
        assertThat(lineage.audits()).extracting(ProjectLineage.Audit::cycle).containsExactly(1, 1, 1, 2);
        assertThat(lineage.audits()).extracting(ProjectLineage.Audit::status).containsExactly(AuditStatus.FINISHED,
                AuditStatus.FINISHED, AuditStatus.FINISHED, AuditStatus.OPEN);
        assertThat(lineage.audits()).extracting(ProjectLineage.Audit::onSiteFrom).containsExactly(LocalDate.of(2021, 6, 5),
                LocalDate.of(2022, 6, 5), LocalDate.of(2023, 6, 5), LocalDate.of(2024, 6, 5));

        ProjectLineage.Audit initial = lineage.audits().get(0);
        assertThat(initial.total()).isEqualByComparingTo("145.75");
        assertThat(initial.grade()).isEqualTo(Grade.TEN_STAR);
        assertThat(initial.comparedWith()).isNull();
        assertThat(initial.changes()).isEmpty();

        ProjectLineage.Audit first = lineage.audits().get(1);
        assertThat(first.comparedWith()).isEqualTo("0455-2021-SE.1");
        assertThat(first.changes()).extracting(ItemDifference::clause).containsExactly("5.1.1.2", "5.2.2.3");
        ItemDifference b8 = first.changes().get(1);
        assertThat(b8.code()).isEqualTo("B8");
        assertThat(b8.before().percent()).isEqualByComparingTo("97");
        assertThat(b8.before().earned()).isEqualByComparingTo("1.455");
        assertThat(b8.after().percent()).isEqualByComparingTo("99");
        assertThat(b8.after().earned()).isEqualByComparingTo("1.485");

        ProjectLineage.Audit second = lineage.audits().get(2);
        assertThat(second.changes()).singleElement().satisfies(change -> {
            assertThat(change.clause()).isEqualTo("5.2.5.4");
            assertThat(change.before().notApplicable()).isTrue();
            assertThat(change.after().percent()).isEqualByComparingTo("90");
        });

        ProjectLineage.Audit recertification = lineage.audits().get(3);
        assertThat(recertification.comparedWith()).isEqualTo("0455-2021-SE.3");
        assertThat(recertification.complete()).isFalse();
        assertThat(recertification.changes()).extracting(ItemDifference::clause).containsExactly("5.3.3.2");
    }

    @Test
    void aReopenedAuditLosesItsRecommendedGrade() {
        harness.given(AuditFixtures.seedAudit());
        assertThat(lineage().audits().get(0).recommendedGrade()).isEqualTo(Grade.TEN_STAR);

        harness.given(new AuditReopened(SEED_AUDIT, "typo"));

        assertThat(lineage().audits().get(0).status()).isEqualTo(AuditStatus.REOPENED);
        assertThat(lineage().audits().get(0).recommendedGrade()).isNull();
        assertThat(lineage().audits().get(0).grade()).isEqualTo(Grade.TEN_STAR);
    }

    @Test
    void aCancelledAuditStaysListedWithWhoCancelledItWhyAndWhenStartsNoCycleAndIsNotComparedWith() {
        // The initial audit 1 cancelled (on site in 2099 by mistake), the initial audit 2 in its place, then the
        // surveillance 3 after a cancelled surveillance.
        harness.given(AuditFixtures.opened(SEED_AUDIT, AuditType.INITIAL, null, LocalDate.of(2099, 4, 10),
                LocalDate.of(2099, 4, 12)), new AuditCancelled(SEED_AUDIT, "admin", "现场审查年份录入错误"));
        finishedAudit(SURVEILLANCE_1, AuditType.INITIAL, null, 2021, SeedReport.itemResults(), Grade.TEN_STAR);
        harness.given(AuditFixtures.opened(SURVEILLANCE_2, AuditType.SURVEILLANCE, SURVEILLANCE_1,
                LocalDate.of(2022, 6, 5), LocalDate.of(2022, 6, 7)));
        harness.given(new AuditCancelled(SURVEILLANCE_2, "admin", "客户要求改期"));
        finishedAudit(RECERTIFICATION, AuditType.SURVEILLANCE, SURVEILLANCE_1, 2022, seedWith(Map.of(
                "5.2.2.3", ItemResult.scored(Percent.of(99)))), Grade.TEN_STAR);

        ProjectLineage lineage = lineage();

        assertThat(lineage.cycles()).isEqualTo(1);
        assertThat(lineage.audits()).extracting(ProjectLineage.Audit::status).containsExactly(AuditStatus.CANCELLED,
                AuditStatus.FINISHED, AuditStatus.CANCELLED, AuditStatus.FINISHED);
        assertThat(lineage.audits()).extracting(ProjectLineage.Audit::cycle).containsExactly(1, 1, 1, 1);
        ProjectLineage.Audit cancelled = lineage.audits().get(0);
        assertThat(cancelled.statusLabel()).isEqualTo("已取消");
        assertThat(cancelled.cancellation().cancelledBy()).isEqualTo("admin");
        assertThat(cancelled.cancellation().reason()).isEqualTo("现场审查年份录入错误");
        assertThat(cancelled.cancellation().cancelledAt()).isNotNull();
        assertThat(lineage.audits().get(1).comparedWith()).as("not the cancelled audit before it").isNull();
        assertThat(lineage.audits().get(1).cancellation()).isNull();
        assertThat(lineage.audits().get(3).comparedWith()).isEqualTo(SURVEILLANCE_1.value());
        assertThat(lineage.audits().get(3).changes()).extracting(ItemDifference::clause).containsExactly("5.2.2.3");

        harness.replayAll();

        assertThat(lineage()).isEqualTo(lineage);
    }

    @Test
    void aProjectWhoseOnlyAuditWasCancelledIsInItsFirstCycleAsItsEntrySays() {
        harness.given(AuditFixtures.opened(SEED_AUDIT, AuditType.INITIAL, null, LocalDate.of(2099, 4, 10),
                LocalDate.of(2099, 4, 12)), new AuditCancelled(SEED_AUDIT, "admin", "现场审查年份录入错误"));

        ProjectLineage lineage = lineage();

        assertThat(lineage.cycles()).isEqualTo(1);
        assertThat(lineage.audits()).extracting(ProjectLineage.Audit::cycle).containsExactly(1);
    }

    @Test
    void aRescheduledAuditIsDatedByThePeriodInForceAndCountsItsReschedulings() {
        AuditOpened opened = AuditFixtures.opened(SEED_AUDIT, AuditType.INITIAL, null, LocalDate.of(2021, 6, 5),
                LocalDate.of(2021, 6, 7));
        OnSitePeriod moved = new OnSitePeriod(LocalDate.of(2021, 6, 12), LocalDate.of(2021, 6, 14), new BigDecimal("3.0"),
                null, null);
        harness.given(opened, new OnSiteAuditRescheduled(SEED_AUDIT, OnSitePeriod.of(opened), moved, "admin", "受审查方申请改期"));

        ProjectLineage lineage = lineage();

        ProjectLineage.Audit audit = lineage.audits().get(0);
        assertThat(audit.onSiteFrom()).isEqualTo(moved.from());
        assertThat(audit.onSiteTo()).isEqualTo(moved.to());
        assertThat(audit.reschedulings()).isEqualTo(1);
        assertThat(audit.status()).isEqualTo(AuditStatus.OPEN);

        harness.replayAll();

        assertThat(lineage()).isEqualTo(lineage);
    }

    @Test
    void replayingAnEventTwiceLeavesTheSameReadModel() {
        fourAuditsOverTwoCycles();
        List<Document> before = documents();

        harness.redeliver(harness.delivered().get(0));
        harness.redeliver(harness.delivered().get(harness.delivered().size() / 2));
        harness.redeliver(harness.delivered().get(harness.delivered().size() - 1));

        assertThat(documents()).isEqualTo(before);
    }

    @Test
    void aReplayFromScratchGivesTheSameAnswers() {
        fourAuditsOverTwoCycles();
        ProjectLineage live = lineage();

        harness.replayAll();

        assertThat(lineage()).isEqualTo(live);
    }

    @Test
    void showsReviewsTheDecisionAndTheCertificatesStatesInOrderWithTheirChineseLabels() {
        LocalDate grantedOn = LocalDate.of(2021, 7, 1);
        harness.given(AuditFixtures.seedAudit());
        harness.given(new TechnicalReviewReturned(SEED_AUDIT, "reviewer", LocalDate.of(2021, 6, 10), List.of("5.2.2.3 证据不足")),
                new GradeRecommended(SEED_AUDIT, new BigDecimal("145.75"), Grade.TEN_STAR, LocalDate.of(2021, 6, 12)),
                new TechnicalReviewAccepted(SEED_AUDIT, "reviewer", LocalDate.of(2021, 6, 20), new BigDecimal("145.75"),
                        Grade.TEN_STAR, null),
                new AuditReopened(SEED_AUDIT, "补充证据"),
                new GradeRecommended(SEED_AUDIT, new BigDecimal("145.75"), Grade.TEN_STAR, LocalDate.of(2021, 6, 22)),
                new TechnicalReviewAccepted(SEED_AUDIT, "reviewer", LocalDate.of(2021, 6, 25), new BigDecimal("145.75"),
                        Grade.TEN_STAR, "资料齐全"));
        long seen = harness.version(SEED_PROJECT.value());
        harness.given(new CertificateGranted(SEED_AUDIT, new Decision(DecisionOutcome.GRANT, "decider", grantedOn, seen,
                        new BigDecimal("145.75"), Grade.TEN_STAR, "符合要求"),
                new Certificate("CTS-2021-0455-2021-SE-1", "新疆隆威家具有限责任公司", "售后服务", "CTS-ISC-JSGF-06", Grade.TEN_STAR,
                        grantedOn, grantedOn, LocalDate.of(2024, 6, 30), LocalDate.of(2022, 6, 7))),
                AuditFixtures.opened(SURVEILLANCE_1, AuditType.SURVEILLANCE, SEED_AUDIT, LocalDate.of(2022, 5, 10),
                        LocalDate.of(2022, 5, 11)),
                new CertificateSuspended(SURVEILLANCE_1, new Decision(DecisionOutcome.SUSPEND, "decider",
                        LocalDate.of(2022, 6, 1), 200, new BigDecimal("60"), Grade.NOT_GRADED, "整改期"),
                        "CTS-2021-0455-2021-SE-1", LocalDate.of(2022, 12, 1), null));

        ProjectLineage lineage = lineage();
        ProjectLineage.Audit seed = lineage.audits().get(0);
        assertThat(seed.status()).isEqualTo(AuditStatus.DECIDED);
        assertThat(seed.statusLabel()).isEqualTo("已决定");
        assertThat(seed.typeLabel()).isEqualTo("初次认证");
        assertThat(seed.gradeLabel()).isEqualTo("十星级");
        assertThat(seed.reviews()).extracting(ProjectLineage.Review::outcome)
                .containsExactly("RETURNED", "ACCEPTED", "WITHDRAWN", "ACCEPTED");
        assertThat(seed.reviews().get(0).findings()).containsExactly("5.2.2.3 证据不足");
        assertThat(seed.decision().outcomeLabel()).isEqualTo("批准认证");
        assertThat(seed.decision().basedOnVersion()).isEqualTo(seen);
        assertThat(lineage.audits().get(1).decision().outcome()).isEqualTo(DecisionOutcome.SUSPEND);
        assertThat(lineage.certificateChanges()).extracting(ProjectLineage.CertificateChange::kindLabel)
                .containsExactly("颁发", "暂停");
        assertThat(lineage.certificateChanges().get(1).suspendedUntil()).isEqualTo(LocalDate.of(2022, 12, 1));
    }

    /** The seed audit granted on {@code grantedOn} (to 2024-06-30), renewed early on {@code renewedOn} from 2024-07-01. */
    private static List<AuditEvent> earlyRenewal(LocalDate grantedOn, LocalDate renewedOn) {
        return List.of(AuditFixtures.seedOpened(),
                new CertificateGranted(SEED_AUDIT, new Decision(DecisionOutcome.GRANT, "decider", grantedOn, 100,
                        new BigDecimal("145.75"), Grade.TEN_STAR, "符合要求"),
                        new Certificate("CTS-2021-0455-2021-SE-1", "新疆隆威家具有限责任公司", "售后服务", "CTS-ISC-JSGF-06",
                                Grade.TEN_STAR, grantedOn, grantedOn, LocalDate.of(2024, 6, 30), LocalDate.of(2022, 6, 7))),
                AuditFixtures.opened(RECERTIFICATION, AuditType.RECERTIFICATION, SEED_AUDIT, LocalDate.of(2024, 4, 10),
                        LocalDate.of(2024, 4, 11)),
                new CertificateRenewed(RECERTIFICATION, new Decision(DecisionOutcome.GRANT, "decider", renewedOn, 130,
                        new BigDecimal("138.50"), Grade.NINE_STAR, "再认证符合要求"),
                        new Certificate("CTS-2021-0455-2021-SE-1", "新疆隆威家具有限责任公司", "售后服务", "CTS-ISC-JSGF-06",
                                Grade.NINE_STAR, renewedOn, LocalDate.of(2024, 7, 1), LocalDate.of(2027, 6, 30),
                                LocalDate.of(2025, 4, 11))));
    }

    @Test
    void anEarlyRenewalTakesEffectOnItsDecisionAndItsValidityBeginsAfterTheOldLastDayAlsoAfterAReplay() {
        LocalDate grantedOn = LocalDate.of(2021, 7, 1);
        LocalDate renewedOn = LocalDate.of(2024, 5, 15);
        harness.given(earlyRenewal(grantedOn, renewedOn));

        ProjectLineage live = lineage();
        assertThat(live.certificateChanges()).extracting(ProjectLineage.CertificateChange::kind,
                        ProjectLineage.CertificateChange::effectiveOn, ProjectLineage.CertificateChange::validFrom,
                        ProjectLineage.CertificateChange::validUntil)
                .containsExactly(tuple(CertificateHistory.Kind.ISSUED, grantedOn, grantedOn, LocalDate.of(2024, 6, 30)),
                        tuple(CertificateHistory.Kind.RENEWED, renewedOn, LocalDate.of(2024, 7, 1), LocalDate.of(2027, 6, 30)));
        harness.replayAll();
        assertThat(lineage()).isEqualTo(live);
    }

    @Test
    void eachCertificateChangeSaysWhoDecidedItWhyAndWhenItWasRecordedBackdatedOnesIncluded() {
        LocalDate grantedOn = LocalDate.of(2021, 7, 1);
        Instant recorded = Instant.parse("2026-12-05T02:00:00Z");
        harness.given(AuditFixtures.seedOpened(),
                new CertificateGranted(SEED_AUDIT, new Decision(DecisionOutcome.GRANT, "decider", grantedOn, 100,
                        new BigDecimal("145.75"), Grade.TEN_STAR, "符合要求"),
                        new Certificate("CTS-2021-0455-2021-SE-1", "新疆隆威家具有限责任公司", "售后服务", "CTS-ISC-JSGF-06",
                                Grade.TEN_STAR, grantedOn, grantedOn, LocalDate.of(2024, 6, 30), LocalDate.of(2022, 6, 7))),
                AuditFixtures.opened(SURVEILLANCE_1, AuditType.SURVEILLANCE, SEED_AUDIT, LocalDate.of(2022, 5, 10),
                        LocalDate.of(2022, 5, 11)),
                new CertificateMaintained(SURVEILLANCE_1, new Decision(DecisionOutcome.MAINTAIN, "decider",
                        LocalDate.of(2022, 6, 1), 120, new BigDecimal("140"), Grade.NINE_STAR, "保持"),
                        "CTS-2021-0455-2021-SE-1", LocalDate.of(2023, 5, 11)),
                AuditFixtures.opened(SURVEILLANCE_2, AuditType.SURVEILLANCE, SURVEILLANCE_1, LocalDate.of(2023, 5, 10),
                        LocalDate.of(2023, 5, 11)));
        // Both dated in 2023 and recorded on 2026-12-05, the suspension by a decider recorded with a name.
        harness.at(recorded).as("decider2", "吴思远").given(new CertificateSuspended(SURVEILLANCE_2,
                new Decision(DecisionOutcome.SUSPEND, "decider2", LocalDate.of(2023, 5, 25), 140, new BigDecimal("60"),
                        Grade.NOT_GRADED, "投诉处理不及时"), "CTS-2021-0455-2021-SE-1", LocalDate.of(2023, 11, 25),
                LocalDate.of(2024, 5, 11)));
        harness.as("decider3").given(new CertificateRestored(SURVEILLANCE_2, "CTS-2021-0455-2021-SE-1", "decider3",
                LocalDate.of(2023, 7, 1), "整改验证通过"));

        ProjectLineage live = lineage();
        assertThat(live.certificateChanges()).extracting(ProjectLineage.CertificateChange::kind,
                        ProjectLineage.CertificateChange::effectiveOn, ProjectLineage.CertificateChange::decider,
                        ProjectLineage.CertificateChange::deciderName, ProjectLineage.CertificateChange::reason)
                .containsExactly(tuple(CertificateHistory.Kind.ISSUED, grantedOn, "decider", null, "符合要求"),
                        tuple(CertificateHistory.Kind.MAINTAINED, LocalDate.of(2022, 6, 1), "decider", null, "保持"),
                        tuple(CertificateHistory.Kind.SUSPENDED, LocalDate.of(2023, 5, 25), "decider2", "吴思远",
                                "投诉处理不及时"),
                        tuple(CertificateHistory.Kind.RESTORED, LocalDate.of(2023, 7, 1), "decider3", null, "整改验证通过"));
        assertThat(live.certificateChanges().get(2).recordedAt()).isEqualTo(recorded);
        assertThat(live.certificateChanges().get(3).recordedAt()).isEqualTo(recorded.plusSeconds(60));
        assertThat(live.certificateChanges().get(0).recordedAt()).isEqualTo(ProjectionHarness.START.plusSeconds(60));
        harness.replayAll();
        assertThat(lineage()).isEqualTo(live);
    }

    @Test
    void eachCertificateChangeShowsTheValidityItBelongsToAndTheSurveillanceDueItLeftNoneAfterAWithdrawal() {
        LocalDate grantedOn = LocalDate.of(2021, 7, 1);
        LocalDate lastValidDay = LocalDate.of(2024, 6, 30);
        harness.given(AuditFixtures.seedOpened(),
                new CertificateGranted(SEED_AUDIT, new Decision(DecisionOutcome.GRANT, "decider", grantedOn, 100,
                        new BigDecimal("145.75"), Grade.TEN_STAR, "符合要求"),
                        new Certificate("CTS-2021-0455-2021-SE-1", "新疆隆威家具有限责任公司", "售后服务", "CTS-ISC-JSGF-06",
                                Grade.TEN_STAR, grantedOn, grantedOn, lastValidDay, LocalDate.of(2022, 6, 7))),
                AuditFixtures.opened(SURVEILLANCE_1, AuditType.SURVEILLANCE, SEED_AUDIT, LocalDate.of(2022, 5, 10),
                        LocalDate.of(2022, 5, 11)),
                new CertificateMaintained(SURVEILLANCE_1, new Decision(DecisionOutcome.MAINTAIN, "decider",
                        LocalDate.of(2022, 6, 1), 120, new BigDecimal("140"), Grade.NINE_STAR, "保持"),
                        "CTS-2021-0455-2021-SE-1", LocalDate.of(2023, 5, 11)),
                AuditFixtures.opened(SURVEILLANCE_2, AuditType.SURVEILLANCE, SURVEILLANCE_1, LocalDate.of(2023, 5, 10),
                        LocalDate.of(2023, 5, 11)),
                // Stored before session 23: the suspension set no due date, the maintenance's stands.
                new CertificateSuspended(SURVEILLANCE_2, new Decision(DecisionOutcome.SUSPEND, "decider2",
                        LocalDate.of(2023, 5, 25), 140, new BigDecimal("60"), Grade.NOT_GRADED, "投诉处理不及时"),
                        "CTS-2021-0455-2021-SE-1", LocalDate.of(2023, 11, 25), null),
                new CertificateRestored(SURVEILLANCE_2, "CTS-2021-0455-2021-SE-1", "decider3", LocalDate.of(2023, 7, 1),
                        "整改验证通过"),
                new CertificateWithdrawn(SURVEILLANCE_2, new Decision(DecisionOutcome.WITHDRAW, "decider",
                        LocalDate.of(2023, 8, 1), 160, new BigDecimal("60"), Grade.NOT_GRADED, "严重不符合"),
                        "CTS-2021-0455-2021-SE-1"));

        ProjectLineage live = lineage();
        assertThat(live.certificateChanges()).extracting(ProjectLineage.CertificateChange::kind,
                        ProjectLineage.CertificateChange::validFrom, ProjectLineage.CertificateChange::validUntil,
                        ProjectLineage.CertificateChange::surveillanceDue, ProjectLineage.CertificateChange::nextAudit,
                        ProjectLineage.CertificateChange::nextAuditDue)
                .containsExactly(tuple(CertificateHistory.Kind.ISSUED, grantedOn, lastValidDay, LocalDate.of(2022, 6, 7),
                                AuditType.SURVEILLANCE, LocalDate.of(2022, 6, 7)),
                        tuple(CertificateHistory.Kind.MAINTAINED, grantedOn, lastValidDay, LocalDate.of(2023, 5, 11),
                                AuditType.SURVEILLANCE, LocalDate.of(2023, 5, 11)),
                        tuple(CertificateHistory.Kind.SUSPENDED, grantedOn, lastValidDay, LocalDate.of(2023, 5, 11),
                                AuditType.SURVEILLANCE, LocalDate.of(2023, 5, 11)),
                        tuple(CertificateHistory.Kind.RESTORED, grantedOn, lastValidDay, LocalDate.of(2023, 5, 11),
                                AuditType.SURVEILLANCE, LocalDate.of(2023, 5, 11)),
                        tuple(CertificateHistory.Kind.WITHDRAWN, grantedOn, lastValidDay, null, null, null));
        harness.replayAll();
        assertThat(lineage()).isEqualTo(live);
    }

    /** The seed certificate granted, valid to 2024-06-30, and its first surveillance maintained, the next due 2023-05-11. */
    private void grantedAndMaintainedOnce() {
        LocalDate grantedOn = LocalDate.of(2021, 7, 1);
        harness.given(AuditFixtures.seedOpened(),
                new CertificateGranted(SEED_AUDIT, new Decision(DecisionOutcome.GRANT, "decider", grantedOn, 100,
                        new BigDecimal("145.75"), Grade.TEN_STAR, "符合要求"),
                        new Certificate("CTS-2021-0455-2021-SE-1", "新疆隆威家具有限责任公司", "售后服务", "CTS-ISC-JSGF-06",
                                Grade.TEN_STAR, grantedOn, grantedOn, LocalDate.of(2024, 6, 30), LocalDate.of(2022, 6, 7))),
                AuditFixtures.opened(SURVEILLANCE_1, AuditType.SURVEILLANCE, SEED_AUDIT, LocalDate.of(2022, 5, 10),
                        LocalDate.of(2022, 5, 11)),
                new CertificateMaintained(SURVEILLANCE_1, new Decision(DecisionOutcome.MAINTAIN, "decider",
                        LocalDate.of(2022, 6, 1), 120, new BigDecimal("140"), Grade.NINE_STAR, "保持"),
                        "CTS-2021-0455-2021-SE-1", LocalDate.of(2023, 5, 11)),
                AuditFixtures.opened(SURVEILLANCE_2, AuditType.SURVEILLANCE, SURVEILLANCE_1, LocalDate.of(2023, 5, 10),
                        LocalDate.of(2023, 5, 11)));
    }

    @Test
    void theCyclesSecondSurveillanceStoredWithASurveillanceDueWeeksBeforeTheExpiryLeavesTheReCertificationNext() {
        grantedAndMaintainedOnce();
        // As the command side recorded it before the rule: twelve months after 2023-05-11, in the certificate's last
        // year (from 2023-07-01). ISO/IEC 17021-1 9.1.3: the re-certification, decided by 2024-06-30, comes instead.
        harness.given(new CertificateMaintained(SURVEILLANCE_2, new Decision(DecisionOutcome.MAINTAIN, "decider",
                        LocalDate.of(2023, 6, 1), 140, new BigDecimal("140"), Grade.NINE_STAR, "保持"),
                        "CTS-2021-0455-2021-SE-1", LocalDate.of(2024, 5, 11)),
                AuditFixtures.opened(AuditId.of(SEED_PROJECT, 4), AuditType.SURVEILLANCE, SURVEILLANCE_2,
                        LocalDate.of(2023, 8, 20), LocalDate.of(2023, 8, 21)),
                new CertificateSuspended(AuditId.of(SEED_PROJECT, 4), new Decision(DecisionOutcome.SUSPEND, "decider",
                        LocalDate.of(2023, 9, 1), 160, new BigDecimal("60"), Grade.NOT_GRADED, "投诉处理不及时"),
                        "CTS-2021-0455-2021-SE-1", LocalDate.of(2023, 12, 1), null),
                new CertificateRestored(AuditId.of(SEED_PROJECT, 4), "CTS-2021-0455-2021-SE-1", "decider3",
                        LocalDate.of(2023, 10, 1), "整改验证通过"));

        ProjectLineage live = lineage();
        assertThat(live.certificateChanges().subList(1, 5)).extracting(ProjectLineage.CertificateChange::kind,
                        ProjectLineage.CertificateChange::surveillanceDue, ProjectLineage.CertificateChange::nextAudit,
                        ProjectLineage.CertificateChange::nextAuditDue)
                .containsExactly(
                        tuple(CertificateHistory.Kind.MAINTAINED, LocalDate.of(2023, 5, 11), AuditType.SURVEILLANCE,
                                LocalDate.of(2023, 5, 11)),
                        tuple(CertificateHistory.Kind.MAINTAINED, null, AuditType.RECERTIFICATION, LocalDate.of(2024, 6, 30)),
                        // A suspension stored without a due day keeps the one before: the re-certification still.
                        tuple(CertificateHistory.Kind.SUSPENDED, null, AuditType.RECERTIFICATION, LocalDate.of(2024, 6, 30)),
                        tuple(CertificateHistory.Kind.RESTORED, null, AuditType.RECERTIFICATION, LocalDate.of(2024, 6, 30)));
        harness.replayAll();
        assertThat(lineage()).isEqualTo(live);
    }

    @Test
    void aMaintenanceRecordedWithoutASurveillanceDueLeavesTheReCertificationNotTheEarlierDueDay() {
        grantedAndMaintainedOnce();
        harness.given(new CertificateMaintained(SURVEILLANCE_2, new Decision(DecisionOutcome.MAINTAIN, "decider",
                LocalDate.of(2023, 6, 1), 140, new BigDecimal("140"), Grade.NINE_STAR, "保持"),
                "CTS-2021-0455-2021-SE-1", null));
        assertThat(lineage().certificateChanges().get(2)).extracting(ProjectLineage.CertificateChange::surveillanceDue,
                        ProjectLineage.CertificateChange::nextAudit, ProjectLineage.CertificateChange::nextAuditDue)
                .containsExactly(null, AuditType.RECERTIFICATION, LocalDate.of(2024, 6, 30));
    }

    @Test
    void aMaintenanceAfterAnEarlyRenewalKeepsTheRenewedValidityAsTheCertificateHistoryDoes() {
        LocalDate grantedOn = LocalDate.of(2021, 7, 1);
        LocalDate renewedOn = LocalDate.of(2024, 5, 15);
        harness.given(earlyRenewal(grantedOn, renewedOn));
        harness.given(
                AuditFixtures.opened(AuditId.of(SEED_PROJECT, 5), AuditType.SURVEILLANCE, RECERTIFICATION,
                        LocalDate.of(2025, 4, 1), LocalDate.of(2025, 4, 2)),
                new CertificateMaintained(AuditId.of(SEED_PROJECT, 5), new Decision(DecisionOutcome.MAINTAIN, "decider",
                        LocalDate.of(2025, 4, 20), 150, new BigDecimal("140"), Grade.NINE_STAR, "保持"),
                        "CTS-2021-0455-2021-SE-1", LocalDate.of(2026, 4, 2)));

        assertThat(lineage().certificateChanges().get(2)).extracting(ProjectLineage.CertificateChange::validFrom,
                        ProjectLineage.CertificateChange::validUntil, ProjectLineage.CertificateChange::surveillanceDue,
                        ProjectLineage.CertificateChange::nextAudit)
                .containsExactly(LocalDate.of(2024, 7, 1), LocalDate.of(2027, 6, 30), LocalDate.of(2026, 4, 2),
                        AuditType.SURVEILLANCE);
    }

    @Test
    void aWithdrawalSaysWhoWithdrewTheCertificateAndWhy() {
        LocalDate grantedOn = LocalDate.of(2021, 7, 1);
        harness.given(AuditFixtures.seedOpened(),
                new CertificateGranted(SEED_AUDIT, new Decision(DecisionOutcome.GRANT, "decider", grantedOn, 100,
                        new BigDecimal("145.75"), Grade.TEN_STAR, "符合要求"),
                        new Certificate("CTS-2021-0455-2021-SE-1", "新疆隆威家具有限责任公司", "售后服务", "CTS-ISC-JSGF-06",
                                Grade.TEN_STAR, grantedOn, grantedOn, LocalDate.of(2024, 6, 30), LocalDate.of(2022, 6, 7))),
                AuditFixtures.opened(SURVEILLANCE_1, AuditType.SURVEILLANCE, SEED_AUDIT, LocalDate.of(2022, 5, 10),
                        LocalDate.of(2022, 5, 11)));
        harness.as("decider", "周文博").given(new CertificateWithdrawn(SURVEILLANCE_1, new Decision(DecisionOutcome.WITHDRAW,
                "decider", LocalDate.of(2022, 6, 1), 120, new BigDecimal("60"), Grade.NOT_GRADED, "严重不符合"),
                "CTS-2021-0455-2021-SE-1"));

        ProjectLineage.CertificateChange withdrawn = lineage().certificateChanges().get(1);
        assertThat(withdrawn.kind()).isEqualTo(CertificateHistory.Kind.WITHDRAWN);
        assertThat(withdrawn.decider()).isEqualTo("decider");
        assertThat(withdrawn.deciderName()).isEqualTo("周文博");
        assertThat(withdrawn.reason()).isEqualTo("严重不符合");
        assertThat(withdrawn.recordedAt()).isNotNull();
    }

    @Test
    void dropsTheCollectionsOfTheLayoutsWithoutTheFirstValidDayTheRecordedNamesTheChangesDecidersOrTheSurveillanceDueSoThatAStoreIsRebuilt() {
        assertThat(new LineageProjection(harness.readModels(), null).retiredCollections())
                .containsExactly("query_project_lineage", "query_project_lineage_v2", "query_project_lineage_v3",
                        "query_project_lineage_v4")
                .doesNotContain(LineageProjection.LINEAGES);
    }

    private List<Document> documents() {
        return harness.readModels().collection(LineageProjection.LINEAGES).find().into(new ArrayList<>());
    }

    /** A batch holds events of several audits: their documents are fetched together, and what is stored is the same. */
    @Test
    void storesInterleavedAuditsInTrackingBatchesOfAnySizeExactlyWhatEventByEventWritingStores() throws Exception {
        harness.given(AuditFixtures.interleavedAudits());

        List<List<String>> eventByEvent = harness.assertBatchesStoreWhatEventByEventStores(batched -> new LineageProjection(batched, harness.schemes()),
                List.of(LineageProjection.LINEAGES), 1, 7, 100);

        assertThat(eventByEvent.get(0)).hasSizeGreaterThanOrEqualTo(3);
    }
}
