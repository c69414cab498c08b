package org.certaudit.command.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certaudit.command.TestAudits.as;
import static org.certaudit.command.TestAudits.json;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditOpened;
import org.certaudit.audit.CertificateGranted;
import org.certaudit.audit.TeamMember;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.audit.TeamRole;
import org.certaudit.audit.TechnicalReviewAccepted;
import org.certaudit.audit.TechnicalReviewReturned;
import org.certaudit.command.HttpTest;
import org.junit.jupiter.api.Test;

/** The review, decision and restoration endpoints: their answers, their problems, what they store. */
class CertificationEndpointsTest extends HttpTest {

    private static Map<String, Object> grant() {
        return Map.of("outcome", "GRANT", "decidedOn", "2021-07-01", "reason", "符合要求");
    }

    @Test
    void aReviewerAcceptsARecommendedAudit() throws Exception {
        AuditId id = audits.recommended();
        http.perform(json(post("/api/audits/" + id + "/review"),
                        Map.of("outcome", "ACCEPT", "reviewedOn", "2021-06-20", "note", "资料齐全")).with(as("reviewer")))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"" + audits.version(id) + "\""));
        assertThat(audits.events(id).get(audits.events(id).size() - 1).getPayload())
                .isInstanceOfSatisfying(TechnicalReviewAccepted.class, accepted -> {
                    assertThat(accepted.reviewer()).isEqualTo("reviewer");
                    assertThat(accepted.note()).isEqualTo("资料齐全");
                });
    }

    @Test
    void returningToTheTeamNeedsFindings() throws Exception {
        AuditId id = audits.recommended();
        http.perform(json(post("/api/audits/" + id + "/review"),
                        Map.of("outcome", "RETURN", "reviewedOn", "2021-06-20")).with(as("reviewer")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("findings"));
        http.perform(json(post("/api/audits/" + id + "/review"),
                        Map.of("outcome", "RETURN", "reviewedOn", "2021-06-20", "findings", List.of("5.2.2.3 证据不足")))
                        .with(as("reviewer")))
                .andExpect(status().isOk());
        assertThat(audits.events(id).get(audits.events(id).size() - 1).getPayload())
                .isInstanceOf(TechnicalReviewReturned.class);
    }

    @Test
    void aNoteWithAReturnIsRefusedNamingTheNoteAndNothingIsStored() throws Exception {
        AuditId id = audits.recommended();
        int before = audits.events(id).size();
        // TechnicalReviewReturned carries findings, no note: a note sent with a RETURN would be lost.
        http.perform(json(post("/api/audits/" + id + "/review"), Map.of("outcome", "RETURN", "reviewedOn", "2021-06-20",
                        "note", "请补充回访记录", "findings", List.of("5.2.2.3 证据不足"))).with(as("reviewer")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:certaudit:problem:invalid-input"))
                .andExpect(jsonPath("$.errors.length()").value(1))
                .andExpect(jsonPath("$.errors[0].field").value("note"))
                .andExpect(jsonPath("$.errors[0].code").value("review.note-only-on-accept"))
                .andExpect(jsonPath("$.errors[0].message", containsString("findings")));
        assertThat(audits.events(id)).hasSize(before);
        // A blank note is no note: nothing would be lost, so the return goes through.
        http.perform(json(post("/api/audits/" + id + "/review"), Map.of("outcome", "RETURN", "reviewedOn", "2021-06-20",
                        "note", " ", "findings", List.of("5.2.2.3 证据不足"))).with(as("reviewer")))
                .andExpect(status().isOk());
        assertThat(audits.events(id).get(audits.events(id).size() - 1).getPayload())
                .isInstanceOfSatisfying(TechnicalReviewReturned.class,
                        returned -> assertThat(returned.findings()).containsExactly("5.2.2.3 证据不足"));
    }

    @Test
    void aReviewDatedBeforeTheReportOrAfterTodayIsRefusedNamingTheReviewDateAndNothingIsStored() throws Exception {
        AuditId id = audits.recommended();
        int before = audits.events(id).size();
        String tomorrow = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(1).toString();
        // A return is dated by the same rules as an acceptance.
        for (Map<String, Object> review : List.of(Map.<String, Object>of("outcome", "ACCEPT"),
                Map.<String, Object>of("outcome", "RETURN", "findings", List.of("5.2.2.3 证据不足")))) {
            Map<String, Object> early = new LinkedHashMap<>(review);
            early.put("reviewedOn", "2021-06-06");
            http.perform(json(post("/api/audits/" + id + "/review"), early).with(as("reviewer")))
                    .andExpect(status().isConflict())
                    .andExpect(header().string("Content-Type", "application/problem+json"))
                    .andExpect(jsonPath("$.type").value("urn:certaudit:problem:broken-rule"))
                    .andExpect(jsonPath("$.errors[0].field").value("reviewedOn"))
                    .andExpect(jsonPath("$.errors[0].code").value("review.before-report"))
                    .andExpect(jsonPath("$.errors[0].arguments.reviewedOn").value("2021-06-06"))
                    .andExpect(jsonPath("$.errors[0].arguments.reportDate").value("2021-06-07"));
            Map<String, Object> ahead = new LinkedHashMap<>(review);
            ahead.put("reviewedOn", tomorrow);
            http.perform(json(post("/api/audits/" + id + "/review"), ahead).with(as("reviewer")))
                    .andExpect(status().isBadRequest())
                    .andExpect(header().string("Content-Type", "application/problem+json"))
                    .andExpect(jsonPath("$.type").value("urn:certaudit:problem:invalid-input"))
                    .andExpect(jsonPath("$.errors[0].field").value("reviewedOn"))
                    .andExpect(jsonPath("$.errors[0].code").value("field.not-after-today"));
        }
        assertThat(audits.events(id)).hasSize(before);
    }

    @Test
    void aReviewDatedBeforeTheReturnItFollowsIsRefusedNamingTheReviewDateAndNothingIsStored() throws Exception {
        AuditId id = audits.recommended();
        http.perform(json(post("/api/audits/" + id + "/review"), Map.of("outcome", "RETURN", "reviewedOn", "2021-06-20",
                        "findings", List.of("承诺书日期有误"))).with(as("reviewer")))
                .andExpect(status().isOk());
        // The corrected report keeps its date, 2021-06-07; its review comes after the return all the same.
        http.perform(json(post("/api/audits/" + id + "/recommendation"),
                        Map.of("grade", "TEN_STAR", "reportDate", "2021-06-07")).with(as("leader")))
                .andExpect(status().isOk());
        int before = audits.events(id).size();
        http.perform(json(post("/api/audits/" + id + "/review"), Map.of("outcome", "ACCEPT", "reviewedOn", "2021-06-19"))
                        .with(as("reviewer")))
                .andExpect(status().isConflict())
                .andExpect(header().string("Content-Type", "application/problem+json"))
                .andExpect(jsonPath("$.type").value("urn:certaudit:problem:broken-rule"))
                .andExpect(jsonPath("$.errors[0].field").value("reviewedOn"))
                .andExpect(jsonPath("$.errors[0].code").value("review.before-return"))
                .andExpect(jsonPath("$.errors[0].arguments.reviewedOn").value("2021-06-19"))
                .andExpect(jsonPath("$.errors[0].arguments.returnedOn").value("2021-06-20"));
        assertThat(audits.events(id)).hasSize(before);
        http.perform(json(post("/api/audits/" + id + "/review"), Map.of("outcome", "ACCEPT", "reviewedOn", "2021-06-20"))
                        .with(as("reviewer")))
                .andExpect(status().isOk());
        assertThat(audits.events(id)).hasSize(before + 1);
    }

    @Test
    void aDecisionNeedsTheVersionTheDeciderSaw() throws Exception {
        AuditId id = audits.reviewed();
        int before = audits.events(id).size();
        http.perform(json(post("/api/audits/" + id + "/decision"), grant()).with(as("decider")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value("urn:certaudit:problem:invalid-input"))
                .andExpect(jsonPath("$.errors[0].field").value("If-Match"))
                .andExpect(jsonPath("$.errors[0].code").value("version.if-match-required"))
                .andExpect(jsonPath("$.errors[0].message").value(startsWith("is required:")));
        // "*" was sent: the refusal says a version is needed, not that the header is missing.
        http.perform(json(post("/api/audits/" + id + "/decision"), grant()).with(as("decider")).header("If-Match", "*"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("If-Match"))
                .andExpect(jsonPath("$.errors[0].code").value("version.if-match-required"))
                .andExpect(jsonPath("$.errors[0].message").value(startsWith(
                        "must be an audit version, not * (any version):")));
        http.perform(json(post("/api/audits/" + id + "/decision"), grant()).with(as("decider"))
                        .header("If-Match", "\"" + (audits.version(id) - 1) + "\""))
                .andExpect(status().isPreconditionFailed())
                .andExpect(jsonPath("$.currentVersion").value(audits.version(id)));
        assertThat(audits.events(id)).hasSize(before);
    }

    @Test
    void aGrantIssuesTheCertificate() throws Exception {
        AuditId id = audits.reviewed();
        long seen = audits.version(id);
        http.perform(json(post("/api/audits/" + id + "/decision"), grant()).with(as("decider"))
                        .header("If-Match", "\"" + seen + "\""))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.version").value(seen + 1));
        assertThat(audits.events(id).get(audits.events(id).size() - 1).getPayload())
                .isInstanceOfSatisfying(CertificateGranted.class, granted -> {
                    assertThat(granted.decision().auditVersion()).isEqualTo(seen);
                    assertThat(granted.decision().decider()).isEqualTo("decider");
                    assertThat(granted.certificate().number()).isEqualTo("CTS-2021-" + id.projectNumber() + "-1");
                    assertThat(granted.certificate().validUntil()).hasToString("2024-06-30");
                });
    }

    @Test
    void aDeciderWhoWasOnTheTeamIsRefused() throws Exception {
        AuditId id = audits.staffed();
        audits.send("admin", new AssignTeamMember(id, new TeamMember("C", "赵六", TeamRole.TECHNICAL_EXPERT, null, null,
                null, "decider")));
        audits.send("decider", new SignPledge(id, null, org.certaudit.command.TestAudits.REPORT_DATE));
        audits.send("leader", new SignPledge(id, null, org.certaudit.command.TestAudits.REPORT_DATE));
        audits.send("auditor", new SignPledge(id, null, org.certaudit.command.TestAudits.REPORT_DATE));
        for (var entry : org.certaudit.scheme.SeedReport.itemResults().entrySet()) {
            audits.send("auditor", entry.getValue().notApplicable()
                    ? new MarkItemNotApplicable(id, entry.getKey(), "不涉及")
                    : new ScoreItem(id, entry.getKey(), entry.getValue().percent(), "现场审查记录", null));
        }
        audits.send("leader", new RecommendGrade(id, org.certaudit.scheme.Grade.TEN_STAR,
                org.certaudit.command.TestAudits.REPORT_DATE));
        audits.send("reviewer", new AcceptReview(id, org.certaudit.command.TestAudits.REVIEWED_ON, null));
        http.perform(json(post("/api/audits/" + id + "/decision"), grant()).with(as("decider"))
                        .header("If-Match", "\"" + audits.version(id) + "\""))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail", containsString("user 'decider' is or was on the team of audit " + id)))
                .andExpect(jsonPath("$.errors[0].field").doesNotExist())
                .andExpect(jsonPath("$.errors[0].code").value("independence.decider-on-team"))
                .andExpect(jsonPath("$.errors[0].arguments.user").value("decider"))
                .andExpect(jsonPath("$.errors[0].arguments.audit").value(id.value()))
                .andExpect(jsonPath("$.errors[0].message", containsString("(ISO/IEC 17065 7.6.1)")));
    }

    @Test
    void aSuspensionNamesItsMissingEndDate() throws Exception {
        AuditId id = audits.reviewed();
        http.perform(json(post("/api/audits/" + id + "/decision"),
                        Map.of("outcome", "SUSPEND", "decidedOn", "2021-07-01", "reason", "x")).with(as("decider"))
                        .header("If-Match", "\"" + audits.version(id) + "\""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("suspendedUntil"));
    }

    @Test
    void aSurveillanceOpensWithItsPredecessorsDataAndTeam() throws Exception {
        AuditId id = audits.reviewed();
        http.perform(json(post("/api/audits/" + id + "/decision"), grant()).with(as("decider"))
                        .header("If-Match", "\"" + audits.version(id) + "\""))
                .andExpect(status().isOk());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("projectNumber", id.projectNumber().value());
        body.put("type", "SURVEILLANCE");
        body.put("onSiteFrom", "2022-05-10");
        body.put("onSiteTo", "2022-05-11");
        body.put("onSiteDays", 2.0);
        body.put("copyTeam", true);
        http.perform(json(post("/api/audits"), body).with(as("admin")))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.auditId").value(id.projectNumber() + ".2"));
        var events = audits.events(id);
        AuditOpened opened = events.stream().map(e -> e.getPayload()).filter(AuditOpened.class::isInstance)
                .map(AuditOpened.class::cast).reduce((a, b) -> b).orElseThrow();
        assertThat(opened.organization().name()).isEqualTo("测试组织");
        assertThat(opened.scope()).isEqualTo("售后服务");
        assertThat(events.subList(events.size() - 2, events.size())).allSatisfy(e ->
                assertThat(e.getPayload()).isInstanceOf(TeamMemberAssigned.class));
    }

    /**
     * A project granted on 2021-07-01 (certificate valid to 2024-06-30) and its surveillance on site on 2022-05-10 and
     * 11, the team signed and every item assessed: the surveillance's id.
     */
    private AuditId surveillanceScored() throws Exception {
        AuditId initial = audits.reviewed();
        audits.send("decider", new DecideCertification(initial, org.certaudit.audit.DecisionOutcome.GRANT,
                java.time.LocalDate.of(2021, 7, 1), "符合要求", null, audits.version(initial)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("projectNumber", initial.projectNumber().value());
        body.put("type", "SURVEILLANCE");
        body.put("onSiteFrom", "2022-05-10");
        body.put("onSiteTo", "2022-05-11");
        body.put("onSiteDays", 2.0);
        body.put("copyTeam", true);
        http.perform(json(post("/api/audits"), body).with(as("admin"))).andExpect(status().isCreated());
        AuditId id = AuditId.of(initial.projectNumber(), 2);
        java.time.LocalDate lastDay = java.time.LocalDate.of(2022, 5, 11);
        audits.send("leader", new SignPledge(id, null, lastDay));
        audits.send("auditor", new SignPledge(id, null, lastDay));
        for (var entry : org.certaudit.scheme.SeedReport.itemResults().entrySet()) {
            audits.send("auditor", entry.getValue().notApplicable()
                    ? new MarkItemNotApplicable(id, entry.getKey(), "不涉及")
                    : new ScoreItem(id, entry.getKey(), entry.getValue().percent(), "现场审查记录", null));
        }
        return id;
    }

    @Test
    void aSurveillancesReportOrAcceptanceDatedAfterItsCertificatesLastValidDayIsRefusedNamingTheDateAndNothingIsStored()
            throws Exception {
        AuditId id = surveillanceScored();
        int before = audits.events(id).size();
        // Decided no earlier than its report and its acceptance, on a day the certificate is in force (ISO/IEC 17065
        // 7.11): one dated after 2024-06-30 could never be decided.
        http.perform(json(post("/api/audits/" + id + "/recommendation"),
                        Map.of("grade", "TEN_STAR", "reportDate", "2024-07-01")).with(as("leader")))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value("urn:certaudit:problem:broken-rule"))
                .andExpect(jsonPath("$.errors.length()").value(1))
                .andExpect(jsonPath("$.errors[0].field").value("reportDate"))
                .andExpect(jsonPath("$.errors[0].code").value("recommendation.report-after-certificate"))
                .andExpect(jsonPath("$.errors[0].arguments.reportDate").value("2024-07-01"))
                .andExpect(jsonPath("$.errors[0].arguments.status").value("EXPIRED"))
                .andExpect(jsonPath("$.errors[0].arguments.allowed[0]").value("VALID"))
                .andExpect(jsonPath("$.errors[0].arguments.allowed[1]").value("SUSPENDED"))
                .andExpect(jsonPath("$.errors[0].arguments.validUntil").value("2024-06-30"))
                .andExpect(jsonPath("$.detail", containsString("is EXPIRED (已过期) (valid from 2021-07-01 to 2024-06-30)")));
        assertThat(audits.events(id)).hasSize(before);

        http.perform(json(post("/api/audits/" + id + "/recommendation"),
                        Map.of("grade", "TEN_STAR", "reportDate", "2022-05-11")).with(as("leader")))
                .andExpect(status().isOk());
        int recommended = audits.events(id).size();
        http.perform(json(post("/api/audits/" + id + "/review"),
                        Map.of("outcome", "ACCEPT", "reviewedOn", "2024-07-01", "note", "资料齐全")).with(as("reviewer")))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.errors.length()").value(1))
                .andExpect(jsonPath("$.errors[0].field").value("reviewedOn"))
                .andExpect(jsonPath("$.errors[0].code").value("review.after-certificate"))
                .andExpect(jsonPath("$.errors[0].arguments.reviewedOn").value("2024-07-01"))
                .andExpect(jsonPath("$.errors[0].arguments.certificate").value("CTS-2021-" + id.projectNumber() + "-1"))
                .andExpect(jsonPath("$.errors[0].arguments.validFrom").value("2021-07-01"));
        assertThat(audits.events(id)).hasSize(recommended);
        http.perform(json(post("/api/audits/" + id + "/review"),
                        Map.of("outcome", "ACCEPT", "reviewedOn", "2024-06-30")).with(as("reviewer")))
                .andExpect(status().isOk());
        assertThat(audits.events(id).get(audits.events(id).size() - 1).getPayload())
                .isInstanceOfSatisfying(TechnicalReviewAccepted.class,
                        accepted -> assertThat(accepted.reviewedOn()).hasToString("2024-06-30"));
    }

    @Test
    void aDecisionOnADayTheCertificateHasExpiredIsRefusedNamingTheDecisionDate() throws Exception {
        AuditId id = surveillanceScored();
        java.time.LocalDate lastDay = java.time.LocalDate.of(2022, 5, 11);
        audits.send("leader", new RecommendGrade(id, org.certaudit.scheme.Grade.TEN_STAR, lastDay));
        audits.send("reviewer", new AcceptReview(id, java.time.LocalDate.of(2022, 5, 20), null));
        int before = audits.events(id).size();
        http.perform(json(post("/api/audits/" + id + "/decision"),
                        Map.of("outcome", "MAINTAIN", "decidedOn", "2025-01-10", "reason", "符合要求"))
                        .with(as("decider")).header("If-Match", "\"" + audits.version(id) + "\""))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.errors.length()").value(1))
                .andExpect(jsonPath("$.errors[0].field").value("decidedOn"))
                .andExpect(jsonPath("$.errors[0].code").value("certificate.status"))
                .andExpect(jsonPath("$.errors[0].arguments.status").value("EXPIRED"))
                .andExpect(jsonPath("$.errors[0].arguments.day").value("2025-01-10"))
                .andExpect(jsonPath("$.errors[0].arguments.validFrom").value("2021-07-01"))
                .andExpect(jsonPath("$.errors[0].arguments.validUntil").value("2024-06-30"))
                .andExpect(jsonPath("$.detail", containsString("is EXPIRED (已过期) on 2025-01-10 (valid from 2021-07-01 "
                        + "to 2024-06-30)")));
        assertThat(audits.events(id)).hasSize(before);
    }

    @Test
    void aRuleAboutTheRequestAsAWholeNamesNoField() throws Exception {
        AuditId id = audits.reviewed();
        http.perform(json(post("/api/audits/" + id + "/review"),
                        Map.of("outcome", "ACCEPT", "reviewedOn", "2021-06-20")).with(as("reviewer")))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.errors[0].code").value("review.already-accepted"))
                .andExpect(jsonPath("$.errors[0].field").doesNotExist());
    }

    @Test
    void restoringACertificateThatIsNotSuspendedIsABrokenRule() throws Exception {
        AuditId id = audits.reviewed();
        audits.send("decider", new DecideCertification(id, org.certaudit.audit.DecisionOutcome.GRANT,
                java.time.LocalDate.of(2021, 7, 1), "符合要求", null, audits.version(id)));
        http.perform(json(post("/api/projects/" + id.projectNumber() + "/certificate/restoration"),
                        Map.of("restoredOn", "2021-08-01", "reason", "x")).with(as("decider")))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail", containsString("is VALID on 2021-08-01 (valid from 2021-07-01 to "
                        + "2024-06-30); only a suspended certificate is restored")))
                // A rule about the restoration's date names it, so that a client shows it next to that field.
                .andExpect(jsonPath("$.errors[0].field").value("restoredOn"))
                .andExpect(jsonPath("$.errors[0].code").value("restoration.not-suspended"))
                .andExpect(jsonPath("$.errors[0].arguments.validFrom").value("2021-07-01"))
                .andExpect(jsonPath("$.errors[0].arguments.validUntil").value("2024-06-30"));
        http.perform(json(post("/api/projects/NOPE-2021-SE/certificate/restoration"),
                        Map.of("restoredOn", "2021-08-01", "reason", "x")).with(as("decider")))
                .andExpect(status().isNotFound());
    }
}
