package org.certaudit.query.report;

/** No certification body is configured, so no report can be issued; answered with 503 naming the property. */
class ReportNotConfiguredException extends RuntimeException {

    ReportNotConfiguredException() {
        super("no certification body is configured: set certaudit.report.body.name (and .address, .phone, .postcode) "
                + "to the body that issues the reports");
    }
}
