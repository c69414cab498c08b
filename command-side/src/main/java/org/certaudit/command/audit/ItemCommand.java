package org.certaudit.command.audit;

/**
 * A change to one item of an audit's sheet ({@code item}: a clause such as {@code 5.2.2.3} or a dimension code such as
 * {@code B8}). Made on a version the audit has since moved past, it is judged by what changed meanwhile, not by the
 * version alone: see {@code Project.requireExpectedVersion}.
 */
public sealed interface ItemCommand extends AuditCommand
        permits ScoreItem, MarkItemNotApplicable, RestoreItemApplicability {

    String item();
}
