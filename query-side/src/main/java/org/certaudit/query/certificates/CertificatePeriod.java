package org.certaudit.query.certificates;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.LocalDate;
import org.certaudit.certificate.CertificateHistory;
import org.certaudit.scheme.Grade;

/** A validity period of a certificate: as renewed, the days it covers and the grade it is printed with. */
@Schema(description = "A validity period of the certificate, as issued or renewed")
public record CertificatePeriod(
        @Schema(description = "The day the re-certification (or issue) was decided", example = "2024-05-15") LocalDate issuedOn,
        @Schema(example = "2024-07-01") LocalDate validFrom,
        @Schema(description = "The last valid day (inclusive)", example = "2027-06-30") LocalDate validUntil,
        @Schema(example = "NINE_STAR") Grade grade,
        @Schema(example = "九星级") String gradeLabel) {

    static CertificatePeriod of(CertificateHistory.Period period) {
        return period == null ? null : new CertificatePeriod(period.issuedOn(), period.validFrom(), period.validUntil(),
                period.grade(), period.grade().chineseName());
    }
}
