package org.certaudit.query.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditOpened;
import org.certaudit.audit.FindingsRecorded;
import org.certaudit.audit.HalfDay;
import org.certaudit.query.AuditFixtures;
import org.certaudit.query.ProjectionHarness;
import org.certaudit.query.ledger.LedgerTreeHeads;
import org.certaudit.report.CertificationRecord;

/** The seed audit with its findings, and a report service over a harness with a fictional certification body. */
final class ReportFixtures {

    static final ReportProperties PROPERTIES = new ReportProperties(
            new ReportProperties.Body("华夏示范认证有限公司", "北京市示范区样例路 1 号 1 号楼 16 层", "010-5550-0000", "100000"), null, null);

    private ReportFixtures() {
    }

    /** The seed audit (team, pledge, every item, recommendation) with the seed's strengths and improvement directions. */
    static List<AuditEvent> seedAuditWithFindings() {
        List<AuditEvent> events = new ArrayList<>(AuditFixtures.seedAudit());
        // The seed's 1.10 dates the on-site period by half-days: 5 June in the morning to 7 June in the afternoon.
        AuditOpened opened = (AuditOpened) events.get(0);
        events.set(0, new AuditOpened(opened.auditId(), opened.projectNumber(), opened.type(), opened.predecessor(),
                opened.schemeId(), opened.schemeVersion(), opened.organization(), opened.otherSites(), opened.scope(),
                opened.criteria(), opened.onSiteFrom(), opened.onSiteTo(), opened.onSiteDays(), HalfDay.MORNING,
                HalfDay.AFTERNOON));
        JsonNode findings = seedJson().path("findings");
        // Findings come before the recommendation, as the leader records them on the last day.
        events.add(events.size() - 1, new FindingsRecorded(AuditFixtures.SEED_AUDIT, texts(findings.path("strengths")),
                texts(findings.path("improvements"))));
        return events;
    }

    static AuditReports reports(ProjectionHarness harness, CertificationRecords certifications, LedgerTreeHeads ledger) {
        return new AuditReports(harness.eventStore(), null, harness.schemes(), PROPERTIES, certifications, ledger,
                java.time.ZoneId.of("Asia/Shanghai"));
    }

    static AuditReports reports(ProjectionHarness harness) {
        return reports(harness, (point, events) -> CertificationRecord.NONE, point -> Optional.empty());
    }

    static ReportDocuments documents() {
        return new ReportDocuments(new ReportHtml(), new ReportPdf(null), java.time.ZoneId.of("Asia/Shanghai"), PROPERTIES, null);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static JsonNode seedJson() {
        try (InputStream in = ReportFixtures.class.getResourceAsStream("/org/certaudit/seed/0455-2021-SE-audit.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
