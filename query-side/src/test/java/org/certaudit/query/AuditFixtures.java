package org.certaudit.query;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditOpened;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.Certificate;
import org.certaudit.audit.CertificateGranted;
import org.certaudit.audit.CertificateRenewed;
import org.certaudit.audit.Decision;
import org.certaudit.audit.DecisionOutcome;
import org.certaudit.audit.GradeRecommended;
import org.certaudit.audit.ItemMarkedNotApplicable;
import org.certaudit.audit.ItemScored;
import org.certaudit.audit.Organization;
import org.certaudit.audit.PledgeSigned;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.audit.TeamMember;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.audit.TeamRole;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.ItemResult;
import org.certaudit.scheme.Percent;
import org.certaudit.scheme.SeedReport;

/**
 * The seed audit 0455-2021-SE as events, and small variations of it. Contact details are
 * fictional; the item results are the report's, read from {@link SeedReport}.
 */
public final class AuditFixtures {

    public static final ProjectNumber SEED_PROJECT = new ProjectNumber("0455-2021-SE");
    public static final AuditId SEED_AUDIT = AuditId.of(SEED_PROJECT, 1);
    public static final LocalDate SEED_ON_SITE_FROM = LocalDate.of(2021, 6, 5);
    public static final LocalDate SEED_ON_SITE_TO = LocalDate.of(2021, 6, 7);

    private AuditFixtures() {
    }

    public static Organization organization() {
        return new Organization("新疆隆威家具有限责任公司", "新疆昌吉州昌吉市六工镇下六工村一片区 18 号", "831100",
                "新疆昌吉州昌吉市六工镇下六工村一片区 18 号", "831100", "赵明远", "经理", "010-5550-0100",
                "contact@example.com");
    }

    public static TeamMember leader() {
        return new TeamMember("A", "李雅宁", TeamRole.LEADER, "DEMO-0001", "02.01.01", "010-5550-0101", "leader");
    }

    public static TeamMember auditor() {
        return new TeamMember("B", "李审查", TeamRole.MEMBER, "2020-S1SC-0000001", "02.01.01", "010-5550-0102", "auditor");
    }

    /**
     * A certificate renewed before its last valid day: {@code initial} granted on 2021-07-01 (十星级, valid to 2024-06-30)
     * to {@code organization} for {@code scope}, then {@code recertification} (on site 2024-04-10/11) renewed on
     * 2024-05-15 (九星级, valid from 2024-07-01 to 2027-06-30) to {@code renewedOrganization} for {@code renewedScope}.
     */
    public static List<AuditEvent> earlyRenewal(AuditId initial, AuditId recertification, String number,
                                                String organization, String scope, String renewedOrganization,
                                                String renewedScope) {
        LocalDate grantedOn = LocalDate.of(2021, 7, 1);
        LocalDate renewedOn = LocalDate.of(2024, 5, 15);
        return List.of(
                opened(initial, AuditType.INITIAL, null, SEED_ON_SITE_FROM, SEED_ON_SITE_TO),
                new CertificateGranted(initial, new Decision(DecisionOutcome.GRANT, "decider", grantedOn, 0,
                        new BigDecimal("145.75"), Grade.TEN_STAR, "符合要求"),
                        new Certificate(number, organization, scope, "CTS-ISC-JSGF-06", Grade.TEN_STAR, grantedOn, grantedOn,
                                LocalDate.of(2024, 6, 30), LocalDate.of(2022, 6, 7))),
                opened(recertification, AuditType.RECERTIFICATION, initial, LocalDate.of(2024, 4, 10),
                        LocalDate.of(2024, 4, 11)),
                new CertificateRenewed(recertification, new Decision(DecisionOutcome.GRANT, "decider", renewedOn, 3,
                        new BigDecimal("138.50"), Grade.NINE_STAR, "再认证符合要求"),
                        new Certificate(number, renewedOrganization, renewedScope, "CTS-ISC-JSGF-06", Grade.NINE_STAR,
                                renewedOn, LocalDate.of(2024, 7, 1), LocalDate.of(2027, 6, 30), LocalDate.of(2025, 4, 11))));
    }

    public static AuditOpened opened(AuditId auditId, AuditType type, AuditId predecessor, LocalDate from, LocalDate to) {
        return new AuditOpened(auditId, auditId.projectNumber(), type, predecessor, "CTS-ISC-JSGF-06", "1", organization(),
                "无", "金属教学家具、金属办公家具、金属公寓家具的生产和销售所涉及的售后服务成熟度",
                List.of("CTS ISC-JSGF-06《商品售后服务成熟度认证技术规范》", "受审查方管理体系文件"), from, to,
                new BigDecimal("3.0"));
    }

    /**
     * Events {@code from} to {@code from + count - 1} of an initial audit's stream: event 0 opens it (the seed's
     * on-site dates), every later event i scores item 5.2.1.i at 80%.
     */
    public static List<AuditEvent> openedThenScored(AuditId auditId, int from, int count) {
        List<AuditEvent> events = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            events.add(i == 0 ? opened(auditId, AuditType.INITIAL, null, SEED_ON_SITE_FROM, SEED_ON_SITE_TO)
                              : new ItemScored(auditId, "5.2.1." + i, Percent.of(80), "checked"));
        }
        return events;
    }

    public static AuditOpened seedOpened() {
        return opened(SEED_AUDIT, AuditType.INITIAL, null, SEED_ON_SITE_FROM, SEED_ON_SITE_TO);
    }

    /** One event per item: scored with the report's percent, or marked not applicable (不涉及). */
    public static List<AuditEvent> itemEvents(AuditId auditId, Map<String, ItemResult> results) {
        List<AuditEvent> events = new ArrayList<>();
        results.forEach((clause, result) -> events.add(result.notApplicable()
                ? new ItemMarkedNotApplicable(auditId, clause, null, "不涉及")
                : new ItemScored(auditId, clause, result.percent(), "evidence for " + clause)));
        return events;
    }

    /** An initial audit of any project scored and recommended as the seed audit was, without team or pledge. */
    public static List<AuditEvent> seedScoredAs(AuditId auditId) {
        List<AuditEvent> events = new ArrayList<>();
        events.add(opened(auditId, AuditType.INITIAL, null, SEED_ON_SITE_FROM, SEED_ON_SITE_TO));
        events.addAll(itemEvents(auditId, SeedReport.itemResults()));
        events.add(new GradeRecommended(auditId, new BigDecimal("145.75"), Grade.TEN_STAR, LocalDate.of(2021, 6, 7)));
        return events;
    }

    /**
     * Initial audits of three projects (0501-2021-SE.1, 0502-2021-SE.1, 0503-2021-SE.1) in the global order of three
     * writers taking turns, one event each: opened, the leader assigned, the seed's items, an auditor assigned after
     * the 40th item. A tracking batch of them holds several audits, and a team change between two reads of one.
     */
    public static List<AuditEvent> interleavedAudits() {
        List<List<AuditEvent>> streams = new ArrayList<>();
        for (String project : List.of("0501-2021-SE", "0502-2021-SE", "0503-2021-SE")) {
            AuditId auditId = AuditId.of(new ProjectNumber(project), 1);
            List<AuditEvent> events = new ArrayList<>();
            events.add(opened(auditId, AuditType.INITIAL, null, SEED_ON_SITE_FROM, SEED_ON_SITE_TO));
            events.add(new TeamMemberAssigned(auditId, leader()));
            List<AuditEvent> items = itemEvents(auditId, SeedReport.itemResults());
            events.addAll(items.subList(0, 40));
            events.add(new TeamMemberAssigned(auditId, auditor()));
            events.addAll(items.subList(40, items.size()));
            streams.add(events);
        }
        List<AuditEvent> interleaved = new ArrayList<>();
        while (streams.stream().anyMatch(events -> !events.isEmpty())) {
            for (List<AuditEvent> events : streams) {
                if (!events.isEmpty()) {
                    interleaved.add(events.remove(0));
                }
            }
        }
        return interleaved;
    }

    /** The seed audit from opening to the recommendation of 十星级 at 145.75. */
    public static List<AuditEvent> seedAudit() {
        List<AuditEvent> events = new ArrayList<>();
        events.add(seedOpened());
        events.add(new TeamMemberAssigned(SEED_AUDIT, leader()));
        events.add(new PledgeSigned(SEED_AUDIT, "A", LocalDate.of(2021, 6, 7)));
        events.addAll(itemEvents(SEED_AUDIT, SeedReport.itemResults()));
        events.add(new GradeRecommended(SEED_AUDIT, new BigDecimal("145.75"), Grade.TEN_STAR, LocalDate.of(2021, 6, 7)));
        return events;
    }
}
