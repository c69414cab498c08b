/** Audits as a list and one by one: header, organization, team, pledge signatures and their timing, status and version. */
package org.certaudit.query.audits;
