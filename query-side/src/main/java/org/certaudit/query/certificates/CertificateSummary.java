package org.certaudit.query.certificates;

import java.time.LocalDate;
import java.util.List;
import org.certaudit.certificate.CertificateStatus;
import org.certaudit.scheme.Grade;

/**
 * One certificate of the register on a day, for the certification body and the regulator.
 * {@code due} lists what falls due within the days asked about (or is overdue): SURVEILLANCE
 * (the next surveillance audit's decision), EXPIRY (the last valid day).
 */
public record CertificateSummary(
        String number,
        String projectNumber,
        String organization,
        LocalDate asOf,
        CertificateStatus status,
        String statusLabel,
        Grade grade,
        String gradeLabel,
        LocalDate validUntil,
        LocalDate surveillanceDue,
        boolean surveillanceOverdue,
        LocalDate suspendedUntil,
        List<String> due) {
}
