package org.certaudit.query.operations;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.springframework.stereotype.Component;

/**
 * Watches what each processor handles: how many events, and the timestamp of the newest one. A
 * handler interceptor per processor feeds it; the lag gauges and the rebuild progress read it.
 */
@Component
class ProcessorTracker {

    private final Map<String, AtomicLong> handled = new ConcurrentHashMap<>();
    private final Map<String, Instant> newestHandled = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastHandledAt = new ConcurrentHashMap<>();
    private final Clock clock;

    ProcessorTracker() {
        this(Clock.systemUTC());
    }

    ProcessorTracker(Clock clock) {
        this.clock = clock;
    }

    MessageHandlerInterceptor<EventMessage<?>> interceptor(String processor) {
        return (unitOfWork, chain) -> {
            Object result = chain.proceed();
            handled.computeIfAbsent(processor, name -> new AtomicLong()).incrementAndGet();
            lastHandledAt.put(processor, clock.instant());
            newestHandled.merge(processor, unitOfWork.getMessage().getTimestamp(),
                    (old, current) -> current.isAfter(old) ? current : old);
            return result;
        };
    }

    long handled(String processor) {
        AtomicLong count = handled.get(processor);
        return count == null ? 0 : count.get();
    }

    /** The timestamp of the newest event the processor has handled since it last started from scratch. */
    Instant newestHandled(String processor) {
        return newestHandled.get(processor);
    }

    /** When the processor last handled an event (wall-clock time), null if never. */
    Instant lastHandledAt(String processor) {
        return lastHandledAt.get(processor);
    }

    /** Forgets the newest timestamp: a replay starts over from the oldest events. */
    void restarted(String processor) {
        newestHandled.remove(processor);
    }
}
