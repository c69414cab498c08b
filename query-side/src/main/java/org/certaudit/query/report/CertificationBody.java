package org.certaudit.query.report;

/**
 * The certification body that issues the report, as its cover page prints it: name (认证机构), address (地址), phone (联系)
 * and postcode (邮编). Configured with {@code certaudit.report.body.*}; the demo uses a fictional body.
 */
public record CertificationBody(String name, String address, String phone, String postcode) {

    public CertificationBody {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("certaudit.report.body.name is required: the report names its certification body");
        }
    }
}
