package org.certaudit.command.audit;

import org.certaudit.web.RuleViolation;

/**
 * The command would break a rule of the audit workflow; the message states the rule. A rule about one date of the
 * command (a report, review, decision or restoration day, or an opened or rescheduled audit's first on-site day, judged
 * against the audit's, the lineage's or the certificate's record) names that field ({@link #field()}), so that a client
 * shows the refusal next to it, as do a project's first audit opened as other than initial ({@code type}) and a team
 * copied where no earlier audit is ({@code copyTeam}); a rule about the request as a whole (the audit's state, the
 * acting user) names none.
 */
public final class BrokenRuleException extends AuditRefusalException {

    private final String field;

    /** A rule about the request as a whole. */
    public BrokenRuleException(RuleViolation rule, String message) {
        this(rule, message, null);
    }

    /** A rule about the value of the body's {@code field}. */
    public BrokenRuleException(RuleViolation rule, String message, String field) {
        super(rule, message);
        this.field = field;
    }

    /** The body field whose value breaks the rule, or null when the rule is about the request as a whole. */
    public String field() {
        return field;
    }
}
