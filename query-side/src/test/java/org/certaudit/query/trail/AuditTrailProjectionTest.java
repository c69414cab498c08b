package org.certaudit.query.trail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certaudit.query.AuditFixtures.SEED_AUDIT;
import static org.certaudit.query.AuditFixtures.SEED_PROJECT;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.mongodb.event.CommandListener;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.bson.Document;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditReopened;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.GradeRecommended;
import org.certaudit.audit.ItemScoreRevised;
import org.certaudit.audit.PledgeDateCorrected;
import org.certaudit.audit.PledgeSigned;
import org.certaudit.audit.SpecialItemKind;
import org.certaudit.audit.SpecialItemRecorded;
import org.certaudit.audit.SpecialItemWithdrawn;
import org.certaudit.audit.TeamMember;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.audit.TeamMemberRemoved;
import org.certaudit.audit.TeamRole;
import org.certaudit.query.AuditFixtures;
import org.certaudit.query.ProjectionHarness;
import org.certaudit.query.ReadModels;
import org.certaudit.query.actor.ActingMember;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.Percent;
import org.certaudit.scheme.SeedReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

class AuditTrailProjectionTest {

    private static final ObjectMapper READER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private final ProjectionHarness harness = new ProjectionHarness();

    AuditTrailProjectionTest() {
        harness.with(new AuditTrailProjection(harness.readModels(), Jackson2ObjectMapperBuilder.json()
                .featuresToDisable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build()));
    }

    @AfterEach
    void close() {
        harness.close();
    }

    private AuditTrail trail(AuditId auditId, int page, int size) {
        return harness.query(new GetAuditTrail(auditId, page, size), ResponseTypes.optionalInstanceOf(AuditTrail.class))
                .orElseThrow();
    }

    @Test
    void listsTheAuditsEventsInStreamOrderWithTypeUserRequestTimeAndPosition() {
        harness.given(AuditFixtures.seedAudit());

        AuditTrail first = trail(SEED_AUDIT, 0, 3);

        assertThat(first.totalElements()).isEqualTo(harness.version(SEED_PROJECT.value()) + 1);
        assertThat(first.content()).extracting(TrailEntry::type)
                .containsExactly("AuditOpened", "TeamMemberAssigned", "PledgeSigned");
        assertThat(first.content()).extracting(TrailEntry::sequenceNumber).containsExactly(0L, 1L, 2L);
        assertThat(first.content()).extracting(TrailEntry::user).containsOnly("leader");
        assertThat(first.content().get(0).requestId()).isEqualTo("req-0455-2021-SE-0");
        assertThat(first.content().get(0).time()).isEqualTo(ProjectionHarness.START);
        assertThat(first.content().get(1).position()).isGreaterThan(first.content().get(0).position());
        assertThat(first.content().get(0).eventId()).isEqualTo("event-0455-2021-SE-0");
    }

    @Test
    void keepsPayloadDecimalsExact() throws Exception {
        harness.given(AuditFixtures.seedAudit());
        AuditTrail last = trail(SEED_AUDIT, (int) harness.version(SEED_PROJECT.value()), 1);

        TrailEntry recommended = last.content().get(0);
        assertThat(recommended.type()).isEqualTo("GradeRecommended");
        assertThat(recommended.payload()).contains("145.75");
        JsonNode payload = READER.readTree(recommended.payload());
        assertThat(payload.path("total").decimalValue()).isEqualTo(new BigDecimal("145.75"));
        assertThat(payload.path("reportDate").asText()).isEqualTo("2021-06-07");
    }

    @Test
    void showsPayloadsWithPlainValuesNotWrapperObjects() throws Exception {
        harness.given(AuditFixtures.seedAudit());
        harness.given(new AuditReopened(SEED_AUDIT, "re-check"),
                new ItemScoreRevised(SEED_AUDIT, "5.2.2.3", Percent.of(97), new Percent(new BigDecimal("80.50")), "n", "r"));
        long version = harness.version(SEED_PROJECT.value());

        JsonNode opened = READER.readTree(trail(SEED_AUDIT, 0, 1).content().get(0).payload());
        TrailEntry revised = trail(SEED_AUDIT, (int) version, 1).content().get(0);
        JsonNode revision = READER.readTree(revised.payload());

        assertThat(opened.path("auditId").isTextual()).isTrue();
        assertThat(opened.path("auditId").asText()).isEqualTo(SEED_AUDIT.value());
        assertThat(opened.path("projectNumber").asText()).isEqualTo(SEED_PROJECT.value());
        assertThat(opened.path("predecessor").isNull()).isTrue();
        assertThat(opened.path("organization").path("name").asText()).isEqualTo(AuditFixtures.organization().name());
        assertThat(trail(SEED_AUDIT, 0, 1).content().get(0).payload()).contains("\"onSiteDays\":3.0");
        assertThat(revision.path("previousPercent").isNumber()).isTrue();
        assertThat(revision.path("previousPercent").decimalValue()).isEqualByComparingTo("97");
        assertThat(revised.payload()).contains("\"percent\":80.5").doesNotContain("\"value\"");
    }

    @Test
    void storesPayloadsAsTheEventWasWrittenAndUnwrapsThemOnlyWhenRead() {
        harness.given(AuditFixtures.seedAudit());

        Document stored = harness.readModels().find(AuditTrailProjection.ENTRIES, AuditTrailProjection.entryId(SEED_AUDIT.value(), 0));
        String storedPayload = stored.getString("payload");

        assertThat(storedPayload).contains("\"auditId\":{\"value\":\"0455-2021-SE.1\"}");
        assertThat(trail(SEED_AUDIT, 0, 1).content().get(0).payload()).contains("\"auditId\":\"0455-2021-SE.1\"");
    }

    @Test
    void readsEntriesStoredBeforeMembersWereNamed() {
        harness.given(AuditFixtures.seedAudit());
        String id = AuditTrailProjection.entryId(SEED_AUDIT.value(), 3);
        Document stored = harness.readModels().find(AuditTrailProjection.ENTRIES, id);
        stored.remove("member");
        harness.readModels().collection(AuditTrailProjection.ENTRIES).replaceOne(new Document("_id", id), stored);

        TrailEntry scored = trail(SEED_AUDIT, 3, 1).content().get(0);

        assertThat(scored.type()).isEqualTo("ItemScored");
        assertThat(scored.user()).isEqualTo("leader");
        assertThat(scored.member()).isNull();
    }

    @Test
    void namesTheMemberTheUserWasOnTheTeamAtThatMoment() {
        TeamMember chen = new TeamMember("B", "陈晓红", TeamRole.MEMBER, "DEMO-0002", "02.01.01", "010-5550-0102", "auditor");
        harness.given(AuditFixtures.seedAudit());
        harness.as("admin").given(new AuditReopened(SEED_AUDIT, "re-check"), new TeamMemberAssigned(SEED_AUDIT, chen));
        harness.as("auditor").given(new ItemScoreRevised(SEED_AUDIT, "5.2.2.3", Percent.of(97), Percent.of(80), "n", "r"));
        harness.as("admin").given(new TeamMemberRemoved(SEED_AUDIT, "B", "left"));
        harness.as("auditor").given(new ItemScoreRevised(SEED_AUDIT, "5.2.2.3", Percent.of(80), Percent.of(85), "n", "r"));

        List<TrailEntry> entries = trail(SEED_AUDIT, 0, 200).content();
        TrailEntry opened = entries.get(0);
        TrailEntry leaderAssigned = entries.get(1);
        TrailEntry pledge = entries.get(2);
        List<TrailEntry> last = entries.subList(entries.size() - 5, entries.size());

        assertThat(opened.member()).as("the audit was opened before anyone was on its team").isNull();
        assertThat(leaderAssigned.member()).as("a member's own assignment is made before they are on the team").isNull();
        assertThat(pledge.member()).isEqualTo(new ActingMember("A", AuditFixtures.leader().name(), TeamRole.LEADER));
        assertThat(last).extracting(TrailEntry::type).containsExactly("AuditReopened", "TeamMemberAssigned",
                "ItemScoreRevised", "TeamMemberRemoved", "ItemScoreRevised");
        assertThat(last).extracting(TrailEntry::member).containsExactly(null, null,
                new ActingMember("B", "陈晓红", TeamRole.MEMBER), null, null);
    }

    @Test
    void namesTheMemberARemovalOrPledgeNamesByCodeAsTheTeamStoodThenOnAnyPage() {
        TeamMember chen = new TeamMember("B", "陈晓红", TeamRole.MEMBER, "DEMO-0002", "02.01.01", "010-5550-0102", "auditor");
        TeamMember zhao = new TeamMember("B", "赵一鸣", TeamRole.MEMBER, "DEMO-0003", "02.01.01", "010-5550-0103", "auditor2");
        harness.given(AuditFixtures.seedAudit());
        harness.as("admin").given(new AuditReopened(SEED_AUDIT, "re-check"), new TeamMemberAssigned(SEED_AUDIT, chen),
                new TeamMemberRemoved(SEED_AUDIT, "B", "left"), new TeamMemberAssigned(SEED_AUDIT, zhao),
                new TeamMemberRemoved(SEED_AUDIT, "B", "left too"));
        long version = harness.version(SEED_PROJECT.value());

        TrailEntry firstRemoval = trail(SEED_AUDIT, (int) version - 2, 1).content().get(0);
        TrailEntry secondRemoval = trail(SEED_AUDIT, (int) version, 1).content().get(0);
        TrailEntry leaderPledge = trail(SEED_AUDIT, 0, 3).content().get(2);
        TrailEntry opened = trail(SEED_AUDIT, 0, 1).content().get(0);

        assertThat(firstRemoval.type()).isEqualTo("TeamMemberRemoved");
        assertThat(firstRemoval.subject()).isEqualTo(new ActingMember("B", "陈晓红", TeamRole.MEMBER));
        assertThat(secondRemoval.subject()).as("the code given again names its later member")
                .isEqualTo(new ActingMember("B", "赵一鸣", TeamRole.MEMBER));
        assertThat(leaderPledge.type()).isEqualTo("PledgeSigned");
        assertThat(leaderPledge.subject()).isEqualTo(new ActingMember("A", AuditFixtures.leader().name(), TeamRole.LEADER));
        assertThat(opened.subject()).isNull();
    }

    /** The seed audit (A signed on 2021-06-07), reopened; A's day corrected twice; B signs, leaves, comes back and signs again. */
    private void pledgeCorrections() {
        TeamMember chen = new TeamMember("B", "陈晓红", TeamRole.MEMBER, "DEMO-0002", "02.01.01", "010-5550-0102", "auditor");
        harness.given(AuditFixtures.seedAudit());
        harness.as("leader").given(new AuditReopened(SEED_AUDIT, "承诺书日期有误"),
                new PledgeDateCorrected(SEED_AUDIT, "A", LocalDate.of(2021, 6, 7), LocalDate.of(2021, 6, 5), "签署时误用了表单默认日期"),
                new PledgeDateCorrected(SEED_AUDIT, "A", LocalDate.of(2021, 6, 5), LocalDate.of(2021, 6, 6), "核对签到表"));
        harness.as("admin").given(new TeamMemberAssigned(SEED_AUDIT, chen));
        harness.as("auditor").given(new PledgeSigned(SEED_AUDIT, "B", LocalDate.of(2021, 6, 5)));
        harness.as("admin").given(new TeamMemberRemoved(SEED_AUDIT, "B", "回避"), new TeamMemberAssigned(SEED_AUDIT, chen));
        harness.as("auditor").given(new PledgeSigned(SEED_AUDIT, "B", LocalDate.of(2021, 6, 8)),
                new PledgeDateCorrected(SEED_AUDIT, "B", LocalDate.of(2021, 6, 8), LocalDate.of(2021, 6, 7), "签到表为 7 日"));
    }

    @Test
    void aPledgesCorrectedDayNamesItsMemberAndTheDayItReplacesWhileTheEarlierEntriesKeepTheirs() throws Exception {
        pledgeCorrections();

        List<TrailEntry> entries = trail(SEED_AUDIT, 0, 500).content();
        List<TrailEntry> corrections = entries.stream().filter(entry -> entry.type().equals("PledgeDateCorrected")).toList();
        TrailEntry signed = entries.get(2);

        List<String> replaced = new java.util.ArrayList<>();
        for (TrailEntry correction : corrections) {
            replaced.add(READER.readTree(correction.payload()).path("previousSignedOn").asText());
        }
        assertThat(replaced).as("each correction with the day it replaces").containsExactly("2021-06-07", "2021-06-05",
                "2021-06-08");
        assertThat(corrections).extracting(TrailEntry::subject).containsExactly(
                new ActingMember("A", AuditFixtures.leader().name(), TeamRole.LEADER),
                new ActingMember("A", AuditFixtures.leader().name(), TeamRole.LEADER),
                new ActingMember("B", "陈晓红", TeamRole.MEMBER));
        assertThat(corrections.get(0).member()).isEqualTo(new ActingMember("A", AuditFixtures.leader().name(), TeamRole.LEADER));
        JsonNode first = READER.readTree(corrections.get(0).payload());
        assertThat(first.path("signedOn").asText()).isEqualTo("2021-06-05");
        assertThat(first.path("reason").asText()).isEqualTo("签署时误用了表单默认日期");
        assertThat(signed.type()).isEqualTo("PledgeSigned");
        assertThat(READER.readTree(signed.payload()).path("signedOn").asText()).as("the first day stays in the trail")
                .isEqualTo("2021-06-07");
    }

    @Test
    void aReplayOfPledgeCorrectionsFromScratchAndInTrackingBatchesOfAnySizeStoresWhatTheLiveTrailStored() throws Exception {
        pledgeCorrections();
        AuditTrail live = trail(SEED_AUDIT, 0, 500);
        List<String> entries = ProjectionHarness.contents(harness.readModels(), AuditTrailProjection.ENTRIES);
        List<String> heads = ProjectionHarness.contents(harness.readModels(), AuditTrailProjection.HEADS);
        List<String> keys = ProjectionHarness.contents(harness.readModels(), AuditTrailProjection.KEYS);

        for (int size : new int[] {1, 3, 100}) {
            ReadModels batched = ProjectionHarness.freshReadModels(new CommandListener() {
            });
            harness.deliverInBatches(new AuditTrailProjection(batched, Jackson2ObjectMapperBuilder.json()
                    .featuresToDisable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build()), batched, size);

            assertThat(ProjectionHarness.contents(batched, AuditTrailProjection.ENTRIES)).as("batches of " + size)
                    .isEqualTo(entries);
            assertThat(ProjectionHarness.contents(batched, AuditTrailProjection.HEADS)).as("batches of " + size)
                    .isEqualTo(heads);
            assertThat(ProjectionHarness.contents(batched, AuditTrailProjection.KEYS)).as("batches of " + size)
                    .isEqualTo(keys);
        }
        harness.replayAll();

        assertThat(trail(SEED_AUDIT, 0, 500)).isEqualTo(live);
        assertThat(ProjectionHarness.contents(harness.readModels(), AuditTrailProjection.ENTRIES)).isEqualTo(entries);
    }

    @Test
    void keepsEachAuditOfAProjectApart() {
        AuditId second = AuditId.of(SEED_PROJECT, 2);
        harness.given(AuditFixtures.seedAudit());
        harness.given(AuditFixtures.opened(second, AuditType.SURVEILLANCE, SEED_AUDIT, LocalDate.of(2022, 6, 1),
                LocalDate.of(2022, 6, 2)), new GradeRecommended(second, new BigDecimal("150"), Grade.TEN_STAR, LocalDate.of(2022, 6, 2)));

        AuditTrail trail = trail(second, 0, 50);
        assertThat(trail.content()).extracting(TrailEntry::sequenceNumber)
                .containsExactly(harness.version(SEED_PROJECT.value()) - 1, harness.version(SEED_PROJECT.value()));
        assertThat(harness.query(new GetAuditTrail(AuditId.of(SEED_PROJECT, 3), 0, 50),
                ResponseTypes.optionalInstanceOf(AuditTrail.class))).isEmpty();
    }

    @Test
    void keepsEachEventAsItsOwnEntryNumberedInTheAuditAndAHeadCountingThem() {
        harness.given(AuditFixtures.seedAudit());
        AuditId second = AuditId.of(SEED_PROJECT, 2);
        harness.given(AuditFixtures.opened(second, AuditType.SURVEILLANCE, SEED_AUDIT, LocalDate.of(2022, 6, 1),
                LocalDate.of(2022, 6, 2)));
        long seedEvents = harness.version(SEED_PROJECT.value());

        List<Document> entries = harness.readModels().collection(AuditTrailProjection.ENTRIES).find().into(new ArrayList<>());

        assertThat(entries).hasSize((int) seedEvents + 1);
        assertThat(entries).filteredOn(entry -> entry.getString("auditId").equals(SEED_AUDIT.value()))
                .extracting(entry -> entry.getString("_id"))
                .containsExactlyInAnyOrderElementsOf(java.util.stream.LongStream.range(0, seedEvents)
                        .mapToObj(n -> AuditTrailProjection.entryId(SEED_AUDIT.value(), n)).toList());
        Document secondOpened = harness.readModels().find(AuditTrailProjection.ENTRIES, AuditTrailProjection.entryId(second.value(), 0));
        assertThat(secondOpened.get("sequenceNumber", Number.class).longValue()).isEqualTo(seedEvents);
        assertThat(harness.readModels().find(AuditTrailProjection.HEADS, SEED_AUDIT.value()).get("entries", Number.class).longValue())
                .isEqualTo(seedEvents);
        assertThat(harness.readModels().find(AuditTrailProjection.HEADS, second.value()).get("entries", Number.class).longValue())
                .isEqualTo(1);
    }

    @Test
    void answersAPageBeyondTheLastWithNoEntriesAndTheTotal() {
        harness.given(AuditFixtures.seedAudit());
        long total = harness.version(SEED_PROJECT.value()) + 1;

        AuditTrail beyond = trail(SEED_AUDIT, 50, 10);
        AuditTrail last = trail(SEED_AUDIT, (int) ((total - 1) / 7), 7);

        assertThat(beyond.content()).isEmpty();
        assertThat(beyond.totalElements()).isEqualTo(total);
        assertThat(last.content()).hasSize((int) ((total - 1) % 7) + 1);
        assertThat(last.content().get(last.content().size() - 1).sequenceNumber()).isEqualTo(total - 1);
    }

    @Test
    void replayingAnEventTwiceLeavesTheSameReadModel() {
        harness.given(AuditFixtures.seedAudit());
        List<Document> entries = harness.readModels().collection(AuditTrailProjection.ENTRIES).find().into(new ArrayList<>());
        List<Document> heads = harness.readModels().collection(AuditTrailProjection.HEADS).find().into(new ArrayList<>());
        List<Document> keys = harness.readModels().collection(AuditTrailProjection.KEYS).find().into(new ArrayList<>());

        harness.redeliver(harness.delivered().get(1));
        harness.redeliver(harness.delivered().get(5));
        harness.redeliver(harness.delivered().get(harness.delivered().size() - 1));

        assertThat(harness.readModels().collection(AuditTrailProjection.ENTRIES).find().into(new ArrayList<>())).isEqualTo(entries);
        assertThat(harness.readModels().collection(AuditTrailProjection.HEADS).find().into(new ArrayList<>())).isEqualTo(heads);
        assertThat(harness.readModels().collection(AuditTrailProjection.KEYS).find().into(new ArrayList<>())).isEqualTo(keys);
    }

    @Test
    void anEventDeliveredAgainAfterItsEntryButNotItsHeadWasStoredIsCountedOnce() {
        harness.given(AuditFixtures.seedAudit());
        List<Document> entries = harness.readModels().collection(AuditTrailProjection.ENTRIES).find().into(new ArrayList<>());
        AuditTrail before = trail(SEED_AUDIT, 0, 500);
        TrackedEventMessage<?> last = harness.delivered().get(harness.delivered().size() - 1);
        // A crash after the batch stored the last entry and before it stored the head: the head as it was before.
        Document head = harness.readModels().find(AuditTrailProjection.HEADS, SEED_AUDIT.value());
        long count = head.get("entries", Number.class).longValue();
        head.put("entries", count - 1);
        head.put(ReadModels.SEQUENCE, before.content().get((int) count - 2).sequenceNumber());
        harness.readModels().collection(AuditTrailProjection.HEADS).replaceOne(new Document("_id", SEED_AUDIT.value()), head);

        AuditTrail recommendedWhileCut = filtered(new TrailFilter(Set.of("GradeRecommended"), null, null, null, null),
                TrailOrder.OLDEST, 0, 10);

        harness.redeliver(last);

        assertThat(recommendedWhileCut.totalElements()).as("the key stored ahead of its head is no entry yet").isZero();
        assertThat(harness.readModels().collection(AuditTrailProjection.ENTRIES).find().into(new ArrayList<>())).isEqualTo(entries);
        assertThat(trail(SEED_AUDIT, 0, 500)).isEqualTo(before);
        assertThat(filtered(new TrailFilter(Set.of("GradeRecommended"), null, null, null, null), TrailOrder.OLDEST, 0, 10)
                .content()).extracting(TrailEntry::type).containsExactly("GradeRecommended");
    }

    @Test
    void aResetDropsTheHeadsBeforeTheEntriesSoThatNoHeadCountsDroppedEntries() {
        AuditTrailProjection projection = new AuditTrailProjection(harness.readModels(), new ObjectMapper());

        assertThat(projection.collections()).as("ReadModels.clear drops them in this order")
                .containsExactly(AuditTrailProjection.HEADS, AuditTrailProjection.KEYS, AuditTrailProjection.ENTRIES);
    }

    @Test
    void aReplayFromScratchGivesTheSameAnswers() {
        harness.given(AuditFixtures.seedAudit());
        AuditTrail live = trail(SEED_AUDIT, 1, 40);

        harness.replayAll();

        assertThat(trail(SEED_AUDIT, 1, 40)).isEqualTo(live);
    }

    private AuditTrail filtered(TrailFilter filter, TrailOrder order, int page, int size) {
        return harness.query(new GetAuditTrail(SEED_AUDIT, page, size, filter, order),
                ResponseTypes.optionalInstanceOf(AuditTrail.class)).orElseThrow();
    }

    private static TrailFilter ofTypes(String... types) {
        return new TrailFilter(Set.of(types), null, null, null, null);
    }

    private static TrailFilter ofClause(String clause) {
        return new TrailFilter(Set.of(), clause, null, null, null);
    }

    private static TrailFilter ofMember(String member) {
        return new TrailFilter(Set.of(), null, member, null, null);
    }

    /** A regulator's questions of one item, one kind of event, one person and one time of an audit of a hundred events. */
    @Nested
    class Filtered {

        /**
         * The seed audit as the leader recorded it (the harness's clock one minute an event from {@link ProjectionHarness#START}),
         * reopened; the auditor, signed in as AUDITOR, revises 5.2.2.3 and records a deduction on it (S1), a bonus
         * without a clause (S2) and a deduction on 5.2.2.4 (S3); the leader withdraws S1 and revises 5.2.2.3 again.
         */
        private long reopened;

        Filtered() {
            TeamMember auditor = new TeamMember("B", "林晓", TeamRole.MEMBER, "DEMO-0002", "02.01.01", "010-5550-0102",
                    "auditor");
            harness.given(AuditFixtures.seedAudit());
            harness.given(new AuditReopened(SEED_AUDIT, "复核"));
            reopened = harness.version(SEED_PROJECT.value());
            harness.as("admin").given(new TeamMemberAssigned(SEED_AUDIT, auditor));
            harness.as("AUDITOR").given(
                    new ItemScoreRevised(SEED_AUDIT, "5.2.2.3", Percent.of(97), Percent.of(80), "记录不全", "2020 年记录缺失"),
                    new SpecialItemRecorded(SEED_AUDIT, "S1", SpecialItemKind.DEDUCTION, "投诉处理超时", "5.2.2.3", "超时"),
                    new SpecialItemRecorded(SEED_AUDIT, "S2", SpecialItemKind.BONUS, "服务创新", null, "创新"),
                    new SpecialItemRecorded(SEED_AUDIT, "S3", SpecialItemKind.DEDUCTION, "回访缺失", "5.2.2.4", "缺失"));
            harness.as("leader").given(new SpecialItemWithdrawn(SEED_AUDIT, "S1", "已整改"),
                    new ItemScoreRevised(SEED_AUDIT, "5.2.2.3", Percent.of(80), Percent.of(85), "补充记录", "复核后"));
        }

        @Test
        void listsTheEventsAboutOneItemIncludingASpecialItemNamingItAndItsWithdrawalInStreamOrder() {
            AuditTrail item = filtered(ofClause("5.2.2.3"), TrailOrder.OLDEST, 0, 50);

            assertThat(item.content()).extracting(TrailEntry::type).containsExactly("ItemScored", "ItemScoreRevised",
                    "SpecialItemRecorded", "SpecialItemWithdrawn", "ItemScoreRevised");
            assertThat(item.content()).allSatisfy(entry -> assertThat(entry.payload())
                    .containsAnyOf("\"clause\":\"5.2.2.3\"", "\"specialItemId\":\"S1\""));
            assertThat(item.totalElements()).isEqualTo(5);
            assertThat(filtered(ofClause("5.2.2.4"), TrailOrder.OLDEST, 0, 50).content()).extracting(TrailEntry::type)
                    .as("S3 names 5.2.2.4, S1's withdrawal does not").containsExactly("ItemScored", "SpecialItemRecorded");
        }

        @Test
        void listsOneOrSeveralKindsOfEventWithTheTotalsOfThoseAlone() {
            AuditTrail specials = filtered(ofTypes("SpecialItemRecorded", "SpecialItemWithdrawn"), TrailOrder.OLDEST, 0, 3);
            AuditTrail scored = filtered(ofTypes("ItemScored"), TrailOrder.OLDEST, 1, 40);

            assertThat(specials.content()).extracting(TrailEntry::type)
                    .containsExactly("SpecialItemRecorded", "SpecialItemRecorded", "SpecialItemRecorded");
            assertThat(specials.totalElements()).isEqualTo(4);
            assertThat(specials.totalPages()).isEqualTo(2);
            long scoredItems = SeedReport.itemResults().values().stream().filter(result -> !result.notApplicable()).count();
            assertThat(scored.totalElements()).isEqualTo(scoredItems);
            assertThat(scored.totalPages()).isEqualTo((int) ((scoredItems + 39) / 40));
            assertThat(scored.content()).hasSize((int) Math.min(40, scoredItems - 40)).extracting(TrailEntry::type)
                    .containsOnly("ItemScored");
        }

        @Test
        void listsWhatAUserRecordedMatchingTheUserNameRegardlessOfCaseAndWidth() {
            for (String given : List.of("auditor", "AUDITOR", "ａｕｄｉｔｏｒ")) {
                AuditTrail recorded = filtered(ofMember(given), TrailOrder.OLDEST, 0, 50);

                assertThat(recorded.content()).as(given).extracting(TrailEntry::type).containsExactly("ItemScoreRevised",
                        "SpecialItemRecorded", "SpecialItemRecorded", "SpecialItemRecorded");
                assertThat(recorded.content()).as(given).extracting(TrailEntry::user).containsOnly("AUDITOR");
            }
            assertThat(filtered(ofMember("admin"), TrailOrder.OLDEST, 0, 50).content()).extracting(TrailEntry::type)
                    .containsExactly("TeamMemberAssigned");
            assertThat(filtered(ofMember("nobody"), TrailOrder.OLDEST, 0, 50).totalElements()).isZero();
        }

        @Test
        void aMemberFilterNamesTheTeamMemberAUserWithAnotherCaseActedAs() {
            List<TrailEntry> recorded = filtered(ofMember("auditor"), TrailOrder.OLDEST, 0, 50).content();

            assertThat(recorded).extracting(TrailEntry::member).as("AUDITOR is the member assigned as auditor")
                    .containsOnly(new ActingMember("B", "林晓", TeamRole.MEMBER));
        }

        @Test
        void listsTheEventsRecordedBetweenTwoMomentsBothIncluded() {
            // The harness records event n at START + n minutes.
            Instant from = ProjectionHarness.START.plus(Duration.ofMinutes(reopened));
            Instant to = from.plus(Duration.ofMinutes(2));

            AuditTrail between = filtered(new TrailFilter(Set.of(), null, null, from, to), TrailOrder.OLDEST, 0, 50);
            AuditTrail since = filtered(new TrailFilter(Set.of(), null, null, to, null), TrailOrder.OLDEST, 0, 50);
            AuditTrail until = filtered(new TrailFilter(Set.of(), null, null, null, from.minusNanos(1)), TrailOrder.OLDEST, 0, 1);

            assertThat(between.content()).extracting(TrailEntry::type)
                    .containsExactly("AuditReopened", "TeamMemberAssigned", "ItemScoreRevised");
            assertThat(between.content().get(0).time()).isEqualTo(from);
            assertThat(since.content()).extracting(TrailEntry::sequenceNumber).first().isEqualTo(reopened + 2);
            assertThat(since.totalElements()).isEqualTo(harness.version(SEED_PROJECT.value()) - reopened - 1);
            assertThat(until.totalElements()).isEqualTo(reopened);
        }

        @Test
        void listsNewestFirstWithOrWithoutAFilterPagingFromTheLatest() {
            long last = harness.version(SEED_PROJECT.value());

            AuditTrail newest = filtered(TrailFilter.NONE, TrailOrder.NEWEST, 0, 3);
            AuditTrail secondPage = filtered(TrailFilter.NONE, TrailOrder.NEWEST, 1, 3);
            AuditTrail item = filtered(ofClause("5.2.2.3"), TrailOrder.NEWEST, 0, 2);
            AuditTrail itemRest = filtered(ofClause("5.2.2.3"), TrailOrder.NEWEST, 1, 2);

            assertThat(newest.content()).extracting(TrailEntry::sequenceNumber).containsExactly(last, last - 1, last - 2);
            assertThat(secondPage.content()).extracting(TrailEntry::sequenceNumber)
                    .containsExactly(last - 3, last - 4, last - 5);
            assertThat(newest.totalElements()).isEqualTo(last + 1);
            assertThat(item.content()).extracting(TrailEntry::type).containsExactly("ItemScoreRevised", "SpecialItemWithdrawn");
            assertThat(itemRest.content()).extracting(TrailEntry::type).containsExactly("SpecialItemRecorded", "ItemScoreRevised");
            assertThat(item.totalPages()).isEqualTo(3);
        }

        @Test
        void combinesTheFiltersAndAnswersAPageBeyondTheLastWithNoEntriesAndTheTotals() {
            TrailFilter leadersRevisions = new TrailFilter(Set.of("ItemScoreRevised"), "5.2.2.3", "Leader",
                    ProjectionHarness.START, null);

            AuditTrail found = filtered(leadersRevisions, TrailOrder.OLDEST, 0, 10);
            AuditTrail beyond = filtered(leadersRevisions, TrailOrder.OLDEST, 5, 10);

            assertThat(found.content()).hasSize(1);
            assertThat(found.content().get(0).payload()).contains("\"percent\":85");
            assertThat(beyond.content()).isEmpty();
            assertThat(beyond.totalElements()).isEqualTo(1);
            assertThat(beyond.totalPages()).isEqualTo(1);
        }

        @Test
        void keepsTheKeysOfSixtyFourEntriesToADocumentSoThatAFilteredPageReadsTheAuditsKeysByIdAlone() {
            long entries = harness.version(SEED_PROJECT.value()) + 1;

            List<Document> keys = harness.readModels().collection(AuditTrailProjection.KEYS).find().into(new ArrayList<>());

            assertThat(keys).extracting(document -> document.getString("_id"))
                    .containsExactlyInAnyOrder(SEED_AUDIT + "/0", SEED_AUDIT + "/1");
            assertThat(keys).extracting(document -> document.getList("keys", Document.class).size())
                    .containsExactlyInAnyOrder(64, (int) entries - 64);
            Document revised = harness.readModels().find(AuditTrailProjection.KEYS, AuditTrailProjection.keysId(SEED_AUDIT.value(),
                    reopened + 2)).getList("keys", Document.class).stream()
                    .filter(key -> key.get("n", Number.class).longValue() == reopened + 2).findFirst().orElseThrow();
            assertThat(revised).containsEntry("type", "ItemScoreRevised").containsEntry("clause", "5.2.2.3")
                    .containsEntry("userKey", "auditor").doesNotContainKey("specialItem");
        }

        @Test
        void aTrailWhoseKeysAreMissingIsRefusedRatherThanAnsweredShort() {
            harness.readModels().collection(AuditTrailProjection.KEYS).deleteOne(new Document("_id", SEED_AUDIT + "/1"));

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> filtered(ofTypes("ItemScored"), TrailOrder.OLDEST, 0, 10))
                    .hasStackTraceContaining("holds the keys of 64");
        }
    }

    /** A batch holds events of several audits: their documents are fetched together, and what is stored is the same. */
    @Test
    void storesInterleavedAuditsInTrackingBatchesOfAnySizeExactlyWhatEventByEventWritingStores() throws Exception {
        harness.given(AuditFixtures.interleavedAudits());

        List<List<String>> eventByEvent = harness.assertBatchesStoreWhatEventByEventStores(batched -> new AuditTrailProjection(batched, Jackson2ObjectMapperBuilder.json()
                        .featuresToDisable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build()),
                List.of(AuditTrailProjection.ENTRIES, AuditTrailProjection.HEADS, AuditTrailProjection.KEYS), 1, 7, 100);

        assertThat(eventByEvent.get(0)).hasSizeGreaterThanOrEqualTo(3);
    }
}
