package org.certaudit.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import org.certaudit.scheme.SchemeCatalog;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.event.CommandListener;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.responsetypes.ResponseType;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.axonframework.queryhandling.DefaultQueryGateway;
import org.axonframework.queryhandling.QueryGateway;
import org.axonframework.queryhandling.SimpleQueryBus;
import org.axonframework.queryhandling.annotation.AnnotationQueryHandlerAdapter;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.EventMetaData;

/**
 * Given events, then the read model: appends events to an in-memory Axon event store (as the
 * project's stream, with {@code user} and {@code requestId} metadata and a clock one minute per
 * event), hands the stored, tracked events to the projections through Axon's annotation adapters,
 * and answers queries through a query bus. Read models live in a fresh database of an in-memory
 * mongo-java-server shared by all harnesses.
 */
public final class ProjectionHarness implements AutoCloseable {

    public static final Instant START = Instant.parse("2021-06-05T01:00:00Z");

    private static final MongoServer SERVER = new MongoServer(new MemoryBackend());
    private static final MongoClient CLIENT;
    private static final AtomicInteger DATABASES = new AtomicInteger();

    static {
        CLIENT = MongoClients.create("mongodb://" + hostAndPort(SERVER.bind()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            CLIENT.close();
            SERVER.shutdownNow();
        }));
    }

    private final InMemoryEventStorageEngine storage = new InMemoryEventStorageEngine();
    private final EmbeddedEventStore eventStore = EmbeddedEventStore.builder().storageEngine(storage).build();
    private final SimpleQueryBus queryBus = SimpleQueryBus.builder().build();
    private final QueryGateway queryGateway = DefaultQueryGateway.builder().queryBus(queryBus).build();
    private final String database = "harness" + DATABASES.incrementAndGet();
    private final ReadModels readModels = new ReadModels(CLIENT.getDatabase(database));
    private final SchemeCatalog schemes = SchemeCatalog.shipped();
    private final List<AnnotationEventHandlerAdapter> projections = new ArrayList<>();
    private final List<TrackedEventMessage<?>> delivered = new ArrayList<>();
    private final Map<String, Long> sequences = new HashMap<>();
    private TrackingToken lastToken;
    private Instant clock = START;
    private String user = "leader";
    private String personName;

    public ReadModels readModels() {
        return readModels;
    }

    /** Read models in a database of their own, on a client whose commands {@code listener} sees. */
    public static ReadModels freshReadModels(CommandListener listener) {
        MongoClient client = MongoClients.create(MongoClientSettings.builder()
                .applyConnectionString(new ConnectionString("mongodb://" + hostAndPort(SERVER.getLocalAddress())))
                .addCommandListener(listener).build());
        Runtime.getRuntime().addShutdownHook(new Thread(client::close));
        return new ReadModels(client.getDatabase("harness" + DATABASES.incrementAndGet()));
    }

    /** The same database as another query-side instance sees it: same documents, its own memory. */
    public ReadModels readModelsOfAnotherInstance() {
        return new ReadModels(CLIENT.getDatabase(database));
    }

    public SchemeCatalog schemes() {
        return schemes;
    }

    public EventStore eventStore() {
        return eventStore;
    }

    /** Registers projections (their event handlers) and query handlers. */
    public ProjectionHarness with(Object... handlers) {
        for (Object handler : handlers) {
            if (handler instanceof ReadModel) {
                projections.add(new AnnotationEventHandlerAdapter(handler));
            }
            new AnnotationQueryHandlerAdapter<>(handler).subscribe(queryBus);
        }
        return this;
    }

    /** The user the following events are recorded for, with no person's name (as every event before names were kept). */
    public ProjectionHarness as(String userName) {
        return as(userName, null);
    }

    /**
     * The user the following events are recorded for and that person's name, recorded with each as the command side
     * does ({@code personName}); null for none.
     */
    public ProjectionHarness as(String userName, String personName) {
        this.user = userName;
        this.personName = personName;
        return this;
    }

    /** The timestamp of the next event; later ones follow a minute apart. */
    public ProjectionHarness at(Instant time) {
        this.clock = time;
        return this;
    }

    public Instant clock() {
        return clock;
    }

    public ProjectionHarness given(AuditEvent... events) {
        return given(List.of(events));
    }

    public ProjectionHarness given(List<? extends AuditEvent> events) {
        for (AuditEvent event : events) {
            String project = event.auditId().projectNumber().value();
            long sequence = sequences.merge(project, 1L, Long::sum) - 1;
            Map<String, Object> metaData = new HashMap<>(Map.of(EventMetaData.USER, user,
                    EventMetaData.REQUEST_ID, "req-" + project + "-" + sequence));
            if (personName != null) {
                metaData.put(EventMetaData.PERSON_NAME, personName);
            }
            eventStore.publish(new GenericDomainEventMessage<>("Project", project, sequence, event, metaData,
                    "event-" + project + "-" + sequence, clock));
            clock = clock.plus(Duration.ofMinutes(1));
        }
        List<? extends TrackedEventMessage<?>> stored = storage.readEvents(lastToken, false).collect(Collectors.toList());
        for (TrackedEventMessage<?> message : stored) {
            deliver(message);
            delivered.add(message);
            lastToken = message.trackingToken();
        }
        return this;
    }

    /** The project stream's sequence number of the last event given. */
    public long version(String projectNumber) {
        return sequences.getOrDefault(projectNumber, 0L) - 1;
    }

    public List<TrackedEventMessage<?>> delivered() {
        return List.copyOf(delivered);
    }

    /**
     * Hands the events delivered so far to {@code projection} (which writes to {@code readModels}, not to this
     * harness's) in tracking batches of {@code size}, as a processor runs them: one unit of work per batch, the
     * stream order guard before the handler (fetching first what a {@link ReadModel} names), the batch's read-model
     * writes stored at its end.
     */
    public void deliverInBatches(Object projection, ReadModels readModels, int size) throws Exception {
        AnnotationEventHandlerAdapter adapter = new AnnotationEventHandlerAdapter(projection);
        StreamOrderGuard guard = new StreamOrderGuard("batches", readModels, StreamOrderGuard.StreamReader.of(() -> eventStore),
                adapter::canHandleType, documentsRead(projection));
        List<TrackedEventMessage<?>> events = delivered.stream().filter(adapter::canHandle).toList();
        for (int from = 0; from < events.size(); from += size) {
            BatchingUnitOfWork<EventMessage<?>> unitOfWork =
                    new BatchingUnitOfWork<>(List.copyOf(events.subList(from, Math.min(events.size(), from + size))));
            ResultMessage<?> result = unitOfWork.executeWithResult(() -> guard.handle(unitOfWork,
                    () -> adapter.handle(unitOfWork.getMessage())));
            if (result.isExceptional()) {
                throw (Exception) result.exceptionResult();
            }
        }
    }

    /** Every document of {@code collection} in {@code _id} order, each as its JSON (field order and types included). */
    public static List<String> contents(ReadModels readModels, String collection) {
        List<String> contents = new ArrayList<>();
        readModels.collection(collection).find().sort(new org.bson.Document("_id", 1))
                  .forEach(document -> contents.add(document.toJson()));
        return contents;
    }

    /**
     * Hands the events delivered so far to a projection {@code projection} builds on fresh read models, in tracking
     * batches of each of {@code sizes} ({@link #deliverInBatches}), and asserts that each of {@code collections} then
     * holds exactly what this harness's event-by-event delivery stored in it.
     *
     * @return what event-by-event delivery stored, one list of documents (as JSON) per collection, in their order
     */
    public List<List<String>> assertBatchesStoreWhatEventByEventStores(Function<ReadModels, Object> projection,
                                                                       List<String> collections, int... sizes)
            throws Exception {
        List<List<String>> eventByEvent = collections.stream().map(collection -> contents(readModels, collection)).toList();
        for (int size : sizes) {
            ReadModels batched = freshReadModels(new CommandListener() {
            });
            deliverInBatches(projection.apply(batched), batched, size);
            assertThat(collections.stream().map(collection -> contents(batched, collection)).toList())
                    .as("batches of " + size).isEqualTo(eventByEvent);
        }
        return eventByEvent;
    }

    private static Function<Object, Map<String, String>> documentsRead(Object projection) {
        if (projection instanceof ReadModel readModel) {
            return readModel::documentsRead;
        }
        return payload -> Map.of();
    }

    /** Hands an already delivered event to the projections once more, as a retried batch would. */
    public void redeliver(TrackedEventMessage<?> message) {
        deliver(message);
    }

    /** What a processor reset does: the reset handlers, then every stored event from the start. */
    public void replayAll() {
        projections.forEach(AnnotationEventHandlerAdapter::prepareReset);
        storage.readEvents(null, false).forEach(this::deliver);
    }

    public <R> R query(Object query, ResponseType<R> responseType) {
        return queryGateway.query(query, responseType).join();
    }

    private void deliver(TrackedEventMessage<?> message) {
        for (AnnotationEventHandlerAdapter projection : projections) {
            if (projection.canHandle(message)) {
                try {
                    projection.handle(message);
                } catch (Exception e) {
                    throw new IllegalStateException("projection " + projection.getTargetType().getSimpleName()
                            + " failed on " + message.getPayloadType().getSimpleName(), e);
                }
            }
        }
    }

    private static String hostAndPort(java.net.InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    @Override
    public void close() {
        eventStore.shutDown();
    }
}
