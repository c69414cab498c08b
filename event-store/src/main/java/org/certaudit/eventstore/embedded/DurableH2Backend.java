package org.certaudit.eventstore.embedded;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * mongo-java-server's H2 backend, made to commit its {@link MVStore} before a write is acknowledged.
 * <p>
 * The stock backend lets the MVStore auto-commit about once a second, so a {@code kill -9} loses the
 * writes of the last second although the client was told they succeeded. Here every command that
 * may change data runs under one lock and is followed by a commit while the lock is still held:
 * <ul>
 *   <li>the reply leaves only after the chunk is written to the file (the OS page cache), so an
 *       acknowledged write survives the death of the process; it does not survive power loss,
 *       because nothing calls {@code fsync};</li>
 *   <li>no other command's commit can persist half of a multi-document insert, so with the
 *       MVStore's own auto-commit disabled a crash keeps a command whole or not at all (unless one
 *       command changes more than the MVStore's auto-commit buffer, some megabytes);</li>
 *   <li>writes to one collection never run concurrently, which the in-process index code of
 *       mongo-java-server needs anyway: two concurrent inserts of the same unique key can both
 *       pass its duplicate check.</li>
 * </ul>
 * Reads do not take the lock. Commands the server answers without touching data are listed in
 * {@link #READ_ONLY_COMMANDS}; anything else is treated as a write, which is the safe mistake.
 */
public class DurableH2Backend extends H2Backend {

    private static final Set<String> READ_ONLY_COMMANDS = Set.of(
            "find", "getmore", "count", "distinct", "listcollections", "listindexes", "listdatabases",
            "killcursors", "ping", "ismaster", "hello", "buildinfo", "whatsmyuri", "serverstatus", "dbstats",
            "collstats", "endsessions", "getlasterror", "getlog", "getparameter", "getcmdlineopts",
            "connectionstatus", "hostinfo", "validate");

    private final MVStore store;
    private final boolean persistent;
    private final ReentrantLock writeLock = new ReentrantLock();

    public DurableH2Backend(MVStore store) {
        super(store);
        this.store = store;
        this.persistent = store.getFileStore() != null;
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        if (!isWrite(command, query)) {
            return super.handleCommand(channel, databaseName, command, query);
        }
        writeLock.lock();
        try {
            return super.handleCommand(channel, databaseName, command, query);
        } finally {
            // Commit even when the command failed: an ordered insert stopped by a duplicate key
            // has stored the documents before it, and the client was told which ones.
            try {
                commitIfChanged();
            } finally {
                writeLock.unlock();
            }
        }
    }

    /** Writes every change made so far; the lock keeps it from splitting a running command. */
    public void commitNow() {
        writeLock.lock();
        try {
            commitIfChanged();
        } finally {
            writeLock.unlock();
        }
    }

    private void commitIfChanged() {
        if (persistent && store.hasUnsavedChanges()) {
            store.commit();
        }
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
