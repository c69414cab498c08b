package org.certaudit.query.certificates;

import java.time.LocalDate;

/** The decisions and certificate changes dated from {@code from} to {@code to}, both inclusive. */
public record FindDecisions(LocalDate from, LocalDate to) {
}
