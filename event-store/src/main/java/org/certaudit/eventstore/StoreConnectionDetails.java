package org.certaudit.eventstore;

import com.mongodb.ConnectionString;
import org.certaudit.eventstore.embedded.EmbeddedMongoStore;
import org.springframework.boot.autoconfigure.mongo.MongoConnectionDetails;

/**
 * The one place that decides which server both apps talk to, handed to Spring Boot as its
 * {@link MongoConnectionDetails} so that Spring Data and anyone else end up on the same server and
 * database: {@code certaudit.mongodb.uri} when set; else the embedded store started here; else
 * (the query side, {@code certaudit.embedded.enabled=false}) the command side's embedded store on
 * {@code mongodb://127.0.0.1:<certaudit.embedded.port>}. The database is always
 * {@code certaudit.mongodb.database}, written into the connection string because Spring Boot reads
 * it from there.
 */
public final class StoreConnectionDetails implements MongoConnectionDetails {

    private final ConnectionString connectionString;
    private final boolean embedded;

    private StoreConnectionDetails(ConnectionString connectionString, boolean embedded) {
        this.connectionString = connectionString;
        this.embedded = embedded;
    }

    static StoreConnectionDetails of(EventStoreProperties store, EmbeddedStoreProperties embedded,
                                     EmbeddedMongoStore embeddedStore) {
        if (store.hasUri()) {
            return new StoreConnectionDetails(new ConnectionString(withDatabase(store.uri().trim(), store.database())), false);
        }
        String base = embeddedStore != null ? embeddedStore.connectionString() : "mongodb://127.0.0.1:" + embedded.port();
        return new StoreConnectionDetails(new ConnectionString(withDatabase(base, store.database())), embeddedStore != null);
    }

    @Override
    public ConnectionString getConnectionString() {
        return connectionString;
    }

    /** Whether this process runs the store itself. */
    public boolean embedded() {
        return embedded;
    }

    /** Puts {@code database} in place of the URI's database path, keeping hosts and options. */
    static String withDatabase(String uri, String database) {
        int schemeEnd = uri.indexOf("://");
        if (schemeEnd < 0) {
            throw new IllegalArgumentException("certaudit.mongodb.uri must start with mongodb:// or mongodb+srv://");
        }
        int hostsStart = schemeEnd + 3;
        int slash = uri.indexOf('/', hostsStart);
        int question = uri.indexOf('?', hostsStart);
        int hostsEnd = slash >= 0 ? slash : (question >= 0 ? question : uri.length());
        String options = question >= 0 ? uri.substring(question) : "";
        return uri.substring(0, hostsEnd) + "/" + database + options;
    }

    /** Hosts and database, never the credentials: for logs, health details and error messages. */
    static String describe(ConnectionString connectionString) {
        return String.join(",", connectionString.getHosts())
                + (connectionString.getDatabase() == null ? "" : "/" + connectionString.getDatabase());
    }
}
