package org.certaudit.query.certificates;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import org.certaudit.certificate.CertificateHistory;
import org.certaudit.scheme.Grade;

/**
 * A validity period of a certificate: as renewed, the days it covers, the grade it is printed with, and the
 * organization, scope and scheme its re-certification printed, which may differ from the period's before it.
 */
@Schema(description = "A validity period of the certificate, as issued or renewed")
public record CertificatePeriod(
        @Schema(description = "The day the re-certification (or issue) was decided", example = "2024-05-15") LocalDate issuedOn,
        @Schema(example = "2024-07-01") LocalDate validFrom,
        @Schema(description = "The last valid day (inclusive)", example = "2027-06-30") LocalDate validUntil,
        @Schema(example = "NINE_STAR") Grade grade,
        @Schema(example = "九星级") String gradeLabel,
        @Schema(description = "The organization as the period's certificate names it") String organization,
        @Schema(description = "The scope of the period's certificate") String scope,
        @Schema(example = "CTS-ISC-JSGF-06") String schemeId) {

    static CertificatePeriod of(CertificateHistory.Period period) {
        return period == null ? null : new CertificatePeriod(period.issuedOn(), period.validFrom(), period.validUntil(),
                period.grade(), period.grade().chineseName(), period.certificate().organization(),
                period.certificate().scope(), period.certificate().schemeId());
    }
}
