package org.certaudit.command.audit;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.certaudit.audit.AuditId;
import org.certaudit.audit.AuditOpened;
import org.certaudit.audit.AuditType;
import org.certaudit.audit.FindingsRecorded;
import org.certaudit.audit.GradeRecommended;
import org.certaudit.audit.ItemApplicabilityRestored;
import org.certaudit.audit.ItemMarkedNotApplicable;
import org.certaudit.audit.ItemScoreRevised;
import org.certaudit.audit.ItemScored;
import org.certaudit.audit.PledgeSigned;
import org.certaudit.audit.SpecialItemKind;
import org.certaudit.audit.SpecialItemRecorded;
import org.certaudit.audit.SpecialItemWithdrawn;
import org.certaudit.audit.TeamMember;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.audit.TeamMemberRemoved;
import org.certaudit.audit.TeamRole;
import org.certaudit.scheme.Grade;
import org.certaudit.scheme.ItemResult;
import org.certaudit.scheme.Percent;

/**
 * One audit inside its {@link Project}: the state its rules need, nothing more. Only the
 * project's event-sourcing handlers change it (through the {@code on} methods); the command
 * handlers only ask it questions. Fields are read by Jackson for snapshots.
 */
@JsonAutoDetect(fieldVisibility = Visibility.ANY, getterVisibility = Visibility.NONE,
        isGetterVisibility = Visibility.NONE, setterVisibility = Visibility.NONE)
class Audit {

    private AuditId id;
    private AuditType type;
    private String schemeId;
    private String schemeVersion;
    private LocalDate onSiteFrom;
    private Map<String, TeamMember> team = new LinkedHashMap<>();
    private Map<String, LocalDate> pledges = new LinkedHashMap<>();
    private Map<String, Score> scores = new LinkedHashMap<>();
    private LinkedHashSet<String> notApplicable = new LinkedHashSet<>();
    private Map<String, SpecialItem> specialItems = new LinkedHashMap<>();
    private int specialItemsRecorded;
    private List<String> strengths = new ArrayList<>();
    private List<String> improvements = new ArrayList<>();
    private Recommendation recommendation;

    /** A percent score with the evidence note it was given with. */
    record Score(Percent percent, String note) {
    }

    /** A special item that counts (withdrawn ones are gone). */
    record SpecialItem(SpecialItemKind kind, String finding, String clause, String reason) {
    }

    /** The standing recommendation; present exactly while the audit is closed. */
    record Recommendation(Grade grade, BigDecimal total, LocalDate reportDate) {
    }

    private Audit() {
    }

    Audit(AuditOpened event) {
        this.id = event.auditId();
        this.type = event.type();
        this.schemeId = event.schemeId();
        this.schemeVersion = event.schemeVersion();
        this.onSiteFrom = event.onSiteFrom();
    }

    AuditId id() {
        return id;
    }

    AuditType type() {
        return type;
    }

    String schemeId() {
        return schemeId;
    }

    String schemeVersion() {
        return schemeVersion;
    }

    LocalDate onSiteFrom() {
        return onSiteFrom;
    }

    boolean closed() {
        return recommendation != null;
    }

    Optional<Recommendation> recommendation() {
        return Optional.ofNullable(recommendation);
    }

    /** Finished with a grade: the audit passed. */
    boolean passed() {
        return recommendation != null && recommendation.grade().passed();
    }

    Optional<TeamMember> member(String code) {
        return Optional.ofNullable(team.get(code));
    }

    Optional<TeamMember> memberByUser(String userName) {
        return team.values().stream().filter(m -> m.userName().equals(userName)).findFirst();
    }

    Optional<TeamMember> leader() {
        return team.values().stream().filter(m -> m.role() == TeamRole.LEADER).findFirst();
    }

    List<TeamMember> members() {
        return List.copyOf(team.values());
    }

    Optional<LocalDate> pledgeOf(String memberCode) {
        return Optional.ofNullable(pledges.get(memberCode));
    }

    Optional<Score> score(String clause) {
        return Optional.ofNullable(scores.get(clause));
    }

    boolean notApplicable(String clause) {
        return notApplicable.contains(clause);
    }

    /** The results so far, clause to result, as the scoring rules take them. */
    Map<String, ItemResult> results() {
        Map<String, ItemResult> results = new LinkedHashMap<>();
        scores.forEach((clause, score) -> results.put(clause, ItemResult.scored(score.percent())));
        notApplicable.forEach(clause -> results.put(clause, ItemResult.NOT_APPLICABLE));
        return results;
    }

    Optional<SpecialItem> specialItem(String specialItemId) {
        return Optional.ofNullable(specialItems.get(specialItemId));
    }

    Optional<String> bonusItemId() {
        return specialItems.entrySet().stream()
                .filter(e -> e.getValue().kind() == SpecialItemKind.BONUS)
                .map(Map.Entry::getKey)
                .findFirst();
    }

    int count(SpecialItemKind kind) {
        return (int) specialItems.values().stream().filter(s -> s.kind() == kind).count();
    }

    /** Special item ids count up per audit and are never reused, so a withdrawn id stays unique. */
    String nextSpecialItemId() {
        return "S" + (specialItemsRecorded + 1);
    }

    List<String> strengths() {
        return List.copyOf(strengths);
    }

    List<String> improvements() {
        return List.copyOf(improvements);
    }

    void on(TeamMemberAssigned event) {
        team.put(event.member().code(), event.member());
    }

    void on(TeamMemberRemoved event) {
        team.remove(event.memberCode());
        pledges.remove(event.memberCode());
    }

    void on(PledgeSigned event) {
        pledges.put(event.memberCode(), event.signedOn());
    }

    void on(ItemScored event) {
        scores.put(event.clause(), new Score(event.percent(), event.note()));
    }

    void on(ItemScoreRevised event) {
        scores.put(event.clause(), new Score(event.percent(), event.note()));
    }

    void on(ItemMarkedNotApplicable event) {
        scores.remove(event.clause());
        notApplicable.add(event.clause());
    }

    void on(ItemApplicabilityRestored event) {
        notApplicable.remove(event.clause());
    }

    void on(SpecialItemRecorded event) {
        specialItemsRecorded++;
        specialItems.put(event.specialItemId(),
                new SpecialItem(event.kind(), event.finding(), event.clause(), event.reason()));
    }

    void on(SpecialItemWithdrawn event) {
        specialItems.remove(event.specialItemId());
    }

    void on(FindingsRecorded event) {
        strengths = new ArrayList<>(event.strengths());
        improvements = new ArrayList<>(event.improvements());
    }

    void on(GradeRecommended event) {
        recommendation = new Recommendation(event.grade(), event.total(), event.reportDate());
    }

    void onReopened() {
        recommendation = null;
    }

    /** Value equality: the same events give an equal audit (the fixture tests rely on it). */
    @Override
    public boolean equals(Object other) {
        return other instanceof Audit that
                && specialItemsRecorded == that.specialItemsRecorded
                && Objects.equals(id, that.id) && type == that.type
                && Objects.equals(schemeId, that.schemeId) && Objects.equals(schemeVersion, that.schemeVersion)
                && Objects.equals(onSiteFrom, that.onSiteFrom) && team.equals(that.team)
                && pledges.equals(that.pledges) && scores.equals(that.scores)
                && notApplicable.equals(that.notApplicable) && specialItems.equals(that.specialItems)
                && strengths.equals(that.strengths) && improvements.equals(that.improvements)
                && Objects.equals(recommendation, that.recommendation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, scores.size(), recommendation);
    }
}
