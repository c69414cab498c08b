package org.certaudit.command.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.certaudit.command.audit.AuditFixtures.FIRST;
import static org.certaudit.command.audit.AuditFixtures.ON_SITE_FROM;
import static org.certaudit.command.audit.AuditFixtures.ON_SITE_TO;
import static org.certaudit.command.audit.AuditFixtures.ORGANIZATION;
import static org.certaudit.command.audit.AuditFixtures.PROJECT;
import static org.certaudit.command.audit.AuditFixtures.SCHEME;

import java.math.BigDecimal;
import java.util.List;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.SpecialItemKind;
import org.certaudit.scheme.Percent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A command judges blank text as the HTTP layer's {@code @NotBlank} does: text of zero-width spaces, byte order marks,
 * bidirectional marks, no-break or ideographic spaces is no text, refused where text is required and absent where it
 * is optional.
 */
class CommandShapeTest {

    @ParameterizedTest
    @ValueSource(strings = {"\u200b", "\ufeff", "\u00a0", "\u202e\u202d", "\u3000", " \u200b\t"})
    void refusesInvisibleTextWhereTextIsRequired(String blank) {
        assertThatIllegalArgumentException().isThrownBy(() -> new OpenAudit(PROJECT, AuditType.INITIAL, SCHEME,
                ORGANIZATION, null, blank, List.of(), ON_SITE_FROM, ON_SITE_TO, new BigDecimal("3.0")))
                .withMessageContaining("scope");
        assertThatIllegalArgumentException().isThrownBy(() -> new OpenAudit(PROJECT, AuditType.INITIAL, SCHEME,
                ORGANIZATION, null, "范围", List.of(blank), ON_SITE_FROM, ON_SITE_TO, new BigDecimal("3.0")))
                .withMessageContaining("criteria");
        assertThatIllegalArgumentException().isThrownBy(() -> new ScoreItem(FIRST, blank, Percent.of("90"), "n", null))
                .withMessageContaining("item");
        assertThatIllegalArgumentException().isThrownBy(() -> new ScoreItem(FIRST, "B8", Percent.of("90"), blank, null))
                .withMessageContaining("note");
        assertThatIllegalArgumentException().isThrownBy(() -> new MarkItemNotApplicable(FIRST, blank, "r"))
                .withMessageContaining("item");
        assertThatIllegalArgumentException().isThrownBy(() -> new RestoreItemApplicability(FIRST, blank, "r"))
                .withMessageContaining("item");
        assertThatIllegalArgumentException().isThrownBy(() -> new WithdrawSpecialItem(FIRST, blank, "r"))
                .withMessageContaining("special item id");
        assertThatIllegalArgumentException().isThrownBy(() -> new RecordSpecialItem(FIRST, SpecialItemKind.DEDUCTION,
                blank, "5.3.3.2", "r")).withMessageContaining("finding");
        assertThatIllegalArgumentException().isThrownBy(() -> new RecordSpecialItem(FIRST, SpecialItemKind.DEDUCTION,
                "f", blank, "r")).withMessageContaining("clause");
        assertThatIllegalArgumentException().isThrownBy(() -> new RecordFindings(FIRST, List.of(blank), List.of()))
                .withMessageContaining("strengths");
        assertThatIllegalArgumentException().isThrownBy(() -> new CancelAudit(FIRST, blank))
                .withMessageContaining("reason");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\u200b", "\ufeff", "\u00a0", "\u202e\u202d"})
    void takesInvisibleOptionalTextAsNone(String blank) {
        assertThat(new ScoreItem(FIRST, "B8", Percent.of("90"), "n", blank).reason()).isNull();
        assertThat(new AcceptReview(FIRST, AuditFixtures.REVIEWED_ON, blank).note()).isNull();
        assertThat(new OpenAudit(PROJECT, AuditType.SURVEILLANCE, SCHEME, null, blank, blank, null, ON_SITE_FROM,
                ON_SITE_TO, new BigDecimal("3.0")).scope()).isNull();
    }
}
