package org.certaudit.query.report;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code certaudit.report.*}: the certification body printed on every report ({@code body.name}, {@code body.address},
 * {@code body.phone}, {@code body.postcode}), optionally a TrueType font file ({@code font-file}, a path) put in front
 * of the embedded fonts, and optionally {@code verify-url}, the address at which readers reach the console's report
 * check ({@code https://<the query side's public address>/console/verify/report}): with it, a report's QR code is that
 * link with the report's audit, version, digest and tree head, which a phone opens; without it, the same facts as a
 * {@code certaudit:report?...} text. Without a body the report endpoints answer 503: a report must name who issues it.
 */
@ConfigurationProperties("certaudit.report")
public record ReportProperties(Body body, String fontFile, URI verifyUrl) {

    /** The body as configured; any part may be missing, the name is checked when a report is issued. */
    public record Body(String name, String address, String phone, String postcode) {
    }

    /** The configured body, or null when {@code certaudit.report.body.name} is not set. */
    CertificationBody certificationBody() {
        if (body == null || body.name() == null || body.name().isBlank()) {
            return null;
        }
        return new CertificationBody(body.name(), body.address(), body.phone(), body.postcode());
    }
}
