package org.certaudit.query.operations;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.certaudit.query.NotFoundException;
import org.certaudit.query.ReadModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Status and rebuild of the projections' tracking processors. A rebuild shuts the processor down,
 * resets its tokens (its reset handler empties the read model) and starts it again; it then
 * replays every event and the read model is complete when it has caught up.
 */
@Component
class ProcessorOperations {

    private static final Logger log = LoggerFactory.getLogger(ProcessorOperations.class);
    /** The head position is read at most this often: every gauge and status asks for it. */
    private static final Duration HEAD_CACHE = Duration.ofMillis(500);
    /**
     * The error of a processor whose worker an {@link Error} ended: Axon retries a failed batch with back-off only for
     * an {@link Exception}; on an Error it logs it ("Processing loop ended due to uncaught exception") and leaves the
     * processor paused in its error state, with no segment left to say why.
     */
    static final String STOPPED_BY_AN_ERROR = "stopped by an Error (see the log: \"Processing loop ended due to uncaught "
            + "exception\"); Axon does not retry after one: it stays stopped until it is rebuilt "
            + "(POST /api/admin/processors/{name}/rebuild) or the query side restarts";
    /** How long a rebuild waits for the restarted worker: Axon's token claim interval (5 s) and some. */
    private static final Duration WORKER_START = Duration.ofSeconds(15);

    private final EventProcessingConfiguration processing;
    private final EventStore eventStore;
    private final List<ReadModel> readModels;
    private final ProcessorTracker tracker;
    private final Clock clock;
    private final Map<String, RebuildRun> rebuilds = new ConcurrentHashMap<>();
    private volatile Instant headReadAt = Instant.EPOCH;
    private volatile Long head;
    private volatile Long tail;

    @Autowired
    ProcessorOperations(EventProcessingConfiguration processing, EventStore eventStore, List<ReadModel> readModels,
                        ProcessorTracker tracker) {
        this(processing, eventStore, readModels, tracker, Clock.systemUTC());
    }

    ProcessorOperations(EventProcessingConfiguration processing, EventStore eventStore, List<ReadModel> readModels,
                        ProcessorTracker tracker, Clock clock) {
        this.processing = processing;
        this.eventStore = eventStore;
        this.readModels = List.copyOf(readModels);
        this.tracker = tracker;
        this.clock = clock;
    }

    private record RebuildRun(Instant startedAt, long handledBefore, Instant finishedAt, long handledAtFinish) {
    }

    /** The processing groups of the read models, in a stable order. */
    List<String> names() {
        return readModels.stream().map(ReadModel::processingGroup).sorted().toList();
    }

    List<ProcessorStatus> statuses() {
        return names().stream().map(this::status).toList();
    }

    ProcessorStatus status(String name) {
        TrackingEventProcessor processor = processor(name);
        Collection<EventTrackerStatus> segments = processor.processingStatus().values();
        // Axon keeps the replay flag until the first event after the reset position; caught up is done.
        boolean replaying = segments.stream().anyMatch(EventTrackerStatus::isReplaying);
        String errorMessage = segments.stream().filter(EventTrackerStatus::isErrorState)
                .map(segment -> segment.getError() == null ? "error" : describe(segment.getError()))
                .findFirst().orElse(null);
        if (processor.isError() && errorMessage == null) {
            // Axon's worker ended on an Error (OutOfMemoryError, say): it logs it and keeps no segment status to read.
            errorMessage = STOPPED_BY_AN_ERROR;
        }
        boolean error = processor.isError() || errorMessage != null;
        Long position = position(processor);
        Long headPosition = headPosition();
        long behind = behind(position, headPosition);
        return new ProcessorStatus(name, processor.isRunning(), error, errorMessage, replaying && behind > 0, position,
                headPosition, behind, rebuild(name, behind));
    }

    /**
     * Shuts the processor down, resets its tokens (emptying its read model) and starts it again.
     * One rebuild at a time: a reset needs the processor stopped and every token released, and the next rebuild
     * must not stop it again before its worker runs.
     */
    synchronized ProcessorStatus rebuild(String name) {
        TrackingEventProcessor processor = processor(name);
        log.info("Rebuilding read model of processor {}: shutting down, resetting tokens, starting", name);
        processor.shutDown();
        boolean reset = false;
        try {
            rebuilds.put(name, new RebuildRun(clock.instant(), tracker.handled(name), null, 0));
            tracker.restarted(name);
            processor.resetTokens();
            reset = true;
        } catch (IllegalStateException e) {
            // Another instance still holds a segment: nothing was reset, so carry on where it was.
            rebuilds.remove(name);
            throw new ErrorResponseException(HttpStatus.CONFLICT, ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                    "processor " + name + " cannot be reset now: " + e.getMessage()), e);
        } finally {
            processor.start();
            if (reset) {
                awaitWorker(name, processor);
            }
        }
        return status(name);
    }

    /**
     * Holds the rebuild (and with it the next one) until the processor's worker has claimed its segment. Axon's
     * processor shut down again while it is still launching that worker says it runs but never claims the segment
     * again: two rebuilds sent together left a read model empty until the application restarted.
     */
    private static void awaitWorker(String name, TrackingEventProcessor processor) {
        long deadline = System.nanoTime() + WORKER_START.toNanos();
        while (processor.processingStatus().isEmpty()) {
            if (System.nanoTime() > deadline) {
                log.warn("Processor {} has not claimed its segment {} after its reset; it keeps trying", name, WORKER_START);
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** How many positions the processor is behind the head of the event store. */
    long positionsBehind(String name) {
        return behind(position(processor(name)), headPosition());
    }

    /**
     * How stale the read model is: 0 when the processor is at the head, else the age of the newest
     * event it has handled (or of nothing, while it has handled none since it started).
     */
    double secondsBehind(String name) {
        if (positionsBehind(name) == 0) {
            return 0;
        }
        Instant newest = tracker.newestHandled(name);
        Instant since = newest != null ? newest : Optional.ofNullable(rebuilds.get(name)).map(RebuildRun::startedAt).orElse(null);
        return since == null ? 0 : Math.max(0, Duration.between(since, clock.instant()).toMillis() / 1000.0);
    }

    TrackingEventProcessor processor(String name) {
        if (!names().contains(name)) {
            throw new NotFoundException("no projection processor '" + name + "'; there are " + names());
        }
        return processing.eventProcessor(name, TrackingEventProcessor.class)
                .orElseThrow(() -> new NotFoundException("processor '" + name + "' is not a tracking processor"));
    }

    Long headPosition() {
        Instant now = clock.instant();
        if (Duration.between(headReadAt, now).compareTo(HEAD_CACHE) >= 0) {
            TrackingToken token = eventStore.createHeadToken();
            head = token == null ? null : positionOf(token);
            headReadAt = now;
        }
        return head;
    }

    private ProcessorStatus.Rebuild rebuild(String name, long behind) {
        RebuildRun run = rebuilds.get(name);
        if (run == null) {
            return null;
        }
        long handled = tracker.handled(name) - run.handledBefore();
        Instant lastHandled = tracker.lastHandledAt(name);
        boolean handledSince = lastHandled != null && lastHandled.isAfter(run.startedAt()) && handled > 0;
        if (run.finishedAt() == null && behind == 0) {
            // Done when caught up: it ended with the last event it handled (or at once, with nothing to replay).
            run = new RebuildRun(run.startedAt(), run.handledBefore(), handledSince ? lastHandled : clock.instant(), handled);
            rebuilds.put(name, run);
        }
        if (run.finishedAt() != null) {
            handled = run.handledAtFinish();
        }
        Instant end = run.finishedAt() != null ? run.finishedAt() : handledSince ? lastHandled : clock.instant();
        double seconds = Math.max(0.001, Duration.between(run.startedAt(), end).toNanos() / 1e9);
        BigDecimal rate = BigDecimal.valueOf(handled / seconds).setScale(1, RoundingMode.HALF_UP);
        Long left = run.finishedAt() != null ? Long.valueOf(0)
                : rate.signum() == 0 ? null : Long.valueOf((long) Math.ceil(behind / rate.doubleValue()));
        return new ProcessorStatus.Rebuild(run.startedAt(), run.finishedAt(), handled, rate, left);
    }

    /** The lowest position any segment reached; null before the first event. */
    private static Long position(TrackingEventProcessor processor) {
        return processor.processingStatus().values().stream()
                .map(EventTrackerStatus::getCurrentPosition)
                .filter(OptionalLong::isPresent)
                .map(OptionalLong::getAsLong)
                .min(Long::compare)
                .orElse(null);
    }

    /** A processor without a position has read nothing: it is behind by everything after the tail. */
    private long behind(Long position, Long head) {
        if (head == null) {
            return 0;
        }
        return Math.max(0, head - (position != null ? position : tailPosition()));
    }

    private long tailPosition() {
        if (tail == null) {
            TrackingToken token = eventStore.createTailToken();
            Long position = token == null ? null : positionOf(token);
            if (position == null) {
                return 0;
            }
            tail = position;
        }
        return tail;
    }

    private static Long positionOf(TrackingToken token) {
        OptionalLong position = token.position();
        return position.isPresent() ? position.getAsLong() : null;
    }

    private static String describe(Throwable error) {
        Throwable cause = error;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause == error ? String.valueOf(error.getMessage())
                : error.getMessage() + " (caused by " + cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")";
    }
}
