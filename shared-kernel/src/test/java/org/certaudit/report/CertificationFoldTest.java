package org.certaudit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.Certificate;
import org.certaudit.audit.CertificateGranted;
import org.certaudit.audit.CertificateRestored;
import org.certaudit.audit.CertificateSuspended;
import org.certaudit.audit.CertificationRefused;
import org.certaudit.audit.Decision;
import org.certaudit.audit.DecisionOutcome;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.audit.TechnicalReviewAccepted;
import org.certaudit.audit.TechnicalReviewReturned;
import org.certaudit.scheme.Grade;
import org.junit.jupiter.api.Test;

class CertificationFoldTest {

    private static final ProjectNumber PROJECT = new ProjectNumber("0777-2021-SE");
    private static final AuditId INITIAL = AuditId.of(PROJECT, 1);
    private static final AuditId SURVEILLANCE = AuditId.of(PROJECT, 2);
    private static final LocalDate GRANTED_ON = LocalDate.of(2021, 7, 1);

    private static CertificationRecord fold(AuditId audit, List<AuditEvent> events) {
        CertificationFold fold = new CertificationFold(audit);
        events.forEach(event -> fold.apply(new RecordedEvent(0, event, null, null)));
        return fold.record();
    }

    private static Decision decision(DecisionOutcome outcome, LocalDate on, Grade grade, String reason) {
        return new Decision(outcome, "decider.qian", on, 7, new BigDecimal("131.5"), grade, reason);
    }

    private static CertificateGranted granted() {
        return new CertificateGranted(INITIAL, decision(DecisionOutcome.GRANT, GRANTED_ON, Grade.NINE_STAR, "符合要求"),
                new Certificate("DEMO-SE-2021-0777", "示范服务有限公司", "家电售后服务", "SE", Grade.NINE_STAR, GRANTED_ON,
                        GRANTED_ON, LocalDate.of(2024, 6, 30), LocalDate.of(2022, 7, 1)));
    }

    @Test
    void knowsNothingBeforeAReview() {
        assertThat(fold(INITIAL, List.of())).isEqualTo(CertificationRecord.NONE);
    }

    @Test
    void theLatestReviewCountsAndAReturnedOneShowsItsFindings() {
        var returned = new TechnicalReviewReturned(INITIAL, "reviewer.zhao", LocalDate.of(2021, 6, 20), List.of("B8 证据不足", "雷达图缺失"));
        assertThat(fold(INITIAL, List.of(returned)).review())
                .isEqualTo(new CertificationRecord.Review("reviewer.zhao", LocalDate.of(2021, 6, 20), "退回审查组", "B8 证据不足；雷达图缺失"));
        var accepted = new TechnicalReviewAccepted(INITIAL, "reviewer.sun", LocalDate.of(2021, 6, 28), new BigDecimal("131.5"),
                Grade.NINE_STAR, null);
        assertThat(fold(INITIAL, List.of(returned, accepted)).review())
                .isEqualTo(new CertificationRecord.Review("reviewer.sun", LocalDate.of(2021, 6, 28), "同意推荐", ""));
    }

    @Test
    void aGrantGivesTheDecisionAndTheCertificateWithItsValidity() {
        CertificationRecord record = fold(INITIAL, List.of(granted()));
        assertThat(record.decision()).isEqualTo(new CertificationRecord.Decision("decider.qian", GRANTED_ON, "批准认证", "符合要求",
                new BigDecimal("131.5"), "九星级", 7));
        assertThat(record.certificate()).isEqualTo(new CertificationRecord.Certificate("DEMO-SE-2021-0777", GRANTED_ON,
                LocalDate.of(2024, 6, 30), "有效"));
    }

    @Test
    void aRefusalHasNoCertificate() {
        CertificationRecord record = fold(INITIAL, List.of(new CertificationRefused(INITIAL,
                decision(DecisionOutcome.REFUSE, GRANTED_ON, Grade.NOT_GRADED, "总分未达 70 分"))));
        assertThat(record.decision().outcome()).isEqualTo("不予认证");
        assertThat(record.certificate()).isNull();
    }

    @Test
    void aSurveillanceDecisionFindsTheCertificateAnEarlierAuditGrantedAndLeavesThatAuditsRecordAlone() {
        LocalDate suspendedOn = LocalDate.of(2022, 7, 10);
        var suspended = new CertificateSuspended(SURVEILLANCE,
                decision(DecisionOutcome.SUSPEND, suspendedOn, Grade.NINE_STAR, "整改未完成"), "DEMO-SE-2021-0777",
                LocalDate.of(2023, 1, 10), null);
        CertificationRecord surveillance = fold(SURVEILLANCE, List.of(granted(), suspended));
        assertThat(surveillance.decision().outcome()).isEqualTo("暂停认证");
        assertThat(surveillance.certificate()).isEqualTo(new CertificationRecord.Certificate("DEMO-SE-2021-0777", GRANTED_ON,
                LocalDate.of(2024, 6, 30), "暂停"));
        assertThat(fold(SURVEILLANCE, List.of(granted(), suspended, new CertificateRestored(SURVEILLANCE, "DEMO-SE-2021-0777",
                "decider.qian", LocalDate.of(2022, 9, 1), "整改完成"))).certificate().state()).isEqualTo("有效");
        // The initial audit's record is about its own decision; the later suspension belongs to the surveillance audit.
        assertThat(fold(INITIAL, List.of(granted())).decision().outcome()).isEqualTo("批准认证");
    }
}
