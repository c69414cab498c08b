package org.certaudit.query.audits;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.model.Sorts;
import com.mongodb.event.CommandListener;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.bson.Document;
import org.certaudit.audit.AuditCancelled;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.audit.TeamMember;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.audit.TeamMemberRemoved;
import org.certaudit.audit.TeamRole;
import org.certaudit.audit.UserNames;
import org.certaudit.query.AuditFixtures;
import org.certaudit.query.ProjectionHarness;
import org.certaudit.query.ReadModels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class KnownMembersTest {

    private static final AuditId FIRST = audit("0701-2024-SE");
    private static final AuditId SECOND = audit("0702-2024-SE");
    private static final AuditId THIRD = audit("0703-2025-SE");
    private static final AuditId SAME_MOMENT_ONE = audit("0704-2025-SE");
    private static final AuditId SAME_MOMENT_TWO = audit("0705-2025-SE");
    private static final AuditId LATEST = audit("0706-2026-SE");
    private static final Instant SAME_MOMENT = Instant.parse("2025-03-01T02:00:00Z");

    private static final TeamMember ZHOU = member("A", "周明远", TeamRole.LEADER, "010-5550-0301", "zhou");
    private static final TeamMember CHEN = member("B", "陈思齐", TeamRole.MEMBER, "010-5550-0302", "chen");
    private static final TeamMember HE = member("C", "何立", TeamRole.TECHNICAL_EXPERT, "010-5550-0303", "he");
    private static final TeamMember GU = member("D", "顾一凡", TeamRole.MEMBER, "010-5550-0304", "gu");
    private static final TeamMember LIN = member("E", "林静", TeamRole.MEMBER, "010-5550-0305", "linjing");
    private static final TeamMember OTHER_LIN = member("F", "林静", TeamRole.MEMBER, "010-5550-0306", "lin.jing");

    private final ProjectionHarness harness = new ProjectionHarness();

    KnownMembersTest() {
        harness.with(new AuditsProjection(harness.readModels()));
    }

    @AfterEach
    void close() {
        harness.close();
    }

    private static AuditId audit(String project) {
        return AuditId.of(new ProjectNumber(project), 1);
    }

    private static TeamMember member(String code, String name, TeamRole role, String phone, String userName) {
        return new TeamMember(code, name, role, "DEMO-03" + code, "02.01.01", phone, userName);
    }

    private static TeamMember as(TeamMember member, String code, String name, TeamRole role, String phone, String userName) {
        return new TeamMember(code, name, role, member.registrationNumber(), member.specialtyCode(), phone, userName);
    }

    /** One event, at {@code at} when given (later ones a minute apart), else a minute after the one before. */
    private record Step(Instant at, AuditEvent event) {

        static Step of(AuditEvent event) {
            return new Step(null, event);
        }
    }

    /**
     * The audits of several certification years with every case the question tells apart: a user name spelled in
     * another case and width, a member renamed and given a new phone on a later audit, one removed from their latest
     * team and one from every team, one removed and assigned again under another code, an older audit staffed after a
     * newer one opened, two audits opened at the same instant, two people of the same name, one user twice on a team
     * (which stored events of before the rule against it may hold), a cancelled audit's team.
     */
    private static List<Step> history() {
        List<Step> steps = new ArrayList<>();
        steps.add(Step.of(AuditFixtures.opened(FIRST, AuditType.INITIAL, null, LocalDate.of(2024, 3, 4), LocalDate.of(2024, 3, 6))));
        steps.add(Step.of(new TeamMemberAssigned(FIRST, ZHOU)));
        steps.add(Step.of(new TeamMemberAssigned(FIRST, CHEN)));
        steps.add(Step.of(new TeamMemberAssigned(FIRST, HE)));
        steps.add(Step.of(new TeamMemberAssigned(FIRST, GU)));
        steps.add(Step.of(AuditFixtures.opened(SECOND, AuditType.INITIAL, null, LocalDate.of(2024, 9, 2), LocalDate.of(2024, 9, 4))));
        steps.add(Step.of(new TeamMemberAssigned(SECOND, as(ZHOU, "A", "周明远", TeamRole.LEADER, "010-5550-0311", "ZHOU"))));
        steps.add(Step.of(new TeamMemberAssigned(SECOND, as(HE, "B", "何立", TeamRole.MEMBER, "010-5550-0313", "he"))));
        steps.add(Step.of(new TeamMemberAssigned(SECOND, LIN)));
        steps.add(Step.of(new TeamMemberRemoved(FIRST, "D", "利益冲突")));
        steps.add(Step.of(AuditFixtures.opened(THIRD, AuditType.INITIAL, null, LocalDate.of(2025, 1, 6), LocalDate.of(2025, 1, 8))));
        steps.add(Step.of(new TeamMemberAssigned(THIRD, as(CHEN, "A", "陈思琪", TeamRole.LEADER, "010-5550-0322", "ｃｈｅｎ"))));
        steps.add(Step.of(new TeamMemberAssigned(THIRD, OTHER_LIN)));
        steps.add(Step.of(new TeamMemberAssigned(THIRD, as(HE, "C", "何立", TeamRole.TECHNICAL_EXPERT, "010-5550-0323", "He"))));
        // The older audit staffed after the newer one opened: the newer one's record stands.
        steps.add(Step.of(new TeamMemberAssigned(SECOND, as(CHEN, "D", "陈思齐", TeamRole.MEMBER, "010-5550-0312", "chen"))));
        steps.add(Step.of(new TeamMemberRemoved(THIRD, "C", "日程冲突")));
        steps.add(Step.of(new TeamMemberRemoved(SECOND, "E", "回避")));
        steps.add(Step.of(new TeamMemberAssigned(SECOND, as(LIN, "G", "林静", TeamRole.MEMBER, "010-5550-0315", "linjing"))));
        steps.add(new Step(SAME_MOMENT, AuditFixtures.opened(SAME_MOMENT_ONE, AuditType.INITIAL, null,
                LocalDate.of(2025, 4, 1), LocalDate.of(2025, 4, 2))));
        steps.add(new Step(SAME_MOMENT, AuditFixtures.opened(SAME_MOMENT_TWO, AuditType.INITIAL, null,
                LocalDate.of(2025, 4, 3), LocalDate.of(2025, 4, 4))));
        steps.add(Step.of(new TeamMemberAssigned(SAME_MOMENT_TWO, as(ZHOU, "A", "周明远", TeamRole.LEADER, "010-5550-0342", "zhou"))));
        steps.add(Step.of(new TeamMemberAssigned(SAME_MOMENT_ONE, as(ZHOU, "A", "周明远", TeamRole.LEADER, "010-5550-0341", "zhou"))));
        steps.add(Step.of(new TeamMemberAssigned(SAME_MOMENT_ONE, as(GU, "B", "顾一凡", TeamRole.MEMBER, "010-5550-0344", "gu"))));
        steps.add(Step.of(new AuditCancelled(SAME_MOMENT_ONE, "admin", "客户撤回认证申请")));
        steps.add(Step.of(AuditFixtures.opened(LATEST, AuditType.INITIAL, null, LocalDate.of(2026, 5, 11), LocalDate.of(2026, 5, 13))));
        // One user twice on a team, as stored events of before the rule may hold it: the later place is the record.
        steps.add(Step.of(new TeamMemberAssigned(LATEST, as(GU, "A", "顾一凡", TeamRole.LEADER, "010-5550-0351", "gu"))));
        steps.add(Step.of(new TeamMemberAssigned(LATEST, as(GU, "B", "顾一凡", TeamRole.MEMBER, "010-5550-0352", "GU"))));
        steps.add(Step.of(new TeamMemberAssigned(LATEST, as(ZHOU, "C", "周明远", TeamRole.MEMBER, "010-5550-0353", "zhou"))));
        steps.add(Step.of(new TeamMemberRemoved(LATEST, "B", "重复分配")));
        steps.add(Step.of(new TeamMemberRemoved(LATEST, "C", "改派")));
        steps.add(Step.of(new TeamMemberRemoved(LATEST, "A", "改派")));
        steps.add(Step.of(new TeamMemberAssigned(LATEST, as(ZHOU, "D", "周明远", TeamRole.LEADER, "010-5550-0354", "Zhou"))));
        return steps;
    }

    private void given(Step step) {
        if (step.at() != null) {
            harness.at(step.at());
        }
        harness.given(step.event());
    }

    private List<TeamMember> known() {
        return harness.query(new FindKnownMembers(), ResponseTypes.multipleInstancesOf(TeamMember.class));
    }

    /** The question as it was answered before the directory: every summary's team, read in the order audits opened. */
    private static List<TeamMember> scanOfEverySummary(ReadModels readModels) {
        Map<String, TeamMember> known = new LinkedHashMap<>();
        readModels.collection(AuditsProjection.AUDITS).find().projection(new Document("team", 1).append("openedAt", 1))
                .sort(Sorts.ascending("openedAt"))
                .forEach(audit -> audit.getList("team", Document.class, List.of()).forEach(document -> {
                    TeamMember member = AuditsProjection.toTeamMember(document);
                    known.remove(UserNames.key(member.userName()));
                    known.put(UserNames.key(member.userName()), member);
                }));
        return known.values().stream()
                .sorted(Comparator.comparing(TeamMember::name, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList();
    }

    @Nested
    class TheDirectoryAnswersAsTheScanOfEverySummary {

        @Test
        void afterEveryEventOfAHistoryWithEveryCaseTheScanTellsApart() {
            int step = 0;
            for (Step next : history()) {
                given(next);
                step++;
                assertThat(known()).as("after event " + step + ", " + next.event().getClass().getSimpleName())
                        .isEqualTo(scanOfEverySummary(harness.readModels()));
            }
        }

        @Test
        void withThePlacesTheHistoryLeaves() {
            history().forEach(KnownMembersTest.this::given);

            List<TeamMember> known = known();

            assertThat(known).extracting(TeamMember::userName)
                    .as("by name (何 周 林 陈 顾 in code-point order); the two of one name in the order their places were met")
                    .containsExactly("he", "Zhou", "linjing", "lin.jing", "ｃｈｅｎ", "gu");
            assertThat(known.get(0)).as("removed from their latest team: the one before it")
                    .isEqualTo(as(HE, "B", "何立", TeamRole.MEMBER, "010-5550-0313", "he"));
            assertThat(known.get(1)).as("the latest audit's place, assigned again after its removal")
                    .isEqualTo(as(ZHOU, "D", "周明远", TeamRole.LEADER, "010-5550-0354", "Zhou"));
            assertThat(known.get(2).code()).as("assigned again under another code").isEqualTo("G");
            assertThat(known.get(4).name()).as("renamed on the later audit; the older audit staffed later does not win")
                    .isEqualTo("陈思琪");
            assertThat(known.get(5).phone()).as("removed from the latest team twice: the cancelled audit's, the latest"
                    + " that still has them").isEqualTo("010-5550-0344");
            assertThat(known).isEqualTo(scanOfEverySummary(harness.readModels()));
        }

        @Test
        void ofAuditsOpenedAtTheSameInstantTakingTheOneOpenedLater() {
            harness.at(SAME_MOMENT).given(AuditFixtures.opened(SAME_MOMENT_ONE, AuditType.INITIAL, null,
                    LocalDate.of(2025, 4, 1), LocalDate.of(2025, 4, 2)));
            harness.at(SAME_MOMENT).given(AuditFixtures.opened(SAME_MOMENT_TWO, AuditType.INITIAL, null,
                    LocalDate.of(2025, 4, 3), LocalDate.of(2025, 4, 4)));
            harness.given(new TeamMemberAssigned(SAME_MOMENT_TWO, as(ZHOU, "A", "周明远", TeamRole.LEADER, "010-5550-0342", "zhou")),
                    new TeamMemberAssigned(SAME_MOMENT_ONE, as(ZHOU, "A", "周明远", TeamRole.LEADER, "010-5550-0341", "zhou")));

            assertThat(known()).singleElement().extracting(TeamMember::phone).isEqualTo("010-5550-0342");
            assertThat(known()).isEqualTo(scanOfEverySummary(harness.readModels()));
        }

        @Test
        void withNobodyOnceTheOnlyTeamLostItsOnlyMember() {
            harness.given(AuditFixtures.opened(FIRST, AuditType.INITIAL, null, LocalDate.of(2024, 3, 4), LocalDate.of(2024, 3, 6)),
                    new TeamMemberAssigned(FIRST, GU),
                    new TeamMemberRemoved(FIRST, "D", "利益冲突"));

            assertThat(known()).isEmpty();
            assertThat(scanOfEverySummary(harness.readModels())).isEmpty();
        }
    }

    @Nested
    class TheDirectory {

        @Test
        void holdsOneDocumentPerPersonWithTheRolesTheyWereEverAssignedInAndTheirLatestAudit() {
            history().forEach(KnownMembersTest.this::given);

            Document he = harness.readModels().find(KnownMembers.COLLECTION, "he");
            Document gu = harness.readModels().find(KnownMembers.COLLECTION, "gu");

            assertThat(harness.readModels().collection(KnownMembers.COLLECTION).countDocuments()).isEqualTo(6);
            assertThat(he.getList("roles", String.class)).containsExactly("TECHNICAL_EXPERT", "MEMBER");
            assertThat(he.getString("audit")).isEqualTo(SECOND.value());
            assertThat(he.getString("openedAt")).isEqualTo(harness.readModels().find(AuditsProjection.AUDITS,
                    SECOND.value()).getString("openedAt"));
            assertThat(gu.getString("audit")).as("kept by the cancelled audit").isEqualTo(SAME_MOMENT_ONE.value());
            assertThat(gu.getList("roles", String.class)).containsExactly("MEMBER", "LEADER");
        }

        @Test
        void keepsAPersonNoTeamHasAnyMoreWithoutAPlace() {
            harness.given(AuditFixtures.opened(FIRST, AuditType.INITIAL, null, LocalDate.of(2024, 3, 4), LocalDate.of(2024, 3, 6)),
                    new TeamMemberAssigned(FIRST, GU),
                    new TeamMemberRemoved(FIRST, "D", "利益冲突"));

            Document gu = harness.readModels().find(KnownMembers.COLLECTION, "gu");

            assertThat(gu.get("member")).isNull();
            assertThat(gu.get("audit")).isNull();
            assertThat(gu.getList("roles", String.class)).containsExactly("MEMBER");
        }

        /** Interleaved projects, removals that look among the summaries mid-batch: the same documents. */
        @Test
        void storesInTrackingBatchesOfAnySizeExactlyWhatEventByEventWritingStores() throws Exception {
            history().forEach(KnownMembersTest.this::given);

            List<List<String>> eventByEvent = harness.assertBatchesStoreWhatEventByEventStores(AuditsProjection::new,
                    List.of(AuditsProjection.AUDITS, AuditsProjection.PROJECTS, KnownMembers.COLLECTION), 1, 7, 100);

            assertThat(eventByEvent.get(2)).hasSize(6);
        }

        /** What it holds; which event wrote a document last may differ (a removal looks again among the summaries). */
        @Test
        void holdsTheSameWhenEveryEventIsHandedOverTwice() {
            history().forEach(KnownMembersTest.this::given);
            List<String> before = withoutStamps(harness.readModels());

            harness.delivered().forEach(harness::redeliver);

            assertThat(withoutStamps(harness.readModels())).isEqualTo(before);
            assertThat(known()).isEqualTo(scanOfEverySummary(harness.readModels()));
        }

        @Test
        void isTheSameAfterAReplayFromScratch() {
            history().forEach(KnownMembersTest.this::given);
            List<TeamMember> live = known();

            harness.replayAll();

            assertThat(known()).isEqualTo(live);
        }

        /**
         * A crash between the bulk writes of a batch leaves the summaries stored and the directory not, or the other way
         * round; the events from there are handed over again. Whichever it was, and wherever the batch began, the
         * directory ends as if nothing had happened (what it holds; which event wrote it last may differ).
         */
        @Test
        void comesOutRightWhenEventsAreHandedOverAgainAfterOnlyTheSummariesOrOnlyTheDirectoryWereStored() {
            history().forEach(KnownMembersTest.this::given);
            List<String> expected = withoutStamps(harness.readModels());
            List<TrackedEventMessage<?>> events = harness.delivered();

            for (int crashedAt = 0; crashedAt < events.size(); crashedAt += 3) {
                for (List<String> lost : List.of(List.of(KnownMembers.COLLECTION),
                        List.of(AuditsProjection.AUDITS, AuditsProjection.PROJECTS))) {
                    ReadModels readModels = ProjectionHarness.freshReadModels(new CommandListener() {
                    });
                    AnnotationEventHandlerAdapter projection = new AnnotationEventHandlerAdapter(new AuditsProjection(readModels));
                    deliver(projection, events.subList(0, crashedAt));
                    Map<String, List<Document>> stored = new LinkedHashMap<>();
                    lost.forEach(name -> stored.put(name, readModels.collection(name).find().into(new ArrayList<>())));
                    deliver(projection, events.subList(crashedAt, events.size()));
                    stored.forEach((name, documents) -> {
                        readModels.collection(name).drop();
                        if (!documents.isEmpty()) {
                            readModels.collection(name).insertMany(documents);
                        }
                    });

                    deliver(projection, events.subList(crashedAt, events.size()));

                    assertThat(withoutStamps(readModels)).as("from event " + crashedAt + ", " + lost + " lost")
                            .isEqualTo(expected);
                    assertThat(new KnownMembers(readModels).all()).isEqualTo(known());
                }
            }
        }

        private static void deliver(AnnotationEventHandlerAdapter projection, List<TrackedEventMessage<?>> events) {
            for (TrackedEventMessage<?> event : events) {
                try {
                    projection.handle(event);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static List<String> withoutStamps(ReadModels readModels) {
        List<String> documents = new ArrayList<>();
        readModels.collection(KnownMembers.COLLECTION).find().sort(new Document("_id", 1)).forEach(document -> {
            document.remove(ReadModels.POSITION);
            document.remove(ReadModels.SEQUENCE);
            documents.add(document.toJson());
        });
        return documents;
    }
}
