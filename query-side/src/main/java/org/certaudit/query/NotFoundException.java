package org.certaudit.query;

/** The audit, project or item asked about is not known; answered with 404. */
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
