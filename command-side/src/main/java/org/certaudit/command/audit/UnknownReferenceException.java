package org.certaudit.command.audit;

import org.certaudit.web.RuleViolation;

/** The command names an audit, item, team member or special item that does not exist. */
public final class UnknownReferenceException extends AuditRefusalException {

    public UnknownReferenceException(RuleViolation rule, String message) {
        super(rule, message);
    }
}
