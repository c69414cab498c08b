package org.certaudit.query.trail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certaudit.query.AuditFixtures.SEED_AUDIT;
import static org.certaudit.query.AuditFixtures.SEED_PROJECT;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.bson.Document;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.GradeRecommended;
import org.certaudit.query.AuditFixtures;
import org.certaudit.query.ProjectionHarness;
import org.certaudit.scheme.Grade;
import org.junit.jupiter.api.AfterEach;
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
    void replayingAnEventTwiceLeavesTheSameReadModel() {
        harness.given(AuditFixtures.seedAudit());
        List<Document> before = harness.readModels().collection(AuditTrailProjection.TRAILS).find().into(new ArrayList<>());

        harness.redeliver(harness.delivered().get(5));
        harness.redeliver(harness.delivered().get(harness.delivered().size() - 1));

        assertThat(harness.readModels().collection(AuditTrailProjection.TRAILS).find().into(new ArrayList<>())).isEqualTo(before);
    }

    @Test
    void aReplayFromScratchGivesTheSameAnswers() {
        harness.given(AuditFixtures.seedAudit());
        AuditTrail live = trail(SEED_AUDIT, 1, 40);

        harness.replayAll();

        assertThat(trail(SEED_AUDIT, 1, 40)).isEqualTo(live);
    }
}
