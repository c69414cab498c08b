package org.certaudit.query.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditReopened;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.ItemScoreRevised;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.audit.SpecialItemKind;
import org.certaudit.audit.SpecialItemRecorded;
import org.certaudit.audit.TeamMember;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.audit.TeamRole;
import org.certaudit.query.AuditFixtures;
import org.certaudit.query.ProjectStream;
import org.certaudit.query.QuerySideTest;
import org.certaudit.scheme.Percent;
import org.certaudit.scheme.SeedReport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The console's trail page with its filter form: a regulator asks for one item's events, a kind of event, one person's
 * or one time's, newest first; the pages keep the filters; a filter the page cannot read is a 400 page naming it; the
 * audit page and an item's history lead to that item's trail.
 */
@QuerySideTest
@AutoConfigureMockMvc
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleTrailTest {

    private static final ProjectNumber PROJECT = new ProjectNumber("T0002-2021-SE");
    private static final AuditId AUDIT = AuditId.of(PROJECT, 1);
    private static final String TRAIL = "/console/audits/" + AUDIT + "/trail";
    private static final DateTimeFormatter PICKER = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    @Autowired
    MockMvc mvc;
    @Autowired
    EventStore eventStore;

    /** A moment, to the second, after the scored audit was recorded and before its revisions. */
    private Instant between;
    private long last;

    /**
     * The seed's items scored by the leader; a second later the leader reopens the audit and revises twelve items
     * (5.2.2.3 among them), the admin assigns an auditor, who records a deduction on 5.2.2.3: more than a page (a
     * hundred) of the leader's events.
     */
    @BeforeAll
    void aScoredAuditThenItsRevisions() throws Exception {
        List<AuditEvent> scored = new ArrayList<>();
        scored.add(AuditFixtures.opened(AUDIT, AuditType.INITIAL, null, AuditFixtures.SEED_ON_SITE_FROM,
                AuditFixtures.SEED_ON_SITE_TO));
        scored.add(new TeamMemberAssigned(AUDIT, AuditFixtures.leader()));
        scored.addAll(AuditFixtures.itemEvents(AUDIT, SeedReport.itemResults()));
        long first = ProjectStream.append(eventStore, "leader", scored);
        awaitTrailAt(first);
        Thread.sleep(1000);
        between = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        List<AuditEvent> revised = new ArrayList<>();
        revised.add(new AuditReopened(AUDIT, "复核"));
        revised.add(new ItemScoreRevised(AUDIT, "5.2.2.3", Percent.of(97), Percent.of(80), "记录不全", "2020 年记录缺失"));
        for (int i = 1; i <= 11; i++) {
            revised.add(new ItemScoreRevised(AUDIT, "5.1.1." + i, Percent.of(100), Percent.of(90), "抽查", "复核"));
        }
        ProjectStream.append(eventStore, "leader", revised);
        ProjectStream.append(eventStore, "admin", new TeamMemberAssigned(AUDIT,
                new TeamMember("B", "林晓", TeamRole.MEMBER, "DEMO-0002", "02.01.01", "010-5550-0102", "auditor")));
        last = ProjectStream.append(eventStore, "auditor",
                new SpecialItemRecorded(AUDIT, "S1", SpecialItemKind.DEDUCTION, "投诉处理超时", "5.2.2.3", "超时"));
        awaitTrailAt(last);
    }

    private void awaitTrailAt(long version) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(page("regulator",
                TRAIL + "?order=newest")).contains(">" + version + "</a>"));
    }

    private MockHttpSession signIn(String user) throws Exception {
        return (MockHttpSession) mvc.perform(formLogin("/console/login").user(user).password(user + "-pass"))
                .andExpect(status().isFound()).andReturn().getRequest().getSession(false);
    }

    private String page(String user, String pathAndQuery) throws Exception {
        return mvc.perform(get(URI.create(pathAndQuery)).session(signIn(user))).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private String refused(String pathAndQuery) throws Exception {
        return mvc.perform(get(URI.create(pathAndQuery)).session(signIn("regulator")).accept(MediaType.TEXT_HTML))
                .andExpect(status().isBadRequest()).andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    /** The events the page lists, by their kind's words, in order. */
    private static List<String> events(String page) {
        List<String> events = new ArrayList<>();
        Matcher event = Pattern.compile("<td class=\"event\">([^<]*)</td>").matcher(page);
        while (event.find()) {
            events.add(event.group(1));
        }
        return events;
    }

    /** The versions the page lists, in order. */
    private static List<Long> versions(String page) {
        List<Long> versions = new ArrayList<>();
        Matcher version = Pattern.compile("/as-of\\?version=(\\d+)\">").matcher(page);
        while (version.find()) {
            versions.add(Long.parseLong(version.group(1)));
        }
        return versions;
    }

    @Test
    void listsOneItemsEventsByItsCodeSayingHowManyAndKeepingWhatWasTyped() throws Exception {
        String item = page("regulator", TRAIL + "?clause=B8");

        assertThat(events(item)).containsExactly("评分", "修改得分", "记录特别项");
        assertThat(item).contains("符合筛选条件的记录共 3 条", "id=\"f-clause\" name=\"clause\" size=\"10\" value=\"B8\"",
                "id=\"trail-clear\" href=\"" + TRAIL + "\"");
        assertThat(page("regulator", TRAIL + "?clause=B8&lang=en")).contains("3 events match the filters",
                "Recorded by (user name)", "Kinds of event (0 chosen; none chosen is all)", ">Newest first<");
    }

    @Test
    void ticksTheKindsOfEventAskedForAndListsTheNewestFirstWhenAsked() throws Exception {
        String kinds = page("regulator", TRAIL + "?type=ItemScoreRevised&type=SpecialItemRecorded&order=newest");

        assertThat(events(kinds)).hasSize(13).first().isEqualTo("记录特别项");
        assertThat(events(kinds).subList(1, 13)).containsOnly("修改得分");
        assertThat(versions(kinds)).isSortedAccordingTo((a, b) -> Long.compare(b, a)).first().isEqualTo(last);
        assertThat(kinds).contains("value=\"ItemScoreRevised\" checked=\"checked\"",
                "value=\"SpecialItemRecorded\" checked=\"checked\"", "<details class=\"kinds\" open=\"open\">",
                "事件类别（已选 2 个，不选即全部）", "<option value=\"newest\" selected=\"selected\">最新的在前</option>")
                .doesNotContain("value=\"ItemScored\" checked=\"checked\"");
    }

    @Test
    void pagesThroughOnePersonsEventsKeepingTheFilters() throws Exception {
        String first = page("regulator", TRAIL + "?member=LEADER");
        String next = "?member=LEADER&amp;page=1";

        assertThat(first).contains("第 1 页，共 2 页", "href=\"" + TRAIL + next + "\"");
        assertThat(events(first)).hasSize(100);
        String second = page("regulator", TRAIL + next.replace("&amp;", "&"));
        assertThat(events(second)).as("the leader's events after the first hundred").isNotEmpty()
                .doesNotContain("记录特别项");
        assertThat(second).contains("href=\"" + TRAIL + "?member=LEADER&amp;page=0\"");
        assertThat(versions(second)).doesNotContain(last);
        assertThat(first).as("who has been on the team, offered by user name")
                .contains("<option value=\"leader\">A " + AuditFixtures.leader().name() + "</option>",
                        "<option value=\"auditor\">B 林晓</option>");
    }

    @Test
    void listsWhatWasRecordedFromOrUntilAMomentTypedOnTheBodysClockAndSaysWhenNothingMatches() throws Exception {
        String moment = PICKER.format(between.atZone(ZoneId.of("Asia/Shanghai")));

        String since = page("regulator", TRAIL + "?from=" + moment);
        String none = page("regulator", TRAIL + "?to=2021-06-07");

        assertThat(events(since)).hasSize(15).first().isEqualTo("重新开启审查");
        assertThat(since).contains("id=\"f-from\" name=\"from\" type=\"datetime-local\" step=\"1\" value=\"" + moment + "\"");
        assertThat(none).contains("id=\"trail-none\"", "没有符合筛选条件的记录。", "href=\"" + TRAIL + "\"")
                .doesNotContain("id=\"trail-beyond\"", "class=\"fields\"");
    }

    @Test
    void aFilterThePageCannotReadIsA400PageNamingIt() throws Exception {
        assertThat(refused(TRAIL + "?clause=5.2")).contains("clause:", "data-code=\"reference.unknown-item\"");
        assertThat(refused(TRAIL + "?type=ItemDeleted")).contains("type:", "data-code=\"field.not-one-of\"");
        assertThat(refused(TRAIL + "?from=2021-06-08&to=2021-06-07")).contains("from:",
                "data-code=\"period.end-before-start\"");
        assertThat(refused(TRAIL + "?from=2021-02-30T10:00")).contains("from:", "data-code=\"field.instant\"");
        assertThat(refused(TRAIL + "?order=latest")).contains("order:", "data-code=\"field.not-one-of\"");
    }

    @Test
    void theAuditPageAndAnItemsHistoryLeadToThatItemsTrail() throws Exception {
        String itemTrail = "href=\"" + TRAIL + "?clause=5.2.2.3\"";

        assertThat(page("regulator", "/console/audits/" + AUDIT)).contains(itemTrail, "5.2.2.3 的事件记录");
        assertThat(page("regulator", "/console/audits/" + AUDIT + "/items/B8/history")).contains(itemTrail,
                "此条款的事件记录");
        assertThat(mvc.perform(get("/console/audits/" + AUDIT + "/items/B8/history").session(signIn("regulator"))
                        .header(ConsoleController.DRAWER_HEADER, "1")).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8)).contains(itemTrail);
    }
}
