package org.certaudit.eventstore.embedded;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Index keys are stored as BSON elements and come back equal, of the same classes and in the same order. */
class KeyOrderTest {

    private static final KeyOrderedIndex.KeyOrder TYPE = new KeyOrderedIndex.KeyOrder();

    @Test
    void roundTripsKeysOfEveryValueTypeWithTheirJavaClasses() {
        for (KeyValue key : keys()) {
            KeyValue read = roundTrip(key);

            assertThat(read).isEqualTo(key);
            for (int i = 0; i < key.size(); i++) {
                assertThat(read.get(i) == null ? null : read.get(i).getClass()).as("%s element %d", key, i)
                        .isEqualTo(key.get(i) == null ? null : key.get(i).getClass());
            }
        }
    }

    @Test
    void comparesStringsAndIntegralNumbersExactlyAsMongoJavaServerDoes() {
        List<Object> values = new ArrayList<>(List.of("", "a", "A", "ab", "0455-2021-SE.1", "0455-2021-SE.1/10",
                "0455-2021-SE.1/9", "陈", "\uD83D\uDE00", "\uFFFF", 0, 1, -1, 0L, 1L, -1L, 7L, Integer.MAX_VALUE,
                Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, (1L << 53) + 1, 1L << 53, 2.5, true));
        values.add(Missing.getInstance());
        de.bwaldvogel.mongo.backend.ValueComparator stock = de.bwaldvogel.mongo.backend.ValueComparator.ascWithoutListHandling();

        for (Object left : values) {
            for (Object right : values) {
                assertThat(Integer.signum(KeyOrderedIndex.KeyOrder.compareValues(left, right))).as("%s against %s", left, right)
                        .isEqualTo(Integer.signum(stock.compare(left, right)));
            }
        }
    }

    @Test
    void keepsTheOrderOfTheKeysAfterARoundTrip() {
        List<KeyValue> keys = keys();
        List<KeyValue> read = keys.stream().map(KeyOrderTest::roundTrip).toList();

        for (int i = 0; i < keys.size(); i++) {
            for (int j = 0; j < keys.size(); j++) {
                assertThat(Integer.signum(TYPE.compare(read.get(i), read.get(j)))).as("%s against %s", keys.get(i), keys.get(j))
                        .isEqualTo(Integer.signum(TYPE.compare(keys.get(i), keys.get(j))));
            }
        }
        assertThat(TYPE.compare(new KeyValue(Missing.getInstance()), roundTrip(new KeyValue((Object) null))))
                .as("null equals missing in a unique index").isZero();
        assertThat(TYPE.compare(new KeyValue(5), roundTrip(new KeyValue(5L)))).as("5 equals 5L").isZero();
    }

    @Test
    void storesAKeyElementBsonCannotCarryJavaSerialized() {
        KeyValue key = new KeyValue("audit-1", 1.5f, List.of(2, (short) 3), Missing.getInstance());
        WriteBuffer buffer = new WriteBuffer();
        TYPE.write(buffer, key);
        TYPE.write(buffer, new KeyValue(7L));
        ByteBuffer bytes = buffer.getBuffer().flip();

        KeyValue read = TYPE.read(bytes);
        assertThat(read).isEqualTo(key);
        assertThat(read.get(1)).isInstanceOf(Float.class);
        assertThat(((List<?>) read.get(2)).get(1)).isInstanceOf(Short.class);
        assertThat(TYPE.read(bytes)).isEqualTo(new KeyValue(7L));
    }

    @Test
    void readsKeysWrittenBackToBackAndLeavesTheBufferAfterEach() {
        WriteBuffer buffer = new WriteBuffer();
        TYPE.write(buffer, new KeyValue("audit-0455-2021-SE/0000000000000000007"));
        TYPE.write(buffer, new KeyValue(7L, Missing.getInstance(), new Document("a", 1)));
        buffer.putInt(0x0DEFACED);
        ByteBuffer bytes = buffer.getBuffer().flip();

        assertThat(TYPE.read(bytes)).isEqualTo(new KeyValue("audit-0455-2021-SE/0000000000000000007"));
        assertThat(TYPE.read(bytes)).isEqualTo(new KeyValue(7L, Missing.getInstance(), new Document("a", 1)));
        assertThat(bytes.getInt()).isEqualTo(0x0DEFACED);
    }

    @Test
    void storesALongKeyInTenBytesWhereJavaSerializationTookTwoHundred() {
        WriteBuffer compact = new WriteBuffer();
        TYPE.write(compact, new KeyValue(1_000_000L));
        WriteBuffer serialized = new WriteBuffer();
        new ObjectDataType().write(serialized, new KeyValue(1_000_000L));

        assertThat(compact.position()).isEqualTo(10);
        assertThat(serialized.position()).isGreaterThan(150);
    }

    @Test
    void estimatesAtLeastTheHeapOfADecodedKey() {
        for (KeyValue key : List.of(new KeyValue(1_000_000L), new KeyValue("audit-0455-2021-SE/0000000000000000007"),
                                    new KeyValue("2f1c6a9e-8d41-4f0b-9a37-000000000042"), new KeyValue(7, 8L, "x"))) {
            KeyValue decoded = roundTrip(key);
            long measured = GraphLayout.parseInstance(decoded).totalSize();

            assertThat((long) TYPE.getMemory(decoded)).as("estimate against JOL's %d B for %s", measured, key)
                                                      .isBetween(measured, measured * 3 / 2);
        }
    }

    private static KeyValue roundTrip(KeyValue key) {
        WriteBuffer buffer = new WriteBuffer();
        TYPE.write(buffer, key);
        return TYPE.read(buffer.getBuffer().flip());
    }

    private static List<KeyValue> keys() {
        List<KeyValue> keys = new ArrayList<>(Arrays.asList(
                new KeyValue(1L), new KeyValue(2), new KeyValue(2.5), new KeyValue(-3L), new KeyValue(Long.MAX_VALUE),
                new KeyValue("audit-0455-2021-SE/0000000000000000001"), new KeyValue("售后服务"), new KeyValue(""),
                new KeyValue(true), new KeyValue(false), new KeyValue(Missing.getInstance()),
                new KeyValue(new ObjectId("64b7f0c2a1b2c3d4e5f60718")), new KeyValue(Instant.ofEpochMilli(1_764_658_800_123L)),
                new KeyValue(UUID.fromString("00112233-4455-6677-8899-aabbccddeeff")),
                new KeyValue(new Decimal128(new BigDecimal("12.50"))), new KeyValue(new BinData(new byte[] {1, 2})),
                new KeyValue(MinKey.getInstance()), new KeyValue(MaxKey.getInstance()),
                new KeyValue(new Document("auditId", "0455-2021-SE").append("n", 3)), new KeyValue(List.of(1, "two", 3L)),
                new KeyValue("audit-1", 7L), new KeyValue("audit-1", Missing.getInstance()), new KeyValue(7L, "audit-1", 2.0)));
        keys.add(new KeyValue((Object) null));
        return keys;
    }
}
