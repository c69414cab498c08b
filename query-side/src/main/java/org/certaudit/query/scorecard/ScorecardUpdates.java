package org.certaudit.query.scorecard;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.certaudit.audit.AuditId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open {@code text/event-stream} answers of {@code GET /api/audits/{id}/scorecard/updates} and what is pushed on
 * them. Each stream gets the audit's current scorecard version when it opens and then, once per committed batch of the
 * {@code audit-scorecards} processor that moved the audit, the audit's new version: {@code event: scorecard},
 * {@code id: <version>}, {@code data: {"auditId":"...","version":N}} ({@link ScorecardVersion}). A stream never gets a
 * version lower than or equal to one it already got, so the first version always comes before later ones even when a
 * batch commits while the stream opens.
 *
 * <p>Bounded: at most {@code certaudit.query.scorecard-updates.max-streams} streams (1,000 by default) are open at
 * once, a further one is refused ({@link TooManyStreamsException}, 503 with {@code Retry-After}); each stream ends after
 * {@code timeout} (PT5M by default; {@code EventSource} then reconnects by itself and is sent the current version
 * again); every {@code heartbeat} (PT15S) each stream gets an SSE comment so that proxies keep an idle connection.
 * A stream is forgotten when it completes, fails or times out. At shutdown every stream is completed before the web
 * server's graceful shutdown begins ({@link #getPhase()}): that shutdown waits for open requests, and an open stream
 * held it for its whole 30 s; a stream asked for after that gets the current version and ends. Every
 * write to the streams happens on one thread of this class: a client slow to read can hold up the other streams (until
 * the servlet container gives up on the write), never the projection.
 */
@Component
class ScorecardUpdates implements SmartLifecycle {

    /** The SSE event name of a version. */
    static final String EVENT = "scorecard";

    private final int maxStreams;
    private final Duration timeout;
    private final Map<String, Set<Stream>> streams = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();
    /** Writes to the streams (pushes and heartbeats), so that a client slow to read never holds up the projection. */
    private final ScheduledExecutorService writer;
    private volatile boolean running;

    /** What one stream carries: the audit and its scorecard version (the project stream's sequence number). */
    record ScorecardVersion(String auditId, long version) {
    }

    /**
     * @param maxStreams how many streams may be open at once, from 1
     * @param timeout    how long one stream stays open before the client has to reconnect, positive
     * @param heartbeat  how often an idle stream gets a comment, positive
     */
    ScorecardUpdates(@Value("${certaudit.query.scorecard-updates.max-streams:1000}") int maxStreams,
                            @Value("${certaudit.query.scorecard-updates.timeout:PT5M}") Duration timeout,
                            @Value("${certaudit.query.scorecard-updates.heartbeat:PT15S}") Duration heartbeat) {
        if (maxStreams < 1 || timeout.isNegative() || timeout.isZero() || heartbeat.isNegative() || heartbeat.isZero()) {
            throw new IllegalArgumentException("scorecard updates need max-streams >= 1 and a positive timeout and heartbeat, "
                    + "were " + maxStreams + ", " + timeout + ", " + heartbeat);
        }
        this.maxStreams = maxStreams;
        this.timeout = timeout;
        this.writer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "scorecard-updates");
            thread.setDaemon(true);
            return thread;
        });
        writer.scheduleWithFixedDelay(this::heartbeat, heartbeat.toMillis(), heartbeat.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Opens a stream for {@code auditId} and sends it {@code currentVersion} (asked only after the stream is
     * registered, so that no batch committed in between is missed).
     *
     * @throws TooManyStreamsException when {@code max-streams} streams are open already
     */
    SseEmitter subscribe(AuditId auditId, LongSupplier currentVersion) {
        if (open.incrementAndGet() > maxStreams) {
            open.decrementAndGet();
            throw new TooManyStreamsException(maxStreams);
        }
        Stream stream = new Stream(auditId.value(), new SseEmitter(timeout.toMillis()));
        stream.emitter.onCompletion(() -> forget(stream));
        stream.emitter.onTimeout(() -> {
            // Completed here, the stream just ends (EventSource reconnects); otherwise Spring answers it as a failure.
            stream.emitter.complete();
            forget(stream);
        });
        stream.emitter.onError(error -> forget(stream));
        streams.computeIfAbsent(stream.auditId, id -> ConcurrentHashMap.newKeySet()).add(stream);
        try {
            stream.send(currentVersion.getAsLong());
        } catch (RuntimeException e) {
            forget(stream);
            throw e;
        }
        if (!running) {
            stream.emitter.complete(); // shutting down: the current version, then the end
            forget(stream);
        }
        return stream.emitter;
    }

    /**
     * Pushes each audit's new version to its streams, on this class's own thread (the caller, a tracking processor,
     * returns at once). Called once the read-model writes of a batch are stored ({@link ScorecardProjection}), so a
     * scorecard read after a pushed version shows it or a later one.
     *
     * @param versions audit id to its scorecard version after the batch
     */
    void published(Map<String, Long> versions) {
        if (versions.keySet().stream().noneMatch(streams::containsKey)) {
            return;
        }
        Map<String, Long> copy = Map.copyOf(versions);
        try {
            writer.execute(() -> copy.forEach((auditId, version) -> {
                Set<Stream> listening = streams.get(auditId);
                if (listening != null) {
                    listening.forEach(stream -> stream.send(version));
                }
            }));
        } catch (RejectedExecutionException e) {
            // Shutting down: every stream is being completed.
        }
    }

    /** How many streams are open, for tests and the README's figures. */
    int openStreams() {
        return open.get();
    }

    @Override
    public void start() {
        running = true;
    }

    /** Completes every open stream, so that the web server's graceful shutdown does not wait for them. */
    @Override
    public void stop() {
        running = false;
        streams.values().forEach(set -> List.copyOf(set).forEach(stream -> {
            stream.emitter.complete();
            forget(stream);
        }));
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stopped before the web server's graceful shutdown ({@code SmartLifecycle.DEFAULT_PHASE - 1024}). */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    @PreDestroy
    void close() {
        stop();
        writer.shutdownNow();
    }

    private void heartbeat() {
        streams.values().forEach(set -> set.forEach(Stream::heartbeat));
    }

    private void forget(Stream stream) {
        Set<Stream> listening = streams.get(stream.auditId);
        if (listening != null && listening.remove(stream)) {
            open.decrementAndGet();
            streams.computeIfPresent(stream.auditId, (id, set) -> set.isEmpty() ? null : set);
        }
    }

    private final class Stream {

        private final String auditId;
        private final SseEmitter emitter;
        private long sent = -1;

        Stream(String auditId, SseEmitter emitter) {
            this.auditId = auditId;
            this.emitter = emitter;
        }

        synchronized void send(long version) {
            if (version <= sent) {
                return;
            }
            try {
                emitter.send(SseEmitter.event().name(EVENT).id(Long.toString(version))
                        .data(new ScorecardVersion(auditId, version), MediaType.APPLICATION_JSON));
                sent = version;
            } catch (IOException | IllegalStateException e) {
                // The client went away (or the stream ended): nothing more goes to it.
                emitter.completeWithError(e);
                forget(this);
            }
        }

        synchronized void heartbeat() {
            try {
                emitter.send(SseEmitter.event().comment("heartbeat"));
            } catch (IOException | IllegalStateException e) {
                emitter.completeWithError(e);
                forget(this);
            }
        }
    }
}
