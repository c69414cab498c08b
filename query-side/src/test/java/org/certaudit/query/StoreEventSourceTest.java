package org.certaudit.query;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The processors' event source: streams read for themselves, one head watch wakes them, something pending is polled. */
class StoreEventSourceTest {

    private static final Duration FETCH_DELAY = Duration.ofMillis(20);

    private final CountingEngine engine = new CountingEngine();
    private final AtomicLong head = new AtomicLong();
    private final AtomicInteger headReads = new AtomicInteger();
    private final StoreEventSource source = new StoreEventSource(engine, () -> {
        headReads.incrementAndGet();
        return head.get();
    }, FETCH_DELAY);
    private final List<BlockingStream<TrackedEventMessage<?>>> streams = new ArrayList<>();

    @AfterEach
    void close() {
        streams.forEach(BlockingStream::close);
        source.close();
    }

    @Test
    void aStreamReadsEveryStoredEventInOrderThenFindsNothingWithoutWaiting() throws Exception {
        append(250);
        BlockingStream<TrackedEventMessage<?>> stream = open(null);

        List<Object> payloads = new ArrayList<>();
        while (stream.hasNextAvailable(1, TimeUnit.SECONDS)) {
            payloads.add(stream.nextAvailable().getPayload());
            if (payloads.size() == 250) {
                break;
            }
        }

        assertThat(payloads).hasSize(250).startsWith("event 0", "event 1").endsWith("event 249");
        assertThat(stream.hasNextAvailable()).as("nothing more, asked without a timeout").isFalse();
    }

    @Test
    void aWaitingStreamIsWokenWhenTheHeadMoves() throws Exception {
        BlockingStream<TrackedEventMessage<?>> stream = open(null);
        assertThat(stream.hasNextAvailable(100, TimeUnit.MILLISECONDS)).isFalse();

        CompletableFuture.runAsync(() -> {
            sleep(200);
            append(1);
        });

        assertThat(stream.hasNextAvailable(5, TimeUnit.SECONDS)).isTrue();
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("event 0");
    }

    @Test
    void anEventThatLandsAfterItsPositionWasReservedIsFoundWithoutAnotherMoveOfTheHead() throws Exception {
        BlockingStream<TrackedEventMessage<?>> stream = open(null);
        assertThat(stream.hasNextAvailable(100, TimeUnit.MILLISECONDS)).isFalse();

        head.set(1); // a writer reserved position 1 and is still writing it
        CompletableFuture.runAsync(() -> {
            sleep(300);
            engine.appendEvents(GenericEventMessage.asEventMessage("event 0")); // lands; the counter stays at 1
        });

        assertThat(stream.hasNextAvailable(5, TimeUnit.SECONDS)).isTrue();
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("event 0");
    }

    @Test
    void idleStreamsWaitOnTheHeadWatchInsteadOfEachReadingTheStore() throws Exception {
        append(3);
        while (headReads.get() < 2) { // the watch has read the head 3 at least once: nothing new to wake for
            sleep(5);
        }
        List<CompletableFuture<Boolean>> waiting = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            BlockingStream<TrackedEventMessage<?>> stream = open(null);
            for (int read = 0; read < 3; read++) {
                stream.nextAvailable();
            }
            waiting.add(CompletableFuture.supplyAsync(() -> hasNext(stream, 1_000)));
        }
        int readsBefore = engine.reads.get();

        CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);

        assertThat(waiting).allSatisfy(found -> assertThat(found.get()).isFalse());
        // Six streams idle for a second at a 20 ms fetch delay: polling for themselves would be about 300 reads.
        assertThat(engine.reads.get() - readsBefore).as("store reads by idle streams").isZero();
        assertThat(headReads.get()).as("head reads, shared by all streams").isPositive();
    }

    private BlockingStream<TrackedEventMessage<?>> open(TrackingToken token) {
        BlockingStream<TrackedEventMessage<?>> stream = source.openStream(token);
        streams.add(stream);
        return stream;
    }

    private void append(int count) {
        int first = engine.stored.getAndAdd(count);
        for (int i = 0; i < count; i++) {
            engine.appendEvents(GenericEventMessage.asEventMessage("event " + (first + i)));
        }
        head.addAndGet(count);
    }

    private static boolean hasNext(BlockingStream<TrackedEventMessage<?>> stream, int millis) {
        try {
            return stream.hasNextAvailable(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Axon's in-memory engine with positions from 1, as the store hands them out, counting the tracked reads. */
    private static final class CountingEngine extends InMemoryEventStorageEngine {
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger stored = new AtomicInteger();

        CountingEngine() {
            super(1);
        }

        @Override
        public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
            reads.incrementAndGet();
            return super.readEvents(trackingToken, mayBlock);
        }
    }
}
