package org.certaudit.query.scorecard;

/** Every one of the allowed scorecard update streams is open; answered with 503 and {@code Retry-After}. */
class TooManyStreamsException extends RuntimeException {

    TooManyStreamsException(int maxStreams) {
        super("all " + maxStreams + " scorecard update streams of this server are open (certaudit.query.scorecard-updates"
                + ".max-streams); try again later or read GET /api/audits/{id}/scorecard");
    }
}
