package org.certaudit.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.certaudit.audit.AuditEvent;
import org.certaudit.audit.FindingsRecorded;
import org.certaudit.audit.ItemApplicabilityRestored;
import org.certaudit.audit.ItemMarkedNotApplicable;
import org.certaudit.audit.ItemNotApplicableReasonRevised;
import org.certaudit.audit.ItemScoreRevised;
import org.certaudit.audit.ItemScored;
import org.certaudit.audit.OnSitePeriod;
import org.certaudit.audit.PledgeDateCorrected;
import org.certaudit.audit.PledgeSigned;
import org.certaudit.audit.SpecialItemRecorded;
import org.certaudit.audit.SpecialItemWithdrawn;
import org.certaudit.audit.TeamMember;
import org.certaudit.audit.TeamMemberAssigned;
import org.certaudit.audit.TeamMemberRemoved;
import org.certaudit.audit.UserNames;

/**
 * Whether the audit team committed to impartiality before it worked (ISO/IEC 17021-1 5.2, ISO/IEC 17065 4.2:
 * whoever takes part in an audit commits to impartiality beforehand; the report's 审查组公正性和保密承诺): a member who
 * recorded a score, a finding or a special item on a day before the day their pledge is signed on, and a pledge signed
 * on a day after the on-site period began. Warnings, never refusals: the command side refuses work before a member's
 * signature is recorded ({@code scoring.pledge-unsigned}) but takes a pledge dated any day up to today, and a corrected
 * day may be later than work already recorded, so stored history can say either and stays valid; a report check says
 * so to its reader.
 *
 * <p>Folded from one audit's events in stream order by {@link AuditFold}. A member's stint runs from their assignment
 * to their removal: work is theirs when recorded by their user name ({@link UserNames}) while they were on the team,
 * and is judged against the pledge of that stint as it stands at the end (its latest day, after corrections), as the
 * report prints it. A work's day is the day it was recorded on the certification body's calendar.
 */
public final class PledgeTiming {

    /** What a member recorded. */
    public enum Work {
        /** An item scored, its score revised, marked not applicable, its reason revised or restored: its clause. */
        ITEM,
        /** The findings (strengths and improvement directions): no subject. */
        FINDINGS,
        /** A special item recorded or withdrawn: its id. */
        SPECIAL_ITEM
    }

    /**
     * A member who recorded work before the day their pledge is signed on.
     *
     * @param signedOn     the day their pledge is signed on (the latest correction's, if any)
     * @param records      how many of their records were made on days before {@code signedOn}, at least 1
     * @param firstOn      the day the first of them was recorded on
     * @param firstWork    what the first of them was
     * @param firstSubject the first one's clause ({@link Work#ITEM}) or special item id ({@link Work#SPECIAL_ITEM}),
     *                     null for the findings
     */
    public record WorkBeforePledge(String memberCode, String memberName, LocalDate signedOn, int records,
                                   LocalDate firstOn, Work firstWork, String firstSubject) {
    }

    /**
     * A member on the team whose pledge is signed on a day after the on-site period in force began
     * ({@code onSiteFrom}); signed on that first day is in time.
     */
    public record PledgeAfterOnSite(String memberCode, String memberName, LocalDate signedOn, LocalDate onSiteFrom) {
    }

    /** What the check found, each list in the order the members were assigned; both empty when the timing is right. */
    public record Warnings(List<WorkBeforePledge> workBeforePledge, List<PledgeAfterOnSite> pledgesAfterOnSite) {

        public static final Warnings NONE = new Warnings(List.of(), List.of());

        public Warnings {
            workBeforePledge = List.copyOf(workBeforePledge);
            pledgesAfterOnSite = List.copyOf(pledgesAfterOnSite);
        }

        public boolean isEmpty() {
            return workBeforePledge.isEmpty() && pledgesAfterOnSite.isEmpty();
        }
    }

    private record Record(Instant recordedAt, Work work, String subject) {
    }

    /** A member from assignment to removal: their pledge's day while signed, and what they recorded meanwhile. */
    private static final class Stint {
        private final TeamMember member;
        private LocalDate signedOn;
        private final List<Record> work = new ArrayList<>();

        private Stint(TeamMember member) {
            this.member = member;
        }
    }

    private final List<Stint> stints = new ArrayList<>();
    /** The stints of the members on the team now, by member code. */
    private final Map<String, Stint> team = new LinkedHashMap<>();

    PledgeTiming() {
    }

    /** Takes in the audit's next event; events that neither staff the team, pledge nor record work change nothing. */
    void apply(RecordedEvent recorded) {
        AuditEvent event = recorded.event();
        if (event instanceof TeamMemberAssigned assigned) {
            Stint stint = new Stint(assigned.member());
            stints.add(stint);
            team.put(assigned.member().code(), stint);
        } else if (event instanceof TeamMemberRemoved removed) {
            team.remove(removed.memberCode());
        } else if (event instanceof PledgeSigned signed) {
            pledged(signed.memberCode(), signed.signedOn());
        } else if (event instanceof PledgeDateCorrected corrected) {
            pledged(corrected.memberCode(), corrected.signedOn());
        } else {
            Record work = work(event, recorded.recordedAt());
            if (work != null) {
                team.values().stream().filter(stint -> UserNames.same(stint.member.userName(), recorded.user()))
                        .findFirst().ifPresent(stint -> stint.work.add(work));
            }
        }
    }

    /**
     * The warnings as the events taken in stand.
     *
     * @param onSite the on-site period in force ({@link AuditFacts#onSite()}); its first day may be unknown (null)
     * @param zone   the certification body's zone, whose calendar a record's day is read on
     */
    Warnings warnings(OnSitePeriod onSite, ZoneId zone) {
        Objects.requireNonNull(zone, "zone is required");
        List<WorkBeforePledge> early = new ArrayList<>();
        for (Stint stint : stints) {
            // A member without a signature recorded nothing: the command side refuses it (scoring.pledge-unsigned).
            if (stint.signedOn == null) {
                continue;
            }
            List<Record> before = stint.work.stream()
                    .filter(work -> work.recordedAt().atZone(zone).toLocalDate().isBefore(stint.signedOn)).toList();
            if (!before.isEmpty()) {
                Record first = before.get(0);
                early.add(new WorkBeforePledge(stint.member.code(), stint.member.name(), stint.signedOn, before.size(),
                        first.recordedAt().atZone(zone).toLocalDate(), first.work(), first.subject()));
            }
        }
        List<PledgeAfterOnSite> late = new ArrayList<>();
        LocalDate from = onSite == null ? null : onSite.from();
        if (from != null) {
            for (Stint stint : stints) {
                if (team.get(stint.member.code()) == stint && stint.signedOn != null && stint.signedOn.isAfter(from)) {
                    late.add(new PledgeAfterOnSite(stint.member.code(), stint.member.name(), stint.signedOn, from));
                }
            }
        }
        return new Warnings(early, late);
    }

    private void pledged(String memberCode, LocalDate signedOn) {
        Stint stint = team.get(memberCode);
        if (stint != null) {
            stint.signedOn = signedOn;
        }
    }

    private static Record work(AuditEvent event, Instant at) {
        if (event instanceof ItemScored scored) {
            return new Record(at, Work.ITEM, scored.clause());
        }
        if (event instanceof ItemScoreRevised revised) {
            return new Record(at, Work.ITEM, revised.clause());
        }
        if (event instanceof ItemMarkedNotApplicable marked) {
            return new Record(at, Work.ITEM, marked.clause());
        }
        if (event instanceof ItemNotApplicableReasonRevised revised) {
            return new Record(at, Work.ITEM, revised.clause());
        }
        if (event instanceof ItemApplicabilityRestored restored) {
            return new Record(at, Work.ITEM, restored.clause());
        }
        if (event instanceof SpecialItemRecorded special) {
            return new Record(at, Work.SPECIAL_ITEM, special.specialItemId());
        }
        if (event instanceof SpecialItemWithdrawn withdrawn) {
            return new Record(at, Work.SPECIAL_ITEM, withdrawn.specialItemId());
        }
        if (event instanceof FindingsRecorded) {
            return new Record(at, Work.FINDINGS, null);
        }
        return null;
    }
}
