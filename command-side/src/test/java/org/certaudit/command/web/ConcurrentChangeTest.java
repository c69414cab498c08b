package org.certaudit.command.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.certaudit.command.TestAudits.as;
import static org.certaudit.command.TestAudits.json;
import static org.certaudit.command.TestAudits.scoreBody;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.axonframework.commandhandling.CommandBus;
import org.axonframework.common.Registration;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.axonframework.common.caching.Cache;
import org.axonframework.serialization.Serializer;
import org.certaudit.eventstore.MongoEventStorageEngine;
import com.mongodb.client.MongoDatabase;
import org.springframework.beans.factory.annotation.Qualifier;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.ItemScored;
import org.certaudit.command.HttpTest;
import org.certaudit.command.audit.AuditMetaData;
import org.certaudit.command.audit.AuditFixtures;
import org.certaudit.command.audit.OpenAudit;
import org.certaudit.command.audit.ScoreItem;
import org.certaudit.command.TestAudits;
import io.micrometer.core.instrument.MeterRegistry;
import org.certaudit.audit.AuditOpened;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.scheme.Percent;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

/**
 * Two command-side instances changing one project at once: the second one's events collide with
 * the first one's on the stream's unique (aggregate, sequence) key. Made deterministic by letting
 * the "other instance" append, straight to the storage engine, an event at the very sequence
 * number the request's event will take, after this instance loaded the project and before it
 * commits.
 */
class ConcurrentChangeTest extends HttpTest {

    @Autowired
    private CommandBus commandBus;
    @Autowired
    private EventStorageEngine storageEngine;
    @Autowired
    private MeterRegistry meters;
    @Autowired
    private MongoDatabase database;
    @Autowired
    @Qualifier("projectCache")
    private Cache projectCache;
    @Autowired
    @Qualifier("eventSerializer")
    private Serializer eventSerializer;

    @Test
    void aChangeCollidingWithAnotherInstancesChangeGets409AskingToRetryAndWritesNothing() throws Exception {
        AuditId id = audits.readyToScore();
        List<DomainEventMessage<?>> before = audits.events(id);
        DomainEventMessage<?> last = before.get(before.size() - 1);
        DomainEventMessage<ItemScored> foreign = new GenericDomainEventMessage<>(last.getType(),
                id.projectNumber().value(), last.getSequenceNumber() + 1,
                new ItemScored(id, "5.1.1.2", Percent.of(80), "另一实例记录的评分"),
                MetaData.with(AuditMetaData.USER, "leader"));

        AtomicBoolean armed = new AtomicBoolean(true);
        Registration otherInstance = commandBus.registerHandlerInterceptor((unitOfWork, chain) -> {
            Object result = chain.proceed();
            if (unitOfWork.getMessage().getPayload() instanceof ScoreItem score && score.auditId().equals(id)
                    && armed.compareAndSet(true, false)) {
                storageEngine.appendEvents(foreign);
            }
            return result;
        });
        try {
            http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), scoreBody("99")).with(as("auditor")))
                    .andExpect(status().isConflict())
                    .andExpect(header().string("Content-Type", MediaType.APPLICATION_PROBLEM_JSON_VALUE))
                    .andExpect(jsonPath("$.type").value("urn:certaudit:problem:concurrent-change"))
                    .andExpect(jsonPath("$.title").value("Concurrent change"))
                    .andExpect(jsonPath("$.detail", allOf(
                            containsString("changed by another request at the same time"),
                            containsString("nothing of this request was saved"),
                            containsString("retry"))))
                    .andExpect(jsonPath("$.requestId").isNotEmpty());
        } finally {
            otherInstance.cancel();
        }
        assertThat(armed).as("the other instance's change was made").isFalse();

        List<DomainEventMessage<?>> after = audits.events(id);
        assertThat(after).hasSize(before.size() + 1);
        assertThat(after.get(after.size() - 1).getSequenceNumber()).isEqualTo(foreign.getSequenceNumber());
        assertThat(after.get(after.size() - 1).getPayload()).isEqualTo(foreign.getPayload());
        assertThat(after).extracting(DomainEventMessage::getPayload)
                .noneMatch(payload -> payload instanceof ItemScored scored && scored.clause().equals("5.1.1.1"));

        assertThat(meters.counter("audit.commands", "command", "ScoreItem", "outcome", "rejected").count())
                .as("a lost race is counted as rejected").isPositive();
        long current = foreign.getSequenceNumber();
        http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), scoreBody("99")).with(as("auditor")))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"" + (current + 1) + "\""));
    }

    @Test
    void aProjectThisInstanceKeptIsBroughtUpToDateWithWhatAnotherInstanceAppendedSince() throws Exception {
        AuditId id = audits.readyToScore();
        http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.1"), scoreBody("90")).with(as("auditor")))
                .andExpect(status().isOk());
        assertThat(projectCache.containsKey(id.projectNumber().value())).as("this instance keeps the project").isTrue();
        List<DomainEventMessage<?>> before = audits.events(id);
        long kept = before.get(before.size() - 1).getSequenceNumber();
        // Another instance: its own engine on the same store, unknown to this instance's engine and cache.
        MongoEventStorageEngine otherInstance = MongoEventStorageEngine.builder().database(database)
                .eventSerializer(eventSerializer).snapshotSerializer(eventSerializer).build();
        otherInstance.appendEvents(new GenericDomainEventMessage<>("Project", id.projectNumber().value(), kept + 1,
                new ItemScored(id, "5.1.1.2", Percent.of(80), "另一实例记录的评分"), MetaData.with(AuditMetaData.USER, "leader")));

        // Changing 5.1.1.2 needs a reason now: only a project that includes the other instance's score says so.
        http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.2"), scoreBody("70")).with(as("auditor")))
                .andExpect(status().is4xxClientError())
                .andExpect(jsonPath("$.detail", containsString("reason")));
        http.perform(json(put("/api/audits/{id}/items/{item}", id, "5.1.1.3"), scoreBody("60")).with(as("auditor")))
                .andExpect(status().isOk())
                .andExpect(header().string("ETag", "\"" + (kept + 2) + "\""));
        assertThat(audits.events(id)).extracting(DomainEventMessage::getSequenceNumber)
                .as("one unbroken stream: this instance's event follows the other's").endsWith(kept, kept + 1, kept + 2);
    }

    @Test
    void openingAProjectThatAnotherInstanceCreatedAtTheSameTimeGets409AndWritesNothing() throws Exception {
        ProjectNumber project = TestAudits.newProject();
        AuditId othersAudit = AuditId.of(project, 1);
        DomainEventMessage<AuditOpened> foreign = new GenericDomainEventMessage<>("Project", project.value(), 0,
                othersOpening(othersAudit), MetaData.with(AuditMetaData.USER, "admin"));
        double rejectedBefore = meters.counter("audit.commands", "command", "OpenAudit", "outcome", "rejected").count();

        AtomicBoolean armed = new AtomicBoolean(true);
        Registration otherInstance = commandBus.registerHandlerInterceptor((unitOfWork, chain) -> {
            Object result = chain.proceed();
            if (unitOfWork.getMessage().getPayload() instanceof OpenAudit open && open.projectNumber().equals(project)
                    && armed.compareAndSet(true, false)) {
                storageEngine.appendEvents(foreign);
            }
            return result;
        });
        try {
            http.perform(json(post("/api/audits"), TestAudits.openBody(project, AuditType.INITIAL)).with(as("admin")))
                    .andExpect(status().isConflict())
                    .andExpect(header().string("Content-Type", MediaType.APPLICATION_PROBLEM_JSON_VALUE))
                    .andExpect(jsonPath("$.type").value("urn:certaudit:problem:concurrent-change"))
                    .andExpect(jsonPath("$.detail", allOf(
                            containsString("opened the first audit of this project number at the same time"),
                            containsString("nothing of this request was saved"))));
        } finally {
            otherInstance.cancel();
        }
        assertThat(armed).isFalse();
        List<DomainEventMessage<?>> stored = audits.events(othersAudit);
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).getIdentifier()).isEqualTo(foreign.getIdentifier());
        assertThat(meters.counter("audit.commands", "command", "OpenAudit", "outcome", "rejected").count())
                .isEqualTo(rejectedBefore + 1);
    }

    private static AuditOpened othersOpening(AuditId id) {
        AuditOpened template = AuditFixtures.opened(id, AuditType.INITIAL, null);
        return new AuditOpened(id, id.projectNumber(), template.type(), null, template.schemeId(), template.schemeVersion(),
                template.organization(), template.otherSites(), template.scope(), template.criteria(),
                template.onSiteFrom(), template.onSiteTo(), template.onSiteDays());
    }
}
