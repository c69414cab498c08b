package org.certaudit.command.audit;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.certaudit.audit.AuditId;

/**
 * A command about one existing audit. It is routed to the audit's project: the project number
 * is part of the audit id, so no lookup is needed.
 */
public interface AuditCommand {

    AuditId auditId();

    @TargetAggregateIdentifier
    default String projectNumber() {
        return auditId().projectNumber().value();
    }
}
