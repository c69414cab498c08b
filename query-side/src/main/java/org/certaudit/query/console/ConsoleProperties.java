package org.certaudit.query.console;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code certaudit.console.*}: where the console sends the changes its users make.
 *
 * @param commandSideUrl     the command side's base URL as this server reaches it (not the browser):
 *                           {@code http://localhost:8081} unless set
 * @param commandSideTimeout how long the relay waits for the command side's answer to a change, sent and answered
 *                           (a {@code Duration}, {@code 30s} unless set; positive)
 */
@ConfigurationProperties("certaudit.console")
public record ConsoleProperties(@DefaultValue("http://localhost:8081") URI commandSideUrl,
                                @DefaultValue("30s") Duration commandSideTimeout) {

    public ConsoleProperties {
        if (commandSideTimeout.isNegative() || commandSideTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "certaudit.console.command-side-timeout must be positive, was " + commandSideTimeout);
        }
    }
}
