package org.certaudit.query.certificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.Certificate;
import org.certaudit.audit.CertificateGranted;
import org.certaudit.audit.Decision;
import org.certaudit.audit.DecisionOutcome;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.query.AuditFixtures;
import org.certaudit.query.ProjectStream;
import org.certaudit.query.QuerySideTest;
import org.certaudit.scheme.Grade;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;

/** The certificate endpoints over HTTP: who may read what, the problems for bad input, the file formats. */
@QuerySideTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CertificatesEndpointsTest {

    private static final ProjectNumber PROJECT = new ProjectNumber("C0001-2021-SE");
    private static final AuditId AUDIT = AuditId.of(PROJECT, 1);
    private static final String NUMBER = "CTS-2021-C0001-2021-SE-1";

    @Autowired
    TestRestTemplate rest;
    @Autowired
    EventStore eventStore;

    @BeforeAll
    void granted() {
        LocalDate on = LocalDate.of(2021, 7, 1);
        ProjectStream.append(eventStore, "decider",
                AuditFixtures.opened(AUDIT, org.certaudit.audit.AuditType.INITIAL, null, AuditFixtures.SEED_ON_SITE_FROM,
                        AuditFixtures.SEED_ON_SITE_TO),
                new CertificateGranted(AUDIT, new Decision(DecisionOutcome.GRANT, "decider", on, 0,
                        new BigDecimal("145.75"), Grade.TEN_STAR, "符合要求"),
                        new Certificate(NUMBER, "新疆隆威家具有限责任公司", "售后服务", "CTS-ISC-JSGF-06", Grade.TEN_STAR, on, on,
                                LocalDate.of(2024, 6, 30), LocalDate.of(2022, 6, 7))));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                rest.getForEntity("/api/certificates/" + NUMBER + "?asOf=2022-01-01", String.class).getStatusCode().value() == 200);
    }

    @Test
    void oneCertificateIsReadableWithoutSigningInShowingOnlyWhatIsPrinted() {
        ResponseEntity<String> response = rest.getForEntity("/api/certificates/" + NUMBER + "?asOf=2022-01-01", String.class);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getBody()).contains("\"status\":\"VALID\"", "\"statusLabel\":\"有效\"", "\"gradeLabel\":\"十星级\"",
                "\"validUntil\":\"2024-06-30\"", "\"suspensionOverdue\":false").doesNotContain("decider", "145.75", "李雅宁");
        assertThat(rest.getForEntity("/api/certificates/" + NUMBER + "?asOf=2024-07-01", String.class).getBody())
                .contains("\"status\":\"EXPIRED\"");
    }

    @Test
    void aNumberTypedInSmallLettersFindsTheCertificateAsIssuedOnTheApiAndThePublicCheck() {
        String typed = NUMBER.toLowerCase(java.util.Locale.ROOT);
        assertThat(typed).isNotEqualTo(NUMBER);

        ResponseEntity<String> answer = rest.getForEntity("/api/certificates/" + typed + "?asOf=2022-01-01", String.class);
        assertThat(answer.getStatusCode().value()).isEqualTo(200);
        assertThat(answer.getBody()).contains("\"number\":\"" + NUMBER + "\"", "\"status\":\"VALID\"");
        String mixed = "Cts" + NUMBER.substring(3);
        assertThat(rest.getForEntity("/api/certificates/" + mixed + "?asOf=2022-01-01", String.class).getStatusCode().value())
                .isEqualTo(200);
        assertThat(rest.getForEntity("/console/verify/certificate?number=" + typed + "&asOf=2022-01-01", String.class)
                .getBody()).contains("id=\"certificate-found\"", "<code>" + NUMBER + "</code>", "有效")
                .doesNotContain("id=\"certificate-none\"");
        // Still no prefix or pattern match: a number is found whole or not at all.
        assertThat(rest.getForEntity("/api/certificates/" + typed.replace("c0001", "c000.") + "?asOf=2022-01-01",
                String.class).getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void anUnknownNumberOrADayBeforeTheIssueIs404AndABadDateNamesTheParameter() {
        assertThat(rest.getForEntity("/api/certificates/NOPE?asOf=2022-01-01", String.class).getStatusCode().value())
                .isEqualTo(404);
        assertThat(rest.getForEntity("/api/certificates/" + NUMBER + "?asOf=2021-06-30", String.class).getStatusCode().value())
                .isEqualTo(404);
        ResponseEntity<String> bad = rest.getForEntity("/api/certificates/" + NUMBER + "?asOf=2022-13-01", String.class);
        assertThat(bad.getStatusCode().value()).isEqualTo(400);
        assertThat(bad.getBody()).contains("asOf");
    }

    @Test
    void theConsolesCertificateCheckIsAPublicPageSayingTheStatusOnADayOrThatNoSuchCertificateWasIssued() {
        String check = "/console/verify/certificate";
        ResponseEntity<String> form = rest.getForEntity(check, String.class);
        assertThat(form.getStatusCode().value()).isEqualTo(200);
        assertThat(form.getBody()).contains("id=\"certificate-check\"", "证书查询")
                .doesNotContain("id=\"certificate-found\"", "id=\"certificate-none\"", "_csrf");
        assertThat(form.getHeaders().get("Set-Cookie")).as("no session for an anonymous visit").isNull();
        for (String blank : List.of("?number=", "?number=+&asOf=")) {
            ResponseEntity<String> empty = rest.getForEntity(check + blank, String.class);
            assertThat(empty.getStatusCode().value()).as(blank).isEqualTo(200);
            assertThat(empty.getBody()).as(blank).contains("id=\"certificate-check\"")
                    .doesNotContain("id=\"certificate-found\"", "id=\"certificate-none\"");
        }

        String valid = rest.getForEntity(check + "?number=" + NUMBER + "&asOf=2022-01-01", String.class).getBody();
        assertThat(valid).contains("id=\"certificate-found\"", NUMBER, "有效", "十星级", "2021-07-01 至 2024-06-30")
                .doesNotContain("decider", "145.75", "id=\"certificate-ahead\"");
        // A day to come is answered as decided so far, and said to be.
        String ahead = LocalDate.now(java.time.ZoneId.of("Asia/Shanghai")).plusYears(1).toString();
        assertThat(rest.getForEntity(check + "?number=" + NUMBER + "&asOf=" + ahead, String.class).getBody())
                .contains("id=\"certificate-ahead\"", ahead + " 尚未到来");
        assertThat(rest.getForEntity(check + "?number=" + NUMBER + "&asOf=2024-07-01&lang=en", String.class).getBody())
                .contains("id=\"certificate-found\"", "Expired");
        assertThat(rest.getForEntity(check + "?number=NOPE-1", String.class).getBody())
                .contains("id=\"certificate-none\"", "NOPE-1").doesNotContain("id=\"certificate-found\"");
        assertThat(rest.getForEntity(check + "?number=" + NUMBER + "&asOf=2021-06-30", String.class).getBody())
                .as("a day before it was issued").contains("id=\"certificate-none\"");

        ResponseEntity<String> badDay = rest.getForEntity(check + "?number=" + NUMBER + "&asOf=2022-13-01", String.class);
        assertThat(badDay.getStatusCode().value()).isEqualTo(400);
        assertThat(badDay.getBody()).contains("asOf", "data-code=\"field.date\"");
        ResponseEntity<String> badNumber = rest.getForEntity(check + "?number=<script>", String.class);
        assertThat(badNumber.getStatusCode().value()).isEqualTo(400);
        assertThat(badNumber.getBody()).contains("data-code=\"field.format\"").doesNotContain("<script>");
    }

    @Test
    void betweenAnEarlyRenewalAndTheOldLastDayTheAnswerIsTheEarlierPeriodWithTheRenewedOneAsNextPeriod() {
        ProjectNumber project = new ProjectNumber("C0002-2021-SE");
        AuditId initial = AuditId.of(project, 1);
        AuditId recertification = AuditId.of(project, 2);
        String number = "CTS-2021-C0002-2021-SE-1";
        ProjectStream.append(eventStore, "decider",
                AuditFixtures.earlyRenewal(initial, recertification, number,
                        "新疆隆威家具有限责任公司", "售后服务",
                        "新疆隆威家具有限责任公司", "售后服务"));
        String path = "/api/certificates/" + number + "?asOf=";
        await().atMost(Duration.ofSeconds(30)).until(() -> rest.getForEntity(path + "2024-06-01", String.class).getBody()
                .contains("nextPeriod\":{"));

        assertThat(rest.getForEntity(path + "2024-06-01", String.class).getBody()).contains("\"status\":\"VALID\"",
                "\"issuedOn\":\"2021-07-01\"", "\"validFrom\":\"2021-07-01\"", "\"validUntil\":\"2024-06-30\"",
                "\"grade\":\"TEN_STAR\"", "\"nextPeriod\":{\"issuedOn\":\"2024-05-15\",\"validFrom\":\"2024-07-01\","
                        + "\"validUntil\":\"2027-06-30\",\"grade\":\"NINE_STAR\",\"gradeLabel\":\"九星级\","
                        + "\"organization\":\"新疆隆威家具有限责任公司\",\"scope\":\"售后服务\",\"schemeId\":\"CTS-ISC-JSGF-06\"}");
        assertThat(rest.getForEntity(path + "2024-07-01", String.class).getBody()).contains("\"validFrom\":\"2024-07-01\"",
                "\"validUntil\":\"2027-06-30\"", "\"nextPeriod\":null");
        String register = "/api/certificates?organization=隆威&dueWithinDays=60&asOf=";
        assertThat(rest.withBasicAuth("reviewer", "reviewer-pass").getForEntity(register + "2024-06-01", String.class)
                .getBody()).as("renewed: its expiry is not due").doesNotContain(number);
        assertThat(rest.withBasicAuth("reviewer", "reviewer-pass").getForEntity(register + "2024-05-14", String.class)
                .getBody()).contains(number, "EXPIRY");
    }

    @Test
    void aRenewalUnderANewNameAndScopeAnswersTheDaysBeforeItWithTheOldOnesOnTheApiAndTheCheck() {
        ProjectNumber project = new ProjectNumber("C0003-2021-SE");
        AuditId initial = AuditId.of(project, 1);
        AuditId recertification = AuditId.of(project, 2);
        String number = "CTS-2021-C0003-2021-SE-1";
        ProjectStream.append(eventStore, "decider",
                AuditFixtures.earlyRenewal(initial, recertification, number,
                        "昌吉木作家具有限公司", "木制家具售后服务",
                        "新疆木作家居集团有限公司", "木制及软体家具售后服务"));
        String path = "/api/certificates/" + number + "?asOf=";
        await().atMost(Duration.ofSeconds(30)).until(() -> rest.getForEntity(path + "2024-06-01", String.class).getBody()
                .contains("nextPeriod\":{"));

        assertThat(rest.getForEntity(path + "2022-01-01", String.class).getBody())
                .contains("\"organization\":\"昌吉木作家具有限公司\"", "\"scope\":\"木制家具售后服务\"", "\"nextPeriod\":null")
                .doesNotContain("集团", "软体");
        assertThat(rest.getForEntity(path + "2024-06-01", String.class).getBody())
                .contains("\"organization\":\"昌吉木作家具有限公司\",\"scope\":\"木制家具售后服务\"",
                        "\"gradeLabel\":\"九星级\",\"organization\":\"新疆木作家居集团有限公司\",\"scope\":\"木制及软体家具售后服务\","
                                + "\"schemeId\":\"CTS-ISC-JSGF-06\"}");
        assertThat(rest.getForEntity(path + "2024-07-01", String.class).getBody())
                .contains("\"organization\":\"新疆木作家居集团有限公司\"", "\"scope\":\"木制及软体家具售后服务\"")
                .doesNotContain("昌吉");

        String register = "/api/certificates?organization=";
        TestRestTemplate reviewer = rest.withBasicAuth("reviewer", "reviewer-pass");
        assertThat(reviewer.getForEntity(register + "昌吉木作&asOf=2022-01-01", String.class).getBody()).contains(number);
        assertThat(reviewer.getForEntity(register + "集团&asOf=2022-01-01", String.class).getBody()).doesNotContain(number);
        assertThat(reviewer.getForEntity(register + "昌吉木作&asOf=2024-07-01", String.class).getBody()).doesNotContain(number);
        assertThat(reviewer.getForEntity(register + "集团&asOf=2024-07-01", String.class).getBody()).contains(number);

        String check = "/console/verify/certificate?number=" + number + "&asOf=";
        assertThat(rest.getForEntity(check + "2022-01-01", String.class).getBody())
                .contains("id=\"certificate-found\"", "昌吉木作家具有限公司", "木制家具售后服务").doesNotContain("集团", "软体");
        assertThat(rest.getForEntity(check + "2024-07-01", String.class).getBody())
                .contains("新疆木作家居集团有限公司", "木制及软体家具售后服务").doesNotContain("昌吉");
    }

    @Test
    void theRegisterNeedsSigningIn() {
        assertThat(rest.getForEntity("/api/certificates", String.class).getStatusCode().value()).isEqualTo(401);
        ResponseEntity<String> list = rest.withBasicAuth("reviewer", "reviewer-pass")
                .getForEntity("/api/certificates?asOf=2022-05-01&dueWithinDays=60&organization=隆威", String.class);
        assertThat(list.getStatusCode().value()).isEqualTo(200);
        assertThat(list.getBody()).contains(NUMBER, "SURVEILLANCE", "\"suspensionOverdue\":false");
        assertThat(rest.withBasicAuth("reviewer", "reviewer-pass").getForEntity("/api/certificates?status=NOPE", String.class)
                .getStatusCode().value()).isEqualTo(400);
    }

    @Test
    void theExportIsForRegulatorsAndAdminsAsCsvAndXlsx() {
        String path = "/api/decisions?from=2021-01-01&to=2021-12-31";
        assertThat(rest.withBasicAuth("leader", "leader-pass").getForEntity(path, String.class).getStatusCode().value())
                .isEqualTo(403);
        ResponseEntity<String> csv = rest.withBasicAuth("regulator", "regulator-pass").getForEntity(path + "&format=csv",
                String.class);
        assertThat(csv.getStatusCode().value()).isEqualTo(200);
        assertThat(csv.getHeaders().getContentType().toString()).startsWith("text/csv");
        assertThat(csv.getBody()).contains("2021-07-01,GRANTED,批准认证," + NUMBER,
                "decider 决定人,reason 理由,based on version 依据版本,decider name 决定人姓名,valid from 有效期自,valid until 有效期至",
                ",decider,符合要求,0,吴思远,2021-07-01,2024-06-30");
        ResponseEntity<byte[]> xlsx = rest.withBasicAuth("admin", "admin-pass").getForEntity(path + "&format=xlsx",
                byte[].class);
        assertThat(xlsx.getStatusCode().value()).isEqualTo(200);
        assertThat(xlsx.getBody()).startsWith((byte) 'P', (byte) 'K');
        assertThat(csv.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
                .isEqualTo("attachment; filename=\"decisions-2021-01-01-2021-12-31.csv\"");
        assertThat(xlsx.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
                .isEqualTo("attachment; filename=\"decisions-2021-01-01-2021-12-31.xlsx\"");
        assertThat(rest.withBasicAuth("regulator", "regulator-pass").getForEntity(path + "&format=pdf", String.class)
                .getStatusCode().value()).isEqualTo(400);
        assertThat(rest.withBasicAuth("regulator", "regulator-pass")
                .getForEntity("/api/decisions?from=2021-12-31&to=2021-01-01", String.class).getStatusCode().value())
                .isEqualTo(400);
    }

    @Test
    void theExportIsAnsweredInTheTypeItsFormatNamesWhenAcceptTakesItAndRefusedWith406Otherwise() {
        String path = "/api/decisions?from=2021-01-01&to=2021-12-31";
        Map<String, Integer> expected = new LinkedHashMap<>();
        expected.put("|text/csv", 406);
        expected.put("|application/json, text/csv;q=0.5", 200);
        expected.put("&format=csv|text/csv", 200);
        expected.put("&format=csv|text/*;q=0.1", 200);
        expected.put("&format=csv|application/json", 406);
        expected.put("&format=xlsx|application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", 200);
        expected.put("&format=xlsx|*/*, application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;q=0", 406);
        expected.put("&format=json|application/xml", 406);
        Map<String, Integer> answered = new LinkedHashMap<>();
        for (String request : expected.keySet()) {
            String[] parts = request.split("\\|");
            HttpHeaders headers = new HttpHeaders();
            headers.set(HttpHeaders.ACCEPT, parts[1]);
            answered.put(request, rest.withBasicAuth("regulator", "regulator-pass").exchange(path + parts[0], HttpMethod.GET,
                    new HttpEntity<>(headers), byte[].class).getStatusCode().value());
        }
        assertThat(answered).isEqualTo(expected);
    }
}
