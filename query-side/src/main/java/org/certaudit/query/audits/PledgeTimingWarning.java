package org.certaudit.query.audits;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.certaudit.report.PledgeTiming;

/**
 * One warning that the audit team did not commit to impartiality before it worked (ISO/IEC 17021-1 5.2,
 * ISO/IEC 17065 4.2), as {@link PledgeTiming} finds it in the audit's events: a warning, never a refusal, since the
 * certification body judges what it means.
 *
 * @param kind         which of the two the warning is
 * @param memberCode   the member's code on the team (A, B, …)
 * @param memberName   the member's name as assigned
 * @param signedOn     the day their pledge is signed on (the latest correction's, if any)
 * @param onSiteFrom   {@link Kind#PLEDGE_AFTER_ON_SITE}: the first day of the on-site period in force; else null
 * @param records      {@link Kind#WORK_BEFORE_PLEDGE}: how many of the member's records were made on days before
 *                     {@code signedOn}, at least 1; else null
 * @param firstWorkOn  {@link Kind#WORK_BEFORE_PLEDGE}: the day the first of them was recorded on, on the certification
 *                     body's calendar ({@code certaudit.time-zone}); else null
 * @param firstWork    {@link Kind#WORK_BEFORE_PLEDGE}: what the first of them was ({@code ITEM}, {@code FINDINGS} or
 *                     {@code SPECIAL_ITEM}); else null
 * @param firstSubject {@link Kind#WORK_BEFORE_PLEDGE}: the first one's clause ({@code ITEM}) or special item id
 *                     ({@code SPECIAL_ITEM}); null for the findings and for the other kind
 */
public record PledgeTimingWarning(Kind kind, String memberCode, String memberName, LocalDate signedOn,
                                  LocalDate onSiteFrom, Integer records, LocalDate firstWorkOn,
                                  PledgeTiming.Work firstWork, String firstSubject) {

    /** What the warning says. */
    public enum Kind {
        /** The member recorded a score, a finding or a special item on a day before the day of their pledge. */
        WORK_BEFORE_PLEDGE,
        /** The member's pledge is signed on a day after the on-site period in force began. */
        PLEDGE_AFTER_ON_SITE
    }

    /** Every warning of {@code warnings}: those of work before a pledge first, then pledges after on-site, each in team order. */
    static List<PledgeTimingWarning> of(PledgeTiming.Warnings warnings) {
        List<PledgeTimingWarning> all = new ArrayList<>();
        for (PledgeTiming.WorkBeforePledge early : warnings.workBeforePledge()) {
            all.add(new PledgeTimingWarning(Kind.WORK_BEFORE_PLEDGE, early.memberCode(), early.memberName(),
                    early.signedOn(), null, early.records(), early.firstOn(), early.firstWork(), early.firstSubject()));
        }
        for (PledgeTiming.PledgeAfterOnSite late : warnings.pledgesAfterOnSite()) {
            all.add(new PledgeTimingWarning(Kind.PLEDGE_AFTER_ON_SITE, late.memberCode(), late.memberName(),
                    late.signedOn(), late.onSiteFrom(), null, null, null, null));
        }
        return List.copyOf(all);
    }
}
