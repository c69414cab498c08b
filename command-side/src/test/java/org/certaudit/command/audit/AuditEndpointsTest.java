package org.certaudit.command.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certaudit.command.TestAudits.as;
import static org.certaudit.command.TestAudits.json;
import static org.certaudit.command.TestAudits.memberBody;
import static org.certaudit.command.TestAudits.newProject;
import static org.certaudit.command.TestAudits.openBody;
import static org.certaudit.command.TestAudits.scoreBody;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.certaudit.audit.AuditCancelled;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditOpened;
import org.certaudit.audit.AuditReopened;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.FindingsRecorded;
import org.certaudit.audit.GradeRecommended;
import org.certaudit.audit.HalfDay;
import org.certaudit.audit.ItemApplicabilityRestored;
import org.certaudit.audit.ItemMarkedNotApplicable;
import org.certaudit.audit.ItemNotApplicableReasonRevised;
import org.certaudit.audit.ItemScoreRevised;
import org.certaudit.audit.ItemScored;
import org.certaudit.audit.OnSiteAuditRescheduled;
import org.certaudit.audit.OnSitePeriod;
import org.certaudit.audit.PledgeDateCorrected;
import org.certaudit.audit.PledgeSigned;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.audit.SpecialItemKind;
import org.certaudit.audit.SpecialItemRecorded;
import org.certaudit.audit.SpecialItemWithdrawn;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.audit.TeamMemberRemoved;
import org.certaudit.audit.TeamRole;
import org.certaudit.command.HttpTest;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.Percent;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;

/** Each endpoint: its success, its 400s, 404s and 409s, and that a refused request writes nothing. */
class AuditEndpointsTest extends HttpTest {

    @Autowired
    @Qualifier("eventSerializer")
    private Serializer eventSerializer;

    private Object lastPayload(AuditId id) {
        var events = audits.events(id);
        return events.get(events.size() - 1).getPayload();
    }

    private int eventCount(AuditId id) {
        return audits.events(id).size();
    }

    @Nested
    class OpenAnAudit {

        @Test
        void opensTheFirstAuditAnswering201WithTheIdVersionLocationAndETag() throws Exception {
            ProjectNumber project = newProject();
            http.perform(json(post("/api/audits"), openBody(project, AuditType.INITIAL)).with(as("admin")))
                    .andExpect(status().isCreated())
                    .andExpect(jsonPath("$.auditId").value(project.value() + ".1"))
                    .andExpect(jsonPath("$.version").value(0))
                    .andExpect(header().string("Location", "/api/audits/" + project.value() + ".1"))
                    .andExpect(header().string("ETag", "\"0\""));
            AuditOpened opened = (AuditOpened) audits.events(project).get(0).getPayload();
            assertThat(opened.schemeId()).isEqualTo("CTS-ISC-JSGF-06");
            assertThat(opened.schemeVersion()).isEqualTo("1");
            assertThat(opened.organization().contactEmail()).isEqualTo("contact@example.com");
            assertThat(opened.predecessor()).isNull();
        }

        @Test
        void refusesASurveillanceAsFirstAuditWith409StatingTheRuleAndWritesNothing() throws Exception {
            ProjectNumber project = newProject();
            http.perform(json(post("/api/audits"), openBody(project, AuditType.SURVEILLANCE)).with(as("admin")))
                    .andExpect(status().isConflict())
                    .andExpect(header().string("Content-Type", MediaType.APPLICATION_PROBLEM_JSON_VALUE))
                    .andExpect(jsonPath("$.type").value("urn:certaudit:problem:broken-rule"))
                    .andExpect(jsonPath("$.detail", containsString("the first audit of project " + project + " is an initial audit")))
                    .andExpect(jsonPath("$.requestId").isNotEmpty());
            assertThat(audits.events(project)).isEmpty();
        }

        @Test
        void recordsTheHalfDaysThePeriodStartsAndEndsIn() throws Exception {
            ProjectNumber project = newProject();
            Map<String, Object> body = openBody(project, AuditType.INITIAL);
            body.put("onSiteFromHalfDay", "MORNING");
            body.put("onSiteToHalfDay", "AFTERNOON");
            http.perform(json(post("/api/audits"), body).with(as("admin"))).andExpect(status().isCreated());
            AuditOpened opened = (AuditOpened) audits.events(project).get(0).getPayload();
            assertThat(opened.onSiteFromHalfDay()).isEqualTo(HalfDay.MORNING);
            assertThat(opened.onSiteToHalfDay()).isEqualTo(HalfDay.AFTERNOON);

            ProjectNumber without = newProject();
            http.perform(json(post("/api/audits"), openBody(without, AuditType.INITIAL)).with(as("admin")))
                    .andExpect(status().isCreated());
            assertThat(((AuditOpened) audits.events(without).get(0).getPayload()).onSiteFromHalfDay()).isNull();
        }

        @Test
        void refusesMoreOnSiteDaysThanTheHalfDaysAllowAndAPeriodEndingBeforeItStarts() throws Exception {
            ProjectNumber project = newProject();
            Map<String, Object> body = openBody(project, AuditType.INITIAL);
            // 2021-06-05 afternoon to 2021-06-07 morning: two days, not three.
            body.put("onSiteFromHalfDay", "AFTERNOON");
            body.put("onSiteToHalfDay", "MORNING");
            http.perform(json(post("/api/audits"), body).with(as("admin")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("onSiteDays"))
                    .andExpect(jsonPath("$.errors[0].code").value("open.on-site-half-days"))
                    .andExpect(jsonPath("$.errors[0].arguments.days").value("2.0"));
            body.put("onSiteDays", 2.0);
            body.put("onSiteTo", "2021-06-05");
            http.perform(json(post("/api/audits"), body).with(as("admin")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("onSiteToHalfDay"))
                    .andExpect(jsonPath("$.errors[0].code").value("open.on-site-half-day-order"));
            body.put("onSiteToHalfDay", "EVENING");
            http.perform(json(post("/api/audits"), body).with(as("admin")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("onSiteToHalfDay"));
            assertThat(audits.events(project)).isEmpty();
        }

        @Test
        void readsAnAuditOpenedRecordedBeforeHalfDaysExisted() throws Exception {
            String recorded = "{\"auditId\":{\"value\":\"0455-2021-SE.1\"},\"projectNumber\":{\"value\":\"0455-2021-SE\"},"
                    + "\"type\":\"INITIAL\",\"predecessor\":null,\"schemeId\":\"CTS-ISC-JSGF-06\",\"schemeVersion\":\"1\","
                    + "\"organization\":null,\"otherSites\":null,\"scope\":\"s\",\"criteria\":[],"
                    + "\"onSiteFrom\":\"2021-06-05\",\"onSiteTo\":\"2021-06-07\",\"onSiteDays\":3.0}";
            // Through the serializer the events are stored with, as a stored event without a revision reads.
            AuditOpened opened = eventSerializer.deserialize(new SimpleSerializedObject<>(
                    recorded, String.class, AuditOpened.class.getName(), null));
            assertThat(opened.onSiteDays()).isEqualByComparingTo("3.0");
            assertThat(opened.onSiteFromHalfDay()).isNull();
            assertThat(opened.onSiteToHalfDay()).isNull();

            String suspension = "{\"auditId\":{\"value\":\"0455-2021-SE.2\"},\"decision\":{\"outcome\":\"SUSPEND\",\"decider\":\"decider\","
                    + "\"decidedOn\":\"2022-06-20\",\"auditVersion\":208,\"total\":120.00,\"grade\":\"NOT_GRADED\","
                    + "\"reason\":\"整改期\"},\"certificateNumber\":\"CTS-2021-0455-2021-SE-1\",\"suspendedUntil\":\"2022-10-31\"}";
            org.certaudit.audit.CertificateSuspended suspended = eventSerializer.deserialize(new SimpleSerializedObject<>(
                    suspension, String.class, org.certaudit.audit.CertificateSuspended.class.getName(), null));
            assertThat(suspended.suspendedUntil()).isEqualTo(LocalDate.of(2022, 10, 31));
            assertThat(suspended.surveillanceDue()).as("stored before session 23").isNull();
        }

        @Test
        void refusesASecondOpenAuditOfTheSameProject() throws Exception {
            AuditId id = audits.opened();
            http.perform(json(post("/api/audits"), openBody(id.projectNumber(), AuditType.INITIAL)).with(as("admin")))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.detail", containsString("already has an audit in progress, " + id)));
            assertThat(eventCount(id)).isEqualTo(1);
        }

        @Test
        void refusesANewProjectNumberThatDiffersFromAnOpenOneOnlyInCaseNamingItAndWritesNothing() throws Exception {
            AuditId id = audits.opened();
            ProjectNumber lower = new ProjectNumber(id.projectNumber().value().toLowerCase(java.util.Locale.ROOT));
            http.perform(json(post("/api/audits"), openBody(lower, AuditType.INITIAL)).with(as("admin")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value("urn:certaudit:problem:invalid-input"))
                    .andExpect(jsonPath("$.errors[0].field").value("projectNumber"))
                    .andExpect(jsonPath("$.errors[0].code").value("open.project-number-upper-case"))
                    .andExpect(jsonPath("$.errors[0].arguments.value").value(lower.value()))
                    .andExpect(jsonPath("$.errors[0].message", containsString(
                            "write " + id.projectNumber().value() + ", was '" + lower.value() + "'")));
            assertThat(audits.events(lower)).isEmpty();
            assertThat(eventCount(id)).isEqualTo(1);
            // The number in capitals is the project it is: its one-open-audit rule answers, as before.
            http.perform(json(post("/api/audits"), openBody(id.projectNumber(), AuditType.INITIAL)).with(as("admin")))
                    .andExpect(status().isConflict());
        }

        @Test
        void opensASurveillanceOfAGrantedCertificateAs201WithTheNextNumber() throws Exception {
            AuditId first = audits.reviewed();
            audits.send("decider", new DecideCertification(first, org.certaudit.audit.DecisionOutcome.GRANT,
                    java.time.LocalDate.of(2021, 7, 1), "符合要求", null, audits.version(first)));
            Map<String, Object> body = openBody(first.projectNumber(), AuditType.SURVEILLANCE);
            body.put("onSiteFrom", "2022-05-10");
            body.put("onSiteTo", "2022-05-11");
            body.put("onSiteDays", 2.0);
            http.perform(json(post("/api/audits"), body).with(as("admin")))
                    .andExpect(status().isCreated())
                    .andExpect(jsonPath("$.auditId").value(first.projectNumber() + ".2"));
            AuditOpened opened = (AuditOpened) lastPayload(first);
            assertThat(opened.predecessor()).isEqualTo(first);
        }

        @Test
        void namesEveryMissingOrMalformedField() throws Exception {
            Map<String, Object> body = openBody(newProject(), AuditType.INITIAL);
            body.remove("type");
            body.put("scope", " ");
            body.put("onSiteDays", 3.25);
            ((Map<String, Object>) body.get("organization")).put("contactEmail", "not-an-email");
            http.perform(json(post("/api/audits"), body).with(as("admin")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value("urn:certaudit:problem:invalid-input"))
                    .andExpect(jsonPath("$.errors[*].field").value(org.hamcrest.Matchers.containsInAnyOrder(
                            "onSiteDays", "organization.contactEmail", "scope", "type")));
        }

        @Test
        void refusesOnSiteDaysFinerThanHalfDaysInWordsNamingTheUnit() throws Exception {
            Map<String, Object> body = openBody(newProject(), AuditType.INITIAL);
            body.put("onSiteDays", 0.05);
            http.perform(json(post("/api/audits"), body).with(as("admin")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("onSiteDays"))
                    .andExpect(jsonPath("$.errors[0].code").value("field.decimals"))
                    .andExpect(jsonPath("$.errors[0].arguments.fraction").value(1))
                    .andExpect(jsonPath("$.errors[0].message").value(AuditRequests.DAYS_DIGITS));
        }

        @Test
        void refusesAThousandOnSiteDaysByTheirSizeAloneNotByDecimalsTheyDoNotHave() throws Exception {
            ProjectNumber project = newProject();
            Map<String, Object> body = openBody(project, AuditType.INITIAL);
            body.put("onSiteDays", 1000);
            http.perform(json(post("/api/audits"), body).with(as("admin")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors.length()").value(1))
                    .andExpect(jsonPath("$.errors[0].field").value("onSiteDays"))
                    .andExpect(jsonPath("$.errors[0].code").value("field.max"))
                    .andExpect(jsonPath("$.errors[0].message").value(AuditRequests.DAYS_MAX));
            assertThat(audits.events(project)).isEmpty();
        }

        @Test
        void takesOnSiteDaysWhoseDecimalsBeyondTheFirstAreZeros() throws Exception {
            ProjectNumber project = newProject();
            Map<String, Object> body = openBody(project, AuditType.INITIAL);
            body.put("onSiteDays", new java.math.BigDecimal("2.50"));
            http.perform(json(post("/api/audits"), body).with(as("admin"))).andExpect(status().isCreated());
            assertThat(((AuditOpened) audits.events(project).get(0).getPayload()).onSiteDays()).isEqualByComparingTo("2.5");

            Map<String, Object> finer = openBody(newProject(), AuditType.INITIAL);
            finer.put("onSiteDays", new java.math.BigDecimal("2.250"));
            http.perform(json(post("/api/audits"), finer).with(as("admin")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("onSiteDays"))
                    .andExpect(jsonPath("$.errors[0].code").value("field.decimals"));
        }

        @Test
        void refusesNoOnSiteDaysWithTheRuleThatTheyMustBeMoreThanNone() throws Exception {
            Map<String, Object> body = openBody(newProject(), AuditType.INITIAL);
            body.put("onSiteDays", 0);
            http.perform(json(post("/api/audits"), body).with(as("admin")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("onSiteDays"))
                    .andExpect(jsonPath("$.errors[0].code").value("field.above"))
                    .andExpect(jsonPath("$.errors[0].arguments.value").value("0"));
        }

        @Test
        void refusesALineageRuleJudgedOnTheFirstOnSiteDayNamingOnSiteFromAndWritesNothing() throws Exception {
            AuditId first = audits.reviewed();
            audits.send("decider", new DecideCertification(first, org.certaudit.audit.DecisionOutcome.GRANT,
                    LocalDate.of(2021, 7, 1), "符合要求", null, audits.version(first)));
            int before = eventCount(first);
            Map<String, Object> onTheDecisionDay = openBody(first.projectNumber(), AuditType.SURVEILLANCE);
            onTheDecisionDay.put("onSiteFrom", "2021-07-01");
            onTheDecisionDay.put("onSiteTo", "2021-07-02");
            onTheDecisionDay.put("onSiteDays", 2.0);
            http.perform(json(post("/api/audits"), onTheDecisionDay).with(as("admin")))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.errors.length()").value(1))
                    .andExpect(jsonPath("$.errors[0].field").value("onSiteFrom"))
                    .andExpect(jsonPath("$.errors[0].code").value("lineage.on-site-after-decision"))
                    .andExpect(jsonPath("$.errors[0].arguments.decidedOn").value("2021-07-01"));
            Map<String, Object> whileValid = openBody(first.projectNumber(), AuditType.INITIAL);
            whileValid.put("onSiteFrom", "2022-05-10");
            whileValid.put("onSiteTo", "2022-05-11");
            whileValid.put("onSiteDays", 2.0);
            http.perform(json(post("/api/audits"), whileValid).with(as("admin")))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.errors[0].field").value("onSiteFrom"))
                    .andExpect(jsonPath("$.errors[0].code").value("lineage.initial-with-certificate"))
                    .andExpect(jsonPath("$.errors[0].arguments.day").value("2022-05-10"));
            Map<String, Object> afterExpiry = openBody(first.projectNumber(), AuditType.SURVEILLANCE);
            afterExpiry.put("onSiteFrom", "2024-07-01");
            afterExpiry.put("onSiteTo", "2024-07-02");
            afterExpiry.put("onSiteDays", 2.0);
            http.perform(json(post("/api/audits"), afterExpiry).with(as("admin")))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.errors[0].field").value("onSiteFrom"))
                    .andExpect(jsonPath("$.errors[0].code").value("lineage.surveillance-needs-certificate"))
                    .andExpect(jsonPath("$.errors[0].arguments.status").value("EXPIRED"));
            assertThat(eventCount(first)).isEqualTo(before);
        }

        @Test
        void refusesAFirstAuditThatIsNotInitialNamingTypeAndACopiedTeamWithoutPredecessorNamingCopyTeam() throws Exception {
            ProjectNumber project = newProject();
            http.perform(json(post("/api/audits"), openBody(project, AuditType.SURVEILLANCE)).with(as("admin")))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.errors.length()").value(1))
                    .andExpect(jsonPath("$.errors[0].field").value("type"))
                    .andExpect(jsonPath("$.errors[0].code").value("lineage.first-audit-initial"))
                    .andExpect(jsonPath("$.errors[0].arguments.type").value("SURVEILLANCE"));
            Map<String, Object> copied = openBody(project, AuditType.INITIAL);
            copied.put("copyTeam", true);
            http.perform(json(post("/api/audits"), copied).with(as("admin")))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.errors.length()").value(1))
                    .andExpect(jsonPath("$.errors[0].field").value("copyTeam"))
                    .andExpect(jsonPath("$.errors[0].code").value("lineage.no-predecessor"));
            assertThat(audits.events(project)).isEmpty();
        }

        @Test
        void refusesADateThatIsNoDateNamingTheField() throws Exception {
            Map<String, Object> body = openBody(newProject(), AuditType.INITIAL);
            body.put("onSiteFrom", "2021-13-05");
            http.perform(json(post("/api/audits"), body).with(as("admin")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("onSiteFrom"))
                    .andExpect(jsonPath("$.errors[0].message").value("'2021-13-05' is not a date in the form yyyy-MM-dd"))
                    .andExpect(jsonPath("$.errors[0].code").value("field.date"))
                    .andExpect(jsonPath("$.errors[0].arguments.value").value("2021-13-05"))
                    .andExpect(jsonPath("$.errors[0].arguments.earliest").value("1990-01-01"));
        }

        @Test
        void refusesAnOnSitePeriodStartingBeyondTheHorizonNamingOnSiteFromAndWritesNothing() throws Exception {
            // The regulator's case: a mistyped year would leave an audit no act can ever be dated in.
            ProjectNumber project = newProject();
            LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
            Map<String, Object> body = openBody(project, AuditType.INITIAL);
            body.put("onSiteFrom", "2099-04-10");
            body.put("onSiteTo", "2099-04-12");
            http.perform(json(post("/api/audits"), body).with(as("admin")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.type").value("urn:certaudit:problem:invalid-input"))
                    .andExpect(jsonPath("$.errors[0].field").value("onSiteFrom"))
                    .andExpect(jsonPath("$.errors[0].code").value("open.on-site-too-far-ahead"))
                    .andExpect(jsonPath("$.errors[0].arguments.days").value(366))
                    .andExpect(jsonPath("$.errors[0].arguments.latest").value(
                            org.hamcrest.Matchers.oneOf(today.plusDays(366).toString(), today.plusDays(367).toString())));
            assertThat(audits.events(project)).isEmpty();
        }

        @Test
        void opensAnAuditOnSiteOnTheLastDayOfTheHorizon() throws Exception {
            ProjectNumber project = newProject();
            // Today on the certification body's calendar; a test run across its midnight still lands inside.
            LocalDate last = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(366);
            Map<String, Object> body = openBody(project, AuditType.INITIAL);
            body.put("onSiteFrom", last.toString());
            body.put("onSiteTo", last.plusDays(2).toString());
            http.perform(json(post("/api/audits"), body).with(as("admin"))).andExpect(status().isCreated());
            ProjectNumber beyond = newProject();
            Map<String, Object> later = openBody(beyond, AuditType.INITIAL);
            later.put("onSiteFrom", last.plusDays(2).toString());
            later.put("onSiteTo", last.plusDays(4).toString());
            http.perform(json(post("/api/audits"), later).with(as("admin")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].code").value("open.on-site-too-far-ahead"));
        }

        @Test
        void refusesAnEndBeforeTheStartNamingOnSiteTo() throws Exception {
            Map<String, Object> body = openBody(newProject(), AuditType.INITIAL);
            body.put("onSiteTo", "2021-06-01");
            http.perform(json(post("/api/audits"), body).with(as("admin")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("onSiteTo"));
        }

        @Test
        void refusesAnUnknownAuditTypeListingTheKnownOnes() throws Exception {
            Map<String, Object> body = openBody(newProject(), AuditType.INITIAL);
            body.put("type", "MAINTENANCE");
            http.perform(json(post("/api/audits"), body).with(as("admin")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("type"))
                    .andExpect(jsonPath("$.errors[0].message", containsString("INITIAL, SURVEILLANCE, RECERTIFICATION")));
        }

        @Test
        void refusesAnUnknownSchemeNamingSchemeId() throws Exception {
            Map<String, Object> body = openBody(newProject(), AuditType.INITIAL);
            body.put("schemeId", "ISO-9001");
            http.perform(json(post("/api/audits"), body).with(as("admin")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("schemeId"));
        }

        @Test
        void refusesAFieldItDoesNotKnow() throws Exception {
            Map<String, Object> body = openBody(newProject(), AuditType.INITIAL);
            body.put("auditorName", "x");
            http.perform(json(post("/api/audits"), body).with(as("admin")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("auditorName"))
                    .andExpect(jsonPath("$.errors[0].message").value("is not a field of this request"));
        }

        @Test
        void refusesMalformedJson() throws Exception {
            http.perform(json(post("/api/audits"), "{\"projectNumber\": ").with(as("admin")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("body"));
        }

        @Test
        void refusesAMissingBody() throws Exception {
            http.perform(post("/api/audits").contentType(MediaType.APPLICATION_JSON).with(as("admin")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("body"));
        }

        @Test
        void refusesABodyThatIsNotJson() throws Exception {
            http.perform(post("/api/audits").contentType(MediaType.TEXT_PLAIN).content("hello").with(as("admin")))
                    .andExpect(status().isUnsupportedMediaType())
                    .andExpect(jsonPath("$.status").value(415));
        }
    }

    @Nested
    class Cancellation {

        @Test
        void theAdminCancelsAnOpenAuditWithAReasonAnsweringTheNewVersion() throws Exception {
            AuditId id = audits.readyToScore();
            int before = eventCount(id);
            http.perform(json(post("/api/audits/" + id + "/cancellation"), Map.of("reason", "现场审查日期录入错误"))
                            .with(as("admin")))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.auditId").value(id.value()))
                    .andExpect(jsonPath("$.version").value(before))
                    .andExpect(header().string("ETag", "\"" + before + "\""));
            assertThat(lastPayload(id)).isEqualTo(new AuditCancelled(id, "admin", "现场审查日期录入错误"));
        }

        @Test
        void refusesACancellationWithoutAReasonNamingItAndWritesNothing() throws Exception {
            AuditId id = audits.opened();
            for (Object body : List.of(Map.of(), Map.of("reason", "  "))) {
                http.perform(json(post("/api/audits/" + id + "/cancellation"), body).with(as("admin")))
                        .andExpect(status().isBadRequest())
                        .andExpect(jsonPath("$.errors[0].field").value("reason"))
                        .andExpect(jsonPath("$.errors[0].code").value("field.required"));
            }
            assertThat(eventCount(id)).isEqualTo(1);
        }

        @Test
        void refusesCancellingADecidedAuditWith409AndWritesNothing() throws Exception {
            AuditId id = audits.reviewed();
            audits.send("decider", new DecideCertification(id, org.certaudit.audit.DecisionOutcome.GRANT,
                    LocalDate.of(2021, 7, 1), "符合要求", null, audits.version(id)));
            int before = eventCount(id);
            http.perform(json(post("/api/audits/" + id + "/cancellation"), Map.of("reason", "误开")).with(as("admin")))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.errors[0].code").value("cancel.decided"))
                    .andExpect(jsonPath("$.errors[0].arguments.outcome").value("GRANT"))
                    .andExpect(jsonPath("$.errors[0].arguments.decidedOn").value("2021-07-01"));
            assertThat(eventCount(id)).isEqualTo(before);
        }

        @Test
        void aCancelledAuditTakesNoChangeWith409AndWritesNothing() throws Exception {
            AuditId id = audits.readyToScore();
            audits.send("admin", new CancelAudit(id, "客户撤回申请"));
            int before = eventCount(id);
            http.perform(json(put("/api/audits/" + id + "/items/B8"), scoreBody("97")).with(as("auditor")))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.errors[0].code").value("audit.cancelled"))
                    .andExpect(jsonPath("$.errors[0].arguments.cancelledBy").value("admin"));
            http.perform(json(post("/api/audits/" + id + "/cancellation"), Map.of("reason", "再次")).with(as("admin")))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.errors[0].code").value("audit.cancelled"));
            assertThat(eventCount(id)).isEqualTo(before);
        }

        @Test
        void answers404ForAnAuditThatDoesNotExist() throws Exception {
            http.perform(json(post("/api/audits/" + newProject() + ".1/cancellation"), Map.of("reason", "误开"))
                            .with(as("admin")))
                    .andExpect(status().isNotFound());
        }

        @Test
        void theRegulatorsCaseTheProjectOpensItsNextAuditOnceTheStuckOneIsCancelled() throws Exception {
            AuditId first = audits.reviewed();
            audits.send("decider", new DecideCertification(first, org.certaudit.audit.DecisionOutcome.GRANT,
                    LocalDate.of(2021, 7, 1), "符合要求", null, audits.version(first)));
            Map<String, Object> stuck = openBody(first.projectNumber(), AuditType.SURVEILLANCE);
            stuck.put("onSiteFrom", "2022-05-10");
            stuck.put("onSiteTo", "2022-05-11");
            stuck.put("onSiteDays", 2.0);
            http.perform(json(post("/api/audits"), stuck).with(as("admin"))).andExpect(status().isCreated());
            AuditId second = AuditId.of(first.projectNumber(), 2);
            http.perform(json(post("/api/audits"), stuck).with(as("admin")))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.errors[0].code").value("lineage.one-at-a-time"))
                    // A rule about the project as a whole: no date of the request would meet it.
                    .andExpect(jsonPath("$.errors[0].field").doesNotExist());
            http.perform(json(post("/api/audits/" + second + "/cancellation"), Map.of("reason", "日期有误"))
                    .with(as("admin"))).andExpect(status().isOk());
            http.perform(json(post("/api/audits"), stuck).with(as("admin")))
                    .andExpect(status().isCreated())
                    .andExpect(jsonPath("$.auditId").value(first.projectNumber() + ".3"));
            assertThat(((AuditOpened) lastPayload(first)).predecessor()).isEqualTo(first);
        }
    }

    @Nested
    class Rescheduling {

        private Map<String, Object> moved(String from, String to, double days) {
            Map<String, Object> body = new java.util.HashMap<>(Map.of("onSiteFrom", from, "onSiteTo", to,
                    "onSiteDays", days, "reason", "受审查方申请改期"));
            return body;
        }

        @Test
        void theAdminMovesTheOnSitePeriodAnsweringTheNewVersionAndTheEventCarriesBothPeriods() throws Exception {
            AuditId id = audits.readyToScore();
            int before = eventCount(id);
            Map<String, Object> body = moved("2021-06-12", "2021-06-14", 2.5);
            body.put("onSiteFromHalfDay", "AFTERNOON");
            http.perform(json(put("/api/audits/" + id + "/on-site"), body).with(as("admin")))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.auditId").value(id.value()))
                    .andExpect(jsonPath("$.version").value(before))
                    .andExpect(header().string("ETag", "\"" + before + "\""));
            OnSiteAuditRescheduled rescheduled = (OnSiteAuditRescheduled) lastPayload(id);
            assertThat(rescheduled.previous().samePeriod(new OnSitePeriod(LocalDate.of(2021, 6, 5),
                    LocalDate.of(2021, 6, 7), new java.math.BigDecimal("3.0"), null, null))).as(rescheduled.toString()).isTrue();
            assertThat(rescheduled.period().samePeriod(new OnSitePeriod(LocalDate.of(2021, 6, 12),
                    LocalDate.of(2021, 6, 14), new java.math.BigDecimal("2.5"), HalfDay.AFTERNOON, null)))
                    .as(rescheduled.toString()).isTrue();
            assertThat(rescheduled.rescheduledBy()).isEqualTo("admin");
            assertThat(rescheduled.reason()).isEqualTo("受审查方申请改期");
        }

        @Test
        void takesOnSiteDaysWrittenWithTrailingZerosAsTheDaysTheyAre() throws Exception {
            AuditId id = audits.readyToScore();
            Map<String, Object> body = moved("2021-06-12", "2021-06-14", 0);
            body.put("onSiteDays", new java.math.BigDecimal("3.00"));
            http.perform(json(put("/api/audits/" + id + "/on-site"), body).with(as("admin"))).andExpect(status().isOk());
            OnSiteAuditRescheduled rescheduled = (OnSiteAuditRescheduled) lastPayload(id);
            assertThat(rescheduled.period().days()).isEqualByComparingTo("3");
        }

        @Test
        void refusesAPeriodTheOpeningWouldRefuseNamingTheFieldAndTheRuleAndWritesNothing() throws Exception {
            AuditId id = audits.readyToScore();
            int before = eventCount(id);
            http.perform(json(put("/api/audits/" + id + "/on-site"), moved("2021-06-12", "2021-06-10", 1.0))
                            .with(as("admin")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("onSiteTo"))
                    .andExpect(jsonPath("$.errors[0].code").value("open.on-site-order"))
                    .andExpect(jsonPath("$.errors[0].arguments.onSiteFrom").value("2021-06-12"));
            http.perform(json(put("/api/audits/" + id + "/on-site"), moved("2021-06-12", "2021-06-13", 3.0))
                            .with(as("admin")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("onSiteDays"))
                    .andExpect(jsonPath("$.errors[0].code").value("open.on-site-days"))
                    .andExpect(jsonPath("$.errors[0].arguments.calendarDays").value(2));
            Map<String, Object> halfDays = moved("2021-06-12", "2021-06-13", 2.0);
            halfDays.put("onSiteFromHalfDay", "AFTERNOON");
            http.perform(json(put("/api/audits/" + id + "/on-site"), halfDays).with(as("admin")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("onSiteDays"))
                    .andExpect(jsonPath("$.errors[0].code").value("open.on-site-half-days"));
            Map<String, Object> noReason = moved("2021-06-12", "2021-06-13", 2.0);
            noReason.remove("reason");
            http.perform(json(put("/api/audits/" + id + "/on-site"), noReason).with(as("admin")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("reason"))
                    .andExpect(jsonPath("$.errors[0].code").value("field.required"));
            LocalDate beyond = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(368);
            http.perform(json(put("/api/audits/" + id + "/on-site"), moved(beyond.toString(), beyond.toString(), 1.0))
                            .with(as("admin")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("onSiteFrom"))
                    .andExpect(jsonPath("$.errors[0].code").value("open.on-site-too-far-ahead"))
                    .andExpect(jsonPath("$.errors[0].arguments.days").value(366));
            assertThat(eventCount(id)).isEqualTo(before);
        }

        @Test
        void refusesTheSamePeriodARecommendedAndACancelledAuditWith409AndWritesNothing() throws Exception {
            AuditId open = audits.readyToScore();
            int before = eventCount(open);
            http.perform(json(put("/api/audits/" + open + "/on-site"), moved("2021-06-05", "2021-06-07", 3))
                            .with(as("admin")))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.errors[0].code").value("reschedule.same-period"))
                    .andExpect(jsonPath("$.errors[0].field").value("onSiteFrom"))
                    .andExpect(jsonPath("$.errors[0].arguments.onSiteFrom").value("2021-06-05"));
            assertThat(eventCount(open)).isEqualTo(before);

            AuditId recommended = audits.recommended();
            before = eventCount(recommended);
            http.perform(json(put("/api/audits/" + recommended + "/on-site"), moved("2021-06-06", "2021-06-07", 2.0))
                            .with(as("admin")))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.errors[0].code").value("audit.closed"));
            assertThat(eventCount(recommended)).isEqualTo(before);

            AuditId cancelled = audits.readyToScore();
            audits.send("admin", new CancelAudit(cancelled, "客户撤回申请"));
            before = eventCount(cancelled);
            http.perform(json(put("/api/audits/" + cancelled + "/on-site"), moved("2021-06-06", "2021-06-07", 2.0))
                            .with(as("admin")))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.errors[0].code").value("audit.cancelled"));
            assertThat(eventCount(cancelled)).isEqualTo(before);
        }

        @Test
        void refusesMovingTheBegunVisitOfAScoredAuditAfterTodayNamingTheScoredItems() throws Exception {
            AuditId id = audits.fullyScored();
            int before = eventCount(id);
            LocalDate tomorrow = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(1);
            http.perform(json(put("/api/audits/" + id + "/on-site"),
                            moved(tomorrow.toString(), tomorrow.plusDays(1).toString(), 2.0)).with(as("admin")))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.errors[0].code").value("reschedule.visit-began"))
                    .andExpect(jsonPath("$.errors[0].field").value("onSiteFrom"))
                    .andExpect(jsonPath("$.errors[0].arguments.scored").value(94))
                    .andExpect(jsonPath("$.errors[0].arguments.begunOn").value("2021-06-05"))
                    .andExpect(jsonPath("$.errors[0].arguments.onSiteFrom").value(tomorrow.toString()));
            assertThat(eventCount(id)).isEqualTo(before);
        }

        @Test
        void refusesMovingASurveillanceToADayItsCertificateHasExpiredOnNamingOnSiteFromAndWritesNothing()
                throws Exception {
            AuditId first = audits.reviewed();
            audits.send("decider", new DecideCertification(first, org.certaudit.audit.DecisionOutcome.GRANT,
                    LocalDate.of(2021, 7, 1), "符合要求", null, audits.version(first)));
            Map<String, Object> surveillance = openBody(first.projectNumber(), AuditType.SURVEILLANCE);
            surveillance.put("onSiteFrom", "2022-05-10");
            surveillance.put("onSiteTo", "2022-05-11");
            surveillance.put("onSiteDays", 2.0);
            http.perform(json(post("/api/audits"), surveillance).with(as("admin"))).andExpect(status().isCreated());
            AuditId id = AuditId.of(first.projectNumber(), 2);
            int before = eventCount(id);
            http.perform(json(put("/api/audits/" + id + "/on-site"), moved("2024-07-01", "2024-07-02", 2.0))
                            .with(as("admin")))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.errors.length()").value(1))
                    .andExpect(jsonPath("$.errors[0].field").value("onSiteFrom"))
                    .andExpect(jsonPath("$.errors[0].code").value("lineage.surveillance-needs-certificate"))
                    .andExpect(jsonPath("$.errors[0].arguments.status").value("EXPIRED"))
                    .andExpect(jsonPath("$.errors[0].arguments.day").value("2024-07-01"));
            http.perform(json(put("/api/audits/" + id + "/on-site"), moved("2021-07-01", "2021-07-02", 2.0))
                            .with(as("admin")))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.errors[0].field").value("onSiteFrom"))
                    .andExpect(jsonPath("$.errors[0].code").value("lineage.on-site-after-decision"));
            assertThat(eventCount(id)).isEqualTo(before);
        }

        @Test
        void onlyTheAdminReschedulesNotTheTeamsLeader() throws Exception {
            AuditId id = audits.readyToScore();
            int before = eventCount(id);
            http.perform(json(put("/api/audits/" + id + "/on-site"), moved("2021-06-06", "2021-06-07", 2.0))
                            .with(as("leader")))
                    .andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.errors[0].code").value("permission.role"));
            assertThat(eventCount(id)).isEqualTo(before);
        }

        @Test
        void aRetryUnderTheSameIdempotencyKeyAnswersTheFirstAnswerAndWritesOnce() throws Exception {
            AuditId id = audits.readyToScore();
            int before = eventCount(id);
            for (int attempt = 0; attempt < 2; attempt++) {
                http.perform(json(put("/api/audits/" + id + "/on-site"), moved("2021-06-06", "2021-06-07", 2.0))
                                .header("Idempotency-Key", "reschedule-1").with(as("admin")))
                        .andExpect(status().isOk())
                        .andExpect(jsonPath("$.version").value(before));
            }
            assertThat(eventCount(id)).isEqualTo(before + 1);
        }

        @Test
        void answers404ForAnAuditThatDoesNotExist() throws Exception {
            http.perform(json(put("/api/audits/" + newProject() + ".1/on-site"), moved("2021-06-06", "2021-06-07", 2.0))
                            .with(as("admin")))
                    .andExpect(status().isNotFound());
        }
    }

    @Nested
    class Team {

        @Test
        void assignsAMemberAnswering201WithLocation() throws Exception {
            AuditId id = audits.opened();
            http.perform(json(post("/api/audits/{id}/team", id), memberBody("A", TeamRole.LEADER, "leader")).with(as("admin")))
                    .andExpect(status().isCreated())
                    .andExpect(header().string("Location", "/api/audits/" + id + "/team/A"))
                    .andExpect(jsonPath("$.version").value(1))
                    .andExpect(header().string("ETag", "\"1\""));
            TeamMemberAssigned assigned = (TeamMemberAssigned) lastPayload(id);
            assertThat(assigned.member().userName()).isEqualTo("leader");
            assertThat(assigned.member().role()).isEqualTo(TeamRole.LEADER);
        }

        @Test
        void refusesASecondLeaderWith409() throws Exception {
            AuditId id = audits.staffed();
            http.perform(json(post("/api/audits/{id}/team", id), memberBody("C", TeamRole.LEADER, "zhang")).with(as("admin")))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.detail", containsString("an audit team has exactly one leader")));
            assertThat(eventCount(id)).isEqualTo(3);
        }

        /** Sign-in finds user auditor under AUDITOR too: a second place for that name would be one nobody can act in. */
        @Test
        void refusesAUserAlreadyOnTheTeamUnderAnotherCaseOrInFullwidthLettersWith409AndWritesNothing() throws Exception {
            AuditId id = audits.staffed();
            for (String sameUser : List.of("AUDITOR", "ａｕｄｉｔｏｒ", " Auditor ")) {
                http.perform(json(post("/api/audits/{id}/team", id), memberBody("D", TeamRole.MEMBER, sameUser))
                                .with(as("admin")))
                        .andExpect(status().isConflict())
                        .andExpect(jsonPath("$.errors[0].code").value("team.user-on-team"))
                        .andExpect(jsonPath("$.errors[0].arguments.member").value("B 李明"));
            }
            assertThat(eventCount(id)).isEqualTo(3);
        }

        /** A name that looks like auditor on every page but names nobody who signs in: the member could never sign. */
        @Test
        void refusesAUserNameWithInvisibleCharactersNamingItAndWritesNothing() throws Exception {
            AuditId id = audits.staffed();
            for (String lookAlike : List.of("aud\u200Bitor", "\u202Eauditor", "reviewer\u00AD", "audi\ttor")) {
                http.perform(json(post("/api/audits/{id}/team", id), memberBody("D", TeamRole.MEMBER, lookAlike))
                                .with(as("admin")))
                        .andExpect(status().isBadRequest())
                        .andExpect(jsonPath("$.errors[0].field").value("userName"))
                        .andExpect(jsonPath("$.errors[0].code").value("field.format"))
                        .andExpect(jsonPath("$.errors[0].message").value(AuditRequests.VISIBLE_RULE));
            }
            assertThat(eventCount(id)).isEqualTo(3);
            // A name in another script, or with a space between its parts, is still one.
            http.perform(json(post("/api/audits/{id}/team", id), memberBody("D", TeamRole.MEMBER, "王 晨")).with(as("admin")))
                    .andExpect(status().isCreated());
        }

        @Test
        void refusesAMalformedCodeNamingIt() throws Exception {
            AuditId id = audits.opened();
            http.perform(json(post("/api/audits/{id}/team", id), memberBody("a1", TeamRole.MEMBER, "x")).with(as("admin")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("code"));
        }

        @Test
        void answers404ForAnAuditThatDoesNotExist() throws Exception {
            http.perform(json(post("/api/audits/{id}/team", "NOPE-2021-SE.1"), memberBody("A", TeamRole.LEADER, "leader"))
                            .with(as("admin")))
                    .andExpect(status().isNotFound())
                    .andExpect(jsonPath("$.detail").value("audit NOPE-2021-SE.1 does not exist"));
        }

        @Test
        void answers404ForAnAuditNumberTheProjectDoesNotHave() throws Exception {
            AuditId id = audits.opened();
            http.perform(json(post("/api/audits/{id}/team", id.projectNumber() + ".7"), memberBody("A", TeamRole.LEADER, "leader"))
                            .with(as("admin")))
                    .andExpect(status().isNotFound())
                    .andExpect(jsonPath("$.detail", containsString("has no audit " + id.projectNumber() + ".7")));
        }

        @Test
        void answers400ForAMalformedAuditIdNamingIt() throws Exception {
            http.perform(json(post("/api/audits/{id}/team", "no-number"), memberBody("A", TeamRole.LEADER, "leader"))
                            .with(as("admin")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("id"));
        }

        @Test
        void removesAMemberWithAReason() throws Exception {
            AuditId id = audits.staffed();
            http.perform(delete("/api/audits/{id}/team/{code}", id, "B").param("reason", "调整").with(as("admin")))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.version").value(3));
            assertThat(lastPayload(id)).isEqualTo(new TeamMemberRemoved(id, "B", "调整"));
        }

        @Test
        void refusesRemovingAMemberWithoutAReason() throws Exception {
            AuditId id = audits.staffed();
            http.perform(delete("/api/audits/{id}/team/{code}", id, "B").with(as("admin")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("reason"))
                    .andExpect(jsonPath("$.errors[0].code").value("field.required"));
            assertThat(eventCount(id)).isEqualTo(3);
        }

        @Test
        void answers404RemovingAMemberTheTeamDoesNotHave() throws Exception {
            AuditId id = audits.staffed();
            http.perform(delete("/api/audits/{id}/team/{code}", id, "Z").param("reason", "调整").with(as("admin")))
                    .andExpect(status().isNotFound())
                    .andExpect(jsonPath("$.detail", containsString("has no team member Z")));
        }
    }

    /** RFC 9110 12.5.1: a command whose Accept refuses its one answer, JSON, is a 406 before it runs. */
    @Nested
    class Negotiation {

        @Test
        void refusesACommandWhoseAcceptRefusesJsonWith406AndWritesNothing() throws Exception {
            AuditId id = audits.opened();
            for (String accept : List.of("application/json;q=0", "*/*;q=0", "*/*, application/json;q=0",
                    "application/json;q=0, */*", "text/html", "application/json;level=1")) {
                http.perform(json(post("/api/audits/{id}/team", id), memberBody("A", TeamRole.LEADER, "leader"))
                                .header("Accept", accept).with(as("admin")))
                        .andExpect(status().isNotAcceptable())
                        .andExpect(header().string("Content-Type", MediaType.APPLICATION_PROBLEM_JSON_VALUE))
                        .andExpect(header().doesNotExist("Content-Disposition"))
                        .andExpect(jsonPath("$.errors[0].field").value("Accept"))
                        .andExpect(jsonPath("$.errors[0].code").value("request.not-acceptable"))
                        .andExpect(jsonPath("$.errors[0].arguments.value").value(accept))
                        .andExpect(jsonPath("$.errors[0].arguments.available[0]").value("application/json"));
                assertThat(eventCount(id)).as(accept).isEqualTo(1);
            }
        }

        @Test
        void answersTheAcceptHeadersClientsAndBrowsersSend() throws Exception {
            for (String accept : Arrays.asList(null, "*/*", "application/json",
                    "application/problem+json, application/json", "application/json;charset=UTF-8",
                    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "application/json;q=0.1, text/html")) {
                AuditId id = audits.opened();
                var request = json(post("/api/audits/{id}/team", id), memberBody("A", TeamRole.LEADER, "leader"))
                        .with(as("admin"));
                http.perform(accept == null ? request : request.header("Accept", accept))
                        .andExpect(status().isCreated())
                        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON));
                assertThat(eventCount(id)).as(String.valueOf(accept)).isEqualTo(2);
            }
        }
    }

    @Nested
    class Pledges {

        @Test
        void aMemberSignsTheirOwnPledge() throws Exception {
            AuditId id = audits.staffed();
            http.perform(json(post("/api/audits/{id}/pledges", id), Map.of("signedOn", "2021-06-07")).with(as("auditor")))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.version").value(3));
            assertThat(lastPayload(id)).isEqualTo(new PledgeSigned(id, "B", java.time.LocalDate.of(2021, 6, 7)));
        }

        @Test
        void refusesAPledgeDatedAfterTodayOnTheCertificationBodysCalendarNamingTheField() throws Exception {
            AuditId id = audits.staffed();
            LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
            http.perform(json(post("/api/audits/{id}/pledges", id), Map.of("signedOn", today.plusDays(1).toString()))
                            .with(as("auditor")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("signedOn"))
                    .andExpect(jsonPath("$.errors[0].code").value("field.not-after-today"))
                    // Which day was today, and on which calendar: near midnight the caller's may be another.
                    .andExpect(jsonPath("$.errors[0].arguments.today").value(today.toString()))
                    .andExpect(jsonPath("$.errors[0].arguments.zone").value("Asia/Shanghai"));
            assertThat(eventCount(id)).isEqualTo(3);
            http.perform(json(post("/api/audits/{id}/pledges", id), Map.of("signedOn", today.toString())).with(as("auditor")))
                    .andExpect(status().isOk());
        }

        @Test
        void refusesSigningForAnotherMemberWith403() throws Exception {
            AuditId id = audits.staffed();
            http.perform(json(post("/api/audits/{id}/pledges", id), Map.of("signedOn", "2021-06-07", "memberCode", "A"))
                            .with(as("auditor")))
                    .andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.detail", containsString("each member signs the pledge for themselves")));
            assertThat(eventCount(id)).isEqualTo(3);
        }

        @Test
        void refusesSigningTwiceWith409() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(post("/api/audits/{id}/pledges", id), Map.of("signedOn", "2021-06-08")).with(as("leader")))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.detail", containsString("a pledge is signed once")));
        }

        @Test
        void refusesAMissingDateNamingIt() throws Exception {
            AuditId id = audits.staffed();
            http.perform(json(post("/api/audits/{id}/pledges", id), Map.of()).with(as("leader")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("signedOn"));
        }
    }

    @Nested
    class PledgeCorrections {

        private static final String REASON = "签署时误用了表单默认日期";

        private Map<String, Object> correction(String signedOn) {
            return Map.of("signedOn", signedOn, "reason", REASON);
        }

        @Test
        void aMemberCorrectsTheDateOfTheirOwnPledgeAnsweringTheNewVersion() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(put("/api/audits/{id}/pledges/{code}", id, "A"), correction("2021-06-05"))
                            .header("If-Match", "\"4\"").header("Idempotency-Key", "correct-" + id).with(as("leader")))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.version").value(5))
                    .andExpect(header().string("ETag", "\"5\""));
            assertThat(lastPayload(id)).isEqualTo(new PledgeDateCorrected(id, "A", LocalDate.of(2021, 6, 7), LocalDate.of(2021, 6, 5), REASON));
            assertThat(audits.events(id).get(3).getPayload()).as("the first day stays in the stream")
                    .isEqualTo(new PledgeSigned(id, "A", LocalDate.of(2021, 6, 7)));
        }

        @Test
        void refusesCorrectingAnotherMembersPledgeWith403AndWritesNothing() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(put("/api/audits/{id}/pledges/{code}", id, "A"), correction("2021-06-05")).with(as("auditor")))
                    .andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.errors[0].code").value("permission.own-pledge-correction"))
                    .andExpect(jsonPath("$.errors[0].arguments.ownCode").value("B"))
                    .andExpect(jsonPath("$.errors[0].arguments.memberCode").value("A"));
            assertThat(eventCount(id)).isEqualTo(5);
        }

        @Test
        void answers404ForAMemberTheTeamDoesNotHave() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(put("/api/audits/{id}/pledges/{code}", id, "Z"), correction("2021-06-05")).with(as("leader")))
                    .andExpect(status().isNotFound())
                    .andExpect(jsonPath("$.errors[0].code").value("reference.unknown-member"))
                    .andExpect(jsonPath("$.errors[0].arguments.member").value("Z"));
            assertThat(eventCount(id)).isEqualTo(5);
        }

        @Test
        void refusesAnUnsignedPledgeWith409() throws Exception {
            AuditId id = audits.staffed();
            http.perform(json(put("/api/audits/{id}/pledges/{code}", id, "B"), correction("2021-06-05")).with(as("auditor")))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.type").value("urn:certaudit:problem:broken-rule"))
                    .andExpect(jsonPath("$.errors[0].code").value("pledge.not-signed"));
            assertThat(eventCount(id)).isEqualTo(3);
        }

        @Test
        void refusesTheDayAlreadyRecordedWith409() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(put("/api/audits/{id}/pledges/{code}", id, "A"), correction("2021-06-07")).with(as("leader")))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.errors[0].code").value("pledge.correction-same-date"))
                    .andExpect(jsonPath("$.errors[0].arguments.signedOn").value("2021-06-07"));
            assertThat(eventCount(id)).isEqualTo(5);
        }

        @Test
        void refusesACorrectionOfARecommendedAuditWith409() throws Exception {
            AuditId id = audits.recommended();
            int before = eventCount(id);
            http.perform(json(put("/api/audits/{id}/pledges/{code}", id, "A"), correction("2021-06-05")).with(as("leader")))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.errors[0].code").value("audit.closed"));
            assertThat(eventCount(id)).isEqualTo(before);
        }

        @Test
        void afterTheReviewerReturnsTheAuditTheLeaderCorrectsTheDateAndRecommendsAgain() throws Exception {
            AuditId id = audits.recommended();
            audits.send("reviewer", new ReturnToTeam(id, LocalDate.of(2021, 6, 20), List.of("组长承诺书签署日期晚于现场审查")));
            http.perform(json(put("/api/audits/{id}/pledges/{code}", id, "A"), correction("2021-06-05")).with(as("leader")))
                    .andExpect(status().isOk());
            assertThat(lastPayload(id)).isEqualTo(new PledgeDateCorrected(id, "A", LocalDate.of(2021, 6, 7), LocalDate.of(2021, 6, 5), REASON));
            http.perform(json(post("/api/audits/{id}/recommendation", id), Map.of("grade", "TEN_STAR", "reportDate", "2021-06-07"))
                            .with(as("leader")))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.grade").value("TEN_STAR"));
            assertThat(lastPayload(id)).isInstanceOf(GradeRecommended.class);
        }

        @Test
        void refusesBadInputWith400NamingTheFieldAndWritesNothing() throws Exception {
            AuditId id = audits.readyToScore();
            LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
            http.perform(json(put("/api/audits/{id}/pledges/{code}", id, "A"), Map.of("signedOn", "2021-06-05"))
                            .with(as("leader")))
                    .andExpect(status().isBadRequest())
                    .andExpect(header().string("Content-Type", MediaType.APPLICATION_PROBLEM_JSON_VALUE))
                    .andExpect(jsonPath("$.type").value("urn:certaudit:problem:invalid-input"))
                    .andExpect(jsonPath("$.errors[0].field").value("reason"))
                    .andExpect(jsonPath("$.errors[0].code").value("field.required"));
            http.perform(json(put("/api/audits/{id}/pledges/{code}", id, "A"), Map.of("signedOn", "2021-06-05", "reason", " "))
                            .with(as("leader")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("reason"));
            http.perform(json(put("/api/audits/{id}/pledges/{code}", id, "A"), correction(today.plusDays(1).toString()))
                            .with(as("leader")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("signedOn"))
                    .andExpect(jsonPath("$.errors[0].code").value("field.not-after-today"));
            http.perform(json(put("/api/audits/{id}/pledges/{code}", id, "A"), correction("2021-02-30")).with(as("leader")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("signedOn"));
            http.perform(json(put("/api/audits/{id}/pledges/{code}", id, "A"), Map.of("reason", REASON)).with(as("leader")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("signedOn"))
                    .andExpect(jsonPath("$.errors[0].code").value("field.required"));
            http.perform(json(put("/api/audits/{id}/pledges/{code}", id, "a1"), correction("2021-06-05")).with(as("leader")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("memberCode"));
            assertThat(eventCount(id)).isEqualTo(5);
        }
    }

    @Nested
    class Items {

        @Test
        void scoresAnItemByDimensionCodeAnsweringTheNewVersion() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "B8"), scoreBody("97.5")).with(as("auditor")))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.auditId").value(id.value()))
                    .andExpect(jsonPath("$.version").value(5))
                    .andExpect(header().string("ETag", "\"5\""));
            assertThat(lastPayload(id)).isEqualTo(new ItemScored(id, "5.2.2.3", Percent.of("97.5"), "现场抽查记录"));
        }

        @Test
        void theSameScoreAgainAnswersTheSameVersionAndWritesNothing() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), scoreBody("99")).with(as("auditor")))
                    .andExpect(status().isOk()).andExpect(jsonPath("$.version").value(5));
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), scoreBody("99.00")).with(as("leader")))
                    .andExpect(status().isOk()).andExpect(jsonPath("$.version").value(5));
            assertThat(eventCount(id)).isEqualTo(6);
        }

        @Test
        void changingAScoreWithoutAReasonIs409AndWithOneIsARevision() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), scoreBody("99")).with(as("auditor")))
                    .andExpect(status().isOk());
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), scoreBody("95")).with(as("auditor")))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.detail", containsString("changing a score needs a reason")));
            assertThat(eventCount(id)).isEqualTo(6);
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"),
                            Map.of("percent", 95, "note", "复核", "reason", "补充抽样")).with(as("auditor")))
                    .andExpect(status().isOk()).andExpect(jsonPath("$.version").value(6));
            assertThat(lastPayload(id)).isEqualTo(
                    new ItemScoreRevised(id, "5.1.1.1", Percent.of("99"), Percent.of("95"), "复核", "补充抽样"));
        }

        @Test
        void answers404ForAClauseTheSchemeDoesNotHave() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "9.9.9"), scoreBody("90")).with(as("auditor")))
                    .andExpect(status().isNotFound())
                    .andExpect(jsonPath("$.detail", containsString("has no item '9.9.9'")))
                    .andExpect(jsonPath("$.errors[0].code").value("reference.unknown-item"))
                    .andExpect(jsonPath("$.errors[0].arguments.item").value("9.9.9"))
                    .andExpect(jsonPath("$.errors[0].arguments.audit").value(id.value()))
                    .andExpect(jsonPath("$.errors[0].arguments.scheme").value("CTS-ISC-JSGF-06"));
        }

        @Test
        void refusesAPercentAbove100NamingIt() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), scoreBody("100.5")).with(as("auditor")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("percent"))
                    .andExpect(jsonPath("$.errors[0].message").value("must be between 0 and 100"))
                    .andExpect(jsonPath("$.errors[0].code").value("field.max"))
                    .andExpect(jsonPath("$.errors[0].arguments.value").value("100"));
        }

        @Test
        void refusesAPercentWithThreeDecimalsNamingIt() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), scoreBody("99.125")).with(as("auditor")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("percent"))
                    .andExpect(jsonPath("$.errors[0].message").value("must have at most 2 decimals"))
                    .andExpect(jsonPath("$.errors[0].code").value("field.decimals"))
                    .andExpect(jsonPath("$.errors[0].arguments.fraction").value(2))
                    .andExpect(jsonPath("$.errors.length()").value(1));
        }

        @Test
        void refusesAPercentAboveAHundredWithOneErrorWhateverItsDigitsAndExponent() throws Exception {
            AuditId id = audits.readyToScore();
            int before = eventCount(id);
            for (String percent : List.of("1000", "1e400", "1E+3")) {
                http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"),
                                "{\"percent\": " + percent + ", \"note\": \"x\"}").with(as("auditor")))
                        .andExpect(status().isBadRequest())
                        .andExpect(jsonPath("$.errors.length()").value(1))
                        .andExpect(jsonPath("$.errors[0].field").value("percent"))
                        .andExpect(jsonPath("$.errors[0].code").value("field.max"))
                        .andExpect(jsonPath("$.errors[0].message").value("must be between 0 and 100"));
            }
            // Out of range and too many decimals: each rule broken once.
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), scoreBody("1000.125")).with(as("auditor")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[*].code").value(org.hamcrest.Matchers.containsInAnyOrder(
                            "field.max", "field.decimals")));
            assertThat(eventCount(id)).isEqualTo(before);
        }

        @Test
        void takesAPercentWrittenWithAnExponentAsTheNumberItIs() throws Exception {
            AuditId id = audits.readyToScore();
            // A JSON number may have an exponent (RFC 8259 6), which the strict reading keeps: 0e3 is 0, 9.75e1 is 97.5.
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), "{\"percent\": 0e3, \"note\": \"x\"}")
                            .with(as("auditor")))
                    .andExpect(status().isOk());
            var zero = (org.certaudit.audit.ItemScored) audits.events(id).get(audits.events(id).size() - 1).getPayload();
            assertThat(zero.percent()).isEqualTo(org.certaudit.scheme.Percent.ZERO);
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.2"), "{\"percent\": 9.75e1, \"note\": \"x\"}")
                            .with(as("auditor")))
                    .andExpect(status().isOk());
            var scored = (org.certaudit.audit.ItemScored) audits.events(id).get(audits.events(id).size() - 1).getPayload();
            assertThat(scored.percent()).isEqualTo(org.certaudit.scheme.Percent.of("97.5"));
        }

        @Test
        void takesAPercentWhoseDecimalsBeyondTheSecondAreZeros() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), "{\"percent\": 50.10000, \"note\": \"x\"}")
                            .with(as("auditor")))
                    .andExpect(status().isOk());
            var scored = (org.certaudit.audit.ItemScored) audits.events(id).get(audits.events(id).size() - 1).getPayload();
            assertThat(scored.percent()).isEqualTo(org.certaudit.scheme.Percent.of("50.1"));
        }

        @Test
        void refusesAPercentThatIsNoNumberNamingIt() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), "{\"percent\": \"high\", \"note\": \"x\"}")
                            .with(as("auditor")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("percent"))
                    .andExpect(jsonPath("$.errors[0].message").value("must be a JSON number, not text"))
                    .andExpect(jsonPath("$.errors[0].code").value("field.json-type"))
                    .andExpect(jsonPath("$.errors[0].arguments.expected").value("number"));
            // What was sent instead is said as what it is.
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), "{\"percent\": true, \"note\": \"x\"}")
                            .with(as("auditor")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].message").value("must be a JSON number, not true or false"));
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), "{\"percent\": [1], \"note\": \"x\"}")
                            .with(as("auditor")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].message").value("must be a JSON number, not an array"));
        }

        @Test
        void refusesAScoreWithoutEvidenceNamingTheNote() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), Map.of("percent", 90)).with(as("auditor")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("note"));
        }

        @Test
        void refusesScoringBeforeThePledgeWith409() throws Exception {
            AuditId id = audits.staffed();
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), scoreBody("90")).with(as("auditor")))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.detail", containsString("no member scores before signing it")));
            assertThat(eventCount(id)).isEqualTo(3);
        }

        @Test
        void marksAnItemNotApplicableAndRestoresIt() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(put("/api/audits/{id}/items/{item}/not-applicable", id, "B25"), Map.of("reason", "不涉及"))
                            .with(as("auditor")))
                    .andExpect(status().isOk()).andExpect(jsonPath("$.version").value(5));
            assertThat(lastPayload(id)).isEqualTo(new ItemMarkedNotApplicable(id, "5.2.5.4", null, "不涉及"));
            http.perform(delete("/api/audits/{id}/items/{item}/not-applicable", id, "5.2.5.4").param("reason", "有召回")
                            .with(as("leader")))
                    .andExpect(status().isOk()).andExpect(jsonPath("$.version").value(6));
            assertThat(lastPayload(id)).isEqualTo(new ItemApplicabilityRestored(id, "5.2.5.4", "有召回"));
        }

        @Test
        void markingANotApplicableItemAgainRevisesItsReasonOrChangesNothing() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(put("/api/audits/{id}/items/{item}/not-applicable", id, "B25"), Map.of("reason", "不涉及"))
                            .with(as("auditor")))
                    .andExpect(status().isOk()).andExpect(jsonPath("$.version").value(5));
            http.perform(json(put("/api/audits/{id}/items/{item}/not-applicable", id, "5.2.5.4"),
                            Map.of("reason", "近三年无召回，经查质量记录")).with(as("leader")))
                    .andExpect(status().isOk()).andExpect(jsonPath("$.version").value(6));
            assertThat(lastPayload(id)).isEqualTo(new ItemNotApplicableReasonRevised(id, "5.2.5.4", "不涉及",
                    "近三年无召回，经查质量记录"));
            // A retry of the same revision: the same version, nothing written.
            http.perform(json(put("/api/audits/{id}/items/{item}/not-applicable", id, "5.2.5.4"),
                            Map.of("reason", "近三年无召回，经查质量记录")).with(as("leader")))
                    .andExpect(status().isOk()).andExpect(jsonPath("$.version").value(6));
            assertThat(eventCount(id)).isEqualTo(7);
        }

        @Test
        void refusesMarkingWithoutAReasonNamingIt() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(put("/api/audits/{id}/items/{item}/not-applicable", id, "B25"), Map.of()).with(as("auditor")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("reason"))
                    .andExpect(jsonPath("$.errors[0].code").value("field.required"))
                    .andExpect(jsonPath("$.errors[0].arguments").isEmpty());
        }

        @Test
        void refusesRestoringWithoutAReasonAndWritesNothing() throws Exception {
            AuditId id = audits.readyToScore();
            audits.send("auditor", new MarkItemNotApplicable(id, "B25", "不涉及"));
            int before = eventCount(id);
            http.perform(delete("/api/audits/{id}/items/{item}/not-applicable", id, "B25").with(as("auditor")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("reason"))
                    .andExpect(jsonPath("$.errors[0].code").value("field.required"));
            http.perform(delete("/api/audits/{id}/items/{item}/not-applicable", id, "B25").param("reason", " ")
                            .with(as("auditor")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("reason"));
            assertThat(eventCount(id)).isEqualTo(before);
        }

        @Test
        void refusesRestoringAnApplicableItemWith409() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(delete("/api/audits/{id}/items/{item}/not-applicable", id, "B25").param("reason", "有")
                            .with(as("auditor")))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.detail", containsString("only a not-applicable item can be restored")));
        }

        @Test
        void refusesScoringANotApplicableItemWith409() throws Exception {
            AuditId id = audits.readyToScore();
            audits.send("auditor", new MarkItemNotApplicable(id, "B25", "不涉及"));
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "B25"), scoreBody("90")).with(as("auditor")))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.detail", containsString("score it only after restoring it")));
        }
    }

    @Nested
    class SpecialItems {

        @Test
        void recordsADeductionAnswering201WithItsIdAndLocation() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(post("/api/audits/{id}/special-items", id), Map.of("kind", "DEDUCTION",
                            "finding", "投诉超时", "clause", "C13", "reason", "抽查3起超时")).with(as("auditor")))
                    .andExpect(status().isCreated())
                    .andExpect(jsonPath("$.specialItemId").value("S1"))
                    .andExpect(header().string("Location", "/api/audits/" + id + "/special-items/S1"));
            assertThat(lastPayload(id)).isEqualTo(new SpecialItemRecorded(id, "S1", SpecialItemKind.DEDUCTION,
                    "投诉超时", "5.3.3.2", "抽查3起超时"));
        }

        @Test
        void refusesADeductionWithoutItsClauseNamingIt() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(post("/api/audits/{id}/special-items", id), Map.of("kind", "DEDUCTION",
                            "finding", "投诉超时", "reason", "r")).with(as("auditor")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("clause"));
        }

        @Test
        void refusesADeductionOnASectionInsteadOfAnItemAs400NamingTheClauseAndWritesNothing() throws Exception {
            AuditId id = audits.readyToScore();
            long before = eventCount(id);
            http.perform(json(post("/api/audits/{id}/special-items", id), Map.of("kind", "DEDUCTION",
                            "finding", "投诉超时", "clause", "5.3.3", "reason", "r")).with(as("auditor")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("clause"))
                    .andExpect(jsonPath("$.errors[0].code").value("reference.unknown-item"))
                    .andExpect(jsonPath("$.errors[0].arguments.item").value("5.3.3"));
            assertThat(eventCount(id)).isEqualTo(before);
        }

        @Test
        void refusesADeductionAgainstANotApplicableItemWith409NamingTheClauseAndWritesNothing() throws Exception {
            AuditId id = audits.readyToScore();
            audits.send("auditor", new MarkItemNotApplicable(id, "5.1.1.4", "不涉及"));
            long before = eventCount(id);
            http.perform(json(post("/api/audits/{id}/special-items", id), Map.of("kind", "DEDUCTION",
                            "finding", "f", "clause", "5.1.1.4", "reason", "r")).with(as("auditor")))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.type").value("urn:certaudit:problem:broken-rule"))
                    .andExpect(jsonPath("$.errors[0].field").value("clause"))
                    .andExpect(jsonPath("$.errors[0].code").value("special.item-not-applicable"))
                    .andExpect(jsonPath("$.errors[0].arguments.clause").value("5.1.1.4"))
                    .andExpect(jsonPath("$.detail", containsString("a deduction names only an item that is scored")));
            assertThat(eventCount(id)).isEqualTo(before);
        }

        @Test
        void refusesMarkingAnItemNotApplicableWhileADeductionNamesItWith409AndWritesNothing() throws Exception {
            AuditId id = audits.readyToScore();
            audits.send("auditor", new RecordSpecialItem(id, SpecialItemKind.DEDUCTION, "f", "5.1.1.4", "r"));
            long before = eventCount(id);
            http.perform(json(put("/api/audits/{id}/items/{item}/not-applicable", id, "5.1.1.4"),
                            Map.of("reason", "不涉及")).with(as("auditor")))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.errors[0].code").value("item.has-special-items"))
                    .andExpect(jsonPath("$.errors[0].arguments.item").value("5.1.1.4"))
                    .andExpect(jsonPath("$.errors[0].arguments.specialItems[0]").value("S1"));
            assertThat(eventCount(id)).isEqualTo(before);
        }

        @Test
        void refusesASecondBonusWith409() throws Exception {
            AuditId id = audits.readyToScore();
            audits.send("leader", new RecordSpecialItem(id, SpecialItemKind.BONUS, null, null, "标杆"));
            http.perform(json(post("/api/audits/{id}/special-items", id), Map.of("kind", "BONUS", "reason", "again"))
                            .with(as("auditor")))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.detail", containsString("at most one bonus item counts (GB/T 27922)")));
            assertThat(eventCount(id)).isEqualTo(6);
        }

        @Test
        void withdrawsASpecialItemWithAReason() throws Exception {
            AuditId id = audits.readyToScore();
            audits.send("leader", new RecordSpecialItem(id, SpecialItemKind.BONUS, null, null, "标杆"));
            http.perform(delete("/api/audits/{id}/special-items/{sid}", id, "S1").param("reason", "依据不足").with(as("leader")))
                    .andExpect(status().isOk()).andExpect(jsonPath("$.version").value(6));
            assertThat(lastPayload(id)).isEqualTo(new SpecialItemWithdrawn(id, "S1", "依据不足"));
        }

        @Test
        void refusesWithdrawingWithoutAReasonNamingIt() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(delete("/api/audits/{id}/special-items/{sid}", id, "S1").with(as("leader")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("reason"));
        }

        @Test
        void answers404ForASpecialItemNeverRecorded() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(delete("/api/audits/{id}/special-items/{sid}", id, "S9").param("reason", "x").with(as("leader")))
                    .andExpect(status().isNotFound());
        }
    }

    @Nested
    class Findings {

        @Test
        void recordsTheFindings() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(put("/api/audits/{id}/findings", id),
                            Map.of("strengths", List.of("企业长期的规范运作"), "improvements", List.of("完善企业的网站建设")))
                            .with(as("leader")))
                    .andExpect(status().isOk()).andExpect(jsonPath("$.version").value(5));
            assertThat(lastPayload(id)).isEqualTo(
                    new FindingsRecorded(id, List.of("企业长期的规范运作"), List.of("完善企业的网站建设")));
        }

        @Test
        void refusesFindingsThatAreNotListsNamingTheField() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(put("/api/audits/{id}/findings", id), Map.of("strengths", "一段文字", "improvements", List.of()))
                            .with(as("leader")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("strengths"));
        }

        @Test
        void refusesABlankEntryNamingIt() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(put("/api/audits/{id}/findings", id), Map.of("strengths", List.of(" "), "improvements", List.of()))
                            .with(as("leader")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field", startsWith("strengths[0]")));
        }
    }

    @Nested
    class RecommendationAndReopening {

        @Test
        void theLeaderRecommendsAnsweringTheTotalAndGrade() throws Exception {
            AuditId id = audits.fullyScored();
            long before = audits.version(id);
            http.perform(json(post("/api/audits/{id}/recommendation", id), Map.of("grade", "TEN_STAR", "reportDate", "2021-06-07"))
                            .with(as("leader")))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.version").value(before + 1))
                    .andExpect(jsonPath("$.total").value(145.75))
                    .andExpect(jsonPath("$.grade").value("TEN_STAR"));
            GradeRecommended recommended = (GradeRecommended) lastPayload(id);
            assertThat(recommended.total()).isEqualByComparingTo("145.75");
        }

        @Test
        void refusesAReportDatedBeforeAPledgeNamingTheReportDate() throws Exception {
            AuditId id = audits.fullyScored();
            audits.send("leader", new CorrectPledgeDate(id, "A", java.time.LocalDate.of(2026, 1, 1), "笔误"));
            long before = eventCount(id);
            http.perform(json(post("/api/audits/{id}/recommendation", id), Map.of("grade", "TEN_STAR", "reportDate", "2024-04-12"))
                            .with(as("leader")))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.errors[0].field").value("reportDate"))
                    .andExpect(jsonPath("$.errors[0].code").value("recommendation.report-before-pledge"))
                    .andExpect(jsonPath("$.errors[0].arguments.member").value("A 李雅宁"))
                    .andExpect(jsonPath("$.errors[0].arguments.signedOn").value("2026-01-01"))
                    .andExpect(jsonPath("$.errors[0].arguments.reportDate").value("2024-04-12"));
            assertThat(eventCount(id)).isEqualTo(before);
        }

        @Test
        void refusesAReportDatedBeforeTheVisitOrAfterTodayNamingTheReportDateAndWritesNothing() throws Exception {
            AuditId id = audits.fullyScored();
            long before = eventCount(id);
            http.perform(json(post("/api/audits/{id}/recommendation", id), Map.of("grade", "TEN_STAR", "reportDate", "2021-06-04"))
                            .with(as("leader")))
                    .andExpect(status().isConflict())
                    .andExpect(header().string("Content-Type", MediaType.APPLICATION_PROBLEM_JSON_VALUE))
                    .andExpect(jsonPath("$.type").value("urn:certaudit:problem:broken-rule"))
                    .andExpect(jsonPath("$.errors[0].field").value("reportDate"))
                    .andExpect(jsonPath("$.errors[0].code").value("recommendation.report-before-on-site"))
                    .andExpect(jsonPath("$.errors[0].arguments.onSiteFrom").value("2021-06-05"));
            String tomorrow = LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(1).toString();
            http.perform(json(post("/api/audits/{id}/recommendation", id), Map.of("grade", "TEN_STAR", "reportDate", tomorrow))
                            .with(as("leader")))
                    .andExpect(status().isBadRequest())
                    .andExpect(header().string("Content-Type", MediaType.APPLICATION_PROBLEM_JSON_VALUE))
                    .andExpect(jsonPath("$.type").value("urn:certaudit:problem:invalid-input"))
                    .andExpect(jsonPath("$.errors[0].field").value("reportDate"))
                    .andExpect(jsonPath("$.errors[0].code").value("field.not-after-today"));
            assertThat(eventCount(id)).isEqualTo(before);
        }

        @Test
        void refusesAnIncompleteAuditWith409() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(post("/api/audits/{id}/recommendation", id), Map.of("grade", "TEN_STAR", "reportDate", "2021-06-07"))
                            .with(as("leader")))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.detail", containsString("94 of 94 items")));
            assertThat(eventCount(id)).isEqualTo(5);
        }

        @Test
        void refusesAGradeThatIsNoGradeNamingIt() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(post("/api/audits/{id}/recommendation", id), Map.of("grade", "ELEVEN_STAR", "reportDate", "2021-06-07"))
                            .with(as("leader")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("grade"));
        }

        @Test
        void theLeaderReopensWithAReasonAndTheAuditTakesChangesAgain() throws Exception {
            AuditId id = audits.recommended();
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"),
                            Map.of("percent", 90, "note", "n", "reason", "r")).with(as("auditor")))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.detail", containsString("the leader reopens it before anything changes")));
            http.perform(json(post("/api/audits/{id}/reopen", id), Map.of("reason", "评审退回")).with(as("leader")))
                    .andExpect(status().isOk());
            assertThat(lastPayload(id)).isEqualTo(new AuditReopened(id, "评审退回"));
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"),
                            Map.of("percent", 90, "note", "n", "reason", "r")).with(as("auditor")))
                    .andExpect(status().isOk());
        }

        @Test
        void refusesReopeningAnOpenAuditWith409() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(post("/api/audits/{id}/reopen", id), Map.of("reason", "x")).with(as("leader")))
                    .andExpect(status().isConflict());
        }

        @Test
        void refusesReopeningWithoutAReasonNamingIt() throws Exception {
            AuditId id = audits.readyToScore();
            http.perform(json(post("/api/audits/{id}/reopen", id), Map.of()).with(as("leader")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("reason"));
        }
    }
}
