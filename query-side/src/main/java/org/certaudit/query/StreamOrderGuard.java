package org.certaudit.query;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

/**
 * Runs before every handler of one tracking processor and makes the read models' "already applied"
 * rule ({@link ReadModels}) hold by construction: for each project stream, the processor hands its
 * handlers event n only after it committed event n-1, or after checking that the events between the last one
 * it committed and n are of types none of its handlers takes (read from the event store, or from the batches the
 * event source still keeps, {@link StoreEventSource#recentEvents}). An event at
 * or below the committed sequence number is a redelivery and goes to no handler.
 * <p>
 * Anything else, an event of a stream arriving before one that this processor handles, is refused with
 * an exception: the processor stops on it and retries (health DOWN meanwhile) instead of letting a read
 * model skip, for good, an event it never saw. The event store orders every stream by position, so this
 * never happens unless that guarantee is broken; the guard turns such a break into an alarm.
 * <p>
 * The guard also ends each batch: after its last event it stores the batch's read-model writes
 * ({@link BatchedWrites}, one bulk write per collection) and then the progress of the batch, in one write,
 * both before the processor stores its token. A batch that fails leaves the recorded progress where it
 * was, and its redelivered events are skipped by the read models' own sequence check. It also begins each batch:
 * before the first event it reads the documents the batch's handlers will read, one query per collection
 * ({@link ReadModel#documentsRead}).
 */
public class StreamOrderGuard implements MessageHandlerInterceptor<EventMessage<?>> {

    private static final String PENDING = StreamOrderGuard.class.getName() + ".pending";

    private final String processor;
    private final ReadModels readModels;
    private final StreamReader store;
    private final Predicate<Class<?>> handles;
    private final Function<Object, Map<String, String>> documentsRead;
    /** {@link #handles}, asked once per payload type (the processor's handlers do not change while it runs). */
    private final Map<Class<?>, Boolean> handled = new ConcurrentHashMap<>();

    /** Reads the events of one stream the guard checks. */
    @FunctionalInterface
    public interface StreamReader {

        /**
         * The stream's events from sequence number {@code first}, in order; those from {@code end} on may be
         * left out (the guard reads no further).
         */
        DomainEventStream read(String stream, long first, long end);

        /** Reads through an event store, which reads on to the end of the stream. */
        static StreamReader of(Supplier<EventStore> eventStore) {
            return (stream, first, end) -> eventStore.get().readEvents(stream, first);
        }

        /**
         * Takes the events from the batches {@code source} keeps when they hold them all
         * ({@link StoreEventSource#recentEvents}), else reads them through {@code store}.
         */
        static StreamReader keptFirst(Supplier<StoreEventSource> source, StreamReader store) {
            return (stream, first, end) -> source.get().recentEvents(stream, first, end).map(DomainEventStream::of)
                                                 .orElseGet(() -> store.read(stream, first, end));
        }
    }

    /**
     * @param processor  the processing group's name
     * @param readModels where the committed progress lives
     * @param store      reads the skipped sequence numbers to check them (the engine's ranged read reads only those)
     * @param handles    whether one of the processor's handlers takes a payload type
     */
    public StreamOrderGuard(String processor, ReadModels readModels, StreamReader store, Predicate<Class<?>> handles) {
        this(processor, readModels, store, handles, payload -> Map.of());
    }

    /**
     * @param processor     the processing group's name
     * @param readModels    where the committed progress lives
     * @param store         reads the skipped sequence numbers to check them
     * @param handles       whether one of the processor's handlers takes a payload type
     * @param documentsRead the documents a handler reads for a payload, collection to {@code _id}
     *                      ({@link ReadModel#documentsRead}), fetched for the whole batch at its start
     */
    public StreamOrderGuard(String processor, ReadModels readModels, StreamReader store, Predicate<Class<?>> handles,
                            Function<Object, Map<String, String>> documentsRead) {
        this.processor = processor;
        this.readModels = readModels;
        this.store = store;
        this.handles = handles;
        this.documentsRead = documentsRead;
    }

    @Override
    public Object handle(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        BatchedWrites writes = BatchedWrites.open(unitOfWork, readModels);
        if (unitOfWork instanceof BatchingUnitOfWork<?> batch && batch.isFirstMessage()) {
            prefetch(writes, batch.getMessages());
        }
        Map<String, Long> pending = pending(unitOfWork);
        Object result = guard(unitOfWork, chain, pending);
        if (unitOfWork instanceof BatchingUnitOfWork<?> batch && batch.isLastMessage()) {
            // Read models first, then the progress, both before the processor stores its token.
            writes.flush();
            record(pending);
        }
        return result;
    }

    private Object guard(UnitOfWork<? extends EventMessage<?>> unitOfWork, InterceptorChain chain,
                         Map<String, Long> pending) throws Exception {
        if (!(unitOfWork.getMessage() instanceof DomainEventMessage<?> event) || event.getAggregateIdentifier() == null) {
            return chain.proceed();
        }
        String stream = event.getAggregateIdentifier();
        long sequence = event.getSequenceNumber();
        Long last;
        if (pending.containsKey(stream)) {
            last = pending.get(stream);
        } else {
            Long remembered = readModels.rememberedHandled(processor, stream);
            // Memory is only the fast path of the common case: anything else is decided on the stored progress.
            last = remembered != null && sequence == remembered + 1 ? remembered : readModels.lastHandled(processor, stream);
        }
        if (last != null && sequence <= last) {
            return null;
        }
        long expected = next(last);
        if (sequence > expected) {
            requireNoneHandledBetween(stream, expected, sequence);
        }
        Object result = chain.proceed();
        pending.put(stream, sequence);
        return result;
    }

    private void prefetch(BatchedWrites writes, Collection<? extends Message<?>> messages) {
        Map<String, Collection<String>> ids = new LinkedHashMap<>();
        for (Message<?> message : messages) {
            if (handled.computeIfAbsent(message.getPayloadType(), handles::test)) {
                documentsRead.apply(message.getPayload()).forEach((collection, id) ->
                        ids.computeIfAbsent(collection, name -> new LinkedHashSet<>()).add(id));
            }
        }
        ids.forEach(writes::prefetch);
    }

    private void record(Map<String, Long> pending) {
        readModels.recordHandled(processor, pending);
        pending.clear();
    }

    private static long next(Long last) {
        return last == null ? 0 : last + 1;
    }

    private Map<String, Long> pending(UnitOfWork<?> unitOfWork) {
        return unitOfWork.root().getOrComputeResource(PENDING, key -> {
            Map<String, Long> pending = new HashMap<>();
            // Normally recorded after the batch's last event; this covers a unit of work that is no batch.
            unitOfWork.root().onPrepareCommit(committing -> record(pending));
            return pending;
        });
    }

    /** Throws unless every event of {@code stream} from {@code from} to before {@code to} is of a type not handled here. */
    private void requireNoneHandledBetween(String stream, long from, long to) {
        DomainEventStream events = store.read(stream, from, to);
        long next = from;
        while (next < to && events.hasNext()) {
            DomainEventMessage<?> earlier = events.next();
            if (earlier.getSequenceNumber() != next) {
                break;
            }
            if (handles.test(earlier.getPayloadType())) {
                throw new IllegalStateException(outOfOrder(stream, to, next));
            }
            next++;
        }
        if (next < to) {
            throw new IllegalStateException(outOfOrder(stream, to, next) + " (event " + next + " is not in the store yet)");
        }
    }

    private String outOfOrder(String stream, long arrived, long missing) {
        return "processor " + processor + " was given event " + arrived + " of stream " + stream + " before event "
                + missing + "; it stops and retries rather than let a read model skip an event";
    }
}
