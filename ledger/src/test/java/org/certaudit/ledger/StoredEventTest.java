package org.certaudit.ledger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoredEventTest {

    static final StoredEvent SCORED = new StoredEvent(
            "0455-2021-SE", "Project", 7L, "5f0c8a52-0000-4000-8000-000000000007", 1_622_534_400_123L,
            1_622_534_400_456L, "org.certaudit.audit.ItemScored", null,
            "{\"auditId\":\"0455-2021-SE.1\",\"itemCode\":\"5.2.2.3\",\"percent\":87.50,\"note\":\"维修记录 \\\"齐全\\\"\"}",
            "{\"userName\":\"auditor\"}", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");

    @Test
    void encodesTheDocumentedCanonicalFormByteForByte() {
        assertThat(Canonical.text(SCORED.canonicalObject())).isEqualTo(
                "{\"aggregateId\":\"0455-2021-SE\",\"aggregateType\":\"Project\",\"appendedAt\":1622534400456,"
                + "\"eventId\":\"5f0c8a52-0000-4000-8000-000000000007\",\"format\":\"certaudit-event/1\","
                + "\"metaData\":\"{\\\"userName\\\":\\\"auditor\\\"}\","
                + "\"payload\":\"{\\\"auditId\\\":\\\"0455-2021-SE.1\\\",\\\"itemCode\\\":\\\"5.2.2.3\\\",\\\"percent\\\":87.50,"
                + "\\\"note\\\":\\\"维修记录 \\\\\\\"齐全\\\\\\\"\\\"}\","
                + "\"payloadRevision\":null,\"payloadType\":\"org.certaudit.audit.ItemScored\","
                + "\"prevHash\":\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\",\"seq\":7,"
                + "\"timestamp\":1622534400123}");
    }

    @Test
    void hashesTheCanonicalBytesWithSha256() {
        assertThat(SCORED.hash()).isEqualTo(Canonical.hex(Canonical.sha256(SCORED.canonicalBytes()))).hasSize(64);
    }

    @Test
    void keepsADecimalScoreExactlyAsStoredSoThatEightySevenFiftyAndEightySevenFiveDiffer() {
        StoredEvent sameNumberOtherText = new StoredEvent(
                SCORED.aggregateId(), SCORED.aggregateType(), SCORED.seq(), SCORED.eventId(), SCORED.timestamp(),
                SCORED.appendedAt(), SCORED.payloadType(), null, SCORED.payload().replace("87.50", "87.5"),
                SCORED.metaData(), SCORED.prevHash());
        assertThat(sameNumberOtherText.hash()).isNotEqualTo(SCORED.hash());
    }

    @Test
    void chainsToItsPredecessorSoThatAnotherPreviousHashGivesAnotherHash() {
        assertThat(SCORED.withPrevHash(null).hash()).isNotEqualTo(SCORED.hash());
    }

    @Test
    void refusesAPreviousHashThatIsNotSha256Hex() {
        assertThatThrownBy(() -> SCORED.withPrevHash("abc"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 hexadecimal");
    }

    @Test
    void bindsThePositionIntoTheLeaf() {
        assertThat(Canonical.hex(LogLeaf.leafHash(42, SCORED.hash())))
                .isNotEqualTo(Canonical.hex(LogLeaf.leafHash(43, SCORED.hash())));
        assertThat(new String(LogLeaf.leafData(42, SCORED.prevHash()), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("{\"eventHash\":\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\","
                           + "\"format\":\"certaudit-leaf/1\",\"position\":42}");
    }
}
