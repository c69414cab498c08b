package org.certaudit.report;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.certaudit.audit.AuditCancelled;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.AuditOpened;
import org.certaudit.audit.AuditReopened;
import org.certaudit.audit.FindingsRecorded;
import org.certaudit.audit.GradeRecommended;
import org.certaudit.audit.OnSiteAuditRescheduled;
import org.certaudit.audit.OnSitePeriod;
import org.certaudit.audit.PledgeDateCorrected;
import org.certaudit.audit.PledgeSigned;
import org.certaudit.audit.TeamMember;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.audit.TeamMemberRemoved;
import org.certaudit.scheme.Grade;

/**
 * What an audit's events say beyond its scoring, as the report prints it: the opening facts (basic
 * information), the team, the pledge signatures, the findings, the standing recommendation, the on-site period's reschedulings (the
 * period in force is the latest's) and, once it happened, the audit's cancellation. A
 * pure fold, so that the report as of any moment is the fold of the events up to it; the scoring
 * itself comes from {@link org.certaudit.audit.AuditScoring}.
 */
public record AuditFacts(
        AuditOpened opened,
        Map<String, TeamMember> team,
        Map<String, Pledge> pledges,
        List<String> strengths,
        List<String> improvements,
        Recommendation recommendation,
        String reopenReason,
        Cancellation cancellation,
        List<Rescheduling> reschedulings) {

    public AuditFacts {
        team = Collections.unmodifiableMap(new LinkedHashMap<>(team));
        pledges = Collections.unmodifiableMap(new LinkedHashMap<>(pledges));
        strengths = List.copyOf(strengths);
        improvements = List.copyOf(improvements);
        reschedulings = List.copyOf(reschedulings);
    }

    /**
     * A member's signature under the impartiality and confidentiality pledge; the latest counts, on its corrected day.
     * {@code memberRemoved}: its member left the team since, so it counts for nobody on it. {@code correctedFrom}: the
     * day the latest correction replaced ({@code PledgeDateCorrected.previousSignedOn}), null while the day is the one
     * signed; the report prints it beside the day, and the canonical text, which digests the day alone, leaves it out.
     */
    public record Pledge(String memberCode, String memberName, LocalDate signedOn, boolean memberRemoved,
                         LocalDate correctedFrom) {

        Pledge ofRemovedMember() {
            return new Pledge(memberCode, memberName, signedOn, true, correctedFrom);
        }
    }

    /** The leader's recommendation while it stands, with the user who recorded it and when. */
    public record Recommendation(BigDecimal total, Grade grade, LocalDate reportDate, String user, Instant recordedAt) {
    }

    /**
     * The audit's cancellation: who cancelled it (user name), why, when it was recorded, and the name of who cancelled it
     * as recorded then ({@code cancelledByName}, null when none was; not digested).
     */
    public record Cancellation(String cancelledBy, String reason, Instant recordedAt, String cancelledByName) {

        public Cancellation(String cancelledBy, String reason, Instant recordedAt) {
            this(cancelledBy, reason, recordedAt, null);
        }
    }

    /**
     * A rescheduling of the on-site period: the period it replaced and the one it set, who rescheduled it (user name),
     * why, when it was recorded, and the name of who rescheduled it as recorded then ({@code rescheduledByName}, null
     * when none was; not digested).
     */
    public record Rescheduling(OnSitePeriod previous, OnSitePeriod period, String rescheduledBy, String reason,
                               Instant recordedAt, String rescheduledByName) {
    }

    /** The facts once the audit is opened. */
    public static AuditFacts opened(AuditOpened opened) {
        return new AuditFacts(opened, Map.of(), Map.of(), List.of(), List.of(), null, null, null, List.of());
    }

    /** The on-site period in force: the latest rescheduling's, else the one the audit was opened with. */
    public OnSitePeriod onSite() {
        return reschedulings.isEmpty() ? OnSitePeriod.of(opened) : reschedulings.get(reschedulings.size() - 1).period();
    }

    /**
     * The facts after {@code recorded}'s event, with the user it was recorded by (who recommended), that person's name as
     * recorded (who cancelled or rescheduled) and when; scoring events leave them as they are.
     */
    public AuditFacts apply(RecordedEvent recorded) {
        AuditEvent event = recorded.event();
        String user = recorded.user();
        Instant time = recorded.recordedAt();
        if (event instanceof AuditOpened next) {
            return opened(next);
        }
        if (event instanceof TeamMemberAssigned assigned) {
            Map<String, TeamMember> next = new LinkedHashMap<>(team);
            next.put(assigned.member().code(), assigned.member());
            return new AuditFacts(opened, next, pledges, strengths, improvements, recommendation, reopenReason,
                    cancellation, reschedulings);
        }
        if (event instanceof TeamMemberRemoved removed) {
            Map<String, TeamMember> next = new LinkedHashMap<>(team);
            next.remove(removed.memberCode());
            // The signature stays in the facts (and the report's digest, as every report printed before counted it) but
            // no longer counts for the team: the report prints a member given the same code later as not signed yet.
            Map<String, Pledge> signed = new LinkedHashMap<>(pledges);
            signed.computeIfPresent(removed.memberCode(), (code, pledge) -> pledge.ofRemovedMember());
            return new AuditFacts(opened, next, signed, strengths, improvements, recommendation, reopenReason,
                    cancellation, reschedulings);
        }
        if (event instanceof PledgeSigned signed) {
            return pledged(signed.memberCode(), signed.signedOn(), null);
        }
        if (event instanceof PledgeDateCorrected corrected) {
            // The report prints the corrected day, marked with the day it replaced; every earlier day stays in the trail.
            return pledged(corrected.memberCode(), corrected.signedOn(), corrected.previousSignedOn());
        }
        if (event instanceof FindingsRecorded findings) {
            return new AuditFacts(opened, team, pledges,
                    findings.strengths() == null ? List.of() : findings.strengths(),
                    findings.improvements() == null ? List.of() : findings.improvements(),
                    recommendation, reopenReason, cancellation, reschedulings);
        }
        if (event instanceof GradeRecommended recommended) {
            return new AuditFacts(opened, team, pledges, strengths, improvements, new Recommendation(recommended.total(),
                    recommended.grade(), recommended.reportDate(), user, time), null, cancellation, reschedulings);
        }
        if (event instanceof AuditReopened reopened) {
            return new AuditFacts(opened, team, pledges, strengths, improvements, null, reopened.reason(), cancellation,
                    reschedulings);
        }
        if (event instanceof AuditCancelled cancelled) {
            // The recommendation, if one stood, stays printed: the report says what the audit came to before it ended.
            return new AuditFacts(opened, team, pledges, strengths, improvements, recommendation, reopenReason,
                    new Cancellation(cancelled.cancelledBy(), cancelled.reason(), time,
                            recorded.nameOf(cancelled.cancelledBy())), reschedulings);
        }
        if (event instanceof OnSiteAuditRescheduled rescheduled) {
            // The report prints the period in force; the earlier ones stay in the audit's trail and the digest.
            List<Rescheduling> next = new ArrayList<>(reschedulings);
            next.add(new Rescheduling(rescheduled.previous(), rescheduled.period(), rescheduled.rescheduledBy(),
                    rescheduled.reason(), time, recorded.nameOf(rescheduled.rescheduledBy())));
            return new AuditFacts(opened, team, pledges, strengths, improvements, recommendation, reopenReason,
                    cancellation, next);
        }
        return this;
    }

    private AuditFacts pledged(String memberCode, LocalDate signedOn, LocalDate correctedFrom) {
        Map<String, Pledge> next = new LinkedHashMap<>(pledges);
        TeamMember member = team.get(memberCode);
        next.put(memberCode, new Pledge(memberCode, member == null ? null : member.name(), signedOn, false,
                correctedFrom));
        return new AuditFacts(opened, team, next, strengths, improvements, recommendation, reopenReason,
                    cancellation, reschedulings);
    }

    /** The team in the order the report lists it: by member code (A, B, ...). */
    public List<TeamMember> teamInOrder() {
        List<TeamMember> members = new ArrayList<>(team.values());
        members.sort((a, b) -> a.code().length() != b.code().length()
                ? Integer.compare(a.code().length(), b.code().length()) : a.code().compareTo(b.code()));
        return members;
    }
}
