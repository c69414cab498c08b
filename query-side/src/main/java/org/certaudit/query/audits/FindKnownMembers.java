package org.certaudit.query.audits;

/**
 * The people who have been on an audit team, each once, as the latest audit that had them on its team recorded them
 * (name, registration number, specialty, phone and user name), so that staffing a new team need not type them again.
 * A member is the same person by user name, which every member has. Answered as a list of
 * {@link org.certaudit.audit.TeamMember} (the code and role are the latest team's, for reference only), by name.
 */
public record FindKnownMembers() {
}
