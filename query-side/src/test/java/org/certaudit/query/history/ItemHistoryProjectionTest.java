package org.certaudit.query.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certaudit.query.AuditFixtures.SEED_AUDIT;

import java.util.ArrayList;
import java.util.List;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.bson.Document;
import org.certaudit.audit.AuditReopened;
import org.certaudit.audit.ItemApplicabilityRestored;
import org.certaudit.audit.ItemNotApplicableReasonRevised;
import org.certaudit.audit.ItemScoreRevised;
import org.certaudit.audit.ItemScored;
import org.certaudit.audit.TeamMember;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.audit.TeamMemberRemoved;
import org.certaudit.audit.TeamRole;
import org.certaudit.query.AuditFixtures;
import org.certaudit.query.ProjectionHarness;
import org.certaudit.query.actor.ActingMember;
import org.certaudit.scheme.Percent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ItemHistoryProjectionTest {

    private final ProjectionHarness harness = new ProjectionHarness();

    @BeforeEach
    void seedAudit() {
        harness.with(new ItemHistoryProjection(harness.readModels()));
        harness.given(AuditFixtures.seedAudit());
    }

    @AfterEach
    void close() {
        harness.close();
    }

    private List<ItemChange> history(String clause) {
        return harness.query(new GetItemHistory(SEED_AUDIT, clause), ResponseTypes.multipleInstancesOf(ItemChange.class));
    }

    @Test
    void aRevisedScoreFollowsTheFirstScoreWithOldAndNewValueReasonAndUser() {
        harness.as("auditor").given(new AuditReopened(SEED_AUDIT, "re-check"),
                new ItemScoreRevised(SEED_AUDIT, "5.2.2.3", Percent.of(97), Percent.of(80), "records incomplete",
                        "records for 2020 missing"));

        List<ItemChange> history = history("5.2.2.3");

        assertThat(history).extracting(ItemChange::kind)
                .containsExactly(ItemChange.Kind.SCORED, ItemChange.Kind.REVISED);
        ItemChange scored = history.get(0);
        assertThat(scored.oldPercent()).isNull();
        assertThat(scored.newPercent()).isEqualByComparingTo("97");
        assertThat(scored.note()).isEqualTo("evidence for 5.2.2.3");
        assertThat(scored.user()).isEqualTo("leader");
        ItemChange revised = history.get(1);
        assertThat(revised.oldPercent()).isEqualByComparingTo("97");
        assertThat(revised.newPercent()).isEqualByComparingTo("80");
        assertThat(revised.reason()).isEqualTo("records for 2020 missing");
        assertThat(revised.user()).isEqualTo("auditor");
        assertThat(revised.requestId()).startsWith("req-");
        assertThat(revised.position()).isGreaterThan(scored.position());
        assertThat(revised.time()).isAfter(scored.time());
    }

    @Test
    void aRestoredNotApplicableItemShowsBothApplicabilityChanges() {
        harness.given(new AuditReopened(SEED_AUDIT, "recall procedure exists"),
                new ItemApplicabilityRestored(SEED_AUDIT, "5.2.5.4", "the organization recalls defective goods"),
                new ItemScored(SEED_AUDIT, "5.2.5.4", Percent.of(90), "recall drill"));

        List<ItemChange> history = history("5.2.5.4");

        assertThat(history).extracting(ItemChange::kind).containsExactly(ItemChange.Kind.MARKED_NOT_APPLICABLE,
                ItemChange.Kind.APPLICABILITY_RESTORED, ItemChange.Kind.SCORED);
        assertThat(history.get(0).newNotApplicable()).isTrue();
        assertThat(history.get(1).oldNotApplicable()).isTrue();
        assertThat(history.get(1).newNotApplicable()).isFalse();
        assertThat(history.get(1).newPercent()).isNull();
        assertThat(history.get(1).reason()).isEqualTo("the organization recalls defective goods");
        assertThat(history.get(2).newPercent()).isEqualByComparingTo("90");
    }

    @Test
    void aRevisedNotApplicableReasonFollowsTheMarkingWithTheNewReasonAndTheItemStaysNotApplicable() {
        harness.as("auditor").given(new AuditReopened(SEED_AUDIT, "reasons checked"),
                new ItemNotApplicableReasonRevised(SEED_AUDIT, "5.2.5.4", "不涉及", "企业近三年无召回，经查质量记录"));

        List<ItemChange> history = history("5.2.5.4");

        assertThat(history).extracting(ItemChange::kind).containsExactly(ItemChange.Kind.MARKED_NOT_APPLICABLE,
                ItemChange.Kind.NOT_APPLICABLE_REASON_REVISED);
        ItemChange revised = history.get(1);
        assertThat(revised.oldNotApplicable()).isTrue();
        assertThat(revised.newNotApplicable()).isTrue();
        assertThat(revised.newPercent()).isNull();
        assertThat(revised.reason()).isEqualTo("企业近三年无召回，经查质量记录");
        assertThat(revised.user()).isEqualTo("auditor");
        assertThat(revised.kindLabel()).isEqualTo("修改不涉及原因");
    }

    @Test
    void eachChangeNamesTheMemberTheUserWasOnTheTeamAtThatMoment() {
        TeamMember chen = new TeamMember("B", "陈晓红", TeamRole.MEMBER, "DEMO-0002", "02.01.01", "010-5550-0102", "auditor");
        TeamMember chenAsExpert = new TeamMember("D", "陈晓红", TeamRole.TECHNICAL_EXPERT, "DEMO-0002", "02.01.01",
                "010-5550-0102", "auditor");
        harness.as("admin").given(new AuditReopened(SEED_AUDIT, "re-check"), new TeamMemberAssigned(SEED_AUDIT, chen));
        harness.as("auditor").given(new ItemScoreRevised(SEED_AUDIT, "5.2.2.3", Percent.of(97), Percent.of(80), "n", "r1"));
        harness.as("admin").given(new TeamMemberRemoved(SEED_AUDIT, "B", "reassigned"));
        harness.as("auditor").given(new ItemScoreRevised(SEED_AUDIT, "5.2.2.3", Percent.of(80), Percent.of(85), "n", "r2"));
        harness.as("admin").given(new TeamMemberAssigned(SEED_AUDIT, chenAsExpert));
        harness.as("auditor").given(new ItemScoreRevised(SEED_AUDIT, "5.2.2.3", Percent.of(85), Percent.of(90), "n", "r3"));

        List<ItemChange> history = history("5.2.2.3");

        assertThat(history).extracting(ItemChange::user).containsExactly("leader", "auditor", "auditor", "auditor");
        assertThat(history).extracting(ItemChange::member).containsExactly(
                new ActingMember("A", AuditFixtures.leader().name(), TeamRole.LEADER),
                new ActingMember("B", "陈晓红", TeamRole.MEMBER),
                null,
                new ActingMember("D", "陈晓红", TeamRole.TECHNICAL_EXPERT));
    }

    @Test
    void aUserNotOnTheTeamIsNamedByLoginOnly() {
        harness.as("admin").given(new AuditReopened(SEED_AUDIT, "re-check"),
                new ItemScoreRevised(SEED_AUDIT, "5.2.2.3", Percent.of(97), Percent.of(80), "n", "r"));

        ItemChange revised = history("5.2.2.3").get(1);

        assertThat(revised.user()).isEqualTo("admin");
        assertThat(revised.member()).isNull();
    }

    @Test
    void anItemWithoutChangesHasAnEmptyHistory() {
        assertThat(harness.query(new GetItemHistory(AuditFixtures.SEED_AUDIT, "5.9.9.9"),
                ResponseTypes.multipleInstancesOf(ItemChange.class))).isEmpty();
    }

    @Test
    void replayingAnEventTwiceLeavesTheSameReadModel() {
        harness.as("admin").given(new TeamMemberAssigned(SEED_AUDIT, AuditFixtures.auditor()),
                new TeamMemberRemoved(SEED_AUDIT, "B", "left"));
        harness.as("leader").given(new ItemScoreRevised(SEED_AUDIT, "5.2.2.3", Percent.of(97), Percent.of(80), "n", "r"));
        List<Document> before = documents();

        harness.delivered().forEach(harness::redeliver);

        assertThat(documents()).isEqualTo(before);
        assertThat(history("5.2.2.3")).hasSize(2);
    }

    @Test
    void aReplayFromScratchGivesTheSameAnswers() {
        harness.as("admin").given(new TeamMemberAssigned(SEED_AUDIT, AuditFixtures.auditor()));
        harness.as("auditor").given(new ItemScoreRevised(SEED_AUDIT, "5.2.2.3", Percent.of(97), Percent.of(80), "n", "r"));
        List<ItemChange> live = history("5.2.2.3");
        assertThat(live.get(1).member()).isEqualTo(new ActingMember("B", "李审查", TeamRole.MEMBER));

        harness.replayAll();

        assertThat(history("5.2.2.3")).isEqualTo(live);
    }

    @Test
    void namesTheMemberAUserSignedInWithAnotherCaseOrWidthActedAsAndRetiresTheLayoutThatComparedNamesCaseByCase() {
        harness.as("admin").given(new AuditReopened(SEED_AUDIT, "re-check"),
                new TeamMemberAssigned(SEED_AUDIT, AuditFixtures.auditor()));
        harness.as("AUDITOR").given(new ItemScoreRevised(SEED_AUDIT, "5.2.2.3", Percent.of(97), Percent.of(80), "n", "r"));
        harness.as("ａｕｄｉｔｏｒ").given(new ItemScoreRevised(SEED_AUDIT, "5.2.2.3", Percent.of(80), Percent.of(85), "n", "r"));

        List<ItemChange> history = history("5.2.2.3");

        assertThat(history.subList(1, 3)).extracting(ItemChange::member)
                .containsOnly(new ActingMember("B", "李审查", TeamRole.MEMBER));
        assertThat(new ItemHistoryProjection(harness.readModels()).retiredCollections())
                .containsExactly("query_item_history", "query_item_history_team")
                .doesNotContain(ItemHistoryProjection.ITEM_HISTORY, ItemHistoryProjection.TEAMS);
    }

    private List<Document> documents() {
        List<Document> documents = harness.readModels().collection(ItemHistoryProjection.ITEM_HISTORY).find()
                .into(new ArrayList<>());
        documents.addAll(harness.readModels().collection(ItemHistoryProjection.TEAMS).find().into(new ArrayList<>()));
        return documents;
    }

    /** A batch holds events of several audits: their documents are fetched together, and what is stored is the same. */
    @Test
    void storesInterleavedAuditsInTrackingBatchesOfAnySizeExactlyWhatEventByEventWritingStores() throws Exception {
        harness.given(AuditFixtures.interleavedAudits());

        List<List<String>> eventByEvent = harness.assertBatchesStoreWhatEventByEventStores(ItemHistoryProjection::new,
                List.of(ItemHistoryProjection.ITEM_HISTORY, ItemHistoryProjection.TEAMS), 1, 7, 100);

        assertThat(eventByEvent.get(0)).hasSizeGreaterThanOrEqualTo(3);
    }
}
