package org.certaudit.eventstore.embedded;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * mongo-java-server's H2 backend, made to keep every write it acknowledges across a {@code kill -9}.
 * <p>
 * The stock backend lets the MVStore auto-commit about once a second, so a crash loses the last
 * second of acknowledged writes. Committing the MVStore after every write closes that hole but is
 * expensive: a commit rewrites the changed B-tree pages of every touched map (about 40 KB for one
 * event and its index entries, measured), and the file grew to 570 MB after 13,000 inserts. So
 * this backend keeps a write-ahead log instead:
 * <ul>
 *   <li>every command that may change data runs under one lock, and is first appended to the log
 *       (a few hundred bytes, handed to the operating system) and then executed, so its reply
 *       leaves only after it is in the log;</li>
 *   <li>{@link #checkpoint()} (about once a second, and on close) commits the MVStore together with
 *       the sequence number of the last logged command, then empties the log;</li>
 *   <li>on opening, the commands logged after the last checkpoint are run again, in their order.
 *       Replaying in the same order from the same state gives the same result, including the same
 *       duplicate-key failures; the exceptions are server-made values (the {@code _id} of an upsert,
 *       {@code $currentDate}), which are then made anew.</li>
 * </ul>
 * Writes take the write lock of a read/write lock, so no commit ever captures half a command (the
 * MVStore's own auto-commit is disabled and its memory threshold set above any single command) and a
 * multi-document insert survives a crash whole or not at all. Reads share the read lock: the server
 * updates stored documents in place, so a read running beside a write could see half of an update.
 * Every reply is copied under its lock (see {@link #copyOf}). Commands the server answers without
 * touching data are listed in {@link #READ_ONLY_COMMANDS}; anything else is treated as a write,
 * which is the safe mistake.
 * <p>
 * Neither the log nor the MVStore is {@code fsync}ed: the guarantee covers the death of the process,
 * not of the machine (power loss, kernel panic).
 */
public class DurableH2Backend extends H2Backend {

    private static final Logger log = LoggerFactory.getLogger(DurableH2Backend.class);

    private static final Set<String> READ_ONLY_COMMANDS = Set.of(
            "find", "getmore", "count", "distinct", "listcollections", "listindexes", "listdatabases",
            "killcursors", "ping", "ismaster", "hello", "buildinfo", "whatsmyuri", "serverstatus", "dbstats",
            "collstats", "endsessions", "getlasterror", "getlog", "getparameter", "getcmdlineopts",
            "connectionstatus", "hostinfo", "validate");
    /** Must not start with the H2 backend's database prefix, or it would be taken for a database. */
    private static final String CHECKPOINT_MAP = "certaudit-checkpoint";
    private static final String LAST_SEQUENCE = "lastSequence";
    private static final String FORMAT_MAP = "certaudit-format";
    private static final String KEY_ORDER = "mongodb-value-order-v1";
    /** A log this large is checkpointed at once instead of waiting for the next second. */
    private static final long MAX_LOG_BYTES = 64L << 20;
    /** Rewrite chunks when the live share of the file's chunks drops below this percentage. */
    private static final int COMPACT_BELOW_FILL_RATE = 60;
    private static final int COMPACT_WRITE_BYTES = 8 << 20;

    /** H2Backend's constructor opens the existing databases before this class's fields are set. */
    private static final ThreadLocal<MVStore> OPENING = new ThreadLocal<>();

    private final MVStore store;
    private final WriteAheadLog writeAheadLog;
    private final MVMap<String, Long> checkpoints;
    private final ReentrantReadWriteLock locks = new ReentrantReadWriteLock();
    private final Lock readLock = locks.readLock();
    private final Lock writeLock = locks.writeLock();
    private long lastSequence;
    private long checkpointedSequence;

    /**
     * @param store a file store opened with auto-commit disabled (or in memory, then without a log)
     * @param logFile the write-ahead log next to the store file; {@code null} for an in-memory store
     */
    public DurableH2Backend(MVStore store, Path logFile) {
        super(requireKeyOrder(store));
        OPENING.remove();
        this.store = store;
        this.checkpoints = store.openMap(CHECKPOINT_MAP);
        this.lastSequence = checkpoints.getOrDefault(LAST_SEQUENCE, 0L);
        this.checkpointedSequence = lastSequence;
        this.writeAheadLog = logFile == null ? null : new WriteAheadLog(logFile);
        if (writeAheadLog != null) {
            recover();
        }
    }

    /**
     * Marks a new file as written with {@link KeyOrderedIndex}'s key order and refuses a file whose
     * index maps were written in the stock order, whose lookups would silently miss.
     */
    private static MVStore requireKeyOrder(MVStore store) {
        MVMap<String, String> format = store.openMap(FORMAT_MAP);
        boolean hasData = store.getMapNames().stream().anyMatch(name -> name.startsWith("databases."));
        if (!KEY_ORDER.equals(format.get("keyOrder"))) {
            if (hasData) {
                throw new IllegalStateException("the data file was written by another version of the embedded store"
                        + " (index key order differs); move it away or point certaudit.embedded.data-dir elsewhere");
            }
            format.put("keyOrder", KEY_ORDER);
        }
        OPENING.set(store);
        return store;
    }

    @Override
    protected de.bwaldvogel.mongo.MongoDatabase openOrCreateDatabase(String databaseName) {
        return KeyOrderedH2Database.open(databaseName, store != null ? store : OPENING.get(), getCursorRegistry());
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        if (!isWrite(command, query)) {
            readLock.lock();
            try {
                return copyOf(super.handleCommand(channel, databaseName, command, query));
            } finally {
                readLock.unlock();
            }
        }
        writeLock.lock();
        try {
            if (writeAheadLog != null) {
                writeAheadLog.append(++lastSequence, databaseName, command, query);
            }
            return copyOf(super.handleCommand(channel, databaseName, command, query));
        } finally {
            try {
                if (writeAheadLog != null && writeAheadLog.size() > MAX_LOG_BYTES) {
                    checkpointLocked();
                }
            } finally {
                writeLock.unlock();
            }
        }
    }

    /**
     * Commits the MVStore with everything logged so far and empties the log; cheap when nothing
     * was written since the last one. The lock keeps a running command out of the commit.
     */
    public void checkpoint() {
        writeLock.lock();
        try {
            checkpointLocked();
        } finally {
            writeLock.unlock();
        }
    }

    private void checkpointLocked() {
        if (writeAheadLog == null || store.isClosed() || lastSequence == checkpointedSequence) {
            return;
        }
        // The live share of the chunks falls as pages are rewritten; without the MVStore's
        // background thread (disabled, it would commit mid-command) nobody else compacts.
        store.compact(COMPACT_BELOW_FILL_RATE, COMPACT_WRITE_BYTES);
        checkpoints.put(LAST_SEQUENCE, lastSequence);
        store.commit();
        writeAheadLog.clear();
        checkpointedSequence = lastSequence;
    }

    /** Runs again what was logged after the last checkpoint, then checkpoints. */
    private void recover() {
        List<WriteAheadLog.Entry> entries = writeAheadLog.read();
        Channel replay = new EmbeddedChannel();
        int replayed = 0;
        for (WriteAheadLog.Entry entry : entries) {
            if (entry.sequence() <= checkpointedSequence) {
                continue;
            }
            try {
                super.handleCommand(replay, entry.database(), entry.command(), entry.document());
            } catch (RuntimeException e) {
                // It failed the same way the first time; its client was told so.
                log.info("Replayed command {} ({}) failed again: {}", entry.sequence(), entry.command(), e.toString());
            }
            lastSequence = entry.sequence();
            replayed++;
        }
        handleClose(replay);
        if (replayed > 0) {
            log.info("Recovered {} write commands from the write-ahead log", replayed);
        }
        checkpointLocked();
        writeAheadLog.clear();
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            checkpointLocked();
            if (writeAheadLog != null) {
                writeAheadLog.close();
            }
            super.close();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * The reply is encoded after this method returns, but mongo-java-server puts the stored document
     * instances themselves into it (a found document, the result of {@code findAndModify}) and
     * updates stored documents in place: encoded later, the reply could show another command's
     * change, and two {@code $inc}s could report the same value (seen in a test). A copy made under
     * the lock is what the command saw.
     */
    private static Document copyOf(Document reply) {
        return reply == null ? null : reply.cloneDeeply();
    }

    private static boolean isWrite(String command, Document query) {
        String name = command.toLowerCase(Locale.ROOT);
        if (name.equals("aggregate")) {
            return writesOutput(query.get("pipeline"));
        }
        return !READ_ONLY_COMMANDS.contains(name);
    }

    private static boolean writesOutput(Object pipeline) {
        if (pipeline instanceof List<?> stages) {
            for (Object stage : stages) {
                if (stage instanceof Document document
                        && (document.containsKey("$out") || document.containsKey("$merge"))) {
                    return true;
                }
            }
        }
        return false;
    }
}
