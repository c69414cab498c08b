package org.certaudit.command.audit;

import org.certaudit.web.RuleViolation;

/** The acting user may not do this to this audit (not on its team, or not its leader). */
public final class NotPermittedException extends AuditRefusalException {

    public NotPermittedException(RuleViolation rule, String message) {
        super(rule, message);
    }
}
