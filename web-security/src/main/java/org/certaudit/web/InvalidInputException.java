package org.certaudit.web;

/**
 * Malformed input that the shared mechanisms cannot see (a rule across two fields, a path
 * variable, a header, a query parameter): answered with 400 naming {@code field}.
 */
public class InvalidInputException extends RuntimeException {

    private final String field;
    private final RuleViolation rule;

    public InvalidInputException(String field, String message) {
        this(field, null, message);
    }

    /** Input breaking a rule of the {@link RuleCode} catalogue, whose code and arguments the 400 carries. */
    public InvalidInputException(String field, RuleViolation rule, String message) {
        super(message);
        this.field = field;
        this.rule = rule;
    }

    /** The rule broken, when it is in the catalogue. */
    public RuleViolation rule() {
        return rule;
    }

    /** The body field (dotted path), path variable, query parameter or header at fault. */
    public String field() {
        return field;
    }
}
