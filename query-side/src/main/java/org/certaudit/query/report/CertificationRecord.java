package org.certaudit.query.report;

import java.time.LocalDate;

/**
 * What happened to the audit after its report, as far as it had happened at the report's point: the technical review
 * (技术复核), the certification decision (认证决定) and the certificate (证书). Each part is null while it has not happened.
 * Filled by a {@link CertificationRecords} bean; until the certification lifecycle exists none has happened.
 */
public record CertificationRecord(Review review, Decision decision, Certificate certificate) {

    public static final CertificationRecord NONE = new CertificationRecord(null, null, null);

    /** The technical review: who reviewed, on which day, the outcome in words (e.g. 同意推荐). */
    public record Review(String reviewer, LocalDate reviewedOn, String outcome) {
    }

    /** The certification decision: who decided, on which day, the outcome in words (e.g. 批准注册十星级). */
    public record Decision(String decider, LocalDate decidedOn, String outcome) {
    }

    /** The certificate issued: its number and validity (both days inclusive). */
    public record Certificate(String number, LocalDate validFrom, LocalDate validUntil) {
    }
}
