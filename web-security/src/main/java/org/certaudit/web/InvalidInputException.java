package org.certaudit.web;

/**
 * Malformed input that the shared mechanisms cannot see (a rule across two fields, a path
 * variable, a header, a query parameter): answered with 400 naming {@code field}.
 */
public class InvalidInputException extends RuntimeException {

    private final String field;

    public InvalidInputException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The body field (dotted path), path variable, query parameter or header at fault. */
    public String field() {
        return field;
    }
}
