package org.certaudit.query.certificates;

import java.util.Objects;

/**
 * One certificate's whole history, the {@link org.certaudit.certificate.CertificateHistory} fold the command side's
 * rules judge a day by, for the console to read days as the command side will (the day a form offers, the audit type a
 * day calls for); empty for a number the register does not hold, in any case.
 */
public record GetCertificateHistory(String number) {

    public GetCertificateHistory {
        Objects.requireNonNull(number, "number is required");
    }
}
