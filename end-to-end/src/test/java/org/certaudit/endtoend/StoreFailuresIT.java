package org.certaudit.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application started with {@code java -jar} whose store cannot be had stops at once, with one
 * clear description of what is wrong and what to set, and no stack trace; one whose store stops answering while it
 * runs answers 503 {@code store-unavailable} within its store timeouts, never hanging.
 */
class StoreFailuresIT {

    private static final Path LOG_DIR = Path.of(System.getProperty("certaudit.e2e.log-dir", "target/e2e-logs"));
    private static final Duration STARTUP = Duration.ofSeconds(120);

    @TempDir
    Path dataDir;

    @Test
    void querySideWithoutItsStoreStopsWithOneClearMessage() throws IOException, InterruptedException {
        int nobodyListens = AppProcess.freePort();

        String log = runUntilExit("query-side-unreachable-store", "query-side", List.of(
                "--certaudit.embedded.enabled=false",
                "--certaudit.mongodb.uri=mongodb://127.0.0.1:" + nobodyListens + "/?serverSelectionTimeoutMS=2000"));

        assertThat(log).contains("APPLICATION FAILED TO START")
                .contains("MongoDB at 127.0.0.1:" + nobodyListens + "/certaudit is unreachable")
                .contains("certaudit.mongodb.uri");
        assertThat(log.lines().filter(line -> line.startsWith("\tat "))).as("stack trace lines").isEmpty();
    }

    @Test
    void commandSideWhoseEmbeddedStorePortIsTakenStopsWithOneClearMessage() throws IOException, InterruptedException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {

            String log = runUntilExit("command-side-port-taken", "command-side", List.of(
                    "--certaudit.embedded.enabled=true",
                    "--certaudit.embedded.port=" + taken.getLocalPort(),
                    "--certaudit.embedded.data-dir=" + dataDir));

            assertThat(log).contains("APPLICATION FAILED TO START")
                    .contains("cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .contains("certaudit.embedded.port");
            assertThat(log.lines().filter(line -> line.startsWith("\tat "))).as("stack trace lines").isEmpty();
        }
    }

    @Test
    void querySideAnswers503WithinItsTimeoutsWhileTheCommandSideHostingTheStoreIsPaused() throws Exception {
        int storePort = AppProcess.freePort();
        try (AppProcess commandSide = AppProcess.start("command-side-paused", EndToEndIT.jar("command-side"), LOG_DIR,
                AppProcess.freePort(), List.of(
                        "--spring.profiles.active=local",
                        "--certaudit.embedded.enabled=true",
                        "--certaudit.embedded.port=" + storePort,
                        "--certaudit.embedded.data-dir=" + dataDir))) {
            commandSide.awaitHealthy(STARTUP);
            try (AppProcess querySide = AppProcess.start("query-side-store-paused", EndToEndIT.jar("query-side"), LOG_DIR,
                    AppProcess.freePort(), List.of(
                            "--spring.profiles.active=local",
                            "--certaudit.embedded.enabled=false",
                            "--certaudit.mongodb.uri=mongodb://127.0.0.1:" + storePort,
                            "--certaudit.mongodb.read-timeout=2s",
                            "--certaudit.mongodb.connect-timeout=3s",
                            "--certaudit.mongodb.server-selection-timeout=3s",
                            "--certaudit.ledger.key-dir=" + dataDir))) {
                querySide.awaitHealthy(STARTUP);
                String audit = querySide.baseUrl() + "/api/audits/7393-2031-SE.1";
                assertThat(read(audit).statusCode()).as("the audit read while the store answers").isEqualTo(404);

                commandSide.pause();
                try {
                    long started = System.nanoTime();
                    HttpResponse<String> paused = read(audit);
                    Duration took = Duration.ofNanos(System.nanoTime() - started);

                    assertThat(paused.statusCode()).isEqualTo(503);
                    assertThat(paused.headers().firstValue("Retry-After")).hasValue("1");
                    assertThat(paused.body()).contains("\"type\":\"urn:certaudit:problem:store-unavailable\"");
                    // The read timeout, or the server selection timeout once the driver took the store for down.
                    assertThat(took).as("time to the 503").isLessThan(Duration.ofSeconds(15));
                } finally {
                    commandSide.resume();
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                int status;
                while ((status = read(audit).statusCode()) == 503 && System.nanoTime() < deadline) {
                    Thread.sleep(250);
                }
                assertThat(status).as("the audit read once the store runs on").isEqualTo(404);
            }
        }
    }

    /** GET as the demo reviewer; a read that hangs fails after 60 s instead of holding the build. */
    private static HttpResponse<String> read(String url) throws IOException, InterruptedException {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build().send(
                HttpRequest.newBuilder(URI.create(url))
                           .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                                   "reviewer:reviewer-pass".getBytes(StandardCharsets.UTF_8)))
                           .header("Accept", "application/json")
                           .timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** Starts the jar, expects it to end by itself with a failure status, and answers its log. */
    private static String runUntilExit(String name, String module, List<String> arguments)
            throws IOException, InterruptedException {
        try (AppProcess app = AppProcess.start(name, EndToEndIT.jar(module), LOG_DIR, AppProcess.freePort(), arguments)) {
            assertThat(app.waitForExit(90, TimeUnit.SECONDS)).as("exit status").isNotEqualTo(0);
        }
        return Files.readString(LOG_DIR.resolve(name + ".log"));
    }
}
