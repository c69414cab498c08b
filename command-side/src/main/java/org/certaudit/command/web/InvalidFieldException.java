package org.certaudit.command.web;

import org.certaudit.web.InvalidInputException;

/**
 * Malformed input that bean validation cannot see (a rule across two fields, a path variable,
 * a header): answered with 400, naming {@code field}.
 */
public class InvalidFieldException extends InvalidInputException {

    public InvalidFieldException(String field, String message) {
        super(field, message);
    }
}
