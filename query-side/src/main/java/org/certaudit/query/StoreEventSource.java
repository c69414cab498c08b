package org.certaudit.query;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.messaging.StreamableMessageSource;
import org.certaudit.eventstore.MongoEventStorageEngine;
import org.certaudit.eventstore.TrackedBatch;
import org.certaudit.eventstore.TrackedEventBatches;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the query side's tracking processors read their events: each processor's stream reads the store itself, one
 * batch at a time, and once it has read everything waits on one head watch shared by all streams, which reads the
 * store's position counter every {@code fetchDelay}. A batch is one query of the events, up to the head as the watch
 * last read it, when the engine reads batches ({@link TrackedEventBatches}); else at most {@code batchSize} events of
 * {@link EventStorageEngine#readEvents(TrackingToken, boolean)}, which reads the counter before each of its reads and
 * reads again when its first read was the shorter (until session 18 always so: four round trips for each batch of
 * a processor that is up to date, instead of one).
 *
 * <p>Why not Axon's {@link EmbeddedEventStore} (which stays the {@link EventStore} bean for aggregate reads and
 * tokens): its one producer thread reads ahead of the processors that tail it with no bound but time, and every
 * event it read stays on the heap while a processor still stands behind it (until the processor notices, or its
 * cleaner runs, every 10 s). Measured in the system benchmark (session 6): after a bulk load of 900,000 events the
 * query side held 176,000 cached events, its 512 MB heap was full, and the processors crawled at about 40 events/s
 * between back-to-back full collections. Here a stream holds at most one batch, and the source keeps at most
 * {@value #SHARED_BATCHES} more, for other streams and read ahead (below), holding at most {@value #SHARED_CHARS}
 * characters of stored payload and metadata in all (the newest kept whatever its size). The engine bounds each batch
 * by characters too ({@code certaudit.event-store.tracked-batch-chars}): events of about 1 MB each, read 100 to a
 * batch and kept 12 batches deep, ran the 256 MB query side out of memory when its processors were rebuilt.
 *
 * <p>Waiting: a stream that has read up to the highest reserved position waits for the counter to move; one that is
 * below it (an append under way, or one that failed and left its positions empty) or whose token has gaps looks
 * again every {@code fetchDelay}, as Axon's producer always did. An idle query side costs one counter read per
 * {@code fetchDelay}, whatever the number of processors.
 *
 * <p>Order and gaps are the engine's: a stream reads at most {@code batchSize} events from the last token read (fewer
 * when the engine's size bound ends the batch first), and reads again from the token it ended at.
 *
 * <p>Shared batches, bounded lead. When several processors replay the same events (a rebuild of all of them), each
 * would read and deserialize every event itself. A batch that is settled, that is, read from a token without gaps,
 * ending at a token without gaps and below the head, holds exactly the events stored between those two positions,
 * and those never change: any stream reading from the same token would read the same. Such a batch is kept in a
 * small shared cache ({@value #SHARED_BATCHES} batches) and handed to every stream that reads from its first token,
 * messages and lazily deserialized payloads included. A stream that comes to a batch another stream is reading, one
 * that should end below the head, waits for that read instead of making the same one (streams held by the lead
 * below are let go together, and would otherwise read the same batch at once); if it turns out not settled, each
 * reads for itself. A stream whose batch may reach the head, as the head watch last read it, does not wait for
 * another's read (after a burst of more than a batch, live streams can wait for one read). A waiting stream waits as
 * long as that read takes, as it would for its own. So that the readers stay within the cache, a stream that is
 * catching up (its last batch ended below the head) and is more than {@code maxLead} positions ahead of another
 * catching-up stream that read in the last {@value #ACTIVE_MILLIS} ms waits for it before taking its next batch,
 * at most until the timeout it was asked with, and answers that nothing is available when the wait ends (also when
 * asked without a timeout: Axon's tracking processor peeks that way between the batches of a replay, so a stream
 * that read on then would never be held). Axon may then mark the segment caught up; nothing here reads that flag
 * (processors' progress is reported by position). The slowest stream is never held, nor is one at the head, nor one
 * whose peers stopped reading: a live processor never waits for a rebuilding one.
 *
 * <p>Reading ahead. A stream that took a batch ending below the head, whose next batch should too, has that next batch
 * read on one of {@value #READ_AHEAD_THREADS} read-ahead threads while its processor handles the one it took, so that
 * the store's work of reading (and this side's of decoding) overlaps the processor's. The read ahead is claimed as a
 * stream's own read is (a stream that comes to it while it is read waits for it; one that comes before it started
 * reads it itself) and kept as a settled batch; one that turns out not settled, or fails, is released, and the stream
 * reads that batch itself as it would have. That happens before the lead bound is looked at: a held stream may find
 * its next batch read already. A stream near the head never has a batch read ahead.
 */
public final class StoreEventSource implements StreamableMessageSource<TrackedEventMessage<?>>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StoreEventSource.class);

    /** Settled batches kept for other streams; with the default lead of 4 batches, readers 4 batches apart share. */
    static final int SHARED_BATCHES = 12;
    /**
     * Characters of stored payload and metadata the settled batches kept hold at most (the newest is kept whatever its
     * size): four of the engine's largest batches. Twelve batches of events of about 1 MB each held hundreds of MB,
     * and the query side has 256 MB.
     */
    static final long SHARED_CHARS = 4 * MongoEventStorageEngine.DEFAULT_TRACKED_BATCH_CHARS;
    /** A catching-up stream that read nothing for this long holds no other stream back. */
    static final long ACTIVE_MILLIS = 1_000;
    /** Events a stream reads at once: the engine's own batch, so that one read is one store query. */
    static final int DEFAULT_BATCH_SIZE = 100;
    /** Threads reading ahead for catching-up streams; most of a rebuild of all five shares one read per batch. */
    static final int READ_AHEAD_THREADS = 2;

    private final EventStorageEngine engine;
    private final HeadWatch head;
    private final long fetchDelayNanos;
    private final int batchSize;
    private final long maxLead;
    private final SharedBatches shared;
    private final Set<TailingStream> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong storeBatches = new AtomicLong();
    private final AtomicLong aheadBatches = new AtomicLong();
    private final AtomicLong sharedBatches = new AtomicLong();
    /** Reads the next settled batch of a catching-up stream while its processor handles the one it took. */
    private final ExecutorService readAheads = Executors.newFixedThreadPool(READ_AHEAD_THREADS, runnable -> {
        Thread thread = new Thread(runnable, "store-read-ahead");
        thread.setDaemon(true);
        return thread;
    });
    /** Notified whenever a stream starts reading a new batch or closes: a held stream looks again. */
    private final Object progress = new Object();

    /**
     * Reads {@value #DEFAULT_BATCH_SIZE} events at a time and lets a catching-up stream lead another by at most
     * four batches.
     *
     * @param engine     the engine the events are read through (the query side's position-stamping one)
     * @param head       the store's highest reserved position (one cheap read)
     * @param fetchDelay how often the head is read, and how often a stream with something pending looks again
     */
    public StoreEventSource(EventStorageEngine engine, LongSupplier head, Duration fetchDelay) {
        this(engine, head, fetchDelay, DEFAULT_BATCH_SIZE, 4L * DEFAULT_BATCH_SIZE);
    }

    /**
     * @param batchSize events a stream reads at once, at least 1
     * @param maxLead   positions a catching-up stream may be ahead of the slowest active catching-up stream before
     *                  it waits for it, at least 0
     */
    StoreEventSource(EventStorageEngine engine, LongSupplier head, Duration fetchDelay, int batchSize, long maxLead) {
        this(engine, head, fetchDelay, batchSize, maxLead, SHARED_CHARS);
    }

    /**
     * @param sharedChars characters of stored payload and metadata the kept settled batches may hold (the newest is kept
     *                    whatever its size), at least 1; batches of an engine that does not say their size weigh 0
     */
    StoreEventSource(EventStorageEngine engine, LongSupplier head, Duration fetchDelay, int batchSize, long maxLead,
                     long sharedChars) {
        if (batchSize < 1 || maxLead < 0 || sharedChars < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, maxLead at least 0 and sharedChars at "
                    + "least 1, were " + batchSize + ", " + maxLead + " and " + sharedChars);
        }
        this.shared = new SharedBatches(sharedChars);
        this.engine = engine;
        this.fetchDelayNanos = Math.max(1, fetchDelay.toNanos());
        this.head = new HeadWatch(head, fetchDelayNanos);
        this.batchSize = batchSize;
        this.maxLead = maxLead;
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        TailingStream stream = new TailingStream(trackingToken);
        open.add(stream);
        return stream;
    }

    @Override
    public TrackingToken createTailToken() {
        return engine.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return engine.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return engine.createTokenAt(dateTime);
    }

    /**
     * Batches the streams read from the store themselves (each one store query, an empty answer included), since the
     * start.
     */
    public long batchesReadFromStore() {
        return storeBatches.get();
    }

    /**
     * Batches read from the store ahead of a catching-up stream, on the read-ahead threads, since the start; a read
     * that failed counts too (its batch is then read again, and counted, by the stream).
     */
    public long batchesReadAhead() {
        return aheadBatches.get();
    }

    /**
     * Batches the streams took that they did not read themselves (another stream's read or a read ahead) instead of
     * reading the store, since the start.
     */
    public long batchesShared() {
        return sharedBatches.get();
    }

    /**
     * The events of {@code stream} with sequence numbers {@code first} to {@code end - 1}, in sequence order, when the
     * settled batches kept for sharing hold every one of them; empty otherwise (the caller then reads the store).
     * A settled batch holds the store's events as any read of them returns them, so these are the events a read of the
     * stream would give. {@link StreamOrderGuard} asks this for the events a processor skipped, which a catching-up
     * processor took in a batch shortly before: answered here, its check costs no store query.
     *
     * @param stream the aggregate identifier (a project number)
     * @param first  the first sequence number wanted
     * @param end    the sequence number after the last one wanted; nothing is wanted when at most {@code first}
     * @return the events, or empty when a kept batch does not hold one of them
     */
    public Optional<List<DomainEventMessage<?>>> recentEvents(String stream, long first, long end) {
        if (end <= first) {
            return Optional.of(List.of());
        }
        if (end - first > (long) SHARED_BATCHES * batchSize) {
            return Optional.empty();
        }
        DomainEventMessage<?>[] found = new DomainEventMessage<?>[(int) (end - first)];
        int missing = found.length;
        for (List<? extends TrackedEventMessage<?>> batch : shared.settled()) {
            for (TrackedEventMessage<?> event : batch) {
                if (event instanceof DomainEventMessage<?> domain && stream.equals(domain.getAggregateIdentifier())
                        && domain.getSequenceNumber() >= first && domain.getSequenceNumber() < end
                        && found[(int) (domain.getSequenceNumber() - first)] == null) {
                    found[(int) (domain.getSequenceNumber() - first)] = domain;
                    missing--;
                }
            }
        }
        return missing > 0 ? Optional.empty() : Optional.of(List.of(found));
    }

    /** For tests: the characters the settled batches kept hold. */
    long sharedChars() {
        return shared.settledChars();
    }

    /** For tests: the head as the watch last read it; -1 before its first read. */
    long headSeen() {
        return head.current();
    }

    /**
     * Stops the head watch and the reads ahead; open streams stop waiting for the head and return what they read
     * themselves, and a stream waiting for a read ahead that will not run reads the batch itself.
     */
    @Override
    public void close() {
        head.close();
        readAheads.shutdownNow().forEach(notRun -> ((ReadAhead) notRun).abandon());
    }

    /**
     * At most {@code batchSize} events after {@code token}, as one query of the events when the engine reads batches:
     * up to {@code seen}, the head as the watch read it before (the watch's first read gives the first value; before
     * it, the engine reads the counter itself).
     */
    private List<? extends TrackedEventMessage<?>> readFromStore(TrackingToken token, long seen) {
        if (engine instanceof TrackedEventBatches batches && seen >= 0) {
            return batches.readBatch(token, batchSize, seen);
        }
        try (Stream<? extends TrackedEventMessage<?>> read = engine.readEvents(token, false)) {
            return read.limit(batchSize).toList();
        }
    }

    /**
     * Has the batch from {@code from} (the position of {@code token}, the last token of a batch a stream took) read on
     * a read-ahead thread, unless it is read or being read already. It is claimed in the shared batches as a stream's
     * own read is, so that a stream that comes to it while it is read waits for it rather than reading it again. A
     * stream that comes to it before it started takes the claim over and reads the batch itself, so nobody waits in
     * the read-ahead queue. A read ahead that does not end below {@code seen} (not settled), or fails, releases its
     * claim, and each stream that waited for it reads for itself; so do the read aheads still queued when the source
     * closes.
     */
    private void readAhead(long from, TrackingToken token, long seen) {
        ReadAheadClaim claim = new ReadAheadClaim();
        if (shared.claim(from, claim) != null) {
            return;
        }
        ReadAhead read = new ReadAhead(from, token, seen, claim);
        try {
            readAheads.execute(read);
        } catch (RejectedExecutionException closed) {
            read.abandon();
        } catch (Error e) {
            read.abandon();
            throw e;
        }
    }

    /** The claim of a read ahead: whoever starts it first, the read-ahead thread or a stream, reads the batch. */
    private static final class ReadAheadClaim extends CompletableFuture<List<? extends TrackedEventMessage<?>>> {

        private final AtomicBoolean started = new AtomicBoolean();

        /** Whether the caller is the one to read the batch; false if another started it. */
        boolean start() {
            return started.compareAndSet(false, true);
        }
    }

    /** One read ahead, claimed in the shared batches. */
    private final class ReadAhead implements Runnable {

        private final long from;
        private final TrackingToken token;
        private final long seen;
        private final ReadAheadClaim claim;

        private ReadAhead(long from, TrackingToken token, long seen, ReadAheadClaim claim) {
            this.from = from;
            this.token = token;
            this.seen = seen;
            this.claim = claim;
        }

        @Override
        public void run() {
            if (!claim.start()) {
                return; // a stream came to the batch first and reads it itself
            }
            try {
                aheadBatches.incrementAndGet();
                List<? extends TrackedEventMessage<?>> read = readFromStore(token, seen);
                Long to = read.isEmpty() ? null : settledPosition(read.get(read.size() - 1).trackingToken());
                if (to != null && to < seen) {
                    shared.settle(claim, read);
                }
            } catch (RuntimeException e) {
                log.debug("Reading ahead from position {} failed; the stream reads that batch itself: {}", from,
                          e.toString());
            } finally {
                if (!claim.isDone()) {
                    release();
                }
            }
        }

        /** Ends the claim without a batch: whoever waits for it reads for itself. */
        private void release() {
            shared.release(from, claim);
        }

        /** Gives up a read ahead that did not run: its claim is released unless a stream took it over. */
        void abandon() {
            if (claim.start()) {
                release();
            }
        }
    }

    /** One processor's stream; used by that processor's one thread, as Axon's tracking processors do. */
    private final class TailingStream implements TrackingEventStream {

        private TrackingToken lastToken;
        private Iterator<? extends TrackedEventMessage<?>> iterator;
        private TrackedEventMessage<?> peeked;
        /** Position of {@link #lastToken}, -1 before the first event; read by other streams. */
        private volatile long position;
        /** Whether the last batch ended below the head; read by other streams. */
        private volatile boolean catchingUp;
        /** {@link System#nanoTime()} of the last batch this stream started; read by other streams. */
        private volatile long activeAt = System.nanoTime();

        private TailingStream(TrackingToken start) {
            this.lastToken = start;
            this.position = positionOf(start);
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return Optional.ofNullable(peeked != null || hasNextAvailable() ? peeked : null);
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            if (peeked == null) {
                peeked = next(unit.toNanos(timeout));
            }
            return peeked != null;
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            while (peeked == null) {
                peeked = next(TimeUnit.SECONDS.toNanos(1));
            }
            TrackedEventMessage<?> next = peeked;
            peeked = null;
            return next;
        }

        /** The next event, waiting at most {@code timeoutNanos} for one; null when none came. */
        private TrackedEventMessage<?> next(long timeoutNanos) throws InterruptedException {
            long deadline = System.nanoTime() + timeoutNanos;
            while (true) {
                // Taken before reading: a move of the head after this instant ends the wait below.
                long seen = head.current();
                if (iterator == null) {
                    if (heldBack()) {
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            return null;
                        }
                        awaitProgress(left);
                        continue;
                    }
                    iterator = readBatch(seen).iterator();
                }
                if (iterator.hasNext()) {
                    TrackedEventMessage<?> event = iterator.next();
                    lastToken = event.trackingToken();
                    position = positionOf(lastToken);
                    return event;
                }
                iterator = null;
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                boolean pending = pending(seen);
                head.awaitBeyond(seen, pending ? Math.min(left, fetchDelayNanos) : left);
                if (!pending && head.current() <= seen) {
                    return null; // waited until the deadline and the head did not move: nothing to read
                }
            }
        }

        /**
         * The next batch from {@link #lastToken}: a settled one another stream read, or read from the store (and kept
         * for the others when settled). Empty when there is nothing after the token.
         */
        private List<? extends TrackedEventMessage<?>> readBatch(long seen) throws InterruptedException {
            activeAt = System.nanoTime();
            synchronized (progress) {
                progress.notifyAll();
            }
            Long from = settledPosition(lastToken);
            List<? extends TrackedEventMessage<?>> batch = null;
            CompletableFuture<List<? extends TrackedEventMessage<?>>> mine = null;
            if (from != null) {
                // A batch that should end below the head (as last read) is read once: a stream that finds another
                // reading it waits for that read. One that may reach the head would not be shared; nobody waits.
                CompletableFuture<List<? extends TrackedEventMessage<?>>> theirs;
                if (from + batchSize < seen) {
                    mine = new CompletableFuture<>();
                    theirs = shared.claim(from, mine);
                } else {
                    theirs = shared.read(from);
                }
                if (theirs instanceof ReadAheadClaim ahead && ahead.start()) {
                    mine = ahead; // a read ahead not started yet: read it here, for whoever waits for it too
                } else if (theirs != null) {
                    mine = null;
                    batch = await(theirs);
                }
            }
            if (batch != null) {
                sharedBatches.incrementAndGet();
            } else {
                storeBatches.incrementAndGet();
                try {
                    batch = readFromStore(lastToken, seen);
                    if (from != null && !batch.isEmpty()) {
                        Long to = settledPosition(batch.get(batch.size() - 1).trackingToken());
                        if (to != null && to < seen) {
                            if (mine != null) {
                                shared.settle(mine, batch);
                                mine = null;
                            } else {
                                shared.put(from, batch);
                            }
                        }
                    }
                } finally {
                    if (mine != null) {
                        shared.release(from, mine); // not settled, or the read failed: each waiter reads itself
                    }
                }
            }
            catchingUp = !batch.isEmpty() && positionOf(batch.get(batch.size() - 1).trackingToken()) < seen;
            if (catchingUp) {
                // While the processor handles this batch, the next one is read, if it too should end below the head.
                TrackingToken end = batch.get(batch.size() - 1).trackingToken();
                Long next = settledPosition(end);
                if (next != null && next + batchSize < seen) {
                    readAhead(next, end, seen);
                }
            }
            return batch;
        }

        /** Whether another catching-up stream that read lately is more than {@code maxLead} positions behind this. */
        private boolean heldBack() {
            if (!catchingUp) {
                return false;
            }
            long now = System.nanoTime();
            for (TailingStream other : open) {
                if (other != this && other.catchingUp && position - other.position > maxLead
                        && now - other.activeAt < TimeUnit.MILLISECONDS.toNanos(ACTIVE_MILLIS)) {
                    return true;
                }
            }
            return false;
        }

        private void awaitProgress(long nanos) throws InterruptedException {
            // Bounded by the activity window too: a stream that stops reading stops holding this one.
            long wait = Math.min(nanos, TimeUnit.MILLISECONDS.toNanos(ACTIVE_MILLIS));
            synchronized (progress) {
                TimeUnit.NANOSECONDS.timedWait(progress, wait);
            }
        }

        /** Whether something may land without the head moving: reserved positions above the token, or gaps in it. */
        private boolean pending(long seen) {
            if (lastToken == null) {
                return seen > 0;
            }
            boolean gaps = WrappedToken.unwrap(lastToken, GapAwareTrackingToken.class)
                                       .map(token -> !token.getGaps().isEmpty()).orElse(false);
            return gaps || lastToken.position().orElse(-1) < seen;
        }

        @Override
        public void close() {
            iterator = null;
            open.remove(this);
            synchronized (progress) {
                progress.notifyAll();
            }
        }
    }

    /** The position a token stands at; -1 for none (before the first event). */
    private static long positionOf(TrackingToken token) {
        return token == null ? -1 : token.position().orElse(-1);
    }

    /**
     * The position of a token with no gaps, from which every reader reads the same events; null when the token has
     * gaps (events may still land at them) or stands for no position. -1 for the start of the store.
     */
    static Long settledPosition(TrackingToken token) {
        TrackingToken bound = WrappedToken.unwrapLowerBound(token);
        if (bound == null) {
            return -1L;
        }
        boolean gaps = WrappedToken.unwrap(bound, GapAwareTrackingToken.class)
                                   .map(gapAware -> !gapAware.getGaps().isEmpty()).orElse(false);
        if (gaps || bound.position().isEmpty()) {
            return null;
        }
        return bound.position().getAsLong();
    }

    /**
     * The last {@value #SHARED_BATCHES} settled batches read, fewer when they would hold more than {@code maxChars}
     * characters ({@link TrackedBatch#storedChars}), and those being read, by the position they are read from. A batch's future completes with the batch when it is settled, with null when it is not or its read
     * failed (that entry is then gone, and each stream that waited for it reads for itself).
     */
    private static final class SharedBatches {

        private final long maxChars;

        SharedBatches(long maxChars) {
            this.maxChars = maxChars;
        }

        private final Map<Long, CompletableFuture<List<? extends TrackedEventMessage<?>>>> batches =
                new LinkedHashMap<>(16, 0.75f, false) {
                    @Override
                    protected boolean removeEldestEntry(
                            Map.Entry<Long, CompletableFuture<List<? extends TrackedEventMessage<?>>>> eldest) {
                        return size() > SHARED_BATCHES;
                    }
                };

        /** The batch from {@code from}, read or being read; else null, and {@code reading} is the one being read. */
        synchronized CompletableFuture<List<? extends TrackedEventMessage<?>>> claim(
                long from, CompletableFuture<List<? extends TrackedEventMessage<?>>> reading) {
            CompletableFuture<List<? extends TrackedEventMessage<?>>> known = batches.get(from);
            if (known == null) {
                batches.put(from, reading);
            }
            return known;
        }

        /** The batch from {@code from} if it was read and settled; null otherwise (also while it is being read). */
        synchronized CompletableFuture<List<? extends TrackedEventMessage<?>>> read(long from) {
            CompletableFuture<List<? extends TrackedEventMessage<?>>> known = batches.get(from);
            return known != null && known.isDone() ? known : null;
        }

        /** The settled batches kept, read already; oldest first. */
        synchronized List<List<? extends TrackedEventMessage<?>>> settled() {
            List<List<? extends TrackedEventMessage<?>>> settled = new ArrayList<>(batches.size());
            for (CompletableFuture<List<? extends TrackedEventMessage<?>>> batch : batches.values()) {
                List<? extends TrackedEventMessage<?>> read = batch.isDone() && !batch.isCompletedExceptionally()
                        ? batch.getNow(null) : null;
                if (read != null) {
                    settled.add(read);
                }
            }
            return settled;
        }

        synchronized void put(long from, List<? extends TrackedEventMessage<?>> batch) {
            batches.putIfAbsent(from, CompletableFuture.completedFuture(batch));
            trim();
        }

        /**
         * Drops the oldest settled batches while those kept hold more than {@code maxChars} characters, keeping
         * the newest settled one. Dropping is always safe: a stream that comes to a dropped batch reads it itself.
         * Batches being read weigh nothing yet; each is trimmed for once it is settled.
         */
        /** Completes a claim with its settled batch, then trims: the kept batches never hold more, even for a moment. */
        synchronized void settle(CompletableFuture<List<? extends TrackedEventMessage<?>>> claim,
                                 List<? extends TrackedEventMessage<?>> batch) {
            claim.complete(batch);
            trim();
        }

        private void trim() {
            long chars = 0;
            List<Long> settled = new ArrayList<>();
            for (Map.Entry<Long, CompletableFuture<List<? extends TrackedEventMessage<?>>>> entry : batches.entrySet()) {
                CompletableFuture<List<? extends TrackedEventMessage<?>>> batch = entry.getValue();
                List<? extends TrackedEventMessage<?>> read = batch.isDone() && !batch.isCompletedExceptionally()
                        ? batch.getNow(null) : null;
                if (read != null) {
                    chars += TrackedBatch.storedChars(read);
                    settled.add(entry.getKey());
                }
            }
            for (int i = 0; chars > maxChars && i < settled.size() - 1; i++) {
                chars -= TrackedBatch.storedChars(batches.remove(settled.get(i)).getNow(List.of()));
            }
        }

        /** Characters of the settled batches kept, for tests. */
        synchronized long settledChars() {
            return settled().stream().mapToLong(TrackedBatch::storedChars).sum();
        }

        /** Ends a claim without a settled batch: its waiters get null. */
        void release(long from, CompletableFuture<List<? extends TrackedEventMessage<?>>> reading) {
            synchronized (this) {
                batches.remove(from, reading);
            }
            reading.complete(null);
        }
    }

    /** The batch a future completes with (null: read it yourself). */
    private static List<? extends TrackedEventMessage<?>> await(
            CompletableFuture<List<? extends TrackedEventMessage<?>>> batch) throws InterruptedException {
        try {
            return batch.get();
        } catch (ExecutionException e) {
            return null; // never completed so; read it yourself
        }
    }

    /** The store's head as last read, moved by one daemon thread every fetch delay. */
    static final class HeadWatch implements AutoCloseable {

        private final LongSupplier head;
        private final ScheduledExecutorService poller;
        private long current = -1;
        private boolean failing;

        HeadWatch(LongSupplier head, long delayNanos) {
            this.head = head;
            this.poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "store-head-watch");
                thread.setDaemon(true);
                return thread;
            });
            poller.scheduleWithFixedDelay(this::poll, 0, delayNanos, TimeUnit.NANOSECONDS);
        }

        /** The head as last read; -1 before the first read. */
        synchronized long current() {
            return current;
        }

        /** Waits until the head is read above {@code seen}, at most {@code nanos}. */
        synchronized void awaitBeyond(long seen, long nanos) throws InterruptedException {
            long deadline = System.nanoTime() + nanos;
            long left;
            while (current <= seen && (left = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        private void poll() {
            long read;
            try {
                read = head.getAsLong();
            } catch (RuntimeException e) {
                // The processors' own reads fail too and put them in retry; say it once, not every fetch delay.
                if (!failing) {
                    log.warn("Could not read the event store's head; the processors look again when they retry: {}",
                             e.toString());
                }
                failing = true;
                return;
            }
            failing = false;
            synchronized (this) {
                if (read != current) {
                    current = read;
                    notifyAll();
                }
            }
        }

        @Override
        public void close() {
            poller.shutdownNow();
        }
    }
}
