package org.certaudit.command;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The command side: audit commands over HTTP, appended as events to the event store. */
@SpringBootApplication
public class CommandSideApplication {

    static final String UPDATE_CHECKER_DISABLED = "axoniq.update-checker.disabled";

    public static void main(String[] args) {
        keepAxonUpdateCheckerOff();
        SpringApplication.run(CommandSideApplication.class, args);
    }

    /**
     * Nothing may leave this machine, and Axon's update checker reads its switch only as a JVM
     * property or environment variable, never from application.yml: turn it off here unless the
     * operator decided otherwise with {@code -Daxoniq.update-checker.disabled=false}.
     */
    static void keepAxonUpdateCheckerOff() {
        if (System.getProperty(UPDATE_CHECKER_DISABLED) == null) {
            System.setProperty(UPDATE_CHECKER_DISABLED, "true");
        }
    }
}
