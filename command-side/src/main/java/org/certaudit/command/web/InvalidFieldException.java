package org.certaudit.command.web;

import org.certaudit.web.InvalidInputException;
import org.certaudit.web.RuleViolation;

/**
 * Malformed input that bean validation cannot see (a rule across two fields, a path variable,
 * a header): answered with 400, naming {@code field} and the rule's code and arguments.
 */
public class InvalidFieldException extends InvalidInputException {

    public InvalidFieldException(String field, RuleViolation rule, String message) {
        super(field, java.util.Objects.requireNonNull(rule, "rule"), message);
    }
}
