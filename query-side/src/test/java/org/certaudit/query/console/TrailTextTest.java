package org.certaudit.query.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;

class TrailTextTest {

    private static final Locale CHINESE = Locale.forLanguageTag("zh-CN");

    private final TrailText text = new TrailText(messages());

    @Test
    void aRevisedScoreReadsAsItsClauseBothPercentsItsEvidenceAndReason() {
        String payload = "{\"auditId\":\"0455-2021-SE.1\",\"clause\":\"5.2.2.3\",\"previousPercent\":97,\"percent\":80,"
                + "\"note\":\"维修记录不全\",\"reason\":\"缺 2020 年记录\"}";

        assertThat(text.fields("ItemScoreRevised", payload, CHINESE))
                .extracting(TrailText.Field::label, TrailText.Field::value, TrailText.Field::itemClause)
                .containsExactly(tuple("条款", "5.2.2.3", "5.2.2.3"), tuple("原得分", "97%", null), tuple("得分", "80%", null),
                        tuple("证据记录", "维修记录不全", null), tuple("理由", "缺 2020 年记录", null));
        assertThat(text.fields("ItemScoreRevised", payload, Locale.ENGLISH)).extracting(TrailText.Field::label)
                .containsExactly("Clause", "Previous score", "Score", "Evidence", "Reason");
    }

    @Test
    void aDecisionNamesItsNestedFieldsAndSaysCodesInWordsWithDecimalsAsStored() {
        String payload = "{\"auditId\":\"0455-2021-SE.1\",\"decision\":{\"outcome\":\"GRANT\",\"decider\":\"decider\","
                + "\"decidedOn\":\"2021-07-01\",\"auditVersion\":100,\"total\":145.750,\"grade\":\"TEN_STAR\",\"reason\":null},"
                + "\"certificate\":{\"number\":\"CTS-2021-0455-2021-SE-1\",\"validUntil\":\"2024-06-30\"}}";

        assertThat(text.fields("CertificateGranted", payload, CHINESE))
                .extracting(TrailText.Field::label, TrailText.Field::value)
                .containsExactly(tuple("认证决定", "批准认证"), tuple("决定人", "decider"), tuple("决定日期", "2021-07-01"),
                        tuple("所依据的审查版本", "100"), tuple("总分", "145.750"), tuple("等级", "十星级"),
                        tuple("证书编号", "CTS-2021-0455-2021-SE-1"), tuple("有效期至", "2024-06-30"));
    }

    @Test
    void aFieldCanBeNamedForItsEvent() {
        assertThat(text.fields("TechnicalReviewAccepted", "{\"note\":\"一致\"}", CHINESE)).extracting(TrailText.Field::label)
                .containsExactly("评审意见");
        assertThat(text.fields("ItemScored", "{\"note\":\"一致\"}", CHINESE)).extracting(TrailText.Field::label)
                .containsExactly("证据记录");
    }

    @Test
    void listsAreJoinedAndTheAuditTypeAndRoleAreSaidInWords() {
        assertThat(text.fields("FindingsRecorded", "{\"strengths\":[\"一\",\"二\"],\"improvements\":[]}", CHINESE))
                .extracting(TrailText.Field::label, TrailText.Field::value)
                .containsExactly(tuple("优势", "一；二"));
        assertThat(text.fields("TeamMemberAssigned", "{\"member\":{\"code\":\"A\",\"role\":\"LEADER\"}}", Locale.ENGLISH))
                .extracting(TrailText.Field::value).containsExactly("A", "Leader");
        assertThat(text.fields("AuditOpened", "{\"type\":\"SURVEILLANCE\"}", CHINESE))
                .extracting(TrailText.Field::value).containsExactly("保持认证");
    }

    @Test
    void aFieldWithoutWordsIsNamedByItsPathAndAPayloadThatIsNoObjectIsShownAsItIs() {
        assertThat(text.fields("ItemScored", "{\"somethingNew\":{\"inner\":1}}", CHINESE))
                .extracting(TrailText.Field::label, TrailText.Field::value)
                .containsExactly(tuple("somethingNew.inner", "1"));
        assertThat(text.fields("ItemScored", "not json", CHINESE))
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
