package org.certaudit.query.ledger;

import com.mongodb.client.MongoDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;

/** A transparency log for tests outside this package, signing only when told: its first head, then on {@code signIfDue(true)}. */
public final class TestTransparencyLogs {

    private TestTransparencyLogs() {
    }

    public static TransparencyLog signingWhenTold(EventStorageEngine engine, MongoDatabase database, Path keyDir) {
        LedgerProperties properties = new LedgerProperties(true, null, null, keyDir, 1_000_000, Duration.ofDays(365),
                Duration.ofSeconds(1), 500);
        return new TransparencyLog(engine, database, SigningKey.load(properties), properties, Clock.systemUTC());
    }
}
