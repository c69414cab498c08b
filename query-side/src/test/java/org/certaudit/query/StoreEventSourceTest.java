package org.certaudit.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.ReplayToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.certaudit.eventstore.TrackedBatch;
import org.certaudit.eventstore.TrackedEventBatches;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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

    /** The source of the tests of the bounded lead ({@link #openBounded}); null in the others. */
    private StoreEventSource bounded;

    @AfterEach
    void close() {
        streams.forEach(BlockingStream::close);
        source.close();
        if (bounded != null) {
            bounded.close();
        }
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
    void aStreamThatIsUpToDateReadsEachBatchOnceAndOnlyUpToTheHeadTheWatchRead() throws Exception {
        append(3);
        awaitHeadRead(source, 3);
        BlockingStream<TrackedEventMessage<?>> stream = open(null);
        for (int read = 0; read < 3; read++) {
            stream.nextAvailable();
        }
        assertThat(engine.reads.get()).as("store reads for the first three events").isEqualTo(1);
        assertThat(engine.batchHeads).containsExactly(3L);

        // Two events are stored but the counter does not show them yet: the stream does not read past the head.
        engine.appendEvents(GenericEventMessage.asEventMessage("event 3"), GenericEventMessage.asEventMessage("event 4"));
        engine.stored.addAndGet(2);
        assertThat(hasNext(stream, 200)).as("an event above the head the watch read").isFalse();

        head.addAndGet(2);
        List<Object> payloads = new ArrayList<>();
        payloads.add(stream.nextAvailable().getPayload());
        payloads.add(stream.nextAvailable().getPayload());

        assertThat(payloads).containsExactly("event 3", "event 4");
        assertThat(engine.batchHeads).as("every read is one batch up to the head the watch last read")
                                     .allSatisfy(h -> assertThat(h).isIn(3L, 5L)).endsWith(5L);
        assertThat(engine.batchHeads.stream().filter(h -> h == 5L)).as("reads once the head moved").hasSize(1);
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

    @Test
    void streamsReadingTheSameSettledEventsShareEachBatchReadFromTheStore() throws Exception {
        append(1_050);
        awaitHeadRead(source, 1_050);
        List<List<Object>> read = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            BlockingStream<TrackedEventMessage<?>> stream = open(null);
            List<Object> payloads = new ArrayList<>();
            while (payloads.size() < 1_000) {
                payloads.add(stream.nextAvailable().getPayload());
                long from = payloads.size() - 1; // position before the batch whose first event was just taken
                if (i == 0 && payloads.size() % 100 == 1 && from + 200 < 1_050) {
                    // A processor handles the batch it took while the next one is read ahead; this one takes 100
                    // events in microseconds, so it waits until the read ahead has started. A stream that comes to
                    // a read ahead not started yet reads that batch itself (as it should): a read-ahead thread that
                    // got no core in time failed 4 runs in 200 under load, with 2 or 4 batches read by the stream.
                    await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(5))
                           .until(() -> engine.readsFrom.contains(Map.entry(from + 100, "store-read-ahead")));
                }
            }
            read.add(payloads);
        }

        assertThat(read.get(0)).hasSize(1_000).startsWith("event 0").endsWith("event 999");
        assertThat(read).allSatisfy(payloads -> assertThat(payloads).isEqualTo(read.get(0)));
        assertThat(engine.reads.get()).as("store reads: ten batches of 100, read once for three streams").isEqualTo(10);
        // The first stream read the first batch; each next one was read ahead while it took the one before.
        assertThat(source.batchesReadFromStore()).isEqualTo(1);
        assertThat(source.batchesReadAhead()).isEqualTo(9);
        assertThat(source.batchesShared()).isEqualTo(29);
    }

    @Test
    void streamsCatchingUpTogetherReadEachSettledBatchFromTheStoreOnceAlsoWhenTheyComeToItAtOnce() throws Exception {
        engine.readMillis = 3; // a store round trip: streams let go together would each make the same read
        append(3_000);
        awaitHeadRead(source, 3_000);
        java.util.concurrent.ExecutorService readers = java.util.concurrent.Executors.newFixedThreadPool(5);
        // Each stream takes its first event before any goes on: from then on all five are catching up, and the lead
        // bound keeps them within the cache whichever thread started late.
        java.util.concurrent.CyclicBarrier started = new java.util.concurrent.CyclicBarrier(5);
        try {
            List<CompletableFuture<List<Object>>> read = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                BlockingStream<TrackedEventMessage<?>> stream = open(null);
                long nanosPerEvent = TimeUnit.MICROSECONDS.toNanos(20L * i); // five processors of different speeds
                read.add(CompletableFuture.supplyAsync(() -> {
                    List<Object> payloads = new ArrayList<>();
                    try {
                        while (payloads.size() < 2_900) { // 29 batches, each ending below the head
                            payloads.add(stream.nextAvailable().getPayload());
                            if (payloads.size() == 1) {
                                started.await(10, TimeUnit.SECONDS);
                            }
                            long until = System.nanoTime() + nanosPerEvent;
                            while (System.nanoTime() < until) {
                                Thread.onSpinWait();
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (java.util.concurrent.BrokenBarrierException | java.util.concurrent.TimeoutException e) {
                        throw new IllegalStateException(e);
                    }
                    return payloads;
                }, readers));
            }
            List<Object> first = read.get(0).get(30, TimeUnit.SECONDS);
            assertThat(first).hasSize(2_900).startsWith("event 0").endsWith("event 2899");
            for (CompletableFuture<List<Object>> each : read) {
                assertThat(each.get(30, TimeUnit.SECONDS)).isEqualTo(first);
            }
        } finally {
            readers.shutdownNow();
        }
        // 29 when each batch is read once; 49 and 55 in runs where streams made the read another was making. Up to two
        // more: a stream whose thread gets no core for a second stops holding the others back (ACTIVE_MILLIS), and
        // may then find its batch gone from the cache. The first batch is read once too: the others wait for it.
        assertThat(engine.reads.get()).as("store reads of 29 batches for five streams").isBetween(29, 31);
        assertThat(source.batchesReadFromStore() + source.batchesShared()).as("batches the streams took")
                .isEqualTo(5 * 29);
    }

    @Test
    void aStreamWaitingForAnotherStreamsReadThatFailsReadsTheBatchItself() throws Exception {
        append(500);
        awaitHeadRead(source, 500);
        engine.readMillis = 500;
        engine.failNext = true;
        BlockingStream<TrackedEventMessage<?>> owner = open(null);
        BlockingStream<TrackedEventMessage<?>> waiter = open(null);
        CompletableFuture<Object> owners = CompletableFuture.supplyAsync(() -> {
            try {
                return owner.nextAvailable().getPayload();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        });
        while (engine.reads.get() == 0) { // the owner's read is under way
            sleep(5);
        }

        long started = System.nanoTime();
        CompletableFuture<Boolean> found = CompletableFuture.supplyAsync(() -> hasNext(waiter, 5_000));

        assertThat(found.get(10, TimeUnit.SECONDS)).as("the waiter read the batch itself").isTrue();
        assertThat(System.nanoTime() - started).as("it waited for the owner's read")
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
        assertThat(waiter.nextAvailable().getPayload()).isEqualTo("event 0");
        assertThat(owners).failsWithin(Duration.ofSeconds(5)).withThrowableThat().havingRootCause()
                .withMessage("store unavailable");
        assertThat(engine.readsFrom).filteredOn(read -> read.getKey() == -1L).as("reads of the first batch").hasSize(2);
        assertThat(engine.readsFrom).filteredOn(read -> read.getKey() != -1L).extracting(Map.Entry::getKey)
                .as("every later batch read once").doesNotHaveDuplicates();
        assertThat(source.batchesShared()).isZero();
    }

    @Test
    @Timeout(30) // a guard against a hang, above the waits for the read-ahead thread below
    void theNextSettledBatchOfACatchingUpStreamIsReadAheadWhileItsProcessorHandlesTheOneItTook() throws Exception {
        append(450);
        awaitHeadRead(source, 450);
        BlockingStream<TrackedEventMessage<?>> stream = open(null);
        String own = Thread.currentThread().getName();

        assertThat(stream.nextAvailable().getPayload()).isEqualTo("event 0");
        // No more events asked for: the read of the next batch is under way meanwhile.
        await().atMost(Duration.ofSeconds(5)).until(() -> engine.readsFrom.size() >= 2);
        assertThat(engine.readsFrom.get(1)).isEqualTo(Map.entry(100L, "store-read-ahead"));

        List<Object> payloads = new ArrayList<>(List.of("event 0"));
        while (payloads.size() < 450) {
            payloads.add(stream.nextAvailable().getPayload());
            long from = payloads.size() - 1; // position before the batch whose first event was just taken
            if (payloads.size() % 100 == 1 && from + 200 < 450) {
                // This processor takes 100 events in microseconds; a real one handles them while the next batch is
                // read ahead. A stream that comes to a read ahead not started yet reads that batch itself (as it
                // should): under load (1 run in 100 with six busy loops on 2 cores) the batch from 300 was read by
                // the stream, not ahead. So the stream goes on once the read ahead has started.
                await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(Duration.ofSeconds(5))
                       .until(() -> engine.readsFrom.contains(Map.entry(from + 100, "store-read-ahead")));
            }
        }

        assertThat(payloads).hasSize(450).doesNotHaveDuplicates().startsWith("event 0").endsWith("event 449");
        for (int i = 0; i < 450; i++) {
            assertThat(payloads.get(i)).isEqualTo("event " + i);
        }
        // The stream read the first batch; the next three were read ahead; the one after position 400 may reach the
        // head, so the stream read it itself.
        assertThat(engine.readsFrom).containsExactly(Map.entry(-1L, own), Map.entry(100L, "store-read-ahead"),
                Map.entry(200L, "store-read-ahead"), Map.entry(300L, "store-read-ahead"), Map.entry(400L, own));
        assertThat(source.batchesReadAhead()).isEqualTo(3);
        assertThat(source.batchesShared()).isEqualTo(3);
    }

    @Test
    @Timeout(10)
    void aReadAheadThatFailsLeavesTheStreamToReadThatBatchItself() throws Exception {
        append(300);
        awaitHeadRead(source, 300);
        engine.failOnceFrom = 100;
        BlockingStream<TrackedEventMessage<?>> stream = open(null);
        String own = Thread.currentThread().getName();
        assertThat(stream.nextAvailable().getPayload()).isEqualTo("event 0");
        // On a busy machine the stream could come to 100 before the read ahead ran, and read it (and fail) itself.
        await().atMost(Duration.ofSeconds(5)).until(() -> engine.readsFrom.contains(Map.entry(100L, "store-read-ahead")));

        List<Object> payloads = new ArrayList<>(List.of("event 0"));
        while (payloads.size() < 300) {
            payloads.add(stream.nextAvailable().getPayload());
        }

        assertThat(payloads).endsWith("event 299").doesNotHaveDuplicates().hasSize(300);
        assertThat(engine.readsFrom).as("the read ahead from 100 failed; the stream read that batch itself")
                .containsExactly(Map.entry(-1L, own), Map.entry(100L, "store-read-ahead"), Map.entry(100L, own),
                        Map.entry(200L, own));
        assertThat(source.batchesShared()).isZero();
        assertThat(source.batchesReadAhead()).isEqualTo(1);
    }

    @Test
    @Timeout(10)
    void aStreamThatComesToAReadAheadNotStartedYetReadsTheBatchItselfInsteadOfWaitingInTheQueue() throws Exception {
        bounded = new StoreEventSource(engine, head::get, FETCH_DELAY, 10, 1_000);
        append(300);
        awaitHeadRead(bounded, 300);
        engine.blockFrom = java.util.Set.of(10L, 110L); // the read aheads of the first two streams hold both threads
        BlockingStream<TrackedEventMessage<?>> first = bounded.openStream(null);
        BlockingStream<TrackedEventMessage<?>> second = bounded.openStream(new GlobalSequenceTrackingToken(100));
        BlockingStream<TrackedEventMessage<?>> third = bounded.openStream(new GlobalSequenceTrackingToken(200));
        streams.addAll(List.of(first, second, third));
        String own = Thread.currentThread().getName();
        first.nextAvailable();
        second.nextAvailable();
        await().atMost(Duration.ofSeconds(5)).until(() -> engine.readsFrom.stream()
                .filter(read -> read.getValue().equals("store-read-ahead")).count() == 2);

        read(third, 10); // its read ahead, from 210, is queued behind the two held ones
        assertThat(third.nextAvailable().getPayload()).isEqualTo("event 210");

        assertThat(engine.readsFrom).as("the third stream read the batch from 210 itself")
                .contains(Map.entry(210L, own)).doesNotContain(Map.entry(210L, "store-read-ahead"));
        engine.unblock.countDown();
        read(first, 19);
        read(second, 19);
        assertThat(engine.readsFrom).filteredOn(read -> read.getKey() == 210L).as("the queued read ahead did not run")
                .hasSize(1);
    }

    @Test
    void batchesTheEngineEndsBySizeAreReadOnFromWhereTheyStoppedAndSharedWithEveryEventOnceInOrder() throws Exception {
        // "event 0".."event 9" are 7 characters, the rest 8: a bound of 20 ends each batch after its third event.
        engine.batchChars = 20;
        bounded = new StoreEventSource(engine, head::get, FETCH_DELAY, 10, 1_000);
        append(60);
        awaitHeadRead(bounded, 60);
        BlockingStream<TrackedEventMessage<?>> first = bounded.openStream(null);
        BlockingStream<TrackedEventMessage<?>> second = bounded.openStream(null);
        streams.add(first);
        streams.add(second);

        List<Object> firstRead = new ArrayList<>();
        List<Object> secondRead = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            firstRead.add(next(first));
            secondRead.add(next(second));
        }

        List<Object> stored = LongStream.range(0, 60).mapToObj(i -> (Object) ("event " + i)).toList();
        assertThat(firstRead).containsExactlyElementsOf(stored);
        assertThat(secondRead).containsExactlyElementsOf(stored);
        assertThat(hasNext(first, 100)).as("nothing beyond the 60").isFalse();
        assertThat(engine.batchHeads).as("three events a batch: 20 batches, each read from the store once, the two "
                + "streams' last reads at the head aside").hasSizeLessThanOrEqualTo(20 + 4);
        assertThat(bounded.batchesShared()).as("the second stream took most batches from the first's reads")
                                           .isGreaterThanOrEqualTo(15);
    }

    @Test
    void theSettledBatchesKeptHoldAtMostTheirCharacterBoundKeepingTheNewest() throws Exception {
        engine.batchChars = 24; // three events of 8 characters a batch
        bounded = new StoreEventSource(engine, head::get, FETCH_DELAY, 10, 1_000, 50);
        append(10); // "event 0".."event 9", 7 characters each, are read first and weigh 21 a batch
        append(90);
        awaitHeadRead(bounded, 100);
        BlockingStream<TrackedEventMessage<?>> stream = bounded.openStream(null);
        streams.add(stream);

        for (int i = 0; i < 90; i++) {
            assertThat(next(stream)).isEqualTo("event " + i);
            assertThat(bounded.sharedChars()).as("kept after event " + i).isLessThanOrEqualTo(50);
        }
        assertThat(bounded.sharedChars()).as("two batches of 24 kept, not twelve").isEqualTo(48);
        assertThat(bounded.recentEvents("none", 0, 1)).isEmpty();
    }

    @Test
    void aBatchLargerThanTheKeptBoundIsStillKeptAsTheNewest() throws Exception {
        bounded = new StoreEventSource(engine, head::get, FETCH_DELAY, 10, 1_000, 1);
        append(30);
        awaitHeadRead(bounded, 30);
        BlockingStream<TrackedEventMessage<?>> stream = bounded.openStream(null);
        streams.add(stream);

        read(stream, 30);

        assertThat(bounded.sharedChars()).as("one batch of ten events of 7 or 8 characters, not none and not two")
                                         .isBetween(70L, 80L);
    }

    @Test
    void aBatchThatReachesTheHeadIsNotShared() throws Exception {
        append(150);
        awaitHeadRead(source, 150);
        for (int i = 0; i < 2; i++) {
            BlockingStream<TrackedEventMessage<?>> stream = open(null);
            for (int n = 0; n < 150; n++) {
                assertThat(stream.nextAvailable().getPayload()).isEqualTo("event " + n);
            }
        }

        assertThat(engine.reads.get()).as("the first batch shared, the one ending at the head read by each").isEqualTo(3);
    }

    @Test
    void aStreamsEventsInTheKeptSettledBatchesAreFoundThereAndOnesNotAllKeptAreLeftToTheStore() throws Exception {
        // Two projects' events alternate: A's sequence number n is at position 2n + 1, B's at 2n + 2.
        int first = engine.stored.getAndAdd(250);
        for (int i = first; i < first + 250; i++) {
            engine.appendEvents(new GenericDomainEventMessage<>("Project", i % 2 == 0 ? "A" : "B", i / 2, "event " + i));
        }
        head.addAndGet(250);
        awaitHeadRead(source, 250);
        BlockingStream<TrackedEventMessage<?>> stream = open(null);
        read(stream, 250);

        // Kept: the settled batches of positions 1-100 and 101-200; 201-250 reached the head and is not.
        assertThat(source.recentEvents("A", 0, 100)).hasValueSatisfying(events -> {
            assertThat(events).extracting(DomainEventMessage::getSequenceNumber)
                              .containsExactlyElementsOf(LongStream.range(0, 100).boxed().toList());
            assertThat(events).allSatisfy(event -> assertThat(event.getAggregateIdentifier()).isEqualTo("A"));
            assertThat(events.get(7).getPayload()).isEqualTo("event 14");
        });
        assertThat(source.recentEvents("B", 40, 43).orElseThrow()).extracting(event -> (Object) event.getPayload())
                                                                 .containsExactly("event 81", "event 83", "event 85");
        assertThat(source.recentEvents("A", 90, 101)).as("A's event 100 is at position 201, not kept").isEmpty();
        assertThat(source.recentEvents("C", 0, 1)).as("no such stream").isEmpty();
        assertThat(source.recentEvents("A", 5, 5)).as("nothing asked").contains(List.of());
    }

    @Test
    void onlyATokenWithoutGapsStandsForTheSameEventsForEveryReader() {
        assertThat(StoreEventSource.settledPosition(null)).isEqualTo(-1L);
        assertThat(StoreEventSource.settledPosition(GapAwareTrackingToken.newInstance(7, List.of()))).isEqualTo(7L);
        assertThat(StoreEventSource.settledPosition(GapAwareTrackingToken.newInstance(7, List.of(5L)))).isNull();
        assertThat(StoreEventSource.settledPosition(
                ReplayToken.createReplayToken(GapAwareTrackingToken.newInstance(9, List.of()), null))).isEqualTo(-1L);
    }

    @Test
    void aStreamFarAheadWaitsForAnActiveSlowerOneAndGoesOnWhenItComesWithinTheLead() throws Exception {
        BlockingStream<TrackedEventMessage<?>> slow = openBounded(200);
        BlockingStream<TrackedEventMessage<?>> fast = openBounded(200);
        read(slow, 10);
        read(fast, 40); // four batches: 30 positions ahead of the slow stream's 10

        assertThat(fast.hasNextAvailable(300, TimeUnit.MILLISECONDS)).as("held: more than 20 ahead").isFalse();
        read(slow, 20);
        // Not held, it reads on its own thread at once; the 5 s are for a thread that gets no core for a while.
        assertThat(fast.hasNextAvailable(5, TimeUnit.SECONDS)).as("10 ahead now").isTrue();
        assertThat(fast.nextAvailable().getPayload()).isEqualTo("event 40");
    }

    @Test
    void aHeldStreamFindsNothingEvenWhenAskedWithoutWaitingAndReadsOnOnceTheSlowerOneStopsReading() throws Exception {
        BlockingStream<TrackedEventMessage<?>> slow = openBounded(200);
        BlockingStream<TrackedEventMessage<?>> fast = openBounded(200);
        read(slow, 10);
        read(fast, 40);
        assertThat(fast.hasNextAvailable(100, TimeUnit.MILLISECONDS)).isFalse();

        assertThat(fast.hasNextAvailable()).as("asked without a timeout, as Axon peeks between batches").isFalse();
        assertThat(fast.peek()).isEmpty();
        long started = System.nanoTime();
        assertThat(fast.hasNextAvailable(5, TimeUnit.SECONDS)).as("the slow stream read nothing for a second").isTrue();
        assertThat(System.nanoTime() - started).isGreaterThanOrEqualTo(
                TimeUnit.MILLISECONDS.toNanos(StoreEventSource.ACTIVE_MILLIS / 2));
    }

    @Test
    void aStreamAtTheHeadIsNeverHeldByOneCatchingUp() throws Exception {
        BlockingStream<TrackedEventMessage<?>> live = openBounded(100);
        read(live, 100);
        BlockingStream<TrackedEventMessage<?>> rebuilding = openBounded(100);
        read(rebuilding, 10);

        append(1);
        assertThat(live.hasNextAvailable(2, TimeUnit.SECONDS)).isTrue();
        assertThat(live.nextAvailable().getPayload()).isEqualTo("event 100");
    }

    /**
     * A stream of a source that reads batches of 10 and lets a catching-up stream lead by 20 positions, over
     * {@code events} stored events (appended, and seen by its head watch, when the source is made).
     */
    private BlockingStream<TrackedEventMessage<?>> openBounded(int events) {
        if (bounded == null) {
            bounded = new StoreEventSource(engine, head::get, FETCH_DELAY, 10, 20);
            append(events);
            awaitHeadRead(bounded, events);
        }
        BlockingStream<TrackedEventMessage<?>> stream = bounded.openStream(null);
        streams.add(stream);
        return stream;
    }

    private static Object next(BlockingStream<TrackedEventMessage<?>> stream) throws InterruptedException {
        assertThat(stream.hasNextAvailable(2, TimeUnit.SECONDS)).as("an event").isTrue();
        return stream.nextAvailable().getPayload();
    }

    private static void read(BlockingStream<TrackedEventMessage<?>> stream, int events) throws InterruptedException {
        for (int i = 0; i < events; i++) {
            assertThat(stream.hasNextAvailable(2, TimeUnit.SECONDS)).as("event " + i + " of " + events).isTrue();
            stream.nextAvailable();
        }
    }

    /** Waits until the source's head watch has read {@code position}: a batch is settled only below the head it saw. */
    private static void awaitHeadRead(StoreEventSource source, long position) {
        while (source.headSeen() < position) {
            sleep(5);
        }
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
    private static final class CountingEngine extends InMemoryEventStorageEngine implements TrackedEventBatches {
        final AtomicInteger reads = new AtomicInteger();
        /** The head each {@link #readBatch} was given. */
        final List<Long> batchHeads = new java.util.concurrent.CopyOnWriteArrayList<>();
        final AtomicInteger stored = new AtomicInteger();
        /** Per read: the position read from (-1 for the start) and the reading thread's name. */
        final List<Map.Entry<Long, String>> readsFrom = new java.util.concurrent.CopyOnWriteArrayList<>();
        /** How long a read takes, as a store round trip would. */
        volatile long readMillis;
        /** The characters of payload (as text) after which a batch stops, as the store's engine bounds its batches. */
        volatile long batchChars = Long.MAX_VALUE;
        /** Whether the next read fails (after {@link #readMillis}). */
        volatile boolean failNext;
        /** The position from which the next read fails, once; none when negative. */
        volatile long failOnceFrom = -2;
        /** Positions from which reads wait for {@link #unblock}. */
        volatile java.util.Set<Long> blockFrom = java.util.Set.of();
        final java.util.concurrent.CountDownLatch unblock = new java.util.concurrent.CountDownLatch(1);

        CountingEngine() {
            super(1);
        }

        @Override
        public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
            reads.incrementAndGet();
            readsFrom.add(Map.entry(trackingToken == null ? -1L : trackingToken.position().orElse(-1),
                    Thread.currentThread().getName()));
            if (readMillis > 0) {
                sleep(readMillis);
            }
            long from = trackingToken == null ? -1L : trackingToken.position().orElse(-1);
            if (blockFrom.contains(from)) {
                try {
                    unblock.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failNext || from == failOnceFrom) {
                failNext = false;
                failOnceFrom = -2;
                throw new IllegalStateException("store unavailable");
            }
            return super.readEvents(trackingToken, mayBlock);
        }

        /** One read ({@link #readEvents}, counted), of the events up to {@code head} only, as the store's engine reads. */
        @Override
        public List<? extends TrackedEventMessage<?>> readBatch(TrackingToken after, int batchSize, long head) {
            batchHeads.add(head);
            try (Stream<? extends TrackedEventMessage<?>> read = readEvents(after, false)) {
                List<TrackedEventMessage<?>> batch = new ArrayList<>();
                long chars = 0;
                Iterator<? extends TrackedEventMessage<?>> events =
                        read.takeWhile(event -> event.trackingToken().position().orElseThrow() <= head)
                            .limit(batchSize).iterator();
                // As the store's engine does: stop after the event that reaches the bound.
                while (chars < batchChars && events.hasNext()) {
                    TrackedEventMessage<?> event = events.next();
                    batch.add(event);
                    chars += event.getPayload().toString().length();
                }
                return new TrackedBatch(batch, chars);
            }
        }
    }
}
