package org.certaudit.eventstore;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;

/**
 * {@code certaudit.embedded.*}: the embedded store used when no {@code certaudit.mongodb.uri} is set.
 *
 * @param enabled  start mongo-java-server here; when false and no URI is set, connect to 127.0.0.1:{@code port}
 * @param port     the loopback port it listens on (0 = a free one)
 * @param dataDir  the directory of its H2 file
 * @param inMemory keep nothing on disk (tests)
 */
@ConfigurationProperties("certaudit.embedded")
public record EmbeddedStoreProperties(@DefaultValue("true") boolean enabled,
                                      @DefaultValue("27717") int port,
                                      @DefaultValue("./data") Path dataDir,
                                      @DefaultValue("false") boolean inMemory) {
}
