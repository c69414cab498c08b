package org.certaudit.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.certaudit.query.AuditFixtures.SEED_AUDIT;

import com.mongodb.client.model.Updates;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.bson.BsonDocument;
import org.bson.Document;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.ItemScoreRevised;
import org.certaudit.audit.ItemScored;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.scheme.Percent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A tracking batch's read-model writes are kept in memory and stored at its end in one bulk write per
 * collection; the result must be exactly what event-by-event writing gives, also when a batch is
 * delivered again or fails half-way.
 */
class BatchedWritesTest {

    private static final String PROCESSOR = "batched";

    private final ProjectionHarness harness = new ProjectionHarness();
    private final Map<String, Integer> commands = new TreeMap<>();
    /** The finds sent, by collection. */
    private final Map<String, Integer> finds = new TreeMap<>();
    private final ReadModels batched = ProjectionHarness.freshReadModels(new CommandListener() {
        @Override
        public void commandStarted(CommandStartedEvent event) {
            synchronized (commands) {
                commands.merge(event.getCommandName(), 1, Integer::sum);
                if (event.getCommandName().equals("find")) {
                    finds.merge(event.getCommand().getString("find").getValue(), 1, Integer::sum);
                }
            }
        }
    });


    @AfterEach
    void stop() {
        harness.close();
    }

    @Test
    void aBatchReadsEachDocumentOnceAndWritesEachCollectionInOneBulkWrite() throws Exception {
        harness.with(new Projection(harness.readModels()));
        List<AuditEvent> scores = new ArrayList<>();
        for (String clause : List.of("5.1.1.1", "5.1.1.2", "5.1.2.1", "5.1.2.2", "5.2.1.1", "5.2.1.2")) {
            scores.add(new ItemScored(SEED_AUDIT, clause, Percent.of(80), "现场查看"));
        }
        harness.given(scores);

        deliverInBatches(harness.delivered(), 100);
        Map<String, Integer> sent = new TreeMap<>(commands);

        assertThat(contents(batched)).isEqualTo(contents(harness.readModels()));
        assertThat(contents(batched).get(Projection.ITEMS)).hasSize(6);
        assertThat(sent).as("finds: the stream's progress, the running total, all item documents at once; "
                + "the item documents, all new, in one insert; updates: the running total and the progress")
                .containsEntry("find", 3).containsEntry("insert", 1).containsEntry("update", 2);
    }

    @Test
    void aBatchReadsTheDocumentsItsHandlersNameInOneQueryPerCollection() throws Exception {
        harness.with(new Projection(harness.readModels()));
        AuditId first = AuditId.of(new ProjectNumber("0101-2026-SE"), 1);
        AuditId second = AuditId.of(new ProjectNumber("0102-2026-SE"), 1);
        AuditId third = AuditId.of(new ProjectNumber("0103-2026-SE"), 1);
        harness.given(score(first, "5.1.1.1"), score(first, "5.1.1.2"), score(second, "5.1.1.1"), score(second, "5.1.1.2"));
        deliverInBatches(harness.delivered(), 100);
        int earlier = harness.delivered().size();
        harness.given(score(first, "5.1.1.3"), score(second, "5.1.1.3"), score(third, "5.1.1.1"), score(third, "5.1.1.2"));
        finds.clear();

        batch(guard(), new Projection(batched), harness.delivered().subList(earlier, harness.delivered().size()));
        Map<String, Integer> read = new TreeMap<>(finds);

        assertThat(contents(batched)).isEqualTo(contents(harness.readModels()));
        assertThat(contents(batched).get(Projection.TOTALS)).extracting(total -> total.getInteger("scored"))
                .containsExactly(3, 3, 2);
        assertThat(read).as("two stored running totals and an absent one in one query, the four new items in one")
                .containsEntry(Projection.TOTALS, 1).containsEntry(Projection.ITEMS, 1);
    }

    @Test
    void aDocumentReadInTheBatchIsWrittenAsItsChangesNotWhole() throws Exception {
        List<BsonDocument> sent = new ArrayList<>();
        ReadModels watched = ProjectionHarness.freshReadModels(new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                if (event.getCommandName().equals("update")
                        && event.getCommand().getString("update").getValue().equals(Projection.TOTALS)) {
                    synchronized (sent) {
                        event.getCommand().getArray("updates").forEach(update -> sent.add(update.asDocument().clone()));
                    }
                }
            }
        });
        harness.with(new Projection(harness.readModels()));
        List<AuditEvent> scores = new ArrayList<>();
        for (String clause : List.of("5.1.1.1", "5.1.1.2", "5.1.2.1", "5.1.2.2")) {
            scores.add(new ItemScored(SEED_AUDIT, clause, Percent.of(80), "现场查看"));
        }
        harness.given(scores);
        StreamOrderGuard guard = new StreamOrderGuard(PROCESSOR, watched, StreamOrderGuard.StreamReader.of(harness::eventStore),
                type -> true, new Projection(watched)::documentsRead);

        batch(guard, new Projection(watched), harness.delivered().subList(0, 2));
        sent.clear();
        batch(guard, new Projection(watched), harness.delivered().subList(2, 4));

        assertThat(sent).as("the running total of the second batch").singleElement().satisfies(update -> {
            assertThat(update.getDocument("u").keySet()).containsExactly("$set");
            assertThat(update.getDocument("u").getDocument("$set").keySet())
                    .containsExactly("scored", ReadModels.POSITION, ReadModels.SEQUENCE);
            assertThat(update.getDocument("u").getDocument("$set").getInt32("scored").getValue()).isEqualTo(4);
            assertThat(update.getBoolean("upsert", org.bson.BsonBoolean.FALSE).getValue()).as("upsert").isFalse();
        });
        assertThat(contents(watched)).isEqualTo(contents(harness.readModels()));
    }

    private static ItemScored score(AuditId audit, String clause) {
        return new ItemScored(audit, clause, Percent.of(80), "现场查看");
    }

    @Test
    void aProjectionFindsWhatItsBatchWroteBeforeTheBatchIsStored() {
        var unitOfWork = org.axonframework.messaging.unitofwork.DefaultUnitOfWork.startAndGet(
                org.axonframework.eventhandling.GenericEventMessage.asEventMessage("event"));
        try {
            BatchedWrites.open(unitOfWork, batched);
            EventContext opened = new EventContext(1, 0, java.time.Instant.EPOCH, "admin", "r-1");
            batched.replaceOnce("query_batch_test", "0455-2021-SE.1", opened, current -> new Document("type", "INITIAL"));

            assertThat(batched.collection("query_batch_test").countDocuments()).as("not stored yet").isZero();
            Document seen = batched.find("query_batch_test", "0455-2021-SE.1");
            assertThat(seen).as("read your own writes").isNotNull();
            assertThat(seen.getString("type")).isEqualTo("INITIAL");
        } finally {
            unitOfWork.rollback();
        }
        assertThat(batched.find("query_batch_test", "0455-2021-SE.1")).as("outside the batch: what is stored").isNull();
    }

    @Test
    void aBatchStoresPutEntriesBeforeTheHeadWrittenAfterThemWhateverTheLaterOrder() {
        List<String> stored = new ArrayList<>();
        ReadModels ordered = ProjectionHarness.freshReadModels(new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                if (event.getCommandName().equals("update")) {
                    synchronized (stored) {
                        stored.add(event.getCommand().getString("update").getValue());
                    }
                }
            }
        });
        var unitOfWork = org.axonframework.messaging.unitofwork.DefaultUnitOfWork.startAndGet(
                org.axonframework.eventhandling.GenericEventMessage.asEventMessage("event"));
        BatchedWrites batch = BatchedWrites.open(unitOfWork, ordered);
        for (int n = 0; n < 3; n++) {
            EventContext event = new EventContext(n + 1, n, java.time.Instant.EPOCH, "admin", "r-" + n);
            if (n > 0) {
                // A later event writing the head first must not move the head's collection ahead of the entries'.
                ordered.replaceOnce("query_order_head", "A.1", event, current -> new Document("entries", 0));
            }
            ordered.putOnce("query_order_log", "A.1/" + n, event, new Document("n", n));
            ordered.replaceOnce("query_order_head", "A.1", event, current -> new Document("entries", 1));
        }
        batch.flush();
        unitOfWork.commit();

        assertThat(stored).containsExactly("query_order_log", "query_order_head");
        assertThat(ordered.collection("query_order_log").countDocuments()).isEqualTo(3);
        assertThat(ordered.find("query_order_log", "A.1/2").get(ReadModels.SEQUENCE, Number.class).longValue()).isEqualTo(2);
    }

    @Test
    void updatesOfOneDocumentInABatchBecomeOneUpdateThatAppendsInOrder() {
        BsonDocument merged = BatchedWrites.merge(List.of(
                Updates.combine(Updates.set("clause", "5.1.1.1"), Updates.push("changes", "first"),
                        Updates.set("lastSequence", 3)).toBsonDocument(),
                Updates.combine(Updates.push("changes", "second"), Updates.addToSet("audits", "A.1"),
                        Updates.set("lastSequence", 4)).toBsonDocument()));

        assertThat(merged).isEqualTo(BsonDocument.parse("""
                {"$set": {"clause": "5.1.1.1", "lastSequence": 4},
                 "$push": {"changes": {"$each": ["first", "second"]}},
                 "$addToSet": {"audits": {"$each": ["A.1"]}}}"""));
        assertThat(BatchedWrites.merge(List.of(Updates.inc("n", 1).toBsonDocument(),
                Updates.push("changes", "x").toBsonDocument()))).as("an operator it does not merge").isNull();
        assertThat(BatchedWrites.merge(List.of(Updates.set("changes", "x").toBsonDocument(),
                Updates.push("changes", "y").toBsonDocument()))).as("one field set and appended to").isNull();
    }

    @Test
    void anUpdateOfAnAbsentDocumentBecomesTheDocumentItsUpsertWouldCreateWhereItsShapeAllows() {
        BsonDocument update = BsonDocument.parse("""
                {"$set": {"clause": "5.1.1.1", "lastSequence": 4},
                 "$push": {"changes": {"$each": ["first", "second"]}, "notes": {"text": "one"}},
                 "$addToSet": {"audits": {"$each": ["A.1", "A.2", "A.1"]}}}""");

        assertThat(BatchedWrites.created("A.1/5.1.1.1", update)).isEqualTo(BsonDocument.parse("""
                {"_id": "A.1/5.1.1.1", "clause": "5.1.1.1", "lastSequence": 4, "changes": ["first", "second"],
                 "notes": [{"text": "one"}], "audits": ["A.1", "A.2"]}"""));
        assertThat(BatchedWrites.created("x", BsonDocument.parse("{\"$set\": {\"part.score\": 1}}")))
                .as("a dotted path").isNull();
        assertThat(BatchedWrites.created("x", BsonDocument.parse("{\"$inc\": {\"n\": 1}}"))).as("another operator").isNull();
        assertThat(BatchedWrites.created("x", BsonDocument.parse("{\"$push\": {\"c\": {\"$each\": [1], \"$slice\": -1}}}")))
                .as("a modifier besides $each").isNull();
        assertThat(BatchedWrites.created("x", BsonDocument.parse("{\"$set\": {\"c\": 1}, \"$push\": {\"c\": 2}}")))
                .as("one field set and appended to").isNull();
        assertThat(BatchedWrites.created("x", BsonDocument.parse("{\"$set\": {\"_id\": \"y\"}}"))).as("the id").isNull();
        assertThat(BatchedWrites.created("x", BsonDocument.parse("{\"$addToSet\": {\"a\": {\"$each\": [1, 1.0]}}}")))
                .as("values other than strings to a set").isNull();
    }

    @Test
    void aDocumentCreatedByUpsertsIsNotInsertedAgainLaterInItsBatch() {
        var unitOfWork = org.axonframework.messaging.unitofwork.DefaultUnitOfWork.startAndGet(
                org.axonframework.eventhandling.GenericEventMessage.asEventMessage("event"));
        BatchedWrites batch = BatchedWrites.open(unitOfWork, batched);
        for (int n = 1; n <= 2; n++) {
            // Two increments do not merge into one update, so the absent document is created by upserts.
            batched.updateOnce("query_batch_test", "A.1", new EventContext(n, n, java.time.Instant.EPOCH, "admin", "r"),
                    Updates.inc("count", 1));
        }
        assertThat(batched.find("query_batch_test", "A.1")).as("stored by the read").containsEntry("count", 2);
        batched.updateOnce("query_batch_test", "A.1", new EventContext(3, 3, java.time.Instant.EPOCH, "admin", "r"),
                Updates.push("changes", "third"));
        batch.flush();
        unitOfWork.commit();

        assertThat(batched.find("query_batch_test", "A.1")).containsEntry("count", 2)
                .containsEntry("changes", List.of("third")).containsEntry(ReadModels.SEQUENCE, 3L);
    }

    @Test
    void aDocumentStoredWithoutASequenceNumberIsUpdatedNotInsertedAgain() {
        batched.collection("query_batch_test").insertOne(new Document("_id", "A.1/5.1.1.1").append("clause", "5.1.1.1"));
        var unitOfWork = org.axonframework.messaging.unitofwork.DefaultUnitOfWork.startAndGet(
                org.axonframework.eventhandling.GenericEventMessage.asEventMessage("event"));
        BatchedWrites batch = BatchedWrites.open(unitOfWork, batched);
        EventContext event = new EventContext(7, 3, java.time.Instant.EPOCH, "admin", "r-7");
        batched.updateOnce("query_batch_test", "A.1/5.1.1.1", event, Updates.push("changes", "scored"));
        batched.updateOnce("query_batch_test", "A.1/5.1.1.2", event, Updates.push("changes", "scored"));
        batch.flush();
        unitOfWork.commit();

        assertThat(batched.find("query_batch_test", "A.1/5.1.1.1")).containsEntry("clause", "5.1.1.1")
                .containsEntry("changes", List.of("scored")).containsEntry(ReadModels.SEQUENCE, 3L);
        assertThat(batched.find("query_batch_test", "A.1/5.1.1.2")).containsEntry("changes", List.of("scored"));
        assertThat(commands).containsEntry("insert", 2).containsEntry("update", 1);
    }

    @Test
    void aBatchWritesWhatEventByEventWritingWritesAlsoWhenItUpdatesAndThenReplacesOneDocument() throws Exception {
        List<TrackedEventMessage<?>> events = givenScoresAndRevisions();

        deliverInBatches(events, 100);

        assertThat(contents(batched)).isEqualTo(contents(harness.readModels()));
        assertThat(contents(batched).get(Projection.ITEMS)).hasSize(5)
                .anySatisfy(item -> assertThat(item.getList("percents", String.class)).containsExactly("80", "90", "95"));
    }

    @Test
    void batchesOfAnySizeGiveTheSameReadModel() throws Exception {
        List<TrackedEventMessage<?>> events = givenScoresAndRevisions();

        deliverInBatches(events, 3);

        assertThat(contents(batched)).isEqualTo(contents(harness.readModels()));
    }

    @Test
    void aBatchDeliveredAgainChangesNothing() throws Exception {
        List<TrackedEventMessage<?>> events = givenScoresAndRevisions();
        deliverInBatches(events, 100);
        Map<String, List<Document>> once = contents(batched);

        // A new guard forgets the progress in memory, as a restarted processor does; the store remembers it.
        StreamOrderGuard restarted = new StreamOrderGuard(PROCESSOR, ProjectionHarness.freshReadModels(ignored()),
                StreamOrderGuard.StreamReader.of(harness::eventStore), type -> true);
        batch(restarted, new Projection(batched), events);
        deliverInBatches(events, 7);

        assertThat(contents(batched)).isEqualTo(once);
    }

    @Test
    void aBatchThatFailsHalfWayStoresNothingAndItsRetryStoresEverything() throws Exception {
        List<TrackedEventMessage<?>> events = givenScoresAndRevisions();
        Projection failing = new Projection(batched);
        failing.failOnClause = "5.1.2.1";
        StreamOrderGuard guard = guard();

        assertThatThrownBy(() -> batch(guard, failing, events)).hasMessageContaining("5.1.2.1");
        assertThat(contents(batched).values()).allMatch(List::isEmpty);

        failing.failOnClause = null;
        batch(guard, failing, events);
        assertThat(contents(batched)).isEqualTo(contents(harness.readModels()));
    }

    /** Scores, then revisions of some of them (an update and then a replace of one document in one batch). */
    private List<TrackedEventMessage<?>> givenScoresAndRevisions() {
        harness.with(new Projection(harness.readModels()));
        List<AuditEvent> events = new ArrayList<>();
        for (String clause : List.of("5.1.1.1", "5.1.1.2", "5.1.2.1", "5.1.2.2")) {
            events.add(new ItemScored(SEED_AUDIT, clause, Percent.of(80), "现场查看"));
        }
        events.add(new ItemScoreRevised(SEED_AUDIT, "5.1.1.2", Percent.of(80), Percent.of(90), "复核", "记录齐全"));
        events.add(new ItemScored(SEED_AUDIT, "5.2.1.1", Percent.of(70), "现场查看"));
        events.add(new ItemScoreRevised(SEED_AUDIT, "5.1.1.2", Percent.of(90), Percent.of(95), "复核", "再次复核"));
        harness.given(events);
        return harness.delivered();
    }

    private void deliverInBatches(List<TrackedEventMessage<?>> events, int size) throws Exception {
        StreamOrderGuard guard = guard();
        Projection projection = new Projection(batched);
        for (int from = 0; from < events.size(); from += size) {
            batch(guard, projection, events.subList(from, Math.min(events.size(), from + size)));
        }
    }

    private StreamOrderGuard guard() {
        return new StreamOrderGuard(PROCESSOR, batched, StreamOrderGuard.StreamReader.of(harness::eventStore), type -> true,
                new Projection(batched)::documentsRead);
    }

    /** One tracking batch as the processor runs it: one unit of work over the events, the guard before the handler. */
    private static void batch(StreamOrderGuard guard, Projection projection, List<? extends EventMessage<?>> events)
            throws Exception {
        AnnotationEventHandlerAdapter adapter = new AnnotationEventHandlerAdapter(projection);
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(List.copyOf(events));
        ResultMessage<?> result = unitOfWork.executeWithResult(() -> guard.handle(unitOfWork,
                () -> adapter.handle(unitOfWork.getMessage())));
        if (result.isExceptional()) {
            throw (Exception) result.exceptionResult();
        }
    }

    private static Map<String, List<Document>> contents(ReadModels readModels) {
        Map<String, List<Document>> contents = new TreeMap<>();
        for (String collection : List.of(Projection.ITEMS, Projection.TOTALS)) {
            contents.put(collection, readModels.collection(collection).find().sort(new Document("_id", 1))
                    .into(new ArrayList<>()));
        }
        return contents;
    }

    private static CommandListener ignored() {
        return new CommandListener() {
        };
    }

    /** Both write patterns, on two collections, and an update followed by a replace of one document. */
    public static final class Projection implements ReadModel {

        static final String ITEMS = "batched_items";
        static final String TOTALS = "batched_totals";

        private final ReadModels readModels;
        String failOnClause;

        Projection(ReadModels readModels) {
            this.readModels = readModels;
        }

        @Override
        public String processingGroup() {
            return PROCESSOR;
        }

        @Override
        public List<String> collections() {
            return List.of(ITEMS, TOTALS);
        }

        /** The running total of a score, the item document of a revision (queued updates of it come first). */
        @Override
        public Map<String, String> documentsRead(Object payload) {
            if (payload instanceof ItemScored event) {
                return Map.of(TOTALS, event.auditId().value());
            }
            if (payload instanceof ItemScoreRevised event) {
                return Map.of(ITEMS, event.auditId().value() + "/" + event.clause());
            }
            return Map.of();
        }

        @EventHandler
        void on(ItemScored event, EventContext context) {
            if (event.clause().equals(failOnClause)) {
                throw new IllegalStateException("handler failed on " + event.clause());
            }
            String id = event.auditId().value() + "/" + event.clause();
            readModels.updateOnce(ITEMS, id, context, Updates.combine(Updates.set("clause", event.clause()),
                    Updates.push("percents", event.percent().value().toPlainString())));
            // The scheme's name makes the score a small part of the document, which is then written as its changes.
            readModels.replaceOnce(TOTALS, event.auditId().value(), context, current -> new Document("scored",
                    (current == null ? 0 : current.getInteger("scored")) + 1)
                    .append("scheme", "CTS ISC-JSGF-06 商品售后服务评价体系 (GB/T 27922)"));
        }

        @EventHandler
        void on(ItemScoreRevised event, EventContext context) {
            String id = event.auditId().value() + "/" + event.clause();
            readModels.replaceOnce(ITEMS, id, context, current -> {
                List<String> percents = new ArrayList<>(current.getList("percents", String.class));
                percents.add(event.percent().value().toPlainString());
                return new Document("clause", event.clause()).append("percents", percents)
                        .append("revisions", current.getInteger("revisions", 0) + 1);
            });
        }
    }
}
