package org.certaudit.query;

import org.certaudit.web.InvalidInputException;

/** A request parameter broke a rule; answered with 400 naming the parameter and the rule. */
public class BadParameterException extends InvalidInputException {

    public BadParameterException(String parameter, String rule) {
        super(parameter, rule);
    }

    public String parameter() {
        return field();
    }
}
