package org.certaudit.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code java -jar query-side.jar} pointed at a MongoDB that is not there stops at once with one
 * clear description of what is wrong and what to set, not a stack trace.
 */
class UnreachableStoreIT {

    @Test
    void querySideWithoutItsStoreStopsWithOneClearMessageAndNoStackTrace() throws IOException, InterruptedException {
        int nobodyListens = AppProcess.freePort();
        Path logDir = Path.of(System.getProperty("certaudit.e2e.log-dir", "target/e2e-logs"));
        try (AppProcess querySide = AppProcess.start("query-side-unreachable-store", EndToEndIT.jar("query-side"),
                logDir, AppProcess.freePort(), List.of(
                        "--certaudit.embedded.enabled=false",
                        "--certaudit.mongodb.uri=mongodb://127.0.0.1:" + nobodyListens + "/?serverSelectionTimeoutMS=2000"))) {

            assertThat(querySide.waitForExit(60, TimeUnit.SECONDS)).as("exit status").isNotEqualTo(0);

            String log = Files.readString(logDir.resolve("query-side-unreachable-store.log"));
            assertThat(log).contains("APPLICATION FAILED TO START")
                    .contains("MongoDB at 127.0.0.1:" + nobodyListens + "/certaudit is unreachable")
                    .contains("certaudit.mongodb.uri");
            assertThat(log.lines().filter(line -> line.startsWith("\tat "))).as("stack trace lines").isEmpty();
        }
    }
}
