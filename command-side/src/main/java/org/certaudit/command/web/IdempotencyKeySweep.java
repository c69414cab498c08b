package org.certaudit.command.web;

import com.mongodb.MongoException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes expired {@code idempotency_keys} records every {@code interval}, in batches of at most {@code batchSize}
 * until a batch finds fewer ({@link IdempotencyStore#removeExpired(Duration, int)}), and counts them as
 * {@code certaudit.idempotency.keys.swept}. The embedded store keeps the TTL index's description but removes nothing
 * by it (mongo-java-server has no TTL monitor), so without this the collection would only grow: a record stays until
 * its key is claimed again. It runs on MongoDB too, as one path for both stores, but leaves a record to the TTL monitor
 * for {@link #GRACE} past its {@code expiresAt}: there it removes only what the monitor missed, and the records an
 * earlier release kept without {@code expiresAt}, so the counter tells when the monitor falls behind. Several
 * instances sweeping at once remove each record once. Whether a record is removed yet changes no answer to a retry:
 * an expired one replays nothing, and one that could still answer is never removed.
 */
public class IdempotencyKeySweep implements AutoCloseable {

    /** Records removed by the sweep (not those MongoDB's TTL monitor removes). */
    public static final String METER = "certaudit.idempotency.keys.swept";

    /**
     * How long past its {@code expiresAt} a record is left to MongoDB's TTL monitor, which runs every 60 s
     * ({@code ttlMonitorSleepSecs}) and may take longer on a busy server; on the embedded store, how much longer an
     * expired record, which answers no retry, may stay.
     */
    static final Duration GRACE = Duration.ofMinutes(5);

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeySweep.class);

    private final IdempotencyStore store;
    private final int batchSize;
    private final Counter swept;
    private final ScheduledExecutorService scheduler;

    /**
     * Starts sweeping, the first time one {@code interval} from now.
     *
     * @param interval  the pause between the end of one sweep and the start of the next, positive
     * @param batchSize at most this many records are removed by one delete, from 1
     * @throws IllegalArgumentException for an interval that is not positive or a batch size below 1
     */
    public IdempotencyKeySweep(IdempotencyStore store, Duration interval, int batchSize, MeterRegistry registry) {
        if (interval.isNegative() || interval.isZero() || batchSize < 1) {
            throw new IllegalArgumentException("the idempotency key sweep needs a positive interval and a batch size "
                    + ">= 1, were " + interval + " and " + batchSize);
        }
        this.store = store;
        this.batchSize = batchSize;
        this.swept = Counter.builder(METER)
                .description("Expired Idempotency-Key records removed by the command side's sweep")
                .register(registry);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "idempotency-key-sweep");
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(this::sweepQuietly, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Removes every record expired for longer than {@link #GRACE}, a batch at a time.
     *
     * @return how many records were removed
     * @throws MongoException when the store cannot be reached; the records removed until then are counted
     */
    public long sweep() {
        long total = 0;
        int removed;
        do {
            removed = store.removeExpired(GRACE, batchSize);
            total += removed;
            swept.increment(removed);
        } while (removed == batchSize);
        return total;
    }

    private void sweepQuietly() {
        try {
            long removed = sweep();
            if (removed > 0) {
                log.debug("removed {} expired idempotency key records", removed);
            }
        } catch (MongoException e) {
            // Tried again after the next interval; an expired record answers no retry meanwhile.
            log.warn("expired idempotency key records were not removed: {}", e.toString());
        } catch (RuntimeException e) {
            // Anything else too: an exception thrown out of a scheduled task would end the schedule for good.
            log.error("the idempotency key sweep failed", e);
        }
    }

    /** Lets a sweep under way finish its batch (for up to 10 s) before the store's client closes. */
    @Override
    public void close() {
        scheduler.shutdown();
        try {
            if (!scheduler.awaitTermination(10, TimeUnit.SECONDS)) {
                scheduler.shutdownNow();
            }
        } catch (InterruptedException e) {
            scheduler.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
