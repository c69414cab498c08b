package org.certaudit.command.audit;

/** The command names an audit, item, team member or special item that does not exist. */
public final class UnknownReferenceException extends AuditRefusalException {

    public UnknownReferenceException(String message) {
        super(message);
    }
}
