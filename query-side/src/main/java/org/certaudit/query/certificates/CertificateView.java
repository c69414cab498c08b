package org.certaudit.query.certificates;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import org.certaudit.certificate.CertificateStatus;
import org.certaudit.scheme.Grade;

/**
 * A certificate as a printed certificate shows it, with its status on one day: what anyone may
 * check without signing in. Nothing about the audit, its people or its scores. Organization, scope, scheme, grade and
 * validity are the period's in force that day (a re-certification may have changed the scope or the organization's
 * name); after a re-certification decided before the last valid day, until that day, the earlier period, with the
 * renewed one as {@code nextPeriod}.
 */
@Schema(description = "A certificate as printed, with its status on the day asked about")
public record CertificateView(
        @Schema(example = "CTS-2021-0455-2021-SE-1") String number,
        @Schema(description = "The day the status is for", example = "2022-03-01") LocalDate asOf,
        @Schema(example = "VALID") CertificateStatus status,
        @Schema(example = "有效") String statusLabel,
        @Schema(example = "TEN_STAR") Grade grade,
        @Schema(example = "十星级") String gradeLabel,
        @Schema(description = "The organization as the certificate of the validity period in force on asOf names it")
        String organization,
        @Schema(description = "The scope of the validity period in force on asOf") String scope,
        @Schema(description = "The scheme of the validity period in force on asOf", example = "CTS-ISC-JSGF-06")
        String schemeId,
        @Schema(description = "The issue (or renewal) date of the validity period in force on asOf") LocalDate issuedOn,
        @Schema(description = "The first day of the validity period in force on asOf") LocalDate validFrom,
        @Schema(description = "The last valid day (inclusive) of the validity period in force on asOf") LocalDate validUntil,
        @Schema(description = "SUSPENDED only: the planned end of the suspension (its last day)") LocalDate suspendedUntil,
        @Schema(description = """
                True when the certificate is SUSPENDED on asOf and asOf is after suspendedUntil: the suspension's \
                planned end has passed without a decision restoring or withdrawing the certificate (ISO/IEC 17021-1 \
                9.6.5.2, ISO/IEC 17065 7.11); the status stays SUSPENDED until that decision""")
        boolean suspensionOverdue,
        @Schema(description = """
                The validity period already decided to follow the one in force on asOf: a re-certification granted \
                before the last valid day continues from it (null when none is decided, and for a withdrawn \
                certificate)""")
        CertificatePeriod nextPeriod) {
}
