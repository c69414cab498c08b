package org.certaudit.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.bson.Document;

/**
 * The figures of issue 11 from one run on the embedded store: starts the real command-side and query-side
 * jars, measures the store's raw single-document insert rate (the reference every ratio is taken to), then
 * HTTP score commands at 1 and 8 clients (each on its own audit) with latency and projection lag, the lag
 * of a single command on an idle system, time-travel latency in a project of about 2,000 events, full
 * rebuilds per processor and of all processors together at two store sizes (bulk-loaded through our event
 * storage engine), resident memory of each side and bytes on disk per stored event.
 * <p>
 * {@code -Dbenchmark.setting=short} (default, under 15 minutes), {@code full} (1M events) or {@code commands}
 * (the command side only, about 2 minutes); {@code -Dbenchmark.steps=idle,load1,load8,timetravel,rebuilds} runs
 * only those steps (all by default; time travel needs load1); {@code -Dbenchmark.port-base=<n>} takes every port
 * from {@code n..n+99} instead of any free one; {@code -Dbenchmark.command-side-options} and
 * {@code -Dbenchmark.query-side-options} add JVM options to one side only (a flight recording, say).
 * <p>
 * Projection lag is taken from the query side's push ({@code GET /api/audits/{id}/scorecard/updates}, one
 * Server-Sent Events stream per audit measured) by default; {@code -Dbenchmark.lag=poll} polls
 * {@code GET /api/audits/{id}/scorecard} instead, as runs 1 to 5 did (every 5 ms, 2 ms when idle), for comparison.
 */
public final class SystemBenchmark {

    /** Every processor the query side has, as {@code GET /api/admin/processors} lists them. */
    private static final List<String> PROCESSORS = List.of("audit-scorecards", "audit-summaries", "audit-trail",
            "certificate-register", "item-history", "project-lineage");
    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();
    private static final String ADMIN = "admin";
    private static final String LEADER = "leader";
    private static final String READER = "reviewer";
    /** {@code push} (default): lag from the pushed scorecard versions; {@code poll}: from polling the scorecard. */
    private static final boolean PUSH = switch (System.getProperty("benchmark.lag", "push")) {
        case "push" -> true;
        case "poll" -> false;
        default -> throw new IllegalArgumentException("benchmark.lag is push or poll, not " + System.getProperty("benchmark.lag"));
    };

    /** How much of everything one run does. */
    record Setting(String name, int oneClientCommands, Duration eightClients, int idleCommands, List<Integer> storeSizes,
                   int timeTravelQueries) {

        /**
         * The named setting, with {@code benchmark.one-client-commands} (the time-travel project's size) and
         * {@code benchmark.store-sizes} (comma-separated event counts the rebuilds run at, ascending) if given.
         */
        static Setting of(String name) {
            Setting setting = named(name);
            String oneClient = System.getProperty("benchmark.one-client-commands", "").strip();
            String sizes = System.getProperty("benchmark.store-sizes", "").strip();
            return new Setting(name, oneClient.isEmpty() ? setting.oneClientCommands() : Integer.parseInt(oneClient),
                    setting.eightClients(), setting.idleCommands(),
                    sizes.isEmpty() ? setting.storeSizes()
                            : Stream.of(sizes.split(",")).map(String::strip).map(Integer::valueOf).toList(),
                    setting.timeTravelQueries());
        }

        private static Setting named(String name) {
            return switch (name) {
                case "full" -> new Setting(name, 2_000, Duration.ofSeconds(60), 40, List.of(100_000, 1_000_000), 100);
                case "short" -> new Setting(name, 600, Duration.ofSeconds(30), 20, List.of(20_000, 100_000), 50);
                // The command side alone: the reference, then 1 and 8 clients; no idle lag, time travel or rebuilds.
                case "commands" -> new Setting(name, 300, Duration.ofSeconds(20), 0, List.of(), 0);
                default -> throw new IllegalArgumentException("benchmark.setting is short, full or commands, not " + name);
            };
        }
    }

    private final Setting setting;
    private final Path workDir;
    private final Report report = new Report();
    private final List<Server> servers = new ArrayList<>();
    private Server commandSide;
    private Server querySide;
    private Http command;
    private Http query;
    private MongoClient store;
    private double reference;
    private final JsonNode seed;

    private SystemBenchmark(Setting setting, Path workDir) {
        this.setting = setting;
        this.workDir = workDir;
        try (InputStream in = SystemBenchmark.class.getResourceAsStream("/org/certaudit/seed/0455-2021-SE-audit.json")) {
            this.seed = Http.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) throws Exception {
        Setting setting = Setting.of(System.getProperty("benchmark.setting", "short"));
        Path workDir = Path.of(System.getProperty("benchmark.work-dir", "target/benchmark")).toAbsolutePath();
        SystemBenchmark benchmark = new SystemBenchmark(setting, workDir);
        try {
            benchmark.run();
        } finally {
            benchmark.stop();
        }
        System.exit(0);
    }

    private static final java.util.Set<String> STEPS = java.util.Set.of(
            System.getProperty("benchmark.steps", "idle,load1,load8,timetravel,rebuilds").split(","));

    private void run() throws Exception {
        long started = System.nanoTime();
        deleteRecursively(workDir);
        Path dataDir = workDir.resolve("data");
        Path logs = workDir.resolve("logs");
        Files.createDirectories(dataDir);
        int storePort = freePort();
        commandSide = start("command-side", System.getProperty("benchmark.command-side-jar"), logs, List.of(
                "--certaudit.embedded.enabled=true", "--certaudit.embedded.port=" + storePort,
                "--certaudit.embedded.data-dir=" + dataDir));
        commandSide.awaitHealthy();
        querySide = start("query-side", System.getProperty("benchmark.query-side-jar"), logs, List.of(
                "--certaudit.embedded.enabled=false", "--certaudit.embedded.port=" + storePort));
        querySide.awaitHealthy();
        command = new Http(commandSide.baseUrl());
        query = new Http(querySide.baseUrl());
        store = MongoClients.create("mongodb://127.0.0.1:" + storePort);
        System.out.printf("setting %s, %d cores, load average %s, lag by %s%n", setting.name(),
                Runtime.getRuntime().availableProcessors(), loadAverage(), PUSH ? "push" : "poll");

        rawInserts(Duration.ofSeconds(5)); // warms up the store's code paths in the command side's JVM
        Duration storeCpuBefore = commandSide.cpuTime();
        long clientCpuBefore = THREADS.getCurrentThreadCpuTime();
        Inserts inserts = rawInserts(Duration.ofSeconds(10));
        reference = inserts.rate();
        report.add("raw driver insertOne, 1 thread (reference)", "%,.0f docs/s".formatted(reference), "", "");
        // What one reference insert costs in CPU, the store's side (the command side hosts it; the query side's idle
        // polling is served in the same process, a few percent of it) and the driver's in this thread: the unit against
        // which the CPU of a command (both sides, below) shows how many inserts' worth of work a command is.
        report.add("CPU per reference insert, store (command side) / client thread", "%.0f / %.0f us".formatted(
                commandSide.cpuTime().minus(storeCpuBefore).toNanos() / 1e3 / inserts.count(),
                (THREADS.getCurrentThreadCpuTime() - clientCpuBefore) / 1e3 / inserts.count()), "", "");

        if (STEPS.contains("idle") && setting.idleCommands() > 0) {
            idleLag();
        }
        String timeTravelAudit = STEPS.contains("load1") ? load("1 client", 1, null, setting.oneClientCommands()) : null;
        if (STEPS.contains("load8")) {
            load("8 clients", 8, setting.eightClients(), 0);
        }
        if (STEPS.contains("timetravel") && timeTravelAudit != null && setting.timeTravelQueries() > 0) {
            timeTravel(timeTravelAudit);
        }
        for (int size : STEPS.contains("rebuilds") ? setting.storeSizes() : List.<Integer>of()) {
            bulkLoadUpTo(size);
            rebuilds(size);
        }
        report.add("resident memory, command side", memory(commandSide, command), "", "<= 512 MB at 1M events");
        report.add("resident memory, query side", memory(querySide, query), "", "<= 512 MB at 1M events");
        long events = storedEvents();
        long bytes = directorySize(dataDir);
        report.add("on disk per stored event, at once", "%,d B (%,d events, %,d MB)".formatted(bytes / events, events,
                bytes >> 20), "", "");
        long settling = System.nanoTime();
        boolean done = awaitIdleHousekeeping(Duration.ofMinutes(10));
        bytes = directorySize(dataDir);
        report.add("on disk per stored event, once the idle store is compacted", "%,d B (%,d MB, after %,d s idle%s)"
                .formatted(bytes / events, bytes >> 20, Math.round(seconds(System.nanoTime() - settling)),
                           done ? "" : ", not done"), "", "<= 2 KB at 1M events");
        report.add("resident memory, command side, once the idle store is compacted", memory(commandSide, command), "",
                "<= 512 MB at 1M events");
        report.print(setting, Duration.ofNanos(System.nanoTime() - started), loadAverage());
    }

    // ------------------------------------------------------------------ the reference

    /** The reference's inserts: how many in how many seconds of wall time. */
    private record Inserts(long count, double seconds) {
        double rate() {
            return count / seconds;
        }
    }

    private Inserts rawInserts(Duration duration) {
        MongoCollection<Document> raw = store.getDatabase("benchmark_raw").getCollection("raw");
        raw.drop();
        String filler = "x".repeat(380);
        long deadline = System.nanoTime() + duration.toNanos();
        long count = 0;
        long start = System.nanoTime();
        while (System.nanoTime() < deadline) {
            raw.insertOne(new Document("_id", count).append("stream", "RAW-" + count / 100 + "/" + count)
                    .append("payload", filler).append("at", new java.util.Date()));
            count++;
        }
        Inserts inserts = new Inserts(count, seconds(System.nanoTime() - start));
        raw.drop();
        return inserts;
    }

    // ------------------------------------------------------------------ commands and lag

    /** One command at a time on an idle system, each waited for on the query side before the next. */
    private void idleLag() throws InterruptedException {
        String audit = openScorableAudit("BENCH-IDLE");
        List<Long> lags = new ArrayList<>();
        LagWatcher watcher = PUSH ? new PushWatcher(List.of(audit)) : null;
        for (int i = 0; i < setting.idleCommands() + 2; i++) {
            long version = score(audit, i, new Latencies()).version();
            long acknowledged = System.nanoTime();
            long shown;
            if (watcher != null) {
                shown = watcher.awaitVersion(audit, version, Duration.ofSeconds(60));
            } else {
                while (scorecardVersion(audit) < version) {
                    sleepMillis(2);
                }
                shown = System.nanoTime();
            }
            if (i >= 2) { // the first ones warm up the code paths
                lags.add(Math.max(0, shown - acknowledged));
            }
            sleepMillis(200);
        }
        if (watcher != null) {
            watcher.stop();
            report.add("pushed version shown by a GET right after it, idle", watcher.checks(), "", "0 mismatches");
        }
        Collections.sort(lags);
        report.add("projection lag, single command, idle: p50 / p99",
                "%s / %s ms".formatted(ms(percentile(lags, 50)), ms(percentile(lags, 99))), "", "p99 <= 100 ms");
    }

    /**
     * {@code clients} threads, each scoring items of its own audit as fast as answers come, for {@code duration}
     * or for {@code commands} commands; a poller watches every audit's scorecard version for the lag.
     */
    private String load(String label, int clients, Duration duration, int commands) throws Exception {
        List<String> audits = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            audits.add(openScorableAudit("BENCH-" + label.charAt(0) + "-" + (i + 1)));
        }
        Map<String, Double> driverBefore = driverCommands();
        Map<String, Double> queryDriverBefore = driverCommands(query);
        Duration commandCpuBefore = commandSide.cpuTime();
        Duration queryCpuBefore = querySide.cpuTime();
        Latencies latencies = new Latencies();
        Map<String, List<long[]>> acknowledged = new ConcurrentHashMap<>();
        LagWatcher poller = PUSH ? new PushWatcher(audits) : new LagPoller(audits);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong done = new AtomicLong();
        long start = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (String audit : audits) {
            acknowledged.put(audit, new CopyOnWriteArrayList<>());
            running.add(pool.submit(() -> {
                int n = 0;
                while (!stop.get() && (commands == 0 || n < commands)) {
                    Scored scored = score(audit, n++, latencies);
                    acknowledged.get(audit).add(new long[] {scored.version(), System.nanoTime()});
                    done.incrementAndGet();
                }
                return null;
            }));
        }
        if (duration != null) {
            Thread.sleep(duration.toMillis());
            stop.set(true);
        }
        for (Future<?> future : running) {
            future.get();
        }
        double elapsed = seconds(System.nanoTime() - start);
        pool.shutdown();
        Duration commandCpu = commandSide.cpuTime().minus(commandCpuBefore);
        Duration queryCpu = querySide.cpuTime().minus(queryCpuBefore);
        poller.awaitCaughtUp(acknowledged, Duration.ofSeconds(120));
        poller.stop();
        Map<String, Double> driverAfter = driverCommands();
        Map<String, Double> queryDriverAfter = driverCommands(query);

        double rate = done.get() / elapsed;
        List<Long> lags = poller.lags(acknowledged);
        report.add("HTTP score commands/s, " + label, "%,.1f".formatted(rate), ratio(rate),
                clients == 8 ? ">= 20% of reference" : "");
        report.add("command latency, " + label + ": p50 / p99", "%s / %s ms".formatted(ms(latencies.percentile(50)),
                ms(latencies.percentile(99))), "", clients == 8 ? "p99 <= 50 ms" : "");
        report.add("projection lag, " + label + ": p50 / p99", "%s / %s ms".formatted(ms(percentile(lags, 50)),
                ms(percentile(lags, 99))), "", clients == 8 ? "p99 <= 250 ms" : "");
        report.add("store round trips per command, " + label, roundTrips(driverBefore, driverAfter, done.get()), "", "");
        // Until every command's version was pushed: the processors' reads and writes, the head watch's reads and the
        // checks' GETs, per command (since session 18).
        report.add("query side's store round trips per command, " + label,
                roundTrips(queryDriverBefore, queryDriverAfter, done.get()), "", "");
        // Taken over the phase's commands only (not the catch-up after), which is where the lag is measured.
        report.add("CPU per command, command side / query side, " + label, "%.1f / %.1f ms (%.0f%% / %.0f%% of one core)"
                .formatted(commandCpu.toNanos() / 1e6 / done.get(), queryCpu.toNanos() / 1e6 / done.get(),
                        100 * commandCpu.toNanos() / 1e9 / elapsed, 100 * queryCpu.toNanos() / 1e9 / elapsed), "", "");
        if (PUSH) {
            report.add("pushed version shown by a GET right after it, " + label, poller.checks(), "", "0 mismatches");
        }
        return audits.get(0);
    }

    static final java.io.PrintStream TRACE = traceFile();

    private static java.io.PrintStream traceFile() {
        String file = System.getProperty("benchmark.trace-file", "");
        try {
            return file.isEmpty() ? null : new java.io.PrintStream(new java.io.FileOutputStream(file), true);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private record Scored(long version) {
    }

    /** Scores one of the audit's first items; every command changes the score, so every one is an event. */
    private Scored score(String audit, int n, Latencies latencies) {
        List<String> clauses = List.of("5.1.1.1", "5.1.1.2", "5.1.1.3", "5.1.2.1", "5.1.2.2", "5.1.3.1", "5.2.1.1",
                "5.2.1.2");
        String clause = clauses.get(n % clauses.size());
        ObjectNode body = Http.JSON.createObjectNode();
        body.put("percent", 50 + n % 50);
        body.put("note", "现场审查记录 " + n);
        if (n >= clauses.size()) {
            body.put("reason", "复核 " + n);
        }
        long wall = System.currentTimeMillis();
        long start = System.nanoTime();
        Http.Answer answer = command.send("PUT", "/api/audits/" + audit + "/items/" + clause, LEADER, body);
        latencies.add(System.nanoTime() - start);
        if (TRACE != null) {
            synchronized (TRACE) {
                TRACE.println(wall + " " + (System.nanoTime() - start) / 1000 + " " + audit);
            }
        }
        return new Scored(answer.expect(200).path("version").asLong());
    }

    /** Opens an audit of a new project with the seed's organization, assigns the seed's leader, who signs. */
    private String openScorableAudit(String project) {
        ObjectNode opening = seed.get("audit").deepCopy();
        opening.put("projectNumber", project);
        String audit = command.send("POST", "/api/audits", ADMIN, opening).expect(201).path("auditId").asText();
        for (JsonNode member : seed.get("team")) {
            command.send("POST", "/api/audits/" + audit + "/team", ADMIN, member).expect(200, 201);
        }
        for (JsonNode pledge : seed.get("pledges")) {
            command.send("POST", "/api/audits/" + audit + "/pledges", LEADER, pledge).expect(200, 201);
        }
        return audit;
    }

    private long scorecardVersion(String audit) {
        Http.Answer answer = query.get("/api/audits/" + audit + "/scorecard", READER);
        return answer.status() == 200 ? answer.body().path("version").asLong(-1) : -1;
    }

    /**
     * Watches the scorecard version of each audit and remembers when each version was first seen: the
     * transitions {@code (version, System.nanoTime())} of each audit, in order.
     */
    private abstract static class LagWatcher {

        final List<String> audits;
        final Map<String, List<long[]>> seen = new ConcurrentHashMap<>();
        volatile boolean running = true;

        LagWatcher(List<String> audits) {
            this.audits = audits;
            audits.forEach(audit -> seen.put(audit, new CopyOnWriteArrayList<>()));
        }

        /** Records {@code version} of {@code audit} as seen at {@code now} if it is higher than any seen before. */
        void saw(String audit, long version, long now) {
            List<long[]> list = seen.get(audit);
            synchronized (list) {
                if (list.isEmpty() || list.get(list.size() - 1)[0] < version) {
                    list.add(new long[] {version, now});
                }
            }
        }

        /** Waits until {@code version} of {@code audit} was seen; answers when it was first seen (nanoTime). */
        long awaitVersion(String audit, long version, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (long[] transition : seen.get(audit)) {
                    if (transition[0] >= version) {
                        return transition[1];
                    }
                }
                sleepMillis(1);
            }
            throw new IllegalStateException("version " + version + " of " + audit + " not seen within " + timeout);
        }

        void awaitCaughtUp(Map<String, List<long[]>> acknowledged, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            for (String audit : audits) {
                long last = acknowledged.get(audit).stream().mapToLong(a -> a[0]).max().orElse(-1);
                while (highest(audit) < last && System.nanoTime() < deadline) {
                    sleepMillis(20);
                }
            }
        }

        private long highest(String audit) {
            List<long[]> list = seen.get(audit);
            return list.isEmpty() ? -1 : list.get(list.size() - 1)[0];
        }

        void stop() {
            running = false;
        }

        /** What the consistency checks found, for the report (push only). */
        String checks() {
            return "";
        }

        /** Per acknowledged command, from its answer to the first time its version was seen (never below 0). */
        List<Long> lags(Map<String, List<long[]>> acknowledged) {
            List<Long> lags = new ArrayList<>();
            acknowledged.forEach((audit, acks) -> {
                List<long[]> transitions = seen.get(audit);
                for (long[] ack : acks) {
                    transitions.stream().filter(t -> t[0] >= ack[0]).findFirst()
                            .ifPresent(t -> lags.add(Math.max(0, t[1] - ack[1])));
                }
            });
            Collections.sort(lags);
            return lags;
        }
    }

    /**
     * One Server-Sent Events stream per audit ({@code GET /api/audits/{id}/scorecard/updates}), each read on a thread of
     * its own: a version is seen when it is pushed. Once per audit and phase, at the first version pushed after the
     * stream's first, a {@code GET .../scorecard} is made at once (on another thread, so the stream's reading is not
     * held up) and must show that version or a later one; the report counts the checks and the mismatches.
     */
    private final class PushWatcher extends LagWatcher {

        private final List<Thread> readers = new ArrayList<>();
        private final List<Stream<String>> open = new CopyOnWriteArrayList<>();
        private final ExecutorService checker = Executors.newSingleThreadExecutor();
        private final AtomicLong checked = new AtomicLong();
        private final AtomicLong mismatches = new AtomicLong();
        private final List<String> mismatched = new CopyOnWriteArrayList<>();

        PushWatcher(List<String> audits) throws InterruptedException {
            super(audits);
            for (String audit : audits) {
                Thread reader = new Thread(() -> read(audit), "lag-push-" + audit);
                reader.setDaemon(true);
                reader.start();
                readers.add(reader);
            }
            // Measuring starts once every stream has given its audit's current version.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (audits.stream().anyMatch(audit -> seen.get(audit).isEmpty())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no scorecard version pushed within 60 s for " + audits);
                }
                Thread.sleep(5);
            }
        }

        private void read(String audit) {
            boolean checkNext = false;
            boolean first = true;
            while (running) {
                try (Stream<String> lines = query.eventStream("/api/audits/" + audit + "/scorecard/updates", READER)) {
                    open.add(lines);
                    for (String line : (Iterable<String>) lines::iterator) {
                        if (!running) {
                            break;
                        }
                        if (!line.startsWith("data:")) {
                            continue;
                        }
                        long now = System.nanoTime();
                        long version = Http.JSON.readTree(line.substring(5)).path("version").asLong();
                        saw(audit, version, now);
                        if (checkNext) {
                            checkNext = false;
                            checker.submit(() -> check(audit, version));
                        } else if (first) {
                            first = false;
                            checkNext = true;
                        }
                    }
                    open.remove(lines);
                } catch (Exception e) {
                    if (running) {
                        System.out.printf("scorecard updates of %s: %s; reconnecting%n", audit, e);
                        sleepMillis(100);
                    }
                }
            }
        }

        private void check(String audit, long pushed) {
            long shown = scorecardVersion(audit);
            checked.incrementAndGet();
            if (shown < pushed) {
                mismatches.incrementAndGet();
                mismatched.add(audit + ": pushed " + pushed + ", GET showed " + shown);
            }
        }

        @Override
        void stop() {
            super.stop();
            open.forEach(Stream::close);
            checker.shutdown();
            try {
                checker.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
                for (Thread reader : readers) {
                    reader.join(5_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (!mismatched.isEmpty()) {
                System.out.println("pushed versions a GET right after did not show: " + mismatched);
            }
        }

        @Override
        String checks() {
            return "%d checks, %d mismatches".formatted(checked.get(), mismatches.get());
        }
    }

    /** Polls the scorecard of every audit in turn, 5 ms between rounds (the lag figures of runs 1 to 5). */
    private final class LagPoller extends LagWatcher implements Runnable {

        private final Thread thread;

        LagPoller(List<String> audits) {
            super(audits);
            thread = new Thread(this, "lag-poller");
            thread.start();
        }

        @Override
        void stop() {
            super.stop();
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void run() {
            while (running) {
                for (String audit : audits) {
                    long version = scorecardVersion(audit);
                    saw(audit, version, System.nanoTime());
                }
                sleepMillis(5);
            }
        }
    }

    // ------------------------------------------------------------------ time travel

    /**
     * As many questions as are measured go first unmeasured: the query side's first time-travel questions after its
     * start load classes and run interpreted code (the first after a restart took 0.6 s, measured apart), which is
     * its start, not the latency a regulator sees. The first question's time and the warm-up's p99 are printed on a
     * line of their own.
     */
    private void timeTravel(String audit) {
        long head = scorecardVersion(audit);
        List<Long> warmUp = timeTravelQuestions(audit, head, setting.timeTravelQueries());
        List<Long> times = timeTravelQuestions(audit, head, setting.timeTravelQueries());
        List<Long> sortedWarmUp = warmUp.stream().sorted().toList();
        report.add("time-travel scorecard, first question after the start / p99 of the %d warming up"
                .formatted(warmUp.size()), "%s / %s ms".formatted(ms(warmUp.get(0)), ms(percentile(sortedWarmUp, 99))),
                "", "");
        Collections.sort(times);
        report.add("time-travel scorecard, project of %,d events: p50 / p99".formatted(head + 1),
                "%s / %s ms".formatted(ms(percentile(times, 50)), ms(percentile(times, 99))), "", "p99 <= 50 ms");
    }

    /** Times of {@code count} scorecards at random versions from 3 to {@code head}, in the order asked. */
    private List<Long> timeTravelQuestions(String audit, long head, int count) {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long version = ThreadLocalRandom.current().nextLong(3, head + 1);
            long start = System.nanoTime();
            query.get("/api/audits/" + audit + "/scorecard?atVersion=" + version, READER).expect(200);
            times.add(System.nanoTime() - start);
        }
        return times;
    }

    // ------------------------------------------------------------------ rebuilds

    private void bulkLoadUpTo(int events) throws Exception {
        long present = storedEvents();
        if (present >= events) {
            return;
        }
        long start = System.nanoTime();
        long added = new BulkLoader(store).load(events - present, present);
        System.out.printf("bulk-loaded %,d events in %.0f s%n", added, seconds(System.nanoTime() - start));
        // No waiting for the processors to take the loaded events in live: the rebuild of all six together, which
        // comes first, starts each of them from the beginning anyway (at 1M events the live catch-up
        // alone took longer than the whole 100k step). The transparency log, which no rebuild restarts, is waited
        // for: it takes in every bulk-loaded event once, which a body's events, coming over months, never ask of it
        // at once, and it took a tenth of the query side's CPU during the rebuild of them all when it was not.
        start = System.nanoTime();
        awaitLogged(storedEvents(), Duration.ofMinutes(120));
        report.add("transparency log taking in the bulk load after it, " + sizeLabel(events) + " events",
                "%.0f s".formatted(seconds(System.nanoTime() - start)), "", "");
    }

    /** Waits until the transparency log holds a leaf for each of {@code events} events. */
    private void awaitLogged(long events, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (store.getDatabase("certaudit").getCollection("ledger_leaves").estimatedDocumentCount() < events) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the transparency log did not take in " + events + " events in time");
            }
            sleepMillis(200);
        }
    }

    /** A store size as the report names it: 100k, 1M. */
    private static String sizeLabel(int size) {
        return size >= 1_000_000 ? "%dM".formatted(size / 1_000_000) : "%dk".formatted(size / 1000);
    }

    private void rebuilds(int size) {
        long events = storedEvents();
        String label = sizeLabel(size);
        // All six first: this also brings every processor up to the bulk-loaded head, so that each one
        // rebuilt alone afterwards has the store to itself.
        long start = System.nanoTime();
        Cpu cpu = new Cpu();
        for (String processor : PROCESSORS) {
            query.send("POST", "/api/admin/processors/" + processor + "/rebuild", ADMIN, null).expect(200, 202);
        }
        awaitRebuilt(PROCESSORS, Duration.ofMinutes(180));
        double together = events / seconds(System.nanoTime() - start);
        report.add("rebuild all six together, " + label + " events", "%,.0f events/s".formatted(together),
                ratio(together), ">= 2,000 events/s");
        report.add("CPU per event, command side / query side, all six together, " + label, cpu.perEvent(events), "", "");
        report.add("event batches the processors read from the store / read ahead / took shared, so far",
                processorBatches(), "", "");
        Map<String, Double> rates = new LinkedHashMap<>();
        for (String processor : PROCESSORS) {
            start = System.nanoTime();
            cpu = new Cpu();
            Map<String, Double> storeCommandsBefore = driverCommands(query);
            query.send("POST", "/api/admin/processors/" + processor + "/rebuild", ADMIN, null).expect(200, 202);
            awaitRebuilt(List.of(processor), Duration.ofMinutes(60));
            double rate = events / seconds(System.nanoTime() - start);
            Map<String, Double> storeCommandsAfter = driverCommands(query);
            rates.put(processor, rate);
            report.add("rebuild " + processor + ", " + label + " events", "%,.0f events/s".formatted(rate), ratio(rate),
                    ">= 5,000 events/s");
            report.add("CPU per event, command side / query side, " + processor + ", " + label, cpu.perEvent(events), "",
                    "");
            // Per 1,000 events; the head watch's reads and the status polls of this benchmark are among them.
            report.add("store commands of the query side per 1,000 events, " + processor + ", " + label,
                    roundTrips(storeCommandsBefore, storeCommandsAfter, Math.max(1, events / 1_000)), "", "");
        }
        report.perEventCost.put(size, rates.get("audit-scorecards"));
    }

    /**
     * The CPU time both sides use from now on: a figure that, unlike a rate, hardly depends on what else the
     * machine runs, and tells which side a rebuild's work is on.
     */
    private final class Cpu {
        private final Duration commandBefore = commandSide.cpuTime();
        private final Duration queryBefore = querySide.cpuTime();

        /** Microseconds of CPU per event on each side since this was made. */
        String perEvent(long events) {
            double command = commandSide.cpuTime().minus(commandBefore).toNanos() / 1_000.0 / events;
            double query = querySide.cpuTime().minus(queryBefore).toNanos() / 1_000.0 / events;
            return "%.0f / %.0f us".formatted(command, query);
        }
    }

    private void awaitRebuilt(List<String> processors, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        sleepMillis(200);
        for (String processor : processors) {
            while (true) {
                JsonNode status = query.get("/api/admin/processors/" + processor, ADMIN).expect(200);
                JsonNode rebuild = status.path("rebuild");
                if (status.path("error").asBoolean()) {
                    throw new IllegalStateException("processor " + processor + " failed: " + status);
                }
                if (!rebuild.isMissingNode() && !rebuild.path("finishedAt").isNull()
                        && !rebuild.path("finishedAt").isMissingNode() && status.path("positionsBehind").asLong() == 0) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("processor " + processor + " not rebuilt in time: " + status);
                }
                sleepMillis(100);
            }
        }
    }

    /** The query side's {@code certaudit_processors_batches_total}, by source. */
    private String processorBatches() {
        Map<String, String> counts = new java.util.TreeMap<>();
        for (String line : query.text("/actuator/prometheus", ADMIN).split("\n")) {
            if (line.startsWith("certaudit_processors_batches_total")) {
                int at = line.indexOf("source=\"");
                counts.put(line.substring(at + 8, line.indexOf('"', at + 8)), line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return "%s / %s / %s".formatted(counts.get("store"), counts.get("ahead"), counts.get("shared"));
    }

    /**
     * Resident memory of one side with what the JVM says it holds: heap and non-heap committed, and the direct
     * buffers in use (NIO's temporary buffers for file and socket I/O among them), from Micrometer's
     * {@code jvm_memory_committed_bytes} and {@code jvm_buffer_memory_used_bytes}.
     */
    private static String memory(Server server, Http side) {
        double heap = 0;
        double nonHeap = 0;
        double direct = 0;
        for (String line : side.text("/actuator/prometheus", ADMIN).split("\n")) {
            double value = line.startsWith("#") ? 0 : Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            if (line.startsWith("jvm_memory_committed_bytes{") && line.contains("area=\"heap\"")) {
                heap += value;
            } else if (line.startsWith("jvm_memory_committed_bytes{") && line.contains("area=\"nonheap\"")) {
                nonHeap += value;
            } else if (line.startsWith("jvm_buffer_memory_used_bytes{") && line.contains("id=\"direct\"")) {
                direct += value;
            }
        }
        return "%s (committed: heap %s, non-heap %s; direct buffers %s)".formatted(mb(server.residentBytes()),
                mb((long) heap), mb((long) nonHeap), mb((long) direct));
    }

    /** Events stored (abandoned-position markers included, of which a single writer leaves none). */
    private long storedEvents() {
        return store.getDatabase("certaudit").getCollection("events").estimatedDocumentCount();
    }

    // ------------------------------------------------------------------ driver metrics

    /** {@code mongodb_driver_commands_seconds_count} of the command side, summed per command name. */
    private Map<String, Double> driverCommands() {
        return driverCommands(command);
    }

    /** {@code mongodb_driver_commands_seconds_count} of one side, summed per command name. */
    private static Map<String, Double> driverCommands(Http side) {
        Map<String, Double> counts = new java.util.TreeMap<>();
        for (String line : side.text("/actuator/prometheus", ADMIN).split("\n")) {
            if (line.startsWith("mongodb_driver_commands_seconds_count")) {
                int at = line.indexOf("command=\"");
                String name = line.substring(at + 9, line.indexOf('"', at + 9));
                int c = line.indexOf("collection=\"");
                if (Boolean.getBoolean("benchmark.by-collection") && c >= 0) {
                    name = name + "/" + line.substring(c + 12, line.indexOf('"', c + 12));
                }
                counts.merge(name, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
            }
        }
        return counts;
    }

    private static String roundTrips(Map<String, Double> before, Map<String, Double> after, long commands) {
        StringBuilder text = new StringBuilder();
        after.forEach((name, count) -> {
            double per = (count - before.getOrDefault(name, 0.0)) / Math.max(1, commands);
            if (per >= 0.05) {
                text.append(text.isEmpty() ? "" : ", ").append("%s %.1f".formatted(name, per));
            }
        });
        return text.isEmpty() ? "(no driver metrics)" : text.toString();
    }

    // ------------------------------------------------------------------ processes

    private Server start(String name, String jar, Path logs, List<String> arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // The options run.sh starts this side with (its heap line for the side, then its DEFAULT_JAVA_OPTS line),
        // so that resident memory means what it means for a user; -Dbenchmark.jvm-options replaces both lines for
        // both sides (the pom passes it on, empty when not given).
        String options = System.getProperty("benchmark.jvm-options", "");
        if (options.isBlank()) {
            options = runScriptJvmOptions(name);
        }
        if (trimNativeHeapRefused(command.get(0))) {
            // As run.sh does: the option came with JDK 17.0.9, and an older JVM refuses to start with it.
            options = options.replace(" " + TRIM_NATIVE_HEAP, "");
        }
        command.addAll(List.of(options.split(" ")));
        String own = System.getProperty("benchmark." + name + "-options", "");
        if (!own.isBlank()) {
            command.addAll(List.of(own.split(" ")));
        }
        command.addAll(List.of("-jar", jar, "--server.port=" + freePort(), "--spring.profiles.active=local"));
        command.addAll(arguments);
        Server server = Server.start(name, command, logs);
        servers.add(server);
        return server;
    }

    private static final String TRIM_NATIVE_HEAP = "-XX:TrimNativeHeapInterval=5000";

    /** Whether {@code java} refused {@link #TRIM_NATIVE_HEAP}; probed once a run, as both sides start the same JVM. */
    private Boolean trimNativeHeapRefused;

    private boolean trimNativeHeapRefused(String java) {
        if (trimNativeHeapRefused == null) {
            trimNativeHeapRefused = !jvmAccepts(java, TRIM_NATIVE_HEAP);
        }
        return trimNativeHeapRefused;
    }

    /** Whether {@code java} starts with {@code option}. */
    private static boolean jvmAccepts(String java, String option) {
        try {
            Process probe = new ProcessBuilder(java, option, "-version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return probe.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The JVM options run.sh ({@code -Dbenchmark.run-script}) starts a side with: the value of its
     * {@code COMMAND_SIDE_JAVA_OPTS="..."} or {@code QUERY_SIDE_JAVA_OPTS="..."} line, then that of its
     * {@code DEFAULT_JAVA_OPTS="..."} line.
     *
     * @param side {@code command-side} or {@code query-side}
     * @throws IllegalStateException when the script lacks one of the two lines
     */
    static String runScriptJvmOptions(String side) {
        Path script = Path.of(System.getProperty("benchmark.run-script", "run.sh"));
        String sideVariable = side.toUpperCase(Locale.ROOT).replace('-', '_') + "_JAVA_OPTS";
        try {
            List<String> lines = Files.readAllLines(script);
            return scriptValue(script, lines, sideVariable) + " " + scriptValue(script, lines, "DEFAULT_JAVA_OPTS");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the JVM options of " + script, e);
        }
    }

    private static String scriptValue(Path script, List<String> lines, String variable) {
        String start = variable + "=\"";
        for (String line : lines) {
            if (line.startsWith(start) && line.endsWith("\"")) {
                return line.substring(start.length(), line.length() - 1);
            }
        }
        throw new IllegalStateException(script + " has no " + start + "...\" line");
    }

    private void stop() {
        if (store != null) {
            store.close();
        }
        for (int i = servers.size() - 1; i >= 0; i--) {
            servers.get(i).close();
        }
    }

    // ------------------------------------------------------------------ figures

    private String ratio(double rate) {
        return reference > 0 ? "%.1f%%".formatted(100 * rate / reference) : "";
    }

    /** Collected rows, printed as one table at the end. */
    private final class Report {
        private final List<String[]> rows = new ArrayList<>();
        private final Map<Integer, Double> perEventCost = new LinkedHashMap<>();

        void add(String figure, String value, String ratio, String target) {
            rows.add(new String[] {figure, value, ratio, target});
            System.out.printf("  %-62s %-30s %-8s %s%n", figure, value, ratio, target);
        }

        void print(Setting setting, Duration took, String load) {
            if (perEventCost.size() == 2) {
                List<Double> rates = new ArrayList<>(perEventCost.values());
                add("rebuild audit-scorecards, per-event cost large / small store", "%.2f".formatted(rates.get(0) / rates.get(1)),
                        "", "<= 1.5");
            }
            System.out.println();
            System.out.printf("## certaudit system benchmark (%s setting, %s, load average at the end %s)%n%n",
                    setting.name(), "%d min %d s".formatted(took.toMinutes(), took.toSecondsPart()), load);
            System.out.println("| figure | value | of reference | target |");
            System.out.println("|---|---:|---:|---|");
            for (String[] row : rows) {
                System.out.printf("| %s | %s | %s | %s |%n", (Object[]) row);
            }
        }
    }

    /** Latencies of commands, from several threads. */
    static final class Latencies {
        private final List<Long> values = Collections.synchronizedList(new ArrayList<>());

        void add(long nanos) {
            values.add(nanos);
        }

        long percentile(int p) {
            List<Long> sorted;
            synchronized (values) {
                sorted = new ArrayList<>(values);
            }
            sorted.sort(Comparator.naturalOrder());
            return SystemBenchmark.percentile(sorted, p);
        }
    }

    static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String ms(long nanos) {
        return nanos < 0 ? "n/a" : String.format(Locale.ROOT, "%,.0f", nanos / 1e6);
    }

    private static String mb(long bytes) {
        return "%,d MB".formatted(bytes >> 20);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** A free port: any, or the first free one of {@code benchmark.port-base..+99} when that is set. */
    static int freePort() {
        String base = System.getProperty("benchmark.port-base", "");
        if (base.isBlank()) {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (int port = Integer.parseInt(base.trim()); port < Integer.parseInt(base.trim()) + 100; port++) {
            if (TAKEN.add(port)) {
                try (ServerSocket socket = new ServerSocket(port)) {
                    return port;
                } catch (IOException e) {
                    // taken by someone else: try the next
                }
            }
        }
        throw new IllegalStateException("no free port in " + base + "..+99");
    }

    /** Ports handed out by this run, so that two processes not yet listening never get the same one. */
    private static final java.util.Set<Integer> TAKEN = ConcurrentHashMap.newKeySet();

    private static long directorySize(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }

    /**
     * Waits until the command side's gauge {@code certaudit_embedded_store_idle_housekeeping} reads 0: the embedded
     * store, idle, has compacted and moved chunks as far as it goes (event-store/README.md, "Compaction").
     *
     * @return false when it still read 1 after {@code atMost}
     */
    private boolean awaitIdleHousekeeping(Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : command.text("/actuator/prometheus", ADMIN).split("\n")) {
                // certaudit_embedded_store_idle_housekeeping{application="certaudit-command"} 0.0
                if ((line.startsWith("certaudit_embedded_store_idle_housekeeping{")
                     || line.startsWith("certaudit_embedded_store_idle_housekeeping ")) && line.endsWith(" 0.0")) {
                    return true;
                }
            }
            Thread.sleep(2_000);
        }
        return false;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    static void sleepMillis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
