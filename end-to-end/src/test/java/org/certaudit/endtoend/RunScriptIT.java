package org.certaudit.endtoend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.certaudit.demo.CertauditClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real {@code ./run.sh} from the repository root as a new user would (on free ports, with its
 * data in a temporary directory): {@code --demo} loads the seed audit, Ctrl-C (SIGINT to the script)
 * stops both sides and leaves no process behind, and the next start finds the data of the first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunScriptIT {

    /** Both sides one after the other, plus the demo load, on a loaded two-core machine. */
    private static final Duration RUNNING_TIMEOUT = Duration.ofSeconds(300);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
    private static final String RUNNING = "certaudit is running";
    private static final String SEED_AUDIT = "0455-2021-SE.1";
    private static final Path REPO_ROOT = Path.of(System.getProperty("certaudit.e2e.repo-root", ".."))
            .toAbsolutePath().normalize();
    private static final Path LOG_DIR = Path.of(System.getProperty("certaudit.e2e.log-dir", "target/e2e-logs"));

    /** One data directory for every start: static, so that each test method sees the same one. */
    @TempDir
    static Path dataDir;

    private final int commandPort = AppProcess.freePort();
    private final int queryPort = AppProcess.freePort();
    private final int storePort = AppProcess.freePort();
    private final List<RunScript> started = new ArrayList<>();
    private int auditsAfterDemo;

    @AfterAll
    void stopEverythingAndKeepTheLogs() throws IOException {
        started.forEach(RunScript::killTree);
        Path logs = dataDir.resolve("logs");
        if (Files.isDirectory(logs)) {
            Path target = Files.createDirectories(LOG_DIR.resolve("run-sh"));
            try (Stream<Path> files = Files.list(logs)) {
                for (Path file : files.toList()) {
                    Files.copy(file, target.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    @Test
    @Order(1)
    void demoStartLoadsTheSeedAuditAndSaysWhereToGo() {
        RunScript script = start("run-sh-demo", "--demo");

        script.awaitOutput(RUNNING, RUNNING_TIMEOUT);

        // The script prints the rest of its banner (the ledger key, the seed's links) after that line, with
        // separate writes: wait until all of it has arrived instead of reading the output once.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
            assertThat(script.output()).as(script.diagnostics())
                .doesNotContain("Building")
                .contains("Loading the seed audit 0455-2021-SE")
                .contains("demo: loaded project 0455-2021-SE")
                .contains("http://localhost:" + commandPort + "/swagger-ui.html")
                .contains("http://localhost:" + queryPort + "/swagger-ui.html")
                .contains("http://localhost:" + queryPort + "/api/audits/" + SEED_AUDIT + "/scorecard")
                .contains("http://localhost:" + queryPort + "/api/audits/" + SEED_AUDIT + "/report.pdf")
                .contains("Ledger public key").contains("-----BEGIN PUBLIC KEY-----")
                .contains("role METRICS")
                .contains("curl -u metrics:metrics-pass http://localhost:" + queryPort + "/actuator/prometheus")
                .contains("Certificate: http://localhost:" + queryPort + "/api/certificates/"));
        assertThat(seedReportPdf()).as("the seed report the script points to").startsWith("%PDF-");
        assertThat(fetch("/actuator/prometheus", "metrics", "metrics-pass"))
                .as("the metrics the script points to, with the credentials it prints").contains("# HELP");
        JsonNode scorecard = query().get("/api/audits/" + SEED_AUDIT + "/scorecard", "reviewer").expect(200);
        assertThat(scorecard.path("total").decimalValue()).isEqualByComparingTo("145.75");
        assertThat(scorecard.path("grade").asText()).isEqualTo("TEN_STAR");
        auditsAfterDemo = lineageAudits().size();
        assertThat(auditsAfterDemo).as("audits of the seed project (initial and surveillance)").isEqualTo(2);
    }

    /** The first bytes of the seed report's PDF, fetched as the demo reviewer. */
    private String seedReportPdf() {
        byte[] body = fetchBytes("/api/audits/" + SEED_AUDIT + "/report.pdf", "reviewer", CertauditClient.demoPassword("reviewer"));
        return new String(body, 0, Math.min(5, body.length), StandardCharsets.US_ASCII);
    }

    /** A text the query side answers with 200 to the given user. */
    private String fetch(String path, String user, String password) {
        return new String(fetchBytes(path, user, password), StandardCharsets.UTF_8);
    }

    private byte[] fetchBytes(String path, String user, String password) {
        try {
            HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://localhost:" + queryPort + path))
                            .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                                    (user + ":" + password).getBytes(StandardCharsets.UTF_8)))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(2)
    void ctrlCStopsBothSidesAndLeavesNoProcessBehind() throws InterruptedException {
        stopWithCtrlC(started.get(0));
    }

    @Test
    @Order(3)
    void startWithoutDemoFindsTheFirstRunsDataAndTheDemoLoaderThenSkips() throws IOException, InterruptedException {
        RunScript script = start("run-sh-restart");

        script.awaitOutput(RUNNING, RUNNING_TIMEOUT);

        assertThat(script.output()).as(script.diagnostics())
                .doesNotContain("Building")
                .doesNotContain("Loading the seed audit");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            CertauditClient.Response answer = query().get("/api/audits/" + SEED_AUDIT + "/scorecard", "reviewer");
            assertThat(answer.status()).as(answer.request() + " answered " + answer.body()).isEqualTo(200);
            JsonNode scorecard = answer.body();
            assertThat(scorecard.path("total").decimalValue()).isEqualByComparingTo("145.75");
            assertThat(scorecard.path("grade").asText()).isEqualTo("TEN_STAR");
        });

        // What a second `./run.sh --demo` runs once both sides are up: the demo jar, which must load nothing.
        String demo = runDemoLoader();
        assertThat(demo).contains("demo: project 0455-2021-SE already has audits: nothing loaded")
                .doesNotContain("opened");
        assertThat(lineageAudits()).hasSize(auditsAfterDemo);

        stopWithCtrlC(script);
    }

    /** Ctrl-C in the terminal: SIGINT to the script alone, which stops the query side, then the command side. */
    private void stopWithCtrlC(RunScript script) throws InterruptedException {
        List<ProcessHandle> children = script.children();
        assertThat(children).as("processes run.sh started: " + describe(children) + "\n" + script.diagnostics())
                .anyMatch(child -> commandLine(child).contains("command-side"))
                .anyMatch(child -> commandLine(child).contains("query-side"));

        script.sendSigint();

        assertThat(script.process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .as("run.sh ended within " + STOP_TIMEOUT.toSeconds() + " s of SIGINT\n" + script.diagnostics())
                .isTrue();
        assertThat(script.output()).as(script.diagnostics())
                .contains("Stopping the query side", "Stopping the command side")
                .doesNotContain("did not stop within");
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(children.stream().filter(ProcessHandle::isAlive))
                    .as("processes run.sh started that outlived it").isEmpty();
            assertThat(Stream.of(commandPort, queryPort, storePort).filter(RunScriptIT::listening))
                    .as("ports still listening after run.sh ended").isEmpty();
        });
    }

    private RunScript start(String name, String... arguments) {
        RunScript script = RunScript.start(name, List.of(arguments), Map.of(
                "COMMAND_SIDE_PORT", Integer.toString(commandPort),
                "QUERY_SIDE_PORT", Integer.toString(queryPort),
                "CERTAUDIT_EMBEDDED_PORT", Integer.toString(storePort),
                "CERTAUDIT_EMBEDDED_DATA_DIR", dataDir.toString(),
                // The reactor has just packaged the jars; with a pom newer than them run.sh would build again.
                "CERTAUDIT_SKIP_BUILD", "true"),
                dataDir.resolve("logs"));
        started.add(script);
        return script;
    }

    private String runDemoLoader() throws IOException, InterruptedException {
        Path output = Files.createDirectories(LOG_DIR).resolve("run-sh-demo-again.out");
        Process demo = new ProcessBuilder(java(), "-jar", EndToEndIT.jar("end-to-end").toString(),
                "--command-url=http://localhost:" + commandPort, "--query-url=http://localhost:" + queryPort)
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        try {
            assertThat(demo.waitFor(120, TimeUnit.SECONDS)).as("demo loader ended within 120 s").isTrue();
            String text = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(demo.exitValue()).as("demo loader exit status; it said:\n" + text).isZero();
            return text;
        } finally {
            demo.destroyForcibly();
        }
    }

    private CertauditClient query() {
        return CertauditClient.of("http://127.0.0.1:" + queryPort);
    }

    private JsonNode lineageAudits() {
        return query().get("/api/projects/0455-2021-SE/lineage", "regulator").expect(200).path("audits");
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }

    private static String commandLine(ProcessHandle process) {
        return process.info().commandLine().orElse("");
    }

    private static String describe(List<ProcessHandle> processes) {
        return processes.stream().map(p -> p.pid() + " " + commandLine(p)).toList().toString();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** {@code ./run.sh} as its own process, its output in {@code <log dir>/<name>.out}, always killed with all it started. */
    private static final class RunScript {

        private final Path output;
        private final Path appLogs;
        private final Process process;
        private final Thread reaper;
        /** Every process seen under the script: once it ends, whatever it left behind is no longer its descendant. */
        private final Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();

        private RunScript(Path output, Path appLogs, Process process) {
            this.output = output;
            this.appLogs = appLogs;
            this.process = process;
            this.reaper = new Thread(this::killTree, "reap-" + output.getFileName());
            Runtime.getRuntime().addShutdownHook(reaper);
        }

        static RunScript start(String name, List<String> arguments, Map<String, String> settings, Path appLogs) {
            List<String> command = new ArrayList<>();
            if (sigintIgnoredHere()) {
                // A build started in the background ignores SIGINT, and so would bash (a signal ignored on entry
                // cannot be trapped); a user's terminal delivers Ctrl-C, so give the script the default back.
                command.addAll(List.of("env", "--default-signal=INT"));
            }
            command.add(REPO_ROOT.resolve("run.sh").toString());
            command.addAll(arguments);
            try {
                Path output = Files.createDirectories(LOG_DIR).resolve(name + ".out");
                ProcessBuilder builder = new ProcessBuilder(command)
                        .directory(REPO_ROOT.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile());
                Map<String, String> environment = builder.environment();
                environment.keySet().removeIf(key -> key.startsWith("CERTAUDIT_") || key.startsWith("SPRING_"));
                environment.putAll(settings);
                environment.put("JAVA_HOME", System.getProperty("java.home"));
                // run.sh's own heap and collector (what a user gets); only the JIT is kept light for a small CI machine.
                environment.put("JAVA_OPTS", "-XX:TieredStopAtLevel=1");
                return new RunScript(output, appLogs, builder.start());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start run.sh", e);
            }
        }

        /** Waits for a line of the script's output; fails with its output and the logs' tails if it ends or time runs out. */
        void awaitOutput(String text, Duration timeout) {
            Instant deadline = Instant.now().plus(timeout);
            while (!output().contains(text)) {
                children();
                if (!process.isAlive()) {
                    throw new AssertionError("run.sh exited with status " + process.exitValue() + " before it said '"
                            + text + "'\n" + diagnostics());
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("run.sh did not say '" + text + "' within " + timeout.toSeconds() + " s\n"
                            + diagnostics());
                }
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting for run.sh", e);
                }
            }
        }

        /** The script's descendants now, remembered for {@link #killTree}. */
        List<ProcessHandle> children() {
            List<ProcessHandle> now = process.descendants().toList();
            seen.addAll(now);
            return now;
        }

        /** {@code kill -INT <pid>}: what Ctrl-C does to the script in the foreground. */
        void sendSigint() throws InterruptedException {
            try {
                Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid()))
                        .redirectErrorStream(true).start();
                String said = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(kill.waitFor()).as("kill -INT " + process.pid() + ": " + said).isZero();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot run kill", e);
            }
        }

        String output() {
            try {
                return Files.readString(output, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output " + output + " unreadable: " + e + ")";
            }
        }

        String diagnostics() {
            StringBuilder text = new StringBuilder("--- run.sh output (" + output + "):\n").append(output());
            for (String log : List.of("command-side.log", "query-side.log", "demo.log")) {
                text.append("\n--- end of ").append(log).append(":\n").append(tail(appLogs.resolve(log), 30));
            }
            return text.toString();
        }

        /** The whole tree, also what outlived the script, at once; descendants first, so that none is re-parented away. */
        void killTree() {
            List<ProcessHandle> tree = new ArrayList<>(children());
            seen.stream().filter(child -> !tree.contains(child)).forEach(tree::add);
            tree.add(process.toHandle());
            tree.forEach(ProcessHandle::destroyForcibly);
            for (ProcessHandle handle : tree) {
                try {
                    handle.onExit().get(10, TimeUnit.SECONDS);
                } catch (Exception stillGoingOrGone) {
                    // best effort: killed with SIGKILL already
                }
            }
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or about to
            }
        }

        private static String tail(Path file, int lines) {
            try {
                List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
                return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
            } catch (IOException | UncheckedIOException e) {
                return "(none: " + e.getMessage() + ")";
            }
        }

        /** Whether this JVM ignores SIGINT (Linux: bit 2 of SigIgn in /proc/self/status); elsewhere assumed not. */
        private static boolean sigintIgnoredHere() {
            try (Stream<String> status = Files.lines(Path.of("/proc/self/status"))) {
                return status.filter(line -> line.startsWith("SigIgn:"))
                        .map(line -> Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16))
                        .anyMatch(ignored -> (ignored & 0x2) != 0);
            } catch (IOException | UncheckedIOException | NumberFormatException e) {
                return false;
            }
        }
    }
}
