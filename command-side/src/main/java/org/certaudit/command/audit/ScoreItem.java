package org.certaudit.command.audit;

import org.certaudit.audit.AuditId;
import org.certaudit.scheme.Percent;

/**
 * Score one scheme item, named by clause ({@code 5.2.2.3}) or dimension code ({@code B8}), with
 * the evidence note. {@code reason} is needed only to change an existing score.
 */
public record ScoreItem(AuditId auditId, String item, Percent percent, String note, String reason)
        implements ItemCommand {

    public ScoreItem {
        Shape.required(auditId, "audit id");
        item = Shape.text(item, "item");
        Shape.required(percent, "percent");
        note = Shape.text(note, "evidence note");
        reason = Shape.optionalText(reason);
    }
}
