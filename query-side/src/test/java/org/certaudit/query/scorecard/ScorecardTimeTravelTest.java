package org.certaudit.query.scorecard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certaudit.query.AuditFixtures.SEED_AUDIT;
import static org.certaudit.query.AuditFixtures.SEED_PROJECT;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.ItemScored;
import java.util.Optional;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditReopened;
import org.certaudit.audit.ItemScoreRevised;
import org.certaudit.audit.SpecialItemKind;
import org.certaudit.audit.SpecialItemRecorded;
import org.certaudit.audit.SpecialItemWithdrawn;
import org.certaudit.query.AuditFixtures;
import org.certaudit.query.ProjectionHarness;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.Percent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScorecardTimeTravelTest {

    private final ProjectionHarness harness = new ProjectionHarness();
    private long finishedVersion;
    private Instant beforeRevision;

    @BeforeEach
    void seedAuditThenARevisionOfB8() {
        ScorecardTimeTravel timeTravel = new ScorecardTimeTravel(harness.eventStore(), harness.schemes());
        harness.with(new ScorecardProjection(harness.readModels(), harness.schemes(), timeTravel,
                new ScorecardUpdates(10, Duration.ofMinutes(1), Duration.ofMinutes(1))), timeTravel);
        harness.given(AuditFixtures.seedAudit());
        finishedVersion = harness.version(SEED_PROJECT.value());
        beforeRevision = harness.clock().minusSeconds(1);
        harness.given(new AuditReopened(SEED_AUDIT, "B8 evidence re-checked"),
                new ItemScoreRevised(SEED_AUDIT, "5.2.2.3", Percent.of(97), Percent.of(80), "maintenance records incomplete",
                        "records for 2020 missing"));
    }

    @AfterEach
    void close() {
        harness.close();
    }

    private Optional<ScorecardView> at(PointInTime point) {
        return harness.query(new GetScorecardAt(SEED_AUDIT, point), ResponseTypes.optionalInstanceOf(ScorecardView.class));
    }

    private static ScorecardView.Item b8(ScorecardView card) {
        return card.items().stream().filter(i -> i.clause().equals("5.2.2.3")).findFirst().orElseThrow();
    }

    @Test
    void asOfAnInstantBeforeTheRevisionShowsTheOldValue() {
        ScorecardView then = at(PointInTime.asOf(beforeRevision)).orElseThrow();

        assertThat(b8(then).percent()).isEqualByComparingTo("97");
        assertThat(b8(then).earned().toPlainString()).isEqualTo("1.455");
        assertThat(then.total()).isEqualByComparingTo("145.75");
        assertThat(then.grade()).isEqualTo(Grade.TEN_STAR);
        assertThat(then.version()).isEqualTo(finishedVersion);
        assertThat(then.asOf()).isEqualTo(beforeRevision);
    }

    @Test
    void atAVersionBeforeTheRevisionShowsTheOldValueAndAfterItTheNewOne() {
        assertThat(b8(at(PointInTime.atVersion(finishedVersion)).orElseThrow()).percent()).isEqualByComparingTo("97");
        assertThat(b8(at(PointInTime.atVersion(finishedVersion + 2)).orElseThrow()).percent()).isEqualByComparingTo("80");
    }

    @Test
    void atTheCurrentVersionEqualsTheLiveScorecard() {
        ScorecardView live = harness.query(new GetScorecard(SEED_AUDIT), ResponseTypes.optionalInstanceOf(ScorecardView.class))
                .orElseThrow();
        ScorecardView replayed = at(PointInTime.atVersion(live.version())).orElseThrow();

        assertThat(replayed.items()).isEqualTo(live.items());
        assertThat(replayed.sections()).isEqualTo(live.sections());
        assertThat(replayed.total()).isEqualTo(live.total());
        assertThat(replayed.version()).isEqualTo(live.version());
    }

    @Test
    void halfWayThroughScoringShowsAnIncompleteScorecard() {
        ScorecardView early = at(PointInTime.atVersion(12)).orElseThrow();

        assertThat(early.complete()).isFalse();
        assertThat(early.items().stream().filter(i -> i.percent() != null || i.notApplicable())).hasSize(10);
    }

    @Test
    void beforeTheAuditWasOpenedThereIsNoScorecard() {
        AuditId second = AuditId.of(SEED_PROJECT, 2);
        harness.given(AuditFixtures.opened(second, org.certaudit.audit.AuditType.SURVEILLANCE, SEED_AUDIT,
                AuditFixtures.SEED_ON_SITE_FROM.plusYears(1), AuditFixtures.SEED_ON_SITE_TO.plusYears(1)));

        assertThat(harness.query(new GetScorecardAt(second, PointInTime.atVersion(finishedVersion)),
                ResponseTypes.optionalInstanceOf(ScorecardView.class))).isEmpty();
    }

    @Test
    void theDiffListsTheRevisedItemWithTotalsAndGradeBeforeAndAfter() {
        harness.given(new SpecialItemRecorded(SEED_AUDIT, "D1", SpecialItemKind.DEDUCTION, "complaint unanswered", "5.3.3.2",
                "file 2021-17"));

        ScorecardDiff diff = harness.query(new GetScorecardDiff(SEED_AUDIT, PointInTime.atVersion(finishedVersion),
                PointInTime.NOW), ResponseTypes.optionalInstanceOf(ScorecardDiff.class)).orElseThrow();

        assertThat(diff.items()).singleElement().satisfies(change -> {
            assertThat(change.clause()).isEqualTo("5.2.2.3");
            assertThat(change.code()).isEqualTo("B8");
            assertThat(change.before().percent()).isEqualByComparingTo("97");
            assertThat(change.before().earned()).isEqualByComparingTo("1.455");
            assertThat(change.after().percent()).isEqualByComparingTo("80");
            assertThat(change.after().earned()).isEqualByComparingTo("1.2");
        });
        assertThat(diff.from().total()).isEqualByComparingTo("145.75");
        assertThat(diff.from().version()).isEqualTo(finishedVersion);
        // (140.895 - 0.255) / 145 x 150 = 145.49 (half-up), minus the deduction.
        assertThat(diff.to().total()).isEqualByComparingTo("144.49");
        assertThat(diff.to().deductions()).isEqualTo(1);
        assertThat(diff.to().grade()).isEqualTo(Grade.TEN_STAR);
    }

    @Test
    void theDiffListsTheSpecialItemsRecordedAndWithdrawnBetweenThePointsThoughNoItemChanged() {
        long revised = harness.version(SEED_PROJECT.value());
        harness.given(new SpecialItemRecorded(SEED_AUDIT, "S1", SpecialItemKind.DEDUCTION, "complaint unanswered", "5.3.3.2",
                        "file 2021-17"),
                new SpecialItemRecorded(SEED_AUDIT, "S2", SpecialItemKind.DEDUCTION, "repair late", "5.2.2.1", "file 2021-18"));
        long recorded = harness.version(SEED_PROJECT.value());
        harness.given(new SpecialItemWithdrawn(SEED_AUDIT, "S1", "answered within the period after all"),
                new SpecialItemRecorded(SEED_AUDIT, "S3", SpecialItemKind.BONUS, "service innovation", "5.3.1.1", "award 2021"));

        ScorecardDiff diff = harness.query(new GetScorecardDiff(SEED_AUDIT, PointInTime.atVersion(recorded),
                PointInTime.NOW), ResponseTypes.optionalInstanceOf(ScorecardDiff.class)).orElseThrow();

        assertThat(diff.items()).isEmpty();
        assertThat(diff.empty()).isFalse();
        assertThat(diff.specialItems()).extracting(SpecialItemDifference::id).containsExactly("S1", "S3");
        assertThat(diff.specialItems().get(0)).satisfies(withdrawn -> {
            assertThat(withdrawn.kind()).isEqualTo(SpecialItemKind.DEDUCTION);
            assertThat(withdrawn.clause()).isEqualTo("5.3.3.2");
            assertThat(withdrawn.finding()).isEqualTo("complaint unanswered");
            assertThat(withdrawn.before()).isEqualTo(new SpecialItemDifference.Side(false, null));
            assertThat(withdrawn.after()).isEqualTo(new SpecialItemDifference.Side(true, "answered within the period after all"));
        });
        assertThat(diff.specialItems().get(1).before()).isNull();
        assertThat(diff.specialItems().get(1).after()).isEqualTo(new SpecialItemDifference.Side(false, null));
        assertThat(diff.from().deductions()).isEqualTo(2);
        assertThat(diff.to().deductions()).isEqualTo(1);
        assertThat(diff.to().bonuses()).isEqualTo(1);

        // Backwards, from the latest version to the one before any special item: each side as it stood.
        ScorecardDiff back = harness.query(new GetScorecardDiff(SEED_AUDIT, PointInTime.NOW,
                PointInTime.atVersion(revised)), ResponseTypes.optionalInstanceOf(ScorecardDiff.class)).orElseThrow();
        assertThat(back.specialItems()).extracting(SpecialItemDifference::id).containsExactly("S1", "S2", "S3");
        assertThat(back.specialItems()).allSatisfy(special -> assertThat(special.after()).isNull());
        assertThat(back.specialItems().get(0).before().withdrawn()).isTrue();
    }

    @Test
    void theDiffBetweenTwoPointsWithTheSameResultsIsEmpty() {
        long last = harness.version(SEED_PROJECT.value());

        ScorecardDiff same = harness.query(new GetScorecardDiff(SEED_AUDIT, PointInTime.atVersion(last), PointInTime.NOW),
                ResponseTypes.optionalInstanceOf(ScorecardDiff.class)).orElseThrow();

        assertThat(same.items()).isEmpty();
        assertThat(same.specialItems()).isEmpty();
        assertThat(same.empty()).isTrue();
    }

    @Test
    void theDiffBetweenInstantsMatchesTheDiffBetweenVersions() {
        ScorecardDiff byVersion = harness.query(new GetScorecardDiff(SEED_AUDIT, PointInTime.atVersion(finishedVersion),
                PointInTime.atVersion(finishedVersion + 2)), ResponseTypes.optionalInstanceOf(ScorecardDiff.class)).orElseThrow();
        ScorecardDiff byInstant = harness.query(new GetScorecardDiff(SEED_AUDIT, PointInTime.asOf(beforeRevision),
                PointInTime.asOf(harness.clock())), ResponseTypes.optionalInstanceOf(ScorecardDiff.class)).orElseThrow();

        assertThat(byInstant.items()).isEqualTo(byVersion.items());
        assertThat(byInstant.to().total()).isEqualTo(byVersion.to().total());
    }

    @Test
    void aReplayFromAKeptFoldEqualsAReplayFromTheStartAtEveryVersion() {
        ScorecardTimeTravel warmed = new ScorecardTimeTravel(harness.eventStore(), harness.schemes());
        long last = harness.version(SEED_PROJECT.value());
        warmed.replay(SEED_AUDIT, PointInTime.atVersion(last));
        assertThat(warmed.keptFolds()).as("one fold per %d sequence numbers", ScorecardTimeTravel.KEEP_EVERY)
                .isEqualTo((int) ((last + 1) / ScorecardTimeTravel.KEEP_EVERY)).isPositive();

        for (long version = 0; version <= last; version++) {
            PointInTime point = PointInTime.atVersion(version);
            assertThat(warmed.replay(SEED_AUDIT, point)).as("at version %d", version)
                    .isEqualTo(new ScorecardTimeTravel(harness.eventStore(), harness.schemes()).replay(SEED_AUDIT, point));
        }
    }

    @Test
    void theLiveProjectionKeepsFoldsThatGiveTheSameAnswersAsAReplayFromTheStart() {
        try (ProjectionHarness live = new ProjectionHarness()) {
            ScorecardTimeTravel fed = new ScorecardTimeTravel(live.eventStore(), live.schemes());
            live.with(new ScorecardProjection(live.readModels(), live.schemes(), fed,
                    new ScorecardUpdates(10, Duration.ofMinutes(1), Duration.ofMinutes(1))));
            live.given(AuditFixtures.seedAudit());
            long last = live.version(SEED_PROJECT.value());
            assertThat(fed.keptFolds()).as("folds handed over by the projection, none asked for")
                    .isGreaterThanOrEqualTo((int) ((last + 1) / ScorecardTimeTravel.KEEP_EVERY)).isPositive();

            for (long version = 0; version <= last; version++) {
                PointInTime point = PointInTime.atVersion(version);
                assertThat(fed.replay(SEED_AUDIT, point)).as("at version %d", version)
                        .isEqualTo(new ScorecardTimeTravel(live.eventStore(), live.schemes()).replay(SEED_AUDIT, point));
            }
        }
    }

    @Test
    void aKeptFoldWhoseEventIsNoLongerAtItsSequenceNumberIsDroppedAndTheStreamReplayedFromTheStart() {
        long last = harness.version(SEED_PROJECT.value());
        AtomicReference<EventStore> current = new AtomicReference<>(harness.eventStore());
        ScorecardTimeTravel travel = new ScorecardTimeTravel((EventStore) Proxy.newProxyInstance(
                EventStore.class.getClassLoader(), new Class<?>[] {EventStore.class},
                (proxy, method, arguments) -> method.invoke(current.get(), arguments)), harness.schemes());
        travel.replay(SEED_AUDIT, PointInTime.atVersion(last));
        assertThat(travel.keptFolds()).isPositive();

        // The project stored again with the audit's first score different, under other event identifiers (the
        // harness names an event by its project and sequence number).
        try (ProjectionHarness other = new ProjectionHarness()) {
            List<AuditEvent> events = new ArrayList<>(AuditFixtures.seedAudit());
            int firstScore = firstIndexOf(events, ItemScored.class);
            ItemScored scored = (ItemScored) events.get(firstScore);
            events.set(firstScore, new ItemScored(scored.auditId(), scored.clause(), Percent.of(1), "rescored"));
            other.given(events);
            EventStore rewritten = (EventStore) Proxy.newProxyInstance(
                    EventStore.class.getClassLoader(), new Class<?>[] {EventStore.class},
                    (proxy, method, arguments) -> {
                        Object answer = method.invoke(other.eventStore(), arguments);
                        return answer instanceof DomainEventStream stream
                                ? DomainEventStream.of(stream.asStream().map(ScorecardTimeTravelTest::renamed)) : answer;
                    });
            current.set(rewritten);
            ScorecardTimeTravel fresh = new ScorecardTimeTravel(rewritten, other.schemes());

            PointInTime point = PointInTime.atVersion(last - 1);
            Optional<ScorecardTimeTravel.Replayed> replayed = travel.replay(SEED_AUDIT, point);
            assertThat(replayed).isEqualTo(fresh.replay(SEED_AUDIT, point));
            assertThat(replayed.orElseThrow().scoring().items().get(scored.clause()).percent()).isEqualTo(Percent.of(1));
        }
    }

    private static DomainEventMessage<?> renamed(DomainEventMessage<?> message) {
        return new GenericDomainEventMessage<>(message.getType(), message.getAggregateIdentifier(), message.getSequenceNumber(),
                                               message.getPayload(), message.getMetaData(), message.getIdentifier() + "-again",
                                               message.getTimestamp());
    }

    private static int firstIndexOf(List<AuditEvent> events, Class<?> type) {
        for (int i = 0; i < events.size(); i++) {
            if (type.isInstance(events.get(i))) {
                return i;
            }
        }
        throw new IllegalArgumentException("no " + type.getSimpleName());
    }
}
