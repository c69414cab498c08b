package org.certaudit.command.web;

/**
 * Malformed input that bean validation cannot see (a rule across two fields, a path variable,
 * a header): answered with 400, naming {@code field}.
 */
public class InvalidFieldException extends RuntimeException {

    private final String field;

    public InvalidFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
