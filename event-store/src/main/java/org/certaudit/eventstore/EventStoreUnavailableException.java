package org.certaudit.eventstore;

/** The store did not answer at startup; {@link EventStoreFailureAnalyzer} turns it into one line and a fix. */
public class EventStoreUnavailableException extends RuntimeException {

    private final String server;

    public EventStoreUnavailableException(String server, Throwable cause) {
        super("MongoDB at " + server + " is unreachable: " + firstLine(cause.getMessage()), cause);
        this.server = server;
    }

    public String server() {
        return server;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no answer";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
