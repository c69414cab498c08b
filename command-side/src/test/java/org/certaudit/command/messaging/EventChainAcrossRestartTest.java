package org.certaudit.command.messaging;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.bson.Document;
import org.certaudit.audit.AuditId;
import org.certaudit.command.CommandSideApplication;
import org.certaudit.command.TestAudits;
import org.certaudit.command.audit.AcceptReview;
import org.certaudit.command.audit.RecommendGrade;
import org.certaudit.ledger.EventDocuments;
import org.certaudit.ledger.verifier.StoreVerifier;
import org.certaudit.ledger.verifier.Verdict;
import org.certaudit.scheme.Grade;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue #13: "the chain survives restarts and snapshots". The command side on its H2 file with a snapshot every 5
 * events scores an audit, stops, starts again on the same file and goes on with the same project (now loaded from its
 * snapshot) and a new one; then the whole store is checked as the verifier's {@code --store} mode checks it.
 */
class EventChainAcrossRestartTest {

    /** Fixed loopback ports (the store must be the same across the restart); override with these system properties. */
    private static final int STORE_PORT = Integer.getInteger("certaudit.test.chain-store-port", 19110);

    @Test
    void everyStreamStaysOneUnbrokenChainAcrossARestartOnTheSameFileWithSnapshotsTaken() throws Exception {
        Path data = Path.of("target", "chain-restart-" + System.nanoTime()).toAbsolutePath();
        AuditId audit;
        long snapshotBefore;
        try (ConfigurableApplicationContext first = start(data)) {
            audit = audits(first).fullyScored();
            Document snapshot = database(first).getCollection("snapshots")
                    .find(Filters.eq("_id", audit.projectNumber().value())).first();
            assertThat(snapshot).as("a snapshot was taken (threshold 5)").isNotNull();
            snapshotBefore = ((Number) snapshot.get("seq")).longValue();
            assertThat(snapshotBefore).isPositive();
        }

        try (ConfigurableApplicationContext second = start(data)) {
            TestAudits audits = audits(second);
            long before = audits.version(audit);
            assertThat(before).as("events after the snapshot are replayed on top of it").isGreaterThanOrEqualTo(snapshotBefore);
            audits.send("leader", new RecommendGrade(audit, Grade.TEN_STAR, TestAudits.REPORT_DATE));
            audits.send("reviewer", new AcceptReview(audit, TestAudits.REVIEWED_ON, null));
            AuditId other = audits.recommended();
            assertThat(audits.version(audit)).isEqualTo(before + 2);

            MongoDatabase database = database(second);
            long events = database.getCollection(EventDocuments.EVENTS).countDocuments();
            Verdict verdict = StoreVerifier.verify(database, anyKey(), null);
            assertThat(verdict.problems()).as(verdict.report()).isEmpty();
            assertThat(verdict.verified()).as(verdict.report())
                    .anyMatch(line -> line.equals(events + " events in 2 streams read; " + events + " chained correctly"));
            assertThat(database.getCollection("snapshots").countDocuments(Filters.in("_id",
                    audit.projectNumber().value(), other.projectNumber().value()))).isEqualTo(2);
            System.out.printf("EventChainAcrossRestartTest: %d events in 2 streams chained across a restart; snapshot of %s"
                              + " at sequence %d before it%n", events, audit.projectNumber(), snapshotBefore);
        }
    }

    private static ConfigurableApplicationContext start(Path data) {
        return new SpringApplicationBuilder(CommandSideApplication.class).profiles("local").run(
                "--server.port=" + Integer.getInteger("certaudit.test.chain-http-port", 19111),
                "--certaudit.embedded.port=" + STORE_PORT,
                "--certaudit.embedded.data-dir=" + data,
                "--certaudit.snapshots.threshold=5",
                "--axoniq.update-checker.disabled=true");
    }

    private static TestAudits audits(ConfigurableApplicationContext context) {
        return new TestAudits(context.getBean(CommandGateway.class), context.getBean(EventStore.class));
    }

    private static MongoDatabase database(ConfigurableApplicationContext context) {
        return context.getBean("certauditDatabase", MongoDatabase.class);
    }

    /** The store holds no log here, so no head is checked: any Ed25519 key will do. */
    private static PublicKey anyKey() throws Exception {
        return KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
    }
}
