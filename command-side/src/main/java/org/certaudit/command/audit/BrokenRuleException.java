package org.certaudit.command.audit;

import org.certaudit.web.RuleViolation;

/** The command would break a rule of the audit workflow; the message states the rule. */
public final class BrokenRuleException extends AuditRefusalException {

    public BrokenRuleException(RuleViolation rule, String message) {
        super(rule, message);
    }
}
