/**
 * The audit report as the certification body prints it (HTML, PDF) and its scorecard (XLSX, CSV), issued from the events as
 * of any moment.
 */
package org.certaudit.query.report;
