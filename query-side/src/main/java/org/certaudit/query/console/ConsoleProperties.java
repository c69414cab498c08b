package org.certaudit.query.console;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code certaudit.console.*}: where the console sends the changes its users make.
 *
 * @param commandSideUrl the command side's base URL as this server reaches it (not the browser):
 *                       {@code http://localhost:8081} unless set
 */
@ConfigurationProperties("certaudit.console")
public record ConsoleProperties(@DefaultValue("http://localhost:8081") URI commandSideUrl) {
}
