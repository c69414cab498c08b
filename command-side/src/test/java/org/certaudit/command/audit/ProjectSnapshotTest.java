package org.certaudit.command.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certaudit.command.audit.AuditFixtures.FIRST;
import static org.certaudit.command.audit.AuditFixtures.SECOND;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Field;
import java.util.List;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.json.JacksonSerializer;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditReopened;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.FindingsRecorded;
import org.certaudit.audit.SpecialItemKind;
import org.certaudit.audit.SpecialItemRecorded;
import org.certaudit.audit.SpecialItemWithdrawn;
import org.certaudit.scheme.Grade;
import org.junit.jupiter.api.Test;

/**
 * A snapshot is the project serialized with Jackson, as the event store stores it: it must come
 * back with every audit's state (team, pledges, scores, not-applicable items, special items,
 * findings, recommendation), or Axon silently falls back to replaying the whole stream.
 */
class ProjectSnapshotTest {

    /** The aggregate's snapshot serializer as the application's Jackson serializer writes and reads it. */
    private static final JacksonSerializer SNAPSHOTS = JacksonSerializer.builder()
            .objectMapper(new ObjectMapper().findAndRegisterModules())
            .build();

    @Test
    void aProjectSurvivesTheJacksonRoundTripOfASnapshot() throws Exception {
        org.certaudit.audit.OnSitePeriod corrected = new org.certaudit.audit.OnSitePeriod(AuditFixtures.ON_SITE_FROM,
                java.time.LocalDate.of(2021, 6, 8), new java.math.BigDecimal("3.5"),
                org.certaudit.audit.HalfDay.AFTERNOON, null);
        List<AuditEvent> history = AuditFixtures.concat(AuditFixtures.finished(Grade.TEN_STAR),
                new AuditReopened(FIRST, "补充证据"),
                new org.certaudit.audit.OnSiteAuditRescheduled(FIRST, new org.certaudit.audit.OnSitePeriod(
                        AuditFixtures.ON_SITE_FROM, AuditFixtures.ON_SITE_TO, new java.math.BigDecimal("3.0"), null, null),
                        corrected, "admin", "现场审查延长半天"),
                new org.certaudit.audit.PledgeDateCorrected(FIRST, "A", AuditFixtures.REPORT_DATE,
                        AuditFixtures.ON_SITE_FROM, "误用默认日期"),
                new SpecialItemRecorded(FIRST, "S1", SpecialItemKind.DEDUCTION, "投诉超时", "5.3.3.2", "抽查"),
                new SpecialItemRecorded(FIRST, "S2", SpecialItemKind.BONUS, null, null, "标杆"),
                new SpecialItemWithdrawn(FIRST, "S2", "依据不足"),
                new FindingsRecorded(FIRST, List.of("规范运作"), List.of("网站建设")),
                new org.certaudit.audit.GradeRecommended(FIRST, new java.math.BigDecimal("144.75"), Grade.TEN_STAR,
                        AuditFixtures.REPORT_DATE),
                AuditFixtures.opened(SECOND, AuditType.SURVEILLANCE, FIRST));
        Project project = folded(history);

        SerializedObject<String> snapshot = SNAPSHOTS.serialize(project, String.class);
        Project restored = SNAPSHOTS.deserialize(snapshot);

        assertThat(field(restored, "projectNumber")).isEqualTo(AuditFixtures.PROJECT);
        List<?> audits = (List<?>) field(restored, "audits");
        assertThat(audits).hasSize(2);
        assertThat(audits).isEqualTo(field(project, "audits"));
        assertThat(audits.get(0)).isNotEqualTo(audits.get(1));
        assertThat(field(audits.get(0), "pledges")).as("the corrected day, not the one first signed")
                .isEqualTo(java.util.Map.of("A", AuditFixtures.ON_SITE_FROM, "B", AuditFixtures.REPORT_DATE));
        assertThat(field(audits.get(0), "rescheduled")).as("the period in force").isEqualTo(corrected);
        assertThat(field(audits.get(1), "rescheduled")).isNull();
        assertThat(snapshot.getData()).contains("\"notApplicable\":true").contains("\"withdrawn\":true");
    }

    @Test
    void aProjectKeepsItsCertificateThroughASnapshot() throws Exception {
        java.time.LocalDate until = java.time.LocalDate.of(2022, 11, 30);
        List<AuditEvent> reviewed = AuditFixtures.surveillanceReviewed(Grade.NOT_GRADED);
        List<AuditEvent> history = AuditFixtures.concat(reviewed, new org.certaudit.audit.CertificateSuspended(SECOND,
                AuditFixtures.decision(org.certaudit.audit.DecisionOutcome.SUSPEND, java.time.LocalDate.of(2022, 6, 1),
                        AuditFixtures.versionAfter(reviewed), Grade.NOT_GRADED, "整改"),
                AuditFixtures.CERTIFICATE_NUMBER, until, java.time.LocalDate.of(2023, 6, 7)));
        Project project = folded(history);
        Project restored = SNAPSHOTS.deserialize(SNAPSHOTS.serialize(project, String.class));

        assertThat(field(restored, "certificates")).isEqualTo(field(project, "certificates"));
        List<?> certificates = (List<?>) field(restored, "certificates");
        assertThat(((org.certaudit.certificate.CertificateHistory) certificates.get(0))
                .statusOn(java.time.LocalDate.of(2022, 7, 1))).contains(org.certaudit.certificate.CertificateStatus.SUSPENDED);
        assertThat(field(restored, "audits")).isEqualTo(field(project, "audits"));
    }

    /**
     * {@code project-snapshot-revision-2.json} is a snapshot serialized by the code before an issue's or renewal's change
     * kept its certificate: the project of {@link AuditFixtures#granted()} renewed early (decided 2024-05-15, valid from
     * 2024-07-01) for 新名称有限公司 with the scope 新范围. Axon ignores it now (revision 3), and it still reads: its
     * periods know only the latest certificate, the answer the register gave before.
     */
    @Test
    void aSnapshotOfRevision2StillReadsWithEveryPeriodTakingTheLatestCertificate() throws Exception {
        String json;
        try (var in = getClass().getResourceAsStream("project-snapshot-revision-2.json")) {
            json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        Project restored = SNAPSHOTS.deserialize(new org.axonframework.serialization.SimpleSerializedObject<>(json,
                String.class, Project.class.getName(), "2"));

        assertThat(field(restored, "projectNumber")).isEqualTo(AuditFixtures.PROJECT);
        assertThat((List<?>) field(restored, "audits")).hasSize(1);
        org.certaudit.certificate.CertificateHistory history = (org.certaudit.certificate.CertificateHistory)
                ((List<?>) field(restored, "certificates")).get(0);
        assertThat(history.changes()).extracting(org.certaudit.certificate.CertificateHistory.Change::certificate)
                .containsOnlyNulls();
        java.time.LocalDate before = java.time.LocalDate.of(2022, 1, 1);
        assertThat(history.on(before).orElseThrow().certificate().organization()).isEqualTo("新名称有限公司");
        assertThat(history.on(before).orElseThrow().validUntil()).isEqualTo(AuditFixtures.VALID_UNTIL);
        assertThat(history.on(java.time.LocalDate.of(2024, 7, 1)).orElseThrow().certificate().scope()).isEqualTo("新范围");
        assertThat(history.statusOn(java.time.LocalDate.of(2027, 7, 1)))
                .contains(org.certaudit.certificate.CertificateStatus.EXPIRED);
        assertThat(Project.class.getAnnotation(org.axonframework.serialization.Revision.class).value())
                .as("a snapshot of this shape is ignored and the project rebuilt from its events").isNotEqualTo("2");
    }

    @Test
    void aProjectFoldedFromItsEventsKeepsEachPeriodsCertificateThroughASnapshot() throws Exception {
        List<AuditEvent> granted = AuditFixtures.granted();
        java.time.LocalDate decided = java.time.LocalDate.of(2024, 5, 15);
        org.certaudit.audit.Certificate renewal = new org.certaudit.audit.Certificate(AuditFixtures.CERTIFICATE_NUMBER,
                "新名称有限公司", "新范围", AuditFixtures.SCHEME, Grade.NINE_STAR, decided, java.time.LocalDate.of(2024, 7, 1),
                java.time.LocalDate.of(2027, 6, 30), java.time.LocalDate.of(2025, 4, 11));
        List<AuditEvent> history = AuditFixtures.concat(granted, new org.certaudit.audit.CertificateRenewed(SECOND,
                AuditFixtures.decision(org.certaudit.audit.DecisionOutcome.GRANT, decided,
                        AuditFixtures.versionAfter(granted) + 1, Grade.NINE_STAR, "符合要求"), renewal));
        Project project = folded(history);
        Project restored = SNAPSHOTS.deserialize(SNAPSHOTS.serialize(project, String.class));

        org.certaudit.certificate.CertificateHistory certificate = (org.certaudit.certificate.CertificateHistory)
                ((List<?>) field(restored, "certificates")).get(0);
        assertThat(certificate).isEqualTo(((List<?>) field(project, "certificates")).get(0));
        assertThat(certificate.on(java.time.LocalDate.of(2022, 1, 1)).orElseThrow().certificate())
                .isEqualTo(AuditFixtures.certificate());
        assertThat(certificate.on(decided).orElseThrow().next().certificate()).isEqualTo(renewal);
    }

    /** A project folded from {@code history}: the events reach it and its audit entities the way Axon routes them. */
    private static Project folded(List<AuditEvent> history) {
        Project project = new Project();
        AggregateModel<Project> model = AnnotatedAggregateMetaModelFactory.inspectAggregate(Project.class);
        for (AuditEvent event : history) {
            model.publish(GenericEventMessage.asEventMessage(event), project);
        }
        return project;
    }

    private static Object field(Object target, String name) throws Exception {
        Field field = target.getClass().getDeclaredField(name);
        field.setAccessible(true);
        return field.get(target);
    }
}
