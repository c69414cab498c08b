package org.certaudit.query.certificates;

import java.time.LocalDate;
import org.certaudit.certificate.CertificateStatus;
import org.certaudit.scheme.Grade;

/**
 * The register on {@code asOf}, filtered: each filter is optional (null). {@code organization}
 * matches part of the name the period in force on {@code asOf} gives; {@code dueWithinDays} keeps certificates whose surveillance, suspension's
 * end or expiry falls due within that many days of {@code asOf}, or is overdue.
 */
public record FindCertificates(LocalDate asOf, CertificateStatus status, Grade grade, String organization,
                               Integer dueWithinDays) {
}
