package org.certaudit.query;

import org.certaudit.web.InvalidInputException;
import org.certaudit.web.RuleViolation;

/**
 * A request parameter (or a path variable, or a field of the console's preview) broke a rule; answered with 400
 * naming the parameter, the rule's code of the {@link org.certaudit.web.RuleCode} catalogue with its arguments,
 * and the English message.
 */
public class BadParameterException extends InvalidInputException {

    public BadParameterException(String parameter, RuleViolation rule, String message) {
        super(parameter, rule, message);
    }

    public String parameter() {
        return field();
    }
}
