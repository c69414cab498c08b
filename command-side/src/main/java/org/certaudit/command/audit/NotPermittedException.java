package org.certaudit.command.audit;

/** The acting user may not do this to this audit (not on its team, or not its leader). */
public final class NotPermittedException extends AuditRefusalException {

    public NotPermittedException(String message) {
        super(message);
    }
}
