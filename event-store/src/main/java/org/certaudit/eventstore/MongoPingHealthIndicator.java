package org.certaudit.eventstore;

import com.mongodb.MongoException;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The {@code mongo} health component: a {@code ping}, which real MongoDB and the embedded server both
 * answer (Spring Boot's own check sends {@code hello}, which the embedded server rejects).
 */
public class MongoPingHealthIndicator extends AbstractHealthIndicator {

    private final MongoDatabase database;
    private final String server;
    private final boolean embedded;

    public MongoPingHealthIndicator(MongoDatabase database, String server, boolean embedded) {
        super("MongoDB ping failed");
        this.database = database;
        this.server = server;
        this.embedded = embedded;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        try {
            database.runCommand(new Document("ping", 1));
            builder.up();
        } catch (MongoException e) {
            builder.down(e);
        }
        builder.withDetail("server", server).withDetail("database", database.getName()).withDetail("embedded", embedded);
    }
}
