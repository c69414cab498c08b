package org.certaudit.scheme;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class SchemeTest {

    private final Scheme scheme = Scheme.ctsIscJsgf06();

    @Nested
    class Catalogue {

        @Test
        void listsAllNinetyFourItemsInReportOrder() {
            assertThat(scheme.items()).hasSize(94);
            assertThat(scheme.items().get(0).clause()).isEqualTo("5.1.1.1");
            assertThat(scheme.items().get(93).clause()).isEqualTo("5.3.3.4");
        }
    }
}
