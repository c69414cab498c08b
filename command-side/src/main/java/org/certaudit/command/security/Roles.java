package org.certaudit.command.security;

/**
 * The roles of the command side. Team roles (leader, member, technical expert) are not among
 * them: they belong to one audit and the audit itself checks them.
 */
public final class Roles {

    /** Opens audits and assigns their teams. */
    public static final String ADMIN = "ADMIN";
    /** May act on an audit whose team they are on. */
    public static final String AUDITOR = "AUDITOR";
    /** Reviews recommended audits whose team they are not on (technical review); else reads. */
    public static final String REVIEWER = "REVIEWER";
    /** Decides on reviewed audits they took no part in, and restores suspended certificates; else reads. */
    public static final String DECIDER = "DECIDER";
    /** Reads; changes nothing. */
    public static final String REGULATOR = "REGULATOR";

    private Roles() {
    }
}
