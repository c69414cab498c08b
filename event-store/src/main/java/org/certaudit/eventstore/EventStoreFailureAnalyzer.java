package org.certaudit.eventstore;

import org.certaudit.eventstore.embedded.EmbeddedMongoStore.EmbeddedStoreException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;

/**
 * Replaces the stack trace of a store that cannot be reached or started by one description line and
 * the settings that fix it.
 */
public class EventStoreFailureAnalyzer implements FailureAnalyzer {

    @Override
    public FailureAnalysis analyze(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof EventStoreUnavailableException unavailable) {
                return new FailureAnalysis(unavailable.getMessage(),
                        "Start the store at " + unavailable.server() + " (for the query side: start the command side"
                                + " first, it runs the embedded store), or set certaudit.mongodb.uri to a reachable"
                                + " MongoDB, or certaudit.embedded.enabled=true to run the embedded store here.",
                        unavailable);
            }
            if (cause instanceof EmbeddedStoreException embedded) {
                return new FailureAnalysis("The embedded store could not start: " + embedded.getMessage(),
                        "Stop the other process using it, or set certaudit.embedded.port / certaudit.embedded.data-dir,"
                                + " or set certaudit.mongodb.uri to use a MongoDB server instead.",
                        embedded);
            }
        }
        return null;
    }
}
