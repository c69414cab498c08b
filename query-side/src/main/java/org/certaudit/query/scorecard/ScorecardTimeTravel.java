package org.certaudit.query.scorecard;

import java.util.Optional;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.queryhandling.QueryHandler;
import org.certaudit.audit.AuditScoring;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditId;
import org.certaudit.scheme.SchemeCatalog;
import org.certaudit.scheme.Scorecard;
import org.springframework.stereotype.Component;

/**
 * Answers "what did the scorecard say then?" from the stored events: it reads the project's stream
 * (one lookup by aggregate id, snapshots bypassed so that every event is seen), folds the audit's
 * events up to the point with the same {@link AuditScoring} the live read model uses, and scores
 * the result with the shared rules.
 */
@Component
class ScorecardTimeTravel {

    private final EventStore eventStore;
    private final SchemeCatalog schemes;

    ScorecardTimeTravel(EventStore eventStore, SchemeCatalog schemes) {
        this.eventStore = eventStore;
        this.schemes = schemes;
    }

    /** The audit's scoring at a point and its version there; empty when the audit was not opened yet. */
    record Replayed(AuditScoring scoring, long version) {
    }

    Optional<Replayed> replay(AuditId auditId, PointInTime point) {
        DomainEventStream stream = eventStore.readEvents(auditId.projectNumber().value(), 0);
        AuditScoring scoring = null;
        long version = -1;
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (message.getPayload() instanceof AuditEvent event && event.auditId().equals(auditId) && point.includes(message)) {
                scoring = (scoring == null ? AuditScoring.NONE : scoring).apply(event);
                version = message.getSequenceNumber();
            }
        }
        return scoring == null ? Optional.empty() : Optional.of(new Replayed(scoring, version));
    }

    @QueryHandler
    Optional<ScorecardView> handle(GetScorecardAt query) {
        return replay(query.auditId(), query.point()).map(replayed -> ScorecardView.of(query.auditId().value(),
                replayed.version(), query.point(), scorecard(replayed.scoring()), replayed.scoring()));
    }

    @QueryHandler
    Optional<ScorecardDiff> handle(GetScorecardDiff query) {
        Optional<Replayed> from = replay(query.auditId(), query.from());
        Optional<Replayed> to = replay(query.auditId(), query.to());
        if (to.isEmpty()) {
            return Optional.empty();
        }
        Scorecard after = scorecard(to.get().scoring());
        // Before the audit was opened its scorecard was empty: every item then counts as changed.
        Scorecard before = from.map(replayed -> scorecard(replayed.scoring()))
                .orElseGet(() -> AuditScoring.NONE.scorecard(after.scheme()));
        return Optional.of(new ScorecardDiff(query.auditId().value(),
                ScorecardDiff.Totals.of(query.from(), from.map(Replayed::version).orElse(null), before),
                ScorecardDiff.Totals.of(query.to(), to.get().version(), after),
                ItemDifference.between(before, after, false)));
    }

    private Scorecard scorecard(AuditScoring scoring) {
        return scoring.scorecard(schemes.pinned(scoring.schemeId(), scoring.schemeVersion()));
    }
}
