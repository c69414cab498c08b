package org.certaudit.query.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.bson.Document;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditReopened;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.ItemScoreRevised;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.query.AuditFixtures;
import org.certaudit.query.ProjectStream;
import org.certaudit.query.QuerySideApplication;
import org.certaudit.query.audits.AuditDetail;
import org.certaudit.query.audits.GetAudit;
import org.certaudit.query.certificates.CertificateView;
import org.certaudit.query.certificates.DecisionRow;
import org.certaudit.query.certificates.FindDecisions;
import org.certaudit.query.certificates.GetCertificate;
import org.certaudit.query.history.GetItemHistory;
import org.certaudit.query.history.ItemChange;
import org.certaudit.query.lineage.GetProjectLineage;
import org.certaudit.query.lineage.ProjectLineage;
import org.certaudit.query.scorecard.GetScorecard;
import org.certaudit.query.scorecard.ScorecardView;
import org.certaudit.query.trail.AuditTrail;
import org.certaudit.query.trail.GetAuditTrail;
import org.certaudit.scheme.Percent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The query side needs only the events: with every read model deleted (events and tokens kept),
 * a restarted query side rebuilds them and gives the same answers. Runs the application twice
 * against one MongoDB-compatible server that outlives both runs.
 */
class ReadModelRecoveryTest {

    private static final ProjectNumber PROJECT = new ProjectNumber("8001-2021-SE");
    private static final AuditId AUDIT = AuditId.of(PROJECT, 1);
    private static final AuditId SECOND = AuditId.of(PROJECT, 2);

    private MongoServer server;
    private String uri;

    @BeforeEach
    void startServer() {
        server = new MongoServer(new MemoryBackend());
        InetSocketAddress address = server.bind();
        uri = "mongodb://127.0.0.1:" + address.getPort();
    }

    @AfterEach
    void stopServer() {
        server.shutdownNow();
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(QuerySideApplication.class)
                .run("--certaudit.mongodb.uri=" + uri, "--certaudit.mongodb.database=recovery", "--server.port=0",
                        "--axoniq.update-checker.disabled=true", "--spring.main.banner-mode=off");
    }

    /** Every question about the project, answered through the query bus. */
    private static List<Object> answers(ConfigurableApplicationContext context) {
        QueryGateway queries = context.getBean(QueryGateway.class);
        List<Object> answers = new ArrayList<>();
        for (AuditId audit : List.of(AUDIT, SECOND)) {
            answers.add(queries.query(new GetAudit(audit), ResponseTypes.optionalInstanceOf(AuditDetail.class)).join());
            answers.add(queries.query(new GetScorecard(audit), ResponseTypes.optionalInstanceOf(ScorecardView.class)).join());
            answers.add(queries.query(new GetAuditTrail(audit, 0, 200), ResponseTypes.optionalInstanceOf(AuditTrail.class)).join());
        }
        answers.add(queries.query(new GetItemHistory(AUDIT, "5.2.2.3"), ResponseTypes.multipleInstancesOf(ItemChange.class)).join());
        answers.add(queries.query(new GetProjectLineage(PROJECT), ResponseTypes.optionalInstanceOf(ProjectLineage.class)).join());
        return answers;
    }

    private static boolean complete(List<Object> answers, long version) {
        return answers.get(answers.size() - 1).toString().contains("version=" + version)
                && answers.get(answers.size() - 2) instanceof List<?> history && history.size() == 2
                && answers.stream().noneMatch(answer -> answer.equals(Optional.empty()));
    }

    @Test
    void deletingEveryReadModelAndRestartingGivesTheSameAnswers() {
        List<Object> live = firstRun();

        try (MongoClient client = MongoClients.create(uri)) {
            MongoDatabase database = client.getDatabase("recovery");
            List<String> readModels = database.listCollectionNames().into(new ArrayList<>()).stream()
                    .filter(name -> name.startsWith("query_")).toList();
            assertThat(readModels).contains("query_audit_summaries_v7", "query_scorecards", "query_item_history_v2",
                    "query_audit_trail_entries_v3", "query_project_lineage_v5");
            readModels.forEach(name -> database.getCollection(name).drop());
            assertThat(database.listCollectionNames().into(new ArrayList<>())).contains("events", "tokens");
        }

        try (ConfigurableApplicationContext second = start()) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(answers(second)).isEqualTo(live));
        }
    }

    /**
     * Tokens gone with the read models: the processors start from the first event anyway, and the stream progress left
     * behind (with it, their guards would skip every event as taken in already) is cleared first.
     */
    @Test
    void deletingEveryReadModelAndTheTokensButNotTheStreamProgressAndRestartingGivesTheSameAnswers() {
        List<Object> live = firstRun();

        try (MongoClient client = MongoClients.create(uri)) {
            MongoDatabase database = client.getDatabase("recovery");
            assertThat(database.getCollection("query_stream_progress").countDocuments()).isPositive();
            database.listCollectionNames().into(new ArrayList<>()).stream()
                    .filter(name -> name.startsWith("query_") && !name.equals("query_stream_progress"))
                    .forEach(name -> database.getCollection(name).drop());
            database.getCollection("tokens").drop();
        }

        try (ConfigurableApplicationContext second = start()) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(answers(second)).isEqualTo(live));
        }
    }

    @Test
    void aStoreWrittenWithTheOneDocumentTrailIsRebuiltIntoTheNewCollectionsAndTheOldOnesDropped() {
        List<Object> live = firstRun();

        try (MongoClient client = MongoClients.create(uri)) {
            MongoDatabase database = client.getDatabase("recovery");
            // What the earlier version left: its trail collections, the audit-trail processor's tokens at the end.
            database.getCollection("query_audit_trail_entries_v3").drop();
            database.getCollection("query_audit_trail_heads_v3").drop();
            database.getCollection("query_audit_trail_keys_v3").drop();
            database.getCollection("query_audit_trail").insertOne(new Document("_id", AUDIT.value())
                    .append("events", List.of(new Document("type", "AuditOpened"))));
            database.getCollection("query_audit_trail_team").insertOne(new Document("_id", AUDIT.value()));
        }

        try (ConfigurableApplicationContext second = start()) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(answers(second)).isEqualTo(live));
        }
        try (MongoClient client = MongoClients.create(uri)) {
            assertThat(client.getDatabase("recovery").listCollectionNames().into(new ArrayList<>()))
                    .contains("query_audit_trail_entries_v3", "query_audit_trail_heads_v3")
                    .doesNotContain("query_audit_trail", "query_audit_trail_team");
        }
    }

    @Test
    void aTrailWrittenBeforeEntriesKeptTheRecordedNameIsRebuiltIntoTheNewCollectionsAndTheOldOnesDropped() {
        List<Object> live = firstRun();

        try (MongoClient client = MongoClients.create(uri)) {
            MongoDatabase database = client.getDatabase("recovery");
            // What session 24 left: the entries and heads without personName, the audit-trail processor's tokens at the end.
            database.getCollection("query_audit_trail_entries_v3").drop();
            database.getCollection("query_audit_trail_heads_v3").drop();
            database.getCollection("query_audit_trail_keys_v3").drop();
            database.getCollection("query_audit_trail_entries").insertOne(new Document("_id", AUDIT.value() + "/0")
                    .append("type", "AuditOpened").append("user", "admin"));
            database.getCollection("query_audit_trail_heads").insertOne(new Document("_id", AUDIT.value()).append("entries", 1));
        }

        try (ConfigurableApplicationContext second = start()) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(answers(second)).isEqualTo(live));
        }
        try (MongoClient client = MongoClients.create(uri)) {
            assertThat(client.getDatabase("recovery").listCollectionNames().into(new ArrayList<>()))
                    .contains("query_audit_trail_entries_v3", "query_audit_trail_heads_v3")
                    .doesNotContain("query_audit_trail_entries", "query_audit_trail_heads");
        }
    }

    @Test
    void aTrailAndItemHistoriesWrittenWhenUserNamesWereComparedCaseByCaseAreRebuiltIntoTheNewCollectionsAndTheOldOnesDropped() {
        List<Object> live = firstRun();

        try (MongoClient client = MongoClients.create(uri)) {
            MongoDatabase database = client.getDatabase("recovery");
            // What the release before UserNames left: the trail without its entries' keys, item histories whose members
            // were found case by case, the processors' tokens at the end.
            for (String current : List.of("query_audit_trail_entries_v3", "query_audit_trail_heads_v3",
                    "query_audit_trail_keys_v3", "query_item_history_v2", "query_item_history_team_v2")) {
                database.getCollection(current).drop();
            }
            database.getCollection("query_audit_trail_entries_v2").insertOne(new Document("_id", AUDIT.value() + "/0")
                    .append("type", "AuditOpened").append("user", "admin"));
            database.getCollection("query_audit_trail_heads_v2").insertOne(new Document("_id", AUDIT.value()).append("entries", 1));
            database.getCollection("query_item_history").insertOne(new Document("_id", AUDIT.value() + "/5.2.2.3")
                    .append("changes", List.of()));
            database.getCollection("query_item_history_team").insertOne(new Document("_id", AUDIT.value()));
        }

        try (ConfigurableApplicationContext second = start()) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(answers(second)).isEqualTo(live));
        }
        try (MongoClient client = MongoClients.create(uri)) {
            assertThat(client.getDatabase("recovery").listCollectionNames().into(new ArrayList<>()))
                    .contains("query_audit_trail_entries_v3", "query_audit_trail_heads_v3", "query_audit_trail_keys_v3",
                            "query_item_history_v2")
                    .doesNotContain("query_audit_trail_entries_v2", "query_audit_trail_heads_v2", "query_item_history",
                            "query_item_history_team");
        }
    }

    @Test
    void summariesWithoutFormerMembersAndLineagesWithoutTheChangesDecidersOrSurveillanceDueAreRebuiltIntoTheNewCollectionsAndTheOldOnesDropped() {
        List<Object> live = firstRun();

        try (MongoClient client = MongoClients.create(uri)) {
            MongoDatabase database = client.getDatabase("recovery");
            // What session 25 left: its summaries and lineage, the processors' tokens at the end; and session 29's
            // lineage, whose certificate changes kept no surveillance due date.
            database.getCollection("query_audit_summaries_v7").drop();
            database.getCollection("query_audit_summary_projects_v7").drop();
            database.getCollection("query_known_members_v7").drop();
            database.getCollection("query_project_lineage_v5").drop();
            database.getCollection("query_project_lineage_v4").insertOne(new Document("_id", PROJECT.value())
                    .append("audits", List.of()));
            database.getCollection("query_audit_summaries_v4").insertOne(new Document("_id", AUDIT.value())
                    .append("team", List.of()));
            database.getCollection("query_audit_summary_projects_v4").insertOne(new Document("_id", PROJECT.value())
                    .append("audits", List.of(AUDIT.value())));
            database.getCollection("query_project_lineage_v3").insertOne(new Document("_id", PROJECT.value())
                    .append("audits", List.of()));
        }

        try (ConfigurableApplicationContext second = start()) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(answers(second)).isEqualTo(live));
        }
        try (MongoClient client = MongoClients.create(uri)) {
            assertThat(client.getDatabase("recovery").listCollectionNames().into(new ArrayList<>()))
                    .contains("query_audit_summaries_v7", "query_audit_summary_projects_v7", "query_project_lineage_v5")
                    .doesNotContain("query_audit_summaries_v4", "query_audit_summary_projects_v4", "query_project_lineage_v3",
                            "query_project_lineage_v4");
        }
    }

    @Test
    void aRegisterWrittenBeforeTheChangesKeptTheirCertificateIsRebuiltIntoTheNewCollectionsAndTheOldOnesDropped() {
        String number = "CTS-2021-8001-2021-SE-1";
        registerEarlyRenewal(number);

        try (MongoClient client = MongoClients.create(uri)) {
            MongoDatabase database = client.getDatabase("recovery");
            // What an earlier version left: the register's collections of its layout (session 26's first, whose rows
            // had no recording time nor reviewer), the processor's tokens at the end.
            for (String layout : List.of("query_certificates", "query_decisions", "query_certificate_audits",
                    "query_certificate_number_keys")) {
                database.getCollection(layout + "_v5").drop();
            }
            database.getCollection("query_certificates_v4").insertOne(new Document("_id", number).append("number", number)
                    .append("issued", new Document("number", number).append("organization", "新疆木作家居集团有限公司"))
                    .append("projectNumber", PROJECT.value()));
            database.getCollection("query_decisions_v4").insertOne(new Document("_id", "1").append("kind", "GRANTED"));
            database.getCollection("query_certificate_audits_v4").insertOne(new Document("_id", AUDIT.value()));
            database.getCollection("query_certificate_number_keys_v4").insertOne(new Document("_id", number.toLowerCase(
                    java.util.Locale.ROOT)).append("numbers", List.of(number)));
        }

        try (ConfigurableApplicationContext second = start()) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(organizationOn(second, number, LocalDate.of(2022, 1, 1))).contains("昌吉木作家具有限公司");
                assertThat(organizationOn(second, number, LocalDate.of(2024, 7, 1))).contains("新疆木作家居集团有限公司");
                // The rebuild filed the number under its key too: typed in small letters, it is found.
                assertThat(organizationOn(second, number.toLowerCase(java.util.Locale.ROOT), LocalDate.of(2022, 1, 1)))
                        .contains("昌吉木作家具有限公司");
                // Every decision's row, rebuilt, says when it was recorded.
                assertThat(second.getBean(QueryGateway.class).query(new FindDecisions(LocalDate.of(2021, 1, 1),
                                LocalDate.of(2024, 12, 31)), ResponseTypes.multipleInstancesOf(DecisionRow.class)).join())
                        .extracting(DecisionRow::kind, row -> row.recordedAt() != null)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("GRANTED", true),
                                org.assertj.core.groups.Tuple.tuple("RENEWED", true));
            });
        }
        try (MongoClient client = MongoClients.create(uri)) {
            assertThat(client.getDatabase("recovery").listCollectionNames().into(new ArrayList<>()))
                    .contains("query_certificates_v5", "query_decisions_v5", "query_certificate_audits_v5",
                            "query_certificate_number_keys_v5")
                    .doesNotContain("query_certificates_v4", "query_decisions_v4", "query_certificate_audits_v4",
                            "query_certificate_number_keys_v4");
        }
    }

    @Test
    void aRegisterDroppedAllButItsNumbersKeysIsRebuiltWithoutTheKeysOfNoCertificate() {
        String number = "CTS-2021-8001-2021-SE-1";
        registerEarlyRenewal(number);

        try (MongoClient client = MongoClients.create(uri)) {
            MongoDatabase database = client.getDatabase("recovery");
            // An operator drops the register's certificates, decisions and audits, and not the numbers' keys, which
            // hold one of a number no event issued.
            for (String collection : List.of("query_certificates_v5", "query_decisions_v5",
                    "query_certificate_audits_v5")) {
                database.getCollection(collection).drop();
            }
            database.getCollection("query_certificate_number_keys_v5").insertOne(new Document("_id", "cts-stale-1")
                    .append("numbers", List.of("CTS-STALE-1")));
        }

        try (ConfigurableApplicationContext second = start()) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                assertThat(organizationOn(second, number, LocalDate.of(2022, 1, 1))).contains("昌吉木作家具有限公司");
                assertThat(organizationOn(second, number.toLowerCase(java.util.Locale.ROOT), LocalDate.of(2024, 7, 1)))
                        .contains("新疆木作家居集团有限公司");
            });
        }
        try (MongoClient client = MongoClients.create(uri)) {
            assertThat(client.getDatabase("recovery").getCollection("query_certificate_number_keys_v5").find()
                    .map(key -> key.getString("_id")).into(new ArrayList<>()))
                    .containsExactly(number.toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** Stores an early renewal of the project's certificate {@code number} and waits until the register shows it. */
    private void registerEarlyRenewal(String number) {
        try (ConfigurableApplicationContext first = start()) {
            ProjectStream.append(first.getBean(EventStore.class), "decider",
                    AuditFixtures.earlyRenewal(AUDIT, SECOND, number,
                            "昌吉木作家具有限公司", "木制家具售后服务",
                            "新疆木作家居集团有限公司", "木制及软体家具售后服务"));
            await().atMost(Duration.ofSeconds(60)).until(() -> organizationOn(first, number, LocalDate.of(2024, 7, 1))
                    .equals(Optional.of("新疆木作家居集团有限公司")));
        }
    }

    private static Optional<String> organizationOn(ConfigurableApplicationContext context, String number, LocalDate day) {
        return context.getBean(QueryGateway.class).query(new GetCertificate(number, day),
                ResponseTypes.optionalInstanceOf(CertificateView.class)).join().map(CertificateView::organization);
    }

    /** Appends the project's events and answers every question once the read models have them all. */
    private List<Object> firstRun() {
        try (ConfigurableApplicationContext first = start()) {
            EventStore events = first.getBean(EventStore.class);
            ProjectStream.append(events, "leader", AuditFixtures.seedScoredAs(AUDIT));
            long version = ProjectStream.append(events, "leader",
                    new AuditReopened(AUDIT, "re-check"),
                    new ItemScoreRevised(AUDIT, "5.2.2.3", Percent.of(97), Percent.of(80), "records incomplete", "2020 missing"),
                    AuditFixtures.opened(SECOND, AuditType.SURVEILLANCE, AUDIT, LocalDate.of(2022, 6, 1), LocalDate.of(2022, 6, 2)));
            await().atMost(Duration.ofSeconds(60)).until(() -> complete(answers(first), version));
            return answers(first);
        }
    }
}
