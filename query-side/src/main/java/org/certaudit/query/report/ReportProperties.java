package org.certaudit.query.report;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code certaudit.report.*}: the certification body printed on every report ({@code body.name}, {@code body.address},
 * {@code body.phone}, {@code body.postcode}) and optionally a TrueType font file ({@code font-file}, a path) put in front
 * of the embedded fonts. Without a body the report endpoints answer 503: a report must name who issues it.
 */
@ConfigurationProperties("certaudit.report")
public record ReportProperties(Body body, String fontFile) {

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
