/** The audit stream: ids, the audited organization and team, and every event of an audit. */
package org.certaudit.audit;
