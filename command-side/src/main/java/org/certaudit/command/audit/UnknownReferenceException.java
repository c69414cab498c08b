package org.certaudit.command.audit;

import org.certaudit.web.RuleViolation;

/**
 * The command names an audit, item, team member or special item that does not exist: in the request's path (a 404),
 * or in a field of its body ({@link #field()}, a 400 naming it: the resource exists, the input is wrong).
 */
public final class UnknownReferenceException extends AuditRefusalException {

    private final String field;

    /** A reference made by the request's path. */
    public UnknownReferenceException(RuleViolation rule, String message) {
        this(rule, message, null);
    }

    /** A reference made by the body's {@code field}. */
    public UnknownReferenceException(RuleViolation rule, String message, String field) {
        super(rule, message);
        this.field = field;
    }

    /** The body field that made the reference, or null when the path made it. */
    public String field() {
        return field;
    }
}
