package org.certaudit.command.audit;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.messaging.annotation.MetaDataValue;
import org.axonframework.modelling.command.AggregateLifecycle;
import org.axonframework.modelling.command.EntityId;
import org.certaudit.audit.AuditCancelled;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditOpened;
import org.certaudit.audit.AuditReopened;
import org.certaudit.audit.AuditScoring;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.CertificateGranted;
import org.certaudit.audit.CertificateMaintained;
import org.certaudit.audit.CertificateRenewed;
import org.certaudit.audit.CertificateSuspended;
import org.certaudit.audit.CertificateWithdrawn;
import org.certaudit.audit.CertificationRefused;
import org.certaudit.audit.Decision;
import org.certaudit.audit.FindingsRecorded;
import org.certaudit.audit.GradeRecommended;
import org.certaudit.audit.ItemApplicabilityRestored;
import org.certaudit.audit.ItemMarkedNotApplicable;
import org.certaudit.audit.ItemNotApplicableReasonRevised;
import org.certaudit.audit.ItemScoreRevised;
import org.certaudit.audit.ItemScored;
import org.certaudit.audit.OnSiteAuditRescheduled;
import org.certaudit.audit.OnSitePeriod;
import org.certaudit.audit.PledgeDateCorrected;
import org.certaudit.audit.PledgeSigned;
import org.certaudit.audit.SpecialItemKind;
import org.certaudit.audit.SpecialItemRecorded;
import org.certaudit.audit.SpecialItemWithdrawn;
import org.certaudit.audit.TeamMember;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.audit.TeamMemberRemoved;
import org.certaudit.audit.TeamRole;
import org.certaudit.audit.TechnicalReviewAccepted;
import org.certaudit.audit.TechnicalReviewReturned;
import org.certaudit.audit.UserNames;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.Scheme;
import org.certaudit.scheme.SchemeCatalog;
import org.certaudit.scheme.SchemeItem;
import org.certaudit.scheme.Scorecard;
import org.certaudit.web.RuleCode;

/**
 * One audit of a {@link Project}, an entity of the project aggregate: it owns the commands of its
 * own work (team, pledges, scores, special items, findings, a technical review's return)
 * and the state their rules need. Axon routes a command to the audit whose id is the command's {@code auditId}, and
 * an event to the audit it names. The project keeps the rules that span audits: opening,
 * reopening, and the certification decisions; and it handles the recommendation and a technical review's acceptance,
 * judged by this audit's rules ({@link #recommendationOf}, {@link #requireReviewable}) and then by its certificate's,
 * which the project holds.
 *
 * <p>Every command handler checks, in this order: the acting user may act, the named item
 * exists, the rule; then it applies. Business dates come in the commands.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
class Audit {

    @EntityId(routingKey = "auditId")
    private AuditId id;
    private AuditOpened opened;
    private Map<String, TeamMember> team = new LinkedHashMap<>();
    /**
     * Everyone who was ever on the team, removed members too: they took part in the audit. The user names as assigned,
     * compared as {@link UserNames} says.
     */
    private LinkedHashSet<String> participants = new LinkedHashSet<>();
    private Map<String, LocalDate> pledges = new LinkedHashMap<>();
    private AuditScoring scoring = AuditScoring.NONE;
    private List<String> strengths = new ArrayList<>();
    private List<String> improvements = new ArrayList<>();
    private Recommendation recommendation;
    private Review review;
    /**
     * Everyone who ever reviewed the audit, accepting or returning it, an acceptance a reopening set aside included:
     * they took part in its evaluation and do not decide it. The user names as recorded, compared as {@link UserNames}
     * says.
     */
    private LinkedHashSet<String> reviewers = new LinkedHashSet<>();
    private Decision decision;
    /** Who cancelled the audit; null while it is not cancelled. */
    private String cancelledBy;
    /**
     * The on-site period the latest rescheduling set; null while the audit keeps the period it was opened with (and in
     * a snapshot taken before rescheduling existed, which had none to keep).
     */
    private OnSitePeriod rescheduled;
    /**
     * The day of the latest return by technical review, which the next review follows; null while the audit was never
     * returned. A snapshot of revision 3 had none to keep and is ignored ({@link Project}'s revision 4).
     */
    private LocalDate returnedOn;

    /** The standing recommendation; present exactly while the audit is closed. */
    record Recommendation(Grade grade, BigDecimal total, LocalDate reportDate) {
    }

    /** The standing acceptance by technical review; gone when the audit is reopened. */
    record Review(String reviewer, LocalDate reviewedOn) {
    }

    private Audit() {
        // Jackson (snapshots).
    }

    Audit(AuditOpened event) {
        this.id = event.auditId();
        this.opened = event;
        this.scoring = AuditScoring.NONE.apply(event);
    }

    @CommandHandler
    AuditChange handle(AssignTeamMember command) {
        requireOpen();
        TeamMember member = command.member();
        member(member.code()).ifPresent(taken -> {
            throw new BrokenRuleException(RuleCode.TEAM_CODE_TAKEN.with("audit", id, "code", member.code(),
                    "member", describe(taken)),
                    "team member code " + member.code() + " is already taken by "
                    + describe(taken) + " on audit " + id + "; each member has their own code");
        });
        // AUDITOR or ａｕｄｉｔｏｒ signs in as auditor: a second place under that name is one nobody could act in.
        memberByUser(member.userName()).ifPresent(same -> {
            String spelled = same.userName().equals(member.userName()) ? ""
                    : " (user '" + same.userName() + "'; user names are compared regardless of case and width)";
            throw new BrokenRuleException(RuleCode.TEAM_USER_TAKEN.with("audit", id, "user", member.userName(),
                    "member", describe(same)),
                    "user '" + member.userName() + "' is already on the team of audit "
                    + id + " as " + describe(same) + spelled + "; a person holds one place on a team");
        });
        if (member.role() == TeamRole.LEADER) {
            leader().ifPresent(leader -> {
                throw new BrokenRuleException(RuleCode.TEAM_ONE_LEADER.with("audit", id, "leader", describe(leader)),
                        "audit " + id + " already has its leader, " + describe(leader)
                        + "; an audit team has exactly one leader (组长)");
            });
        }
        apply(new TeamMemberAssigned(id, member));
        return changed();
    }

    @CommandHandler
    AuditChange handle(RemoveTeamMember command) {
        TeamMember member = member(command.memberCode()).orElseThrow(() -> new UnknownReferenceException(
                RuleCode.REFERENCE_MEMBER.with("audit", id, "member", command.memberCode()),
                "audit " + id + " has no team member " + command.memberCode()));
        requireOpen();
        apply(new TeamMemberRemoved(id, member.code(), command.reason()));
        return changed();
    }

    @CommandHandler
    AuditChange handle(SignPledge command, @MetaDataValue(AuditMetaData.USER) String user) {
        TeamMember signer = teamMember(user, "signs its pledge");
        if (command.memberCode() != null && !command.memberCode().equals(signer.code())) {
            throw new NotPermittedException(RuleCode.PERMISSION_OWN_PLEDGE.with("user", user, "audit", id,
                    "ownCode", signer.code(), "memberCode", command.memberCode()),
                    "each member signs the pledge for themselves; user '" + user + "' is "
                    + signer.code() + " on audit " + id + ", not " + command.memberCode());
        }
        requireOpen();
        pledgeOf(signer.code()).ifPresent(date -> {
            throw new BrokenRuleException(RuleCode.PLEDGE_SIGNED_ONCE.with("audit", id, "member", describe(signer),
                    "signedOn", date),
                    describe(signer) + " already signed the impartiality and confidentiality "
                    + "pledge of audit " + id + " on " + date + "; a pledge is signed once");
        });
        apply(new PledgeSigned(id, signer.code(), command.signedOn()));
        return changed();
    }

    /**
     * The member's own pledge only, signed, on an open audit, and to another day: the earlier day stays in the stream
     * (ISO/IEC 17065 7.12: a record is corrected, not overwritten). A returned audit is open again, so its team can
     * correct a date the technical reviewer found wrong before the leader recommends once more.
     */
    @CommandHandler
    AuditChange handle(CorrectPledgeDate command, @MetaDataValue(AuditMetaData.USER) String user) {
        TeamMember corrector = teamMember(user, "corrects its pledge");
        TeamMember member = member(command.memberCode()).orElseThrow(() -> new UnknownReferenceException(
                RuleCode.REFERENCE_MEMBER.with("audit", id, "member", command.memberCode()),
                "audit " + id + " has no team member " + command.memberCode()));
        if (!member.code().equals(corrector.code())) {
            throw new NotPermittedException(RuleCode.PERMISSION_OWN_PLEDGE_CORRECTION.with("user", user, "audit", id,
                    "ownCode", corrector.code(), "memberCode", member.code()),
                    "each member corrects the date of their own pledge; user '" + user + "' is "
                    + corrector.code() + " on audit " + id + ", not " + member.code());
        }
        requireOpen();
        LocalDate recorded = pledgeOf(member.code()).orElseThrow(() -> new BrokenRuleException(
                RuleCode.PLEDGE_NOT_SIGNED.with("audit", id, "member", describe(member)),
                describe(member) + " has not signed the impartiality and confidentiality pledge of audit " + id
                        + "; only the date of a signed pledge is corrected"));
        if (recorded.equals(command.signedOn())) {
            throw new BrokenRuleException(RuleCode.PLEDGE_CORRECTION_SAME_DATE.with("audit", id,
                    "member", describe(member), "signedOn", recorded),
                    "the pledge of " + describe(member) + " on audit " + id + " is already recorded as signed on "
                    + recorded + "; a correction gives another day", "signedOn");
        }
        apply(new PledgeDateCorrected(id, member.code(), recorded, command.signedOn(), command.reason()));
        return changed();
    }

    @CommandHandler
    AuditChange handle(ScoreItem command, @MetaDataValue(AuditMetaData.USER) String user, SchemeCatalog schemes) {
        TeamMember scorer = teamMember(user, "scores its items");
        String clause = clause(command.item(), schemes);
        requireScoringAllowed(scorer);
        if (scoring.notApplicable(clause)) {
            throw new BrokenRuleException(RuleCode.ITEM_NOT_APPLICABLE.with("audit", id, "item", clause),
                    "item " + clause + " is not applicable on audit " + id
                    + "; score it only after restoring it");
        }
        Optional<AuditScoring.ItemState> current = scoring.item(clause).filter(state -> state.percent() != null);
        if (current.isEmpty()) {
            apply(new ItemScored(id, clause, command.percent(), command.note()));
            return changed();
        }
        AuditScoring.ItemState previous = current.get();
        if (previous.percent().equals(command.percent()) && command.note().equals(previous.note())) {
            // Scoring the same value again changes nothing: a retry must not look like a revision.
            return changed();
        }
        if (command.reason() == null) {
            throw new BrokenRuleException(RuleCode.ITEM_REVISION_REASON.with("audit", id, "item", clause,
                    "percent", previous.percent().value()),
                    "item " + clause + " already has a score of " + previous.percent()
                    + "% on audit " + id + "; changing a score needs a reason");
        }
        apply(new ItemScoreRevised(id, clause, previous.percent(), command.percent(), command.note(),
                command.reason()));
        return changed();
    }

    @CommandHandler
    AuditChange handle(MarkItemNotApplicable command, @MetaDataValue(AuditMetaData.USER) String user,
                       SchemeCatalog schemes) {
        TeamMember member = teamMember(user, "marks its items");
        String clause = clause(command.item(), schemes);
        requireScoringAllowed(member);
        if (scoring.notApplicable(clause)) {
            String previous = scoring.item(clause).map(AuditScoring.ItemState::reason).orElse(null);
            // The same reason again changes nothing (a retry); another one revises it, the earlier staying recorded.
            if (!command.reason().equals(previous)) {
                apply(new ItemNotApplicableReasonRevised(id, clause, previous, command.reason()));
            }
            return changed();
        }
        // GB/T 27922: a not-applicable item is left out of the scoring; a special item naming it would deduct from (or
        // add for) an item the organization does not do. The team withdraws it first, which the record keeps.
        List<String> naming = scoring.countingSpecialItemIdsOn(clause);
        if (!naming.isEmpty()) {
            throw new BrokenRuleException(RuleCode.ITEM_HAS_SPECIAL_ITEMS.with("audit", id, "item", clause,
                    "specialItems", naming),
                    "special item" + (naming.size() == 1 ? " " : "s ") + String.join(", ", naming) + " of audit " + id
                    + " name" + (naming.size() == 1 ? "s" : "") + " item " + clause + "; withdraw "
                    + (naming.size() == 1 ? "it" : "them") + " before marking the item not applicable (GB/T 27922: a "
                    + "not-applicable item is left out of the scoring)");
        }
        apply(new ItemMarkedNotApplicable(id, clause,
                scoring.item(clause).map(AuditScoring.ItemState::percent).orElse(null), command.reason()));
        return changed();
    }

    @CommandHandler
    AuditChange handle(RestoreItemApplicability command, @MetaDataValue(AuditMetaData.USER) String user,
                       SchemeCatalog schemes) {
        TeamMember member = teamMember(user, "restores its items");
        String clause = clause(command.item(), schemes);
        requireScoringAllowed(member);
        if (!scoring.notApplicable(clause)) {
            throw new BrokenRuleException(RuleCode.ITEM_APPLICABLE.with("audit", id, "item", clause),
                    "item " + clause + " is applicable on audit " + id
                    + "; only a not-applicable item can be restored");
        }
        apply(new ItemApplicabilityRestored(id, clause, command.reason()));
        return changed();
    }

    @CommandHandler
    AuditChange handle(RecordSpecialItem command, @MetaDataValue(AuditMetaData.USER) String user,
                       SchemeCatalog schemes) {
        TeamMember member = teamMember(user, "records its special items");
        String clause = command.clause() == null ? null : clause(command.clause(), schemes, "clause");
        requireScoringAllowed(member);
        if (clause != null && scoring.notApplicable(clause)) {
            // GB/T 27922: an item the organization does not do (不涉及) is left out of the scoring: no finding deducts
            // from it, and no practice on it earns a bonus. Restoring the item comes first.
            throw new BrokenRuleException(RuleCode.SPECIAL_ITEM_NOT_APPLICABLE.with("audit", id, "clause", clause),
                    "item " + clause + " is not applicable on audit " + id + "; a "
                    + (command.kind() == SpecialItemKind.DEDUCTION ? "deduction" : "bonus")
                    + " names only an item that is scored: restore the item first (GB/T 27922: a not-applicable item "
                    + "is left out of the scoring)", "clause");
        }
        if (command.kind() == SpecialItemKind.BONUS) {
            // GB/T 27922: at most one bonus item (特别加分项) counts for an audit.
            scoring.bonusItemId().ifPresent(bonus -> {
                throw new BrokenRuleException(RuleCode.SPECIAL_ONE_BONUS.with("audit", id, "bonus", bonus),
                        "audit " + id + " already has its bonus item " + bonus
                        + "; at most one bonus item counts (GB/T 27922)");
            });
        }
        String specialItemId = scoring.nextSpecialItemId();
        apply(new SpecialItemRecorded(id, specialItemId, command.kind(), command.finding(), clause,
                command.reason()));
        return new AuditChange(id, AggregateLifecycle.getVersion(), specialItemId, null, null);
    }

    @CommandHandler
    AuditChange handle(WithdrawSpecialItem command, @MetaDataValue(AuditMetaData.USER) String user) {
        TeamMember member = teamMember(user, "withdraws its special items");
        scoring.countingSpecialItem(command.specialItemId()).orElseThrow(() -> new UnknownReferenceException(
                RuleCode.REFERENCE_SPECIAL_ITEM.with("audit", id, "specialItem", command.specialItemId()),
                "audit " + id + " has no special item " + command.specialItemId()
                        + " (never recorded, or already withdrawn)"));
        requireScoringAllowed(member);
        apply(new SpecialItemWithdrawn(id, command.specialItemId(), command.reason()));
        return changed();
    }

    @CommandHandler
    AuditChange handle(RecordFindings command, @MetaDataValue(AuditMetaData.USER) String user) {
        TeamMember member = teamMember(user, "records its findings");
        requireScoringAllowed(member);
        if (strengths.equals(command.strengths()) && improvements.equals(command.improvements())) {
            // The same findings again change nothing.
            return changed();
        }
        apply(new FindingsRecorded(id, command.strengths(), command.improvements()));
        return changed();
    }

    /**
     * The leader's recommendation as this audit's rules judge it (the leader, an open audit, every pledge signed and
     * every item assessed, a report dated no earlier than the on-site period in force and the pledges, the computed
     * grade or NOT_GRADED): the event to record. The {@link Project} handles the command, judging the certificate's
     * rule on the report date before it applies the event.
     */
    GradeRecommended recommendationOf(RecommendGrade command, String user, SchemeCatalog schemes) {
        requireLeader(user, "recommends a grade");
        requireOpen();
        List<String> unsigned = team.values().stream()
                .filter(m -> pledgeOf(m.code()).isEmpty())
                .map(Audit::describe)
                .toList();
        if (!unsigned.isEmpty()) {
            throw new BrokenRuleException(RuleCode.RECOMMENDATION_UNSIGNED.with("audit", id, "members", unsigned),
                    "every team member signs the impartiality and confidentiality pledge "
                    + "before the recommendation; not signed on audit " + id + ": " + String.join(", ", unsigned));
        }
        Scheme scheme = schemes.pinned(opened.schemeId(), opened.schemeVersion());
        var results = scoring.results();
        List<String> open = scheme.items().stream()
                .map(SchemeItem::clause)
                .filter(clause -> !results.containsKey(clause))
                .toList();
        if (!open.isEmpty()) {
            throw new BrokenRuleException(RuleCode.RECOMMENDATION_OPEN_ITEMS.with("audit", id, "open", open.size(),
                    "total", scheme.items().size(), "items", open.stream().limit(5).toList()),
                    "every item is scored or marked not applicable before the recommendation; "
                    + open.size() + " of " + scheme.items().size() + " items of audit " + id
                    + " are neither: " + abbreviate(open));
        }
        LocalDate onSiteFrom = onSite().from();
        if (command.reportDate().isBefore(onSiteFrom)) {
            throw new BrokenRuleException(RuleCode.RECOMMENDATION_REPORT_DATE.with("audit", id,
                    "reportDate", command.reportDate(), "onSiteFrom", onSiteFrom),
                    "the report date " + command.reportDate()
                    + " is before the on-site audit began on " + onSiteFrom, "reportDate");
        }
        latestPledge().filter(pledge -> command.reportDate().isBefore(pledge.getValue())).ifPresent(pledge -> {
            String member = describe(team.get(pledge.getKey()));
            throw new BrokenRuleException(RuleCode.RECOMMENDATION_BEFORE_PLEDGE.with("audit", id,
                    "reportDate", command.reportDate(), "member", member, "signedOn", pledge.getValue()),
                    "the report date " + command.reportDate() + " is before " + member + " signed the impartiality "
                    + "and confidentiality pledge of audit " + id + " on " + pledge.getValue() + "; the team signs "
                    + "its pledge before it reports, on the report date at the latest (ISO/IEC 17065 4.2, 4.5)",
                    "reportDate");
        });
        Scorecard card = scoring.scorecard(scheme);
        Grade computed = card.grade();
        if (command.grade() != computed && command.grade() != Grade.NOT_GRADED) {
            throw new BrokenRuleException(RuleCode.RECOMMENDATION_GRADE.with("audit", id, "computed", computed,
                    "total", card.total(), "deductions", scoring.deductions(), "grade", command.grade()),
                    "the scoring rules give " + computed + " (" + computed.chineseName()
                    + ") for a total of " + card.total().toPlainString() + " with " + scoring.deductions()
                    + " deduction(s) on audit " + id + "; recommend " + computed + " or NOT_GRADED, not "
                    + command.grade());
        }
        return new GradeRecommended(id, card.total(), command.grade(), command.reportDate());
    }

    /**
     * A return needs no certificate rule, unlike an acceptance (which the {@link Project} handles): it leaves the audit
     * with its team, whose next report is judged when the leader recommends again.
     */
    @CommandHandler
    AuditChange handle(ReturnToTeam command, @MetaDataValue(AuditMetaData.USER) String user) {
        requireReviewable(user, command.reviewedOn());
        apply(new TechnicalReviewReturned(id, user, command.reviewedOn(), command.findings()));
        return changed();
    }

    /**
     * By ADMIN (the role that opens audits, which the URL rules require), with a reason, on an audit whose team has not
     * recommended a grade: a recommended audit goes to the technical review and the certification decision, which is
     * the decider's on the completed evaluation (ISO/IEC 17065 7.6), and a decided audit's record stands (7.12). The
     * leader reopens a recommended audit first, which the trail keeps, if it is to be cancelled.
     */
    @CommandHandler
    AuditChange handle(CancelAudit command, @MetaDataValue(AuditMetaData.USER) String user) {
        if (user == null) {
            throw new NotPermittedException(RuleCode.PERMISSION_NO_USER.with("audit", id),
                    "no authenticated user; audit " + id + " is cancelled by a named person");
        }
        requireNotCancelled();
        if (decision == null && recommendation != null) {
            throw new BrokenRuleException(RuleCode.CANCEL_RECOMMENDED.with("audit", id, "grade", recommendation.grade(),
                    "reportDate", recommendation.reportDate()),
                    "audit " + id + " is recommended " + recommendation.grade() + " (report of "
                    + recommendation.reportDate() + "); its technical review and certification decision follow, and "
                    + "the leader reopens it before it can be cancelled");
        }
        if (decision != null) {
            throw new BrokenRuleException(RuleCode.CANCEL_DECIDED.with("audit", id, "outcome", decision.outcome(),
                    "decidedOn", decision.decidedOn()),
                    "audit " + id + " was decided " + decision.outcome() + " on " + decision.decidedOn()
                    + "; a decided audit's record stands and is not cancelled");
        }
        apply(new AuditCancelled(id, user, command.reason()));
        return changed();
    }

    @EventSourcingHandler
    void on(OnSiteAuditRescheduled event) {
        rescheduled = event.period();
    }

    @EventSourcingHandler
    void on(TeamMemberAssigned event) {
        team.put(event.member().code(), event.member());
        participants.add(event.member().userName());
    }

    @EventSourcingHandler
    void on(TeamMemberRemoved event) {
        team.remove(event.memberCode());
        pledges.remove(event.memberCode());
    }

    @EventSourcingHandler
    void on(PledgeSigned event) {
        pledges.put(event.memberCode(), event.signedOn());
    }

    @EventSourcingHandler
    void on(PledgeDateCorrected event) {
        pledges.put(event.memberCode(), event.signedOn());
    }

    @EventSourcingHandler
    void on(ItemScored event) {
        scoring = scoring.apply(event);
    }

    @EventSourcingHandler
    void on(ItemScoreRevised event) {
        scoring = scoring.apply(event);
    }

    @EventSourcingHandler
    void on(ItemMarkedNotApplicable event) {
        scoring = scoring.apply(event);
    }

    @EventSourcingHandler
    void on(ItemNotApplicableReasonRevised event) {
        scoring = scoring.apply(event);
    }

    @EventSourcingHandler
    void on(ItemApplicabilityRestored event) {
        scoring = scoring.apply(event);
    }

    @EventSourcingHandler
    void on(SpecialItemRecorded event) {
        scoring = scoring.apply(event);
    }

    @EventSourcingHandler
    void on(SpecialItemWithdrawn event) {
        scoring = scoring.apply(event);
    }

    @EventSourcingHandler
    void on(FindingsRecorded event) {
        strengths = new ArrayList<>(event.strengths());
        improvements = new ArrayList<>(event.improvements());
    }

    @EventSourcingHandler
    void on(GradeRecommended event) {
        recommendation = new Recommendation(event.grade(), event.total(), event.reportDate());
    }

    @EventSourcingHandler
    void on(AuditReopened event) {
        recommendation = null;
        review = null;
    }

    @EventSourcingHandler
    void on(AuditCancelled event) {
        cancelledBy = event.cancelledBy();
    }

    @EventSourcingHandler
    void on(TechnicalReviewAccepted event) {
        review = new Review(event.reviewer(), event.reviewedOn());
        reviewers.add(event.reviewer());
    }

    @EventSourcingHandler
    void on(TechnicalReviewReturned event) {
        recommendation = null;
        reviewers.add(event.reviewer());
        returnedOn = event.reviewedOn();
    }

    @EventSourcingHandler
    void on(CertificateGranted event) {
        decision = event.decision();
    }

    @EventSourcingHandler
    void on(CertificateRenewed event) {
        decision = event.decision();
    }

    @EventSourcingHandler
    void on(CertificationRefused event) {
        decision = event.decision();
    }

    @EventSourcingHandler
    void on(CertificateMaintained event) {
        decision = event.decision();
    }

    @EventSourcingHandler
    void on(CertificateSuspended event) {
        decision = event.decision();
    }

    @EventSourcingHandler
    void on(CertificateWithdrawn event) {
        decision = event.decision();
    }

    AuditId id() {
        return id;
    }

    AuditType type() {
        return opened.type();
    }

    AuditOpened opened() {
        return opened;
    }

    /** The on-site period in force: the latest rescheduling's, else the one the audit was opened with. */
    OnSitePeriod onSite() {
        return rescheduled != null ? rescheduled : OnSitePeriod.of(opened);
    }

    /** How many items have a result recorded, a score or not applicable: the team's findings from the evidence. */
    long assessedItems() {
        return scoring.items().values().stream()
                .filter(item -> item.percent() != null || item.notApplicable())
                .count();
    }

    boolean closed() {
        return recommendation != null;
    }

    /** Cancelled: it takes no change, and is not the predecessor of the project's next audit. */
    boolean cancelled() {
        return cancelledBy != null;
    }

    Optional<Recommendation> recommendation() {
        return Optional.ofNullable(recommendation);
    }

    /** Finished with a grade: the audit passed. */
    boolean passed() {
        return recommendation != null && recommendation.grade().passed();
    }

    Optional<Review> review() {
        return Optional.ofNullable(review);
    }

    Optional<Decision> decision() {
        return Optional.ofNullable(decision);
    }

    List<TeamMember> members() {
        return List.copyOf(team.values());
    }

    /**
     * Whether this user is or was on the team (ISO/IEC 17065 7.5: then they may not review or decide), under their user
     * name however it is cased or written ({@link UserNames}).
     */
    boolean tookPart(String userName) {
        return participants.stream().anyMatch(participant -> UserNames.same(participant, userName));
    }

    /**
     * Whether this user ever reviewed the audit, accepting or returning it (ISO/IEC 17021-1 9.5.1.2: then they do not
     * decide it), under their user name however it is cased or written ({@link UserNames}).
     */
    boolean reviewed(String userName) {
        return reviewers.stream().anyMatch(reviewer -> UserNames.same(reviewer, userName));
    }

    private Optional<TeamMember> member(String code) {
        return Optional.ofNullable(team.get(code));
    }

    /**
     * The member {@code userName} names, however it is cased or written ({@link UserNames}): sign-in finds a user
     * whatever the case typed, so a team holds each user name once in that sense (see assigning a member).
     */
    private Optional<TeamMember> memberByUser(String userName) {
        return team.values().stream().filter(m -> UserNames.same(m.userName(), userName)).findFirst();
    }

    private Optional<TeamMember> leader() {
        return team.values().stream().filter(m -> m.role() == TeamRole.LEADER).findFirst();
    }

    private Optional<LocalDate> pledgeOf(String memberCode) {
        return Optional.ofNullable(pledges.get(memberCode));
    }

    /**
     * The pledge dated latest, the first recorded of those on that day. Only the team's pledges are held: a removed
     * member's left with them ({@code on(TeamMemberRemoved)}), and only a member signs or corrects one.
     */
    private Optional<Map.Entry<String, LocalDate>> latestPledge() {
        Map.Entry<String, LocalDate> latest = null;
        for (Map.Entry<String, LocalDate> pledge : pledges.entrySet()) {
            if (latest == null || pledge.getValue().isAfter(latest.getValue())) {
                latest = pledge;
            }
        }
        return Optional.ofNullable(latest);
    }

    private TeamMember teamMember(String user, String action) {
        if (user == null) {
            throw new NotPermittedException(RuleCode.PERMISSION_NO_USER.with("audit", id),
                    "no authenticated user; only a team member of audit " + id + " " + action);
        }
        return memberByUser(user).orElseThrow(() -> new NotPermittedException(RuleCode.PERMISSION_NOT_ON_TEAM.with(
                "user", user, "audit", id),
                "user '" + user + "' is not on the team of audit " + id + "; only a team member " + action));
    }

    /** Refuses a user who is not on this audit's team (403), naming the action. */
    void requireTeamMember(String user, String action) {
        teamMember(user, action);
    }

    void requireLeader(String user, String action) {
        TeamMember member = teamMember(user, action);
        if (member.role() != TeamRole.LEADER) {
            String leader = leader().map(Audit::describe).orElse("nobody yet");
            throw new NotPermittedException(RuleCode.PERMISSION_LEADER_ONLY.with("audit", id,
                    "member", describe(member), "role", member.role(),
                    "leader", leader().map(Audit::describe).orElse(null)),
                    "only the leader of audit " + id + " " + action + "; "
                    + describe(member) + " is " + member.role() + ", the leader is " + leader);
        }
    }

    private String clause(String item, SchemeCatalog schemes) {
        return clause(item, schemes, null);
    }

    /** The clause {@code item} (a clause or a dimension code) names in this audit's scheme; empty when none. */
    Optional<String> clauseOf(String item, SchemeCatalog schemes) {
        return schemes.pinned(opened.schemeId(), opened.schemeVersion()).find(item).map(SchemeItem::clause);
    }

    /** {@code field}: the body field naming the item, or null when the path names it. */
    private String clause(String item, SchemeCatalog schemes, String field) {
        Scheme scheme = schemes.pinned(opened.schemeId(), opened.schemeVersion());
        return scheme.find(item).map(SchemeItem::clause).orElseThrow(() -> new UnknownReferenceException(
                RuleCode.REFERENCE_ITEM.with("audit", id, "scheme", scheme.id(), "item", item),
                "scheme " + scheme.id() + " (version " + scheme.version() + ") of audit " + id
                        + " has no item '" + item + "'; name an item by clause (5.2.2.3) or dimension code (B8)", field));
    }

    /**
     * ISO/IEC 17065 7.5.1: the review is made by a person not involved in the evaluation; only a
     * recommended audit, not yet reviewed or decided, and not before its report date nor its latest return.
     */
    Recommendation requireReviewable(String user, LocalDate reviewedOn) {
        if (user == null) {
            throw new NotPermittedException(RuleCode.PERMISSION_NO_USER.with("audit", id),
                    "no authenticated user; only a technical reviewer reviews audit " + id);
        }
        if (tookPart(user)) {
            throw new NotPermittedException(RuleCode.INDEPENDENCE_REVIEWER_ON_TEAM.with("user", user, "audit", id),
                    "user '" + user + "' is or was on the team of audit " + id
                    + "; the technical review is made by a person not involved in the audit (ISO/IEC 17065 7.5.1)");
        }
        requireNotCancelled();
        if (decision != null) {
            throw new BrokenRuleException(RuleCode.REVIEW_DECIDED.with("audit", id, "outcome", decision.outcome(),
                    "decidedOn", decision.decidedOn()),
                    "audit " + id + " was decided " + decision.outcome() + " on "
                    + decision.decidedOn() + "; a decided audit is not reviewed again");
        }
        if (review != null) {
            throw new BrokenRuleException(RuleCode.REVIEW_ALREADY_ACCEPTED.with("audit", id,
                    "reviewer", review.reviewer(), "reviewedOn", review.reviewedOn()),
                    "audit " + id + " was already accepted by technical review ("
                    + review.reviewer() + ", " + review.reviewedOn() + "); it awaits the certification decision");
        }
        if (recommendation == null) {
            throw new BrokenRuleException(RuleCode.REVIEW_NOT_RECOMMENDED.with("audit", id),
                    "audit " + id + " is still with its team; only a recommended audit "
                    + "can be reviewed");
        }
        if (reviewedOn.isBefore(recommendation.reportDate())) {
            throw new BrokenRuleException(RuleCode.REVIEW_BEFORE_REPORT.with("audit", id, "reviewedOn", reviewedOn,
                    "reportDate", recommendation.reportDate()),
                    "the review date " + reviewedOn + " is before the report date "
                    + recommendation.reportDate() + " of audit " + id, "reviewedOn");
        }
        // The report given again after a return may keep its date (a corrected report): the review of it may not.
        if (returnedOn != null && reviewedOn.isBefore(returnedOn)) {
            throw new BrokenRuleException(RuleCode.REVIEW_BEFORE_RETURN.with("audit", id, "reviewedOn", reviewedOn,
                    "returnedOn", returnedOn),
                    "the review date " + reviewedOn + " is before the technical review returned audit " + id
                    + " to its team on " + returnedOn + "; the review of the report given again comes no earlier "
                    + "(ISO/IEC 17065 7.5)", "reviewedOn");
        }
        return recommendation;
    }

    /** Refuses any change to a cancelled audit: 409 {@code audit.cancelled}. */
    void requireNotCancelled() {
        if (cancelledBy != null) {
            throw new BrokenRuleException(RuleCode.AUDIT_CANCELLED.with("audit", id, "cancelledBy", cancelledBy),
                    "audit " + id + " was cancelled by " + cancelledBy + "; a cancelled audit takes no change");
        }
    }

    /** Refuses any change to a cancelled or decided audit, and to one whose team recommended a grade. */
    void requireOpen() {
        requireNotCancelled();
        if (decision != null) {
            throw new BrokenRuleException(RuleCode.AUDIT_DECIDED.with("audit", id, "outcome", decision.outcome(),
                    "decidedOn", decision.decidedOn()),
                    "audit " + id + " was decided " + decision.outcome() + " on "
                    + decision.decidedOn() + "; nothing of a decided audit changes");
        }
        if (recommendation != null) {
            throw new BrokenRuleException(RuleCode.AUDIT_CLOSED.with("audit", id, "grade", recommendation.grade(),
                    "reportDate", recommendation.reportDate()),
                    "audit " + id + " is closed since its leader recommended "
                    + recommendation.grade() + " on " + recommendation.reportDate()
                    + "; the leader reopens it before anything changes");
        }
    }

    /** Scoring, marking, special items and findings: the same three preconditions. */
    private void requireScoringAllowed(TeamMember member) {
        requireOpen();
        if (leader().isEmpty()) {
            throw new BrokenRuleException(RuleCode.SCORING_NO_LEADER.with("audit", id),
                    "scoring starts once the team has its leader; audit " + id
                    + " has no leader (组长) yet");
        }
        if (pledgeOf(member.code()).isEmpty()) {
            throw new BrokenRuleException(RuleCode.SCORING_PLEDGE_UNSIGNED.with("audit", id,
                    "member", describe(member)),
                    describe(member) + " has not signed the impartiality and confidentiality "
                    + "pledge of audit " + id + "; no member scores before signing it");
        }
    }

    private AuditChange changed() {
        return AuditChange.of(id, Objects.requireNonNull(AggregateLifecycle.getVersion()));
    }

    static String describe(TeamMember member) {
        return member.code() + " " + member.name();
    }

    private static String abbreviate(List<String> clauses) {
        return clauses.size() <= 5 ? String.join(", ", clauses)
                : clauses.stream().limit(5).collect(Collectors.joining(", ")) + " and " + (clauses.size() - 5) + " more";
    }

    /**
     * Value equality over every field: Axon's fixture compares the state a command left with the
     * state its events rebuild, and compares list elements with {@code equals}.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof Audit that
                && Objects.equals(id, that.id) && Objects.equals(opened, that.opened)
                && team.equals(that.team) && participants.equals(that.participants)
                && pledges.equals(that.pledges) && scoring.equals(that.scoring)
                && strengths.equals(that.strengths) && improvements.equals(that.improvements)
                && Objects.equals(recommendation, that.recommendation) && Objects.equals(review, that.review)
                && reviewers.equals(that.reviewers) && Objects.equals(returnedOn, that.returnedOn)
                && Objects.equals(decision, that.decision) && Objects.equals(cancelledBy, that.cancelledBy)
                && Objects.equals(rescheduled, that.rescheduled);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, recommendation);
    }
}
