package org.certaudit.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.certaudit.query.AuditFixtures.SEED_AUDIT;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.BatchingUnitOfWork;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.ItemScored;
import org.certaudit.audit.PledgeSigned;
import org.certaudit.scheme.Percent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class StreamOrderGuardTest {

    private static final String PROJECT = SEED_AUDIT.projectNumber().value();

    private final EmbeddedEventStore eventStore = EmbeddedEventStore.builder()
            .storageEngine(new InMemoryEventStorageEngine()).build();
    private final ProjectionHarness harness = new ProjectionHarness();
    private final ReadModels readModels = harness.readModels();
    private final List<Long> handled = new ArrayList<>();

    @AfterEach
    void stop() {
        eventStore.shutDown();
    }

    @Test
    void handsEachStreamsEventsOnInOrderAndSkipsARedeliveryAfterTheBatchCommitted() throws Exception {
        List<DomainEventMessage<?>> events = store(scored("5.1.1.1"), scored("5.1.1.2"), scored("5.1.1.3"));
        StreamOrderGuard guard = guard(type -> true);

        batch(guard, events.get(0), events.get(1));
        batch(guard, events.get(1), events.get(2));

        assertThat(handled).containsExactly(0L, 1L, 2L);
        assertThat(readModels.lastHandled("scorecards", PROJECT)).isEqualTo(2L);
    }

    @Test
    void refusesAnEventThatArrivesBeforeAnEarlierOneOfItsStreamThatItHandles() {
        List<DomainEventMessage<?>> events = store(scored("5.1.1.1"), scored("5.1.1.2"), scored("5.1.1.3"));
        StreamOrderGuard guard = guard(type -> true);

        assertThatThrownBy(() -> batch(guard, events.get(0), events.get(2)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("was given event 2 of stream " + PROJECT + " before event 1");
        assertThat(handled).containsExactly(0L);
        assertThat(readModels.lastHandled("scorecards", PROJECT)).as("the failed batch recorded nothing").isNull();
    }

    @Test
    void refusesAnEventWhosePredecessorIsNotInTheStoreYet() {
        List<DomainEventMessage<?>> events = store(scored("5.1.1.1"));
        DomainEventMessage<?> fromTheFuture = new GenericDomainEventMessage<>("Project", PROJECT, 5, scored("5.1.1.6"));

        assertThatThrownBy(() -> batch(guard(type -> true), events.get(0), fromTheFuture))
                .hasMessageContaining("before event 1").hasMessageContaining("not in the store yet");
    }

    @Test
    void letsThroughEventsWhosePredecessorsAreOfTypesTheProcessorDoesNotHandle() throws Exception {
        List<DomainEventMessage<?>> events = store(scored("5.1.1.1"),
                new PledgeSigned(SEED_AUDIT, "A", LocalDate.of(2021, 6, 5)), scored("5.1.1.2"));

        batch(guard(ItemScored.class::equals), events.get(0), events.get(2));

        assertThat(handled).containsExactly(0L, 2L);
    }

    @Test
    void readsTheStoredProgressOfAStreamItKnowsNothingOfOnceAlsoWhenItsFirstEventFollowsSkippedOnes() throws Exception {
        List<DomainEventMessage<?>> events = store(new PledgeSigned(SEED_AUDIT, "A", LocalDate.of(2021, 6, 5)),
                scored("5.1.1.1"), scored("5.1.1.2"));
        List<String> progressReads = new java.util.concurrent.CopyOnWriteArrayList<>();
        ReadModels counted = ProjectionHarness.freshReadModels(new CommandListener() {
            @Override
            public void commandStarted(CommandStartedEvent event) {
                if (event.getCommandName().equals("find")
                        && ReadModels.STREAM_PROGRESS.equals(event.getCommand().getString("find").getValue())) {
                    progressReads.add(event.getCommand().toJson());
                }
            }
        });
        StreamOrderGuard guard = new StreamOrderGuard("scorecards", counted,
                StreamOrderGuard.StreamReader.of(() -> eventStore), ItemScored.class::equals);

        batch(guard, events.get(1));
        batch(guard, events.get(2));

        assertThat(handled).containsExactly(1L, 2L);
        assertThat(progressReads).as("one read for event 1, none for event 2 (it follows what this instance committed)")
                                 .hasSize(1);
    }

    @Test
    void checksTheSkippedEventsInTheBatchesTheSourceKeepsAndReadsTheStoreForThoseItDoesNot() throws Exception {
        InMemoryEventStorageEngine engine = new InMemoryEventStorageEngine(1);
        List<DomainEventMessage<?>> events = new ArrayList<>();
        for (AuditEvent payload : List.of(scored("5.1.1.1"), new PledgeSigned(SEED_AUDIT, "A", LocalDate.of(2021, 6, 5)),
                scored("5.1.1.2"), scored("5.1.1.3"), scored("5.1.1.4"))) {
            events.add(new GenericDomainEventMessage<>("Project", PROJECT, events.size(), payload));
        }
        engine.appendEvents(events);
        // One event a batch: the batches of positions 1-4 are settled and kept, the last one reached the head.
        StoreEventSource source = new StoreEventSource(engine, () -> 5L, java.time.Duration.ofMillis(20), 1, 100);
        List<String> storeReads = new java.util.concurrent.CopyOnWriteArrayList<>();
        StreamOrderGuard.StreamReader reader = StreamOrderGuard.StreamReader.keptFirst(() -> source, (stream, first, end) -> {
            storeReads.add(first + ".." + end);
            return engine.readEvents(stream, first);
        });
        try {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> source.headSeen() >= 5);
            var stream = source.openStream(null);
            for (int i = 0; i < 5; i++) {
                assertThat(stream.hasNextAvailable(2, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
                stream.nextAvailable();
            }
            StreamOrderGuard guard = new StreamOrderGuard("scorecards", readModels, reader, ItemScored.class::equals);

            batch(guard, events.get(0), events.get(2));
            assertThatThrownBy(() -> batch(guard, events.get(4))).as("event 3 is handled here and was not given")
                    .hasMessageContaining("was given event 4 of stream " + PROJECT + " before event 3");

            assertThat(handled).containsExactly(0L, 2L);
            assertThat(storeReads).as("the pledge (1) and event 3 were kept").isEmpty();
            assertThat(reader.read(PROJECT, 3, 5).asStream().map(DomainEventMessage::getSequenceNumber))
                    .as("event 4 is not kept: read from the store").containsExactly(3L, 4L);
            assertThat(storeReads).containsExactly("3..5");
        } finally {
            source.close();
        }
    }

    @Test
    void takesUpAStreamThatAnotherQuerySideInstanceMovedOnMeanwhile() throws Exception {
        List<DomainEventMessage<?>> events = store(scored("5.1.1.1"), scored("5.1.1.2"), scored("5.1.1.3"),
                scored("5.1.1.4"));
        StreamOrderGuard here = guard(type -> true);
        StreamOrderGuard there = new StreamOrderGuard("scorecards", harness.readModelsOfAnotherInstance(),
                StreamOrderGuard.StreamReader.of(() -> eventStore), type -> true);

        batch(here, events.get(0));
        batch(there, events.get(1), events.get(2));
        batch(here, events.get(2), events.get(3));

        assertThat(handled).as("the redelivered 2 is skipped, 3 follows what the other instance did")
                .containsExactly(0L, 1L, 2L, 3L);
    }

    @Test
    void aRebuildForgetsTheProgressSoTheReplayedEventsAreHandledAgain() throws Exception {
        List<DomainEventMessage<?>> events = store(scored("5.1.1.1"));
        StreamOrderGuard guard = guard(type -> true);
        batch(guard, events.get(0));

        readModels.clear(new ReadModel() {
            @Override
            public String processingGroup() {
                return "scorecards";
            }

            @Override
            public List<String> collections() {
                return List.of();
            }
        });
        batch(guard, events.get(0));

        assertThat(handled).containsExactly(0L, 0L);
    }

    private StreamOrderGuard guard(java.util.function.Predicate<Class<?>> handles) {
        return new StreamOrderGuard("scorecards", readModels, StreamOrderGuard.StreamReader.of(() -> eventStore), handles);
    }

    private List<DomainEventMessage<?>> store(AuditEvent... payloads) {
        List<DomainEventMessage<?>> events = new ArrayList<>();
        for (AuditEvent payload : payloads) {
            events.add(new GenericDomainEventMessage<>("Project", PROJECT, events.size(), payload));
        }
        eventStore.publish(events);
        return events;
    }

    private static ItemScored scored(String clause) {
        return new ItemScored(SEED_AUDIT, clause, Percent.of(90), "现场查看");
    }

    /** One tracking batch through the guard, as the processor runs it: one unit of work, committed at the end. */
    private void batch(StreamOrderGuard guard, EventMessage<?>... events) throws Exception {
        BatchingUnitOfWork<EventMessage<?>> unitOfWork = new BatchingUnitOfWork<>(List.of(events));
        ResultMessage<?> result = unitOfWork.executeWithResult(() -> {
            EventMessage<?> message = unitOfWork.getMessage();
            return guard.handle(unitOfWork, () -> {
                handled.add(((DomainEventMessage<?>) message).getSequenceNumber());
                return null;
            });
        });
        if (result.isExceptional()) {
            throw (Exception) result.exceptionResult();
        }
    }
}
