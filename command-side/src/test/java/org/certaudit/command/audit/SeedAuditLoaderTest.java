package org.certaudit.command.audit;

import static org.assertj.core.api.Assertions.assertThat;

import org.certaudit.audit.AuditId;
import org.certaudit.audit.GradeRecommended;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.command.HttpTest;
import org.certaudit.command.TestAudits;
import org.certaudit.scheme.Grade;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The demo loader drives the seed fixture to the report's recommendation, once. */
class SeedAuditLoaderTest extends HttpTest {

    @Autowired
    private SeedAuditLoader loader;

    @Test
    void loadsTheSeedAuditToItsTenStarRecommendationOnlyOnce() {
        ProjectNumber project = TestAudits.newProject();
        AuditId id = loader.load(project).orElseThrow();
        var events = audits.events(id);
        assertThat(events).hasSize(99);
        GradeRecommended recommended = (GradeRecommended) events.get(events.size() - 1).getPayload();
        assertThat(recommended.grade()).isEqualTo(Grade.TEN_STAR);
        assertThat(recommended.total()).isEqualByComparingTo("145.75");
        assertThat(events.get(0).getMetaData()).containsEntry("user", "admin").containsEntry("requestId", "seed-loader");
        assertThat(events.get(events.size() - 1).getMetaData()).containsEntry("user", "leader");

        assertThat(loader.load(project)).isEmpty();
        assertThat(audits.events(id)).hasSize(99);
    }
}
