package org.certaudit.query.scorecard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certaudit.query.AuditFixtures.SEED_AUDIT;

import com.mongodb.MongoClientSettings;
import java.util.List;
import org.bson.BsonDocument;
import org.bson.BsonDocumentReader;
import org.bson.BsonDocumentWriter;
import org.bson.Document;
import org.bson.codecs.Codec;
import org.bson.codecs.DecoderContext;
import org.bson.codecs.EncoderContext;
import org.certaudit.audit.AuditScoring;
import org.certaudit.audit.ItemMarkedNotApplicable;
import org.certaudit.audit.ItemScored;
import org.certaudit.audit.SpecialItemKind;
import org.certaudit.audit.SpecialItemRecorded;
import org.certaudit.query.AuditFixtures;
import org.certaudit.scheme.Percent;
import org.junit.jupiter.api.Test;

class ScoringDocumentsTest {

    private static final Codec<Document> CODEC = MongoClientSettings.getDefaultCodecRegistry().get(Document.class);

    private final AuditScoring scoring = AuditScoring.NONE.apply(AuditFixtures.seedOpened())
            .apply(new ItemScored(SEED_AUDIT, "5.1.1.1", Percent.of(90), "现场查看"))
            .apply(new ItemMarkedNotApplicable(SEED_AUDIT, "5.1.1.2", null, "不涉及"))
            .apply(new SpecialItemRecorded(SEED_AUDIT, "D1", SpecialItemKind.DEDUCTION, "投诉未回复", "5.1.1.1", null));

    @Test
    void storesTheScoringsItemsAndSpecialItemsAsSubDocumentsAndReadsThemBack() {
        BsonDocument stored = encode(ScoringDocuments.toDocument(scoring));

        assertThat(stored.getArray("items").get(0)).isEqualTo(BsonDocument.parse("""
                {"clause": "5.1.1.1", "percent": "90", "notApplicable": false, "note": "现场查看", "reason": null}"""));
        assertThat(stored.getArray("items").get(1).asDocument().getBoolean("notApplicable").getValue()).isTrue();
        assertThat(stored.getArray("specialItems")).hasSize(1);
        assertThat(stored.getArray("specialItems").get(0).asDocument().getString("kind").getValue()).isEqualTo("DEDUCTION");
        assertThat(stored.getString("schemeId").getValue()).isEqualTo(scoring.schemeId());

        AuditScoring read = ScoringDocuments.fromDocument(decode(stored));
        assertThat(read).isNotSameAs(scoring).isEqualTo(scoring);
    }

    @Test
    void aDocumentItMadeGivesBackItsScoringWithoutReadingTheItems() {
        Document document = ScoringDocuments.toDocument(scoring);

        assertThat(ScoringDocuments.fromDocument(document)).isSameAs(scoring);
        assertThat(ScoringDocuments.fromDocument(new Document(document))).as("a shallow copy, as a batch hands out")
                                                                         .isSameAs(scoring);
        assertThat(document.getList("items", Document.class)).hasSize(2)
                .extracting(item -> item.getString("clause")).containsExactly("5.1.1.1", "5.1.1.2");
    }

    @Test
    void aDocumentWhoseFieldsWereChangedSinceIsReadFromItsFields() {
        Document scheme = ScoringDocuments.toDocument(scoring).append("schemeVersion", "another");
        Document items = ScoringDocuments.toDocument(scoring);
        items.put("items", List.of(new Document("clause", "5.2.1.1").append("percent", "50")));
        Document mixed = ScoringDocuments.toDocument(scoring);
        mixed.put("specialItems", ScoringDocuments.toDocument(AuditScoring.NONE).get("specialItems"));

        assertThat(ScoringDocuments.fromDocument(scheme).schemeVersion()).isEqualTo("another");
        assertThat(ScoringDocuments.fromDocument(items).items()).containsOnlyKeys("5.2.1.1");
        assertThat(ScoringDocuments.fromDocument(mixed).specialItems()).isEmpty();
        assertThat(ScoringDocuments.fromDocument(mixed).items()).containsOnlyKeys("5.1.1.1", "5.1.1.2");
    }

    private static BsonDocument encode(Document document) {
        BsonDocument bson = new BsonDocument();
        CODEC.encode(new BsonDocumentWriter(bson), document, EncoderContext.builder().build());
        return bson;
    }

    private static Document decode(BsonDocument bson) {
        return CODEC.decode(new BsonDocumentReader(bson), DecoderContext.builder().build());
    }
}
