package org.certaudit.query.scorecard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certaudit.query.AuditFixtures.SEED_AUDIT;
import static org.certaudit.query.AuditFixtures.SEED_PROJECT;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.bson.Document;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditReopened;
import org.certaudit.audit.ItemApplicabilityRestored;
import org.certaudit.audit.ItemMarkedNotApplicable;
import org.certaudit.audit.ItemNotApplicableReasonRevised;
import org.certaudit.audit.ItemScoreRevised;
import org.certaudit.audit.ItemScored;
import org.certaudit.audit.SpecialItemKind;
import org.certaudit.audit.SpecialItemRecorded;
import org.certaudit.audit.SpecialItemWithdrawn;
import org.certaudit.query.AuditFixtures;
import org.certaudit.query.ProjectionHarness;
import org.certaudit.query.SeedReportEarned;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.Percent;
import com.mongodb.event.CommandListener;
import org.certaudit.query.ReadModels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScorecardProjectionTest {

    private final ProjectionHarness harness = new ProjectionHarness();
    private final ScorecardProjection projection = new ScorecardProjection(harness.readModels(), harness.schemes(),
            new ScorecardTimeTravel(harness.eventStore(), harness.schemes()),
            new ScorecardUpdates(10, Duration.ofMinutes(1), Duration.ofMinutes(1)));

    ScorecardProjectionTest() {
        harness.with(projection);
    }

    @AfterEach
    void close() {
        harness.close();
    }

    private ScorecardView scorecard(AuditId auditId) {
        return harness.query(new GetScorecard(auditId), ResponseTypes.optionalInstanceOf(ScorecardView.class)).orElseThrow();
    }

    private static ScorecardView.Item item(ScorecardView card, String clause) {
        return card.items().stream().filter(i -> i.clause().equals(clause)).findFirst().orElseThrow();
    }

    @Test
    void storesInTrackingBatchesOfAnySizeExactlyWhatEventByEventWritingStores() throws Exception {
        harness.given(AuditFixtures.seedAudit());
        harness.given(List.of(
                new SpecialItemRecorded(SEED_AUDIT, "D1", SpecialItemKind.DEDUCTION, "投诉未回复", "5.1.1.1", null),
                new ItemMarkedNotApplicable(SEED_AUDIT, "5.1.1.2", Percent.of(80), "不涉及"),
                new SpecialItemWithdrawn(SEED_AUDIT, "D1", "已整改"),
                new ItemApplicabilityRestored(SEED_AUDIT, "5.1.1.2", "误判")));
        List<String> eventByEvent = ProjectionHarness.contents(harness.readModels(), ScorecardProjection.SCORECARDS);

        for (int size : new int[] {1, 7, 100, 1_000}) {
            ReadModels batched = ProjectionHarness.freshReadModels(new CommandListener() {
            });
            harness.deliverInBatches(new ScorecardProjection(batched, harness.schemes(),
                    new ScorecardTimeTravel(harness.eventStore(), harness.schemes()),
                    new ScorecardUpdates(10, Duration.ofMinutes(1), Duration.ofMinutes(1))), batched, size);

            assertThat(ProjectionHarness.contents(batched, ScorecardProjection.SCORECARDS)).as("batches of " + size)
                                                                                           .isEqualTo(eventByEvent);
        }
        assertThat(eventByEvent).hasSize(1);
        assertThat(eventByEvent.get(0)).contains("\"specialItems\": [{\"id\": \"D1\", \"kind\": \"DEDUCTION\"");
    }

    @Test
    void scoresTheSeedAuditTenStarAt145_75WithEveryItemEarningWhatTheReportPrints() {
        harness.given(AuditFixtures.seedAudit());

        ScorecardView card = scorecard(SEED_AUDIT);

        assertThat(card.total()).isEqualByComparingTo("145.75");
        assertThat(card.total().toPlainString()).isEqualTo("145.75");
        assertThat(card.grade()).isEqualTo(Grade.TEN_STAR);
        assertThat(card.complete()).isTrue();
        assertThat(card.items()).hasSize(94);
        Map<String, String[]> report = SeedReportEarned.rows();
        assertThat(report).hasSize(94);
        for (ScorecardView.Item item : card.items()) {
            String[] printed = report.get(item.clause());
            if (printed[0].equals(SeedReportEarned.NOT_APPLICABLE)) {
                assertThat(item.notApplicable()).as(item.clause()).isTrue();
                assertThat(item.earned()).as(item.clause()).isNull();
            } else {
                assertThat(item.percent()).as(item.clause()).isEqualByComparingTo(printed[0]);
                assertThat(item.earned()).as(item.clause()).isEqualByComparingTo(printed[1]);
            }
        }
        assertThat(item(card, "5.2.2.3").earned().toPlainString()).isEqualTo("1.455");
        assertThat(item(card, "5.2.2.3").note()).isEqualTo("evidence for 5.2.2.3");
        assertThat(card.parts()).extracting(p -> p.earned().toPlainString()).containsExactly("71.24", "33.035", "36.62");
        assertThat(card.applicableMaximum()).isEqualByComparingTo("145");
        assertThat(card.version()).isEqualTo(harness.version(SEED_PROJECT.value()));
    }

    @Test
    void aRevisedScoreReplacesTheOldOneWithItsNoteAndReason() {
        harness.given(AuditFixtures.seedAudit());
        harness.given(new AuditReopened(SEED_AUDIT, "B8 evidence re-checked"),
                new ItemScoreRevised(SEED_AUDIT, "5.2.2.3", Percent.of(97), Percent.of(80), "maintenance records incomplete",
                        "records for 2020 missing"));

        ScorecardView card = scorecard(SEED_AUDIT);

        ScorecardView.Item b8 = item(card, "5.2.2.3");
        assertThat(b8.percent()).isEqualByComparingTo("80");
        assertThat(b8.earned()).isEqualByComparingTo("1.2");
        assertThat(b8.note()).isEqualTo("maintenance records incomplete");
        assertThat(b8.reason()).isEqualTo("records for 2020 missing");
        assertThat(card.earned()).isEqualByComparingTo(new BigDecimal("140.895").subtract(new BigDecimal("0.255")));
        assertThat(card.version()).isEqualTo(harness.version(SEED_PROJECT.value()));
    }

    @Test
    void aRestoredNotApplicableItemCountsAgainWithoutAScoreUntilScoredAnew() {
        harness.given(AuditFixtures.seedAudit());
        harness.given(new AuditReopened(SEED_AUDIT, "recall procedure exists after all"),
                new ItemApplicabilityRestored(SEED_AUDIT, "5.2.5.4", "the organization recalls defective goods"));

        ScorecardView restored = scorecard(SEED_AUDIT);
        assertThat(item(restored, "5.2.5.4").notApplicable()).isFalse();
        assertThat(item(restored, "5.2.5.4").percent()).isNull();
        assertThat(item(restored, "5.2.5.4").earned()).isNull();
        assertThat(restored.applicableMaximum()).isEqualByComparingTo("146");
        assertThat(restored.complete()).isFalse();

        harness.given(new ItemScored(SEED_AUDIT, "5.2.5.4", Percent.of(90), "recall drill 2021-05"));
        ScorecardView scored = scorecard(SEED_AUDIT);
        assertThat(item(scored, "5.2.5.4").earned()).isEqualByComparingTo("0.9");
        assertThat(scored.complete()).isTrue();
    }

    @Test
    void aWithdrawnSpecialItemIsListedButNoLongerCounts() {
        harness.given(AuditFixtures.seedAudit());
        harness.given(new AuditReopened(SEED_AUDIT, "complaint found"),
                new SpecialItemRecorded(SEED_AUDIT, "D1", SpecialItemKind.DEDUCTION, "complaint unanswered for 30 days",
                        "5.3.3.2", "file 2021-17"));
        assertThat(scorecard(SEED_AUDIT).total()).isEqualByComparingTo("144.75");
        assertThat(scorecard(SEED_AUDIT).deductions()).isEqualTo(1);

        harness.given(new SpecialItemWithdrawn(SEED_AUDIT, "D1", "answered on day 12 after all"));

        ScorecardView card = scorecard(SEED_AUDIT);
        assertThat(card.total()).isEqualByComparingTo("145.75");
        assertThat(card.deductions()).isZero();
        assertThat(card.specialItems()).singleElement().satisfies(special -> {
            assertThat(special.withdrawn()).isTrue();
            assertThat(special.withdrawalReason()).isEqualTo("answered on day 12 after all");
        });
    }

    @Test
    void aReopenedAuditKeepsItsScoresAndMovesItsVersion() {
        harness.given(AuditFixtures.seedAudit());
        long finished = scorecard(SEED_AUDIT).version();

        harness.given(new AuditReopened(SEED_AUDIT, "typo in the findings"));

        ScorecardView card = scorecard(SEED_AUDIT);
        assertThat(card.version()).isEqualTo(finished + 1);
        assertThat(card.total()).isEqualByComparingTo("145.75");
    }

    @Test
    void markingAScoredItemNotApplicableTakesItOutOfTheApplicableMaximum() {
        harness.given(AuditFixtures.seedAudit());
        harness.given(new AuditReopened(SEED_AUDIT, "no own service network"),
                new ItemMarkedNotApplicable(SEED_AUDIT, "5.1.1.2", Percent.of(99), "all service outsourced"));

        ScorecardView card = scorecard(SEED_AUDIT);
        assertThat(item(card, "5.1.1.2").notApplicable()).isTrue();
        assertThat(card.applicableMaximum()).isEqualByComparingTo("142");
    }

    @Test
    void aRevisedNotApplicableReasonIsTheItemsReasonAndChangesNoTotal() {
        harness.given(AuditFixtures.seedAudit());
        ScorecardView before = scorecard(SEED_AUDIT);
        harness.given(new AuditReopened(SEED_AUDIT, "reasons checked"),
                new ItemNotApplicableReasonRevised(SEED_AUDIT, "5.2.5.4", "不涉及", "服务网点全部外包，见外包合同"));

        ScorecardView card = scorecard(SEED_AUDIT);
        assertThat(item(card, "5.2.5.4").notApplicable()).isTrue();
        assertThat(item(card, "5.2.5.4").reason()).isEqualTo("服务网点全部外包，见外包合同");
        assertThat(card.total()).isEqualByComparingTo(before.total());
        assertThat(card.applicableMaximum()).isEqualByComparingTo(before.applicableMaximum());
    }

    @Test
    void answersNothingForAnUnknownAudit() {
        assertThat(harness.query(new GetScorecard(AuditId.of(SEED_PROJECT, 9)),
                ResponseTypes.optionalInstanceOf(ScorecardView.class))).isEqualTo(Optional.empty());
    }

    @Test
    void replayingAnEventTwiceLeavesTheSameReadModel() {
        harness.given(AuditFixtures.seedAudit());
        harness.given(new AuditReopened(SEED_AUDIT, "re-check"),
                new ItemScoreRevised(SEED_AUDIT, "5.2.2.3", Percent.of(97), Percent.of(80), "note", "reason"));
        List<Document> before = documents();

        // The original score of 5.2.2.3, then the revision itself, arrive again.
        harness.delivered().stream()
                .filter(m -> m.getPayload() instanceof ItemScored scored && scored.clause().equals("5.2.2.3"))
                .forEach(harness::redeliver);
        harness.redeliver(harness.delivered().get(harness.delivered().size() - 1));

        assertThat(documents()).isEqualTo(before);
        assertThat(item(scorecard(SEED_AUDIT), "5.2.2.3").percent()).isEqualByComparingTo("80");
    }

    @Test
    void aReplayFromScratchGivesTheSameAnswers() {
        harness.given(AuditFixtures.seedAudit());
        harness.given(new AuditReopened(SEED_AUDIT, "re-check"),
                new ItemScoreRevised(SEED_AUDIT, "5.2.2.3", Percent.of(97), Percent.of(80), "note", "reason"));
        ScorecardView live = scorecard(SEED_AUDIT);

        harness.replayAll();

        assertThat(scorecard(SEED_AUDIT)).isEqualTo(live);
    }

    private List<Document> documents() {
        return harness.readModels().collection(ScorecardProjection.SCORECARDS).find().into(new java.util.ArrayList<>());
    }

    @Test
    void pushesEachNewVersionOfAnAuditButNothingOfARebuildsReplay() {
        List<Map<String, Long>> pushed = new CopyOnWriteArrayList<>();
        ScorecardUpdates recording = new ScorecardUpdates(10, Duration.ofMinutes(1), Duration.ofMinutes(1)) {
            @Override
            void published(Map<String, Long> versions) {
                pushed.add(Map.copyOf(versions));
            }
        };
        try (ProjectionHarness live = new ProjectionHarness()) {
            ScorecardProjection watched = new ScorecardProjection(live.readModels(), live.schemes(),
                    new ScorecardTimeTravel(live.eventStore(), live.schemes()), recording);
            live.with(watched);
            live.given(AuditFixtures.openedThenScored(SEED_AUDIT, 0, 3));
            assertThat(pushed).containsExactly(Map.of(SEED_AUDIT.value(), 0L), Map.of(SEED_AUDIT.value(), 1L),
                    Map.of(SEED_AUDIT.value(), 2L));
            pushed.clear();

            watched.reset();
            live.delivered().forEach(event -> live.redeliver(event.withTrackingToken(
                    ReplayToken.createReplayToken(new GlobalSequenceTrackingToken(1_000), event.trackingToken()))));

            assertThat(pushed).as("a replay rebuilds the read model without pushing its older versions").isEmpty();
            assertThat(live.query(new GetScorecard(SEED_AUDIT), ResponseTypes.optionalInstanceOf(ScorecardView.class))
                    .orElseThrow().version()).isEqualTo(2);
            live.given(new ItemScored(SEED_AUDIT, "5.2.1.3", Percent.of(90), "re-checked"));
            assertThat(pushed).containsExactly(Map.of(SEED_AUDIT.value(), 3L));
        }
    }

    /** What a tracking batch of one score sends the store: the scored item and the stamps, not the audit's 94 items. */
    @Test
    void aScoreInItsOwnBatchIsWrittenAsTheScoredItemNotTheWholeScorecard() throws Exception {
        harness.given(AuditFixtures.seedAudit());
        List<org.bson.BsonDocument> updates = new CopyOnWriteArrayList<>();
        ReadModels batched = ProjectionHarness.freshReadModels(new CommandListener() {
            @Override
            public void commandStarted(com.mongodb.event.CommandStartedEvent event) {
                if (event.getCommandName().equals("update")
                        && event.getCommand().getString("update").getValue().equals(ScorecardProjection.SCORECARDS)) {
                    event.getCommand().getArray("updates").forEach(update -> updates.add(update.asDocument().clone()));
                }
            }
        });

        harness.deliverInBatches(new ScorecardProjection(batched, harness.schemes(),
                new ScorecardTimeTravel(harness.eventStore(), harness.schemes()),
                new ScorecardUpdates(10, Duration.ofMinutes(1), Duration.ofMinutes(1))), batched, 1);

        org.bson.BsonDocument last = updates.get(updates.size() - 1).getDocument("u");
        assertThat(updates).as("one write per event").hasSize(harness.delivered().size());
        assertThat(updates.subList(4, updates.size() - 1)).as("each item scored after the first").allSatisfy(update -> {
            assertThat(update.getDocument("u").getDocument("$push").keySet()).containsExactly("items");
            assertThat(update.getDocument("u").getDocument("$push").getDocument("items").getArray("$each")).hasSize(1);
            assertThat(update.getDocument("u").getDocument("$set").keySet())
                    .containsExactlyInAnyOrder("version", ReadModels.POSITION, ReadModels.SEQUENCE);
        });
        assertThat(last.getDocument("$set").keySet()).as("the recommendation changes no scoring")
                .containsExactlyInAnyOrder("version", ReadModels.POSITION, ReadModels.SEQUENCE);
        assertThat(ProjectionHarness.contents(batched, ScorecardProjection.SCORECARDS))
                .isEqualTo(ProjectionHarness.contents(harness.readModels(), ScorecardProjection.SCORECARDS));
    }

    /** A batch holds events of several audits: their documents are fetched together, and what is stored is the same. */
    @Test
    void storesInterleavedAuditsInTrackingBatchesOfAnySizeExactlyWhatEventByEventWritingStores() throws Exception {
        harness.given(AuditFixtures.interleavedAudits());

        List<List<String>> eventByEvent = harness.assertBatchesStoreWhatEventByEventStores(batched -> new ScorecardProjection(batched, harness.schemes(),
                        new ScorecardTimeTravel(harness.eventStore(), harness.schemes()),
                        new ScorecardUpdates(10, Duration.ofMinutes(1), Duration.ofMinutes(1))),
                List.of(ScorecardProjection.SCORECARDS), 1, 7, 100);

        assertThat(eventByEvent.get(0)).hasSizeGreaterThanOrEqualTo(3);
    }
}
