package org.certaudit.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.mock.http.MockHttpInputMessage;

class StrictJsonHttpMessageConverterTest {

    /** A byte that is never UTF-8 (the lead of an overlong form). */
    private static final byte BAD = (byte) 0xC0;

    record Score(BigDecimal percent, Boolean applicable, String note, Integer version) {
    }

    private final StrictJsonHttpMessageConverter converter = new StrictJsonHttpMessageConverter(new ObjectMapper());

    /** The field the refusal of a body whose one bad byte sits between {@code before} and {@code after} names. */
    private String fieldNamedFor(String before, String after) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        body.write(BAD);
        body.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        MockHttpInputMessage input = new MockHttpInputMessage(body.toByteArray());
        input.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        HttpMessageNotReadableException refused = catchThrowableOfType(HttpMessageNotReadableException.class,
                () -> converter.read(Score.class, null, input));
        assertThat(refused).isNotNull();
        assertThat(refused.getCause()).isInstanceOf(StrictJsonHttpMessageConverter.MalformedTextException.class)
                .hasMessageContaining("is not well-formed UTF-8 (byte " + before.getBytes(StandardCharsets.UTF_8).length);
        return ((StrictJsonHttpMessageConverter.MalformedTextException) refused.getCause()).field();
    }

    @Nested
    class ABadByteInAValue {

        @Test
        void insideAStringNamesItsField() {
            assertThat(fieldNamedFor("{\"note\":\"整改", "完成\"}")).isEqualTo("note");
        }

        @Test
        void betweenTheDigitsOfAWholeNumberNamesItsField() {
            assertThat(fieldNamedFor("{\"note\":\"x\",\"version\":1", "2}")).isEqualTo("version");
        }

        @Test
        void rightAfterADecimalPointNamesItsField() {
            assertThat(fieldNamedFor("{\"percent\":97.", "5}")).isEqualTo("percent");
        }

        @Test
        void rightAfterAMinusSignOrAnExponentMarkerNamesItsField() {
            assertThat(fieldNamedFor("{\"percent\":-", "5}")).isEqualTo("percent");
            assertThat(fieldNamedFor("{\"percent\":9e", "1}")).isEqualTo("percent");
            assertThat(fieldNamedFor("{\"percent\":9e+", "1}")).isEqualTo("percent");
        }

        @Test
        void insideTrueFalseOrNullNamesItsField() {
            assertThat(fieldNamedFor("{\"applicable\":tr", "ue}")).isEqualTo("applicable");
            assertThat(fieldNamedFor("{\"applicable\":f", "alse}")).isEqualTo("applicable");
            assertThat(fieldNamedFor("{\"note\":nul", "l}")).isEqualTo("note");
        }

        @Test
        void rightAfterALiteralNamesItsField() {
            assertThat(fieldNamedFor("{\"applicable\":true", "}")).isEqualTo("applicable");
        }
    }

    @Nested
    class ABadByteInNoValue {

        @Test
        void inAKeyNamesTheBody() {
            assertThat(fieldNamedFor("{\"perc", "ent\":97}")).isEqualTo("body");
        }

        @Test
        void inAKeyEndingInWhatLooksLikeALiteralNamesTheBodyNotTheFieldBefore() {
            assertThat(fieldNamedFor("{\"version\":1,\"a tr", "ue\":1}")).isEqualTo("body");
        }

        @Test
        void betweenTokensNamesTheBody() {
            assertThat(fieldNamedFor("{\"percent\":97,", "\"note\":\"x\"}")).isEqualTo("body");
        }
    }
}
