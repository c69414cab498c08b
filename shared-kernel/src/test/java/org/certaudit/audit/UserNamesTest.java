package org.certaudit.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class UserNamesTest {

    @Test
    void namesDifferingOnlyInCaseNameOnePerson() {
        assertThat(UserNames.same("auditor", "AUDITOR")).isTrue();
        assertThat(UserNames.same("Li.Ming", "li.ming")).isTrue();
    }

    @Test
    void fullwidthLettersReadAsTheirAsciiForms() {
        assertThat(UserNames.same("ａｕｄｉｔｏｒ", "auditor")).isTrue();
        assertThat(UserNames.same("ＡＵＤＩＴＯＲ", "auditor")).isTrue();
        assertThat(UserNames.key("ａｕｄｉｔｏｒ")).isEqualTo("auditor");
    }

    @Test
    void surroundingWhiteSpaceNamesNobodyElse() {
        assertThat(UserNames.same("auditor\u00a0", "auditor")).isTrue();
        assertThat(UserNames.same("\u3000auditor", "auditor")).isTrue();
    }

    @Test
    void differentNamesStayDifferent() {
        assertThat(UserNames.same("auditor", "auditor2")).isFalse();
        assertThat(UserNames.same("li ming", "liming")).isFalse();
        assertThat(UserNames.same("李明", "李敏")).isFalse();
    }

    @Test
    void casesAreMappedTheSameWhateverTheServersLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr"));
            assertThat(UserNames.key("ADMIN")).isEqualTo("admin");
            assertThat(UserNames.same("ADMIN", "admin")).isTrue();
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void aMissingNameNamesNobody() {
        assertThat(UserNames.same(null, null)).isFalse();
        assertThat(UserNames.same(null, "auditor")).isFalse();
        assertThat(UserNames.key(null)).isNull();
    }
}
