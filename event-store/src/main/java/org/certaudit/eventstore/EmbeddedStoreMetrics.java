package org.certaudit.eventstore;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.certaudit.eventstore.embedded.DurableH2Backend;

/**
 * The embedded store's file, for whoever watches its disk (event-store/README.md, "Compaction"):
 * <ul>
 *   <li>{@code certaudit.embedded.store.file.size}: the file's length, bytes;</li>
 *   <li>{@code certaudit.embedded.store.file.used}: the share of that length in chunks, 0 to 1;</li>
 *   <li>{@code certaudit.embedded.store.chunks.live}: the live share of the chunks' bytes, 0 to 1;</li>
 *   <li>{@code certaudit.embedded.store.compaction.steps} and {@code certaudit.embedded.store.chunk.moves}: counts
 *       since the process started;</li>
 *   <li>{@code certaudit.embedded.store.idle.housekeeping}: 1 while the next idle checkpoint would compact or
 *       move chunks, 0 once that work is done.</li>
 * </ul>
 */
final class EmbeddedStoreMetrics implements MeterBinder {

    private final DurableH2Backend backend;

    EmbeddedStoreMetrics(DurableH2Backend backend) {
        this.backend = backend;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("certaudit.embedded.store.file.size", backend, DurableH2Backend::fileBytes).baseUnit("bytes")
             .description("Length of the embedded store's H2 file").register(registry);
        Gauge.builder("certaudit.embedded.store.file.used", backend, DurableH2Backend::fileUsedShare)
             .description("Share of the file's length in chunks, 0 to 1").register(registry);
        Gauge.builder("certaudit.embedded.store.chunks.live", backend, DurableH2Backend::chunksLiveShare)
             .description("Live share of the bytes in the file's chunks, 0 to 1").register(registry);
        FunctionCounter.builder("certaudit.embedded.store.compaction.steps", backend, DurableH2Backend::compactionSteps)
                       .description("Compaction steps that rewrote pages").register(registry);
        FunctionCounter.builder("certaudit.embedded.store.chunk.moves", backend, DurableH2Backend::chunkMoves)
                       .description("Idle checkpoints that moved chunks").register(registry);
        Gauge.builder("certaudit.embedded.store.idle.housekeeping", backend,
                      b -> b.idleHousekeepingPending() ? 1 : 0)
             .description("1 while idle checkpoints still have compacting or moving to do").register(registry);
    }
}
