package org.certaudit.query.certificates;

import java.time.LocalDate;

/** One certificate as printed, with its status on {@code asOf}. */
public record GetCertificate(String number, LocalDate asOf) {
}
