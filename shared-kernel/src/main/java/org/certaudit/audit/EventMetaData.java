package org.certaudit.audit;

/**
 * The metadata keys every stored event of a project carries beside its payload, as the command side writes them and the
 * query side, the report and the offline verifier read them. Metadata is part of what the ledger hashes, so what is
 * recorded under these keys is proven with the event.
 */
public final class EventMetaData {

    /** The user name of whoever signed in and sent the command (the record's and the report digest's "who"). */
    public static final String USER = "user";
    /**
     * The display name of that person as it stood when they acted ({@code 周文博}): the token's OIDC {@code name} claim
     * or the body's {@code certaudit.people} entry then; absent when neither gave one, and in events recorded before
     * it was kept. Presentation only: a report's digest covers the user name, never this.
     */
    public static final String PERSON_NAME = "personName";
    /** The HTTP request that caused the command ({@code X-Request-Id} or generated). */
    public static final String REQUEST_ID = "requestId";

    private EventMetaData() {
    }

    /**
     * The name recorded for {@code actor}, a person an event's payload names (its reviewer, decider, canceller): the
     * event's {@link #PERSON_NAME} when {@code actor} is the event's {@link #USER}, who acted; else null, since the
     * metadata names only the person who signed in.
     *
     * @param actor      the user name the payload names, or null
     * @param user       the event's {@link #USER}, or null
     * @param personName the event's {@link #PERSON_NAME}, or null
     */
    public static String nameRecordedFor(String actor, String user, String personName) {
        return actor != null && actor.equals(user) ? personName : null;
    }
}
