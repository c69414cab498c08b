package org.certaudit.query.scorecard;

import static org.certaudit.query.DocumentValues.number;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ReplayStatus;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.certaudit.audit.AuditScoring;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditOpened;
import org.certaudit.query.EventContext;
import org.certaudit.query.ReadModel;
import org.certaudit.query.ReadModels;
import org.certaudit.scheme.SchemeCatalog;
import org.springframework.stereotype.Component;

/**
 * Keeps each audit's current scoring in one document ({@code _id} = audit id): item results,
 * notes and special items, never derived numbers. The scorecard is computed from it on every
 * question by the shared scoring rules, so a change of rules needs no replay.
 *
 * <p>As it goes, it hands time travel ({@link ScorecardTimeTravel#keepFold}) the audit's fold at one of the audit's
 * events in every {@value ScorecardTimeTravel#KEEP_EVERY} sequence numbers, so that a question about a recent audit's
 * past starts near its point even when nobody asked about that audit before.
 *
 * <p>It tells {@link ScorecardUpdates} each audit's new version once per batch, after the batch has committed: the
 * batch's read-model writes are stored before the commit ({@link org.certaudit.query.StreamOrderGuard} flushes them
 * after the batch's last event, {@code BatchedWrites} at the latest when the commit is prepared),
 * so a scorecard read after a pushed version shows that version or a later one. A batch that fails pushes nothing.
 * Events replayed by a rebuild push nothing either: the read model starts again from empty and passes through every
 * older version of every audit, which would flood the streams with versions going backwards; a stream learns of the
 * audit again with its next live change, or on reconnecting. Outside a unit of work (tests handing events directly)
 * the write is stored at once and the version pushed at once.
 */
@Component
@ProcessingGroup(ScorecardProjection.PROCESSING_GROUP)
class ScorecardProjection implements ReadModel {

    static final String PROCESSING_GROUP = "audit-scorecards";
    static final String SCORECARDS = "query_scorecards";

    private static final String PUSHED = ScorecardProjection.class.getName() + ".pushed";

    private final ReadModels readModels;
    private final SchemeCatalog schemes;
    private final ScorecardTimeTravel timeTravel;
    private final ScorecardUpdates updates;

    ScorecardProjection(ReadModels readModels, SchemeCatalog schemes, ScorecardTimeTravel timeTravel,
                        ScorecardUpdates updates) {
        this.readModels = readModels;
        this.schemes = schemes;
        this.timeTravel = timeTravel;
        this.updates = updates;
    }

    @Override
    public String processingGroup() {
        return PROCESSING_GROUP;
    }

    @Override
    public List<String> collections() {
        return List.of(SCORECARDS);
    }

    /** Every event this read model takes in reads the audit's scorecard. */
    @Override
    public Map<String, String> documentsRead(Object payload) {
        return payload instanceof AuditEvent event ? Map.of(SCORECARDS, event.auditId().value()) : Map.of();
    }

    /** Every event of an audit moves its version; those about scores change the scoring too. */
    @EventHandler
    void on(AuditEvent event, EventContext context, EventMessage<?> message, ReplayStatus replay) {
        boolean changed = readModels.replaceOnce(SCORECARDS, event.auditId().value(), context, current -> {
            if (current == null && !(event instanceof AuditOpened)) {
                throw new IllegalStateException("event " + event.getClass().getSimpleName() + " for audit "
                        + event.auditId() + " arrived before the audit was opened");
            }
            AuditScoring next = ScoringDocuments.fromDocument(current).apply(event);
            timeTravel.keepFold(event.auditId(), context.sequenceNumber(), message.getIdentifier(), next);
            return ScoringDocuments.toDocument(next).append("version", context.sequenceNumber());
        });
        if (changed && !replay.isReplay()) {
            push(event.auditId().value(), context.sequenceNumber());
        }
    }

    /** Pushes the version after the unit of work commits, once per audit and batch; at once outside a unit of work. */
    private void push(String auditId, long version) {
        if (!CurrentUnitOfWork.isStarted()) {
            updates.published(Map.of(auditId, version));
            return;
        }
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        Map<String, Long> pushed = root.getOrComputeResource(PUSHED, key -> {
            Map<String, Long> versions = new HashMap<>();
            root.afterCommit(committed -> updates.published(versions));
            return versions;
        });
        pushed.merge(auditId, version, Math::max);
    }

    @ResetHandler
    void reset() {
        readModels.clear(this);
    }

    @QueryHandler
    Optional<ScorecardView> handle(GetScorecard query) {
        Document document = readModels.find(SCORECARDS, query.auditId().value());
        if (document == null) {
            return Optional.empty();
        }
        AuditScoring scoring = ScoringDocuments.fromDocument(document);
        return Optional.of(ScorecardView.of(query.auditId().value(), number(document, "version"), PointInTime.NOW,
                scoring.scorecard(schemes.pinned(scoring.schemeId(), scoring.schemeVersion())), scoring));
    }
}
