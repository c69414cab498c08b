package org.certaudit.query.ledger;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOptions;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.bson.Document;
import org.certaudit.ledger.EventDocuments;
import org.certaudit.ledger.log.LeafConflictException;
import org.certaudit.ledger.log.LeafEntry;
import org.certaudit.ledger.log.MongoLog;
import org.certaudit.ledger.treehead.SignedTreeHead;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The transparency log over all streams. It follows the store like a tracking processor, with the engine's
 * own gap-aware tokens (a position still being written is waited for, an abandoned one given up after the
 * gap timeout), and appends one leaf per event (position, stored hash) in the order it reads them, which is
 * position order except for a gap filled late. Its token lives in {@code ledger_state}; after a crash the
 * events read again are recognised by the unique {@code position} of the leaves and not logged twice. A tree
 * head is signed once {@code signEvery} events were logged since the last, or {@code signInterval} after it.
 * Never reset: a log only grows.
 *
 * <p>Two or more instances may run it against one store (several query-side instances with
 * {@code certaudit.ledger.enabled}): they share the token and the log, an append that loses the race for a leaf
 * ({@link LeafConflictException}) is dropped and read again, and a head signed for a size another instance signed
 * first is not stored (see {@link MongoLog}). They must sign with the same key.
 */
public class TransparencyLog {

    static final String STATE = "ledger_state";
    private static final String STATE_ID = "follower";
    private static final Logger log = LoggerFactory.getLogger(TransparencyLog.class);
    /** Each conflict means another instance made progress; past this many in a row, the next follow tick goes on. */
    private static final int MAX_CONFLICTS_IN_A_ROW = 100;

    private final EventStorageEngine engine;
    private final MongoLog mongoLog;
    private final MongoCollection<Document> events;
    private final MongoCollection<Document> state;
    private final SigningKey key;
    private final LedgerProperties properties;
    private final Clock clock;
    private boolean waitingForMigration;
    private long lostRaces;

    public TransparencyLog(EventStorageEngine engine, MongoDatabase database, SigningKey key,
                           LedgerProperties properties, Clock clock) {
        this.engine = engine;
        this.mongoLog = new MongoLog(database);
        this.events = database.getCollection(EventDocuments.EVENTS);
        this.state = database.getCollection(STATE);
        this.key = key;
        this.properties = properties;
        this.clock = clock;
        mongoLog.createIndexes();
    }

    public MongoLog store() {
        return mongoLog;
    }

    public SigningKey key() {
        return key;
    }

    /** Logs what is there to log, a batch at a time, signing when due after each; returns how many events it read. */
    public synchronized int catchUp() {
        if (!properties.enabled()) {
            return 0;
        }
        int logged = 0;
        int conflicts = 0;
        int step;
        do {
            try {
                step = step();
                conflicts = 0;
            } catch (LeafConflictException e) {
                // Another instance logged first; what it logged is filtered out on the next read.
                log.debug("Reading again: {}", e.getMessage());
                lostRaces++;
                step = ++conflicts < MAX_CONFLICTS_IN_A_ROW ? 1 : 0;
                continue;
            }
            logged += step;
            signIfDue(false);
        } while (step > 0);
        return logged;
    }

    /** Reads one batch after the token and logs it; 0 when there was nothing new. */
    synchronized int step() {
        GapAwareTrackingToken token = loadToken();
        List<TrackedEventMessage<?>> batch;
        try (Stream<? extends TrackedEventMessage<?>> stream = engine.readEvents(token, false)) {
            batch = new ArrayList<>(stream.limit(properties.batchSize()).toList());
        }
        if (batch.isEmpty()) {
            return 0;
        }
        Map<String, Document> documents = new HashMap<>();
        events.find(Filters.in("eventId", batch.stream().map(TrackedEventMessage::getIdentifier).toList()))
              .projection(Projections.include("_id", "eventId", "hash", "aggregateId", "seq"))
              .forEach(document -> documents.put(document.getString("eventId"), document));
        List<LeafEntry> entries = new ArrayList<>();
        TrackingToken last = token;
        boolean waiting = false;
        for (TrackedEventMessage<?> message : batch) {
            Document document = documents.get(message.getIdentifier());
            if (document != null && document.getString(EventDocuments.HASH) == null) {
                if (!waitingForMigration) {
                    log.warn("The event at position {} has no chain hash yet; the log waits for the event chain migration",
                             document.get("_id"));
                }
                waiting = true;
                break;
            }
            if (document == null) {
                log.error("The event {} was read from the store but is gone now; it is not logged", message.getIdentifier());
            } else {
                Object seq = document.get("seq");
                entries.add(new LeafEntry(-1, EventDocuments.position(document), document.getString(EventDocuments.HASH),
                                          document.getString("eventId"), document.getString("aggregateId"),
                                          seq == null ? null : ((Number) seq).longValue()));
            }
            last = message.trackingToken();
        }
        waitingForMigration = waiting;
        Set<Long> already = new HashSet<>(mongoLog.logged(entries.stream().map(LeafEntry::position).toList()));
        List<LeafEntry> fresh = entries.stream().filter(entry -> !already.contains(entry.position())).toList();
        mongoLog.append(fresh);
        if (last != token) {
            saveToken((GapAwareTrackingToken) last);
        }
        return last == token ? 0 : fresh.size() + already.size();
    }

    /**
     * Signs a tree head for the current size when {@code signEvery} leaves were added since the latest one,
     * {@code signInterval} has passed since it with anything added, there is none yet, or {@code force}.
     *
     * @return the latest signed tree head after this call
     */
    public synchronized SignedTreeHead signIfDue(boolean force) {
        Optional<SignedTreeHead> latest = mongoLog.latestHead();
        if (!properties.enabled()) {
            return latest.orElseThrow(() -> new IllegalStateException("the instance hosting the log has signed no tree head yet"));
        }
        long size = mongoLog.size();
        long now = clock.millis();
        boolean due = latest.isEmpty()
                      || size - latest.get().treeSize() >= properties.signEvery()
                      || (size > latest.get().treeSize()
                          && (force || now - latest.get().timestamp() >= properties.signInterval().toMillis()));
        if (!due) {
            return latest.get();
        }
        SignedTreeHead head = mongoLog.saveHead(SignedTreeHead.sign(size, mongoLog.tree().root(size), now,
                                                                    key.pair().getPrivate(), key.publicKey()));
        log.debug("Signed tree head of size {}: {}", size, head.rootHash());
        return head;
    }

    private GapAwareTrackingToken loadToken() {
        Document document = state.find(Filters.eq("_id", STATE_ID)).first();
        if (document == null) {
            return null;
        }
        List<Long> gaps = document.getList("gaps", Long.class, List.of());
        return GapAwareTrackingToken.newInstance(((Number) document.get("index")).longValue(), gaps);
    }

    private void saveToken(GapAwareTrackingToken token) {
        state.replaceOne(Filters.eq("_id", STATE_ID),
                         new Document("_id", STATE_ID).append("index", token.getIndex())
                                                      .append("gaps", new ArrayList<>(token.getGaps())),
                         new ReplaceOptions().upsert(true));
    }

    /** How many appends this instance dropped because another instance logged those leaves first. */
    synchronized long lostRaces() {
        return lostRaces;
    }

    /** How long the follower waits between looks. */
    Duration followInterval() {
        return properties.followInterval();
    }
}
