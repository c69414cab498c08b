package org.certaudit.command.audit;

import java.time.LocalDate;
import java.util.regex.Pattern;
import org.certaudit.audit.ProjectNumber;

/**
 * The certification body's certificate rules ({@code certaudit.certificates.*}).
 *
 * @param numberPattern         the certificate number; {@code {project}} is the project number,
 *                              {@code {year}} the issue year, {@code {n}} the project's certificate
 *                              count from 1 (a new number after a withdrawal or expiry)
 * @param validityYears         a certificate is valid this many years; the last valid day is the day
 *                              before the anniversary (3: ISO/IEC 17021-1 9.1.3 certification cycle)
 * @param surveillanceMonths    the next surveillance is due within this many months of the last
 *                              on-site day of the audit decided on (12: at least once a year); one that
 *                              would fall due in the validity period's last year is not, the
 *                              re-certification coming next instead ({@link
 *                              org.certaudit.certificate.NextActivity}, ISO/IEC 17021-1 9.1.3)
 * @param maxSuspensionMonths   a suspension ends this many months after its decision at the latest
 */
public record CertificatePolicy(String numberPattern, int validityYears, int surveillanceMonths,
                                int maxSuspensionMonths) {

    private static final Pattern PLACEHOLDERS = Pattern.compile("\\{(?!project}|year}|n})[^}]*}");

    public CertificatePolicy {
        Shape.text(numberPattern, "certificate number pattern");
        Shape.check(numberPattern.contains("{project}") || numberPattern.contains("{n}"),
                "certaudit.certificates.number-pattern must contain {project} or {n} so that numbers are unique, was "
                        + numberPattern);
        Shape.check(!PLACEHOLDERS.matcher(numberPattern).find(),
                "certaudit.certificates.number-pattern knows {project}, {year} and {n} only, was " + numberPattern);
        Shape.check(validityYears >= 1, "certificates are valid for at least a year, was " + validityYears);
        Shape.check(surveillanceMonths >= 1 && surveillanceMonths <= 12,
                "surveillance is due within 1 to 12 months, was " + surveillanceMonths);
        Shape.check(maxSuspensionMonths >= 1 && maxSuspensionMonths <= 6,
                "a suspension lasts 1 to 6 months at most, was " + maxSuspensionMonths);
    }

    /** The defaults: {@code CTS-{year}-{project}-{n}}, 3 years, surveillance within 12 months, suspension up to 6. */
    public static CertificatePolicy defaults() {
        return new CertificatePolicy("CTS-{year}-{project}-{n}", 3, 12, 6);
    }

    String number(ProjectNumber project, LocalDate issuedOn, int sequence) {
        return numberPattern.replace("{project}", project.value())
                .replace("{year}", String.valueOf(issuedOn.getYear()))
                .replace("{n}", String.valueOf(sequence));
    }

    /** The last valid day of a certificate valid from {@code validFrom}: the day before the anniversary. */
    LocalDate lastValidDay(LocalDate validFrom) {
        return validFrom.plusYears(validityYears).minusDays(1);
    }

    LocalDate surveillanceDue(LocalDate lastOnSiteDay) {
        return lastOnSiteDay.plusMonths(surveillanceMonths);
    }

    LocalDate latestSuspensionEnd(LocalDate decidedOn) {
        return decidedOn.plusMonths(maxSuspensionMonths);
    }
}
