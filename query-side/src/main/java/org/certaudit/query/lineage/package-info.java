/** A project's audits in order across certification cycles, with totals, grades and the item changes from one audit to the next. */
package org.certaudit.query.lineage;
