package org.certaudit.endtoend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One application jar running as its own operating-system process, as a user starts it with
 * {@code java -jar}: output goes to a log file, health is polled over HTTP, and it is stopped with
 * SIGTERM (or killed with SIGKILL) and always reaped, also when the test JVM exits early.
 */
final class AppProcess implements AutoCloseable {

    private static final List<String> JVM_OPTIONS = List.of(
            "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

    private final String name;
    private final Path log;
    private final int port;
    private final Process process;
    private final Thread reaper;
    private volatile boolean paused;

    private AppProcess(String name, Path log, int port, Process process) {
        this.name = name;
        this.log = log;
        this.port = port;
        this.process = process;
        this.reaper = new Thread(process::destroyForcibly, "reap-" + name);
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Starts {@code java -jar jar --server.port=<port> arguments...}, logging to {@code <logDir>/<name>.log}. */
    static AppProcess start(String name, Path jar, Path logDir, int port, List<String> arguments) {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(name + " jar " + jar + " is missing: package the reactor first");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.port=" + port);
        command.addAll(arguments);
        try {
            Files.createDirectories(logDir);
            Path log = logDir.resolve(name + ".log");
            Files.writeString(log, String.join(" ", command) + System.lineSeparator());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().put("AXONIQ_UPDATE_CHECKER_DISABLED", "true");
            builder.environment().keySet().removeIf(key -> key.startsWith("CERTAUDIT_"));
            return new AppProcess(name, log, port, builder.start());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name, e);
        }
    }

    /**
     * A free loopback port: any the system gives, or with {@code -Dcertaudit.e2e.ports=19150-19199} the next free one
     * in that range (for machines where each user of the tests keeps to a range of ports).
     */
    static int freePort() {
        String range = System.getProperty("certaudit.e2e.ports");
        if (range != null && !range.isBlank()) {
            String[] bounds = range.strip().split("-");
            int low = Integer.parseInt(bounds[0]);
            int high = Integer.parseInt(bounds[1]);
            for (int tried = 0; tried <= high - low; tried++) {
                int port = low + Math.floorMod(NEXT_PORT.getAndIncrement(), high - low + 1);
                try (ServerSocket socket = new ServerSocket(port)) {
                    socket.setReuseAddress(true);
                    return port;
                } catch (IOException taken) {
                    // the next one
                }
            }
            throw new IllegalStateException("no free port in certaudit.e2e.ports=" + range);
        }
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    private static final java.util.concurrent.atomic.AtomicInteger NEXT_PORT = new java.util.concurrent.atomic.AtomicInteger();

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Waits until {@code /actuator/health} answers UP; fails with the log's tail if the process ends or time runs out. */
    AppProcess awaitHealthy(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                .timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(timeout);
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with status " + process.exitValue()
                        + " before it was healthy; log " + log + " ends:\n" + logTail(40));
            }
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                last = response.statusCode() + " " + response.body();
                if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
                    return this;
                }
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            sleepAWhile();
        }
        throw new IllegalStateException(name + " not healthy within " + timeout.toSeconds() + " s (last: " + last
                + "); log " + log + " ends:\n" + logTail(40));
    }

    /** The exit status once the process has ended by itself; fails if it still runs after the timeout. */
    int waitForExit(long timeout, TimeUnit unit) throws InterruptedException {
        if (!process.waitFor(timeout, unit)) {
            throw new IllegalStateException(name + " still runs after " + unit.toSeconds(timeout) + " s; log " + log
                    + " ends:\n" + logTail(40));
        }
        return process.exitValue();
    }

    /**
     * {@code kill -STOP}: the process stops where it is and answers nothing, while the kernel still accepts connections
     * to its ports and takes in what is sent on them. Undone by {@link #resume()}; {@link #close()} resumes it first.
     */
    void pause() {
        signal("-STOP");
        paused = true;
    }

    /** {@code kill -CONT}: a paused process runs on. */
    void resume() {
        signal("-CONT");
        paused = false;
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).redirectErrorStream(true).start();
            String said = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill " + signal + " " + process.pid() + " failed: " + said);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot signal " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + name, e);
        }
    }

    /** {@code kill -9}: no shutdown hook of the application runs. */
    void kill() {
        process.destroyForcibly();
        reap(Duration.ofSeconds(30));
    }

    /** SIGTERM, as Ctrl-C in {@code run.sh} does; SIGKILL if it has not stopped within 30 s. */
    @Override
    public void close() {
        if (paused && process.isAlive()) {
            resume(); // a stopped process would take SIGTERM only once continued
        }
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        reap(Duration.ofSeconds(30));
    }

    String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private void reap(Duration timeout) {
        try {
            process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it only kills what is already gone
        }
    }

    private static void sleepAWhile() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
