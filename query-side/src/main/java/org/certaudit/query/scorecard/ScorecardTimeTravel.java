package org.certaudit.query.scorecard;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
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
 * (by aggregate id, snapshots bypassed so that every event is seen), folds the audit's events up to
 * the point with the same {@link AuditScoring} the live read model uses, and scores the result with
 * the shared rules.
 *
 * <p>A point at a version stops reading after it, and starts from the nearest kept fold: every
 * {@value #KEEP_EVERY}th sequence number of the stream a replay passes, and about as often among the
 * audit's events the live projection takes in ({@link #keepFold}), the audit's fold up to there is
 * kept in memory ({@value #MAX_KEPT} folds at most, those of the audits asked least recently dropped
 * first). A kept fold is used only after the stream, read from its sequence number, still starts with
 * the event it was folded up to (stored events never change, but a write that failed half-way is
 * removed again); otherwise the audit's folds are dropped and the replay starts from the beginning.
 * A point as of an instant reads the whole stream: timestamps need not grow with sequence numbers.
 */
@Component
class ScorecardTimeTravel {

    /** Every how many sequence numbers of a project's stream a replay keeps the audit's fold. */
    static final int KEEP_EVERY = 64;
    /** How many folds are kept in all (each holds references to one audit's item states). */
    static final int MAX_KEPT = 1_024;

    private final EventStore eventStore;
    private final SchemeCatalog schemes;
    /** Per audit, its folds by the sequence number they end at; least recently asked first. */
    private final LinkedHashMap<AuditId, NavigableMap<Long, Kept>> kept = new LinkedHashMap<>(64, 0.75f, true);
    private int keptCount;

    ScorecardTimeTravel(EventStore eventStore, SchemeCatalog schemes) {
        this.eventStore = eventStore;
        this.schemes = schemes;
    }

    /** The audit's scoring at a point and its version there; empty when the audit was not opened yet. */
    record Replayed(AuditScoring scoring, long version) {
    }

    /** An audit's fold up to the event {@code eventId} at sequence number {@code seq}; scoring null before it was opened. */
    private record Kept(long seq, String eventId, AuditScoring scoring, long version) {
    }

    Optional<Replayed> replay(AuditId auditId, PointInTime point) {
        return replay(auditId, point, true);
    }

    private Optional<Replayed> replay(AuditId auditId, PointInTime point, boolean fromKept) {
        Kept start = point.atVersion() == null || !fromKept ? null : keptAtOrBefore(auditId, point.atVersion());
        DomainEventStream stream = eventStore.readEvents(auditId.projectNumber().value(), start == null ? 0 : start.seq());
        AuditScoring scoring = null;
        long version = -1;
        if (start != null) {
            DomainEventMessage<?> first = stream.hasNext() ? stream.next() : null;
            if (first == null || !first.getIdentifier().equals(start.eventId())) {
                forget(auditId);
                return replay(auditId, point, false);
            }
            scoring = start.scoring();
            version = start.version();
        }
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (point.atVersion() != null && message.getSequenceNumber() > point.atVersion()) {
                break;
            }
            if (message.getPayload() instanceof AuditEvent event && event.auditId().equals(auditId) && point.includes(message)) {
                scoring = (scoring == null ? AuditScoring.NONE : scoring).apply(event);
                version = message.getSequenceNumber();
            }
            if (point.atVersion() != null && message.getSequenceNumber() % KEEP_EVERY == KEEP_EVERY - 1) {
                keep(auditId, new Kept(message.getSequenceNumber(), message.getIdentifier(), scoring, version));
            }
        }
        return scoring == null ? Optional.empty() : Optional.of(new Replayed(scoring, version));
    }

    private synchronized Kept keptAtOrBefore(AuditId auditId, long seq) {
        NavigableMap<Long, Kept> folds = kept.get(auditId);
        Map.Entry<Long, Kept> found = folds == null ? null : folds.floorEntry(seq);
        return found == null ? null : found.getValue();
    }

    /**
     * A fold the live projection computed: the audit's scoring after its own event {@code eventId} at {@code seq}. Kept
     * when the audit has no kept fold in the {@value #KEEP_EVERY} sequence numbers up to {@code seq}; it is checked
     * against the store like any other before use.
     */
    void keepFold(AuditId auditId, long seq, String eventId, AuditScoring scoring) {
        Kept near = keptAtOrBefore(auditId, seq);
        if (near == null || near.seq() <= seq - KEEP_EVERY) {
            keep(auditId, new Kept(seq, eventId, scoring, seq));
        }
    }

    private synchronized void keep(AuditId auditId, Kept fold) {
        NavigableMap<Long, Kept> folds = kept.computeIfAbsent(auditId, id -> new TreeMap<>());
        if (folds.containsKey(fold.seq())) {
            return;
        }
        Iterator<Map.Entry<AuditId, NavigableMap<Long, Kept>>> eldest = kept.entrySet().iterator();
        while (keptCount >= MAX_KEPT && eldest.hasNext()) {
            Map.Entry<AuditId, NavigableMap<Long, Kept>> next = eldest.next();
            if (!next.getKey().equals(auditId)) {
                keptCount -= next.getValue().size();
                eldest.remove();
            }
        }
        if (keptCount < MAX_KEPT) {
            folds.put(fold.seq(), fold);
            keptCount++;
        }
    }

    private synchronized void forget(AuditId auditId) {
        NavigableMap<Long, Kept> folds = kept.remove(auditId);
        if (folds != null) {
            keptCount -= folds.size();
        }
    }

    /** How many folds are kept now. */
    synchronized int keptFolds() {
        return keptCount;
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
                ItemDifference.between(before, after, false),
                SpecialItemDifference.between(from.map(Replayed::scoring).orElse(AuditScoring.NONE), to.get().scoring())));
    }

    private Scorecard scorecard(AuditScoring scoring) {
        return scoring.scorecard(schemes.pinned(scoring.schemeId(), scoring.schemeVersion()));
    }
}
