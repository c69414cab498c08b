package org.certaudit.query;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.WrappedToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventhandling.TrackingEventStream;
import org.axonframework.messaging.StreamableMessageSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the query side's tracking processors read their events: each processor's stream reads the store itself, one
 * batch at a time ({@link EventStorageEngine#readEvents(TrackingToken, boolean)}), and once it has read everything
 * waits on one head watch shared by all streams, which reads the store's position counter every {@code fetchDelay}.
 *
 * <p>Why not Axon's {@link EmbeddedEventStore} (which stays the {@link EventStore} bean for aggregate reads and
 * tokens): its one producer thread reads ahead of the processors that tail it with no bound but time, and every
 * event it read stays on the heap while a processor still stands behind it (until the processor notices, or its
 * cleaner runs, every 10 s). Measured in the system benchmark (session 6): after a bulk load of 900,000 events the
 * query side held 176,000 cached events, its 512 MB heap was full, and the processors crawled at about 40 events/s
 * between back-to-back full collections. Here a stream holds at most one batch, and reads only for itself.
 *
 * <p>Waiting: a stream that has read up to the highest reserved position waits for the counter to move; one that is
 * below it (an append under way, or one that failed and left its positions empty) or whose token has gaps looks
 * again every {@code fetchDelay}, as Axon's producer always did. An idle query side costs one counter read per
 * {@code fetchDelay}, whatever the number of processors.
 *
 * <p>Order and gaps are the engine's: a stream is what {@code readEvents} returns from the last token read, read again
 * from that token once exhausted.
 */
public final class StoreEventSource implements StreamableMessageSource<TrackedEventMessage<?>>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StoreEventSource.class);

    private final EventStorageEngine engine;
    private final HeadWatch head;
    private final long fetchDelayNanos;

    /**
     * @param engine     the engine the events are read through (the query side's position-stamping one)
     * @param head       the store's highest reserved position (one cheap read)
     * @param fetchDelay how often the head is read, and how often a stream with something pending looks again
     */
    public StoreEventSource(EventStorageEngine engine, LongSupplier head, Duration fetchDelay) {
        this.engine = engine;
        this.fetchDelayNanos = Math.max(1, fetchDelay.toNanos());
        this.head = new HeadWatch(head, fetchDelayNanos);
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken trackingToken) {
        return new TailingStream(trackingToken);
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

    /** Stops the head watch; open streams stop waiting for it and return what they read themselves. */
    @Override
    public void close() {
        head.close();
    }

    /** One processor's stream; used by that processor's one thread, as Axon's tracking processors do. */
    private final class TailingStream implements TrackingEventStream {

        private TrackingToken lastToken;
        private Stream<? extends TrackedEventMessage<?>> stream;
        private Iterator<? extends TrackedEventMessage<?>> iterator;
        private TrackedEventMessage<?> peeked;

        private TailingStream(TrackingToken start) {
            this.lastToken = start;
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
                    stream = engine.readEvents(lastToken, false);
                    iterator = stream.iterator();
                }
                if (iterator.hasNext()) {
                    TrackedEventMessage<?> event = iterator.next();
                    lastToken = event.trackingToken();
                    return event;
                }
                closeStream();
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

        /** Whether something may land without the head moving: reserved positions above the token, or gaps in it. */
        private boolean pending(long seen) {
            if (lastToken == null) {
                return seen > 0;
            }
            boolean gaps = WrappedToken.unwrap(lastToken, GapAwareTrackingToken.class)
                                       .map(token -> !token.getGaps().isEmpty()).orElse(false);
            return gaps || lastToken.position().orElse(-1) < seen;
        }

        private void closeStream() {
            if (stream != null) {
                stream.close();
            }
            stream = null;
            iterator = null;
        }

        @Override
        public void close() {
            closeStream();
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
