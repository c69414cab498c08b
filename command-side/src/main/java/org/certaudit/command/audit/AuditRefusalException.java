package org.certaudit.command.audit;

import java.util.Objects;
import org.certaudit.web.RuleCode;
import org.certaudit.web.RuleViolation;

/**
 * A command about an audit was refused; nothing was written. The subclass says why, so that the
 * web layer can answer with the matching problem status without reading the message; the rule
 * (a code of the {@link RuleCode} catalogue with its arguments) lets a client say it in its own
 * language, the message says it in English.
 */
public abstract sealed class AuditRefusalException extends RuntimeException
        permits BrokenRuleException, UnknownReferenceException, NotPermittedException, StaleVersionException {

    private final RuleViolation rule;

    protected AuditRefusalException(RuleViolation rule, String message) {
        super(message);
        this.rule = Objects.requireNonNull(rule, "rule");
    }

    /** The rule refused by, with its arguments. */
    public RuleViolation rule() {
        return rule;
    }
}
