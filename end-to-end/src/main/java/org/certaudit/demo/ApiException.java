package org.certaudit.demo;

/** A request to certaudit got an answer other than the one the driver needs; the message says which. */
public class ApiException extends RuntimeException {

    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status received, or 0 when no answer came at all. */
    public int status() {
        return status;
    }
}
