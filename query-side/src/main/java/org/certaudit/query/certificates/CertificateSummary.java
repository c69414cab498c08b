package org.certaudit.query.certificates;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.util.List;
import org.certaudit.audit.AuditType;
import org.certaudit.certificate.CertificateStatus;
import org.certaudit.scheme.Grade;

/**
 * One certificate of the register on a day, for the certification body and the regulator.
 * {@code nextAudit} is what the certification cycle calls for next while the certificate is in force
 * ({@link org.certaudit.certificate.NextActivity}, ISO/IEC 17021-1 9.1.3): a surveillance by {@code nextAuditDue}, or,
 * once the next surveillance would fall due in the validity period's last year, the re-certification, decided by the
 * last valid day. {@code due} lists what falls due within the days asked about (or is overdue): SURVEILLANCE or
 * RECERTIFICATION (the next audit's decision), SUSPENSION_END (a suspension's last day, after which the
 * certificate is restored or withdrawn), EXPIRY (the last valid day, of the renewed period when a re-certification
 * was decided before the one in force ends).
 */
public record CertificateSummary(
        String number,
        String projectNumber,
        @Schema(description = "The organization as the certificate of the validity period in force on asOf names it")
        String organization,
        LocalDate asOf,
        CertificateStatus status,
        String statusLabel,
        Grade grade,
        String gradeLabel,
        @Schema(description = "The last valid day (inclusive) of the validity period in force on asOf") LocalDate validUntil,
        @Schema(description = """
                The day the next surveillance is due by when a surveillance is the next audit (nextAudit); null when \
                the re-certification is, and when the certificate is not in force on asOf. A decision recorded with a \
                surveillance due in the validity period's last year reads as the re-certification (ISO/IEC 17021-1 \
                9.1.3)""", example = "2023-05-11")
        LocalDate surveillanceDue,
        @Schema(description = "True when a surveillance is the next audit and asOf is after surveillanceDue")
        boolean surveillanceOverdue,
        @Schema(description = "SUSPENDED only: the planned end of the suspension (its last day)") LocalDate suspendedUntil,
        @Schema(description = """
                True when the certificate is SUSPENDED on asOf and asOf is after suspendedUntil: the suspension's \
                planned end has passed without a decision restoring or withdrawing the certificate (ISO/IEC 17021-1 \
                9.6.5.2, ISO/IEC 17065 7.11); the status stays SUSPENDED until that decision""")
        boolean suspensionOverdue,
        @Schema(description = """
                With dueWithinDays: what falls due within that many days of asOf, or is overdue: SURVEILLANCE or \
                RECERTIFICATION (the next audit, nextAudit, by nextAuditDue), SUSPENSION_END, EXPIRY (the last day of \
                the renewed period when a re-certification was decided before validUntil)""",
                example = "[\"RECERTIFICATION\", \"EXPIRY\"]")
        List<String> due,
        @Schema(description = "The first day of the validity period in force on asOf") LocalDate validFrom,
        @Schema(description = """
                The validity period already decided to follow the one in force on asOf (a re-certification granted \
                before validUntil), else null""")
        CertificatePeriod nextPeriod,
        @Schema(description = """
                While the certificate is VALID or SUSPENDED on asOf: SURVEILLANCE, or RECERTIFICATION once the next \
                surveillance would fall due in the validity period's last year or none was set (ISO/IEC 17021-1 \
                9.1.3: surveillance audits in the cycle's first and second years, the re-certification audit in the \
                third, before the expiry); after a re-certification decided early, the renewed period's. Null when \
                EXPIRED or WITHDRAWN""", example = "RECERTIFICATION")
        AuditType nextAudit,
        @Schema(example = "再认证") String nextAuditLabel,
        @Schema(description = """
                SURVEILLANCE: the day it is due by (surveillanceDue); RECERTIFICATION: the last valid day by which it \
                is decided, of the renewed period after a re-certification decided early""", example = "2024-06-30")
        LocalDate nextAuditDue) {
}
