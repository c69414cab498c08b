package org.certaudit.query.audits;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.ne;
import static com.mongodb.client.model.Filters.or;
import static com.mongodb.client.model.Filters.regex;
import static org.certaudit.query.DocumentValues.date;
import static org.certaudit.query.DocumentValues.decimal;
import static org.certaudit.query.DocumentValues.enumValue;
import static org.certaudit.query.DocumentValues.instant;
import static org.certaudit.query.DocumentValues.number;
import static org.certaudit.query.DocumentValues.text;

import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.queryhandling.QueryHandler;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.certaudit.audit.AuditCancelled;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditOpened;
import org.certaudit.audit.AuditReopened;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.CertificateGranted;
import org.certaudit.audit.CertificateMaintained;
import org.certaudit.audit.CertificateRenewed;
import org.certaudit.audit.CertificateSuspended;
import org.certaudit.audit.CertificateWithdrawn;
import org.certaudit.audit.CertificationRefused;
import org.certaudit.audit.FindingsRecorded;
import org.certaudit.audit.GradeRecommended;
import org.certaudit.audit.HalfDay;
import org.certaudit.audit.OnSiteAuditRescheduled;
import org.certaudit.audit.OnSitePeriod;
import org.certaudit.audit.Organization;
import org.certaudit.audit.PledgeDateCorrected;
import org.certaudit.audit.PledgeSigned;
import org.certaudit.audit.TeamMember;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.audit.TeamMemberRemoved;
import org.certaudit.audit.TeamRole;
import org.certaudit.audit.TechnicalReviewAccepted;
import org.certaudit.audit.TechnicalReviewReturned;
import org.certaudit.audit.UserNames;
import org.certaudit.query.EventContext;
import org.certaudit.query.Page;
import org.certaudit.query.ReadModel;
import org.certaudit.query.ReadModels;
import org.certaudit.scheme.Grade;
import org.springframework.stereotype.Component;

/**
 * Keeps one document per audit ({@code _id} = audit id) and one per project listing its audits
 * ({@code _id} = project number), so that the detail and the list of a project are point lookups; and the directory of
 * known members ({@link KnownMembers}), one document per person who is on a team, from the same events in the same
 * tracking batches.
 */
@Component
@ProcessingGroup(AuditsProjection.PROCESSING_GROUP)
class AuditsProjection implements ReadModel {

    static final String PROCESSING_GROUP = "audit-summaries";
    static final String AUDITS = "query_audit_summaries_v7";
    static final String PROJECTS = "query_audit_summary_projects_v7";
    /**
     * The collections of earlier layouts, dropped at start so that a store written by an earlier version is rebuilt:
     * before the summaries kept who took part in an audit ({@code participants}, {@code reviewedBy}), and before a
     * removed member's signature was marked ({@code memberRemovedAt}, session 23), without which a member given the
     * same code later would read as signed; before a cancellation kept the name its user was recorded with
     * ({@code cancelledByName}, session 25); and before a removed member was kept with when, by whom and why they were
     * removed ({@code formerMembers}, session 26), without which they vanished from the audit; and before user names
     * were kept under their keys ({@code participantKeys}, {@code reviewedByKey}, each member's {@code userKey}), without
     * which {@code AUDITOR} was not found on the team of {@code auditor}; and before the known members had a directory
     * of their own ({@link KnownMembers#COLLECTION}) built from the audits' order of opening ({@code openedPosition}),
     * their members' assignments ({@code assignedVersion}) and their removals ({@code removedVersion}), without which the
     * directory would start empty beside complete summaries and never be rebuilt.
     */
    static final List<String> RETIRED = List.of("query_audits", "query_audit_projects", "query_audit_summaries",
            "query_audit_summary_projects", "query_audit_summaries_v3", "query_audit_summary_projects_v3",
            "query_audit_summaries_v4", "query_audit_summary_projects_v4", "query_audit_summaries_v5",
            "query_audit_summary_projects_v5", "query_audit_summaries_v6", "query_audit_summary_projects_v6");

    private final ReadModels readModels;
    private final KnownMembers knownMembers;

    AuditsProjection(ReadModels readModels) {
        this.readModels = readModels;
        this.knownMembers = new KnownMembers(readModels);
    }

    @Override
    public String processingGroup() {
        return PROCESSING_GROUP;
    }

    @Override
    public List<String> collections() {
        return List.of(AUDITS, PROJECTS, KnownMembers.COLLECTION);
    }

    /**
     * Every event this read model takes in reads the audit's summary; an assignment also the directory entry of the
     * member's user name (a removal names only the member's code, so its entry is read when it is handled).
     */
    @Override
    public Map<String, String> documentsRead(Object payload) {
        if (payload instanceof TeamMemberAssigned assigned) {
            return Map.of(AUDITS, assigned.auditId().value(),
                    KnownMembers.COLLECTION, UserNames.key(assigned.member().userName()));
        }
        return payload instanceof AuditEvent event ? Map.of(AUDITS, event.auditId().value()) : Map.of();
    }

    @Override
    public List<String> retiredCollections() {
        return RETIRED;
    }

    @EventHandler
    void on(AuditOpened event, EventContext context) {
        readModels.updateOnce(PROJECTS, event.projectNumber().value(), context,
                Updates.addToSet("audits", event.auditId().value()));
        change(event, context, ignored -> new Document()
                .append("projectNumber", event.projectNumber().value())
                .append("auditNumber", event.auditId().sequence())
                .append("type", event.type().name())
                .append("predecessor", event.predecessor() == null ? null : event.predecessor().value())
                .append("schemeId", event.schemeId())
                .append("schemeVersion", event.schemeVersion())
                .append("organization", toDocument(event.organization()))
                .append("organizationName", event.organization().name())
                .append("otherSites", event.otherSites())
                .append("scope", event.scope())
                .append("criteria", event.criteria() == null ? List.of() : List.copyOf(event.criteria()))
                .append("onSiteFrom", text(event.onSiteFrom()))
                .append("onSiteTo", text(event.onSiteTo()))
                .append("onSiteDays", text(event.onSiteDays()))
                .append("onSiteFromHalfDay", event.onSiteFromHalfDay() == null ? null : event.onSiteFromHalfDay().name())
                .append("onSiteToHalfDay", event.onSiteToHalfDay() == null ? null : event.onSiteToHalfDay().name())
                .append("team", new ArrayList<Document>())
                .append("participants", new ArrayList<String>())
                .append("participantKeys", new ArrayList<String>())
                .append("pledges", new ArrayList<Document>())
                .append("status", AuditStatus.OPEN.name())
                .append("openedAt", text(context.time()))
                // Audits opened at the same moment come in the order they were opened (KnownMembers).
                .append("openedPosition", context.position()));
    }

    /**
     * The period in force takes the new one, which the summaries list and filter by; each rescheduling is kept with the
     * period it replaced, who (with the name recorded with the event) and why.
     */
    @EventHandler
    void on(OnSiteAuditRescheduled event, EventContext context) {
        change(event, context, audit -> {
            List<Document> reschedulings = new ArrayList<>(audit.getList("reschedulings", Document.class, List.of()));
            reschedulings.add(new Document("previous", toDocument(event.previous()))
                    .append("period", toDocument(event.period()))
                    .append("rescheduledBy", event.rescheduledBy())
                    .append("rescheduledByName", context.nameOf(event.rescheduledBy()))
                    .append("reason", event.reason())
                    .append("rescheduledAt", text(context.time())));
            OnSitePeriod period = event.period();
            return audit.append("onSiteFrom", text(period.from()))
                    .append("onSiteTo", text(period.to()))
                    .append("onSiteDays", text(period.days()))
                    .append("onSiteFromHalfDay", period.fromHalfDay() == null ? null : period.fromHalfDay().name())
                    .append("onSiteToHalfDay", period.toHalfDay() == null ? null : period.toHalfDay().name())
                    .append("reschedulings", reschedulings);
        });
    }

    @EventHandler
    void on(TeamMemberAssigned event, EventContext context) {
        change(event, context, audit -> {
            List<Document> team = withoutMember(audit, event.member().code());
            team.add(place(event.member(), context));
            // Everyone ever on the team, as the command side's independence rules count them (ISO/IEC 17065 7.5.1, 7.6.1).
            List<String> participants = new ArrayList<>(audit.getList("participants", String.class, List.of()));
            if (!participants.contains(event.member().userName())) {
                participants.add(event.member().userName());
            }
            // Who took part, as the command side compares user names (UserNames: regardless of case and width).
            List<String> keys = new ArrayList<>(audit.getList("participantKeys", String.class, List.of()));
            String key = UserNames.key(event.member().userName());
            if (!keys.contains(key)) {
                keys.add(key);
            }
            return audit.append("team", team).append("participants", participants).append("participantKeys", keys);
        });
        knownMembers.on(event, context);
    }

    /**
     * The member leaves the team and joins its former members, with when, by whom (the user who signed in and the name
     * they were recorded with; the event names neither) and why: everyone who took part stays on the audit's record
     * (the records ISO/IEC 17021-1 asks a certification body to keep of each audit).
     */
    @EventHandler
    void on(TeamMemberRemoved event, EventContext context) {
        change(event, context, audit -> {
            // The signature stays listed, as what happened; it no longer counts for the team (the command side forgets it).
            List<Document> pledges = new ArrayList<>(audit.getList("pledges", Document.class));
            pledges.replaceAll(pledge -> event.memberCode().equals(pledge.getString("memberCode"))
                    && pledge.get("memberRemovedAt") == null
                    ? new Document(pledge).append("memberRemovedAt", text(context.time())) : pledge);
            List<Document> former = new ArrayList<>(audit.getList("formerMembers", Document.class, List.of()));
            audit.getList("team", Document.class).stream()
                    .filter(member -> event.memberCode().equals(member.getString("code")))
                    .findFirst()
                    .ifPresent(member -> former.add(new Document("member", member)
                            .append("removedAt", text(context.time()))
                            .append("removedBy", context.user())
                            .append("removedByName", context.personName())
                            .append("reason", event.reason())
                            // Which removal this was, found again when the event comes twice (KnownMembers).
                            .append("removedVersion", context.sequenceNumber())));
            return audit.append("team", withoutMember(audit, event.memberCode())).append("pledges", pledges)
                    .append("formerMembers", former);
        });
        knownMembers.on(event, context);
    }

    @EventHandler
    void on(PledgeSigned event, EventContext context) {
        change(event, context, audit -> {
            List<Document> pledges = new ArrayList<>(audit.getList("pledges", Document.class));
            String memberName = audit.getList("team", Document.class).stream()
                    .filter(member -> event.memberCode().equals(member.getString("code")))
                    .map(member -> member.getString("name"))
                    .findFirst().orElse(null);
            pledges.add(new Document("memberCode", event.memberCode())
                    .append("memberName", memberName)
                    .append("signedOn", text(event.signedOn()))
                    .append("user", context.user())
                    .append("recordedAt", text(context.time())));
            return audit.append("pledges", pledges);
        });
    }

    /**
     * The member's signature takes the corrected day and when it was corrected; who signed and when that was recorded
     * stay. A removed member's signature stays listed under the same code, marked removed: the standing one is the
     * member's own.
     */
    @EventHandler
    void on(PledgeDateCorrected event, EventContext context) {
        change(event, context, audit -> {
            List<Document> pledges = new ArrayList<>(audit.getList("pledges", Document.class));
            for (int i = pledges.size() - 1; i >= 0; i--) {
                if (event.memberCode().equals(pledges.get(i).getString("memberCode"))
                        && pledges.get(i).get("memberRemovedAt") == null) {
                    pledges.set(i, new Document(pledges.get(i)).append("signedOn", text(event.signedOn()))
                            .append("correctedAt", text(context.time())));
                    break;
                }
            }
            return audit.append("pledges", pledges);
        });
    }

    @EventHandler
    void on(GradeRecommended event, EventContext context) {
        change(event, context, audit -> audit
                .append("status", AuditStatus.FINISHED.name())
                .append("recommendation", new Document("total", text(event.total()))
                        .append("grade", event.grade().name())
                        .append("reportDate", text(event.reportDate()))
                        .append("user", context.user())
                        .append("recordedAt", text(context.time())))
                .append("reopenReason", null));
    }

    @EventHandler
    void on(AuditReopened event, EventContext context) {
        change(event, context, audit -> audit
                .append("status", AuditStatus.REOPENED.name())
                .append("recommendation", null)
                .append("reviewedBy", null)
                .append("reviewedByKey", null)
                .append("reopenReason", event.reason()));
    }

    /** The recommendation, if one stood, stays: the page says what the audit came to before it was cancelled. */
    @EventHandler
    void on(AuditCancelled event, EventContext context) {
        change(event, context, audit -> audit
                .append("status", AuditStatus.CANCELLED.name())
                .append("cancellation", new Document("cancelledBy", event.cancelledBy())
                        .append("cancelledByName", context.nameOf(event.cancelledBy()))
                        .append("reason", event.reason())
                        .append("cancelledAt", text(context.time()))));
    }

    @EventHandler
    void on(FindingsRecorded event, EventContext context) {
        change(event, context, audit -> audit
                .append("strengths", event.strengths() == null ? List.of() : List.copyOf(event.strengths()))
                .append("improvements", event.improvements() == null ? List.of() : List.copyOf(event.improvements())));
    }

    @EventHandler
    void on(TechnicalReviewAccepted event, EventContext context) {
        change(event, context, audit -> audit.append("status", AuditStatus.REVIEWED.name())
                .append("reviewedBy", event.reviewer())
                .append("reviewedByKey", UserNames.key(event.reviewer()))
                .append("reviewerKeys", withReviewer(audit, event.reviewer())));
    }

    @EventHandler
    void on(TechnicalReviewReturned event, EventContext context) {
        change(event, context, audit -> audit
                .append("status", AuditStatus.RETURNED.name())
                .append("reviewedBy", null)
                .append("reviewedByKey", null)
                .append("reviewerKeys", withReviewer(audit, event.reviewer()))
                .append("recommendation", null));
    }

    /**
     * Everyone who ever reviewed the audit, accepting or returning it, by user-name key: none of them decides it, as the
     * command side judges (ISO/IEC 17021-1 9.5.1.2), though a reopening or a return clears {@code reviewedBy}.
     */
    private static List<String> withReviewer(Document audit, String reviewer) {
        List<String> keys = new ArrayList<>(audit.getList("reviewerKeys", String.class, List.of()));
        if (!keys.contains(UserNames.key(reviewer))) {
            keys.add(UserNames.key(reviewer));
        }
        return keys;
    }

    /** Every decision on the audit: grant, renewal, refusal, maintenance, suspension, withdrawal. */
    @EventHandler
    void on(CertificateGranted event, EventContext context) {
        decided(event, context);
    }

    @EventHandler
    void on(CertificateRenewed event, EventContext context) {
        decided(event, context);
    }

    @EventHandler
    void on(CertificationRefused event, EventContext context) {
        decided(event, context);
    }

    @EventHandler
    void on(CertificateMaintained event, EventContext context) {
        decided(event, context);
    }

    @EventHandler
    void on(CertificateSuspended event, EventContext context) {
        decided(event, context);
    }

    @EventHandler
    void on(CertificateWithdrawn event, EventContext context) {
        decided(event, context);
    }

    private void decided(AuditEvent event, EventContext context) {
        change(event, context, audit -> audit.append("status", AuditStatus.DECIDED.name()));
    }

    /** Every other event of the audit still moves its version. */
    @EventHandler
    void on(AuditEvent event, EventContext context) {
        change(event, context, audit -> audit);
    }

    @ResetHandler
    void reset() {
        readModels.clear(this);
    }

    @QueryHandler
    Optional<AuditDetail> handle(GetAudit query) {
        return Optional.ofNullable(readModels.find(AUDITS, query.auditId().value())).map(AuditsProjection::toDetail);
    }

    /** Every team's members, each once as the latest audit opened recorded them (see {@link FindKnownMembers}). */
    @QueryHandler
    List<TeamMember> handle(FindKnownMembers query) {
        return knownMembers.all();
    }

    @QueryHandler
    AuditList handle(FindAudits query) {
        List<Document> found;
        if (query.projectNumber() != null) {
            // Point lookups: the project document names its audits, fetched by _id.
            Document project = readModels.find(PROJECTS, query.projectNumber());
            List<String> ids = project == null ? List.of() : project.getList("audits", String.class);
            found = readModels.collection(AUDITS).find(in("_id", ids)).into(new ArrayList<>()).stream()
                    .filter(audit -> query.status() == null || query.status().name().equals(audit.getString("status")))
                    .filter(audit -> query.type() == null || query.type().name().equals(audit.getString("type")))
                    .filter(audit -> matches(query, audit))
                    .sorted(Comparator.comparingInt(audit -> audit.getInteger("auditNumber")))
                    .toList();
            List<AuditSummary> all = found.stream().map(AuditsProjection::toSummary).toList();
            return new AuditList(Page.slice(all, query.page(), query.size()), query.page(), query.size(), all.size(),
                    Page.totalPages(all.size(), query.size()));
        }
        List<Bson> filters = new ArrayList<>();
        if (query.status() != null) {
            filters.add(eq("status", query.status().name()));
        }
        if (query.type() != null) {
            filters.add(eq("type", query.type().name()));
        }
        // Every filter is part of the store's query, so that a page is cut by the store (skip and limit)
        // and never by loading audits to drop most of them here.
        if (query.organization() != null) {
            filters.add(regex("organizationName", Pattern.compile(Pattern.quote(query.organization()),
                    Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)));
        }
        // Dates are stored as ISO text, which sorts as the dates do.
        if (query.onSiteFrom() != null) {
            filters.add(gte("onSiteTo", query.onSiteFrom().toString()));
        }
        if (query.onSiteTo() != null) {
            filters.add(lte("onSiteFrom", query.onSiteTo().toString()));
        }
        if (query.grade() != null) {
            filters.add(eq("recommendation.grade", query.grade().name()));
        }
        // User names by their keys, as the command side's rules compare them (UserNames).
        if (query.independentOf() != null) {
            // No element of participantKeys equals the user's key.
            filters.add(ne("participantKeys", UserNames.key(query.independentOf())));
            filters.add(ne("reviewedByKey", UserNames.key(query.independentOf())));
            // An audit awaiting its decision is not one for anyone who ever reviewed it; one awaiting a review again is
            // for the reviewer who returned it too.
            filters.add(or(ne("status", AuditStatus.REVIEWED.name()),
                    ne("reviewerKeys", UserNames.key(query.independentOf()))));
        }
        if (query.onTeam() != null) {
            filters.add(eq("team.userKey", UserNames.key(query.onTeam())));
        }
        if (query.openOnly()) {
            filters.add(in("status", Arrays.stream(AuditStatus.values()).filter(AuditStatus::openForChanges)
                    .map(AuditStatus::name).toList()));
        }
        Bson filter = filters.isEmpty() ? new Document() : and(filters);
        long total = readModels.collection(AUDITS).countDocuments(filter);
        found = readModels.collection(AUDITS).find(filter)
                .sort(Sorts.ascending("projectNumber", "auditNumber"))
                .skip(query.page() * query.size())
                .limit(query.size())
                .into(new ArrayList<>());
        return new AuditList(found.stream().map(AuditsProjection::toSummary).toList(), query.page(), query.size(), total,
                Page.totalPages(total, query.size()));
    }

    /** The filters beyond project, status and type: independence, team, open, name part, on-site overlap, grade. */
    private static boolean matches(FindAudits query, Document audit) {
        if (query.independentOf() != null && (audit.getList("participants", String.class, List.of()).stream()
                .anyMatch(participant -> UserNames.same(participant, query.independentOf()))
                || UserNames.same(query.independentOf(), audit.getString("reviewedBy"))
                || AuditStatus.REVIEWED.name().equals(audit.getString("status")) && audit.getList("reviewerKeys",
                        String.class, List.of()).contains(UserNames.key(query.independentOf())))) {
            return false;
        }
        if (query.onTeam() != null && audit.getList("team", Document.class, List.of()).stream()
                .noneMatch(member -> UserNames.same(query.onTeam(), member.getString("userName")))) {
            return false;
        }
        if (query.openOnly() && !AuditStatus.valueOf(audit.getString("status")).openForChanges()) {
            return false;
        }
        if (query.organization() != null) {
            String name = audit.getString("organizationName");
            if (name == null || !name.toLowerCase(Locale.ROOT).contains(query.organization().toLowerCase(Locale.ROOT))) {
                return false;
            }
        }
        // Dates are stored as ISO text, which sorts as the dates do.
        if (query.onSiteFrom() != null && String.valueOf(audit.getString("onSiteTo")).compareTo(query.onSiteFrom().toString()) < 0) {
            return false;
        }
        if (query.onSiteTo() != null && String.valueOf(audit.getString("onSiteFrom")).compareTo(query.onSiteTo().toString()) > 0) {
            return false;
        }
        if (query.grade() != null) {
            Document recommendation = audit.get("recommendation", Document.class);
            return recommendation != null && query.grade().name().equals(recommendation.getString("grade"));
        }
        return true;
    }

    private void change(AuditEvent event, EventContext context, UnaryOperator<Document> change) {
        readModels.replaceOnce(AUDITS, event.auditId().value(), context, current -> {
            Document base = current == null ? new Document() : current;
            if (current == null && !(event instanceof AuditOpened)) {
                throw new IllegalStateException("event " + event.getClass().getSimpleName() + " for audit "
                        + event.auditId() + " arrived before the audit was opened");
            }
            return change.apply(base)
                    .append("version", context.sequenceNumber())
                    .append("updatedAt", text(context.time()));
        });
    }

    private static List<Document> withoutMember(Document audit, String code) {
        List<Document> team = new ArrayList<>(audit.getList("team", Document.class));
        team.removeIf(member -> code.equals(member.getString("code")));
        return team;
    }

    private static Document toDocument(Organization organization) {
        return new Document("name", organization.name())
                .append("registeredAddress", organization.registeredAddress())
                .append("registeredPostcode", organization.registeredPostcode())
                .append("auditAddress", organization.auditAddress())
                .append("auditPostcode", organization.auditPostcode())
                .append("contactName", organization.contactName())
                .append("contactTitle", organization.contactTitle())
                .append("contactPhone", organization.contactPhone())
                .append("contactEmail", organization.contactEmail());
    }

    private static Organization toOrganization(Document document) {
        return new Organization(document.getString("name"), document.getString("registeredAddress"),
                document.getString("registeredPostcode"), document.getString("auditAddress"),
                document.getString("auditPostcode"), document.getString("contactName"),
                document.getString("contactTitle"), document.getString("contactPhone"),
                document.getString("contactEmail"));
    }

    /**
     * A member's place on a team: the member and the audit's version that assigned them, which says which of two places
     * is the later one whatever was removed in between (KnownMembers).
     */
    static Document place(TeamMember member, EventContext context) {
        return toDocument(member).append("assignedVersion", context.sequenceNumber());
    }

    private static Document toDocument(TeamMember member) {
        return new Document("code", member.code())
                .append("name", member.name())
                .append("role", member.role().name())
                .append("registrationNumber", member.registrationNumber())
                .append("specialtyCode", member.specialtyCode())
                .append("phone", member.phone())
                .append("userName", member.userName())
                .append("userKey", UserNames.key(member.userName()));
    }

    static TeamMember toTeamMember(Document document) {
        return new TeamMember(document.getString("code"), document.getString("name"),
                enumValue(document, "role", TeamRole.class), document.getString("registrationNumber"),
                document.getString("specialtyCode"), document.getString("phone"), document.getString("userName"));
    }

    private static AuditSummary toSummary(Document audit) {
        return new AuditSummary(audit.getString("_id"), audit.getString("projectNumber"),
                enumValue(audit, "type", AuditType.class), enumValue(audit, "status", AuditStatus.class),
                audit.getString("organizationName"), date(audit, "onSiteFrom"), date(audit, "onSiteTo"),
                number(audit, "version"));
    }

    private static Document toDocument(OnSitePeriod period) {
        return new Document("from", text(period.from()))
                .append("to", text(period.to()))
                .append("days", text(period.days()))
                .append("fromHalfDay", period.fromHalfDay() == null ? null : period.fromHalfDay().name())
                .append("toHalfDay", period.toHalfDay() == null ? null : period.toHalfDay().name());
    }

    private static OnSitePeriod toPeriod(Document period) {
        return new OnSitePeriod(date(period, "from"), date(period, "to"), decimal(period, "days"),
                enumValue(period, "fromHalfDay", HalfDay.class), enumValue(period, "toHalfDay", HalfDay.class));
    }

    private static AuditDetail toDetail(Document audit) {
        Document recommendation = audit.get("recommendation", Document.class);
        Document cancellation = audit.get("cancellation", Document.class);
        return new AuditDetail(
                audit.getString("_id"),
                audit.getString("projectNumber"),
                enumValue(audit, "type", AuditType.class),
                audit.getString("predecessor"),
                audit.getString("schemeId"),
                audit.getString("schemeVersion"),
                toOrganization(audit.get("organization", Document.class)),
                audit.getString("otherSites"),
                audit.getString("scope"),
                audit.getList("criteria", String.class),
                date(audit, "onSiteFrom"),
                date(audit, "onSiteTo"),
                decimal(audit, "onSiteDays"),
                enumValue(audit, "onSiteFromHalfDay", HalfDay.class),
                enumValue(audit, "onSiteToHalfDay", HalfDay.class),
                audit.getList("team", Document.class).stream().map(AuditsProjection::toTeamMember).toList(),
                audit.getList("formerMembers", Document.class, List.of()).stream()
                        .map(former -> new AuditDetail.FormerMember(toTeamMember(former.get("member", Document.class)),
                                instant(former, "removedAt"), former.getString("removedBy"),
                                former.getString("removedByName"), former.getString("reason")))
                        .toList(),
                audit.getList("pledges", Document.class).stream()
                        .map(pledge -> new AuditDetail.PledgeSignature(pledge.getString("memberCode"),
                                pledge.getString("memberName"), date(pledge, "signedOn"), pledge.getString("user"),
                                instant(pledge, "recordedAt"), instant(pledge, "correctedAt"),
                                instant(pledge, "memberRemovedAt")))
                        .toList(),
                // Folded from the stored events on request (FindPledgeTimingWarnings), not kept here.
                null,
                enumValue(audit, "status", AuditStatus.class),
                recommendation == null ? null : new AuditDetail.Recommendation(decimal(recommendation, "total"),
                        enumValue(recommendation, "grade", Grade.class), date(recommendation, "reportDate"),
                        recommendation.getString("user"), instant(recommendation, "recordedAt")),
                audit.getList("strengths", String.class, List.of()),
                audit.getList("improvements", String.class, List.of()),
                audit.getString("reopenReason"),
                cancellation == null ? null : new AuditDetail.Cancellation(cancellation.getString("cancelledBy"),
                        cancellation.getString("reason"), instant(cancellation, "cancelledAt"),
                        cancellation.getString("cancelledByName")),
                audit.getList("reschedulings", Document.class, List.of()).stream()
                        .map(r -> new AuditDetail.Rescheduling(toPeriod(r.get("previous", Document.class)),
                                toPeriod(r.get("period", Document.class)), r.getString("rescheduledBy"),
                                r.getString("reason"), instant(r, "rescheduledAt"), r.getString("rescheduledByName")))
                        .toList(),
                instant(audit, "openedAt"),
                instant(audit, "updatedAt"),
                number(audit, "version"));
    }
}
