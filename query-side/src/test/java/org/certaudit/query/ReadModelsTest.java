package org.certaudit.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.bson.Document;
import org.junit.jupiter.api.Test;

class ReadModelsTest {

    private final ProjectionHarness harness = new ProjectionHarness();
    private final ReadModels readModels = harness.readModels();
    private final ReadModel scorecards = readModel("audit-scorecards", "query_scorecards", "query_scorecard_parts");
    private final ReadModel trail = readModel("audit-trail", "query_audit_trail");

    @Test
    void clearingAReadModelEmptiesItsCollectionsAndProgressAndLeavesTheOthersAlone() {
        store(scorecards, "0455-2021-SE.1", 3);
        store(trail, "0455-2021-SE.1", 3);

        readModels.clear(scorecards);

        assertThat(readModels.isEmpty(scorecards)).isTrue();
        assertThat(readModels.lastHandled("audit-scorecards", "0455-2021-SE")).isNull();
        assertThat(readModels.isEmpty(trail)).isFalse();
        assertThat(readModels.lastHandled("audit-trail", "0455-2021-SE")).isEqualTo(3L);
    }

    @Test
    void aClearedReadModelIsRebuiltIntoTheSameCollections() {
        store(scorecards, "0455-2021-SE.1", 3);
        readModels.clear(scorecards);

        store(scorecards, "0455-2021-SE.1", 0);

        Document rebuilt = readModels.find("query_scorecards", "0455-2021-SE.1");
        assertThat(rebuilt).as("the replay's first event is not taken for one seen before the clear").isNotNull();
        assertThat(rebuilt.get(ReadModels.SEQUENCE, Number.class).longValue()).isZero();
    }

    @Test
    void aReadModelWithDocumentsInItsIndexesAloneIsEmptyAndClearingItEmptiesThemToo() {
        ReadModel register = new ReadModel() {
            @Override
            public String processingGroup() {
                return "certificate-register";
            }

            @Override
            public List<String> collections() {
                return List.of("query_certificates", "query_certificate_number_keys");
            }

            @Override
            public List<String> indexCollections() {
                return List.of("query_certificate_number_keys");
            }
        };
        store(register, "CTS-2021-0455-2021-SE-1", 3);
        assertThat(readModels.isEmpty(register)).isFalse();

        readModels.collection("query_certificates").drop();

        assertThat(readModels.isEmpty(register)).isTrue();
        readModels.clear(register);
        assertThat(readModels.find("query_certificate_number_keys", "CTS-2021-0455-2021-SE-1")).isNull();
    }

    private void store(ReadModel readModel, String id, long sequence) {
        EventContext event = new EventContext(100 + sequence, sequence, Instant.parse("2021-06-05T01:00:00Z"), "leader",
                                              "req-" + sequence);
        for (String collection : readModel.collections()) {
            readModels.replaceOnce(collection, id, event, current -> new Document("seen", sequence));
        }
        readModels.recordHandled(readModel.processingGroup(), Map.of("0455-2021-SE", sequence));
    }

    private static ReadModel readModel(String processingGroup, String... collections) {
        return new ReadModel() {
            @Override
            public String processingGroup() {
                return processingGroup;
            }

            @Override
            public List<String> collections() {
                return List.of(collections);
            }
        };
    }
}
