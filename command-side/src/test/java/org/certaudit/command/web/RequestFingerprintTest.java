package org.certaudit.command.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** A retry's body compared by what it means, and by its bytes where a JSON object's meaning cannot be told. */
class RequestFingerprintTest {

    private static final String LINE = "PUT /api/audits/0455-2021-SE.1/items/5.1.1.1";
    private static final String SCORE = "{\"percent\":70,\"note\":\"现场抽查记录\"}";

    private static RequestFingerprint of(String body) {
        return RequestFingerprint.of(LINE, null, body.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean same(String first, String retry) {
        RequestFingerprint stored = of(first);
        return of(retry).sameRequestAs(stored.bytes(), stored.canonical());
    }

    @Nested
    class TheSameCommandReSerialised {

        @Test
        void membersInAnotherOrderAreTheSameRequest() {
            assertThat(same(SCORE, "{\"note\":\"现场抽查记录\",\"percent\":70}")).isTrue();
            assertThat(same("{\"a\":{\"x\":1,\"y\":[1,2]},\"b\":null}", "{\"b\":null,\"a\":{\"y\":[1,2],\"x\":1}}"))
                    .isTrue();
        }

        @Test
        void otherWhiteSpaceIsTheSameRequest() {
            assertThat(same(SCORE, " {\n  \"percent\" : 70,\r\n\t\"note\" : \"现场抽查记录\"\n}\n")).isTrue();
        }

        @Test
        void seventyWrittenAs70Point0Or7e1IsTheSameRequest() {
            for (String retry : new String[] {"70.0", "7e1", "7.0E+1", "700e-1", "70.000"}) {
                assertThat(same(SCORE, SCORE.replace("70", retry))).as(retry).isTrue();
            }
        }

        @Test
        void aDecimalNoDoubleHoldsWrittenAnotherWayIsTheSameRequest() {
            String tenth = "{\"percent\":0.1,\"note\":\"n\"}";
            assertThat(same(tenth, tenth.replace("0.1", "0.10"))).isTrue();
            assertThat(same(tenth, tenth.replace("0.1", "1e-1"))).isTrue();
        }

        @Test
        void escapedTextIsTheSameRequest() {
            assertThat(same(SCORE, "{\"percent\":70,\"note\":\"\\u73b0\\u573A抽查记录\"}")).isTrue();
            assertThat(same("{\"note\":\"a/b\"}", "{\"note\":\"a\\/b\"}")).isTrue();
        }
    }

    @Nested
    class AnotherCommand {

        @Test
        void anotherValueIsAnotherRequest() {
            assertThat(same(SCORE, SCORE.replace("70", "71"))).isFalse();
            assertThat(same(SCORE, SCORE.replace("现场", "现埸"))).isFalse();
            assertThat(same(SCORE, SCORE.replace("70", "\"70\""))).as("a string is no number").isFalse();
        }

        @Test
        void anotherRequestLineOrIfMatchIsAnotherRequest() {
            byte[] body = SCORE.getBytes(StandardCharsets.UTF_8);
            RequestFingerprint stored = RequestFingerprint.of(LINE, "\"4\"", body);
            assertThat(RequestFingerprint.of(LINE, "\"5\"", body).sameRequestAs(stored.bytes(), stored.canonical()))
                    .isFalse();
            assertThat(RequestFingerprint.of(LINE.replace("5.1.1.1", "5.1.1.2"), "\"4\"", body)
                    .sameRequestAs(stored.bytes(), stored.canonical())).isFalse();
            assertThat(RequestFingerprint.of(LINE, null, body).sameRequestAs(stored.bytes(), stored.canonical()))
                    .isFalse();
        }

        /**
         * 70 and 70.0000000000000000001 are one IEEE 754 double, so their JCS forms are equal; the API reads them as
         * decimals, and as two numbers.
         */
        @Test
        void numbersThatDifferBeyondADoublesPrecisionAreAnotherRequest() {
            String precise = SCORE.replace("70", "70.0000000000000000001");
            assertThat(Double.parseDouble("70.0000000000000000001")).isEqualTo(70.0);
            assertThat(same(SCORE, precise)).isFalse();
            assertThat(same(precise, precise.replace("70.0000000000000000001", "7.00000000000000000001e1"))).isTrue();
            assertThat(same("{\"n\":9007199254740993}", "{\"n\":9007199254740992}")).isFalse();
            assertThat(same("{\"n\":[0.1,0.1]}", "{\"n\":[0.1,0.10000000000000000001]}")).isFalse();
            // Equal JCS forms, the same two decimals, each under the other member: another request.
            assertThat(same("{\"a\":0.1,\"b\":0.10000000000000000001}", "{\"a\":0.10000000000000000001,\"b\":0.1}"))
                    .isFalse();
        }
    }

    @Nested
    class ComparedByItsBytes {

        @Test
        void aBodyThatIsNoJsonObjectHasNoCanonicalFingerprintAndRepeatsOnlyByteForByte() {
            for (String body : new String[] {"", "percent=70", "{\"percent\":70", "[1,2]", "70",
                    "{\"percent\":70,\"percent\":70}", "{\"percent\":1e999}", "{\"note\":\"\\ud800\"}"}) {
                assertThat(of(body).canonical()).as(body).isNull();
                assertThat(same(body, body)).as(body).isTrue();
            }
            assertThat(same("{\"percent\":70", "{ \"percent\":70")).isFalse();
        }

        @Test
        void aBodyThatIsNotUtf8IsComparedByItsBytes() {
            byte[] latin1 = "{\"note\":\"é\"}".getBytes(StandardCharsets.ISO_8859_1);
            assertThat(RequestFingerprint.of(LINE, null, latin1).canonical()).isNull();
            byte[] utf16 = SCORE.getBytes(StandardCharsets.UTF_16);
            assertThat(RequestFingerprint.of(LINE, null, utf16).canonical()).isNull();
        }

        /**
         * A record kept before canonical fingerprints holds the bytes' fingerprint alone, computed as it always was:
         * SHA-256 over the request line, NUL, {@code If-Match} ("null" when absent), NUL, the body. A retry of the same
         * bytes is the same request; one re-serialised is not, since the record cannot tell its meaning.
         */
        @Test
        void aRecordWithOnlyTheBytesFingerprintIsMatchedByTheSameBytes() throws Exception {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update((LINE + "\0null\0" + SCORE).getBytes(StandardCharsets.UTF_8));
            String old = HexFormat.of().formatHex(sha256.digest());
            assertThat(of(SCORE).bytes()).isEqualTo(old);
            assertThat(of(SCORE).sameRequestAs(old, null)).isTrue();
            assertThat(of(SCORE.replace("70", "70.0")).sameRequestAs(old, null)).isFalse();
        }
    }
}
