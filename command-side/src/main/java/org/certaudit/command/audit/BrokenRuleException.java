package org.certaudit.command.audit;

/** The command would break a rule of the audit workflow; the message states the rule. */
public final class BrokenRuleException extends AuditRefusalException {

    public BrokenRuleException(String message) {
        super(message);
    }
}
