package org.certaudit.eventstore;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoSocketWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.TransactionOptions;
import com.fasterxml.jackson.core.JsonProcessingException;
import org.certaudit.ledger.Canonical;
import org.certaudit.ledger.EventDocuments;
import com.mongodb.WriteConcern;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import org.axonframework.common.AxonConfigurationException;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.eventhandling.DomainEventData;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventUtils;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.EventStreamUtils;
import org.axonframework.eventsourcing.eventstore.BatchingEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStoreException;
import org.axonframework.eventsourcing.snapshotting.SnapshotFilter;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.upcasting.event.EventUpcaster;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static org.axonframework.common.BuilderUtils.assertNonNull;
import static org.axonframework.common.BuilderUtils.assertThat;

/**
 * An Axon {@link org.axonframework.eventsourcing.eventstore.EventStorageEngine} on the MongoDB sync driver
 * with a global sequence, built for servers that can only look documents up by a unique key.
 * <p>
 * <b>Documents.</b> Each event is one document in {@code events}:
 * <pre>
 * { _id: 42,                                   global position, from the counter in events_counter
 *   eventId: "uuid",                           unique: an event is stored at most once
 *   stream: "0455-2021-SE/0000000000000000007", unique (sparse): aggregate id and zero-padded
 *                                              sequence number; absent for events of no aggregate
 *   aggregateId, aggregateType, seq,           the same facts, readable
 *   timestamp: Date,                           the message's time, to the millisecond as Axon keeps it
 *   appendedAt: Date,                          right after the append took its position (gap timeouts)
 *   payloadType, payloadRevision, payload,     payload and metadata as the serializer wrote them
 *   metaData,                                  (JSON text with Jackson), so upcasters see the stored form
 *   idempotency: "[\"user\",\"key\"]",            unique (sparse): on the first event of a command sent with an
 *                                              {@value #IDEMPOTENCY_KEY} in its metadata, see below
 *   prevHash, hash }                           the ledger's chain: see {@link EventChain}
 * </pre>
 * Every read is an equality or {@code $in} on exactly one unique key, the only shape mongo-java-server
 * answers from an index, so its cost does not grow with the store (real MongoDB uses the same indexes):
 * a tracking batch is {@code _id $in [token gaps, next positions]}, an aggregate batch is
 * {@code stream $in [next sequence numbers]}. Snapshots live in {@code snapshots}, one per aggregate
 * ({@code _id} = aggregate id), and a newer one replaces an older one.
 * <p>
 * <b>Appending.</b> A batch reserves exactly its own positions with one {@code $inc} on the counter,
 * then goes in with one ordered {@code insertMany}. A duplicate {@code stream} or {@code eventId} stops the
 * insert at that document; the documents before it are deleted again (by their own event ids) and Axon's
 * {@link org.axonframework.modelling.command.ConcurrencyException} (or
 * {@link org.axonframework.modelling.command.AggregateStreamCreationException} for a sequence number 0)
 * is thrown, so a rejected batch leaves nothing. A batch of several events is one transaction on a replica
 * set (given the {@link Builder#client client}); the embedded store runs the insert as one command, committed
 * as a unit (see {@link org.certaudit.eventstore.embedded.DurableH2Backend}). Only on a server with neither,
 * a standalone {@code mongod}, can a reader briefly see the prefix of a multi-event batch that then fails.
 * <p>
 * <b>One change per idempotency key.</b> An event whose metadata holds {@value #IDEMPOTENCY_KEY} (the client's
 * {@code Idempotency-Key}, copied from the command) gets {@code idempotency}, the JSON array of the metadata's
 * {@value #USER} (or {@code null}) and that key, if it is the first event of the batch with that pair; the other
 * events of the same command do not, so they never collide with each other. The unique index then refuses a
 * second batch under the same user and key, whenever and by whichever process it is written: the append fails
 * whole with an {@link IdempotencyKeyUsedException} naming the position of the first change. The field is derived
 * from {@code metaData}, which the ledger's hash covers, so the hash deliberately leaves it out (as it leaves out
 * {@code stream}); events stored before the field existed simply have none.
 * <p>
 * <b>Stream order equals position order, with any number of writers.</b> A writer appends event n+1 of
 * an aggregate only after it loaded event n, which was therefore stored, and so reserved, before; it
 * reserves after that load, and the counter only grows, so event n+1 gets the higher position, whichever
 * process wrote event n. This is why positions are never reserved ahead in blocks.
 * <p>
 * <b>Tracking.</b> Positions are reserved before the insert, so position 7 can become visible after
 * position 8 (of another stream). Tokens are {@link GapAwareTrackingToken}s: a missing position below the
 * highest one read is kept as a gap and looked up again with every batch, and it leaves the token only by
 * being read: either its event landed, or a reader marked the position abandoned. A reader abandons a gap
 * once an event stored above it was appended more than {@code gapTimeout} ago (measured from
 * {@code appendedAt}, taken right after the reservation, so a slow unit of work cannot make it look old) or
 * when it lies more than {@code maxGapOffset} positions behind. Abandoning inserts a marker document
 * ({@code _id} = the position, {@code abandoned: true}); since {@code _id} is unique, a write that comes
 * later still fails whole and its caller is told, instead of the event being stored and never read.
 * Markers hold no event: aggregate loads never see them and tracking readers skip them.
 */
public class MongoEventStorageEngine extends BatchingEventStorageEngine implements TrackedEventBatches {

    /** Collection names, fixed by the project's contract. */
    public static final String EVENTS = "events";
    public static final String SNAPSHOTS = "snapshots";
    public static final String COUNTER = "events_counter";
    /** Event metadata: the client's idempotency key the causing command was sent with (a string). */
    public static final String IDEMPOTENCY_KEY = "idempotencyKey";
    /** Event metadata: the user the idempotency key belongs to (keys are per user). */
    public static final String USER = "user";
    /** The document field holding {@code ["user","key"]} on a command's first event; unique, sparse. */
    public static final String IDEMPOTENCY = "idempotency";

    private static final Logger log = LoggerFactory.getLogger(MongoEventStorageEngine.class);
    private static final String POSITION_COUNTER_ID = "position";
    /** Wide enough for any long, so that keys of one aggregate sort and never collide. */
    private static final int SEQUENCE_DIGITS = 19;
    /** How many positions after a run of missing ones one probe looks up. */
    private static final int PROBE_SIZE = 1_000;
    /** Marks a document that holds no event: a reader abandoned its position (see the class comment). */
    static final String ABANDONED = EventDocuments.ABANDONED;
    /** The first step of an aggregate load; the steps double up to the batch size. */
    private static final int FIRST_AGGREGATE_STEP = 8;
    /** How many positions below the counter a head token checks for writes still under way. */
    private static final int HEAD_WINDOW = 1_000;
    /** The default of {@link Builder#trackedBatchChars(long)}: 2 Mi characters (2-4 MiB as Java strings). */
    public static final long DEFAULT_TRACKED_BATCH_CHARS = 2L << 20;

    private final MongoClient client;
    private volatile Boolean transactions;
    private final MongoCollection<Document> events;
    private final MongoCollection<Document> snapshots;
    private final MongoCollection<Document> counter;
    private final Duration gapTimeout;
    private final int maxGapOffset;
    private final Clock clock;
    private final AppendHook appendHook;
    private final EventChain chain;
    private final AggregateRuns runs;
    private final KeptSnapshots keptSnapshots;
    private final long trackedBatchChars;

    protected MongoEventStorageEngine(Builder builder) {
        super(builder);
        this.client = builder.client;
        this.events = builder.database.getCollection(EVENTS);
        this.snapshots = builder.database.getCollection(SNAPSHOTS);
        this.counter = builder.database.getCollection(COUNTER);
        this.gapTimeout = builder.gapTimeout;
        this.maxGapOffset = builder.maxGapOffset;
        this.clock = builder.clock;
        this.appendHook = builder.appendHook;
        this.chain = new EventChain(events);
        this.runs = new AggregateRuns(builder.aggregateCache);
        this.keptSnapshots = new KeptSnapshots(builder.snapshotCache);
        this.trackedBatchChars = builder.trackedBatchChars;
        if (builder.createIndexes) {
            createIndexes();
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Creates the unique indexes every read and every concurrency check relies on; idempotent. */
    public void createIndexes() {
        events.createIndex(Indexes.ascending("stream"), new IndexOptions().unique(true).sparse(true).name("stream"));
        events.createIndex(Indexes.ascending("eventId"), new IndexOptions().unique(true).name("eventId"));
        events.createIndex(Indexes.ascending(IDEMPOTENCY),
                new IndexOptions().unique(true).sparse(true).name(IDEMPOTENCY));
    }

    // ---------------------------------------------------------------- appending

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> batch, Serializer serializer) {
        if (batch.isEmpty()) {
            return;
        }
        long last;
        try {
            last = reservePositions(batch.size());
        } catch (MongoException e) {
            throw new EventStoreException("Could not reserve positions for " + batch.size() + " events", e);
        }
        long first = last - batch.size() + 1;
        // Taken after the reservation: every position below first was reserved before this instant,
        // which is what lets a reader measure how long a missing position has been outstanding.
        Instant appendedAt = clock.instant();
        List<Document> documents = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            documents.add(eventDocument(first + i, batch.get(i), serializer, appendedAt));
        }
        markIdempotency(batch, documents);
        // The ledger's hook: prevHash and hash complete each document (see EventChain).
        chain.complete(documents, runs::lastHash);
        appendHook.beforeInsert(first, last);
        try {
            insert(documents);
            keepAppended(documents);
        } catch (MongoBulkWriteException e) {
            undo(documents);
            int failed = e.getWriteErrors().isEmpty() ? 0 : e.getWriteErrors().get(0).getIndex();
            failIfAbandoned(first + failed, e);
            failIfIdempotencyKeyUsed(documents, e);
            handlePersistenceException(e, batch.get(failed));
        } catch (MongoSocketReadException | MongoSocketReadTimeoutException | MongoSocketWriteException e) {
            // Sent (whole or in part) without an answer: the store may still take it (AppendOutcomeUnknownException).
            undo(documents);
            throw new AppendOutcomeUnknownException("The store did not answer the insert of positions " + first + ".."
                    + last + " (" + e.getClass().getSimpleName() + "); whether they are stored is not known", e);
        } catch (MongoException e) {
            undo(documents);
            failIfAbandoned(first, e);
            failIfIdempotencyKeyUsed(documents, e);
            handlePersistenceException(e, batch.get(0));
        }
    }

    /**
     * Sets {@code idempotency} on the first event of each user and key in the batch (see the class comment).
     * A batch is the events of one unit of work, so of one command; later events of the pair stay unmarked.
     */
    private static void markIdempotency(List<? extends EventMessage<?>> batch, List<Document> documents) {
        Set<String> marked = new HashSet<>();
        for (int i = 0; i < batch.size(); i++) {
            String scope = idempotencyScope(batch.get(i));
            if (scope != null && marked.add(scope)) {
                documents.get(i).append(IDEMPOTENCY, scope);
            }
        }
    }

    /** {@code ["user","key"]} as compact JSON, unambiguous whatever the two hold; null without a key. */
    static String idempotencyScope(EventMessage<?> event) {
        if (!(event.getMetaData().get(IDEMPOTENCY_KEY) instanceof String key) || key.isEmpty()) {
            return null;
        }
        Object user = event.getMetaData().get(USER);
        List<String> pair = Arrays.asList(user == null ? null : user.toString(), key);
        try {
            return Canonical.mapper().writeValueAsString(pair);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("two strings are always JSON", e);
        }
    }

    /**
     * A duplicate key on {@code idempotency}: another batch was stored under the same user and key. Looked up
     * by the unique field itself (one indexed {@code $in}); an event of this very batch does not count (the
     * undo may have failed to remove it).
     */
    private void failIfIdempotencyKeyUsed(List<Document> documents, MongoException cause) {
        if (!new DuplicateKeyResolver().isDuplicateKeyViolation(cause)) {
            return;
        }
        List<String> scopes = documents.stream().map(document -> document.getString(IDEMPOTENCY))
                                       .filter(Objects::nonNull).toList();
        if (scopes.isEmpty()) {
            return;
        }
        Set<String> ours = documents.stream().map(document -> document.getString("eventId"))
                                              .collect(Collectors.toSet());
        Document holder;
        try {
            holder = events.find(Filters.in(IDEMPOTENCY, scopes))
                           .projection(Projections.include("eventId", IDEMPOTENCY))
                           .into(new ArrayList<>()).stream()
                           .filter(document -> !ours.contains(document.getString("eventId")))
                           .findFirst().orElse(null);
        } catch (MongoException e) {
            return;
        }
        if (holder != null) {
            List<?> pair;
            try {
                pair = Canonical.mapper().readValue(holder.getString(IDEMPOTENCY), List.class);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("the store holds a malformed '" + IDEMPOTENCY + "' at position "
                                                + position(holder), e);
            }
            throw new IdempotencyKeyUsedException((String) pair.get(0), (String) pair.get(1), position(holder), cause);
        }
    }

    /**
     * Adds what this engine just stored to the kept runs of its aggregates, so that the next load (or
     * {@link #isLatest}) checks and chains to the event it wrote without reading it back: the kept run they
     * continue is extended, or they start one (a new aggregate, or one whose run was not kept). An event this
     * engine stored stays stored, so the run stays true.
     */
    private void keepAppended(List<Document> documents) {
        java.util.Map<String, List<Document>> byAggregate = new java.util.LinkedHashMap<>();
        for (Document document : documents) {
            String aggregateId = document.getString("aggregateId");
            if (aggregateId != null) {
                byAggregate.computeIfAbsent(aggregateId, id -> new ArrayList<>()).add(document);
            }
        }
        byAggregate.forEach((aggregateId, appended) -> runs.remember(aggregateId,
                ((Number) appended.get(0).get("seq")).longValue(),
                appended.stream().map(document -> domainEntry(document, aggregateId)).toList(),
                appended.get(appended.size() - 1).getString(EventDocuments.HASH)));
    }

    /**
     * Whether event {@code sequenceNumber} of the aggregate is the last one stored, in one round trip: it is
     * stored (with the identifier this engine kept for it, if it kept it) and nothing follows it. A cache of
     * aggregate state built up to that event may then be used as it is; the next append still collides on the
     * unique {@code stream} key if another writer gets there first.
     *
     * @return false if another event follows, the event is missing, or it is not the one this engine kept
     */
    public boolean isLatest(String aggregateId, long sequenceNumber) {
        List<Document> found = events.find(Filters.in("stream", List.of(streamKey(aggregateId, sequenceNumber),
                        streamKey(aggregateId, sequenceNumber + 1))))
                .projection(Projections.include("seq", "eventId")).into(new ArrayList<>());
        if (found.size() != 1 || ((Number) found.get(0).get("seq")).longValue() != sequenceNumber) {
            return false;
        }
        AggregateRuns.Run run = runs.covering(aggregateId, sequenceNumber);
        if (run != null && run.last() >= sequenceNumber && !run.entries().get((int) (sequenceNumber - run.first()))
                .getEventIdentifier().equals(found.get(0).getString("eventId"))) {
            runs.forget(aggregateId);
            return false;
        }
        return true;
    }

    /**
     * One ordered {@code insertMany}; a batch of several events goes in as one transaction where the server
     * has them (a replica set), so that no reader, and no writer loading the aggregate, ever sees part of it.
     * The embedded store has no transactions but runs the whole insert as one command, committed as a unit.
     */
    private void insert(List<Document> documents) {
        if (documents.size() > 1 && transactions()) {
            try (ClientSession session = client.startSession()) {
                session.withTransaction(() -> events.insertMany(session, documents, new InsertManyOptions().ordered(true)),
                        TransactionOptions.builder().writeConcern(WriteConcern.MAJORITY).build());
            }
        } else {
            events.insertMany(documents, new InsertManyOptions().ordered(true));
        }
    }

    /** Whether the server takes multi-document transactions: a replica set member or a mongos, asked once. */
    private boolean transactions() {
        Boolean known = transactions;
        if (known == null) {
            known = false;
            if (client != null) {
                try {
                    Document hello = client.getDatabase("admin").runCommand(new Document("hello", 1));
                    known = hello.containsKey("logicalSessionTimeoutMinutes")
                            && (hello.containsKey("setName") || "isdbgrid".equals(hello.getString("msg")));
                } catch (MongoException e) {
                    log.info("The store does not answer 'hello' ({}); multi-event appends go in without a transaction",
                             e.getMessage());
                }
            }
            transactions = known;
        }
        return known;
    }

    /**
     * Reserves {@code count} positions with one {@code $inc} and returns the last; the counter only grows.
     * Positions are reserved per append, never ahead in blocks: a writer that loaded an aggregate up to
     * sequence n reserves after event n was stored, so its event n+1 gets a higher position than event n,
     * whichever instance wrote that one. A block reserved earlier would break exactly that.
     */
    private long reservePositions(int count) {
        Document after = counter.findOneAndUpdate(
                Filters.eq("_id", POSITION_COUNTER_ID),
                Updates.inc("value", (long) count),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return ((Number) after.get("value")).longValue();
    }

    /**
     * A reader abandoned this position (the write took longer than the gap timeout): the batch was not
     * stored, and saying so helps the caller more than a concurrency error would.
     */
    private void failIfAbandoned(long position, MongoException cause) {
        Document holder;
        try {
            holder = events.find(Filters.eq("_id", position)).projection(Projections.include(ABANDONED)).first();
        } catch (MongoException e) {
            return;
        }
        if (holder != null && holder.containsKey(ABANDONED)) {
            throw new EventStoreException("The append reserved position " + position + " but took longer than the "
                    + "gap timeout (" + gapTimeout + ") to store it, so readers abandoned that position; "
                    + "nothing of the batch was stored", cause);
        }
    }

    /**
     * The highest global position handed out so far (one read of the position counter by {@code _id}); 0 before the
     * first append. The event at that position may still be under way, or its append may have failed: a reader that
     * is behind it has something to wait for, one that is at it has read everything stored.
     */
    public long highestReservedPosition() {
        Document current = counter.find(Filters.eq("_id", POSITION_COUNTER_ID)).first();
        return current == null ? 0 : ((Number) current.get("value")).longValue();
    }

    /**
     * Removes whatever of a failed batch got in, by its own event ids: they are unique, so the delete
     * can touch neither anyone else's event nor a reader's marker on an abandoned position.
     */
    private void undo(List<Document> documents) {
        List<String> eventIds = documents.stream().map(document -> document.getString("eventId")).toList();
        try {
            events.deleteMany(Filters.in("eventId", eventIds));
        } catch (MongoException e) {
            // The batch's prefix stays behind; say exactly which positions so that an operator can act.
            log.error("A failed append could not remove its partial batch at positions {}..{}: {}",
                      position(documents.get(0)), position(documents.get(documents.size() - 1)), e.toString());
        }
    }

    private Document eventDocument(long position, EventMessage<?> event, Serializer serializer, Instant appendedAt) {
        Document document = new Document("_id", position);
        document.append("eventId", event.getIdentifier());
        if (event instanceof DomainEventMessage<?> domainEvent && domainEvent.getAggregateIdentifier() != null) {
            document.append("stream", streamKey(domainEvent.getAggregateIdentifier(), domainEvent.getSequenceNumber()))
                    .append("aggregateId", domainEvent.getAggregateIdentifier())
                    .append("aggregateType", domainEvent.getType())
                    .append("seq", domainEvent.getSequenceNumber());
        }
        appendMessageFields(document, event, serializer);
        document.append("appendedAt", Date.from(appendedAt));
        return document;
    }

    private static void appendMessageFields(Document document, EventMessage<?> event, Serializer serializer) {
        SerializedObject<String> payload = event.serializePayload(serializer, String.class);
        SerializedObject<String> metaData = event.serializeMetaData(serializer, String.class);
        Instant timestamp = event.getTimestamp();
        document.append("timestamp", Date.from(timestamp))
                .append("payloadType", payload.getType().getName())
                .append("payloadRevision", payload.getType().getRevision())
                .append("payload", payload.getData())
                .append("metaData", metaData.getData());
    }

    /** {@code <aggregate id>/<sequence number, 19 digits>}: unambiguous, since the tail has a fixed width. */
    static String streamKey(String aggregateId, long sequenceNumber) {
        String digits = Long.toString(sequenceNumber);
        return aggregateId + "/" + "0".repeat(Math.max(0, SEQUENCE_DIGITS - digits.length())) + digits;
    }

    // ---------------------------------------------------------------- snapshots

    @Override
    protected void storeSnapshot(DomainEventMessage<?> snapshot, Serializer serializer) {
        String aggregateId = snapshot.getAggregateIdentifier();
        Document current = snapshots.find(Filters.eq("_id", aggregateId)).projection(Projections.include("seq")).first();
        if (current != null && ((Number) current.get("seq")).longValue() >= snapshot.getSequenceNumber()) {
            // Another writer's is newer: the next load reads that one.
            keptSnapshots.forget(aggregateId);
            return;
        }
        Document document = new Document("_id", aggregateId)
                .append("aggregateType", snapshot.getType())
                .append("seq", snapshot.getSequenceNumber())
                .append("eventId", snapshot.getIdentifier());
        appendMessageFields(document, snapshot, serializer);
        try {
            // Two snapshotters racing may leave the older of two snapshots: harmless, a snapshot
            // only shortens loading, and the events after it are read either way.
            snapshots.replaceOne(Filters.eq("_id", aggregateId), document, new ReplaceOptions().upsert(true));
            keptSnapshots.remember(aggregateId, domainEntry(document, aggregateId));
            runs.dropBefore(aggregateId, snapshot.getSequenceNumber() + 1);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                handlePersistenceException(e, snapshot);
            }
        }
    }

    /**
     * The snapshot this engine last read or stored for the aggregate (see {@link Builder#snapshotCache}), or
     * else the stored one, looked up by {@code _id}.
     */
    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        Optional<GenericDomainEventEntry<String>> kept = keptSnapshots.get(aggregateIdentifier);
        if (kept != null) {
            return kept.stream();
        }
        Document snapshot = snapshots.find(Filters.eq("_id", aggregateIdentifier)).first();
        GenericDomainEventEntry<String> read = snapshot == null ? null : domainEntry(snapshot, aggregateIdentifier);
        keptSnapshots.remember(aggregateIdentifier, read);
        if (read != null) {
            runs.dropBefore(aggregateIdentifier, read.getSequenceNumber() + 1);
        }
        return Stream.ofNullable(read);
    }

    /** Characters of snapshots this engine keeps in memory now (see {@link Builder#snapshotCache}). */
    long keptSnapshotChars() {
        return keptSnapshots.chars();
    }

    // ---------------------------------------------------------------- aggregate streams

    /**
     * Looks up the keys of the next sequence numbers in growing steps (8, 16, 32, ... up to the batch
     * size) and stops at the first step that comes back short: every key costs one index lookup on
     * the embedded server, and most loads are of a new or a short stream.
     */
    @Override
    protected List<? extends DomainEventData<?>> fetchDomainEvents(String aggregateIdentifier,
                                                                   long firstSequenceNumber, int batchSize) {
        AggregateRuns.Run run = runs.covering(aggregateIdentifier, firstSequenceNumber);
        if (run != null && firstSequenceNumber + batchSize > run.last()) {
            run = refresh(aggregateIdentifier, run, batchSize);
        }
        if (run != null) {
            return run.slice(firstSequenceNumber, batchSize);
        }
        Read read = fetchFromStore(aggregateIdentifier, firstSequenceNumber, batchSize);
        runs.remember(aggregateIdentifier, firstSequenceNumber, read.entries(), read.lastHash());
        return read.entries();
    }

    /** How many aggregate events this engine keeps in memory now (see {@link Builder#aggregateCache}). */
    long keptAggregateEvents() {
        return runs.size();
    }

    /**
     * The cached run with the events stored after it, in one round trip that also proves the run still
     * holds: its last event must still be stored under its key with its identifier (a batch that failed
     * half-way is removed, and its sequence numbers may be taken by another writer). Null when it does
     * not hold any more; the caller then reads the store as if nothing were cached.
     */
    private AggregateRuns.Run refresh(String aggregateId, AggregateRuns.Run run, int batchSize) {
        List<String> keys = new ArrayList<>(FIRST_AGGREGATE_STEP + 1);
        for (long seq = run.last(); seq <= run.last() + FIRST_AGGREGATE_STEP; seq++) {
            keys.add(streamKey(aggregateId, seq));
        }
        List<Document> found = events.find(Filters.in("stream", keys)).into(new ArrayList<>());
        found.sort(Comparator.comparingLong(document -> ((Number) document.get("seq")).longValue()));
        if (found.isEmpty() || ((Number) found.get(0).get("seq")).longValue() != run.last()
                || !run.lastEventId().equals(found.get(0).getString("eventId"))) {
            runs.forget(aggregateId);
            return null;
        }
        List<GenericDomainEventEntry<String>> newer = new ArrayList<>();
        String lastHash = found.get(0).getString(EventDocuments.HASH);
        long next = run.last() + 1;
        for (Document document : found.subList(1, found.size())) {
            if (((Number) document.get("seq")).longValue() != next) {
                break;
            }
            newer.add(domainEntry(document, aggregateId));
            lastHash = document.getString(EventDocuments.HASH);
            next++;
        }
        if (newer.size() == FIRST_AGGREGATE_STEP) {
            Read more = fetchFromStore(aggregateId, next, Math.max(batchSize, FIRST_AGGREGATE_STEP));
            newer.addAll(more.entries());
            if (!more.entries().isEmpty()) {
                lastHash = more.lastHash();
            }
        }
        return runs.extend(aggregateId, run, newer, lastHash);
    }

    /**
     * The events of one aggregate with sequence numbers {@code first} up to but excluding {@code end}, in
     * order, read in one lookup of exactly those keys and stopping at the first one not stored (a write
     * under way, or one that never was). For checks of a few events, such as the query side's
     * {@code StreamOrderGuard}: {@link #readEvents(String, long)} reads on to the end of the stream, in
     * doubling steps of up to a batch, and keeps what it read in the aggregate cache; this keeps nothing.
     *
     * @param aggregateIdentifier the aggregate's identifier (the stream)
     * @param first               the first sequence number wanted, 0 or more
     * @param end                 the sequence number after the last one wanted; nothing is read when it is
     *                            not above {@code first}
     * @return the events, deserialized and upcast as {@link #readEvents(String, long)} gives them
     */
    public DomainEventStream readEvents(String aggregateIdentifier, long first, long end) {
        List<GenericDomainEventEntry<String>> entries = new ArrayList<>();
        if (end > first) {
            List<String> keys = new ArrayList<>();
            for (long seq = first; seq < end; seq++) {
                keys.add(streamKey(aggregateIdentifier, seq));
            }
            List<Document> found = events.find(Filters.in("stream", keys)).into(new ArrayList<>());
            found.sort(Comparator.comparingLong(document -> ((Number) document.get("seq")).longValue()));
            long next = first;
            for (Document document : found) {
                if (((Number) document.get("seq")).longValue() != next) {
                    break;
                }
                entries.add(domainEntry(document, aggregateIdentifier));
                next++;
            }
        }
        return EventStreamUtils.upcastAndDeserializeDomainEvents(entries.stream(), getEventSerializer(), upcasterChain);
    }

    /** Events read from the store, and the chain hash of the last of them (null if none or it has none). */
    private record Read(List<GenericDomainEventEntry<String>> entries, String lastHash) {
    }

    private Read fetchFromStore(String aggregateIdentifier, long firstSequenceNumber, int batchSize) {
        List<GenericDomainEventEntry<String>> batch = new ArrayList<>();
        String lastHash = null;
        long next = firstSequenceNumber;
        int step = Math.min(FIRST_AGGREGATE_STEP, batchSize);
        while (batch.size() < batchSize) {
            int wanted = Math.min(step, batchSize - batch.size());
            List<String> keys = new ArrayList<>(wanted);
            for (int i = 0; i < wanted; i++) {
                keys.add(streamKey(aggregateIdentifier, next + i));
            }
            List<Document> found = events.find(Filters.in("stream", keys)).into(new ArrayList<>());
            found.sort(Comparator.comparingLong(document -> ((Number) document.get("seq")).longValue()));
            // Only the unbroken run: a hole is a write under way (or a failed batch being removed),
            // and what follows it is not yet part of the stream.
            for (Document document : found) {
                if (((Number) document.get("seq")).longValue() != next) {
                    return new Read(batch, lastHash);
                }
                batch.add(domainEntry(document, aggregateIdentifier));
                lastHash = document.getString(EventDocuments.HASH);
                next++;
            }
            if (found.size() < wanted) {
                return new Read(batch, lastHash);
            }
            step *= 2;
        }
        return new Read(batch, lastHash);
    }

    @Override
    public Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
        return lastSequenceNumberFor(aggregateIdentifier, 0);
    }

    /**
     * The highest sequence number of an aggregate, found by looking up keys rather than by a range
     * query: one lookup at doubling distances, then narrowing by 64 candidates per round trip.
     */
    private Optional<Long> lastSequenceNumberFor(String aggregateId, long first) {
        if (!existingSequenceNumbers(aggregateId, List.of(first)).contains(first)) {
            return Optional.empty();
        }
        List<Long> doubling = new ArrayList<>();
        for (long step = 1; step > 0 && first + step > first; step <<= 1) {
            doubling.add(first + step);
        }
        SortedSet<Long> present = existingSequenceNumbers(aggregateId, doubling);
        long low = first;
        for (long candidate : doubling) {
            if (!present.contains(candidate)) {
                break;
            }
            low = candidate;
        }
        long high = low == first ? first + 1 : low + (low - first); // first number known to be absent
        while (high - low > 1) {
            List<Long> candidates = new ArrayList<>();
            long step = Math.max(1, (high - low) / 64);
            for (long candidate = low + step; candidate < high; candidate += step) {
                candidates.add(candidate);
            }
            SortedSet<Long> found = existingSequenceNumbers(aggregateId, candidates);
            long newLow = low;
            long newHigh = high;
            for (long candidate : candidates) {
                if (found.contains(candidate)) {
                    newLow = candidate;
                } else {
                    newHigh = candidate;
                    break;
                }
            }
            low = newLow;
            high = Math.min(newHigh, newLow + step);
            if (high <= low) {
                high = low + 1;
            }
        }
        return Optional.of(low);
    }

    private SortedSet<Long> existingSequenceNumbers(String aggregateId, List<Long> sequenceNumbers) {
        List<String> keys = sequenceNumbers.stream().map(seq -> streamKey(aggregateId, seq)).toList();
        return events.find(Filters.in("stream", keys)).projection(Projections.include("seq"))
                     .map(document -> ((Number) document.get("seq")).longValue())
                     .into(new TreeSet<>());
    }

    // ---------------------------------------------------------------- tracking

    /**
     * Reads the token's gaps and the positions after its index, but never beyond the highest position
     * handed out: a reader that is up to date costs one lookup of the counter, not a batch of misses.
     * Markers of abandoned positions are read like events but not delivered: they only move the token,
     * whose next event carries that progress.
     */
    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        return fetchTrackedEvents(lastToken, batchSize, -1);
    }

    /**
     * One read of {@link #fetchTrackedEvents(TrackingToken, int)}'s, without reading the position counter (see
     * {@link TrackedEventBatches}).
     *
     * @throws IllegalArgumentException if {@code batchSize} is below 1, {@code head} negative, or the token not a
     *                                  {@link GapAwareTrackingToken}
     */
    @Override
    public List<? extends TrackedEventMessage<?>> readBatch(TrackingToken after, int batchSize, long head) {
        if (batchSize < 1 || head < 0) {
            throw new IllegalArgumentException("batchSize must be at least 1 and head at least 0, not " + batchSize
                    + " and " + head);
        }
        // A read returns the token's gaps that landed besides batchSize positions after it: the rest is read next.
        List<? extends TrackedEventData<?>> read = fetchTrackedEvents(after, batchSize, head);
        long chars = read.stream().mapToLong(data -> chars(data.getPayload()) + chars(data.getMetaData())).sum();
        return new TrackedBatch(EventUtils.upcastAndDeserializeTrackedEvents(read.stream(), getEventSerializer(),
                upcasterChain).limit(batchSize).toList(), chars);
    }

    private static long chars(SerializedObject<?> serialized) {
        return serialized.getData() instanceof CharSequence text ? text.length() : 0;
    }

    /** @param knownHead the highest reserved position as a caller read it, or -1 to read it here */
    private List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize,
                                                                   long knownHead) {
        if (lastToken != null && !(lastToken instanceof GapAwareTrackingToken)) {
            throw new IllegalArgumentException(
                    "Token [" + lastToken + "] is of the wrong type, expected a GapAwareTrackingToken");
        }
        GapAwareTrackingToken token = (GapAwareTrackingToken) lastToken;
        if (token != null && !token.getGaps().isEmpty()) {
            abandonOverdueGaps(token);
        }
        long head = knownHead >= 0 ? knownHead : highestReservedPosition();
        List<TrackedEventData<?>> result = new ArrayList<>();
        while (true) {
            GapAwareTrackingToken previous = token;
            for (Document document : fetchBatch(token, batchSize, head)) {
                previous = advance(previous, position(document));
                if (!document.containsKey(ABANDONED)) {
                    result.add(new TrackedDomainEventData<>(previous, domainEntry(document, null)));
                }
            }
            if (!result.isEmpty() || previous == token) {
                return result;
            }
            // Only markers were read: read on from behind them.
            token = previous;
        }
    }

    /** The token's gaps and the next positions up to {@code head}, in position order. */
    private List<Document> fetchBatch(GapAwareTrackingToken token, int batchSize, long head) {
        long index = token == null ? 0 : token.getIndex();
        long to = Math.min(index + batchSize, head);
        List<Document> found = fetchPositions(token, index + 1, to);
        boolean advanced = !found.isEmpty() && position(found.get(found.size() - 1)) > index;
        // A batch cut short by size among the token's gaps did read something: the rest is read next time.
        boolean cut = !found.isEmpty() && storedChars(found) >= trackedBatchChars;
        if (!advanced && !cut && head > to) {
            // A run of more than one batch of missing positions (a large failed batch) must not
            // stop the reader: look further, up to what the counter handed out. Then read again from the
            // token on, in one find: an append may have landed below next since the first read (a stream's
            // event n is stored before its event n+1 is reserved, and one append lands whole), and only a
            // single read keeps every stream's events in order with what it returns above them.
            long next = firstPresentPositionAfter(to, head);
            if (next > 0) {
                found = fetchPositions(token, index + 1, Math.min(next + batchSize - 1, head));
            }
        }
        return found;
    }

    /**
     * The token after {@code position}. Every missing position below it stays a gap, however far behind,
     * until it is read: either its event landed, or a marker says it was abandoned. Gaps are never
     * dropped by distance or by age alone, so an event still being written is never skipped.
     */
    private static GapAwareTrackingToken advance(GapAwareTrackingToken previous, long position) {
        if (previous == null) {
            return GapAwareTrackingToken.newInstance(
                    position, LongStream.range(1, position).boxed().collect(Collectors.toCollection(TreeSet::new)));
        }
        return previous.advanceTo(position, Integer.MAX_VALUE);
    }

    /**
     * The token's gaps plus the positions {@code from..to}, in position order, up to the first whose payload and
     * metadata bring the documents' characters to {@code trackedBatchChars} or more (that one included, so at least
     * one): a prefix in position order, so every stored position below the last one returned is returned, and the
     * positions after it are read by the next batch.
     */
    private List<Document> fetchPositions(GapAwareTrackingToken token, long from, long to) {
        List<Long> wanted = new ArrayList<>();
        if (token != null) {
            wanted.addAll(token.getGaps());
        }
        wanted.addAll(positions(from, to + 1));
        List<Document> found = new ArrayList<>();
        if (wanted.isEmpty()) {
            return found;
        }
        long chars = 0;
        // Sorted by the server so that the cursor can stop at the bound with a prefix; the $in on _id still picks
        // the documents by their unique key, and closing the cursor early leaves the rest unsent. All of them are
        // asked for in one batch: the server ends a reply at its size bound (MongoDB at 16 MiB, the embedded store
        // at ReplyBound's 1 Mi characters), so ordinary events come in one reply and events of about 1 MiB (the
        // command side's body limit) in replies of a few.
        try (MongoCursor<Document> cursor = events.find(Filters.in("_id", wanted)).sort(Sorts.ascending("_id"))
                                                  .batchSize(wanted.size()).iterator()) {
            while (chars < trackedBatchChars && cursor.hasNext()) {
                Document document = cursor.next();
                found.add(document);
                chars += storedChars(document);
            }
        }
        return found;
    }

    /** The characters of an event document's payload and metadata; a marker has none. */
    private static long storedChars(Document document) {
        String payload = document.getString("payload");
        String metaData = document.getString("metaData");
        return (payload == null ? 0 : payload.length()) + (metaData == null ? 0 : metaData.length());
    }

    private static long storedChars(List<Document> documents) {
        return documents.stream().mapToLong(MongoEventStorageEngine::storedChars).sum();
    }

    /** The lowest stored position in {@code (after, upTo]}, probing by key; 0 if there is none. */
    private long firstPresentPositionAfter(long after, long upTo) {
        for (long from = after + 1; from <= upTo; from += PROBE_SIZE) {
            long to = Math.min(upTo, from + PROBE_SIZE - 1);
            Document first = events.find(Filters.in("_id", positions(from, to + 1)))
                                   .projection(Projections.include("_id"))
                                   .into(new ArrayList<>()).stream()
                                   .min(Comparator.comparingLong(document -> ((Number) document.get("_id")).longValue()))
                                   .orElse(null);
            if (first != null) {
                return ((Number) first.get("_id")).longValue();
            }
        }
        return 0;
    }

    /**
     * Abandons the gaps that are overdue: those below a stored event appended more than the gap timeout
     * ago (the gap's position was reserved before that event's, so its writer has held it longer than the
     * timeout), and those more than {@code maxGapOffset} positions behind the token. Abandoning inserts a
     * marker document at the gap's position. The position's {@code _id} is unique, so either the marker
     * goes in and the late writer's insert fails as a whole (its caller gets an error, nothing is lost
     * silently), or the event is there already and is read with this batch. The markers are read like
     * events (see {@link #fetchTrackedEvents}), which takes the gaps off the token.
     */
    private void abandonOverdueGaps(GapAwareTrackingToken token) {
        SortedSet<Long> gaps = token.getGaps();
        SortedSet<Long> wanted = new TreeSet<>(gaps);
        gaps.forEach(gap -> wanted.add(gap + 1));
        List<Document> found = events.find(Filters.in("_id", new ArrayList<>(wanted)))
                                     .projection(Projections.include("_id", "appendedAt", ABANDONED))
                                     .into(new ArrayList<>());
        Instant gapFrame = clock.instant().minus(gapTimeout);
        long overdueBelow = Math.max(0, token.getIndex() - maxGapOffset);
        SortedSet<Long> present = new TreeSet<>();
        for (Document document : found) {
            long position = position(document);
            present.add(position);
            if (!document.containsKey(ABANDONED) && appendedAt(document).isBefore(gapFrame)) {
                overdueBelow = Math.max(overdueBelow, position);
            }
        }
        List<Document> markers = gaps.headSet(overdueBelow).stream()
                                     .filter(gap -> !present.contains(gap))
                                     .map(gap -> marker(gap, clock.instant()))
                                     .toList();
        if (markers.isEmpty()) {
            return;
        }
        try {
            events.insertMany(markers, new InsertManyOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            // A duplicate is a gap whose event landed after all, or another reader's marker: both are read next.
            if (!DuplicateKeyResolver.allDuplicates(e)) {
                throw e;
            }
        }
        log.warn("Abandoned {} position(s) whose writes did not land within the gap timeout ({}) or lay more than {} "
                 + "positions behind: {}", markers.size(), gapTimeout, maxGapOffset,
                 markers.stream().map(MongoEventStorageEngine::position).toList());
    }

    /** A document holding no event at an abandoned position; its {@code eventId} only keeps the index unique. */
    private static Document marker(long position, Instant abandonedAt) {
        return new Document("_id", position)
                .append("eventId", "abandoned-position-" + position)
                .append(ABANDONED, true)
                .append("appendedAt", Date.from(abandonedAt));
    }

    @Override
    public TrackingToken createTailToken() {
        // Positions start at 1, so the token before position 1 reads everything; null when empty,
        // as Axon's own engines return.
        return highestReservedPosition() == 0 ? null : GapAwareTrackingToken.newInstance(0, List.of());
    }

    /**
     * A token after every stored event. Within the last {@value #HEAD_WINDOW} reserved positions, the
     * token stands on the highest stored one and keeps the missing ones below it as gaps, so that a
     * write still under way is read when it lands; reserved positions above it are simply ahead.
     */
    @Override
    public TrackingToken createHeadToken() {
        long head = highestReservedPosition();
        if (head == 0) {
            return null;
        }
        long from = Math.max(1, head - HEAD_WINDOW + 1);
        SortedSet<Long> stored = new TreeSet<>();
        SortedSet<Long> abandoned = new TreeSet<>();
        events.find(Filters.in("_id", positions(from, head + 1)))
              .projection(Projections.include("_id", ABANDONED))
              .forEach(document -> (document.containsKey(ABANDONED) ? abandoned : stored).add(position(document)));
        if (stored.isEmpty()) {
            return GapAwareTrackingToken.newInstance(from - 1, List.of());
        }
        // The token stands on the last event: a marker above it holds nothing to read.
        long index = stored.last();
        List<Long> gaps = LongStream.range(from, index)
                                    .filter(position -> !stored.contains(position) && !abandoned.contains(position))
                                    .boxed().toList();
        return GapAwareTrackingToken.newInstance(index, gaps);
    }

    /**
     * The token just before the first event (by position) whose timestamp is at or after
     * {@code dateTime}. This scans the collection: it serves a rare reset, not the hot path.
     * Timestamps are compared at millisecond precision, the precision Axon reads them back with.
     */
    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        Document first = events.find(Filters.gte("timestamp", Date.from(dateTime)))
                               .projection(Projections.include("_id"))
                               .sort(Sorts.ascending("_id"))
                               .limit(1)
                               .first();
        if (first == null) {
            return createHeadToken();
        }
        long position = ((Number) first.get("_id")).longValue();
        return GapAwareTrackingToken.newInstance(position - 1, List.of());
    }

    // ---------------------------------------------------------------- reading documents

    private static GenericDomainEventEntry<String> domainEntry(Document document, String knownAggregateId) {
        String aggregateId = document.getString("aggregateId");
        Object seq = document.get("seq");
        return new GenericDomainEventEntry<>(
                document.getString("aggregateType"),
                aggregateId != null ? aggregateId : knownAggregateId,
                seq == null ? 0L : ((Number) seq).longValue(),
                document.getString("eventId"),
                timestamp(document),
                document.getString("payloadType"),
                document.getString("payloadRevision"),
                document.getString("payload"),
                document.getString("metaData"));
    }

    private static Instant timestamp(Document document) {
        return document.getDate("timestamp").toInstant();
    }

    private static long position(Document document) {
        return ((Number) document.get("_id")).longValue();
    }

    private static Instant appendedAt(Document document) {
        Date appendedAt = document.getDate("appendedAt");
        return appendedAt == null ? Instant.EPOCH : appendedAt.toInstant();
    }

    private static List<Long> positions(long fromInclusive, long toExclusive) {
        return LongStream.range(Math.max(1, fromInclusive), toExclusive).boxed().toList();
    }

    /** Called between reserving positions and inserting: lets a test hold a writer in that window. */
    @FunctionalInterface
    interface AppendHook {
        AppendHook NONE = (first, last) -> {
        };

        void beforeInsert(long firstPosition, long lastPosition);
    }

    /** Recognizes MongoDB's duplicate key error (11000), however the driver wraps it. */
    static final class DuplicateKeyResolver implements PersistenceExceptionResolver {
        @Override
        public boolean isDuplicateKeyViolation(Exception exception) {
            if (exception instanceof MongoBulkWriteException bulk) {
                return bulk.getWriteErrors().stream()
                           .anyMatch(error -> ErrorCategory.fromErrorCode(error.getCode()) == ErrorCategory.DUPLICATE_KEY);
            }
            if (exception instanceof MongoWriteException write) {
                return write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
            }
            return exception instanceof MongoException mongo
                    && ErrorCategory.fromErrorCode(mongo.getCode()) == ErrorCategory.DUPLICATE_KEY;
        }

        static boolean allDuplicates(MongoBulkWriteException exception) {
            return exception.getWriteConcernError() == null && exception.getWriteErrors().stream()
                    .allMatch(error -> ErrorCategory.fromErrorCode(error.getCode()) == ErrorCategory.DUPLICATE_KEY);
        }
    }

    /**
     * Builds the engine. The database is required; the serializers default to XStream in Axon, so
     * give the Jackson one. Gap handling defaults follow Axon's JDBC engine: 60 s timeout and
     * 10,000 positions of gap offset.
     */
    public static class Builder extends BatchingEventStorageEngine.Builder {

        private MongoDatabase database;
        private MongoClient client;
        private Duration gapTimeout = Duration.ofSeconds(60);
        private int maxGapOffset = 10_000;
        private Clock clock = Clock.systemUTC();
        private boolean createIndexes = true;
        private AppendHook appendHook = AppendHook.NONE;
        private int aggregateCache = AggregateRuns.DEFAULT_EVENTS;
        private int snapshotCache = KeptSnapshots.DEFAULT_CHARS;
        private long trackedBatchChars = DEFAULT_TRACKED_BATCH_CHARS;

        protected Builder() {
            persistenceExceptionResolver(new DuplicateKeyResolver());
        }

        public Builder database(MongoDatabase database) {
            assertNonNull(database, "The MongoDatabase may not be null");
            this.database = database;
            return this;
        }

        /**
         * The client of the database, optional: with it, a batch of several events is inserted in one
         * transaction where the server supports them (a replica set); without it, or on the embedded store,
         * such a batch is one ordered insert.
         */
        public Builder client(MongoClient client) {
            this.client = client;
            return this;
        }

        /** How long a missing position is waited for after the event behind it was appended. */
        public Builder gapTimeout(Duration gapTimeout) {
            assertThat(gapTimeout, timeout -> timeout != null && !timeout.isNegative(), "The gapTimeout must be >= 0");
            this.gapTimeout = gapTimeout;
            return this;
        }

        public Builder maxGapOffset(int maxGapOffset) {
            assertThat(maxGapOffset, offset -> offset > 0, "The maxGapOffset must be positive");
            this.maxGapOffset = maxGapOffset;
            return this;
        }

        /** The clock for {@code appendedAt} and gap timeouts. */
        public Builder clock(Clock clock) {
            assertNonNull(clock, "The clock may not be null");
            this.clock = clock;
            return this;
        }

        /** Whether to create the unique indexes when the engine is built (default true). */
        public Builder createIndexes(boolean createIndexes) {
            this.createIndexes = createIndexes;
            return this;
        }

        /**
         * How many aggregate events (in all) this engine keeps in memory after loading them, so that the next
         * load of the aggregate reads only what was stored since, in one round trip that also checks the
         * kept events still stand (default 100,000; 0 keeps none). Kept events are never trusted without
         * that check, so several engines may write the same aggregates. Once this engine stores or reads an
         * aggregate's snapshot, it keeps only the events after it (and at least the last one).
         */
        public Builder aggregateCache(int events) {
            assertThat(events, value -> value >= 0, "The aggregateCache must be >= 0");
            this.aggregateCache = events;
            return this;
        }

        /**
         * How many characters of snapshots (payload and metadata, in all) this engine keeps after reading or
         * storing them, so that loading an aggregate again needs no snapshot lookup (default 8,000,000; 0 keeps
         * none). A kept snapshot may be older than the newest stored one when another engine stored that: the
         * load then reads more events after it, never fewer, so several engines may share a store.
         */
        public Builder snapshotCache(int chars) {
            assertThat(chars, value -> value >= 0, "The snapshotCache must be >= 0");
            this.snapshotCache = chars;
            return this;
        }

        /**
         * How many characters of payload and metadata (in all) one tracking batch reads at most, besides the batch
         * size's count of positions (default {@value #DEFAULT_TRACKED_BATCH_CHARS}). A batch stops after the
         * event that reaches the bound, so it always holds at least one event, and its events are a prefix in
         * position order of what the whole batch would hold: order and gaps are as without the bound. Events of
         * about 1 MB each (findings near the body limit) read 100 to a batch held 100 MB and more on the heap of the
         * reader, whose query side has 256 MB in all. {@link #readBatch} says the characters it read
         * ({@link TrackedBatch}).
         */
        public Builder trackedBatchChars(long chars) {
            assertThat(chars, value -> value >= 1, "The trackedBatchChars must be >= 1");
            this.trackedBatchChars = chars;
            return this;
        }

        Builder appendHook(AppendHook appendHook) {
            this.appendHook = appendHook;
            return this;
        }

        @Override
        public Builder snapshotSerializer(Serializer snapshotSerializer) {
            super.snapshotSerializer(snapshotSerializer);
            return this;
        }

        @Override
        public Builder upcasterChain(EventUpcaster upcasterChain) {
            super.upcasterChain(upcasterChain);
            return this;
        }

        @Override
        public Builder persistenceExceptionResolver(PersistenceExceptionResolver persistenceExceptionResolver) {
            super.persistenceExceptionResolver(persistenceExceptionResolver);
            return this;
        }

        @Override
        public Builder eventSerializer(Serializer eventSerializer) {
            super.eventSerializer(eventSerializer);
            return this;
        }

        @Override
        public Builder snapshotFilter(SnapshotFilter snapshotFilter) {
            super.snapshotFilter(snapshotFilter);
            return this;
        }

        @Override
        @Deprecated
        public Builder snapshotFilter(Predicate<? super DomainEventData<?>> snapshotFilter) {
            super.snapshotFilter(snapshotFilter);
            return this;
        }

        @Override
        public Builder batchSize(int batchSize) {
            super.batchSize(batchSize);
            return this;
        }

        @Override
        public Builder finalAggregateBatchPredicate(Predicate<List<? extends DomainEventData<?>>> predicate) {
            super.finalAggregateBatchPredicate(predicate);
            return this;
        }

        public MongoEventStorageEngine build() {
            return new MongoEventStorageEngine(this);
        }

        @Override
        protected void validate() throws AxonConfigurationException {
            super.validate();
            assertNonNull(database, "The MongoDatabase is a hard requirement and should be provided");
        }
    }
}
