package org.certaudit.query.report;

import java.awt.geom.Point2D;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BinaryOperator;
import org.certaudit.audit.AuditScoring;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.HalfDay;
import org.certaudit.audit.OnSitePeriod;
import org.certaudit.audit.Organization;
import org.certaudit.audit.SpecialItemKind;
import org.certaudit.audit.TeamMember;
import org.certaudit.audit.TeamRole;
import org.certaudit.audit.UserNames;
import org.certaudit.query.ledger.TreeHead;
import org.certaudit.report.AuditFacts;
import org.certaudit.report.CertificationRecord;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.ItemScore;
import org.certaudit.scheme.Part;
import org.certaudit.scheme.Scheme;
import org.certaudit.scheme.Scorecard;
import org.certaudit.scheme.Section;
import org.certaudit.scheme.Subtotal;

/**
 * One report as the template prints it: every value already in the words and number format of the seed report
 * (points 1.5, percent 97, earned 1.455, dates 2021 年 06 月 07 日). Public with public parts because the template engine
 * reads them by reflection.
 */
public record ReportView(
        boolean pdf,
        String bodyName,
        String bodyAddress,
        String bodyPhone,
        String bodyPostcode,
        String basis,
        String organizationName,
        String projectNumber,
        String auditId,
        List<Box> auditTypes,
        List<String> pledgeClauses,
        List<Signer> signers,
        String leaderName,
        String pledgeDate,
        String registered,
        String auditSite,
        String contact,
        String otherSites,
        List<Box> purposes,
        List<String> criteria,
        String scope,
        String onSite,
        List<String> reschedulings,
        List<TeamMember> team,
        String total,
        boolean complete,
        long unscored,
        List<PartView> parts,
        String specialItems,
        List<String> specialLines,
        String radarSvg,
        List<Label> radarLabels,
        List<SubtotalText> radarLegend,
        List<Rung> ladder,
        List<String> strengths,
        List<String> improvements,
        Result result,
        String author,
        String reportDate,
        String review,
        String decision,
        String certificate,
        String treeHead,
        String treeHeadRoot,
        String qrDataUri,
        String qrText,
        String digest,
        long version,
        String point,
        String lastEventAt) {

    static final String TITLE = "服务认证审查报告";
    private static final DateTimeFormatter SPACED_DATE = DateTimeFormatter.ofPattern("yyyy 年 MM 月 dd 日", Locale.ROOT);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy年MM月dd日", Locale.ROOT);
    /** A moment to the millisecond, with its offset: two events can be recorded within one second. */
    private static final DateTimeFormatter MOMENT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS xxx", Locale.ROOT);
    private static final Map<AuditType, String> PURPOSES = Map.of(AuditType.INITIAL, "初次认证注册",
            AuditType.SURVEILLANCE, "保持认证注册", AuditType.RECERTIFICATION, "再认证注册");
    /**
     * The result's recommendation in the words of the audit's purpose (1.7): the seed's 推荐注册 for an initial audit,
     * 推荐保持认证注册 for a surveillance audit, which maintains a certificate rather than registers one, and
     * 推荐再认证注册 for a re-certification.
     */
    private static final Map<AuditType, String> RECOMMENDS = Map.of(AuditType.INITIAL, "推荐注册",
            AuditType.SURVEILLANCE, "推荐保持认证注册", AuditType.RECERTIFICATION, "推荐再认证注册");
    private static final String[] PART_INDEX = {"1)", "2)", "3)", "4)", "5)", "6)"};

    /** A tick box with its label (审查类型, 审查目的, 审查结果). */
    public record Box(String label, boolean checked) {
    }

    /** A pledge signer: name, role in the team, signing day or 尚未签署. */
    public record Signer(String name, String role, String signedOn, boolean signed) {
    }

    /** One part's heading, its maximum and earned sentence ({@link SubtotalText}), and its table rows. */
    public record PartView(String heading, String summary, List<Row> rows) {
    }

    /**
     * One row of a part's table as the seed prints it; {@code section}, {@code sectionName} and {@code sectionPoints} only
     * on a section's first item. The title cell prints the name and then the points, "维修" and "(10+0分)", the points
     * kept on one line: the narrow cell would otherwise break "(10+0" from "分)".
     */
    public record Row(String section, String sectionName, String sectionPoints, String clause, String text, String points,
                      String code, String percent, String earned, boolean notApplicable, boolean unscored) {
    }

    /** A radar axis label centred at {@code style}'s position. */
    public record Label(String section, String title, String value, String style) {
    }

    /**
     * A section's or a part's numbers as the report prints them: maximum, applicable maximum (what is left once the
     * items marked not applicable are taken out), earned and earned as a percent of the applicable maximum (不涉及 when
     * none applies), every one as {@link #plain} writes it (73, 33.035) but the percent, with its two decimals (98.00).
     * A section's is its line under the radar chart, a part's its sentence (本部分满分73分, 实际得分71.24 分); the
     * scorecard's CSV writes its subtotal rows from the same.
     */
    public record SubtotalText(String number, String title, String maximum, String applicableMaximum, String earned,
                               String percent) {

        static SubtotalText of(Subtotal subtotal) {
            return new SubtotalText(subtotal.number(), subtotal.title(), plain(subtotal.maximum()),
                    plain(subtotal.applicableMaximum()), plain(subtotal.earned()),
                    subtotal.percentOfApplicable() == null ? "不涉及" : subtotal.percentOfApplicable().toPlainString());
        }
    }

    /**
     * The day a pledge was signed, as the report prints it; a corrected day says so and names the day it replaced
     * (the console's 已更正), which the canonical text leaves out: its digest stays that of the day alone.
     */
    static String signedOn(AuditFacts.Pledge pledge) {
        String day = SPACED_DATE.format(pledge.signedOn());
        return pledge.correctedFrom() == null ? day : day + "（更正，原 " + SPACED_DATE.format(pledge.correctedFrom()) + "）";
    }

    /** The names of the members who signed the pledge, as the seed's 承诺人签名 line lists them. */
    public String signerNames() {
        return String.join("、", signers.stream().filter(Signer::signed).map(Signer::name).toList());
    }

    /** One step of the grade ladder, marked where the total stands. */
    public record Rung(String text, boolean reached) {
    }

    /** The audit result (审查结果): recommended with the grade, not passed, or still open. */
    public record Result(String passedText, boolean passed, boolean failed, String pending) {
    }

    /**
     * @param zone the certification body's zone ({@code certaudit.time-zone}): the report prints its moments (the last
     *             event's recording, the tree head's signing, a requested {@code asOf}) on that clock with the offset
     */
    static ReportView of(AuditReport report, boolean pdf, String qrText, String qrDataUri, ZoneId zone) {
        return of(report, pdf, qrText, qrDataUri, zone, (user, recordedName) -> user);
    }

    /**
     * @param people how a user name is printed, given the name recorded with the event (null when none was): the
     *               person's name with it ({@link org.certaudit.query.People#describe(String, String)})
     */
    static ReportView of(AuditReport report, boolean pdf, String qrText, String qrDataUri, ZoneId zone,
                         BinaryOperator<String> people) {
        AuditFacts facts = report.facts();
        var opened = facts.opened();
        Organization org = opened.organization();
        Scheme scheme = report.scorecard().scheme();
        CertificationBody body = report.body();

        List<Box> auditTypes = new ArrayList<>();
        List<Box> purposes = new ArrayList<>();
        for (AuditType type : AuditType.values()) {
            auditTypes.add(new Box(type.chineseName(), type == opened.type()));
            purposes.add(new Box(PURPOSES.get(type), type == opened.type()));
        }
        List<TeamMember> team = facts.teamInOrder();
        List<Signer> signers = new ArrayList<>();
        for (TeamMember member : team) {
            AuditFacts.Pledge pledge = facts.pledges().get(member.code());
            pledge = pledge == null || pledge.memberRemoved() ? null : pledge;
            signers.add(new Signer(member.name(), member.role().chineseName(),
                    pledge == null ? "尚未签署" : signedOn(pledge), pledge != null));
        }
        String leaderName = team.stream().filter(member -> member.role() == TeamRole.LEADER).map(TeamMember::name)
                .findFirst().orElse("（未指派）");
        // The pledge's day is its latest signature's; of several on that day, one whose day was not corrected.
        String pledgeDate = facts.pledges().values().stream().filter(pledge -> !pledge.memberRemoved())
                .max(Comparator.comparing(AuditFacts.Pledge::signedOn)
                        .thenComparing(pledge -> pledge.correctedFrom() == null))
                .map(ReportView::signedOn).orElse("（尚未签署）");

        String basis = opened.criteria() != null && !opened.criteria().isEmpty() ? opened.criteria().get(0)
                : scheme.id() + "《" + scheme.title() + "》";
        // The period in force at the report's version: a rescheduling's, else the opening's; under it each rescheduling
        // up to the version with the period it replaced, as the canonical text's rescheduled lines digest them.
        String onSite = period(facts.onSite());
        List<String> reschedulings = facts.reschedulings().stream()
                .map(rescheduling -> "原定 " + period(rescheduling.previous()) + "，"
                        + SPACED_DATE.format(rescheduling.recordedAt().atZone(zone)) + " 改期（原因："
                        + rescheduling.reason() + "）")
                .toList();

        String scopeText = opened.scope();
        var card = report.scorecard();
        List<PartView> parts = new ArrayList<>();
        for (int p = 0; p < scheme.parts().size(); p++) {
            Part part = scheme.parts().get(p);
            SubtotalText totals = SubtotalText.of(card.parts().get(p));
            parts.add(new PartView(PART_INDEX[p] + " " + part.title() + ":",
                    "本部分满分" + totals.maximum() + "分, 实际得分" + totals.earned() + " 分。各分项得分见下表:",
                    rows(scheme, card.items(), part.number())));
        }

        List<AuditScoring.SpecialItem> deductions = report.specialItems().stream()
                .filter(item -> item.kind() == SpecialItemKind.DEDUCTION).toList();
        List<AuditScoring.SpecialItem> bonuses = report.specialItems().stream()
                .filter(item -> item.kind() == SpecialItemKind.BONUS).toList();
        String special;
        if (deductions.isEmpty() && bonuses.isEmpty()) {
            special = "无特别扣分项，也没有特别加分项。";
        } else {
            special = (deductions.isEmpty() ? "无特别扣分项" : "特别扣分项 " + deductions.size() + " 项（每项扣 1 分）")
                    + "，" + (bonuses.isEmpty() ? "没有特别加分项。" : "特别加分项 " + bonuses.size()
                    + " 项（至多计 1 分）。");
        }
        List<String> specialLines = new ArrayList<>();
        report.specialItems().forEach(item -> specialLines.add((item.kind() == SpecialItemKind.DEDUCTION ? "扣分：" : "加分：")
                + item.finding() + (item.clause() == null ? "" : "（条款 " + item.clause() + "）")));

        RadarChart chart = new RadarChart(card.sections());
        List<Label> labels = new ArrayList<>();
        for (int i = 0; i < chart.axes(); i++) {
            Subtotal section = card.sections().get(i);
            Point2D.Double at = chart.labelAt(i);
            labels.add(new Label(section.number(), section.title(),
                    section.percentOfApplicable() == null ? "不涉及" : section.percentOfApplicable().toPlainString() + "%",
                    String.format(Locale.ROOT, "left:%.1fpx;top:%.1fpx;", at.x - 45, at.y - 14)));
        }

        List<Rung> ladder = new ArrayList<>();
        char letter = 'a';
        for (Grade grade : Grade.values()) {
            if (grade.minimumTotal().isEmpty()) {
                continue;
            }
            String min = plain(grade.minimumTotal().get());
            ladder.add(new Rung(letter + ") 达到 " + min + " 分以上（含 " + min + " 分），" + grade.chineseName()
                    + "商品售后服务成熟度；", grade == card.grade()));
            letter++;
        }
        // The ladder is one sentence: its last step ends it.
        Rung last = ladder.get(ladder.size() - 1);
        ladder.set(ladder.size() - 1, new Rung(last.text().substring(0, last.text().length() - 1) + "。", last.reached()));

        var recommendation = facts.recommendation();
        String recommends = "现场审查通过，" + RECOMMENDS.get(opened.type());
        Result result;
        if (recommendation == null) {
            result = new Result(recommends + "____售后服务成熟度认证证书", false, false,
                    "审查尚未结束，组长尚未推荐（按目前评分：" + Scorecard.totalText(card.total()) + " 分，" + gradeWords(card)
                            + (card.complete() ? "" : "，尚有 " + unscored(card) + " 项条款未评分") + "）。");
        } else if (recommendation.grade().passed()) {
            result = new Result(recommends + recommendation.grade().chineseName() + "售后服务成熟度认证证书",
                    true, false, null);
        } else {
            result = new Result(recommends + "____售后服务成熟度认证证书", false, true, null);
        }
        var cancelled = facts.cancellation();
        if (cancelled != null) {
            // A cancelled audit recommends nothing, whatever its leader recommended before: the report says who ended it.
            result = new Result(recommends + "____售后服务成熟度认证证书", false, false, "本审查已于 "
                    + MOMENT.format(cancelled.recordedAt().atZone(zone)) + " 由 " + people.apply(cancelled.cancelledBy(), cancelled.cancelledByName())
                    + " 取消，不作认证推荐；原因：" + cancelled.reason() + "。");
        }
        String author = recommendation == null ? leaderName : team.stream()
                .filter(member -> UserNames.same(member.userName(), recommendation.user())).map(TeamMember::name).findFirst()
                .orElse(leaderName);

        CertificationRecord certification = report.certification();
        var reviewed = certification.review();
        String review = reviewed == null ? "尚未技术评审" : people.apply(reviewed.reviewer(), reviewed.reviewerName()) + "，"
                + SPACED_DATE.format(reviewed.reviewedOn()) + "，" + reviewed.outcome()
                + (reviewed.note() == null || reviewed.note().isBlank() ? "" : "：" + reviewed.note());
        var decided = certification.decision();
        String decision = decided == null ? "尚未作出认证决定" : people.apply(decided.decider(), decided.deciderName()) + "，"
                + SPACED_DATE.format(decided.decidedOn()) + "，" + decided.outcome()
                + (decided.grade() == null ? "" : "（" + decided.grade()
                        + (decided.total() == null ? "" : "，总分 " + Scorecard.totalText(decided.total()) + " 分")
                        + (decided.auditVersion() < 0 ? "" : "，依据版本 " + decided.auditVersion()) + "）")
                + (decided.reason() == null || decided.reason().isBlank() ? "" : "；理由：" + decided.reason());
        var issued = certification.certificate();
        // A valid certificate whose last day had passed when the report's last event was recorded is said to be expired
        // then (the register says so from the day after); the point, not the day of printing, so a re-issue is the same.
        LocalDate pointDay = report.point().lastEventAt() == null ? null
                : report.point().lastEventAt().atZone(zone).toLocalDate();
        // Before its decision a surveillance or re-certification audit has ruled on no certificate, though the project
        // has one: "not issued yet" would misstate it (layout only; the canonical text records no certificate either way).
        String certificate = issued == null
                ? (opened.type() == AuditType.INITIAL ? "尚未颁发证书" : "本审查尚未对证书作出决定") : "证书编号 " + issued.number()
                + "，有效期 " + SPACED_DATE.format(issued.validFrom()) + " 至 " + SPACED_DATE.format(issued.validUntil())
                + (issued.state() == null ? "" : "，状态：" + issued.printedState(pointDay));
        TreeHead head = report.treeHead();
        // The root hash goes on a line of its own: 64 digits without a break do not fit beside the QR code.
        String treeHeadRoot = head == null ? "" : head.rootHash();
        String treeHead = head == null ? "无树头：本报告出具时账本尚无签署的树头。"
                : "树大小 " + head.treeSize() + "，签署于 " + MOMENT.format(head.treeHeadTime().atZone(zone)) + "，根哈希见下"
                + (head.covers() ? "" : "（账本最新的树头，尚未覆盖本报告的最后事件；覆盖后重新出具即得最终的树头）");

        ReportPoint point = report.point();
        String pointText = point.requested().isNow() ? "出具时的最新状态"
                : point.requested().atVersion() != null ? "按版本 " + point.requested().atVersion() + " 重新出具"
                : "按时点 " + MOMENT.format(point.requested().asOf().atZone(zone)) + " 重新出具";
        return new ReportView(pdf, body.name(), orEmpty(body.address()), orEmpty(body.phone()), orEmpty(body.postcode()),
                basis, org.name(), opened.projectNumber().value(), point.auditId().value(), auditTypes,
                pledgeClauses(body.name()), signers, leaderName, pledgeDate,
                orEmpty(org.registeredAddress()) + "/" + orEmpty(org.registeredPostcode()),
                orEmpty(org.auditAddress()) + "/" + orEmpty(org.auditPostcode()),
                orEmpty(org.contactName()) + (org.contactTitle() == null ? "" : "/" + org.contactTitle()) + " 电话："
                        + orEmpty(org.contactPhone()) + " 邮箱：" + orEmpty(org.contactEmail()),
                opened.otherSites() == null || opened.otherSites().isBlank() ? "无" : opened.otherSites(),
                purposes, opened.criteria() == null ? List.of() : opened.criteria(), orEmpty(scopeText), onSite,
                reschedulings, team,
                Scorecard.totalText(card.total()), card.complete(), unscored(card), parts, special, specialLines, chart.svg(), labels,
                card.sections().stream().map(SubtotalText::of).toList(), ladder, facts.strengths(), facts.improvements(), result, author,
                recommendation == null ? "（尚未编制）" : DATE.format(recommendation.reportDate()), review, decision,
                certificate, treeHead, treeHeadRoot, qrDataUri, qrText, report.digest(), point.version(), pointText,
                MOMENT.format(point.lastEventAt().atZone(zone)));
    }

    /**
     * The grade as the report words it: its name once every item is scored or marked not applicable, or when the special
     * deductions rule a grade out whatever is left (GB/T 27922: five); before that 暂定 and the name, or 等级待定 where
     * the unscored items alone keep the total under 70: 不予定级 is a verdict on a finished sheet.
     */
    static String gradeWords(Scorecard card) {
        if (card.complete() || card.deductions() >= Grade.DEDUCTIONS_THAT_PREVENT_A_GRADE) {
            return card.grade().chineseName();
        }
        return card.grade() == Grade.NOT_GRADED ? "等级待定" : "暂定" + card.grade().chineseName();
    }

    /** The items neither scored nor marked not applicable. */
    private static long unscored(Scorecard card) {
        return card.items().stream().filter(score -> score.result() == null).count();
    }

    private static List<Row> rows(Scheme scheme, List<ItemScore> items, String part) {
        List<Row> rows = new ArrayList<>();
        String lastSection = null;
        for (ItemScore score : items) {
            if (!score.item().part().equals(part)) {
                continue;
            }
            String sectionNumber = score.item().section();
            boolean first = !sectionNumber.equals(lastSection);
            lastSection = sectionNumber;
            Section section = scheme.sections().stream().filter(s -> s.number().equals(sectionNumber)).findFirst()
                    .orElseThrow();
            String percent = score.result() == null ? "未评分" : score.notApplicable() ? "不涉及"
                    : plain(score.result().percent().value());
            String earned = score.result() == null ? "" : score.notApplicable() ? "0" : plain(score.earned());
            rows.add(new Row(first ? sectionNumber : "", first ? section.title() : "", first ? sectionPoints(section) : "",
                    score.item().clause(), score.item().text(), plain(score.item().points()),
                    orEmpty(score.item().dimensionCode()), percent, earned, score.notApplicable(), score.result() == null));
        }
        return rows;
    }

    /** "组织架构 (4+8分)", or "服务系统 +10分" for a section with extended points only, as the seed prints them. */
    static String sectionTitle(Section section) {
        return section.title() + " " + sectionPoints(section);
    }

    /** The points of {@link #sectionTitle}: "(4+8分)", or "+10分" for a section with extended points only. */
    static String sectionPoints(Section section) {
        if (section.basePoints().signum() == 0) {
            return "+" + plain(section.extendedPoints()) + "分";
        }
        return "(" + plain(section.basePoints()) + "+" + plain(section.extendedPoints()) + "分)";
    }

    /** The impartiality and confidentiality pledge (审查组公正性和保密承诺) in the words of the seed report. */
    static List<String> pledgeClauses(String body) {
        return List.of(
                "在审查工作中遵守国家有关认证的法律、法规和方针政策，遵守" + body + "对认证公正性的管理规定和要求。",
                "认真执行" + body + "的认证工作程序，准确、公正地反映被审查组织服务管理现状与服务认证准则的符合程度。",
                "尊重受审查方的管理和权益，对所接触到的受审查方未公开信息保守秘密，不向第三方泄漏。为受审查方保守审查过程中涉及到的经营、技术、管理机密。",
                "严格遵守审查员行为准则，保持良好的职业道德和职业行为。",
                "不接受受审查组织赠送的礼品和礼金，不参加宴请，不参加营业性娱乐活动。",
                "在审查之日前两年内未对受审查方进行过有关服务认证的咨询，也未参与该组织的设计、开发、生产、技术、检验、销售及服务等工作，与受审查方没有任何经济利益和利害冲突。审查员已就其所在组织与受审查方现在、过去或可预知的联系如实向认证机构进行了说明。",
                "遵守《中华人民共和国认证认可条例》及相关规定，保证仅在" + body + "一个认证机构执业，不同时在其它认证机构执业，也不在认证咨询机构或以其它形式从事认证咨询活动。",
                "如因承诺人违反上述要求所造成的对受审查方和" + body + "的任何损失，由承诺人承担相应责任直至法律责任。");
    }

    static String plain(BigDecimal value) {
        if (value == null) {
            return "";
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return (stripped.scale() < 0 ? stripped.setScale(0) : stripped).toPlainString();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    /** An on-site period as the seed's 1.10 prints it: 2021 年 06 月 05 日 至 2021 年 06 月 07 日 共 3 天. */
    private static String period(OnSitePeriod period) {
        return period.from() == null ? "（未定）" : SPACED_DATE.format(period.from())
                + halfDay(period.fromHalfDay()) + " 至 " + SPACED_DATE.format(period.to())
                + halfDay(period.toHalfDay()) + " 共 "
                + (period.days() == null ? "" : period.days().toPlainString()) + " 天";
    }

    /** 上午 or 下午 after a date, as the seed's 1.10 prints it; nothing when not given. */
    private static String halfDay(HalfDay half) {
        return half == null ? "" : half.chineseName();
    }
}
