package org.certaudit.query;

/** A request parameter broke a rule; answered with 400 naming the parameter and the rule. */
public class BadParameterException extends RuntimeException {

    private final String parameter;

    public BadParameterException(String parameter, String rule) {
        super(rule);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
