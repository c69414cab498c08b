package org.certaudit.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application started with {@code java -jar} whose store cannot be had stops at once, with one
 * clear description of what is wrong and what to set, and no stack trace.
 */
class StoreFailuresIT {

    private static final Path LOG_DIR = Path.of(System.getProperty("certaudit.e2e.log-dir", "target/e2e-logs"));

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

    /** Starts the jar, expects it to end by itself with a failure status, and answers its log. */
    private static String runUntilExit(String name, String module, List<String> arguments)
            throws IOException, InterruptedException {
        try (AppProcess app = AppProcess.start(name, EndToEndIT.jar(module), LOG_DIR, AppProcess.freePort(), arguments)) {
            assertThat(app.waitForExit(90, TimeUnit.SECONDS)).as("exit status").isNotEqualTo(0);
        }
        return Files.readString(LOG_DIR.resolve(name + ".log"));
    }
}
