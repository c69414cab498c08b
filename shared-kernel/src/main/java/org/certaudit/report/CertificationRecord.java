package org.certaudit.report;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * What happened to the audit after its report, as far as it had happened at the report's point: the technical review
 * (技术评审), the certification decision (认证决定) and the certificate (证书). Each part is null while it has not happened.
 * Folded from the certification events by {@link CertificationFold} (issue #12).
 */
public record CertificationRecord(Review review, Decision decision, Certificate certificate) {

    public static final CertificationRecord NONE = new CertificationRecord(null, null, null);

    /**
     * The latest technical review: the reviewer's user name, the day, the outcome in words (同意推荐 when accepted,
     * 退回审查组 when returned), its note or findings (may be empty) and the reviewer's name as recorded with the review
     * ({@code reviewerName}; null when none was, the report then asks the configuration). The name is not digested.
     */
    public record Review(String reviewer, LocalDate reviewedOn, String outcome, String note, String reviewerName) {

        public Review(String reviewer, LocalDate reviewedOn, String outcome, String note) {
            this(reviewer, reviewedOn, outcome, note, null);
        }

        public Review(String reviewer, LocalDate reviewedOn, String outcome) {
            this(reviewer, reviewedOn, outcome, "");
        }
    }

    /**
     * The latest certification decision on the audit: the decider's user name, the day, the outcome in words (e.g.
     * 批准认证), the reason, the total (points, may be null) and the grade (in words, e.g. 十星级) it rests on, and the
     * project-stream version the decider saw ({@code auditVersion}, -1 when not known), and the decider's name as recorded
     * with the decision ({@code deciderName}; null when none was). The name is not digested.
     */
    public record Decision(String decider, LocalDate decidedOn, String outcome, String reason, BigDecimal total,
                           String grade, long auditVersion, String deciderName) {

        public Decision(String decider, LocalDate decidedOn, String outcome, String reason, BigDecimal total,
                        String grade, long auditVersion) {
            this(decider, decidedOn, outcome, reason, total, grade, auditVersion, null);
        }

        public Decision(String decider, LocalDate decidedOn, String outcome) {
            this(decider, decidedOn, outcome, "", null, null, -1);
        }
    }

    /**
     * The certificate the decision issued, renewed or ruled on: its number, its validity (both days inclusive) and its
     * state after the latest change up to the point in words (有效, 暂停, 撤销).
     */
    public record Certificate(String number, LocalDate validFrom, LocalDate validUntil, String state) {

        /** The state a certificate valid when its last event was recorded still has: 有效. */
        public static final String VALID = "有效";
        private static final DateTimeFormatter SPACED_DATE = DateTimeFormatter.ofPattern("yyyy 年 MM 月 dd 日", Locale.ROOT);

        public Certificate(String number, LocalDate validFrom, LocalDate validUntil) {
            this(number, validFrom, validUntil, null);
        }

        /**
         * Whether the certificate had expired on {@code day}: its state is {@value #VALID} and its last valid day,
         * {@code validUntil}, is before {@code day}. Expiry is a matter of the date, not an event (the register says
         * {@code EXPIRED} from the day after the last valid day, as {@code CertificateHistory} does), so the folded
         * {@link #state()} still says {@value #VALID}.
         *
         * @param day a calendar day in the certification body's zone; null for none, which is never expired
         */
        public boolean expiredOn(LocalDate day) {
            return VALID.equals(state) && day != null && validUntil != null && day.isAfter(validUntil);
        }

        /**
         * The state as a report prints it whose last event was recorded on {@code pointDay} (in the certification body's
         * zone): {@code 已过期（2024 年 07 月 01 日 起）}, naming the day after the last valid day, when the certificate had
         * {@linkplain #expiredOn(LocalDate) expired} on that day, else {@link #state()} (null when none was recorded).
         * The report and the offline verifier print it alike; it is layout, not part of the digested text.
         */
        public String printedState(LocalDate pointDay) {
            return expiredOn(pointDay) ? "已过期（" + SPACED_DATE.format(validUntil.plusDays(1)) + " 起）" : state;
        }
    }
}
