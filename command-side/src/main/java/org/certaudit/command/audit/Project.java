package org.certaudit.command.audit;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.CommandHandlerInterceptor;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditOpened;
import org.certaudit.audit.AuditReopened;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.FindingsRecorded;
import org.certaudit.audit.GradeRecommended;
import org.certaudit.audit.ItemApplicabilityRestored;
import org.certaudit.audit.ItemMarkedNotApplicable;
import org.certaudit.audit.ItemScoreRevised;
import org.certaudit.audit.ItemScored;
import org.certaudit.audit.PledgeSigned;
import org.certaudit.audit.ProjectNumber;
import org.certaudit.audit.SpecialItemKind;
import org.certaudit.audit.SpecialItemRecorded;
import org.certaudit.audit.SpecialItemWithdrawn;
import org.certaudit.audit.TeamMember;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.audit.TeamMemberRemoved;
import org.certaudit.audit.TeamRole;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.Scheme;
import org.certaudit.scheme.SchemeItem;
import org.certaudit.scheme.Scorecard;

/**
 * A certification project (one project number) with all its audits, in one event stream.
 *
 * <p>Why one stream per project and not one per audit: the lineage rules (the first audit is
 * initial, one open audit at a time, a surveillance needs the latest finished audit to have
 * passed, a re-certification needs a passed initial or re-certification, a second initial only
 * after a failure) are decided on the history of every audit of the project. Separate audit
 * streams would need a cross-stream check that two concurrent "open" commands could both pass;
 * in one stream, the aggregate version makes the second one fail. The price is that the
 * stream grows over a certification cycle, which snapshots bound.
 *
 * <p>Every command handler checks, in this order: the audit exists, the acting user may act,
 * the named item exists, the rule; then it applies. Business dates come in the commands.
 */
@Aggregate(snapshotTriggerDefinition = "projectSnapshotTrigger")
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
class Project {

    @AggregateIdentifier
    private ProjectNumber projectNumber;
    private List<Audit> audits = new ArrayList<>();

    Project() {
        // Axon and Jackson (snapshots) create the project, then replay its events into it.
    }

    /**
     * {@code If-Match}: the caller decided on a version of the stream; anything else than that
     * exact version is refused before any rule runs, but after authorization: a user who may
     * not act on the audit at all learns that (403), not its current version.
     */
    @CommandHandlerInterceptor
    Object requireExpectedVersion(CommandMessage<?> command, InterceptorChain chain) throws Exception {
        Object expected = command.getMetaData().get(AuditMetaData.EXPECTED_VERSION);
        if (expected != null) {
            long expectedVersion = ((Number) expected).longValue();
            Long current = AggregateLifecycle.getVersion();
            if (current == null || current != expectedVersion) {
                requireMayAct(command.getPayload(), (String) command.getMetaData().get(AuditMetaData.USER));
                throw new StaleVersionException(expectedVersion, current);
            }
        }
        return chain.proceed();
    }

    /**
     * The object-level authorization of a team command, checked ahead of the version: team
     * members act on their audit, only the leader recommends and reopens. ADMIN's commands
     * (open, assign, remove) are authorized by role alone.
     */
    private void requireMayAct(Object command, String user) {
        if (command instanceof AuditCommand about && !(command instanceof AssignTeamMember)
                && !(command instanceof RemoveTeamMember)) {
            Audit audit = audit(about);
            if (command instanceof RecommendGrade || command instanceof ReopenAudit) {
                requireLeader(audit, user, "acts on it so");
            } else {
                teamMember(audit, user, "acts on it");
            }
        }
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    AuditChange handle(OpenAudit command, SchemeCatalog schemes) {
        Scheme scheme = schemes.current(command.schemeId()).orElseThrow(() -> new UnknownReferenceException(
                "scheme '" + command.schemeId() + "' is not known; known schemes: " + String.join(", ", schemes.ids())));
        requireLineageAllows(command.projectNumber(), command.type());
        AuditId auditId = AuditId.of(command.projectNumber(), audits.size() + 1);
        apply(new AuditOpened(auditId, command.projectNumber(), command.type(),
                latest().map(Audit::id).orElse(null), scheme.id(), scheme.version(), command.organization(),
                command.otherSites(), command.scope(), command.criteria(), command.onSiteFrom(),
                command.onSiteTo(), command.onSiteDays()));
        return changed(auditId);
    }

    @CommandHandler
    AuditChange handle(AssignTeamMember command) {
        Audit audit = audit(command);
        requireOpen(audit);
        TeamMember member = command.member();
        audit.member(member.code()).ifPresent(taken -> {
            throw new BrokenRuleException("team member code " + member.code() + " is already taken by "
                    + describe(taken) + " on audit " + audit.id() + "; each member has their own code");
        });
        audit.memberByUser(member.userName()).ifPresent(same -> {
            throw new BrokenRuleException("user '" + member.userName() + "' is already on the team of audit "
                    + audit.id() + " as " + describe(same) + "; a person holds one place on a team");
        });
        if (member.role() == TeamRole.LEADER) {
            audit.leader().ifPresent(leader -> {
                throw new BrokenRuleException("audit " + audit.id() + " already has its leader, " + describe(leader)
                        + "; an audit team has exactly one leader (组长)");
            });
        }
        apply(new TeamMemberAssigned(audit.id(), member));
        return changed(audit.id());
    }

    @CommandHandler
    AuditChange handle(RemoveTeamMember command) {
        Audit audit = audit(command);
        TeamMember member = audit.member(command.memberCode()).orElseThrow(() -> new UnknownReferenceException(
                "audit " + audit.id() + " has no team member " + command.memberCode()));
        requireOpen(audit);
        apply(new TeamMemberRemoved(audit.id(), member.code(), command.reason()));
        return changed(audit.id());
    }

    @CommandHandler
    AuditChange handle(SignPledge command, @MetaDataValue(AuditMetaData.USER) String user) {
        Audit audit = audit(command);
        TeamMember signer = teamMember(audit, user, "signs its pledge");
        if (command.memberCode() != null && !command.memberCode().equals(signer.code())) {
            throw new NotPermittedException("each member signs the pledge for themselves; user '" + user + "' is "
                    + signer.code() + " on audit " + audit.id() + ", not " + command.memberCode());
        }
        requireOpen(audit);
        audit.pledgeOf(signer.code()).ifPresent(date -> {
            throw new BrokenRuleException(describe(signer) + " already signed the impartiality and confidentiality "
                    + "pledge of audit " + audit.id() + " on " + date + "; a pledge is signed once");
        });
        apply(new PledgeSigned(audit.id(), signer.code(), command.signedOn()));
        return changed(audit.id());
    }

    @CommandHandler
    AuditChange handle(ScoreItem command, @MetaDataValue(AuditMetaData.USER) String user, SchemeCatalog schemes) {
        Audit audit = audit(command);
        TeamMember scorer = teamMember(audit, user, "scores its items");
        String clause = clause(audit, command.item(), schemes);
        requireScoringAllowed(audit, scorer);
        if (audit.notApplicable(clause)) {
            throw new BrokenRuleException("item " + clause + " is not applicable on audit " + audit.id()
                    + "; score it only after restoring it");
        }
        Optional<Audit.Score> current = audit.score(clause);
        if (current.isEmpty()) {
            apply(new ItemScored(audit.id(), clause, command.percent(), command.note()));
            return changed(audit.id());
        }
        Audit.Score previous = current.get();
        if (previous.percent().equals(command.percent()) && previous.note().equals(command.note())) {
            // Scoring the same value again changes nothing: a retry must not look like a revision.
            return changed(audit.id());
        }
        if (command.reason() == null) {
            throw new BrokenRuleException("item " + clause + " already has a score of " + previous.percent()
                    + "% on audit " + audit.id() + "; changing a score needs a reason");
        }
        apply(new ItemScoreRevised(audit.id(), clause, previous.percent(), command.percent(), command.note(),
                command.reason()));
        return changed(audit.id());
    }

    @CommandHandler
    AuditChange handle(MarkItemNotApplicable command, @MetaDataValue(AuditMetaData.USER) String user,
                       SchemeCatalog schemes) {
        Audit audit = audit(command);
        TeamMember member = teamMember(audit, user, "marks its items");
        String clause = clause(audit, command.item(), schemes);
        requireScoringAllowed(audit, member);
        if (audit.notApplicable(clause)) {
            throw new BrokenRuleException("item " + clause + " is already not applicable on audit " + audit.id());
        }
        apply(new ItemMarkedNotApplicable(audit.id(), clause,
                audit.score(clause).map(Audit.Score::percent).orElse(null), command.reason()));
        return changed(audit.id());
    }

    @CommandHandler
    AuditChange handle(RestoreItemApplicability command, @MetaDataValue(AuditMetaData.USER) String user,
                       SchemeCatalog schemes) {
        Audit audit = audit(command);
        TeamMember member = teamMember(audit, user, "restores its items");
        String clause = clause(audit, command.item(), schemes);
        requireScoringAllowed(audit, member);
        if (!audit.notApplicable(clause)) {
            throw new BrokenRuleException("item " + clause + " is applicable on audit " + audit.id()
                    + "; only a not-applicable item can be restored");
        }
        apply(new ItemApplicabilityRestored(audit.id(), clause, command.reason()));
        return changed(audit.id());
    }

    @CommandHandler
    AuditChange handle(RecordSpecialItem command, @MetaDataValue(AuditMetaData.USER) String user,
                       SchemeCatalog schemes) {
        Audit audit = audit(command);
        TeamMember member = teamMember(audit, user, "records its special items");
        String clause = command.clause() == null ? null : clause(audit, command.clause(), schemes);
        requireScoringAllowed(audit, member);
        if (command.kind() == SpecialItemKind.BONUS) {
            // GB/T 27922: at most one bonus item (特别加分项) counts for an audit.
            audit.bonusItemId().ifPresent(bonus -> {
                throw new BrokenRuleException("audit " + audit.id() + " already has its bonus item " + bonus
                        + "; at most one bonus item counts (GB/T 27922)");
            });
        }
        String specialItemId = audit.nextSpecialItemId();
        apply(new SpecialItemRecorded(audit.id(), specialItemId, command.kind(), command.finding(), clause,
                command.reason()));
        return new AuditChange(audit.id(), AggregateLifecycle.getVersion(), specialItemId, null, null);
    }

    @CommandHandler
    AuditChange handle(WithdrawSpecialItem command, @MetaDataValue(AuditMetaData.USER) String user) {
        Audit audit = audit(command);
        TeamMember member = teamMember(audit, user, "withdraws its special items");
        audit.specialItem(command.specialItemId()).orElseThrow(() -> new UnknownReferenceException(
                "audit " + audit.id() + " has no special item " + command.specialItemId()
                        + " (never recorded, or already withdrawn)"));
        requireScoringAllowed(audit, member);
        apply(new SpecialItemWithdrawn(audit.id(), command.specialItemId(), command.reason()));
        return changed(audit.id());
    }

    @CommandHandler
    AuditChange handle(RecordFindings command, @MetaDataValue(AuditMetaData.USER) String user) {
        Audit audit = audit(command);
        TeamMember member = teamMember(audit, user, "records its findings");
        requireScoringAllowed(audit, member);
        if (audit.strengths().equals(command.strengths()) && audit.improvements().equals(command.improvements())) {
            // The same findings again change nothing.
            return changed(audit.id());
        }
        apply(new FindingsRecorded(audit.id(), command.strengths(), command.improvements()));
        return changed(audit.id());
    }

    @CommandHandler
    AuditChange handle(RecommendGrade command, @MetaDataValue(AuditMetaData.USER) String user,
                       SchemeCatalog schemes) {
        Audit audit = audit(command);
        requireLeader(audit, user, "recommends a grade");
        requireOpen(audit);
        List<String> unsigned = audit.members().stream()
                .filter(m -> audit.pledgeOf(m.code()).isEmpty())
                .map(Project::describe)
                .toList();
        if (!unsigned.isEmpty()) {
            throw new BrokenRuleException("every team member signs the impartiality and confidentiality pledge "
                    + "before the recommendation; not signed on audit " + audit.id() + ": " + String.join(", ", unsigned));
        }
        Scheme scheme = schemes.pinned(audit.schemeId(), audit.schemeVersion());
        var results = audit.results();
        List<String> open = scheme.items().stream()
                .map(SchemeItem::clause)
                .filter(clause -> !results.containsKey(clause))
                .toList();
        if (!open.isEmpty()) {
            throw new BrokenRuleException("every item is scored or marked not applicable before the recommendation; "
                    + open.size() + " of " + scheme.items().size() + " items of audit " + audit.id()
                    + " are neither: " + abbreviate(open));
        }
        if (command.reportDate().isBefore(audit.onSiteFrom())) {
            throw new BrokenRuleException("the report date " + command.reportDate()
                    + " is before the on-site audit began on " + audit.onSiteFrom());
        }
        int deductions = audit.count(SpecialItemKind.DEDUCTION);
        Scorecard card = Scorecard.of(scheme, results, deductions, audit.count(SpecialItemKind.BONUS));
        Grade computed = card.grade();
        if (command.grade() != computed && command.grade() != Grade.NOT_GRADED) {
            throw new BrokenRuleException("the scoring rules give " + computed + " (" + computed.chineseName()
                    + ") for a total of " + card.total().toPlainString() + " with " + deductions
                    + " deduction(s) on audit " + audit.id() + "; recommend " + computed + " or NOT_GRADED, not "
                    + command.grade());
        }
        apply(new GradeRecommended(audit.id(), card.total(), command.grade(), command.reportDate()));
        return new AuditChange(audit.id(), AggregateLifecycle.getVersion(), null, card.total(), command.grade());
    }

    @CommandHandler
    AuditChange handle(ReopenAudit command, @MetaDataValue(AuditMetaData.USER) String user) {
        Audit audit = audit(command);
        requireLeader(audit, user, "reopens it");
        if (!audit.closed()) {
            throw new BrokenRuleException("audit " + audit.id() + " is open; only a recommended audit can be reopened");
        }
        Audit latest = latest().orElseThrow();
        if (!latest.id().equals(audit.id())) {
            throw new BrokenRuleException("only the latest audit of project " + projectNumber
                    + " can be reopened; " + latest.id() + " follows " + audit.id());
        }
        apply(new AuditReopened(audit.id(), command.reason()));
        return changed(audit.id());
    }

    @EventSourcingHandler
    void on(AuditOpened event) {
        projectNumber = event.projectNumber();
        audits.add(new Audit(event));
    }

    @EventSourcingHandler
    void on(TeamMemberAssigned event) {
        find(event.auditId()).on(event);
    }

    @EventSourcingHandler
    void on(TeamMemberRemoved event) {
        find(event.auditId()).on(event);
    }

    @EventSourcingHandler
    void on(PledgeSigned event) {
        find(event.auditId()).on(event);
    }

    @EventSourcingHandler
    void on(ItemScored event) {
        find(event.auditId()).on(event);
    }

    @EventSourcingHandler
    void on(ItemScoreRevised event) {
        find(event.auditId()).on(event);
    }

    @EventSourcingHandler
    void on(ItemMarkedNotApplicable event) {
        find(event.auditId()).on(event);
    }

    @EventSourcingHandler
    void on(ItemApplicabilityRestored event) {
        find(event.auditId()).on(event);
    }

    @EventSourcingHandler
    void on(SpecialItemRecorded event) {
        find(event.auditId()).on(event);
    }

    @EventSourcingHandler
    void on(SpecialItemWithdrawn event) {
        find(event.auditId()).on(event);
    }

    @EventSourcingHandler
    void on(FindingsRecorded event) {
        find(event.auditId()).on(event);
    }

    @EventSourcingHandler
    void on(GradeRecommended event) {
        find(event.auditId()).on(event);
    }

    @EventSourcingHandler
    void on(AuditReopened event) {
        find(event.auditId()).onReopened();
    }

    private void requireLineageAllows(ProjectNumber project, AuditType type) {
        Optional<Audit> latest = latest();
        if (latest.isEmpty()) {
            if (type != AuditType.INITIAL) {
                throw new BrokenRuleException("the first audit of project " + project + " is an initial audit ("
                        + AuditType.INITIAL.chineseName() + "), not " + type);
            }
            return;
        }
        Audit previous = latest.get();
        if (!previous.closed()) {
            throw new BrokenRuleException("project " + project + " already has an open audit, " + previous.id()
                    + "; one audit at a time, the next opens after its recommendation");
        }
        switch (type) {
            case INITIAL -> {
                if (previous.passed()) {
                    throw new BrokenRuleException("a new initial audit of project " + project
                            + " is allowed only after an audit that did not pass; " + previous.id() + " passed with "
                            + previous.recommendation().orElseThrow().grade() + ", so a surveillance or a "
                            + "re-certification comes next");
                }
            }
            case SURVEILLANCE -> {
                if (!previous.passed()) {
                    throw new BrokenRuleException("a surveillance audit (" + AuditType.SURVEILLANCE.chineseName()
                            + ") needs the latest finished audit of project " + project + " to have passed; "
                            + previous.id() + " did not pass");
                }
            }
            case RECERTIFICATION -> {
                boolean cycleStartPassed = audits.stream().anyMatch(a -> a.type().startsCycle() && a.passed());
                if (!cycleStartPassed) {
                    throw new BrokenRuleException("a re-certification (" + AuditType.RECERTIFICATION.chineseName()
                            + ") needs a passed initial or re-certification audit before it; project " + project
                            + " has none");
                }
            }
        }
    }

    private Audit audit(AuditCommand command) {
        return audits.stream()
                .filter(a -> a.id().equals(command.auditId()))
                .findFirst()
                .orElseThrow(() -> new UnknownReferenceException("project " + projectNumber + " has no audit "
                        + command.auditId()));
    }

    private Audit find(AuditId auditId) {
        return audits.stream().filter(a -> a.id().equals(auditId)).findFirst().orElseThrow();
    }

    private Optional<Audit> latest() {
        return audits.isEmpty() ? Optional.empty() : Optional.of(audits.get(audits.size() - 1));
    }

    private static TeamMember teamMember(Audit audit, String user, String action) {
        if (user == null) {
            throw new NotPermittedException("no authenticated user; only a team member of audit " + audit.id()
                    + " " + action);
        }
        return audit.memberByUser(user).orElseThrow(() -> new NotPermittedException(
                "user '" + user + "' is not on the team of audit " + audit.id() + "; only a team member " + action));
    }

    private static void requireLeader(Audit audit, String user, String action) {
        TeamMember member = teamMember(audit, user, action);
        if (member.role() != TeamRole.LEADER) {
            String leader = audit.leader().map(Project::describe).orElse("nobody yet");
            throw new NotPermittedException("only the leader of audit " + audit.id() + " " + action + "; "
                    + describe(member) + " is " + member.role() + ", the leader is " + leader);
        }
    }

    private static String clause(Audit audit, String item, SchemeCatalog schemes) {
        Scheme scheme = schemes.pinned(audit.schemeId(), audit.schemeVersion());
        return scheme.find(item).map(SchemeItem::clause).orElseThrow(() -> new UnknownReferenceException(
                "scheme " + scheme.id() + " (version " + scheme.version() + ") of audit " + audit.id()
                        + " has no item '" + item + "'; name an item by clause (5.2.2.3) or dimension code (B8)"));
    }

    private static void requireOpen(Audit audit) {
        audit.recommendation().ifPresent(r -> {
            throw new BrokenRuleException("audit " + audit.id() + " is closed since its leader recommended "
                    + r.grade() + " on " + r.reportDate() + "; the leader reopens it before anything changes");
        });
    }

    /** Scoring, marking, special items and findings: the same three preconditions. */
    private static void requireScoringAllowed(Audit audit, TeamMember member) {
        requireOpen(audit);
        if (audit.leader().isEmpty()) {
            throw new BrokenRuleException("scoring starts once the team has its leader; audit " + audit.id()
                    + " has no leader (组长) yet");
        }
        if (audit.pledgeOf(member.code()).isEmpty()) {
            throw new BrokenRuleException(describe(member) + " has not signed the impartiality and confidentiality "
                    + "pledge of audit " + audit.id() + "; no member scores before signing it");
        }
    }

    private static AuditChange changed(AuditId auditId) {
        return AuditChange.of(auditId, Objects.requireNonNull(AggregateLifecycle.getVersion()));
    }

    private static String describe(TeamMember member) {
        return member.code() + " " + member.name();
    }

    private static String abbreviate(List<String> clauses) {
        return clauses.size() <= 5 ? String.join(", ", clauses)
                : clauses.stream().limit(5).collect(Collectors.joining(", ")) + " and " + (clauses.size() - 5) + " more";
    }
}
