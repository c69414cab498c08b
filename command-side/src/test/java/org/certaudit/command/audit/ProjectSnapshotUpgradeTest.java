package org.certaudit.command.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.axonframework.common.caching.Cache;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.inspection.AggregateModel;
import org.axonframework.modelling.command.inspection.AnnotatedAggregateMetaModelFactory;
import org.axonframework.serialization.SerializedMessage;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.bson.Document;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.ItemScored;
import org.certaudit.command.HttpTest;
import org.certaudit.eventstore.MongoEventStorageEngine;
import org.certaudit.scheme.Percent;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * A project whose stored snapshot an earlier release wrote (revision 2, {@code project-snapshot-revision-2.json}, the
 * shape before an issue's or renewal's change kept its certificate) loads through the event store and Axon's
 * repository as its events fold it, not as the snapshot says, and takes its next command: the snapshot filter of the
 * aggregate's {@code @Revision} holds in the engine the application configured, not only in the annotation.
 */
class ProjectSnapshotUpgradeTest extends HttpTest {

    @Autowired
    MongoEventStorageEngine storageEngine;
    @Autowired
    Configuration axon;
    @Autowired
    MongoDatabase database;
    @Autowired
    @Qualifier("projectCache")
    Cache projectCache;

    // Revision 3 lacks an audit's latest return (Project's revision 4): its snapshot is passed over as revision 2's is.
    @ParameterizedTest(name = "revision {0}")
    @ValueSource(strings = {"2", "3"})
    void anEarlierRevisionsSnapshotIsPassedOverAndTheProjectFoldedFromItsEvents(String revision) throws Exception {
        AuditId id = audits.readyToScore();
        audits.send("auditor", new ScoreItem(id, "5.1.1.1", Percent.of(90), "现场审查记录", null));
        String project = id.projectNumber().value();
        long last = audits.version(id);
        Serializer snapshots = storageEngine.getSnapshotSerializer();
        // The earlier release's snapshot of this project at its last event: were it used, no event would be read after it
        // and the project would be the seed project's granted and renewed certificate instead of this open audit.
        String earlier = revision2Snapshot().replace(AuditFixtures.PROJECT.value(), project);
        storageEngine.storeSnapshot(new GenericDomainEventMessage<>("Project", project, last, new SerializedMessage<>(
                UUID.randomUUID().toString(),
                new SimpleSerializedObject<>(earlier, String.class, Project.class.getName(), revision),
                new SimpleSerializedObject<>("{}", String.class, MetaData.class.getName(), null), snapshots), Instant.now()));
        Document stored = database.getCollection(MongoEventStorageEngine.SNAPSHOTS).find(Filters.eq("_id", project)).first();
        assertThat(stored).isNotNull();
        assertThat(stored.getString("payloadRevision")).isEqualTo(revision);
        assertThat(stored.get("seq", Number.class).longValue()).isEqualTo(last);
        // As after a restart: the project is not in this instance's cache, so the repository loads it from the store.
        projectCache.remove(project);

        String loaded = snapshots.serialize(loaded(project), String.class).getData();

        assertThat(loaded).isEqualTo(snapshots.serialize(foldedFromItsEvents(project), String.class).getData())
                .isNotEqualTo(snapshots.serialize(snapshots.deserialize(new SimpleSerializedObject<>(earlier, String.class,
                        Project.class.getName(), revision)), String.class).getData());
        AuditChange next = audits.send("auditor", new ScoreItem(id, "5.1.1.2", Percent.of(80), "现场审查记录", null));
        assertThat(next.version()).isEqualTo(last + 1);
        assertThat(audits.events(id)).last().extracting(DomainEventMessage::getPayload)
                .isEqualTo(new ItemScored(id, "5.1.1.2", Percent.of(80), "现场审查记录"));
    }

    /** The project as Axon's configured repository loads it (a snapshot it accepts, then the events after it). */
    private Project loaded(String project) {
        AtomicReference<Project> loaded = new AtomicReference<>();
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            axon.repository(Project.class).load(project).execute(loaded::set);
        } finally {
            unitOfWork.rollback();
        }
        return loaded.get();
    }

    /** The project folded from every stored event, from the first, with no snapshot read. */
    private Project foldedFromItsEvents(String project) {
        List<DomainEventMessage<?>> events = new ArrayList<>();
        eventStore.readEvents(project, 0).asStream().forEach(events::add);
        assertThat(events).first().extracting(DomainEventMessage::getSequenceNumber).isEqualTo(0L);
        Project folded = new Project();
        AggregateModel<Project> model = AnnotatedAggregateMetaModelFactory.inspectAggregate(Project.class);
        events.forEach(event -> model.publish(event, folded));
        return folded;
    }

    private String revision2Snapshot() throws IOException {
        try (InputStream in = getClass().getResourceAsStream("project-snapshot-revision-2.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
