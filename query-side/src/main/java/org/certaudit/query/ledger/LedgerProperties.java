package org.certaudit.query.ledger;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code certaudit.ledger.*}: the transparency log.
 *
 * @param enabled        whether this process hosts the log; several query-side instances may, against one store, if they
 *                       sign with the same key (see {@link TransparencyLog})
 * @param signingKey     the Ed25519 private key as PKCS #8 PEM text ({@code openssl genpkey -algorithm ed25519})
 * @param signingKeyFile a file holding that PEM instead
 * @param keyDir         where a key is generated on first start when neither is set (with a warning), as
 *                       {@code ledger-signing-key.pem} and {@code ledger-public-key.pem}
 * @param signEvery      sign a tree head once this many events were logged since the last one
 * @param signInterval   and at the latest this long after the last one when anything was logged since
 * @param followInterval how often the log looks for new events
 * @param batchSize      events read per look
 */
@ConfigurationProperties("certaudit.ledger")
public record LedgerProperties(@DefaultValue("true") boolean enabled,
                               String signingKey,
                               Path signingKeyFile,
                               @DefaultValue("./data") Path keyDir,
                               @DefaultValue("100") int signEvery,
                               @DefaultValue("10s") Duration signInterval,
                               @DefaultValue("1s") Duration followInterval,
                               @DefaultValue("500") int batchSize) {

    public LedgerProperties {
        if (signEvery < 1) {
            throw new IllegalArgumentException("certaudit.ledger.sign-every must be at least 1, was " + signEvery);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("certaudit.ledger.batch-size must be at least 1, was " + batchSize);
        }
    }
}
