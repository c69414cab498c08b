package org.certaudit.eventstore;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code certaudit.mongodb.*}: where the store is.
 *
 * @param uri      a MongoDB connection string; when set it is used and nothing embedded starts
 * @param database the database holding {@code events}, {@code snapshots}, {@code tokens} and the read models
 */
@ConfigurationProperties("certaudit.mongodb")
public record EventStoreProperties(String uri, @DefaultValue("certaudit") String database) {

    public boolean hasUri() {
        return uri != null && !uri.isBlank();
    }
}
