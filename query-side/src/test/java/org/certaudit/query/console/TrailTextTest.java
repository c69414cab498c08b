package org.certaudit.query.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Locale;
import org.certaudit.audit.TeamRole;
import org.certaudit.query.actor.ActingMember;
import org.certaudit.scheme.SchemeCatalog;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

class TrailTextTest {

    private static final Locale CHINESE = Locale.forLanguageTag("zh-CN");
    private static final String AUDIT = "0455-2021-SE.1";

    private final TrailText text = new TrailText(messages(), SchemeCatalog.shipped());

    @Test
    void aRevisedScoreReadsAsItsClauseBothPercentsItsEvidenceAndReason() {
        String payload = "{\"auditId\":\"0455-2021-SE.1\",\"clause\":\"5.2.2.3\",\"previousPercent\":97,\"percent\":80,"
                + "\"note\":\"维修记录不全\",\"reason\":\"缺 2020 年记录\"}";

        assertThat(text.fields("ItemScoreRevised", payload, null, AUDIT, CHINESE))
                .extracting(TrailText.Field::label, TrailText.Field::value, TrailText.Field::link)
                .containsExactly(tuple("条款", "5.2.2.3", "/console/audits/0455-2021-SE.1/items/5.2.2.3/history"), tuple("原得分", "97%", null), tuple("得分", "80%", null),
                        tuple("证据记录", "维修记录不全", null), tuple("理由", "缺 2020 年记录", null));
        assertThat(text.fields("ItemScoreRevised", payload, null, AUDIT, Locale.ENGLISH)).extracting(TrailText.Field::label)
                .containsExactly("Clause", "Previous score", "Score", "Evidence", "Reason");
    }

    @Test
    void aRevisedNotApplicableReasonReadsAsItsClauseAndBothReasons() {
        String payload = "{\"auditId\":\"0455-2021-SE.1\",\"clause\":\"5.2.5.4\",\"previousReason\":\"不涉及\","
                + "\"reason\":\"近三年无召回\"}";

        assertThat(text.fields("ItemNotApplicableReasonRevised", payload, null, AUDIT, CHINESE))
                .extracting(TrailText.Field::label, TrailText.Field::value, TrailText.Field::link)
                .containsExactly(tuple("条款", "5.2.5.4", "/console/audits/0455-2021-SE.1/items/5.2.5.4/history"),
                        tuple("原不涉及原因", "不涉及", null), tuple("理由", "近三年无召回", null));
        assertThat(text.fields("ItemNotApplicableReasonRevised", payload, null, AUDIT, Locale.ENGLISH))
                .extracting(TrailText.Field::label).containsExactly("Clause", "Previous reason", "Reason");
    }

    @Test
    void aDecisionNamesItsNestedFieldsAndSaysCodesInWordsWithDecimalsAsStored() {
        String payload = "{\"auditId\":\"0455-2021-SE.1\",\"decision\":{\"outcome\":\"GRANT\",\"decider\":\"decider\","
                + "\"decidedOn\":\"2021-07-01\",\"auditVersion\":100,\"total\":145.750,\"grade\":\"TEN_STAR\",\"reason\":null},"
                + "\"certificate\":{\"number\":\"CTS-2021-0455-2021-SE-1\",\"validUntil\":\"2024-06-30\"}}";

        assertThat(text.fields("CertificateGranted", payload, null, AUDIT, CHINESE))
                .extracting(TrailText.Field::label, TrailText.Field::value)
                .containsExactly(tuple("认证决定", "批准认证"), tuple("决定人", "decider"), tuple("决定日期", "2021-07-01"),
                        tuple("所依据的审查版本", "100"), tuple("总分", "145.750"), tuple("决定的等级", "十星级"),
                        tuple("证书编号", "CTS-2021-0455-2021-SE-1"), tuple("有效期至", "2024-06-30"));
    }

    @Test
    void theVersionADecisionRestsOnAndThePreviousAuditAreLinksButASpecialItemsClauseIsNot() {
        assertThat(text.fields("CertificateGranted", "{\"decision\":{\"auditVersion\":100}}", null, AUDIT, CHINESE))
                .extracting(TrailText.Field::link).containsExactly("/console/audits/0455-2021-SE.1/as-of?version=100");
        assertThat(text.fields("AuditOpened", "{\"predecessor\":\"0455-2021-SE.1\"}", null, "0455-2021-SE.2", CHINESE))
                .extracting(TrailText.Field::link).containsExactly("/console/audits/0455-2021-SE.1");
        assertThat(text.fields("SpecialItemRecorded", "{\"clause\":\"5.3.3\"}", null, AUDIT, CHINESE))
                .extracting(TrailText.Field::link).containsOnlyNulls();
    }

    @Test
    void aCancellationReadsAsWhoCancelledTheAuditAndWhyInEitherLanguage() {
        String payload = "{\"auditId\":\"0455-2021-SE.1\",\"cancelledBy\":\"admin\",\"reason\":\"现场审查年份录入错误\"}";

        assertThat(text.fields("AuditCancelled", payload, null, AUDIT, CHINESE))
                .extracting(TrailText.Field::label, TrailText.Field::value)
                .containsExactly(tuple("取消人", "admin"), tuple("理由", "现场审查年份录入错误"));
        assertThat(text.fields("AuditCancelled", payload, null, AUDIT, Locale.ENGLISH)).extracting(TrailText.Field::label)
                .containsExactly("Cancelled by", "Reason");
    }

    @Test
    void aReschedulingReadsAsTheEarlierAndTheNewPeriodWhoAndWhyInEitherLanguage() {
        String payload = "{\"auditId\":\"0455-2021-SE.1\",\"previous\":{\"from\":\"2021-06-05\",\"to\":\"2021-06-07\","
                + "\"days\":3.0,\"fromHalfDay\":\"MORNING\",\"toHalfDay\":null},\"period\":{\"from\":\"2021-06-12\","
                + "\"to\":\"2021-06-14\",\"days\":2.5,\"fromHalfDay\":\"AFTERNOON\",\"toHalfDay\":\"AFTERNOON\"},"
                + "\"rescheduledBy\":\"admin\",\"reason\":\"受审查方申请改期\"}";

        assertThat(text.fields("OnSiteAuditRescheduled", payload, null, AUDIT, CHINESE))
                .extracting(TrailText.Field::label, TrailText.Field::value)
                .containsExactly(tuple("原现场审查时间", "2021-06-05上午 至 2021-06-07，共 3.0 天"),
                        tuple("新现场审查时间", "2021-06-12下午 至 2021-06-14下午，共 2.5 天"),
                        tuple("改期人", "admin"), tuple("理由", "受审查方申请改期"));
        assertThat(text.fields("OnSiteAuditRescheduled", payload, null, AUDIT, Locale.ENGLISH))
                .extracting(TrailText.Field::label, TrailText.Field::value)
                .containsExactly(tuple("Earlier on-site period", "2021-06-05 morning to 2021-06-07, 3.0 days"),
                        tuple("New on-site period", "2021-06-12 afternoon to 2021-06-14 afternoon, 2.5 days"),
                        tuple("Rescheduled by", "admin"), tuple("Reason", "受审查方申请改期"));
    }

    @Test
    void aFieldCanBeNamedForItsEvent() {
        assertThat(text.fields("TechnicalReviewAccepted", "{\"note\":\"一致\"}", null, AUDIT, CHINESE)).extracting(TrailText.Field::label)
                .containsExactly("评审意见");
        assertThat(text.fields("ItemScored", "{\"note\":\"一致\"}", null, AUDIT, CHINESE)).extracting(TrailText.Field::label)
                .containsExactly("证据记录");
    }

    @Test
    void listsAreJoinedAndTheAuditTypeAndRoleAreSaidInWords() {
        assertThat(text.fields("FindingsRecorded", "{\"strengths\":[\"一\",\"二\"],\"improvements\":[]}", null, AUDIT, CHINESE))
                .extracting(TrailText.Field::label, TrailText.Field::value)
                .containsExactly(tuple("优势", "一\n二"));
        assertThat(text.fields("TeamMemberAssigned", "{\"member\":{\"code\":\"A\",\"role\":\"LEADER\"}}", null, AUDIT, Locale.ENGLISH))
                .extracting(TrailText.Field::value).containsExactly("A", "Leader");
        assertThat(text.fields("AuditOpened", "{\"type\":\"SURVEILLANCE\"}", null, AUDIT, CHINESE))
                .extracting(TrailText.Field::value).containsExactly("保持认证");
    }

    @Test
    void aMemberCodeIsFollowedByTheNameTheTrailFoundAndASchemeIdByItsTitle() {
        ActingMember lin = new ActingMember("B", "林晓", TeamRole.MEMBER);
        assertThat(text.fields("TeamMemberRemoved", "{\"memberCode\":\"B\",\"reason\":\"回避\"}", lin, AUDIT, CHINESE))
                .extracting(TrailText.Field::label, TrailText.Field::value)
                .containsExactly(tuple("成员", "B（林晓）"), tuple("理由", "回避"));
        assertThat(text.fields("PledgeSigned", "{\"memberCode\":\"B\"}", lin, AUDIT, Locale.ENGLISH))
                .extracting(TrailText.Field::value).containsExactly("B (林晓)");
        // A subject that is not the code's member (or none) leaves the code alone.
        assertThat(text.fields("PledgeSigned", "{\"memberCode\":\"C\"}", lin, AUDIT, CHINESE))
                .extracting(TrailText.Field::value).containsExactly("C");
        assertThat(text.fields("PledgeSigned", "{\"memberCode\":\"B\"}", null, AUDIT, CHINESE))
                .extracting(TrailText.Field::value).containsExactly("B");
        assertThat(text.fields("AuditOpened", "{\"schemeId\":\"CTS-ISC-JSGF-06\"}", null, AUDIT, CHINESE))
                .extracting(TrailText.Field::value).containsExactly("CTS-ISC-JSGF-06（商品售后服务成熟度认证技术规范）");
        assertThat(text.fields("AuditOpened", "{\"schemeId\":\"OTHER\"}", null, AUDIT, CHINESE))
                .extracting(TrailText.Field::value).containsExactly("OTHER");
    }

    @Test
    void aPledgesCorrectedDayReadsAsItsMemberTheDayItReplacesTheNewDayAndTheReasonInBothLanguages() {
        ActingMember lin = new ActingMember("B", "林晓", TeamRole.MEMBER);
        String payload = "{\"auditId\":\"0455-2021-SE.1\",\"memberCode\":\"B\",\"previousSignedOn\":\"2021-06-08\","
                + "\"signedOn\":\"2021-06-05\",\"reason\":\"签署时误用了表单默认日期\"}";

        assertThat(text.fields("PledgeDateCorrected", payload, lin, AUDIT, CHINESE))
                .extracting(TrailText.Field::label, TrailText.Field::value)
                .containsExactly(tuple("成员", "B（林晓）"), tuple("签署日期", "2021-06-08 → 2021-06-05"),
                        tuple("理由", "签署时误用了表单默认日期"));
        assertThat(text.fields("PledgeDateCorrected", payload, lin, AUDIT, Locale.ENGLISH))
                .extracting(TrailText.Field::label, TrailText.Field::value)
                .containsExactly(tuple("Member", "B (林晓)"), tuple("Signed on", "2021-06-08 → 2021-06-05"),
                        tuple("Reason", "签署时误用了表单默认日期"));
        assertThat(text.fields("PledgeSigned", "{\"memberCode\":\"B\",\"signedOn\":\"2021-06-05\"}", lin, AUDIT,
                CHINESE)).as("only a correction replaces a day").extracting(TrailText.Field::value)
                .containsExactly("B（林晓）", "2021-06-05");
    }

    @Test
    void aFieldWithoutWordsIsNamedByItsPathAndAPayloadThatIsNoObjectIsShownAsItIs() {
        assertThat(text.fields("ItemScored", "{\"somethingNew\":{\"inner\":1}}", null, AUDIT, CHINESE))
                .extracting(TrailText.Field::label, TrailText.Field::value)
                .containsExactly(tuple("somethingNew.inner", "1"));
        assertThat(text.fields("ItemScored", "not json", null, AUDIT, CHINESE))
                .extracting(TrailText.Field::label, TrailText.Field::value).containsExactly(tuple("内容", "not json"));
    }

    private static ResourceBundleMessageSource messages() {
        ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
        messages.setBasename("messages");
        messages.setDefaultEncoding("UTF-8");
        messages.setFallbackToSystemLocale(false);
        return messages;
    }
}
