package org.certaudit.eventstore;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
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
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventEntry;
import org.axonframework.eventhandling.TrackedDomainEventData;
import org.axonframework.eventhandling.TrackedEventData;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.BatchingEventStorageEngine;
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
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
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
 *   appendedAt: Date,                          when the append took its position (decides gap timeouts)
 *   payloadType, payloadRevision, payload,     payload and metadata as the serializer wrote them
 *   metaData,                                  (JSON text with Jackson), so upcasters see the stored form
 *   prevHash, hash }                           the ledger's chain: see {@link EventChain}
 * </pre>
 * Every read is an equality or {@code $in} on exactly one unique key, the only shape mongo-java-server
 * answers from an index, so its cost does not grow with the store (real MongoDB uses the same indexes):
 * a tracking batch is {@code _id $in [token gaps, next positions]}, an aggregate batch is
 * {@code stream $in [next sequence numbers]}. Snapshots live in {@code snapshots}, one per aggregate
 * ({@code _id} = aggregate id), and a newer one replaces an older one.
 * <p>
 * <b>Appending.</b> A batch takes its positions from a block reserved with one {@code $inc} on the
 * counter (a block grows beyond the batch only while appends come fast, see {@link PositionBlocks}),
 * then goes in with one ordered {@code insertMany}. A duplicate {@code stream} or {@code eventId} stops the
 * insert at that document; the documents before it are deleted again (by their reserved positions,
 * which no one else can hold) and Axon's {@link org.axonframework.modelling.command.ConcurrencyException}
 * (or {@link org.axonframework.modelling.command.AggregateStreamCreationException} for a sequence
 * number 0) is thrown, so a rejected batch leaves nothing. Without transactions that is only the end
 * state: until the delete, a reader may see the prefix of a batch that then fails. Two writers that
 * both start from a committed aggregate state collide on the batch's first document for that aggregate,
 * before anything is written, so the window needs one batch touching several aggregates or a writer
 * that read another's unfinished batch; Axon's aggregate lock rules the latter out within one JVM.
 * On the embedded store the whole insert is one command, committed as a unit (see
 * {@link org.certaudit.eventstore.embedded.DurableH2Backend}).
 * <p>
 * <b>Tracking.</b> Positions are handed out before the insert, so position 7 can become visible
 * after position 8. Tokens are {@link GapAwareTrackingToken}s: a missing position below the highest
 * one read is kept as a gap and looked up again with every batch; it is given up when the event after
 * it was appended more than {@code gapTimeout} ago (a failed or abandoned write) or when it falls more
 * than {@code maxGapOffset} positions behind. The gap timeout is measured from {@code appendedAt},
 * the moment the append took its position, not from the message's timestamp, which a slow unit of
 * work could make arbitrarily old and so drop a gap that is still being written.
 */
public class MongoEventStorageEngine extends BatchingEventStorageEngine {

    /** Collection names, fixed by the project's contract. */
    public static final String EVENTS = "events";
    public static final String SNAPSHOTS = "snapshots";
    public static final String COUNTER = "events_counter";

    private static final Logger log = LoggerFactory.getLogger(MongoEventStorageEngine.class);
    private static final String POSITION_COUNTER_ID = "position";
    /** Wide enough for any long, so that keys of one aggregate sort and never collide. */
    private static final int SEQUENCE_DIGITS = 19;
    /** How many positions after a run of missing ones one probe looks up. */
    private static final int PROBE_SIZE = 1_000;
    /** How long after its reservation a block's positions may be handed out (gap timeout: 60 s). */
    private static final Duration BLOCK_VALIDITY = Duration.ofSeconds(1);
    /** Appends closer together than this make the next block larger. */
    private static final Duration GROW_WITHIN = Duration.ofMillis(100);
    /** The first step of an aggregate load; the steps double up to the batch size. */
    private static final int FIRST_AGGREGATE_STEP = 8;
    /** How many positions below the counter a head token checks for writes still under way. */
    private static final int HEAD_WINDOW = 1_000;

    private final MongoCollection<Document> events;
    private final MongoCollection<Document> snapshots;
    private final MongoCollection<Document> counter;
    private final Duration gapTimeout;
    private final int maxGapOffset;
    private final Clock clock;
    private final AppendHook appendHook;
    private final int maxPositionBlock;
    private final PositionBlocks blocks = new PositionBlocks();
    private final EventChain chain;

    protected MongoEventStorageEngine(Builder builder) {
        super(builder);
        this.events = builder.database.getCollection(EVENTS);
        this.snapshots = builder.database.getCollection(SNAPSHOTS);
        this.counter = builder.database.getCollection(COUNTER);
        this.gapTimeout = builder.gapTimeout;
        this.maxGapOffset = builder.maxGapOffset;
        this.clock = builder.clock;
        this.appendHook = builder.appendHook;
        this.maxPositionBlock = builder.maxPositionBlock;
        this.chain = new EventChain(events);
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
    }

    // ---------------------------------------------------------------- appending

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> batch, Serializer serializer) {
        if (batch.isEmpty()) {
            return;
        }
        long first;
        try {
            first = blocks.take(batch.size());
        } catch (MongoException e) {
            throw new EventStoreException("Could not reserve positions for " + batch.size() + " events", e);
        }
        long last = first + batch.size() - 1;
        Instant appendedAt = clock.instant();
        List<Document> documents = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            documents.add(eventDocument(first + i, batch.get(i), serializer, appendedAt));
        }
        // The ledger's hook: prevHash and hash complete each document (see EventChain).
        chain.complete(documents);
        appendHook.beforeInsert(first, last);
        try {
            events.insertMany(documents, new InsertManyOptions().ordered(true));
        } catch (MongoBulkWriteException e) {
            undo(first, last);
            int failed = e.getWriteErrors().isEmpty() ? 0 : e.getWriteErrors().get(0).getIndex();
            handlePersistenceException(e, batch.get(failed));
        } catch (MongoException e) {
            undo(first, last);
            handlePersistenceException(e, batch.get(0));
        }
    }

    /** Reserves {@code count} positions with one {@code $inc} and returns the last; the counter only grows. */
    private long reservePositions(int count) {
        Document after = counter.findOneAndUpdate(
                Filters.eq("_id", POSITION_COUNTER_ID),
                Updates.inc("value", (long) count),
                new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER));
        return ((Number) after.get("value")).longValue();
    }

    /**
     * Hands out positions from blocks reserved on the counter. A block holds one position while
     * appends are rare, so that nothing is left unused; when appends follow each other within
     * {@link #GROW_WITHIN}, the next block is twice as large (up to the builder's maximum), which
     * saves the counter's round trip for most appends under load. A position is handed out only
     * within {@link #BLOCK_VALIDITY} of its block's reservation, far below the gap timeout, so a
     * reader never gives up a position that is still to be written; positions left over when a block
     * expires are never used and are gaps that readers give up after the gap timeout.
     */
    private final class PositionBlocks {
        private long next = 1;
        private long end;
        private Instant reservedAt = Instant.MIN;
        private int size = 1;

        synchronized long take(int count) {
            Instant now = clock.instant();
            boolean valid = now.isBefore(reservedAt.plus(BLOCK_VALIDITY));
            if (valid && end - next + 1 >= count) {
                long first = next;
                next += count;
                return first;
            }
            size = now.isBefore(reservedAt.plus(GROW_WITHIN)) ? Math.min(size * 2, maxPositionBlock) : 1;
            int reserve = Math.max(count, size);
            long last = reservePositions(reserve);
            reservedAt = clock.instant();
            next = last - reserve + 1 + count;
            end = last;
            return last - reserve + 1;
        }
    }

    /** The highest position handed out so far; 0 before the first append. */
    long highestReservedPosition() {
        Document current = counter.find(Filters.eq("_id", POSITION_COUNTER_ID)).first();
        return current == null ? 0 : ((Number) current.get("value")).longValue();
    }

    /**
     * Removes whatever of a failed batch got in. Only this batch holds these positions, so the
     * delete cannot touch anyone else's event.
     */
    private void undo(long first, long last) {
        try {
            events.deleteMany(Filters.in("_id", positions(first, last + 1)));
        } catch (MongoException e) {
            // The batch's prefix stays behind; say exactly which positions so that an operator can act.
            log.error("A failed append could not remove its partial batch at positions {}..{}: {}",
                      first, last, e.toString());
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
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                handlePersistenceException(e, snapshot);
            }
        }
    }

    @Override
    protected Stream<? extends DomainEventData<?>> readSnapshotData(String aggregateIdentifier) {
        Document snapshot = snapshots.find(Filters.eq("_id", aggregateIdentifier)).first();
        return snapshot == null ? Stream.empty() : Stream.of(domainEntry(snapshot, aggregateIdentifier));
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
        List<DomainEventData<?>> batch = new ArrayList<>();
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
                    return batch;
                }
                batch.add(domainEntry(document, aggregateIdentifier));
                next++;
            }
            if (found.size() < wanted) {
                return batch;
            }
            step *= 2;
        }
        return batch;
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
     */
    @Override
    protected List<? extends TrackedEventData<?>> fetchTrackedEvents(TrackingToken lastToken, int batchSize) {
        if (lastToken != null && !(lastToken instanceof GapAwareTrackingToken)) {
            throw new IllegalArgumentException(
                    "Token [" + lastToken + "] is of the wrong type, expected a GapAwareTrackingToken");
        }
        GapAwareTrackingToken token = (GapAwareTrackingToken) lastToken;
        if (token != null && !token.getGaps().isEmpty()) {
            token = cleanGaps(token);
        }
        long index = token == null ? 0 : token.getIndex();
        long head = highestReservedPosition();
        long to = Math.min(index + batchSize, head);
        List<Document> found = fetchPositions(token, index + 1, to);
        boolean advanced = !found.isEmpty() && position(found.get(found.size() - 1)) > index;
        if (!advanced && head > to) {
            // A run of more than one batch of missing positions (a large failed batch) must not
            // stop the reader: look further, up to what the counter handed out.
            long next = firstPresentPositionAfter(to, head);
            if (next > 0) {
                found = fetchPositions(token, next, Math.min(next + batchSize - 1, head));
            }
        }
        List<TrackedEventData<?>> result = new ArrayList<>(found.size());
        GapAwareTrackingToken previous = token;
        Instant gapFrame = clock.instant().minus(gapTimeout);
        for (Document document : found) {
            long position = position(document);
            boolean allowGaps = appendedAt(document).isAfter(gapFrame);
            GapAwareTrackingToken next;
            if (previous == null) {
                next = GapAwareTrackingToken.newInstance(
                        position,
                        allowGaps ? LongStream.range(Math.max(1, position - maxGapOffset), position).boxed()
                                              .collect(Collectors.toCollection(TreeSet::new))
                                  : new TreeSet<>());
            } else {
                next = previous.advanceTo(position, allowGaps ? maxGapOffset : 0);
            }
            result.add(new TrackedDomainEventData<>(next, domainEntry(document, null)));
            previous = next;
        }
        return result;
    }

    /** The token's gaps plus the positions {@code from..to}, in position order. */
    private List<Document> fetchPositions(GapAwareTrackingToken token, long from, long to) {
        List<Long> wanted = new ArrayList<>();
        if (token != null) {
            wanted.addAll(token.getGaps());
        }
        wanted.addAll(positions(from, to + 1));
        if (wanted.isEmpty()) {
            return new ArrayList<>();
        }
        List<Document> found = events.find(Filters.in("_id", wanted)).into(new ArrayList<>());
        found.sort(Comparator.comparingLong(document -> ((Number) document.get("_id")).longValue()));
        return found;
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
     * Gives up gaps whose following event was appended longer than the gap timeout ago, walking up
     * from the lowest gap and stopping at the first gap that was filled or the first recent event,
     * like Axon's JDBC engine; positions that are neither gaps nor next to one are not read. Axon's
     * engine cleans only past 250 gaps; this one cleans whenever there are gaps, one lookup of at
     * most twice the gap count, so that an abandoned position is given up after the timeout even
     * when it is the only gap.
     */
    private GapAwareTrackingToken cleanGaps(GapAwareTrackingToken token) {
        SortedSet<Long> gaps = token.getGaps();
        List<Long> wanted = new ArrayList<>(gaps);
        gaps.forEach(gap -> wanted.add(gap + 1));
        List<Document> found = events.find(Filters.in("_id", wanted))
                                     .projection(Projections.include("_id", "appendedAt"))
                                     .into(new ArrayList<>());
        found.sort(Comparator.comparingLong(document -> ((Number) document.get("_id")).longValue()));
        Instant gapFrame = clock.instant().minus(gapTimeout);
        GapAwareTrackingToken cleaned = token;
        for (Document document : found) {
            long position = ((Number) document.get("_id")).longValue();
            if (gaps.contains(position) || appendedAt(document).isAfter(gapFrame)) {
                break;
            }
            if (gaps.contains(position - 1)) {
                cleaned = cleaned.withGapsTruncatedAt(position);
            }
        }
        return cleaned;
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
        SortedSet<Long> stored = events.find(Filters.in("_id", positions(from, head + 1)))
                                       .projection(Projections.include("_id"))
                                       .map(document -> ((Number) document.get("_id")).longValue())
                                       .into(new TreeSet<>());
        if (stored.isEmpty()) {
            return GapAwareTrackingToken.newInstance(from - 1, List.of());
        }
        long index = stored.last();
        List<Long> gaps = LongStream.range(from, index).filter(position -> !stored.contains(position)).boxed().toList();
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
    }

    /**
     * Builds the engine. The database is required; the serializers default to XStream in Axon, so
     * give the Jackson one. Gap handling defaults follow Axon's JDBC engine: 60 s timeout and
     * 10,000 positions of gap offset.
     */
    public static class Builder extends BatchingEventStorageEngine.Builder {

        private MongoDatabase database;
        private Duration gapTimeout = Duration.ofSeconds(60);
        private int maxGapOffset = 10_000;
        private Clock clock = Clock.systemUTC();
        private boolean createIndexes = true;
        private int maxPositionBlock = 64;
        private AppendHook appendHook = AppendHook.NONE;

        protected Builder() {
            persistenceExceptionResolver(new DuplicateKeyResolver());
        }

        public Builder database(MongoDatabase database) {
            assertNonNull(database, "The MongoDatabase may not be null");
            this.database = database;
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
         * The most positions one counter reservation takes for later appends (default 64); 1 makes
         * every append reserve exactly its own positions.
         */
        public Builder maxPositionBlock(int maxPositionBlock) {
            assertThat(maxPositionBlock, size -> size > 0, "The maxPositionBlock must be positive");
            this.maxPositionBlock = maxPositionBlock;
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
