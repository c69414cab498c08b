package org.certaudit.eventstore;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Makes Jackson the default serializer for events, messages and tokens, with the lowest precedence
 * so that an application can still choose otherwise: stored events are then JSON that upcasters can
 * rewrite, instead of Axon's XStream XML. Also keeps Axon's update checker off and quiets the MongoDB
 * driver's connection-attempt logging.
 */
public class EventStoreDefaults implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "certauditEventStoreDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, Map.of(
                "axon.serializer.general", "jackson",
                "axon.serializer.events", "jackson",
                "axon.serializer.messages", "jackson",
                // Nothing may reach outside this machine. Axon's update checker reads this Spring property
                // (or the AXONIQ_UPDATE_CHECKER_DISABLED variable); "axoniq.update-checker.disabled" in an
                // application.yml is not seen by it.
                "axon.update-check.disabled", "true",
                // The driver logs each failed connection attempt with a stack trace at INFO; a store that
                // cannot be reached is reported once, by EventStoreFailureAnalyzer or the health indicator.
                "logging.level.org.mongodb.driver.cluster", "WARN")));
    }
}
