/**
 * The audit report's content as a pure fold of the project's events, and its canonical text and digest: one
 * implementation for the query side that prints reports and the offline verifier that checks them.
 */
package org.certaudit.report;
