package org.certaudit.command.audit;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.certaudit.audit.AuditId;

/**
 * A command about one existing audit. It is routed to the audit's project: the project number
 * is part of the audit id, so no lookup is needed.
 * <p>
 * Sealed: the list below is every change an existing audit takes, which the project's version check
 * ({@code Project.requireExpectedVersion}) and its tests go through one by one.
 */
public sealed interface AuditCommand
        permits ItemCommand, AssignTeamMember, RemoveTeamMember, SignPledge, CorrectPledgeDate, RescheduleOnSiteAudit,
                RecordSpecialItem, WithdrawSpecialItem, RecordFindings, RecommendGrade, ReopenAudit, AcceptReview,
                ReturnToTeam, DecideCertification, CancelAudit {

    AuditId auditId();

    @TargetAggregateIdentifier
    default String projectNumber() {
        return auditId().projectNumber().value();
    }
}
