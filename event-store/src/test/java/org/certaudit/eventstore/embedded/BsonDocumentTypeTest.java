package org.certaudit.eventstore.embedded;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.BsonJavaScript;
import de.bwaldvogel.mongo.bson.BsonRegularExpression;
import de.bwaldvogel.mongo.bson.BsonTimestamp;
import de.bwaldvogel.mongo.bson.Decimal128;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.LegacyUUID;
import de.bwaldvogel.mongo.bson.MaxKey;
import de.bwaldvogel.mongo.bson.MinKey;
import de.bwaldvogel.mongo.bson.ObjectId;
import org.h2.mvstore.WriteBuffer;
import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.GraphLayout;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Documents go into the collection maps as BSON and come back as they were, with an honest heap estimate. */
class BsonDocumentTypeTest {

    private static final BsonDocumentType TYPE = BsonDocumentType.INSTANCE;

    @Test
    void roundTripsEveryValueTheWireCarriesWithItsJavaClass() {
        Document original = everyValue();

        Document read = roundTrip(original);

        // BsonRegularExpression has no equals of its own: compared by its pattern and options.
        assertThat(((BsonRegularExpression) read.remove("regex")).toDocument())
                .isEqualTo(((BsonRegularExpression) original.remove("regex")).toDocument());
        assertThat(read).isEqualTo(original);
        assertSameClasses(read, original, "");
        assertThat(read.keySet()).as("field order").containsExactlyElementsOf(original.keySet());
    }

    @Test
    void storesADocumentWithAValueBsonCannotCarryJavaSerializedInsteadOfFailingTheCommit() {
        // Float, Short and java.util.Date never come over the wire; a commit that threw would close the store.
        Document original = new Document("_id", 9L).append("float", 1.5f).append("short", (short) 7)
                .append("list", List.of(new java.util.Date(1_764_658_800_000L))).append("string", "kept");
        WriteBuffer buffer = new WriteBuffer();
        TYPE.write(buffer, original);
        TYPE.write(buffer, eventDocument(10, "after it"));
        ByteBuffer bytes = buffer.getBuffer().flip();

        assertThat(bytes.getInt(0)).as("a zero length where BSON has the document's").isZero();
        Document read = TYPE.read(bytes);
        assertThat(read).isEqualTo(original);
        assertSameClasses(read, original, "");
        assertThat(TYPE.read(bytes)).isEqualTo(eventDocument(10, "after it"));
    }

    @Test
    void readsDocumentsWrittenBackToBackAndLeavesTheBufferAfterEach() {
        Document first = eventDocument(1, "first");
        Document second = new Document("_id", 2L).append("nested", new Document("a", List.of(1, 2L, 3.0)));
        WriteBuffer buffer = new WriteBuffer();
        buffer.putInt(0x0BADCAFE);
        TYPE.write(buffer, first);
        TYPE.write(buffer, second);
        buffer.putInt(0x0DEFACED);
        ByteBuffer bytes = buffer.getBuffer().flip();

        assertThat(bytes.getInt()).isEqualTo(0x0BADCAFE);
        assertThat(TYPE.read(bytes)).isEqualTo(first);
        assertThat(TYPE.read(bytes)).isEqualTo(second);
        assertThat(bytes.getInt()).as("what follows the documents").isEqualTo(0x0DEFACED);
    }

    @Test
    void storesAnEventDocumentInFewerBytesThanJavaSerialization() {
        Document event = eventDocument(42, "评审记录：售后服务体系 5.2.5.4 已核实");
        WriteBuffer bson = new WriteBuffer();
        TYPE.write(bson, event);
        WriteBuffer serialized = new WriteBuffer();
        new org.h2.mvstore.type.ObjectDataType().write(serialized, event);

        assertThat(bson.position()).isLessThan(serialized.position() * 3 / 4);
    }

    @Test
    void estimatesAtLeastTheHeapOfTheDecodedDocumentAndAtMostHalfAsMuchAgain() {
        for (Document original : List.of(eventDocument(7, "x".repeat(300)), eventDocument(8, "售后服务评价".repeat(40)),
                                          new Document("_id", "position").append("value", 1_000_000L), everyValueWithoutShared())) {
            Document decoded = roundTrip(original);
            long measured = GraphLayout.parseInstance(decoded).totalSize();

            int estimated = TYPE.getMemory(decoded);

            assertThat((long) estimated).as("estimate against JOL's %d B for %s", measured, decoded.keySet())
                                        .isBetween(measured, measured * 3 / 2);
        }
    }

    @Test
    void comparesEqualDocumentsAsEqualAndOthersConsistently() {
        Document a = eventDocument(1, "a");
        Document b = eventDocument(2, "b");

        assertThat(TYPE.compare(a, roundTrip(a))).isZero();
        assertThat(Integer.signum(TYPE.compare(a, b))).isEqualTo(-Integer.signum(TYPE.compare(b, a))).isNotZero();
    }

    private static Document roundTrip(Document document) {
        WriteBuffer buffer = new WriteBuffer();
        TYPE.write(buffer, document);
        return TYPE.read(buffer.getBuffer().flip());
    }

    /** Shaped like the engine's event documents (fictional audit). */
    static Document eventDocument(long position, String note) {
        return new Document("_id", position)
                .append("stream", "audit-0455-2021-SE/" + String.format("%019d", position))
                .append("eventId", "2f1c6a9e-8d41-4f0b-9a37-" + String.format("%012d", position))
                .append("aggregateId", "audit-0455-2021-SE").append("sequenceNumber", position)
                .append("type", "org.certaudit.audit.ItemScored").append("revision", null)
                .append("timestamp", Instant.ofEpochMilli(1_764_658_800_000L + position))
                .append("payload", "{\"auditId\":\"0455-2021-SE\",\"clause\":\"5.2.5.4\",\"percent\":80,\"note\":\"" + note + "\"}")
                .append("metadata", new Document("traceId", "7d3e0c1b").append("auditor", "Auditor Fictional"))
                .append("hash", "9b0e4c7f1a2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f");
    }

    private static Document everyValue() {
        Document document = everyValueWithoutShared();
        document.append("yes", true).append("no", false).append("nothing", null)
                .append("min", MinKey.getInstance()).append("max", MaxKey.getInstance());
        return document;
    }

    /** Without the values the JVM shares between documents (Boolean, MinKey, MaxKey), which JOL would count. */
    private static Document everyValueWithoutShared() {
        List<Object> list = new ArrayList<>(List.of("one", 2, 3L, 4.5, new Document("in", "list")));
        list.add(List.of(6, "seven"));
        return new Document("_id", new ObjectId("64b7f0c2a1b2c3d4e5f60718"))
                .append("string", "GB/T 27922 售后服务认证")
                .append("int", 27922)
                .append("long", 27922L)
                .append("double", 27922.0)
                .append("nested", new Document("level", new Document("deeper", 1)))
                .append("list", list)
                .append("instant", Instant.ofEpochMilli(1_764_658_800_123L))
                .append("binary", new BinData(new byte[] {0, 1, 2, (byte) 0xff}))
                .append("uuid", UUID.fromString("00112233-4455-6677-8899-aabbccddeeff"))
                .append("legacyUuid", new LegacyUUID(UUID.fromString("ffeeddcc-bbaa-9988-7766-554433221100")))
                .append("decimal", new Decimal128(new BigDecimal("12.50")))
                .append("timestamp", new BsonTimestamp(Instant.ofEpochSecond(1_764_658_800L), 3))
                .append("regex", new BsonRegularExpression("^5\\.2\\.", "i"))
                .append("code", new BsonJavaScript("function() { return 1; }"));
    }

    private static void assertSameClasses(Object read, Object original, String path) {
        if (original == null) {
            assertThat(read).as(path).isNull();
            return;
        }
        assertThat(read).as(path).isNotNull();
        if (original instanceof Map<?, ?> map) {
            assertThat(read).as(path).isInstanceOf(Document.class);
            map.forEach((key, value) -> assertSameClasses(((Map<?, ?>) read).get(key), value, path + "." + key));
        } else if (original instanceof List<?> list) {
            assertThat(read).as(path).isInstanceOf(List.class);
            for (int i = 0; i < list.size(); i++) {
                assertSameClasses(((List<?>) read).get(i), list.get(i), path + "[" + i + "]");
            }
        } else {
            assertThat(read.getClass()).as(path).isEqualTo(original.getClass());
        }
    }
}
