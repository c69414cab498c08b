package org.certaudit.eventstore.embedded;

import de.bwaldvogel.mongo.MongoServer;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The default store when no MongoDB is configured: mongo-java-server on an H2 file (or in memory),
 * listening on the loopback interface so that the query side can read what the command side wrote.
 * It is a single-node store with no replication, for a laptop or a demo; production uses MongoDB.
 */
public final class EmbeddedMongoStore implements AutoCloseable {

    /** The H2 file inside the data directory. */
    public static final String FILE_NAME = "certaudit.mv.db";
    /** The write-ahead log next to it (see {@link DurableH2Backend}). */
    public static final String LOG_FILE_NAME = "certaudit.wal";
    /**
     * H2's page cache, in MB of its estimate of the decoded pages' heap: a quarter of the maximum heap,
     * at most 128 MB (about 70 MB under the 288 MB run.sh gives the command side; 77 MB under the 320 MB it had
     * until session 18). A fixed 128 MB was 40% of a 320 MB heap, beside the
     * unsaved changes ({@link DurableH2Backend#DEFAULT_MAX_UNSAVED_BYTES}) and the engine's own caches.
     */
    private static final int CACHE_MB = (int) Math.min(128, Runtime.getRuntime().maxMemory() / 4 >> 20);
    /** How often the MVStore is committed and the log emptied. */
    private static final long CHECKPOINT_MILLIS = 1_000;

    private static final Logger log = LoggerFactory.getLogger(EmbeddedMongoStore.class);

    private final DurableH2Backend backend;
    private final MongoServer server;
    private final ScheduledExecutorService checkpoints;
    private final Path file;
    private final InetSocketAddress address;

    private EmbeddedMongoStore(DurableH2Backend backend, MongoServer server, Path file, InetSocketAddress address) {
        this.backend = backend;
        this.server = server;
        this.checkpoints = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "embedded-store-checkpoint");
            thread.setDaemon(true);
            return thread;
        });
        checkpoints.scheduleWithFixedDelay(this::checkpoint, CHECKPOINT_MILLIS, CHECKPOINT_MILLIS, TimeUnit.MILLISECONDS);
        this.file = file;
        this.address = address;
    }

    /**
     * Opens (or creates) the H2 file under {@code dataDirectory} and listens on 127.0.0.1.
     *
     * @param port 0 for a free port
     * @throws EmbeddedStoreException when the file is held by another process or the port is taken
     */
    public static EmbeddedMongoStore onFile(Path dataDirectory, int port) {
        Path file = dataDirectory.resolve(FILE_NAME).toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new EmbeddedStoreException("cannot create the data directory " + file.getParent() + ": " + e, e);
        }
        MVStore store;
        try {
            // No auto-commit, neither timed nor by amount of changes (1 GB is beyond any single
            // command): the backend commits between commands, never in the middle of one. A larger
            // page cache than the default 16 MB keeps the index pages of a big store in memory: a
            // page read from disk is decompressed and decoded. Pages are compressed (LZF): documents
            // and index keys are BSON (BsonDocumentType, KeyOrderedIndex.KeyOrder), whose repeated
            // field names and JSON payloads still shrink; compressing runs on the commit's own
            // thread, off the write lock. Each page records whether it is compressed.
            store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled()
                                         .autoCommitBufferSize(1 << 20).cacheSize(CACHE_MB).compress().open();
            // Chunks no longer referenced are reused at once instead of after 45 s. The retention
            // protects readers of old versions and write ordering at a power cut; here chunks are
            // freed only while DurableH2Backend holds its write lock, when no command runs (cursors
            // hold copies), and power cuts are outside the guarantee. With 45 s, a bulk load of 1M
            // events left a 6 GB file.
            store.setRetentionTime(0);
        } catch (MVStoreException e) {
            throw new EmbeddedStoreException("cannot open the embedded store file " + file
                    + " (is another command side running on it?): " + e.getMessage(), e);
        }
        DurableH2Backend backend;
        try {
            backend = new DurableH2Backend(store, file.resolveSibling(LOG_FILE_NAME));
        } catch (RuntimeException e) {
            // Without a commit: a refused file is left as it was.
            store.closeImmediately();
            throw new EmbeddedStoreException("cannot open the embedded store " + file + ": " + e.getMessage(), e);
        }
        return start(backend, port, file);
    }

    /** A store that keeps nothing after {@link #close()}: for tests. */
    public static EmbeddedMongoStore inMemory(int port) {
        return start(new DurableH2Backend(MVStore.open(null), null), port, null);
    }

    private static EmbeddedMongoStore start(DurableH2Backend backend, int port, Path file) {
        MongoServer server = new MongoServer(backend);
        try {
            server.bind("127.0.0.1", port);
        } catch (Exception e) {
            // Netty throws the checked BindException undeclared, past mongo-java-server's own clean-up
            // (which catches RuntimeException only): without this its event-loop threads keep the JVM
            // alive after the failed start. shutdownNow also closes the backend.
            server.shutdownNow();
            throw new EmbeddedStoreException("cannot listen on 127.0.0.1:" + port
                    + " (is another command side running? set certaudit.embedded.port): " + e.getMessage(), e);
        }
        InetSocketAddress address = server.getLocalAddress();
        log.info("Embedded MongoDB-compatible store on {}:{} ({})", address.getHostString(), address.getPort(),
                file == null ? "in memory" : file);
        return new EmbeddedMongoStore(backend, server, file, address);
    }

    /** {@code mongodb://127.0.0.1:<port>}, without a database. */
    public String connectionString() {
        return "mongodb://" + address.getHostString() + ":" + address.getPort();
    }

    public int port() {
        return address.getPort();
    }

    /** The H2 file, or {@code null} in memory. */
    public Path file() {
        return file;
    }

    public DurableH2Backend backend() {
        return backend;
    }

    /** Stops listening, checkpoints and closes the file. */
    /**
     * Stops the checkpoint taken every second, for a test that counts checkpoints it takes itself; waits up to
     * 10 s for one under way. Writes go on being logged; {@link DurableH2Backend#checkpoint()} still commits them.
     */
    void stopScheduledCheckpoints() throws InterruptedException {
        checkpoints.shutdownNow();
        if (!checkpoints.awaitTermination(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("a scheduled checkpoint did not end within 10 s");
        }
    }

    @Override
    public void close() {
        checkpoints.shutdownNow();
        server.shutdownNow();
    }

    private void checkpoint() {
        try {
            backend.checkpoint();
        } catch (RuntimeException e) {
            // The log still holds every write; the next checkpoint or the next start catches up.
            log.warn("Checkpoint of the embedded store failed: {}", e.toString());
        }
    }

    /** The embedded store could not start; the message says why in one line. */
    public static final class EmbeddedStoreException extends RuntimeException {
        EmbeddedStoreException(String message, Throwable cause) {
            super(message, cause);
        }
    }

}
