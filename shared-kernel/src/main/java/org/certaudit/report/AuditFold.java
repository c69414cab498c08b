package org.certaudit.report;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditOpened;
import org.certaudit.audit.AuditScoring;
import org.certaudit.scheme.SchemeCatalog;
import org.certaudit.scheme.Scorecard;

/**
 * One audit's own events folded into what its report prints of it: the facts ({@link AuditFacts}) and the scoring
 * ({@link AuditScoring}, the same fold as the live scorecard), with the audit's version (the project-stream sequence
 * number of its last event taken in) and when that event was recorded, and whether the team pledged before it worked
 * ({@link PledgeTiming}, which a report check says and the report does not print). Feed it the audit's events in stream
 * order.
 */
public final class AuditFold {

    private final AuditId auditId;
    private AuditFacts facts;
    private AuditScoring scoring = AuditScoring.NONE;
    private final PledgeTiming timing = new PledgeTiming();
    private long version = -1;
    private Instant lastEventAt;

    public AuditFold(AuditId auditId) {
        this.auditId = Objects.requireNonNull(auditId, "audit id is required");
    }

    /**
     * Takes in the audit's next event, with the user it was recorded with (the report names who recommended) and that
     * person's name as recorded (who cancelled).
     *
     * @return false, taking nothing in, for an event of another audit
     * @throws IllegalStateException when the audit's first event is not its {@link AuditOpened}
     */
    public boolean apply(RecordedEvent recorded) {
        AuditEvent event = recorded.event();
        long sequence = recorded.sequence();
        Instant recordedAt = recorded.recordedAt();
        if (!event.auditId().equals(auditId)) {
            return false;
        }
        if (facts == null && !(event instanceof AuditOpened)) {
            throw new IllegalStateException("event " + event.getClass().getSimpleName() + " of audit " + auditId
                    + " is stored before the audit was opened");
        }
        facts = facts == null ? AuditFacts.opened((AuditOpened) event) : facts.apply(recorded);
        scoring = scoring.apply(event);
        timing.apply(recorded);
        version = sequence;
        lastEventAt = recordedAt;
        return true;
    }

    /** Whether the audit's {@link AuditOpened} was taken in: until then there is nothing to report. */
    public boolean opened() {
        return facts != null;
    }

    /** The facts so far; null before the audit was opened. */
    public AuditFacts facts() {
        return facts;
    }

    public AuditScoring scoring() {
        return scoring;
    }

    /** The sequence number of the last event taken in; -1 before any. */
    public long version() {
        return version;
    }

    /** When the last event taken in was recorded; null before any. */
    public Instant lastEventAt() {
        return lastEventAt;
    }

    /**
     * The scorecard by the scheme version the audit pinned.
     *
     * @throws IllegalStateException before the audit was opened, or when {@code schemes} does not ship that version
     */
    public Scorecard scorecard(SchemeCatalog schemes) {
        requireOpened();
        return scoring.scorecard(schemes.pinned(scoring.schemeId(), scoring.schemeVersion()));
    }

    /** The special items that count (recorded and not withdrawn), in the order recorded. */
    public List<AuditScoring.SpecialItem> standingSpecialItems() {
        return scoring.specialItems().values().stream().filter(item -> !item.withdrawn()).toList();
    }

    /**
     * Whether the team pledged before it worked, as the events taken in stand ({@link PledgeTiming}), against the
     * on-site period in force. Not part of the digest: a check's finding, not a fact the report prints.
     *
     * @param zone the certification body's zone, on whose calendar a record's day is read
     * @throws IllegalStateException before the audit was opened
     */
    public PledgeTiming.Warnings pledgeTiming(ZoneId zone) {
        requireOpened();
        return timing.warnings(facts.onSite(), zone);
    }

    /**
     * What the report's digest is taken over at the version reached, with {@code certification} as the project's
     * events up to it say.
     *
     * @throws IllegalStateException before the audit was opened
     */
    public ReportContent content(SchemeCatalog schemes, CertificationRecord certification) {
        return new ReportContent(auditId, version, facts, scorecard(schemes), standingSpecialItems(), certification);
    }

    private void requireOpened() {
        if (facts == null) {
            throw new IllegalStateException("audit " + auditId + " has no events up to here: it was not opened yet");
        }
    }
}
