package org.certaudit.command.audit;

/**
 * A command about an audit was refused; nothing was written. The subclass says why, so that the
 * web layer can answer with the matching problem status without reading the message.
 */
public abstract sealed class AuditRefusalException extends RuntimeException
        permits BrokenRuleException, UnknownReferenceException, NotPermittedException, StaleVersionException {

    protected AuditRefusalException(String message) {
        super(message);
    }
}
