package org.certaudit.command.audit;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.AggregateMember;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.modelling.command.ForwardMatchingInstances;
import org.axonframework.serialization.Revision;
import org.axonframework.spring.stereotype.Aggregate;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditOpened;
import org.certaudit.audit.AuditReopened;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.Certificate;
import org.certaudit.audit.CertificateGranted;
import org.certaudit.audit.CertificateMaintained;
import org.certaudit.audit.CertificateRenewed;
import org.certaudit.audit.CertificateRestored;
import org.certaudit.audit.CertificateSuspended;
import org.certaudit.audit.CertificateWithdrawn;
import org.certaudit.audit.CertificationRefused;
import org.certaudit.audit.Decision;
import org.certaudit.audit.DecisionOutcome;
import org.certaudit.audit.FindingsRecorded;
import org.certaudit.audit.GradeRecommended;
import org.certaudit.audit.ItemApplicabilityRestored;
import org.certaudit.audit.ItemMarkedNotApplicable;
import org.certaudit.audit.ItemNotApplicableReasonRevised;
import org.certaudit.audit.ItemScoreRevised;
import org.certaudit.audit.ItemScored;
import org.certaudit.audit.OnSiteAuditRescheduled;
import org.certaudit.audit.OnSitePeriod;
import org.certaudit.audit.Organization;
import org.certaudit.audit.PledgeDateCorrected;
import org.certaudit.audit.PledgeSigned;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.audit.SpecialItemRecorded;
import org.certaudit.audit.SpecialItemWithdrawn;
import org.certaudit.audit.TeamMember;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.audit.TechnicalReviewAccepted;
import org.certaudit.audit.UserNames;
import org.certaudit.certificate.CertificateHistory;
import org.certaudit.certificate.CertificateStatus;
import org.certaudit.certificate.NextActivity;
import org.certaudit.command.web.InvalidFieldException;
import org.certaudit.scheme.Scheme;
import org.certaudit.scheme.SchemeCatalog;
import org.certaudit.web.RuleCode;
import org.certaudit.web.RuleViolation;

/**
 * A certification project (one project number): its audits, each an {@link Audit} entity that
 * owns its own work, and its certificates, in one event stream. The project keeps the rules that
 * span audits: which audit may open next (the lineage), reopening, the certification decision and
 * the certificate's life (issue, surveillance, suspension, restoration, withdrawal, renewal); and it handles the
 * recommendation and the technical review's acceptance, whose days its certificate bounds.
 *
 * <p>Why one stream per project and not one per audit: the lineage and certificate rules (the
 * first audit is initial, one audit at a time, a surveillance needs a valid or suspended
 * certificate, a re-certification one that was not withdrawn, a new initial only without a
 * standing certificate) are decided on the history of every audit of the project. Separate audit
 * streams would need a cross-stream check that two concurrent "open" commands could both pass; in
 * one stream, the aggregate version makes the second one fail. The price is that the stream grows
 * over the certification cycles, which snapshots bound.
 */
// Revision 2: audits became entities; a snapshot of another revision is ignored (Axon's
// RevisionSnapshotFilter) and the project is rebuilt from its events instead.
// Revision 3: an issue's or renewal's certificate change keeps its certificate (the period's organization, scope and
// scheme). A revision 2 snapshot still reads (its periods fall back to the latest certificate, ProjectSnapshotTest),
// but is ignored so that the project's certificates are their events' fold.
// Revision 4: each audit keeps everyone who ever reviewed it (returns and acceptances set aside by a reopening too)
// and the day of its latest return by technical review, which its next review follows (review.before-return); a
// revision 3 snapshot has neither, so it is ignored and the project refolded: an earlier reviewer is never taken for
// independent, and no review is dated before a return.
@Revision("4")
@Aggregate(snapshotTriggerDefinition = "projectSnapshotTrigger", cache = "projectCache")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
class Project {

    /**
     * The body fields of the dates the certificate's, the lineage's and the rescheduling's rules judge, which a refusal
     * about that date names: {@code onSiteFrom} is the first on-site day of the opening's and the rescheduling's body.
     */
    private static final String ON_SITE_FROM = "onSiteFrom";
    private static final String DECIDED_ON = "decidedOn";
    private static final String SUSPENDED_UNTIL = "suspendedUntil";
    private static final String RESTORED_ON = "restoredOn";
    private static final String REPORT_DATE = "reportDate";
    private static final String REVIEWED_ON = "reviewedOn";

    @AggregateIdentifier
    private ProjectNumber projectNumber;
    @AggregateMember(eventForwardingMode = ForwardMatchingInstances.class)
    private List<Audit> audits = new ArrayList<>();
    /** Every certificate the project was granted, the current one last. */
    private List<CertificateHistory> certificates = new ArrayList<>();

    Project() {
        // Axon and Jackson (snapshots) create the project, then replay its events into it.
    }

    /** A command about an audit this project does not have is refused in the project's words. */
    @CommandHandlerInterceptor
    Object requireKnownAudit(CommandMessage<?> command, InterceptorChain chain) throws Exception {
        if (command.getPayload() instanceof AuditCommand auditCommand) {
            audit(auditCommand);
        }
        return chain.proceed();
    }

    /**
     * {@code If-Match}: the caller decided on a version of the stream; anything else than that
     * exact version is refused before any rule runs, but after authorization: a user who may
     * not act on the audit at all learns that (403), not its current version.
     * <p>
     * One exception, Axon's conflict resolution applied to a sheet: a team scores different items at the same time, so
     * a change to one item ({@link ItemCommand}) made on an earlier version goes through when nothing since that version
     * conflicts with it ({@link #conflicts}). The events since are read from the event store, as Axon's
     * {@code DefaultConflictResolver} reads them.
     */
    @CommandHandlerInterceptor
    Object requireExpectedVersion(CommandMessage<?> command, InterceptorChain chain, EventStore eventStore,
                                  SchemeCatalog schemes) throws Exception {
        Object expected = command.getMetaData().get(AuditMetaData.EXPECTED_VERSION);
        if (expected != null) {
            long expectedVersion = ((Number) expected).longValue();
            Long current = AggregateLifecycle.getVersion();
            if (current == null || current != expectedVersion) {
                requireMayAct(command.getPayload(), (String) command.getMetaData().get(AuditMetaData.USER));
                if (!takesNoChange(command.getPayload())
                        && !changedElsewhereOnly(command.getPayload(), expectedVersion, current, eventStore, schemes)) {
                    throw new StaleVersionException(expectedVersion, current);
                }
            }
        }
        return chain.proceed();
    }

    /**
     * Whether {@code payload} is a change to a cancelled or decided audit, which no command makes whatever its version:
     * its own rule answers (409 {@code audit.cancelled}, {@code audit.decided} and the like), since a 412 would send the
     * client to reload and retry only to meet that rule; a 412 only where the change could otherwise be made
     * (RFC 9110 13.2.1).
     */
    private boolean takesNoChange(Object payload) {
        if (!(payload instanceof AuditCommand command)) {
            return false;
        }
        Audit audit = audit(command);
        return audit.cancelled() || audit.decision().isPresent();
    }

    /**
     * The most events a stale item change is judged over: a version further back (an {@code If-Match} of 0, say) is
     * simply stale, and no request reads a project's whole history.
     */
    static final long MAX_RESOLVED_EVENTS = 1_000;

    /**
     * Whether {@code payload} is a change to one item and every event after {@code expected} (up to {@code current})
     * leaves that item and the audit's state alone; or a change to one item its own rules refuse anyway (a closed
     * audit, an unknown item).
     */
    private boolean changedElsewhereOnly(Object payload, long expected, Long current, EventStore eventStore,
                                         SchemeCatalog schemes) {
        if (current == null || !(payload instanceof ItemCommand command)) {
            return false;
        }
        Audit audit = audit(command);
        Optional<String> clause = audit.clauseOf(command.item(), schemes);
        if (audit.closed() || clause.isEmpty()) {
            // Its rule answers whatever If-Match says (audit.closed or audit.decided, the unknown item's 404): a 412
            // only where the change could otherwise be made (RFC 9110 13.2.1).
            return true;
        }
        if (expected < 0 || expected > current || current - expected > MAX_RESOLVED_EVENTS) {
            return false;
        }
        DomainEventStream since = eventStore.readEvents(projectNumber.value(), expected + 1);
        long seen = expected;
        while (since.hasNext()) {
            DomainEventMessage<?> event = since.next();
            if (event.getSequenceNumber() > current) {
                break;
            }
            seen = event.getSequenceNumber();
            if (!(event.getPayload() instanceof AuditEvent change) || conflicts(change, command.auditId(), clause.get())) {
                return false;
            }
        }
        // Every version in between was read: none missing from what the aggregate has seen.
        return seen == current;
    }

    /**
     * Whether {@code change} conflicts with a change to {@code clause} of {@code auditId}: anything on that audit but a
     * change to another item, a special item, the findings or a pledge, signed or its date corrected (a change to the
     * same item, to the team, or to the audit's state: reopened, recommended, reviewed, decided). Another audit of the
     * project never does.
     */
    static boolean conflicts(AuditEvent change, AuditId auditId, String clause) {
        if (!change.auditId().equals(auditId)) {
            return false;
        }
        String changedClause = change instanceof ItemScored scored ? scored.clause()
                : change instanceof ItemScoreRevised revised ? revised.clause()
                : change instanceof ItemMarkedNotApplicable marked ? marked.clause()
                : change instanceof ItemNotApplicableReasonRevised revised ? revised.clause()
                : change instanceof ItemApplicabilityRestored restored ? restored.clause()
                : null;
        if (changedClause != null) {
            return changedClause.equals(clause);
        }
        return !(change instanceof SpecialItemRecorded || change instanceof SpecialItemWithdrawn
                || change instanceof FindingsRecorded || change instanceof PledgeSigned
                || change instanceof PledgeDateCorrected);
    }

    /**
     * The object-level authorization of a team command, checked ahead of the version: team
     * members act on their audit, only the leader recommends and reopens. ADMIN's commands
     * (open, assign, remove, reschedule, cancel) are authorized by role alone; review and decision have their own
     * independence rules, which the command handlers check (ISO/IEC 17065 7.5-7.6).
     */
    private void requireMayAct(Object command, String user) {
        if (!(command instanceof AuditCommand about) || command instanceof AssignTeamMember
                || command instanceof RemoveTeamMember || command instanceof CancelAudit
                || command instanceof RescheduleOnSiteAudit || command instanceof AcceptReview
                || command instanceof ReturnToTeam || command instanceof DecideCertification) {
            return;
        }
        Audit audit = audit(about);
        if (command instanceof RecommendGrade || command instanceof ReopenAudit) {
            audit.requireLeader(user, "acts on it so");
        } else {
            audit.requireTeamMember(user, "acts on it");
        }
    }

    /**
     * Opens an audit, the project's first one creating it. A new project's number has no lower-case letters
     * (400 {@code open.project-number-upper-case} naming {@code projectNumber}): the project is keyed by its number as
     * given, so {@code race-1} beside {@code RACE-1} would be a second project, escaping the one-open-audit rule and
     * the certificate rules of the lineage (ISO/IEC 17021-1 9.1.3), and printing two numbers that differ only in case
     * on reports and certificates. Refused at creation rather than claimed case-folded in a unique index: one
     * spelling is what a certification body prints and files by, the query side's project, lineage and certificate
     * pages look numbers up exactly as stored, and no second store has to agree with the event stream. A project
     * stored earlier with lower-case letters keeps its number and its audits, and is read as before.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    AuditChange handle(OpenAudit command, SchemeCatalog schemes) {
        String number = command.projectNumber().value();
        if (projectNumber == null && !number.equals(number.toUpperCase(Locale.ROOT))) {
            throw new InvalidFieldException("projectNumber", RuleCode.OPEN_PROJECT_NUMBER_UPPER_CASE.with("value", number),
                    "must have no lower-case letters for a new project, so that no two projects' numbers differ only "
                            + "in case; write " + number.toUpperCase(Locale.ROOT) + ", was '" + number + "'");
        }
        Scheme scheme = schemes.current(command.schemeId()).orElseThrow(() -> new UnknownReferenceException(
                RuleCode.REFERENCE_SCHEME.with("scheme", command.schemeId(), "knownSchemes", schemes.ids()),
                "scheme '" + command.schemeId() + "' is not known; known schemes: " + String.join(", ", schemes.ids())));
        Optional<Audit> previous = latestStanding();
        requireLineageAllows(command.projectNumber(), command.type(), command.onSiteFrom(), previous);
        Optional<AuditOpened> predecessor = previous.map(Audit::opened);
        if (command.copyTeam() && predecessor.isEmpty()) {
            throw new BrokenRuleException(RuleCode.LINEAGE_NO_PREDECESSOR.with("project", command.projectNumber()),
                    "project " + command.projectNumber()
                    + " has no previous audit to copy the team from", "copyTeam");
        }
        // A surveillance or re-certification takes what it omits from its predecessor (the lineage
        // rules guarantee one); an initial audit gives everything itself.
        Optional<AuditOpened> source = command.type() == AuditType.INITIAL ? Optional.empty() : predecessor;
        Organization organization = command.organization() != null ? command.organization()
                : source.map(AuditOpened::organization).orElseThrow();
        String scope = command.scope() != null ? command.scope() : source.map(AuditOpened::scope).orElseThrow();
        List<String> criteria = !command.criteria().isEmpty() || source.isEmpty() ? command.criteria()
                : source.get().criteria();
        String otherSites = command.otherSites() != null || source.isEmpty() ? command.otherSites()
                : source.get().otherSites();
        AuditId auditId = AuditId.of(command.projectNumber(), audits.size() + 1);
        apply(new AuditOpened(auditId, command.projectNumber(), command.type(),
                predecessor.map(AuditOpened::auditId).orElse(null), scheme.id(), scheme.version(), organization,
                otherSites, scope, criteria, command.onSiteFrom(), command.onSiteTo(), command.onSiteDays(),
                command.onSiteFromHalfDay(), command.onSiteToHalfDay()));
        if (command.copyTeam()) {
            // The same people, each to sign the new audit's pledge afresh.
            for (TeamMember member : previous.orElseThrow().members()) {
                apply(new TeamMemberAssigned(auditId, member));
            }
        }
        return changed(auditId);
    }

    @CommandHandler
    AuditChange handle(ReopenAudit command, @MetaDataValue(AuditMetaData.USER) String user) {
        Audit audit = audit(command);
        audit.requireLeader(user, "reopens it");
        audit.requireNotCancelled();
        audit.decision().ifPresent(decision -> {
            throw new BrokenRuleException(RuleCode.REOPEN_DECIDED.with("audit", audit.id(),
                    "outcome", decision.outcome(), "decidedOn", decision.decidedOn()),
                    "audit " + audit.id() + " was decided " + decision.outcome() + " on "
                    + decision.decidedOn() + "; a decided audit is never reopened");
        });
        if (!audit.closed()) {
            throw new BrokenRuleException(RuleCode.REOPEN_OPEN.with("audit", audit.id()),
                    "audit " + audit.id() + " is open; only a recommended audit can be reopened");
        }
        Audit latest = latest().orElseThrow();
        if (!latest.id().equals(audit.id())) {
            throw new BrokenRuleException(RuleCode.REOPEN_NOT_LATEST.with("audit", audit.id(), "latest", latest.id()),
                    "only the latest audit of project " + projectNumber
                    + " can be reopened; " + latest.id() + " follows " + audit.id());
        }
        // Reopening withdraws a technical review that accepted the audit (the audit's own handler).
        apply(new AuditReopened(audit.id(), command.reason()));
        return changed(audit.id());
    }

    /**
     * The leader's recommendation: the audit's own rules ({@link Audit#recommendationOf}), then the certificate's on
     * the report date ({@link #requireDecidableOn}), which the project holds.
     */
    @CommandHandler
    AuditChange handle(RecommendGrade command, @MetaDataValue(AuditMetaData.USER) String user, SchemeCatalog schemes) {
        Audit audit = audit(command);
        GradeRecommended recommended = audit.recommendationOf(command, user, schemes);
        requireDecidableOn(audit, command.reportDate(), REPORT_DATE);
        apply(recommended);
        return new AuditChange(audit.id(), AggregateLifecycle.getVersion(), null, recommended.total(),
                recommended.grade());
    }

    /**
     * The technical reviewer's acceptance (ISO/IEC 17065 7.5): the audit's own rules ({@link Audit#requireReviewable}),
     * then the certificate's on the review's day ({@link #requireDecidableOn}), which the project holds. A return stays
     * the audit's own command: it leaves the audit with its team.
     */
    @CommandHandler
    AuditChange handle(AcceptReview command, @MetaDataValue(AuditMetaData.USER) String user) {
        Audit audit = audit(command);
        Audit.Recommendation recommended = audit.requireReviewable(user, command.reviewedOn());
        requireDecidableOn(audit, command.reviewedOn(), REVIEWED_ON);
        apply(new TechnicalReviewAccepted(audit.id(), user, command.reviewedOn(), recommended.total(),
                recommended.grade(), command.note()));
        return changed(audit.id());
    }

    /**
     * Moving an audit's on-site period, with a reason, by ADMIN (the URL rules require it): the role that opens an
     * audit, and with it sets its dates, and that cancels one. The audit programme and the dates of its audits are
     * the certification body's to plan and agree with the client (ISO/IEC 17021-1 9.1.3, 9.2.3; ISO/IEC 17065 7.3),
     * not the audit team's, whose work they frame; the team, reviewer and decider read them.
     *
     * <p>Only while the evaluation is open, as every change of the team's: not once the team recommended a grade, which
     * rests on the visit ({@code audit.closed}: the leader reopens it first, which the trail keeps), not once decided
     * ({@code audit.decided}, ISO/IEC 17065 7.6, 7.12), not when cancelled ({@code audit.cancelled}). The new period meets
     * the opening's rules (its shape, and the on-site horizon on the web side) and keeps the record consistent: the
     * lineage rules are judged again on its first day as if the audit were opened then (on site after the decision on
     * the audit before it; the certificate its type needs on that day), and a visit that took place, with results
     * recorded, is not moved into the future: an audit with items scored or marked not applicable whose period in force
     * began by today is not given one starting after today ({@code reschedule.visit-began}). That is all the
     * rule can protect: an audit may be opened with a period still to come and scored (results carry no day), so such a
     * period moves within the future; a begun period moves anywhere while no result is recorded, and is corrected to
     * start on any day up to today once one is. No other recorded fact is bound to the period: no rule ties a pledge's
     * day to it (a pledge is dated any day up to today), and the one rule that reads it, a report dated no earlier than
     * the first on-site day, is judged when the leader recommends, which is after any rescheduling (a reopened audit's
     * earlier report no longer stands). The same period again is refused ({@code reschedule.same-period}), as a pledge's
     * correction to its own day is: a rescheduling that moves nothing would read in the trail as one that did. Each of
     * these refusals, and the lineage's, names {@code onSiteFrom}, the period's first day (the same period's, as the
     * pledge's names the day it repeats).
     */
    @CommandHandler
    AuditChange handle(RescheduleOnSiteAudit command, @MetaDataValue(AuditMetaData.USER) String user) {
        Audit audit = audit(command);
        if (user == null) {
            throw new NotPermittedException(RuleCode.PERMISSION_NO_USER.with("audit", audit.id()),
                    "no authenticated user; audit " + audit.id() + " is rescheduled by a named person");
        }
        audit.requireOpen();
        OnSitePeriod previous = audit.onSite();
        OnSitePeriod period = command.period();
        if (period.samePeriod(previous)) {
            throw new BrokenRuleException(RuleCode.RESCHEDULE_SAME_PERIOD.with("audit", audit.id(),
                    "onSiteFrom", previous.from(), "onSiteTo", previous.to()),
                    "audit " + audit.id() + " is already on site from " + previous.from() + " to " + previous.to()
                    + " in this period; a rescheduling gives another period", ON_SITE_FROM);
        }
        long scored = audit.assessedItems();
        LocalDate today = command.today();
        if (scored > 0 && !previous.from().isAfter(today) && period.from().isAfter(today)) {
            throw new BrokenRuleException(RuleCode.RESCHEDULE_VISIT_BEGAN.with("audit", audit.id(),
                    "scored", scored, "begunOn", previous.from(), "onSiteFrom", period.from(), "today", today),
                    "the on-site audit of " + audit.id() + " began on " + previous.from() + " and its team has recorded "
                    + scored + " item result(s) on its evidence; a visit that took place is not moved to start after "
                    + "today, " + today + ", on " + period.from(), ON_SITE_FROM);
        }
        requireLineageAllows(projectNumber, audit.type(), period.from(), standingBefore(audit));
        apply(new OnSiteAuditRescheduled(audit.id(), previous, period, user, command.reason()));
        return changed(audit.id());
    }

    /**
     * The certification decision (ISO/IEC 17065 7.6, ISO/IEC 17021-1 9.5): by a person who was not
     * on the team and did not review the audit, on a reviewed audit, on the version the decider
     * saw. Initial and re-certification audits are granted or refused; a surveillance maintains,
     * suspends or withdraws the certificate.
     */
    @CommandHandler
    AuditChange handle(DecideCertification command, @MetaDataValue(AuditMetaData.USER) String user,
                       CertificatePolicy policy) {
        Audit audit = audit(command);
        Audit.Review review = requireDecidable(audit, user);
        long current = Objects.requireNonNull(AggregateLifecycle.getVersion());
        if (command.seenVersion() != current) {
            throw new StaleVersionException(command.seenVersion(), current);
        }
        DecisionOutcome outcome = command.outcome();
        AuditType type = audit.type();
        if (!outcome.decides(type)) {
            throw new BrokenRuleException(RuleCode.DECISION_OUTCOME_FOR_TYPE.with("audit", audit.id(), "type", type,
                    "outcome", outcome,
                    "allowed", Arrays.stream(DecisionOutcome.values()).filter(o -> o.decides(type)).toList()),
                    (switch (type) {
                case SURVEILLANCE -> "a surveillance audit is decided MAINTAIN, SUSPEND or WITHDRAW";
                case INITIAL -> "an initial audit is decided GRANT or REFUSE";
                case RECERTIFICATION -> "a re-certification audit is decided GRANT or REFUSE";
            }) + ", not " + outcome
                    + "; audit " + audit.id() + " is " + type + " (" + type.chineseName() + ")");
        }
        LocalDate decidedOn = command.decidedOn();
        if (decidedOn.isBefore(review.reviewedOn())) {
            throw new BrokenRuleException(RuleCode.DECISION_BEFORE_REVIEW.with("audit", audit.id(),
                    "decidedOn", decidedOn, "reviewedOn", review.reviewedOn()),
                    "the decision date " + decidedOn + " is before the technical review of audit "
                    + audit.id() + " on " + review.reviewedOn(), DECIDED_ON);
        }
        Audit.Recommendation recommended = audit.recommendation().orElseThrow();
        Decision decision = new Decision(outcome, user, decidedOn, current, recommended.total(), recommended.grade(),
                command.reason());
        AuditOpened opened = audit.opened();
        LocalDate surveillanceDue = policy.surveillanceDue(audit.onSite().to());
        switch (outcome) {
            case GRANT -> {
                requirePassed(audit, recommended, outcome,
                        "a certificate is granted only on a passing grade; refuse it");
                if (type == AuditType.INITIAL) {
                    String number = policy.number(projectNumber, decidedOn, certificates.size() + 1);
                    LocalDate validUntil = policy.lastValidDay(decidedOn);
                    apply(new CertificateGranted(audit.id(), decision, new Certificate(number,
                            opened.organization().name(), opened.scope(), opened.schemeId(), recommended.grade(),
                            decidedOn, decidedOn, validUntil, NextActivity.of(surveillanceDue, validUntil)
                            .surveillanceDue())));
                } else {
                    CertificateHistory certificate = standingCertificate(audit.id(), decidedOn, DECIDED_ON, "renewed",
                            CertificateStatus.requiredToDecide(outcome, type));
                    LocalDate expiry = certificate.latest().validUntil();
                    // Decided before the old last valid day, the new validity continues from it.
                    LocalDate validFrom = decidedOn.isAfter(expiry) ? decidedOn : expiry.plusDays(1);
                    LocalDate validUntil = policy.lastValidDay(validFrom);
                    apply(new CertificateRenewed(audit.id(), decision, new Certificate(certificate.number(),
                            opened.organization().name(), opened.scope(), opened.schemeId(), recommended.grade(),
                            decidedOn, validFrom, validUntil, NextActivity.of(surveillanceDue, validUntil)
                            .surveillanceDue())));
                }
            }
            case REFUSE -> apply(new CertificationRefused(audit.id(), decision));
            case MAINTAIN -> {
                requirePassed(audit, recommended, outcome, "a certificate is maintained only on a passing grade; "
                        + "suspend or withdraw it");
                CertificateHistory certificate = standingCertificate(audit.id(), decidedOn, DECIDED_ON, "maintained",
                        CertificateStatus.requiredToDecide(outcome, type));
                // ISO/IEC 17021-1 9.1.3: no surveillance in the period's last year, its re-certification comes next.
                apply(new CertificateMaintained(audit.id(), decision, certificate.number(),
                        NextActivity.of(surveillanceDue, certificate.latest().validUntil()).surveillanceDue()));
            }
            case SUSPEND -> {
                CertificateHistory certificate = standingCertificate(audit.id(), decidedOn, DECIDED_ON, "suspended",
                        CertificateStatus.requiredToDecide(outcome, type));
                LocalDate until = command.suspendedUntil();
                LocalDate latestEnd = policy.latestSuspensionEnd(decidedOn);
                if (!until.isAfter(decidedOn) || until.isAfter(latestEnd)) {
                    throw new BrokenRuleException(RuleCode.DECISION_SUSPENSION_PERIOD.with("decidedOn", decidedOn,
                            "maxMonths", policy.maxSuspensionMonths(), "latestEnd", latestEnd, "until", until),
                            "a suspension decided on " + decidedOn + " ends after it and at most "
                            + policy.maxSuspensionMonths() + " months later, by " + latestEnd + "; was " + until,
                            SUSPENDED_UNTIL);
                }
                // The day is recorded even in the period's last year: a suspension without one reads as stored before
                // it kept one (the earlier due day stands), and readers take it as the re-certification (NextActivity).
                apply(new CertificateSuspended(audit.id(), decision, certificate.number(), until, surveillanceDue));
            }
            case WITHDRAW -> {
                CertificateHistory certificate = standingCertificate(audit.id(), decidedOn, DECIDED_ON, "withdrawn",
                        CertificateStatus.requiredToDecide(outcome, type));
                apply(new CertificateWithdrawn(audit.id(), decision, certificate.number()));
            }
        }
        return changed(audit.id());
    }

    /**
     * Lifting a suspension: by a decider not on the team of the audit whose decision suspended the
     * certificate, on a day it is suspended.
     */
    @CommandHandler
    AuditChange handle(RestoreCertificate command, @MetaDataValue(AuditMetaData.USER) String user) {
        CertificateHistory certificate = currentCertificate().orElseThrow(() -> new BrokenRuleException(
                RuleCode.CERTIFICATE_NONE.with("project", projectNumber),
                "project " + projectNumber + " has no certificate to restore"));
        CertificateHistory.Change suspension = certificate.latest();
        Optional<CertificateHistory.StateOn> state = certificate.on(command.restoredOn());
        Optional<CertificateStatus> status = state.map(CertificateHistory.StateOn::status);
        if (!suspension.suspended() || status.orElse(null) != CertificateStatus.SUSPENDED) {
            // Before the issue, the period named is the first one, when the certificate becomes valid.
            CertificateHistory.Period first = certificate.periods().get(0);
            LocalDate validFrom = state.map(CertificateHistory.StateOn::validFrom).orElse(first.validFrom());
            LocalDate validUntil = state.map(CertificateHistory.StateOn::validUntil).orElse(first.validUntil());
            throw new BrokenRuleException(RuleCode.RESTORATION_NOT_SUSPENDED.with("certificate", certificate.number(),
                    "status", status.map(Enum::name).orElse(RuleCode.NOT_ISSUED), "day", command.restoredOn(),
                    "validFrom", validFrom, "validUntil", validUntil),
                    "certificate " + certificate.number() + " is "
                    + status.map(Enum::name).orElse("not issued yet") + " on " + command.restoredOn()
                    + validity(validFrom, validUntil) + "; only a suspended certificate is restored", RESTORED_ON);
        }
        if (!command.restoredOn().isAfter(suspension.effectiveOn())) {
            // A restoration on the suspension's own day would leave a suspension that never shows in the register.
            throw new BrokenRuleException(RuleCode.RESTORATION_AFTER_SUSPENSION.with("certificate", certificate.number(),
                    "suspendedOn", suspension.effectiveOn(), "day", command.restoredOn()),
                    "certificate " + certificate.number() + " was suspended on " + suspension.effectiveOn()
                    + "; it is restored after that day, not on " + command.restoredOn(), RESTORED_ON);
        }
        Audit suspending = find(suspension.auditId());
        if (user == null || suspending.tookPart(user)) {
            throw new NotPermittedException(RuleCode.INDEPENDENCE_RESTORER_ON_TEAM.with("user", user,
                    "audit", suspending.id()),
                    "user '" + user + "' was on the team of audit " + suspending.id()
                    + "; a certificate is restored by a person not involved in the audit (ISO/IEC 17065 7.6.1)");
        }
        apply(new CertificateRestored(suspending.id(), certificate.number(), user, command.restoredOn(),
                command.reason()));
        return changed(suspending.id());
    }

    @EventSourcingHandler
    void on(AuditOpened event) {
        projectNumber = event.projectNumber();
        audits.add(new Audit(event));
    }

    @EventSourcingHandler
    void on(CertificateGranted event) {
        certificates.add(CertificateHistory.issued(event));
    }

    @EventSourcingHandler
    void on(CertificateRenewed event) {
        changeCertificate(event);
    }

    @EventSourcingHandler
    void on(CertificateMaintained event) {
        changeCertificate(event);
    }

    @EventSourcingHandler
    void on(CertificateSuspended event) {
        changeCertificate(event);
    }

    @EventSourcingHandler
    void on(CertificateRestored event) {
        changeCertificate(event);
    }

    @EventSourcingHandler
    void on(CertificateWithdrawn event) {
        changeCertificate(event);
    }

    private void changeCertificate(AuditEvent event) {
        int last = certificates.size() - 1;
        certificates.set(last, certificates.get(last).apply(event));
    }

    /**
     * The lineage, judged on the first on-site day of the new audit: the first audit is initial;
     * one audit at a time (the next opens after the certification decision on the previous one); a
     * surveillance needs a certificate valid or suspended then; a re-certification a certificate
     * that was not withdrawn; a new initial audit no certificate, or one withdrawn or expired then. A cancelled audit
     * does not count: the lineage goes on from the latest audit that was not cancelled, {@code latest} (for a
     * rescheduled audit, the one before it). A refusal judged on that day (the decision it follows, the certificate's
     * status or period then) names {@code onSiteFrom}, as a decision's refusal on its day names {@code decidedOn}; a first
     * audit that is not initial names {@code type}; one about the project as a whole (an audit in progress, no
     * certificate at all) names no field.
     */
    private void requireLineageAllows(ProjectNumber project, AuditType type, LocalDate onSiteFrom,
                                      Optional<Audit> latest) {
        if (latest.isEmpty()) {
            if (type != AuditType.INITIAL) {
                throw new BrokenRuleException(RuleCode.LINEAGE_FIRST_INITIAL.with("project", project, "type", type),
                        "the first audit of project " + project + " is an initial audit ("
                        + AuditType.INITIAL.chineseName() + "), not " + type, "type");
            }
            return;
        }
        Audit previous = latest.get();
        if (previous.decision().isEmpty()) {
            throw new BrokenRuleException(RuleCode.LINEAGE_ONE_AT_A_TIME.with("project", project,
                    "audit", previous.id()),
                    "project " + project + " already has an audit in progress, " + previous.id()
                    + " (" + stage(previous) + "); one audit at a time, the next opens after the certification "
                    + "decision on it");
        }
        LocalDate decidedOn = previous.decision().orElseThrow().decidedOn();
        if (!onSiteFrom.isAfter(decidedOn)) {
            // Else an audit dated before the decision would read the certificate as not issued yet on its first day.
            throw new BrokenRuleException(RuleCode.LINEAGE_ON_SITE_AFTER_DECISION.with("project", project,
                    "audit", previous.id(), "decidedOn", decidedOn),
                    "the next audit of project " + project + " is on site after the certification decision on "
                    + previous.id() + " (" + decidedOn + "), not from " + onSiteFrom, ON_SITE_FROM);
        }
        Optional<CertificateHistory> certificate = currentCertificate();
        Optional<CertificateStatus> status = certificate.flatMap(c -> c.statusOn(onSiteFrom));
        String has = certificate.map(c -> "certificate " + c.number() + " is "
                + status.map(s -> s + " (" + s.chineseName() + ")").orElse("not issued yet") + " on " + onSiteFrom)
                .orElse("project " + project + " has no certificate");
        String certificateNumber = certificate.map(CertificateHistory::number).orElse(null);
        String statusName = certificate.isEmpty() ? RuleCode.NONE : status.map(Enum::name).orElse(RuleCode.NOT_ISSUED);
        boolean standing = status.filter(s -> s == CertificateStatus.VALID || s == CertificateStatus.SUSPENDED)
                .isPresent();
        switch (type) {
            case INITIAL -> {
                if (standing) {
                    throw new BrokenRuleException(RuleCode.LINEAGE_INITIAL_WITH_CERTIFICATE.with("project", project,
                            "certificate", certificateNumber, "status", statusName, "day", onSiteFrom),
                            "a new initial audit of project " + project + " is allowed only "
                            + "without a certificate, or after it was withdrawn, expired or refused; " + has
                            + ", so a surveillance or a re-certification comes next", ON_SITE_FROM);
                }
            }
            case SURVEILLANCE -> {
                if (!standing) {
                    throw new BrokenRuleException(RuleCode.LINEAGE_SURVEILLANCE_CERTIFICATE.with("project", project,
                            "certificate", certificateNumber, "status", statusName, "day", onSiteFrom),
                            "a surveillance audit (" + AuditType.SURVEILLANCE.chineseName()
                            + ") needs a valid or suspended certificate on its first on-site day; " + has,
                            certificate.isEmpty() ? null : ON_SITE_FROM);
                }
            }
            case RECERTIFICATION -> {
                if (certificate.isEmpty() || status.orElse(null) == CertificateStatus.WITHDRAWN) {
                    throw new BrokenRuleException(RuleCode.LINEAGE_RECERTIFICATION_CERTIFICATE.with("project", project,
                            "certificate", certificateNumber, "status", statusName, "day", onSiteFrom),
                            "a re-certification (" + AuditType.RECERTIFICATION.chineseName()
                            + ") needs a certificate that was not withdrawn; " + has,
                            certificate.isEmpty() ? null : ON_SITE_FROM);
                }
                Optional<CertificateHistory.StateOn> state = certificate.flatMap(c -> c.on(onSiteFrom));
                LocalDate lastRestoringDay = state.map(s -> CertificateHistory.lastRestoringDay(s.validUntil()))
                        .orElse(null);
                if (status.orElse(null) == CertificateStatus.EXPIRED && onSiteFrom.isAfter(lastRestoringDay)) {
                    // ISO/IEC 17021-1 9.6.3: after its expiry a certification is restored by completing the
                    // re-certification within six months; later, at least a stage 2 audit, that is, a new initial.
                    throw new BrokenRuleException(RuleCode.LINEAGE_RECERTIFICATION_LAPSED.with("project", project,
                            "certificate", certificateNumber, "validUntil", state.get().validUntil(),
                            "latest", lastRestoringDay, "day", onSiteFrom),
                            "certificate " + certificateNumber + " expired after " + state.get().validUntil()
                            + "; a re-certification (" + AuditType.RECERTIFICATION.chineseName() + ") restores it only"
                            + " when on site by " + lastRestoringDay + ", six months later, so from " + onSiteFrom
                            + " a new initial audit (" + AuditType.INITIAL.chineseName() + ") comes next",
                            ON_SITE_FROM);
                }
                CertificateHistory.Period renewal = state.map(CertificateHistory.StateOn::next).orElse(null);
                if (renewal != null) {
                    // ISO/IEC 17021-1 9.6.3: a re-certification renews the period in force before it ends; once a
                    // renewal is decided, the next cycle's re-certification comes in the renewed period.
                    throw new BrokenRuleException(RuleCode.LINEAGE_RECERTIFICATION_RENEWED.with("project", project,
                            "certificate", certificateNumber, "audit", renewal.auditId(),
                            "renewedOn", renewal.issuedOn(), "validFrom", renewal.validFrom(), "day", onSiteFrom),
                            "certificate " + certificateNumber + " was already renewed by audit " + renewal.auditId()
                            + " on " + renewal.issuedOn() + " for the period from " + renewal.validFrom()
                            + "; the next re-certification (" + AuditType.RECERTIFICATION.chineseName()
                            + ") is on site in that period, not from " + onSiteFrom, ON_SITE_FROM);
                }
            }
        }
    }

    /**
     * A report ({@code field} {@code reportDate}) or an acceptance by technical review ({@code reviewedOn}) dated
     * {@code day} leaves the audit decidable: on that day the project's certificate has a status some decision on the
     * audit's type is made on ({@link CertificateStatus#requiredToDecideAtAll}: a surveillance's is VALID or SUSPENDED,
     * ISO/IEC 17065 7.11, ISO/IEC 17021-1 9.6). The decision comes no earlier than the acceptance, which comes no
     * earlier than the report; and while the audit awaits its decision no other decision changes the certificate (one
     * audit at a time) and a restoration only ends a suspension, so a certificate in none of those statuses on
     * {@code day} (expired) is in none on any later day: an audit reported or accepted then could never be decided, and
     * would hold the project's next audit back. An initial audit or a re-certification is decided on any day (a refusal
     * needs no certificate). A refusal names {@code field} and says the validity period in force on the day, the last
     * one once it expired.
     */
    private void requireDecidableOn(Audit audit, LocalDate day, String field) {
        List<CertificateStatus> allowed = CertificateStatus.requiredToDecideAtAll(audit.type());
        Optional<CertificateHistory> current = currentCertificate();
        if (allowed.isEmpty() || current.isEmpty()) {
            // Without a certificate, the lineage kept the audit from opening (and the decision's own rule answers).
            return;
        }
        CertificateHistory certificate = current.get();
        Optional<CertificateHistory.StateOn> state = certificate.on(day);
        Optional<CertificateStatus> status = state.map(CertificateHistory.StateOn::status);
        if (status.filter(allowed::contains).isPresent()) {
            return;
        }
        // Before the issue, the period named is the first one, when the certificate becomes valid.
        CertificateHistory.Period first = certificate.periods().get(0);
        LocalDate validFrom = state.map(CertificateHistory.StateOn::validFrom).orElse(first.validFrom());
        LocalDate validUntil = state.map(CertificateHistory.StateOn::validUntil).orElse(first.validUntil());
        String statusName = status.map(Enum::name).orElse(RuleCode.NOT_ISSUED);
        boolean report = field.equals(REPORT_DATE);
        RuleViolation rule = report
                ? RuleCode.RECOMMENDATION_AFTER_CERTIFICATE.with("audit", audit.id(), "reportDate", day,
                        "certificate", certificate.number(), "status", statusName, "allowed", allowed,
                        "validFrom", validFrom, "validUntil", validUntil)
                : RuleCode.REVIEW_AFTER_CERTIFICATE.with("audit", audit.id(), "reviewedOn", day,
                        "certificate", certificate.number(), "status", statusName, "allowed", allowed,
                        "validFrom", validFrom, "validUntil", validUntil);
        String act = report ? "report" : "acceptance by technical review";
        throw new BrokenRuleException(rule, "on the " + (report ? "report date " : "review date ") + day + " of audit "
                + audit.id() + " certificate " + certificate.number() + " is "
                + status.map(s -> s + " (" + s.chineseName() + ")").orElse("not issued yet")
                + validity(validFrom, validUntil) + "; a " + audit.type() + " audit (" + audit.type().chineseName()
                + ") is decided only on a day its certificate is " + allowed + " (ISO/IEC 17065 7.11, ISO/IEC 17021-1 "
                + "9.6) and no earlier than its " + act + ", so " + (report ? "a report" : "an acceptance")
                + " dated then leaves an audit that can never be decided", field);
    }

    /** ISO/IEC 17065 7.6.1, ISO/IEC 17021-1 9.5.1.2: the decider took no part in the evaluation. */
    private static Audit.Review requireDecidable(Audit audit, String user) {
        if (user == null) {
            throw new NotPermittedException(RuleCode.PERMISSION_NO_USER.with("audit", audit.id()),
                    "no authenticated user; only a decider decides on audit " + audit.id());
        }
        if (audit.tookPart(user)) {
            throw new NotPermittedException(RuleCode.INDEPENDENCE_DECIDER_ON_TEAM.with("user", user,
                    "audit", audit.id()),
                    "user '" + user + "' is or was on the team of audit " + audit.id()
                    + "; the certification decision is made by a person not involved in the audit "
                    + "(ISO/IEC 17065 7.6.1)");
        }
        audit.requireNotCancelled();
        audit.decision().ifPresent(decision -> {
            throw new BrokenRuleException(RuleCode.DECISION_STANDS.with("audit", audit.id(),
                    "outcome", decision.outcome(), "decider", decision.decider(), "decidedOn", decision.decidedOn()),
                    "audit " + audit.id() + " was already decided " + decision.outcome()
                    + " by " + decision.decider() + " on " + decision.decidedOn() + "; a decision stands");
        });
        Audit.Review review = audit.review().orElseThrow(() -> new BrokenRuleException(
                (audit.closed() ? RuleCode.DECISION_AWAITS_REVIEW : RuleCode.DECISION_WITH_TEAM).with("audit", audit.id()),
                "audit " + audit.id() + " "
                + (audit.closed() ? "awaits its technical review" : "is still with its team")
                + "; only an audit accepted by technical review is decided"));
        if (audit.reviewed(user)) {
            throw new NotPermittedException(RuleCode.INDEPENDENCE_DECIDER_REVIEWED.with("user", user,
                    "audit", audit.id()),
                    "user '" + user + "' reviewed audit " + audit.id() + (UserNames.same(review.reviewer(), user)
                            ? "" : " before (an acceptance set aside or a return)")
                    + "; the decision is made by another person than the technical reviewer");
        }
        return review;
    }

    private static void requirePassed(Audit audit, Audit.Recommendation recommended, DecisionOutcome outcome,
                                      String rule) {
        if (!recommended.grade().passed()) {
            throw new BrokenRuleException(RuleCode.DECISION_NEEDS_PASS.with("audit", audit.id(),
                    "grade", recommended.grade(), "outcome", outcome),
                    "audit " + audit.id() + " was recommended " + recommended.grade() + " ("
                    + recommended.grade().chineseName() + "); " + rule);
        }
    }

    /**
     * The current certificate when its status on {@code day} is one of {@code allowed} (for a decision,
     * {@link CertificateStatus#requiredToDecide}, which the console checks the day against before sending) and
     * {@code day} is not before its latest change; a refusal names {@code field}, the command's date that is
     * {@code day}, and says the validity period in force on it.
     * <p>
     * A restoration is no decision on an audit, so the lineage does not order it: it may be recorded while a surveillance
     * awaits its decision, dated after the day that decision would take. A change dated before it would be folded after
     * it, and the register would read the certificate restored after its withdrawal, or restored while it was valid
     * ({@code decision.before-certificate-change}, ISO/IEC 17065 7.11: the certificate's history is one sequence of dated
     * changes).
     */
    private CertificateHistory standingCertificate(AuditId auditId, LocalDate day, String field, String action,
                                                   List<CertificateStatus> allowed) {
        CertificateHistory certificate = currentCertificate().orElseThrow(() -> new BrokenRuleException(
                RuleCode.CERTIFICATE_NONE.with("project", projectNumber),
                "project " + projectNumber + " has no certificate to be " + action));
        CertificateHistory.StateOn state = certificate.on(day).orElseThrow(() -> new BrokenRuleException(
                RuleCode.CERTIFICATE_NOT_ISSUED.with("certificate", certificate.number(), "day", day),
                "certificate " + certificate.number() + " is not issued yet on " + day, field));
        CertificateStatus status = state.status();
        if (!allowed.contains(status)) {
            throw new BrokenRuleException(RuleCode.CERTIFICATE_STATUS.with("certificate", certificate.number(),
                    "status", status, "day", day, "allowed", allowed,
                    "validFrom", state.validFrom(), "validUntil", state.validUntil()),
                    "certificate " + certificate.number() + " is " + status + " ("
                    + status.chineseName() + ") on " + day + validity(state.validFrom(), state.validUntil())
                    + "; only a certificate "
                    + allowed + " is " + action, field);
        }
        CertificateHistory.Change latest = certificate.latest();
        if (day.isBefore(latest.effectiveOn())) {
            throw new BrokenRuleException(RuleCode.DECISION_BEFORE_CERTIFICATE_CHANGE.with("audit", auditId,
                    "decidedOn", day, "certificate", certificate.number(), "changedOn", latest.effectiveOn()),
                    "the decision date " + day + " of audit " + auditId + " is before " + latest.effectiveOn()
                    + ", when certificate " + certificate.number() + " last changed (" + latest.kind() + ", audit "
                    + latest.auditId() + "); a decision is dated no earlier than the certificate's latest change", field);
        }
        return certificate;
    }

    /** A validity period, as a refusal about a day in or after it says it. */
    private static String validity(LocalDate validFrom, LocalDate validUntil) {
        return " (valid from " + validFrom + " to " + validUntil + ")";
    }

    private static String stage(Audit audit) {
        if (audit.review().isPresent()) {
            return "awaiting the certification decision";
        }
        return audit.closed() ? "awaiting its technical review" : "open";
    }

    private Optional<CertificateHistory> currentCertificate() {
        return certificates.isEmpty() ? Optional.empty() : Optional.of(certificates.get(certificates.size() - 1));
    }

    private Audit audit(AuditCommand command) {
        return audits.stream()
                .filter(a -> a.id().equals(command.auditId()))
                .findFirst()
                .orElseThrow(() -> new UnknownReferenceException(RuleCode.REFERENCE_AUDIT.with("audit", command.auditId()),
                        "project " + projectNumber + " has no audit "
                        + command.auditId()));
    }

    private Audit find(AuditId auditId) {
        return audits.stream().filter(a -> a.id().equals(auditId)).findFirst().orElseThrow();
    }

    /** The latest audit that was not cancelled: the one the lineage goes on from. */
    private Optional<Audit> latestStanding() {
        for (int i = audits.size() - 1; i >= 0; i--) {
            if (!audits.get(i).cancelled()) {
                return Optional.of(audits.get(i));
            }
        }
        return Optional.empty();
    }

    /** The latest audit before {@code audit} that was not cancelled: the one {@code audit} follows in the lineage. */
    private Optional<Audit> standingBefore(Audit audit) {
        Optional<Audit> before = Optional.empty();
        for (Audit earlier : audits) {
            if (earlier.id().equals(audit.id())) {
                return before;
            }
            if (!earlier.cancelled()) {
                before = Optional.of(earlier);
            }
        }
        throw new IllegalStateException("audit " + audit.id() + " is not one of project " + projectNumber + "'s");
    }

    private Optional<Audit> latest() {
        return audits.isEmpty() ? Optional.empty() : Optional.of(audits.get(audits.size() - 1));
    }

    private static AuditChange changed(AuditId auditId) {
        return AuditChange.of(auditId, Objects.requireNonNull(AggregateLifecycle.getVersion()));
    }
}
