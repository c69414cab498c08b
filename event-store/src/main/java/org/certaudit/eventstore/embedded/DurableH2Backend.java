package org.certaudit.eventstore.embedded;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *   <li>{@link #checkpoint()} (about once a second, on close, and at once when the log or the changes
 *       not yet committed grow large: the write that finds them so waits for a commit) commits the MVStore
 *       together with the sequence number of the last logged command, then drops the part of the log the
 *       commit holds;</li>
 *   <li>on opening, the commands logged after the last checkpoint are run again, in their order.
 *       Replaying in the same order from the same state gives the same result, including the same
 *       duplicate-key failures; the exceptions are server-made values (the {@code _id} of an upsert,
 *       {@code $currentDate}), which are then made anew.</li>
 * </ul>
 * Writes take the write lock of a read/write lock, so no commit ever captures half a command (the
 * MVStore's own auto-commit is disabled and its memory threshold set above any single command) and a
 * multi-document insert survives a crash whole or not at all. Reads share the read lock: a read
 * running beside a write could see half of it (some documents of an {@code insertMany}, a document
 * whose index entries are not there yet). A reply holds stored document instances, which never change
 * ({@link CopyOnUpdateH2Collection}), so encoding it after the lock is released shows what the command saw. Commands the server answers without
 * touching data are listed in {@link #READ_ONLY_COMMANDS}; anything else is treated as a write,
 * which is the safe mistake.
 * <p>
 * A checkpoint holds the write lock only to fix what the commit contains: it records the sequence
 * number, takes the root page of every map and starts a new log file. Those pages never change
 * afterwards: the MVStore's maps are copy-on-write, and so are the stored documents
 * ({@link CopyOnUpdateH2Collection}; the stock collection updates them in place). Serializing and
 * writing the pages run after the lock is released, beside new reads and
 * writes (see {@link #checkpoint()}). The old log file is deleted only when the commit is in the H2
 * file, so a crash at any moment finds the old commit with both log files, or the new commit with
 * the log of the commands after it (and perhaps the old file, whose commands the commit holds and
 * recovery skips by their sequence numbers).
 * <p>
 * Neither the log nor the MVStore is {@code fsync}ed: the guarantee covers the death of the process,
 * not of the machine (power loss, kernel panic).
 */
public class DurableH2Backend extends H2Backend {

    private static final Logger log = LoggerFactory.getLogger(DurableH2Backend.class);

    private static final String HELLO = "hello";
    private static final Set<String> READ_ONLY_COMMANDS = Set.of(
            "find", "getmore", "count", "distinct", "listcollections", "listindexes", "listdatabases",
            "killcursors", "ping", "ismaster", "hello", "buildinfo", "whatsmyuri", "serverstatus", "dbstats",
            "collstats", "endsessions", "getlasterror", "getlog", "getparameter", "getcmdlineopts",
            "connectionstatus", "hostinfo", "validate");
    /** Must not start with the H2 backend's database prefix, or it would be taken for a database. */
    private static final String CHECKPOINT_MAP = "certaudit-checkpoint";
    private static final String LAST_SEQUENCE = "lastSequence";
    private static final String FORMAT_MAP = "certaudit-format";
    private static final String KEY_ORDER_MARKER = "keyOrder";
    private static final String KEY_ORDER = "mongodb-value-order-v1";
    private static final String VALUE_ENCODING_MARKER = "valueEncoding";
    /** Collection documents as BSON ({@link BsonDocumentType}); older files hold them Java-serialized. */
    private static final String VALUE_ENCODING = "bson-v1";
    private static final String KEY_ENCODING_MARKER = "keyEncoding";
    /** Index keys as BSON elements ({@link KeyOrderedIndex.KeyOrder}); older files hold them Java-serialized. */
    private static final String KEY_ENCODING = "bson-elements-v1";
    /** A log this large is checkpointed at once instead of waiting for the next second. */
    private static final long MAX_LOG_BYTES = 64L << 20;
    /**
     * Changed pages not yet taken by a commit (H2's estimate of their heap) above which the write that
     * finds them waits for a checkpoint: an eighth of the maximum heap, at most 64 MB. Without a bound,
     * a bulk load that outpaced the once-a-second commits filled a 320 MB heap, and H2, meeting the
     * {@code OutOfMemoryError} while writing, closed the store.
     */
    static final long DEFAULT_MAX_UNSAVED_BYTES = Math.min(64L << 20, Runtime.getRuntime().maxMemory() / 8);

    /**
     * Compact after a commit when the live share of the file's chunks is below this percentage. Below it only:
     * rewriting chunks that are half live costs as many decoded bytes as it frees, and the commands that made the
     * garbage are still coming (item-history rebuilds at 1M events went from about 80 to 143-183 us of command-side
     * CPU per event with 60%). Checkpoints with nothing to commit compact further ({@link #IDLE_COMPACT_BELOW_FILL_RATE}).
     */
    static final int COMPACT_BELOW_FILL_RATE = 45;
    /**
     * Live bytes of the chunks one compaction step rewrites, by H2's reckoning ({@code Chunk.maxLenLive}: each
     * page's length rounded up to its length class). H2 rewrites whole chunks and skips any chunk whose live
     * bytes alone exceed this, so it must hold the live part of a typical chunk (one checkpoint's commit):
     * in the compaction probe 1 MB (one call or eight steps) left 3.4-3.6 KB per event on disk against 4.0 KB without,
     * four steps of 4 MB 1.7 KB.
     */
    static final int COMPACT_WRITE_BYTES = 4 << 20;
    /**
     * The least live bytes a compaction step rewrites once steps were cut to their heap budget ({@link
     * #nextStepWriteBytes}).
     */
    static final int MIN_COMPACT_WRITE_BYTES = 256 << 10;
    /**
     * The most live bytes the first compaction step after a commit of commands rewrites; the steps after it may have
     * more ({@link #nextStepWriteBytes}). What a step's pages take on the heap per live byte can change between two
     * such checkpoints: in a 1M-event benchmark run the steps before the item-history rebuild dropped its collections
     * took about 10 bytes of decoded pages per live byte, the first step after it 42 (170 MB for 4 MB, 4.2 s of
     * back-to-back full collections with 266-284 of 309 MB live).
     * <p>
     * Idle checkpoints start where the last step left off: between two of them nothing changes. With this cap on them
     * too, the idle compaction of a 1M-event benchmark file ran 82 steps instead of 350 and left 1,997 B per event
     * instead of 1,835.
     */
    static final int FIRST_STEP_WRITE_BYTES = 1 << 20;
    /**
     * Compaction steps per checkpoint at most, each followed by a commit of its own so that one step's
     * decoded pages are written before the next reads more (event-store/README.md, "Compaction").
     */
    static final int COMPACT_STEPS = 4;
    /**
     * When a checkpoint finds nothing to commit (no command in the last second), compaction steps run while the live
     * share of the chunks is below this percentage, within {@link #IDLE_COMPACT_MILLIS}; H2's own housekeeping aims
     * at 90% when idle.
     */
    static final int IDLE_COMPACT_BELOW_FILL_RATE = 85;
    /** Time an idle checkpoint gives its compaction steps, in milliseconds (a step may end after it). */
    static final long IDLE_COMPACT_MILLIS = 300;
    /**
     * When idle and the file's used share (H2's {@code getFillRate}: blocks in chunks against the file's length) is
     * below this percentage, chunks are moved into the free space before them and the file is cut
     * ({@link #moveChunks()}).
     */
    static final int MOVE_BELOW_FILE_FILL_RATE = 90;
    /**
     * Bytes of chunks one idle checkpoint moves at most, under the write lock: a copy of raw chunk bytes, no decoding.
     * It must exceed the largest chunks (one checkpoint's commit: up to 10 MB after a bulk load). On a copy of a
     * 100k-event benchmark file (222 MB, 72% of it in chunks), moves of 8 MB took 10-113 ms each and twelve of them
     * left the file as long as it was; moves of 32 MB took 61-203 ms, and the fourth cut the file to 160 MB, the tenth
     * to 153 MB.
     */
    static final long MOVE_BYTES = 32L << 20;
    /**
     * Commands after which idle housekeeping that had stopped (nothing to do, or nothing gained) runs again: a store
     * that takes a command now and then would otherwise rewrite chunks after each.
     */
    static final long IDLE_RESUME_COMMANDS = 1_000;
    /**
     * Idle checkpoints before their effect is judged, at the least: when neither the file nor its chunks
     * got smaller over them, idle housekeeping stops (as H2's {@code stopIdleHousekeeping}). Judged over many, not
     * one: a chunk emptied by a step is freed only once H2 keeps no version that uses it, five commits later, and
     * moves cut the file only once the chunks at its end have all found room nearer its start. So a window is also
     * at least twice as many checkpoints as it takes to move every chunk once ({@link #MOVE_BYTES} each): at 1M
     * events (2.5 GB, 1.9 GB of it in chunks) the first cut came after 16 moves in one run, too late for a window of
     * 30 checkpoints that had compacted little, and idle housekeeping stopped with the file 76% in chunks.
     */
    static final int IDLE_PATIENCE = 30;
    /**
     * Files smaller than this are left alone when idle: H2's own metadata keeps the live share of a small file's
     * chunks low for good, and the disk it takes does not matter.
     */
    static final long IDLE_MIN_FILE_BYTES = 64L << 20;
    /**
     * Checkpoints in a row that must find the store idle (fewer than {@link #IDLE_MAX_WRITES} write and {@link
     * #IDLE_MAX_READS} read commands since the previous one) before idle housekeeping starts. Moves hold the write lock, which blocks reads
     * too, and compaction takes CPU. In the first full run with idle housekeeping on every checkpoint that had nothing
     * to commit, the time-travel queries (reads only) had a p99 of 78 ms against 37 ms without it (one run each).
     */
    static final int QUIET_CHECKPOINTS = 3;
    /**
     * Read commands per checkpoint interval below which the store still counts as idle: the query side's processors
     * poll it even when no event comes. With 50, idle housekeeping never started in a short benchmark run that then
     * stood idle for minutes.
     */
    static final long IDLE_MAX_READS = 300;
    /**
     * Write commands per checkpoint interval below which the store still counts as idle: Axon's processors extend
     * their token claims every few seconds whether or not events come, so a running system never has a second with
     * nothing to commit (the second full run of session 9 had none in ten minutes).
     */
    static final long IDLE_MAX_WRITES = 20;
    /** H2Backend's constructor opens the existing databases before this class's fields are set. */
    private static final ThreadLocal<MVStore> OPENING = new ThreadLocal<>();

    private final MVStore store;
    private final WriteAheadLog writeAheadLog;
    private final MVMap<String, Long> checkpoints;
    private final ReentrantReadWriteLock locks = new ReentrantReadWriteLock();
    private final Lock readLock = locks.readLock();
    private final Lock writeLock = locks.writeLock();
    /** One checkpoint at a time, from taking its pages to deleting its log file. */
    private final ReentrantLock checkpointing = new ReentrantLock();
    /** Serializes and writes a commit's pages off the write lock; {@code null} in memory or when unavailable. */
    private final ThreadPoolExecutor serialization;
    private long lastSequence;
    private volatile long checkpointedSequence;
    private volatile CheckpointProbe probe = CheckpointProbe.NONE;
    /** How long the last checkpoint held the write lock, for its debug line. */
    private long lockHeldNanos;
    private volatile long maxUnsavedBytes = DEFAULT_MAX_UNSAVED_BYTES;
    private volatile int compactBelowFillRate = COMPACT_BELOW_FILL_RATE;
    private volatile int compactWriteBytes = COMPACT_WRITE_BYTES;
    /**
     * Live bytes the next compaction step rewrites at most: {@link #compactWriteBytes} or less ({@link
     * #nextStepWriteBytes}).
     */
    private volatile int stepWriteBytes = COMPACT_WRITE_BYTES;
    /** For tests: the live bytes the first compaction step of the last checkpoint that compacted was given. */
    private volatile int lastFirstStepWriteBytes;
    private volatile int compactSteps = COMPACT_STEPS;
    private volatile int idleCompactBelowFillRate = IDLE_COMPACT_BELOW_FILL_RATE;
    private volatile long moveBytes = MOVE_BYTES;
    private volatile long idleMinFileBytes = IDLE_MIN_FILE_BYTES;
    private final AtomicLong compactionSteps = new AtomicLong();
    private final AtomicLong chunkMoves = new AtomicLong();
    /** Read commands since the store was opened; idle housekeeping waits while they come often. */
    private final LongAdder reads = new LongAdder();
    /** {@link #reads} and the last sequence number at the last checkpoint, and the checkpoints in a row that found the store idle. */
    private long readsAtCheckpoint;
    private long sequenceAtCheckpoint;
    private int quietCheckpoints;
    /**
     * The last committed sequence number when idle housekeeping stopped (see {@link #checkpoint()}), -1 while it runs;
     * idle checkpoints then do nothing until {@link #IDLE_RESUME_COMMANDS} more commands are committed. This and the
     * two fields below are used under {@link #checkpointing}.
     */
    private volatile long idleHousekeepingDoneAt = -1;
    /** Idle checkpoints since {@link #idleWindowUsedBytes} was taken. */
    private int idleWindowCheckpoints;
    /** How many idle checkpoints the current window holds (see {@link #IDLE_PATIENCE}). */
    private long idleWindowLength;
    /** The bytes in chunks when the current window of idle checkpoints began. */
    private long idleWindowUsedBytes;
    /** The file's length when the current window of idle checkpoints began. */
    private long idleWindowFileBytes;
    /** For tests: the least {@link #idleWindowLength}. */
    private volatile int idlePatience = IDLE_PATIENCE;

    /**
     * @param store a file store opened with auto-commit disabled (or in memory, then without a log)
     * @param logFile the write-ahead log next to the store file; {@code null} for an in-memory store
     */
    public DurableH2Backend(MVStore store, Path logFile) {
        super(requireFormat(requireCommitsWrittenByTheCheckpoint(store, logFile)));
        OPENING.remove();
        this.store = store;
        this.checkpoints = store.openMap(CHECKPOINT_MAP);
        this.lastSequence = checkpoints.getOrDefault(LAST_SEQUENCE, 0L);
        this.checkpointedSequence = lastSequence;
        this.writeAheadLog = logFile == null ? null : new WriteAheadLog(logFile);
        this.serialization = logFile == null ? null : serializeInBackground(store);
        if (writeAheadLog != null) {
            recover();
        }
    }

    /**
     * Refuses a file store whose commits H2 would write on threads of its own: with auto-commit it commits on its own
     * schedule, mid-command, and hands a commit's chunks to a second executor ({@code FileStore.bufferSaveExecutor},
     * H2 2.3) to write after {@link MVStore#tryCommit()} returned, so a checkpoint could discard the write-ahead log
     * before the commit it rests on is in the file, and a crash then would lose acknowledged writes. The checkpoint's
     * wait ({@code awaitCommitWritten}) covers only the executor this backend installs.
     *
     * @throws IllegalArgumentException for a store with a log file that was opened with auto-commit, or whose file
     *                                  store writes chunks on an executor
     */
    private static MVStore requireCommitsWrittenByTheCheckpoint(MVStore store, Path logFile) {
        if (logFile == null) {
            return store;
        }
        if (store.getAutoCommitDelay() != 0) {
            throw new IllegalArgumentException("the embedded store's file must be opened with auto-commit disabled "
                    + "(MVStore.Builder.autoCommitDisabled()): its checkpoints alone commit, after the write-ahead log");
        }
        try {
            Field field = FileStore.class.getDeclaredField("bufferSaveExecutor");
            field.setAccessible(true);
            if (field.get(store.getFileStore()) != null) {
                throw new IllegalArgumentException("the embedded store's file writes its chunks on an executor of H2's "
                        + "own, after a commit returns; a checkpoint could not know when they are written");
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (e instanceof IllegalArgumentException refused) {
                throw refused;
            }
            log.warn("Cannot tell whether the H2 file store writes chunks on an executor of its own ({}); "
                     + "with auto-commit disabled it does not in H2 2.3", e.toString());
        }
        return store;
    }

    /**
     * Gives the store's file an executor of its own for serializing commits, which it otherwise has
     * only with its background auto-commit thread (disabled here: it would commit mid-command). With
     * it, {@link MVStore#tryCommit()} takes the maps' root pages and returns, and the pages are
     * written on the executor's thread. H2 keeps the executor in a private field
     * ({@code FileStore.serializationExecutor}, H2 2.3); if that field is not there, commits are
     * written on the calling thread, under the write lock, as safe as before and only slower.
     */
    private static ThreadPoolExecutor serializeInBackground(MVStore store) {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "embedded-store-commit");
                    thread.setDaemon(true);
                    return thread;
                });
        try {
            Field field = FileStore.class.getDeclaredField("serializationExecutor");
            field.setAccessible(true);
            if (field.get(store.getFileStore()) == null) {
                field.set(store.getFileStore(), executor);
                return executor;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("The H2 file store takes no commit executor ({}); checkpoints are written under the write lock",
                     e.toString());
        }
        executor.shutdown();
        return null;
    }

    /**
     * Marks a new file with its format and refuses a file with data written in another one: index maps
     * in the stock key order (lookups would silently miss), documents not in BSON ({@link
     * BsonDocumentType} cannot read Java-serialized ones) or index keys not in BSON ({@link
     * KeyOrderedIndex.KeyOrder}). Nothing is written to a refused file, not
     * even the marker map. There is no converter: the data directory of an older version is moved away.
     */
    private static MVStore requireFormat(MVStore store) {
        boolean hasData = store.getMapNames().stream().anyMatch(name -> name.startsWith("databases."));
        if (hasData) {
            Map<String, String> format = store.hasMap(FORMAT_MAP) ? store.openMap(FORMAT_MAP) : Map.of();
            refuseUnless(KEY_ORDER.equals(format.get(KEY_ORDER_MARKER)), "index key order differs");
            refuseUnless(VALUE_ENCODING.equals(format.get(VALUE_ENCODING_MARKER)), "documents are not stored as "
                    + VALUE_ENCODING + " but Java-serialized");
            refuseUnless(KEY_ENCODING.equals(format.get(KEY_ENCODING_MARKER)), "index keys are not stored as "
                    + KEY_ENCODING + " but Java-serialized");
        } else {
            MVMap<String, String> format = store.openMap(FORMAT_MAP);
            format.put(KEY_ORDER_MARKER, KEY_ORDER);
            format.put(VALUE_ENCODING_MARKER, VALUE_ENCODING);
            format.put(KEY_ENCODING_MARKER, KEY_ENCODING);
        }
        OPENING.set(store);
        return store;
    }

    private static void refuseUnless(boolean sameFormat, String difference) {
        if (!sameFormat) {
            throw new IllegalStateException("the data file was written by another version of the embedded store ("
                    + difference + "); move it away or point certaudit.embedded.data-dir elsewhere");
        }
    }

    @Override
    protected de.bwaldvogel.mongo.MongoDatabase openOrCreateDatabase(String databaseName) {
        return KeyOrderedH2Database.open(databaseName, store != null ? store : OPENING.get(), getCursorRegistry());
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        // The reply is encoded after the lock is released, and mongo-java-server puts stored document
        // instances into it (found documents, the result of findAndModify). That is safe because a stored
        // instance never changes: CopyOnUpdateH2Collection puts a changed copy into the map. (Before it,
        // the stock in-place update could change a reply before it was encoded, two $inc's reported the
        // same value, and every reply was deep-copied here: a tenth of the store threads' time in rebuilds.)
        if (!isWrite(command, query)) {
            reads.increment();
            readLock.lock();
            try {
                if (command.equalsIgnoreCase(HELLO)) {
                    return hello(super.handleCommand(channel, databaseName, "isMaster", query));
                }
                return super.handleCommand(channel, databaseName, command, query);
            } finally {
                readLock.unlock();
            }
        }
        boolean checkpointNow = false;
        writeLock.lock();
        try {
            if (writeAheadLog != null) {
                writeAheadLog.append(++lastSequence, databaseName, command, query);
            }
            return super.handleCommand(channel, databaseName, command, query);
        } finally {
            try {
                checkpointNow = writeAheadLog != null
                        && (writeAheadLog.size() > MAX_LOG_BYTES || store.getUnsavedMemory() > maxUnsavedBytes);
            } finally {
                writeLock.unlock();
            }
            if (checkpointNow) {
                // Before the reply: this writer waits for any checkpoint under way and then commits what
                // is left, so writers that outpace the commits are slowed to their pace.
                try {
                    commitForWriter();
                } catch (RuntimeException e) {
                    // The command ran and is logged; its client gets its reply, the next checkpoint retries.
                    log.warn("Checkpoint of a full write-ahead log or of too many unsaved changes failed: {}",
                             e.toString());
                }
            }
        }
    }

    /**
     * Commits the MVStore with everything logged so far and deletes the log file the commit holds;
     * cheap when nothing was written since the last one. The write lock is held only while the
     * commit's pages are taken and the log file is switched (see the class comment); this method
     * returns when the commit is in the file. Then the file is kept compact (event-store/README.md,
     * "Compaction"):
     * <ul>
     *   <li>after a commit, while the live share of the file's chunks is below {@link #COMPACT_BELOW_FILL_RATE}%,
     *       up to {@link #COMPACT_STEPS} compaction steps, each rewriting the live pages of the emptiest, oldest
     *       chunks (at most {@link #COMPACT_WRITE_BYTES}, fewer after a step whose decoded pages took more heap than
     *       the bound on unsaved changes: {@link #nextStepWriteBytes}) and committing them as above; no step begins
     *       while a writer waits for the checkpoint;</li>
     *   <li>when {@link #QUIET_CHECKPOINTS} checkpoints in a row found few commands (idle),
     *       compaction steps while the live share is below {@link
     *       #IDLE_COMPACT_BELOW_FILL_RATE}%, for about {@link #IDLE_COMPACT_MILLIS} ms, then one move of chunks
     *       into the file's free space ({@link #moveChunks()}), if the file has at least {@link
     *       #IDLE_MIN_FILE_BYTES}; once a window of idle checkpoints ({@link #IDLE_PATIENCE}) left both the file
     *       and its chunks as large as before, idle checkpoints do nothing until {@link #IDLE_RESUME_COMMANDS} more
     *       commands are committed.</li>
     * </ul>
     *
     * @throws IllegalStateException when the MVStore failed while writing the commit (it is then
     *         closed; the log files keep every command for the next start)
     */
    public void checkpoint() {
        checkpointing.lock();
        try {
            long started = System.nanoTime();
            long sequence = commit(false);
            int steps;
            boolean moved = false;
            long readsNow = reads.sum();
            long sequenceNow = lastSequence();
            boolean quiet = readsNow - readsAtCheckpoint < IDLE_MAX_READS
                            && sequenceNow - sequenceAtCheckpoint < IDLE_MAX_WRITES;
            readsAtCheckpoint = readsNow;
            sequenceAtCheckpoint = sequenceNow;
            quietCheckpoints = quiet ? quietCheckpoints + 1 : 0;
            if (sequence >= 0 && !(quiet && quietCheckpoints >= QUIET_CHECKPOINTS)) {
                steps = compact(compactBelowFillRate, compactSteps, Long.MAX_VALUE, FIRST_STEP_WRITE_BYTES);
            } else if (writeAheadLog != null && !store.isClosed() && store.getFileStore().size() >= idleMinFileBytes
                       && quietCheckpoints >= QUIET_CHECKPOINTS && (idleHousekeepingDoneAt < 0
                                       || checkpointedSequence - idleHousekeepingDoneAt >= IDLE_RESUME_COMMANDS)) {
                if (idleHousekeepingDoneAt >= 0 || idleWindowCheckpoints == 0) {
                    idleHousekeepingDoneAt = -1;
                    startIdleWindow();
                }
                // No first-step cap: nothing changed since the step before, whose heap set this one's size.
                steps = compact(idleCompactBelowFillRate, Integer.MAX_VALUE,
                                started + TimeUnit.MILLISECONDS.toNanos(IDLE_COMPACT_MILLIS), Integer.MAX_VALUE);
                moved = moveChunks();
                idleHousekeepingDone();
            } else {
                return;
            }
            if (log.isDebugEnabled()) {
                log.debug("Checkpoint of sequence {}: {} us under the write lock, {} compaction steps, {} chunks "
                          + "moves, {} us in all", sequence, lockHeldNanos / 1_000, steps, moved ? 1 : 0,
                          (System.nanoTime() - started) / 1_000);
            }
        } finally {
            checkpointing.unlock();
        }
    }

    /**
     * The checkpoint a writer waits for when the log or the unsaved changes grew too large: a commit, without the
     * compaction steps or idle housekeeping of {@link #checkpoint()}. The writer holds one of the server's event
     * loops, and every connection on that loop waits with it. It waits for a checkpoint under way, whose compaction
     * stops after the step it is in once a writer queues (see {@link #compact}).
     */
    private void commitForWriter() {
        checkpointing.lock();
        try {
            commit(false);
        } finally {
            checkpointing.unlock();
        }
    }

    /**
     * Stops idle housekeeping when a window of idle checkpoints ({@link #IDLE_PATIENCE}) left both the file and its
     * chunks as large as before them. A checkpoint that found nothing to do counts in the window like any other: a
     * chunk emptied a moment ago is freed only five commits later, and H2 skips a chunk whose live bytes alone exceed
     * a compaction step (a chunk of a busy second), so nothing to do now may be a move a few seconds later. At 1M
     * events, stopping at the first such checkpoint left the file 85% in chunks and 63% of those live.
     */
    private void idleHousekeepingDone() {
        if (++idleWindowCheckpoints < idleWindowLength) {
            return;
        }
        FileStore<?> file = store.getFileStore();
        if (usedBytes(file) < idleWindowUsedBytes || file.size() < idleWindowFileBytes) {
            startIdleWindow();
        } else {
            idleHousekeepingDoneAt = checkpointedSequence;
            idleWindowCheckpoints = 0;
        }
    }

    private void startIdleWindow() {
        FileStore<?> file = store.getFileStore();
        idleWindowCheckpoints = 0;
        idleWindowUsedBytes = usedBytes(file);
        idleWindowFileBytes = file.size();
        idleWindowLength = Math.max(idlePatience, moveBytes <= 0 ? 0 : 2 * idleWindowUsedBytes / moveBytes);
    }

    /** The bytes of the file's chunks, live or not. */
    private static long usedBytes(FileStore<?> file) {
        return file.size() / 100 * file.getFillRate();
    }

    /** The sequence number of the last logged command. */
    private long lastSequence() {
        readLock.lock();
        try {
            return lastSequence;
        } finally {
            readLock.unlock();
        }
    }

    /**
     * Compaction steps while the live share of the chunks is below {@code belowFillRate}, at most {@code maxSteps}
     * of them and none begun after {@code deadline} ({@link System#nanoTime()}) or while a writer waits for the
     * checkpoint ({@link #commitForWriter()}); each is committed before the next. The first step is given at most
     * {@code firstStepWriteBytes} live bytes, the next ones what {@link #nextStepWriteBytes} makes of the one
     * before.
     *
     * @param firstStepWriteBytes the most live bytes of the first step: {@link #FIRST_STEP_WRITE_BYTES} after a commit
     *                            of commands, whose changes may make a step's pages much larger than the last one's
     * @return the steps that rewrote pages
     */
    private int compact(int belowFillRate, int maxSteps, long deadline, int firstStepWriteBytes) {
        int steps = 0;
        while (steps < maxSteps && System.nanoTime() - deadline < 0 && !checkpointing.hasQueuedThreads()) {
            int writeBytes = Math.min(compactWriteBytes,
                                      steps == 0 ? Math.min(firstStepWriteBytes, stepWriteBytes) : stepWriteBytes);
            if (steps == 0) {
                lastFirstStepWriteBytes = writeBytes;
            }
            long unsavedBefore = store.getUnsavedMemory();
            long started = System.nanoTime();
            if (!compactStep(belowFillRate, writeBytes)) {
                break;
            }
            // Writes beside the step count in too; they only make the next step smaller.
            long rewritten = store.getUnsavedMemory() - unsavedBefore;
            stepWriteBytes = nextStepWriteBytes(writeBytes, rewritten, maxUnsavedBytes, compactWriteBytes);
            if (log.isDebugEnabled()) {
                log.debug("Compaction step below {}% live, {} KB of live chunk bytes: {} KB of decoded pages "
                          + "rewritten (H2's estimate), {} ms; next step {} KB", belowFillRate, writeBytes >> 10,
                          rewritten >> 10, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                          stepWriteBytes >> 10);
            }
            // Each step's rewritten pages, decoded and unsaved, are written before the next step reads
            // more: this bounds the heap a checkpoint's compaction takes by one step, not by all of them.
            steps++;
            compactionSteps.incrementAndGet();
            commit(true);
        }
        return steps;
    }

    /**
     * Moves up to {@link #MOVE_BYTES} of chunks into free space nearer the file's start and cuts the file where its
     * used part now ends ({@code RandomAccessStore.compactMoveChunks}, what H2's own housekeeping runs), when the
     * file's used share is below {@link #MOVE_BELOW_FILE_FILL_RATE}%; the commands logged since the last checkpoint
     * (few, the store being idle) are committed first, under the same lock.
     * <p>
     * Under the write lock: a move stores the MVStore's metadata with a commit of its own, which must not catch half
     * a command, and it frees the moved chunks' old places, which no command may be reading. The chunks' bytes are
     * copied, not decoded. H2 writes the moved copy and a commit naming the new places before the old places can be
     * reused, so a crash finds the file as before the move or as after it ({@code CompactionTest} kills a process
     * in the middle of moves).
     *
     * @return whether chunks were moved (or H2 found none it could move)
     */
    private boolean moveChunks() {
        if (moveBytes <= 0 || !(store.getFileStore() instanceof RandomAccessStore file)) {
            return false;
        }
        // A move syncs the file (FileChannel.force) before and after it copies chunks. Nothing else here syncs, so the
        // operating system may hold gigabytes of the file's writes unwritten: the first sync under the write lock
        // would write them all, and every command (reads too) would wait for it. Once here, off the lock, the syncs
        // under it write little more than the moved chunks. Neither sync nor lock when the file is mostly chunks
        // already: every commit drops the chunks that earlier ones emptied, so this share is the one the move would
        // find, but for the chunks the last commit emptied (the next idle checkpoint sees those dropped).
        if (file.getFillRate() >= MOVE_BELOW_FILE_FILL_RATE) {
            return false;
        }
        file.sync();
        writeLock.lock();
        long locked = System.nanoTime();
        try {
            if (store.isClosed()) {
                return false;
            }
            // The move's own commits must hold whole commands only: commit the few since the checkpoint first.
            checkpointLocked();
            // Chunks that the last commit left without a live page count as used until they are dropped.
            file.dropUnusedChunks();
            int fillRate = file.getFillRate();
            if (fillRate >= MOVE_BELOW_FILE_FILL_RATE) {
                return false;
            }
            probe.reached(CheckpointProbe.Stage.MOVING_CHUNKS);
            // H2 moves chunks towards the file's end and back into the free space, so a call may leave the file
            // as long as before; the next ones cut it (idleHousekeepingDone judges them together).
            file.compactMoveChunks(101, moveBytes, store);
            chunkMoves.incrementAndGet();
            return true;
        } finally {
            writeLock.unlock();
            long heldMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - locked);
            if (heldMillis >= 1_000) {
                log.warn("Moving chunks of the embedded store's file held every command for {} ms", heldMillis);
            }
        }
    }

    /**
     * One commit: takes its pages under the write lock, waits until they are in the file and deletes the log
     * file the commit holds.
     *
     * @param compacted whether a compaction step left rewritten pages to write even if no command ran since
     * @return the sequence number the commit holds, or -1 when there was nothing to commit
     */
    private long commit(boolean compacted) {
        long sequence = startCommit(compacted);
        if (sequence < 0) {
            return -1;
        }
        probe.reached(CheckpointProbe.Stage.PAGES_TAKEN);
        awaitCommitWritten();
        probe.reached(CheckpointProbe.Stage.COMMIT_WRITTEN);
        writeAheadLog.discardRotated();
        checkpointedSequence = sequence;
        return sequence;
    }

    /**
     * Under the write lock: records the last sequence, takes the pages of a commit and switches the
     * log to a new file. Unused chunks are freed here too ({@code MVStore.store} drops them first), at
     * a moment when no command runs and so none can still be reading them.
     *
     * @return the sequence number the commit holds, or -1 when there is nothing to commit
     */
    private long startCommit(boolean compacted) {
        writeLock.lock();
        long locked = System.nanoTime();
        try {
            if (writeAheadLog == null || store.isClosed()
                    || (lastSequence == checkpointedSequence && !(compacted && store.hasUnsavedChanges()))) {
                return -1;
            }
            checkpoints.put(LAST_SEQUENCE, lastSequence);
            long version = store.getCurrentVersion();
            store.tryCommit();
            if (store.getCurrentVersion() == version) {
                // Another store operation held the MVStore's store lock; the next checkpoint retries.
                return -1;
            }
            writeAheadLog.rotate();
            return lastSequence;
        } finally {
            lockHeldNanos = System.nanoTime() - locked;
            writeLock.unlock();
        }
    }

    /**
     * Waits for the commit executor to finish the commit handed to it. An interrupt does not cut the
     * wait short: the rotated log may be deleted only once the commit is written.
     */
    private void awaitCommitWritten() {
        if (serialization != null) {
            Future<?> done = serialization.submit(() -> { });
            boolean interrupted = false;
            while (true) {
                try {
                    done.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw new IllegalStateException("the commit executor failed", e.getCause());
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (store.isClosed()) {
            // MVStore.panic closed the store: the commit is not in the file, the log files are kept.
            throw new IllegalStateException("the embedded store's file failed while writing a checkpoint");
        }
    }

    /** Under the write lock, or before the server listens: commits and empties the log, all on this thread. */
    private void checkpointLocked() {
        if (writeAheadLog == null || store.isClosed() || lastSequence == checkpointedSequence) {
            return;
        }
        checkpoints.put(LAST_SEQUENCE, lastSequence);
        store.commit();
        writeAheadLog.clear();
        checkpointedSequence = lastSequence;
    }

    /**
     * One bounded step of compaction, after a commit is in the file; true when it rewrote pages. The rewritten
     * pages hold the same entries, so running beside writes is safe (the MVStore re-puts a page only if no
     * write replaced it meanwhile); they go into the next commit, and a crash before it leaves the last commit
     * as it was (the old chunks are freed only once a commit no longer refers to them).
     * <p>
     * Until session 7 each checkpoint made one call of {@code MVStore.compact(60%, 8 MB)}: H2 decodes every
     * document of every live leaf page it rewrites ({@link BsonDocumentType}), and the rewritten pages stay on
     * the heap, unsaved, until the next commit. On a file of a million events one call decoded about 1.2 GB,
     * and a 320 MB heap ran out (benchmark/README.md, "The 1M run of session 7"); in the compaction probe one
     * 8 MB call per checkpoint did not get through 60,000 events in 10 minutes in 320 MB, and kept about 510 MB
     * after collections in 1 GB (where H2's cache and the unsaved bound are larger too). Smaller steps with a commit
     * after each bound that by one step.
     */
    private boolean compactStep(int belowFillRate, int writeBytes) {
        if (writeBytes <= 0 || store.isClosed() || store.getFileStore().getChunksFillRate() >= belowFillRate) {
            return false;
        }
        return store.compact(belowFillRate, writeBytes);
    }

    /**
     * The live chunk bytes the next compaction step may rewrite, from what the last one did: as many as keep its
     * decoded pages within {@code heapBudget}, the bytes the unsaved changes of writers may take ({@link
     * #DEFAULT_MAX_UNSAVED_BYTES}), at most twice the last step's and between {@link #MIN_COMPACT_WRITE_BYTES} and
     * {@code maxWriteBytes}.
     * <p>
     * H2 chooses a step's chunks by their live bytes on disk, compressed, but decodes every document of their live
     * pages, and those pages stay on the heap until the step's commit. The ratio depends on the documents: the idle
     * steps after a start on a 1M-event benchmark file decoded 32-42 MB per 4 MB step, while in session 15's full
     * run a step at the start of the 1M item-history rebuild held about 120 MB by the collections' count, the command
     * side's 320 MB heap spent 21 s of 30 in collections, and the store answered no command for 26-45 s
     * (benchmark/README.md, "Session 16").
     *
     * @param writeBytes the live chunk bytes the last step was given
     * @param rewritten H2's estimate of the heap its rewritten pages took, in bytes ({@link MVStore#getUnsavedMemory()}
     *                  after the step less before it)
     * @param heapBudget the heap a step's pages may take, in bytes
     * @param maxWriteBytes the most a step may be given ({@link #COMPACT_WRITE_BYTES} unless a test set it)
     */
    static int nextStepWriteBytes(int writeBytes, long rewritten, long heapBudget, int maxWriteBytes) {
        long next = rewritten <= 0 ? 2L * writeBytes
                : Math.min(2L * writeBytes, (long) (writeBytes * ((double) heapBudget / rewritten)));
        return (int) Math.min(maxWriteBytes, Math.max(MIN_COMPACT_WRITE_BYTES, next));
    }

    /** For tests: the live bytes the first compaction step of the last checkpoint that compacted was given. */
    int lastFirstStepWriteBytes() {
        return lastFirstStepWriteBytes;
    }

    /** For tests: the live chunk bytes the next compaction step may rewrite. */
    int stepWriteBytes() {
        return stepWriteBytes;
    }

    /**
     * For the compaction probe and tests: compact after a commit when the live share of the chunks is below {@code
     * belowFillRate} percent, in at most {@code steps} steps per checkpoint of at most {@code writeBytes}
     * live bytes each ({@code writeBytes} 0: never, idle or not).
     */
    void compaction(int belowFillRate, int writeBytes, int steps) {
        this.compactBelowFillRate = belowFillRate;
        this.compactWriteBytes = writeBytes;
        this.stepWriteBytes = writeBytes;
        this.compactSteps = steps;
    }

    /**
     * For tests: when idle and the file has at least {@code minFileBytes}, compact below {@code belowFillRate} percent
     * and move at most {@code moveBytes} of chunks (0: never).
     */
    void idleHousekeeping(int belowFillRate, long moveBytes, long minFileBytes) {
        this.idleCompactBelowFillRate = belowFillRate;
        this.moveBytes = moveBytes;
        this.idleMinFileBytes = minFileBytes;
    }

    /** For tests: the least number of idle checkpoints before their gain is judged. */
    void idlePatience(int checkpoints) {
        this.idlePatience = checkpoints;
    }

    /** The idle checkpoints that moved chunks (or found none H2 could move) since the store was opened. */
    public long chunkMoves() {
        return chunkMoves.get();
    }

    /** The compaction steps that rewrote pages since the store was opened. */
    public long compactionSteps() {
        return compactionSteps.get();
    }

    /** The file's length in bytes; 0 in memory or once closed. */
    public long fileBytes() {
        return writeAheadLog == null || store.isClosed() ? 0 : store.getFileStore().size();
    }

    /** The live share of the bytes in the file's chunks, 0 to 1 (H2's {@code getChunksFillRate}); 0 in memory. */
    public double chunksLiveShare() {
        return writeAheadLog == null || store.isClosed() ? 0 : store.getFileStore().getChunksFillRate() / 100.0;
    }

    /** The share of the file's length in chunks, 0 to 1 (H2's {@code getFillRate}); 0 in memory. */
    public double fileUsedShare() {
        return writeAheadLog == null || store.isClosed() ? 0 : store.getFileStore().getFillRate() / 100.0;
    }

    /**
     * Whether the next idle checkpoint would compact or move chunks: the file has at least {@link
     * #IDLE_MIN_FILE_BYTES} and idle housekeeping has not stopped (see {@link #checkpoint()}).
     */
    public boolean idleHousekeepingPending() {
        long doneAt = idleHousekeepingDoneAt;
        return fileBytes() >= idleMinFileBytes
               && (doneAt < 0 || checkpointedSequence - doneAt >= IDLE_RESUME_COMMANDS);
    }

    /** For tests: the unsaved changes (bytes, H2's estimate) above which a write waits for a checkpoint. */
    void maxUnsavedBytes(long bytes) {
        this.maxUnsavedBytes = bytes;
    }

    /** Whether commits are written on their own thread, off the write lock (see {@link #serializeInBackground}). */
    boolean commitsOffTheWriteLock() {
        return serialization != null;
    }

    /** For tests: the threads waiting to start a checkpoint. */
    int checkpointWaiters() {
        return checkpointing.getQueueLength();
    }

    /** For tests: called at each stage of {@link #checkpoint()}, on the checkpointing thread. */
    void probe(CheckpointProbe probe) {
        this.probe = probe;
    }

    /** What a test observes of a checkpoint. */
    interface CheckpointProbe {
        CheckpointProbe NONE = stage -> { };

        /** The stages, in their order. */
        enum Stage {
            /** The commit's pages are taken, the write lock is released and the commit is being written. */
            PAGES_TAKEN,
            /** The commit is in the H2 file; the rotated log file is still there. */
            COMMIT_WRITTEN,
            /** An idle checkpoint holds the write lock and is about to move chunks. */
            MOVING_CHUNKS
        }

        void reached(Stage stage);
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
        checkpointing.lock();
        writeLock.lock();
        try {
            checkpointLocked();
            if (writeAheadLog != null) {
                writeAheadLog.close();
            }
            super.close();
        } finally {
            writeLock.unlock();
            checkpointing.unlock();
            if (serialization != null) {
                serialization.shutdown();
            }
        }
    }

    /**
     * {@code hello} is MongoDB's name for the handshake question since 4.4.2 (the event store asks it once, to learn
     * whether the server takes transactions); mongo-java-server knows only its legacy name {@code isMaster}, and its
     * wire handler logged every {@code hello} as an ERROR. The answer is isMaster's, with hello's name for the primary
     * flag: no {@code setName} and no {@code logicalSessionTimeoutMinutes}, as a standalone server without
     * transactions answers.
     */
    private static Document hello(Document isMaster) {
        Document hello = new Document();
        isMaster.forEach((key, value) -> hello.put(key.equals("ismaster") ? "isWritablePrimary" : key, value));
        return hello;
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
