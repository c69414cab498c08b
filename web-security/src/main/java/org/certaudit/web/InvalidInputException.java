package org.certaudit.web;

/**
 * Malformed input that the shared mechanisms cannot see (a rule across two fields, a path
 * variable, a header, a query parameter): answered with 400 naming {@code field} and the rule of the
 * {@link RuleCode} catalogue it breaks, with its arguments; there is no refusal without a code.
 */
public class InvalidInputException extends RuntimeException {

    private final String field;
    private final RuleViolation rule;

    /** Input breaking a rule of the {@link RuleCode} catalogue, whose code and arguments the 400 carries. */
    public InvalidInputException(String field, RuleViolation rule, String message) {
        super(message);
        this.field = field;
        this.rule = java.util.Objects.requireNonNull(rule, "rule");
    }

    /** The rule broken. */
    public RuleViolation rule() {
        return rule;
    }

    /** The body field (dotted path), path variable, query parameter or header at fault. */
    public String field() {
        return field;
    }
}
