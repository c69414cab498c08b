package org.certaudit.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.HttpMediaTypeNotAcceptableException;

class AcceptHeaderTest {

    private static final MediaType JSON = MediaType.APPLICATION_JSON;
    private static final MediaType HTML = MediaType.parseMediaType("text/html;charset=UTF-8");
    private static final MediaType PDF = MediaType.APPLICATION_PDF;

    private static AcceptHeader accept(String value) throws HttpMediaTypeNotAcceptableException {
        return AcceptHeader.parse(value);
    }

    @Nested
    class Quality {

        @Test
        void givesEachTypeTheQualityOfTheMostSpecificRangeForRfc9110sExampleHeader() throws Exception {
            AcceptHeader header = accept("text/*;q=0.3, text/plain;q=0.7, text/plain;format=flowed, "
                    + "text/plain;format=fixed;q=0.4, */*;q=0.5");

            assertThat(header.quality(MediaType.parseMediaType("text/plain;format=flowed"))).isEqualTo(1);
            assertThat(header.quality(MediaType.TEXT_PLAIN)).isEqualTo(0.7);
            assertThat(header.quality(MediaType.TEXT_HTML)).isEqualTo(0.3);
            assertThat(header.quality(MediaType.IMAGE_JPEG)).isEqualTo(0.5);
            assertThat(header.quality(MediaType.parseMediaType("text/plain;format=fixed"))).isEqualTo(0.4);
        }

        @Test
        void takesQZeroAsRefusalAndTheSpecificRangeOverTheWildcard() throws Exception {
            assertThat(accept("application/json;q=0").takesAnyOf(List.of(JSON))).isFalse();
            assertThat(accept("*/*;q=0").takesAnyOf(List.of(JSON))).isFalse();
            assertThat(accept("*/*, application/json;q=0").takesAnyOf(List.of(JSON))).isFalse();
            assertThat(accept("application/json;q=0, */*").takesAnyOf(List.of(JSON))).isFalse();
            assertThat(accept("application/*;q=0, */*").takesAnyOf(List.of(JSON))).isFalse();
            assertThat(accept("application/json;q=0, application/pdf").takesAnyOf(List.of(JSON, PDF))).isTrue();
        }

        @Test
        void matchesARangeWithParametersOnlyToARepresentationCarryingThem() throws Exception {
            assertThat(accept("text/html;level=1").quality(HTML)).isZero();
            assertThat(accept("text/html;level=1;q=0, text/html").quality(HTML)).isEqualTo(1);
            assertThat(accept("text/html;charset=utf-8").quality(HTML)).isEqualTo(1);
            assertThat(accept("text/html;charset=\"UTF-8\"").quality(HTML)).isEqualTo(1);
            assertThat(accept("text/html;charset=ISO-8859-1").quality(HTML)).isZero();
        }

        @Test
        void doesNotRefuseATypeWithoutCharsetForTheCharsetARangeNames() throws Exception {
            assertThat(accept("application/json;charset=UTF-8").quality(JSON)).isEqualTo(1);
        }

        @Test
        void takesAnythingWithoutAHeaderOrWithAnEmptyOne() throws Exception {
            assertThat(accept(null).quality(JSON)).isEqualTo(1);
            assertThat(accept("").quality(PDF)).isEqualTo(1);
            assertThat(AcceptHeader.of(new MockHttpServletRequest()).takesAnyOf(List.of(JSON))).isTrue();
        }

        @Test
        void readsEveryAcceptLineAsOneList() throws Exception {
            MockHttpServletRequest request = new MockHttpServletRequest();
            request.addHeader("Accept", "*/*");
            request.addHeader("Accept", "application/json;q=0");

            assertThat(AcceptHeader.of(request).takesAnyOf(List.of(JSON))).isFalse();
        }

        @Test
        void refusesAHeaderThatIsNoListOfMediaRangesAsSpringDoes() {
            assertThatThrownBy(() -> accept("*/*;q=x")).isInstanceOf(HttpMediaTypeNotAcceptableException.class);
            assertThatThrownBy(() -> accept("garbage")).isInstanceOf(HttpMediaTypeNotAcceptableException.class);
        }
    }

    @Nested
    class Preferred {

        @Test
        void isTheHighestQualityThenTheMoreSpecificRangeThenTheEarlierRangeThenTheFirstListed() throws Exception {
            assertThat(accept("text/html;q=0.5, application/pdf;q=0.6").preferred(List.of(HTML, PDF))).contains(PDF);
            assertThat(accept("application/*;q=0.9, text/html").preferred(List.of(HTML, PDF))).contains(HTML);
            assertThat(accept("*/*, application/pdf").preferred(List.of(HTML, PDF))).contains(PDF);
            assertThat(accept("application/pdf, text/html").preferred(List.of(HTML, PDF))).contains(PDF);
            assertThat(accept("*/*").preferred(List.of(HTML, PDF))).contains(HTML);
            assertThat(accept(null).preferred(List.of(HTML, PDF))).contains(HTML);
        }

        @Test
        void isNoneWhenTheHeaderRefusesThemAll() throws Exception {
            assertThat(accept("text/html;q=0, application/pdf;q=0").preferred(List.of(HTML, PDF))).isEmpty();
            assertThat(accept("text/html;level=1").preferred(List.of(HTML, PDF))).isEmpty();
        }
    }
}
