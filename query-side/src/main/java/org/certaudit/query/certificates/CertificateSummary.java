package org.certaudit.query.certificates;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import java.util.List;
import org.certaudit.certificate.CertificateStatus;
import org.certaudit.scheme.Grade;

/**
 * One certificate of the register on a day, for the certification body and the regulator.
 * {@code due} lists what falls due within the days asked about (or is overdue): SURVEILLANCE
 * (the next surveillance audit's decision), SUSPENSION_END (a suspension's last day, after which the
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
        LocalDate surveillanceDue,
        boolean surveillanceOverdue,
        @Schema(description = "SUSPENDED only: the planned end of the suspension (its last day)") LocalDate suspendedUntil,
        @Schema(description = """
                True when the certificate is SUSPENDED on asOf and asOf is after suspendedUntil: the suspension's \
                planned end has passed without a decision restoring or withdrawing the certificate (ISO/IEC 17021-1 \
                9.6.5.2, ISO/IEC 17065 7.11); the status stays SUSPENDED until that decision""")
        boolean suspensionOverdue,
        @Schema(description = """
                With dueWithinDays: what falls due within that many days of asOf, or is overdue: SURVEILLANCE, \
                SUSPENSION_END, EXPIRY (the last day of the renewed period when a re-certification was decided before \
                validUntil)""", example = "[\"SUSPENSION_END\"]")
        List<String> due,
        @Schema(description = "The first day of the validity period in force on asOf") LocalDate validFrom,
        @Schema(description = """
                The validity period already decided to follow the one in force on asOf (a re-certification granted \
                before validUntil), else null""")
        CertificatePeriod nextPeriod) {
}
